/** A role's permissions: managed policy attachments and inline policies. */
import { urlEncodeDocument } from '../../protocols/query';
import { AwsError } from '../../types';
import { checkDocumentSize, DOCUMENT_SIZE_LIMITS, nonWhitespaceLength, validatePolicyDocument } from './documents';
import { iamAudit, type Operation } from './ops';
import { nameKey, paginate } from './paging';
import type { RoleRecord } from './state';
import { findPolicy, getRoleRecord, policyNotFound, POLICY_RESOURCE, ROLE_RESOURCE } from './views';
import { deleteOwn, getOwn, setOwn } from '../../core/own';

/** AWS default quota "managed policies per role" (raisable on AWS, fixed here). */
export const MANAGED_POLICIES_PER_ROLE = 10;

const attachmentResources = (role: RoleRecord, policyArn: string) => [
  { ResourceType: POLICY_RESOURCE, ResourceName: policyArn },
  { ResourceType: ROLE_RESOURCE, ResourceName: role.roleName },
];

export const attachRolePolicy: Operation = (p, { acct }) => {
  const role = getRoleRecord(acct, p.name('RoleName', 64));
  const policyArn = p.policyArn('PolicyArn');
  if (!findPolicy(acct, policyArn)) throw policyNotFound(policyArn);
  if (!role.attachedPolicyArns.includes(policyArn)) {
    if (role.attachedPolicyArns.length >= MANAGED_POLICIES_PER_ROLE) {
      throw new AwsError(
        'LimitExceeded',
        `Cannot exceed quota for PoliciesPerRole: ${MANAGED_POLICIES_PER_ROLE} (role ${role.roleName}).`,
        409,
      );
    }
    role.attachedPolicyArns.push(policyArn);
  }
  return { audit: iamAudit('AttachRolePolicy', { roleName: role.roleName, policyArn }, null, attachmentResources(role, policyArn)) };
};

export const detachRolePolicy: Operation = (p, { acct }) => {
  const role = getRoleRecord(acct, p.name('RoleName', 64));
  const policyArn = p.policyArn('PolicyArn');
  const index = role.attachedPolicyArns.indexOf(policyArn);
  if (index < 0) throw new AwsError('NoSuchEntity', `Policy ${policyArn} was not found.`, 404);
  role.attachedPolicyArns.splice(index, 1);
  return { audit: iamAudit('DetachRolePolicy', { roleName: role.roleName, policyArn }, null, attachmentResources(role, policyArn)) };
};

export const listAttachedRolePolicies: Operation = (p, { acct }) => {
  const role = getRoleRecord(acct, p.name('RoleName', 64));
  const prefix = p.optional('PathPrefix') ?? '/';
  const attached = role.attachedPolicyArns
    .map((arn) => findPolicy(acct, arn))
    .filter((v) => v !== undefined && v.path.startsWith(prefix))
    .map((v) => ({ PolicyName: v!.policyName, PolicyArn: v!.arn }))
    .sort((a, b) => (key(a) < key(b) ? -1 : 1));
  const page = paginate(attached, key, p);
  return { result: { AttachedPolicies: page.items, IsTruncated: page.IsTruncated, Marker: page.Marker } };
};
const key = (a: { PolicyName: string; PolicyArn: string }) => `${nameKey(a.PolicyName)}\u0000${a.PolicyArn}`;

export const putRolePolicy: Operation = (p, { acct }) => {
  const role = getRoleRecord(acct, p.name('RoleName', 64));
  const policyName = p.name('PolicyName', 128);
  const policyDocument = p.required('PolicyDocument');
  validatePolicyDocument(policyDocument, 'identity');
  checkDocumentSize(policyDocument, DOCUMENT_SIZE_LIMITS.inlineRolePolicies, 'RolePolicySize');
  // The quota is on all inline policies of the role together, counting the new one instead of the old.
  const others = Object.entries(role.inlinePolicies).filter(([n]) => n !== policyName);
  const total = others.reduce((sum, [, d]) => sum + nonWhitespaceLength(d), nonWhitespaceLength(policyDocument));
  if (total > DOCUMENT_SIZE_LIMITS.inlineRolePolicies) {
    throw new AwsError(
      'LimitExceeded',
      `Maximum policy size of ${DOCUMENT_SIZE_LIMITS.inlineRolePolicies} bytes exceeded for role ${role.roleName} (inline policies would total ${total}).`,
      409,
    );
  }
  setOwn(role.inlinePolicies, policyName, policyDocument);
  return {
    audit: iamAudit('PutRolePolicy', { roleName: role.roleName, policyName, policyDocument }, null, [
      { ResourceType: ROLE_RESOURCE, ResourceName: role.roleName },
    ]),
  };
};

function inlinePolicy(role: RoleRecord, policyName: string): string {
  const doc = getOwn(role.inlinePolicies, policyName);
  if (doc === undefined) throw new AwsError('NoSuchEntity', `The role policy with name ${policyName} cannot be found.`, 404);
  return doc;
}

export const getRolePolicy: Operation = (p, { acct }) => {
  const role = getRoleRecord(acct, p.name('RoleName', 64));
  const policyName = p.name('PolicyName', 128);
  const doc = inlinePolicy(role, policyName);
  return { result: { RoleName: role.roleName, PolicyName: policyName, PolicyDocument: urlEncodeDocument(doc) } };
};

export const deleteRolePolicy: Operation = (p, { acct }) => {
  const role = getRoleRecord(acct, p.name('RoleName', 64));
  const policyName = p.name('PolicyName', 128);
  inlinePolicy(role, policyName);
  deleteOwn(role.inlinePolicies, policyName);
  return {
    audit: iamAudit('DeleteRolePolicy', { roleName: role.roleName, policyName }, null, [
      { ResourceType: ROLE_RESOURCE, ResourceName: role.roleName },
    ]),
  };
};

export const listRolePolicies: Operation = (p, { acct }) => {
  const role = getRoleRecord(acct, p.name('RoleName', 64));
  const names = Object.keys(role.inlinePolicies).sort((a, b) => (nameKey(a) < nameKey(b) ? -1 : 1));
  const page = paginate(names, nameKey, p);
  return { result: { PolicyNames: page.items, IsTruncated: page.IsTruncated, Marker: page.Marker } };
};
