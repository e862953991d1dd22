/** Managed policies: customer policies of the account (read/write) and AWS managed ones (read-only). */
import { AwsError } from '../../types';
import { allAwsManagedPolicies, isAwsManagedArn } from './aws-managed';
import { checkDocumentSize, DOCUMENT_SIZE_LIMITS, validatePolicyDocument } from './documents';
import { iamAudit, type Operation } from './ops';
import { nameKey, paginate } from './paging';
import { mergeTags, removeTags, validationError, type Params } from './params';
import { newUniqueId, type AccountIam, type PolicyRecord } from './state';
import {
  cloudTrailDate,
  findPolicy,
  policyNotFound,
  POLICY_RESOURCE,
  policyUsage,
  policyVersionXml,
  policyXml,
  tagsXml,
  trailTags,
  type PolicyView,
} from './views';
import { deleteOwn, getOwn, setOwn } from '../../core/own';

/** AWS quota, not raisable. */
export const MAX_POLICY_VERSIONS = 5;

function managedDocument(p: Params, field: string): string {
  const doc = p.required(field);
  validatePolicyDocument(doc, 'identity');
  checkDocumentSize(doc, DOCUMENT_SIZE_LIMITS.managed, 'PolicySize');
  return doc;
}

function getPolicyView(acct: AccountIam, arn: string): PolicyView {
  const view = findPolicy(acct, arn);
  if (!view) throw policyNotFound(arn);
  return view;
}

/** Customer policy for a write; AWS managed policies cannot be changed by anyone but AWS. */
function writablePolicy(acct: AccountIam, arn: string): PolicyRecord {
  if (isAwsManagedArn(arn)) {
    getPolicyView(acct, arn);
    throw new AwsError(
      'AccessDenied',
      `Policy ${arn} is an AWS managed policy and cannot be modified; create a customer managed policy instead.`,
      403,
    );
  }
  const policy = getOwn(acct.policies, arn);
  if (!policy) throw policyNotFound(arn);
  return policy;
}

function versionId(p: Params): string {
  const v = p.required('VersionId');
  if (!/^v[1-9][0-9]*(\.[A-Za-z0-9-]*)?$/.test(v))
    throw validationError('versionId', v, 'Member must satisfy regular expression pattern: v[1-9][0-9]*(\\.[A-Za-z0-9-]*)?');
  return v;
}

const policyResource = (arn: string) => [{ ResourceType: POLICY_RESOURCE, ResourceName: arn }];

function policyTrail(view: PolicyView, acct: AccountIam): Record<string, unknown> {
  const usage = policyUsage(acct).get(view.arn);
  return {
    policyName: view.policyName,
    policyId: view.policyId,
    arn: view.arn,
    path: view.path,
    defaultVersionId: view.defaultVersionId,
    attachmentCount: usage?.attachments ?? 0,
    permissionsBoundaryUsageCount: usage?.boundaries ?? 0,
    isAttachable: true,
    createDate: cloudTrailDate(view.createDate),
    updateDate: cloudTrailDate(view.updateDate),
    ...(view.tags.length ? { tags: trailTags(view.tags) } : {}),
  };
}

export const createPolicy: Operation = (p, { acct, accountId, ctx }) => {
  const policyName = p.name('PolicyName', 128);
  const path = p.path('Path');
  const policyDocument = managedDocument(p, 'PolicyDocument');
  const description = p.description('Description');
  const tags = p.tags();
  const arn = `arn:aws:iam::${accountId}:policy${path ?? '/'}${policyName}`;
  if (Object.values(acct.policies).some((x) => x.policyName.toLowerCase() === policyName.toLowerCase())) {
    throw new AwsError('EntityAlreadyExists', `A policy called ${policyName} already exists. Duplicate names are not allowed.`, 409);
  }
  const now = ctx.now.toISOString();
  setOwn(acct.policies, arn, {
    policyName,
    policyId: newUniqueId('ANPA'),
    arn,
    path: path ?? '/',
    // AWS stores an empty description as absent (the provider always sends one).
    description: description || undefined,
    createDate: now,
    updateDate: now,
    defaultVersionId: 'v1',
    versions: [{ versionId: 'v1', document: policyDocument, createDate: now }],
    nextVersion: 2,
    tags,
  });
  const view = getPolicyView(acct, arn);
  return {
    result: { Policy: policyXml(view, undefined, { detail: false }) },
    audit: iamAudit(
      'CreatePolicy',
      { policyName, path, policyDocument, description, tags: trailTags(tags) },
      { policy: policyTrail(view, acct) },
      policyResource(arn),
    ),
  };
};

export const getPolicy: Operation = (p, { acct }) => {
  const view = getPolicyView(acct, p.policyArn('PolicyArn'));
  return { result: { Policy: policyXml(view, policyUsage(acct).get(view.arn), { detail: true }) } };
};

export const deletePolicy: Operation = (p, { acct }) => {
  const policy = writablePolicy(acct, p.policyArn('PolicyArn'));
  const usage = policyUsage(acct).get(policy.arn);
  if (usage?.attachments)
    throw new AwsError(
      'DeleteConflict',
      `Cannot delete a policy attached to entities. (${policy.arn} is attached to ${usage.attachments} role(s))`,
      409,
    );
  if (usage?.boundaries)
    throw new AwsError(
      'DeleteConflict',
      `Cannot delete a policy used as a permissions boundary. (${policy.arn} bounds ${usage.boundaries} role(s))`,
      409,
    );
  if (policy.versions.length > 1) {
    throw new AwsError(
      'DeleteConflict',
      "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.",
      409,
    );
  }
  deleteOwn(acct.policies, policy.arn);
  return { audit: iamAudit('DeletePolicy', { policyArn: policy.arn }, null, policyResource(policy.arn)) };
};

export const createPolicyVersion: Operation = (p, { acct, ctx }) => {
  const policy = writablePolicy(acct, p.policyArn('PolicyArn'));
  const policyDocument = managedDocument(p, 'PolicyDocument');
  const setAsDefault = p.bool('SetAsDefault') ?? false;
  if (policy.versions.length >= MAX_POLICY_VERSIONS) {
    throw new AwsError(
      'LimitExceeded',
      `A managed policy can have up to ${MAX_POLICY_VERSIONS} versions. Before you create a new version, you must delete an existing version. (${policy.arn})`,
      409,
    );
  }
  const now = ctx.now.toISOString();
  const version = { versionId: `v${policy.nextVersion++}`, document: policyDocument, createDate: now };
  policy.versions.push(version);
  if (setAsDefault) {
    policy.defaultVersionId = version.versionId;
    policy.updateDate = now;
  }
  const isDefaultVersion = policy.defaultVersionId === version.versionId;
  return {
    result: { PolicyVersion: { VersionId: version.versionId, IsDefaultVersion: isDefaultVersion, CreateDate: now } },
    audit: iamAudit(
      'CreatePolicyVersion',
      { policyArn: policy.arn, policyDocument, setAsDefault },
      { policyVersion: { versionId: version.versionId, isDefaultVersion, createDate: cloudTrailDate(now) } },
      policyResource(policy.arn),
    ),
  };
};

function findVersion(view: PolicyView, id: string) {
  const v = view.versions.find((x) => x.versionId === id);
  if (!v) throw new AwsError('NoSuchEntity', `Policy ${view.arn} version ${id} does not exist or is not attachable.`, 404);
  return v;
}

export const getPolicyVersion: Operation = (p, { acct }) => {
  const view = getPolicyView(acct, p.policyArn('PolicyArn'));
  const v = findVersion(view, versionId(p));
  return { result: { PolicyVersion: policyVersionXml(view, v, true) } };
};

export const setDefaultPolicyVersion: Operation = (p, { acct, ctx }) => {
  const policy = writablePolicy(acct, p.policyArn('PolicyArn'));
  const id = versionId(p);
  findVersion(getPolicyView(acct, policy.arn), id);
  policy.defaultVersionId = id;
  policy.updateDate = ctx.now.toISOString();
  return { audit: iamAudit('SetDefaultPolicyVersion', { policyArn: policy.arn, versionId: id }, null, policyResource(policy.arn)) };
};

export const deletePolicyVersion: Operation = (p, { acct }) => {
  const policy = writablePolicy(acct, p.policyArn('PolicyArn'));
  const id = versionId(p);
  findVersion(getPolicyView(acct, policy.arn), id);
  if (id === policy.defaultVersionId)
    throw new AwsError(
      'DeleteConflict',
      `Cannot delete the default version of a policy. (${policy.arn} ${id}; make another version the default first)`,
      409,
    );
  policy.versions = policy.versions.filter((v) => v.versionId !== id);
  return { audit: iamAudit('DeletePolicyVersion', { policyArn: policy.arn, versionId: id }, null, policyResource(policy.arn)) };
};

export const listPolicyVersions: Operation = (p, { acct }) => {
  const view = getPolicyView(acct, p.policyArn('PolicyArn'));
  // Newest first, as AWS lists them.
  const versions = [...view.versions].reverse();
  const page = paginate(versions, (v) => String(1e9 - Number(v.versionId.slice(1).split('.')[0])).padStart(10, '0'), p);
  return {
    result: { Versions: page.items.map((v) => policyVersionXml(view, v, false)), IsTruncated: page.IsTruncated, Marker: page.Marker },
  };
};

const SCOPES = ['All', 'AWS', 'Local'] as const;

export const listPolicies: Operation = (p, { acct }) => {
  const scope = p.optional('Scope') ?? 'All';
  if (!(SCOPES as readonly string[]).includes(scope))
    throw validationError('scope', scope, 'Member must satisfy enum value set: [All, AWS, Local]');
  const onlyAttached = p.bool('OnlyAttached') ?? false;
  const prefix = p.optional('PathPrefix') ?? '/';
  const usage = policyUsage(acct);
  const views: PolicyView[] = [];
  if (scope !== 'AWS') views.push(...Object.keys(acct.policies).map((arn) => findPolicy(acct, arn)!));
  if (scope !== 'Local') {
    for (const a of allAwsManagedPolicies()) {
      // Skip the catalog walk's allocations for the common OnlyAttached case.
      if (onlyAttached && !usage.get(a.arn)?.attachments) continue;
      views.push({ ...a, tags: [], awsManaged: true });
    }
  }
  const key = (v: PolicyView) => `${nameKey(v.policyName)}\u0000${v.arn}`;
  const filtered = views
    .filter((v) => v.path.startsWith(prefix) && (!onlyAttached || (usage.get(v.arn)?.attachments ?? 0) > 0))
    .sort((a, b) => (key(a) < key(b) ? -1 : 1));
  const page = paginate(filtered, key, p);
  return {
    result: {
      Policies: page.items.map((v) => policyXml(v, usage.get(v.arn), { detail: false })),
      IsTruncated: page.IsTruncated,
      Marker: page.Marker,
    },
  };
};

export const tagPolicy: Operation = (p, { acct }) => {
  const policy = writablePolicy(acct, p.policyArn('PolicyArn'));
  const tags = p.tags();
  if (!tags.length) p.required('Tags.member.1.Key');
  policy.tags = mergeTags(policy.tags, tags);
  return { audit: iamAudit('TagPolicy', { policyArn: policy.arn, tags: trailTags(tags) }, null, policyResource(policy.arn)) };
};

export const untagPolicy: Operation = (p, { acct }) => {
  const policy = writablePolicy(acct, p.policyArn('PolicyArn'));
  const tagKeys = p.list('TagKeys');
  policy.tags = removeTags(policy.tags, tagKeys);
  return { audit: iamAudit('UntagPolicy', { policyArn: policy.arn, tagKeys }, null, policyResource(policy.arn)) };
};

export const listPolicyTags: Operation = (p, { acct }) => {
  const view = getPolicyView(acct, p.policyArn('PolicyArn'));
  const keyed = view.tags.map((t, i) => ({ t, k: String(i).padStart(4, '0') }));
  const page = paginate(keyed, (x) => x.k, p);
  return { result: { Tags: tagsXml(page.items.map((x) => x.t)), IsTruncated: page.IsTruncated, Marker: page.Marker } };
};

const ENTITY_FILTERS = ['User', 'Role', 'Group', 'LocalManagedPolicy', 'AWSManagedPolicy'] as const;

/** Who uses a policy (the provider's aws_iam_policy_attachment reads this). Only roles exist here. */
export const listEntitiesForPolicy: Operation = (p, { acct }) => {
  const view = getPolicyView(acct, p.policyArn('PolicyArn'));
  const filter = p.optional('EntityFilter');
  if (filter !== undefined && !(ENTITY_FILTERS as readonly string[]).includes(filter)) {
    throw validationError('entityFilter', filter, `Member must satisfy enum value set: [${ENTITY_FILTERS.join(', ')}]`);
  }
  const prefix = p.optional('PathPrefix') ?? '/';
  const wantsRoles = filter === undefined || filter === 'Role';
  const roles = wantsRoles
    ? Object.values(acct.roles)
        .filter((r) => r.path.startsWith(prefix) && r.attachedPolicyArns.includes(view.arn))
        .sort((a, b) => (nameKey(a.roleName) < nameKey(b.roleName) ? -1 : 1))
    : [];
  const page = paginate(roles, (r) => nameKey(r.roleName), p);
  return {
    result: {
      PolicyGroups: [],
      PolicyUsers: [],
      PolicyRoles: page.items.map((r) => ({ RoleName: r.roleName, RoleId: r.roleId })),
      IsTruncated: page.IsTruncated,
      Marker: page.Marker,
    },
  };
};
