/**
 * Why this exists: STS reads the IAM module's state for a role's id and MaxSessionDuration. It reads the
 * shape structurally (accounts → roles by lower-cased name) instead of importing the IAM module's types,
 * so STS keeps working, leniently, whatever state the IAM module holds.
 */
import type { ServiceRegistry } from '../../types';
import { getOwn } from '../../core/own';
import { recordRoleUse } from '../iam/roles';

export interface RoleFacts {
  readonly roleId: string;
  readonly maxSessionDuration: number;
  /** The trust policy as IAM stores it (JSON text); AssumeRoleWithWebIdentity evaluates it. @default - none recorded */
  readonly trustPolicy?: string;
}

/** What STS expects to find in the IAM state; every level may be missing or of another type. */
interface IamStateShape {
  readonly accounts?: Readonly<Record<string, IamAccountShape | undefined>>;
}
interface IamAccountShape {
  readonly roles?: unknown;
}
interface IamRoleShape {
  readonly roleId?: unknown;
  readonly maxSessionDuration?: unknown;
  readonly assumeRolePolicyDocument?: unknown;
}

/** The IAM state as STS reads it; undefined when IAM is not mounted or its registry cannot be read. */
function iamState(services: ServiceRegistry): IamStateShape | null | undefined {
  try {
    return services.stateOf<IamStateShape | null | undefined>('iam');
  } catch {
    return undefined;
  }
}

export function findIamRole(services: ServiceRegistry, accountId: string, roleName: string): RoleFacts | undefined {
  const roles = getOwn(iamState(services)?.accounts, accountId)?.roles as Readonly<Record<string, IamRoleShape | undefined>> | undefined;
  const role = getOwn(roles, roleName.toLowerCase());
  if (!role || typeof role.roleId !== 'string') return undefined;
  return {
    roleId: role.roleId,
    maxSessionDuration: typeof role.maxSessionDuration === 'number' ? role.maxSessionDuration : 3600,
    ...(typeof role.assumeRolePolicyDocument === 'string' ? { trustPolicy: role.assumeRolePolicyDocument } : {}),
  };
}

/**
 * IAM's RoleLastUsed (date and region) follows issued credentials. Only an account IAM already holds is
 * touched: assuming a role that IAM does not know must not create an account in IAM's state.
 */
export function recordIamRoleUse(services: ServiceRegistry, accountId: string, roleName: string, region: string, when: Date): void {
  const account = getOwn(iamState(services)?.accounts, accountId);
  if (account && typeof account.roles === 'object' && account.roles !== null) {
    recordRoleUse(account as Parameters<typeof recordRoleUse>[0], roleName, region, when);
  }
}
