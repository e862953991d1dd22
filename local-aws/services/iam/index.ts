/**
 * The IAM service module of the local endpoint (AWS Query protocol, version 2010-05-08). Operations live in
 * roles.ts, role-policies.ts, policies.ts and account.ts; this file routes and renders.
 */
import { parseQueryRequest, queryErrorResponse, queryResponse } from '../../protocols/query';
import { AwsError, type ServiceModule } from '../../types';
import * as account from './account';
import { iamAccessOf } from './access';
import { principalPolicies } from './principal-policies';
import type { Operation } from './ops';
import { Params } from './params';
import * as policies from './policies';
import * as rolePolicies from './role-policies';
import * as roles from './roles';
import { accountOf, emptyIamState, type IamState } from './state';

export const IAM_XMLNS = 'https://iam.amazonaws.com/doc/2010-05-08/';
export const IAM_API_VERSION = '2010-05-08';

const OPERATIONS: Readonly<Record<string, Operation>> = {
  CreateRole: roles.createRole,
  GetRole: roles.getRole,
  UpdateRole: roles.updateRole,
  UpdateRoleDescription: roles.updateRoleDescription,
  UpdateAssumeRolePolicy: roles.updateAssumeRolePolicy,
  DeleteRole: roles.deleteRole,
  ListRoles: roles.listRoles,
  PutRolePermissionsBoundary: roles.putRolePermissionsBoundary,
  DeleteRolePermissionsBoundary: roles.deleteRolePermissionsBoundary,
  TagRole: roles.tagRole,
  UntagRole: roles.untagRole,
  ListRoleTags: roles.listRoleTags,
  AttachRolePolicy: rolePolicies.attachRolePolicy,
  DetachRolePolicy: rolePolicies.detachRolePolicy,
  ListAttachedRolePolicies: rolePolicies.listAttachedRolePolicies,
  PutRolePolicy: rolePolicies.putRolePolicy,
  GetRolePolicy: rolePolicies.getRolePolicy,
  DeleteRolePolicy: rolePolicies.deleteRolePolicy,
  ListRolePolicies: rolePolicies.listRolePolicies,
  CreatePolicy: policies.createPolicy,
  GetPolicy: policies.getPolicy,
  DeletePolicy: policies.deletePolicy,
  CreatePolicyVersion: policies.createPolicyVersion,
  GetPolicyVersion: policies.getPolicyVersion,
  SetDefaultPolicyVersion: policies.setDefaultPolicyVersion,
  DeletePolicyVersion: policies.deletePolicyVersion,
  ListPolicyVersions: policies.listPolicyVersions,
  ListPolicies: policies.listPolicies,
  TagPolicy: policies.tagPolicy,
  UntagPolicy: policies.untagPolicy,
  ListPolicyTags: policies.listPolicyTags,
  ListEntitiesForPolicy: policies.listEntitiesForPolicy,
  GetAccountAuthorizationDetails: account.getAccountAuthorizationDetails,
  GetUser: account.getUser,
  ListInstanceProfilesForRole: account.listInstanceProfilesForRole,
};

export const IAM_OPERATIONS: readonly string[] = Object.keys(OPERATIONS);

export const iamService: ServiceModule<IamState> = {
  signingName: 'iam',
  initialState: emptyIamState,

  operationOf(req) {
    const action = parseQueryRequest(req).get('Action');
    if (!action)
      throw new AwsError('MissingAction', 'The request must contain the parameter Action (e.g. Action=GetRole&Version=2010-05-08).', 400);
    if (!Object.hasOwn(OPERATIONS, action)) {
      throw new AwsError(
        'InvalidAction',
        `Could not find operation ${action} for version ${IAM_API_VERSION} (this endpoint implements: ${IAM_OPERATIONS.join(', ')}).`,
        400,
      );
    }
    return action;
  },

  handle(operation, req, ctx, state) {
    const op = Object.hasOwn(OPERATIONS, operation) ? OPERATIONS[operation] : undefined;
    if (!op) throw new AwsError('InvalidAction', `Could not find operation ${operation} for version ${IAM_API_VERSION}.`, 400);
    const accountId = ctx.caller.accountId;
    const out = op(new Params(parseQueryRequest(req)), { acct: accountOf(state, accountId), accountId, ctx });
    return {
      response: queryResponse(operation, out.result, { xmlns: IAM_XMLNS, requestId: ctx.requestId }),
      ...(out.audit ? { audit: out.audit } : {}),
    };
  },

  renderError(err, { requestId }) {
    return queryErrorResponse(err, { requestId, xmlns: IAM_XMLNS });
  },

  accessOf: iamAccessOf,
  policiesOf: principalPolicies,
};

export { recordRoleUse } from './roles';
export type { IamState } from './state';
