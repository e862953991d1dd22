/**
 * Why this exists: the endpoint's authorization step needs, for each IAM call, the action and resource IAM
 * itself evaluates (Service Authorization Reference, "Actions defined by AWS Identity and Access
 * Management"): the role ARN with its path for role calls, the policy ARN for policy calls, "*" for the
 * account-wide lists, and the condition keys the action supports (iam:PolicyARN, iam:PermissionsBoundary).
 * Input too malformed to name a resource needs no permission here: the handler answers its ValidationError,
 * as AWS validates input before it authorizes.
 */
import { parseQueryRequest } from '../../protocols/query';
import type { AccessRequest, CallContext, WireRequest } from '../../types';
import { getOwn } from '../../core/own';
import { NAME_PATTERN } from './params';
import type { IamState } from './state';

/** Calls whose resource is the role named by RoleName. */
const ROLE_OPERATIONS = new Set([
  'GetRole',
  'UpdateRole',
  'UpdateRoleDescription',
  'UpdateAssumeRolePolicy',
  'DeleteRole',
  'PutRolePermissionsBoundary',
  'DeleteRolePermissionsBoundary',
  'TagRole',
  'UntagRole',
  'ListRoleTags',
  'AttachRolePolicy',
  'DetachRolePolicy',
  'ListAttachedRolePolicies',
  'PutRolePolicy',
  'GetRolePolicy',
  'DeleteRolePolicy',
  'ListRolePolicies',
  'ListInstanceProfilesForRole',
]);

/** Calls whose resource is the policy named by PolicyArn. */
const POLICY_OPERATIONS = new Set([
  'GetPolicy',
  'DeletePolicy',
  'CreatePolicyVersion',
  'GetPolicyVersion',
  'SetDefaultPolicyVersion',
  'DeletePolicyVersion',
  'ListPolicyVersions',
  'TagPolicy',
  'UntagPolicy',
  'ListPolicyTags',
  'ListEntitiesForPolicy',
]);

/** No resource-level permissions exist for these: IAM evaluates them against "*". */
const ACCOUNT_WIDE_OPERATIONS = new Set(['ListRoles', 'ListPolicies', 'GetAccountAuthorizationDetails']);

const PATH_PATTERN = /^(\/|\/[\u0021-\u007e]+\/)$/;
const POLICY_ARN = /^arn:[\w-]+:iam::(aws|\d{12}):policy\/.+$/;

const validName = (name: string | undefined): name is string => !!name && NAME_PATTERN.test(name);

export function iamAccessOf(operation: string, req: WireRequest, ctx: CallContext, state: IamState): readonly AccessRequest[] {
  const params = parseQueryRequest(req);
  const accountId = ctx.caller.accountId;
  const action = `iam:${operation}`;
  const none: readonly AccessRequest[] = [];
  if (ACCOUNT_WIDE_OPERATIONS.has(operation)) return [{ action, resource: '*' }];

  const path = params.get('Path') ?? '/';
  if (operation === 'CreateRole' || ROLE_OPERATIONS.has(operation)) {
    const name = params.get('RoleName');
    if (!validName(name) || !PATH_PATTERN.test(path)) return none;
    // An existing role is judged by its ARN, path included (policies often grant role/service/*).
    const existing = getOwn(getOwn(state.accounts, accountId)?.roles, name.toLowerCase());
    const resource =
      operation === 'CreateRole' ? `arn:aws:iam::${accountId}:role${path}${name}` : (existing?.arn ?? roleArn(accountId, name));
    const policyArn = params.get('PolicyArn');
    const boundary = params.get('PermissionsBoundary');
    const context: Record<string, string> | undefined =
      (operation === 'AttachRolePolicy' || operation === 'DetachRolePolicy') && policyArn
        ? { 'iam:PolicyARN': policyArn }
        : (operation === 'CreateRole' || operation === 'PutRolePermissionsBoundary') && boundary
          ? { 'iam:PermissionsBoundary': boundary }
          : undefined;
    return [{ action, resource, ...(context ? { context } : {}) }];
  }
  if (operation === 'CreatePolicy') {
    const name = params.get('PolicyName');
    if (!validName(name) || !PATH_PATTERN.test(path)) return none;
    return [{ action, resource: `arn:aws:iam::${accountId}:policy${path}${name}` }];
  }
  if (POLICY_OPERATIONS.has(operation)) {
    const arn = params.get('PolicyArn');
    return arn && POLICY_ARN.test(arn) ? [{ action, resource: arn }] : none;
  }
  if (operation === 'GetUser') {
    // Without UserName the caller asks about itself: a role session gets IAM's ValidationError from the handler.
    const userName = params.get('UserName');
    if (validName(userName)) return [{ action, resource: `arn:aws:iam::${accountId}:user/${userName}` }];
    return ctx.caller.type === 'IAMUser' ? [{ action, resource: ctx.caller.arn }] : none;
  }
  // An operation added to the module without a rule here is judged against "*", never let through unjudged.
  return [{ action, resource: '*' }];
}

function roleArn(accountId: string, name: string): string {
  return `arn:aws:iam::${accountId}:role/${name}`;
}
