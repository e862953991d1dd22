/**
 * Checks that a function's execution role exists in the IAM module's state. Lambda itself answers
 * InvalidParameterValueException "The role defined for the function cannot be assumed by Lambda." when
 * it cannot assume the role, and the Terraform provider retries exactly that message while IAM
 * propagates, so we use the same words.
 *
 * The IAM module owns its state shape (`{ accounts: { [id]: { roles: { [lower-cased name]: { roleName,
 * arn, … } } } } }` today); we read it defensively and refuse only when we positively know the account's
 * roles and the role is not among them. An account IAM has never touched has no roles. When the shape
 * is not recognised (or IAM is not mounted) the check is skipped rather than guessed.
 */
import { AwsError, type ServiceRegistry } from '../../types';
import { getOwn } from '../../core/own';
import { validateRole } from './config';

const cannotAssume = () =>
  new AwsError('InvalidParameterValueException', 'The role defined for the function cannot be assumed by Lambda.', 400);

type RoleTable = Record<string, unknown> | Map<string, unknown> | unknown[];

/** Finds the account's role table in the IAM state, trying the shapes a per-account store would use. */
function rolesOfAccount(iamState: unknown, accountId: string): RoleTable | null | undefined {
  if (!iamState || typeof iamState !== 'object') return undefined;
  const accounts = (iamState as { readonly accounts?: unknown }).accounts;
  if (!accounts || typeof accounts !== 'object') return undefined;
  const account = getOwn(accounts as Readonly<Record<string, unknown>>, accountId);
  if (account === undefined) return {};
  if (!account) return undefined;
  const roles = (account as { readonly roles?: unknown }).roles;
  // typeof null is 'object': a null table comes back as null, which the caller treats as unrecognised.
  return typeof roles === 'object' ? (roles as RoleTable | null) : undefined;
}

function tableHasRole(roles: RoleTable, roleName: string, roleArn: string): boolean {
  const entries: unknown[] = roles instanceof Map ? [...roles.entries()] : Array.isArray(roles) ? roles : Object.entries(roles);
  return entries.some((entry) => {
    const [key, role]: readonly unknown[] = Array.isArray(entry) && entry.length === 2 ? (entry as unknown[]) : [undefined, entry];
    // IAM role names are unique case-insensitively, and the IAM module keys them lower-cased.
    if (typeof key === 'string' && key.toLowerCase() === roleName.toLowerCase()) return true;
    const r = role as Record<string, unknown> | undefined;
    return !!r && (r.RoleName === roleName || r.roleName === roleName || r.Arn === roleArn || r.arn === roleArn);
  });
}

/**
 * Throws when the role is known not to exist.
 * @returns 'checked' when the IAM state was consulted, 'skipped' when its shape was not recognised.
 */
export function assertExecutionRoleExists(services: ServiceRegistry | undefined, roleArn: string): 'checked' | 'skipped' {
  // First the API's own pattern (ValidationException wording), then the shape of a real role ARN: Lambda's
  // pattern lets through `…:rolefoo`, `…:role/` or an empty partition, which name no role and so cannot be
  // assumed. Only an unreadable IAM state may skip the check, never an odd ARN.
  validateRole(roleArn);
  const m = /^arn:aws[a-zA-Z-]*:iam::(\d{12}):role\/(?:[^/]+\/)*([\w+=,.@-]{1,64})$/.exec(roleArn);
  if (!m) throw cannotAssume();
  if (!services) return 'skipped';
  let iamState: unknown;
  try {
    iamState = services.stateOf('iam');
  } catch {
    return 'skipped';
  }
  const roles = rolesOfAccount(iamState, m[1]);
  if (!roles) return 'skipped';
  if (!tableHasRole(roles, m[2], roleArn)) throw cannotAssume();
  return 'checked';
}
