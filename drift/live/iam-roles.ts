/**
 * Reads IAM roles two ways and returns the same LiveRole shape from both:
 *
 *  - per role (few roles): GetRole + ListAttachedRolePolicies + ListRolePolicies + GetRolePolicy each,
 *    i.e. 3 + (inline policies) calls per role;
 *  - bulk (many roles): GetAccountAuthorizationDetails (Filter=Role) pages over every role in the account
 *    with attachments, inline documents, tags and boundary in one go. It omits Description and
 *    MaxSessionDuration; we take those from ListRoles, which returns both for every role at up to 1,000
 *    roles a page. That costs ⌈roles in account / 1000⌉ calls, against one GetRole per expected role, so
 *    ListRoles is the cheaper fill-in whenever the bulk strategy is chosen at all (more than ~10 roles).
 */
import {
  GetRoleCommand,
  GetRolePolicyCommand,
  paginateGetAccountAuthorizationDetails,
  paginateListAttachedRolePolicies,
  paginateListRolePolicies,
  paginateListRoles,
  type IAMClient,
  type ManagedPolicyDetail,
  type Role,
  type RoleDetail,
  type Tag,
} from '@aws-sdk/client-iam';
import type { LiveRole, ReadError } from '../model';
import { isNotFound, readError, resourceLabel } from '../aws/sdk-errors';
import { mapLimited, type Limiter } from '../aws/limiter';

export interface RoleReadResult {
  readonly roles: Map<string, LiveRole | 'missing'>;
  readonly errors: ReadError[];
}

function tagsOf(tags: readonly Tag[] | undefined): Record<string, string> {
  return Object.fromEntries((tags ?? []).map((t) => [t.Key ?? '', t.Value ?? '']));
}

function isoDate(d: Date | string | undefined): string | undefined {
  if (d === undefined) return undefined;
  return d instanceof Date ? d.toISOString() : String(d);
}

/** Thrown inside a role read to tell the caller which call failed. */
class StepError extends Error {
  constructor(
    readonly operation: string,
    readonly cause: unknown,
  ) {
    super(operation);
  }
}

async function step<T>(operation: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    throw new StepError(operation, err);
  }
}

async function readOneRole(iam: IAMClient, name: string): Promise<LiveRole | 'missing'> {
  const got = await step('GetRole', () => iam.send(new GetRoleCommand({ RoleName: name })));
  const role = got.Role as Role;

  const attachedPolicyArns: string[] = [];
  await step('ListAttachedRolePolicies', async () => {
    for await (const page of paginateListAttachedRolePolicies({ client: iam }, { RoleName: name })) {
      for (const p of page.AttachedPolicies ?? []) if (p.PolicyArn) attachedPolicyArns.push(p.PolicyArn);
    }
  });

  const inlineNames: string[] = [];
  await step('ListRolePolicies', async () => {
    for await (const page of paginateListRolePolicies({ client: iam }, { RoleName: name })) {
      inlineNames.push(...(page.PolicyNames ?? []));
    }
  });

  const inlinePolicies: Record<string, string> = {};
  let vanished = false;
  for (const policyName of inlineNames) {
    try {
      const doc = await iam.send(new GetRolePolicyCommand({ RoleName: name, PolicyName: policyName }));
      inlinePolicies[policyName] = doc.PolicyDocument ?? '';
    } catch (err) {
      // Deleted between the list and the get: the policy, or the whole role (IAM says NoSuchEntity for both).
      if (!isNotFound(err)) throw new StepError(`GetRolePolicy ${policyName}`, err);
      vanished = true;
    }
  }
  // A role deleted during its read must read as deleted, not as "its inline policies were removed".
  if (vanished) await step('GetRole', () => iam.send(new GetRoleCommand({ RoleName: name })));

  return {
    name: role.RoleName ?? name,
    arn: role.Arn ?? '',
    roleId: role.RoleId ?? '',
    path: role.Path ?? '/',
    createDate: isoDate(role.CreateDate),
    assumeRolePolicyDocument: role.AssumeRolePolicyDocument ?? '',
    description: role.Description,
    maxSessionDuration: role.MaxSessionDuration,
    permissionsBoundaryArn: role.PermissionsBoundary?.PermissionsBoundaryArn,
    tags: tagsOf(role.Tags),
    attachedPolicyArns: attachedPolicyArns.sort(),
    inlinePolicies,
  };
}

/** Few roles: one small set of calls per role, run through the limiter. */
export async function readRolesPerRole(iam: IAMClient, names: readonly string[], limiter: Limiter): Promise<RoleReadResult> {
  const roles = new Map<string, LiveRole | 'missing'>();
  const errors: ReadError[] = [];
  await mapLimited(names, limiter, async (name) => {
    try {
      roles.set(name, await readOneRole(iam, name));
    } catch (err) {
      const cause = err instanceof StepError ? err.cause : err;
      // NoSuchEntity from GetRole, or from a list call because the role vanished meanwhile.
      if (isNotFound(cause)) roles.set(name, 'missing');
      else errors.push(readError(resourceLabel.role(name), err instanceof StepError ? err.operation : 'read', cause));
    }
  });
  return { roles, errors };
}

function fromRoleDetail(d: RoleDetail, listed: Role | undefined): LiveRole {
  const inlinePolicies: Record<string, string> = {};
  for (const p of d.RolePolicyList ?? []) if (p.PolicyName) inlinePolicies[p.PolicyName] = p.PolicyDocument ?? '';
  return {
    name: d.RoleName ?? '',
    arn: d.Arn ?? '',
    roleId: d.RoleId ?? '',
    path: d.Path ?? '/',
    createDate: isoDate(d.CreateDate),
    assumeRolePolicyDocument: d.AssumeRolePolicyDocument ?? '',
    description: listed?.Description,
    maxSessionDuration: listed?.MaxSessionDuration,
    permissionsBoundaryArn: d.PermissionsBoundary?.PermissionsBoundaryArn,
    tags: tagsOf(d.Tags),
    attachedPolicyArns: (d.AttachedManagedPolicies ?? []).flatMap((p) => (p.PolicyArn ? [p.PolicyArn] : [])).sort(),
    inlinePolicies,
  };
}

export interface BulkReadResult extends RoleReadResult {
  /** Customer-managed policies seen in the same pages (only when `withLocalPolicies`). */
  readonly localPolicies: Map<string, ManagedPolicyDetail>;
  /** False when the account-wide read itself failed (every expected role then carries a ReadError). */
  readonly ok: boolean;
}

/**
 * Many roles: page through the account once. Roles present in GetAccountAuthorizationDetails but not
 * yet in ListRoles (created between the two reads) fall back to the per-role read.
 */
export async function readRolesBulk(
  iam: IAMClient,
  names: readonly string[],
  limiter: Limiter,
  withLocalPolicies: boolean,
): Promise<BulkReadResult> {
  const details = new Map<string, RoleDetail>();
  const localPolicies = new Map<string, ManagedPolicyDetail>();
  const listed = new Map<string, Role>();
  const filter = withLocalPolicies ? ['Role', 'LocalManagedPolicy'] : ['Role'];

  const gaad = limiter(async () => {
    for await (const page of paginateGetAccountAuthorizationDetails({ client: iam }, { Filter: filter as never })) {
      for (const d of page.RoleDetailList ?? []) if (d.RoleName) details.set(d.RoleName, d);
      for (const p of page.Policies ?? []) if (p.Arn) localPolicies.set(p.Arn, p);
    }
  });
  const listRoles = limiter(async () => {
    for await (const page of paginateListRoles({ client: iam, pageSize: 1000 }, {})) {
      for (const r of page.Roles ?? []) if (r.RoleName) listed.set(r.RoleName, r);
    }
  });
  const [gaadResult, listResult] = await Promise.allSettled([gaad, listRoles]);

  const roles = new Map<string, LiveRole | 'missing'>();
  const errors: ReadError[] = [];
  const failed: { op: string; err: unknown } | undefined =
    gaadResult.status === 'rejected'
      ? { op: 'GetAccountAuthorizationDetails', err: gaadResult.reason }
      : listResult.status === 'rejected'
        ? { op: 'ListRoles', err: listResult.reason }
        : undefined;
  if (failed) {
    for (const name of names) errors.push(readError(resourceLabel.role(name), failed.op, failed.err));
    return { roles, errors, localPolicies, ok: false };
  }

  const stragglers: string[] = [];
  for (const name of names) {
    const detail = details.get(name);
    if (!detail) roles.set(name, 'missing');
    else if (!listed.has(name)) stragglers.push(name);
    else roles.set(name, fromRoleDetail(detail, listed.get(name)));
  }
  if (stragglers.length) {
    const more = await readRolesPerRole(iam, stragglers, limiter);
    for (const [k, v] of more.roles) roles.set(k, v);
    errors.push(...more.errors);
  }
  return { roles, errors, localPolicies, ok: true };
}
