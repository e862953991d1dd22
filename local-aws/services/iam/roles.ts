/** Role lifecycle: create/read/update/delete, trust policy, permissions boundary, tags, listing. */
import { AwsError } from '../../types';
import { checkDocumentSize, DOCUMENT_SIZE_LIMITS, validatePolicyDocument } from './documents';
import { iamAudit, type Operation } from './ops';
import { nameKey, paginate } from './paging';
import { mergeTags, removeTags, type Params } from './params';
import { newUniqueId, type AccountIam, type RoleRecord } from './state';
import { findPolicy, getRoleRecord, ROLE_RESOURCE, POLICY_RESOURCE, roleTrail, roleXml, tagsXml, trailTags } from './views';
import { deleteOwn, getOwn, hasOwnKey, setOwn } from '../../core/own';

const MAX_SESSION = { min: 3600, max: 43200, default: 3600 } as const;

function trustPolicy(p: Params, field: string): string {
  const doc = p.required(field);
  validatePolicyDocument(doc, 'trust');
  checkDocumentSize(doc, DOCUMENT_SIZE_LIMITS.trust, 'ACLSizePerRole');
  return doc;
}

/** A boundary must be an existing managed policy (customer or AWS), as on AWS. */
function boundaryArn(p: Params, acct: AccountIam, field: string): string | undefined {
  if (p.optional(field) === undefined) return undefined;
  const arn = p.policyArn(field);
  if (!findPolicy(acct, arn)) throw new AwsError('NoSuchEntity', `Scope ARN: ${arn} does not exist or is not attachable.`, 404);
  return arn;
}

function maxSession(p: Params): number | undefined {
  return p.int('MaxSessionDuration', MAX_SESSION.min, MAX_SESSION.max);
}

const roleResource = (r: RoleRecord) => [{ ResourceType: ROLE_RESOURCE, ResourceName: r.roleName }];

export const createRole: Operation = (p, { acct, accountId, ctx }) => {
  const roleName = p.name('RoleName', 64);
  const path = p.path('Path');
  const assumeRolePolicyDocument = trustPolicy(p, 'AssumeRolePolicyDocument');
  const description = p.description('Description');
  const maxSessionDuration = maxSession(p);
  const permissionsBoundary = boundaryArn(p, acct, 'PermissionsBoundary');
  const tags = p.tags();
  if (hasOwnKey(acct.roles, roleName.toLowerCase()))
    throw new AwsError('EntityAlreadyExists', `Role with name ${roleName} already exists.`, 409);
  const role: RoleRecord = {
    roleName,
    roleId: newUniqueId('AROA'),
    path: path ?? '/',
    arn: `arn:aws:iam::${accountId}:role${path ?? '/'}${roleName}`,
    createDate: ctx.now.toISOString(),
    assumeRolePolicyDocument,
    description,
    maxSessionDuration: maxSessionDuration ?? MAX_SESSION.default,
    permissionsBoundaryArn: permissionsBoundary,
    tags,
    inlinePolicies: {},
    attachedPolicyArns: [],
  };
  setOwn(acct.roles, roleName.toLowerCase(), role);
  return {
    result: { Role: roleXml(role, { detail: true }) },
    audit: iamAudit(
      'CreateRole',
      { path, roleName, assumeRolePolicyDocument, description, maxSessionDuration, permissionsBoundary, tags: trailTags(tags) },
      { role: roleTrail(role) },
      roleResource(role),
    ),
  };
};

export const getRole: Operation = (p, { acct }) => {
  const role = getRoleRecord(acct, p.name('RoleName', 64));
  return { result: { Role: roleXml(role, { detail: true }) } };
};

export const listRoles: Operation = (p, { acct }) => {
  const prefix = p.optional('PathPrefix') ?? '/';
  const roles = Object.values(acct.roles)
    .filter((r) => r.path.startsWith(prefix))
    .sort((a, b) => (nameKey(a.roleName) < nameKey(b.roleName) ? -1 : 1));
  const page = paginate(roles, (r) => nameKey(r.roleName), p);
  return { result: { Roles: page.items.map((r) => roleXml(r, { detail: false })), IsTruncated: page.IsTruncated, Marker: page.Marker } };
};

export const updateRole: Operation = (p, { acct }) => {
  const role = getRoleRecord(acct, p.name('RoleName', 64));
  const description = p.description('Description');
  const maxSessionDuration = maxSession(p);
  if (description !== undefined) role.description = description;
  if (maxSessionDuration !== undefined) role.maxSessionDuration = maxSessionDuration;
  return {
    result: {},
    audit: iamAudit('UpdateRole', { roleName: role.roleName, description, maxSessionDuration }, null, roleResource(role)),
  };
};

export const updateRoleDescription: Operation = (p, { acct }) => {
  const role = getRoleRecord(acct, p.name('RoleName', 64));
  const description = p.description('Description') ?? '';
  role.description = description;
  return {
    result: { Role: roleXml(role, { detail: true }) },
    audit: iamAudit('UpdateRoleDescription', { roleName: role.roleName, description }, { role: roleTrail(role) }, roleResource(role)),
  };
};

export const updateAssumeRolePolicy: Operation = (p, { acct }) => {
  const role = getRoleRecord(acct, p.name('RoleName', 64));
  const policyDocument = trustPolicy(p, 'PolicyDocument');
  role.assumeRolePolicyDocument = policyDocument;
  return { audit: iamAudit('UpdateAssumeRolePolicy', { roleName: role.roleName, policyDocument }, null, roleResource(role)) };
};

export const deleteRole: Operation = (p, { acct }) => {
  const role = getRoleRecord(acct, p.name('RoleName', 64));
  if (role.attachedPolicyArns.length) {
    throw new AwsError(
      'DeleteConflict',
      `Cannot delete entity, must detach all policies first. (role ${role.roleName} has ${role.attachedPolicyArns.length} attached)`,
      409,
    );
  }
  const inline = Object.keys(role.inlinePolicies);
  if (inline.length) {
    throw new AwsError(
      'DeleteConflict',
      `Cannot delete entity, must delete policies first. (role ${role.roleName} has inline ${inline.join(', ')})`,
      409,
    );
  }
  deleteOwn(acct.roles, role.roleName.toLowerCase());
  return { audit: iamAudit('DeleteRole', { roleName: role.roleName }, null, roleResource(role)) };
};

export const putRolePermissionsBoundary: Operation = (p, { acct }) => {
  const role = getRoleRecord(acct, p.name('RoleName', 64));
  if (p.optional('PermissionsBoundary') === undefined) p.required('PermissionsBoundary');
  const permissionsBoundary = boundaryArn(p, acct, 'PermissionsBoundary')!;
  role.permissionsBoundaryArn = permissionsBoundary;
  return {
    audit: iamAudit('PutRolePermissionsBoundary', { roleName: role.roleName, permissionsBoundary }, null, [
      ...roleResource(role),
      { ResourceType: POLICY_RESOURCE, ResourceName: permissionsBoundary },
    ]),
  };
};

export const deleteRolePermissionsBoundary: Operation = (p, { acct }) => {
  const role = getRoleRecord(acct, p.name('RoleName', 64));
  if (!role.permissionsBoundaryArn) {
    throw new AwsError('NoSuchEntity', `The role with name ${role.roleName} does not have a permissions boundary.`, 404);
  }
  delete role.permissionsBoundaryArn;
  return { audit: iamAudit('DeleteRolePermissionsBoundary', { roleName: role.roleName }, null, roleResource(role)) };
};

export const tagRole: Operation = (p, { acct }) => {
  const role = getRoleRecord(acct, p.name('RoleName', 64));
  const tags = p.tags();
  if (!tags.length) p.required('Tags.member.1.Key');
  role.tags = mergeTags(role.tags, tags);
  return { audit: iamAudit('TagRole', { roleName: role.roleName, tags: trailTags(tags) }, null, roleResource(role)) };
};

export const untagRole: Operation = (p, { acct }) => {
  const role = getRoleRecord(acct, p.name('RoleName', 64));
  const tagKeys = p.list('TagKeys');
  role.tags = removeTags(role.tags, tagKeys);
  return { audit: iamAudit('UntagRole', { roleName: role.roleName, tagKeys }, null, roleResource(role)) };
};

export const listRoleTags: Operation = (p, { acct }) => {
  const role = getRoleRecord(acct, p.name('RoleName', 64));
  // Tags keep insertion order on AWS; page by position encoded as a zero-padded key.
  const keyed = role.tags.map((t, i) => ({ t, k: String(i).padStart(4, '0') }));
  const page = paginate(keyed, (x) => x.k, p);
  return { result: { Tags: tagsXml(page.items.map((x) => x.t)), IsTruncated: page.IsTruncated, Marker: page.Marker } };
};

/** For STS AssumeRole (core): records RoleLastUsed as AWS does when a role's credentials are issued. */
export function recordRoleUse(acct: AccountIam, roleName: string, region: string, when: Date): void {
  const role = getOwn(acct.roles, roleName.toLowerCase());
  if (role) role.lastUsed = { date: when.toISOString(), region };
}
