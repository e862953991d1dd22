/** Account-wide reads: GetAccountAuthorizationDetails, GetUser (the provider's account-id probe), instance profiles. */
import { urlEncodeDocument, type XmlObject } from '../../protocols/query';
import { AwsError } from '../../types';
import { iamResourceName } from '../../../shared/aws/arn';
import { allAwsManagedPolicies } from './aws-managed';
import type { Operation } from './ops';
import { nameKey, paginate } from './paging';
import { validationError } from './params';
import type { RoleRecord } from './state';
import {
  boundaryXml,
  findPolicy,
  getRoleRecord,
  lastUsedXml,
  policyUsage,
  policyVersionXml,
  policyXml,
  roleIdentityXml,
  tagsXml,
  type PolicyView,
} from './views';

const FILTERS = ['User', 'Role', 'Group', 'LocalManagedPolicy', 'AWSManagedPolicy'] as const;

type Entry = { readonly key: string } & ({ readonly role: RoleRecord } | { readonly policy: PolicyView });

/**
 * Like AWS: roles carry their inline and attached policies, trust policy, tags, boundary and last use, but
 * not MaxSessionDuration or Description; managed policies carry every version. AWS managed policies are
 * listed only when something in the account attaches them. There are no users or groups here.
 */
export const getAccountAuthorizationDetails: Operation = (p, { acct }) => {
  const filters = p.list('Filter');
  for (const f of filters) {
    if (!(FILTERS as readonly string[]).includes(f))
      throw validationError('filter', f, `Member must satisfy enum value set: [${FILTERS.join(', ')}]`);
  }
  const wants = (f: (typeof FILTERS)[number]) => filters.length === 0 || filters.includes(f);
  const usage = policyUsage(acct);
  const entries: Entry[] = [];
  if (wants('Role')) {
    for (const role of Object.values(acct.roles)) entries.push({ key: `1${nameKey(role.roleName)}`, role });
  }
  if (wants('LocalManagedPolicy')) {
    for (const arn of Object.keys(acct.policies))
      entries.push({ key: `2${nameKey(acct.policies[arn].policyName)}`, policy: findPolicy(acct, arn)! });
  }
  if (wants('AWSManagedPolicy')) {
    for (const a of allAwsManagedPolicies()) {
      const used = usage.get(a.arn);
      if (used && (used.attachments || used.boundaries))
        entries.push({ key: `3${nameKey(a.policyName)}`, policy: { ...a, tags: [], awsManaged: true } });
    }
  }
  entries.sort((a, b) => (a.key < b.key ? -1 : 1));
  const page = paginate(entries, (e) => e.key, p);
  const roles: XmlObject[] = [];
  const policies: XmlObject[] = [];
  for (const e of page.items) {
    if ('role' in e) roles.push(roleDetail(e.role, acct));
    else policies.push(policyDetail(e.policy, usage.get(e.policy.arn)));
  }
  return {
    result: {
      UserDetailList: [],
      GroupDetailList: [],
      RoleDetailList: roles,
      Policies: policies,
      IsTruncated: page.IsTruncated,
      Marker: page.Marker,
    },
  };
};

function roleDetail(role: RoleRecord, acct: Parameters<typeof findPolicy>[0]): XmlObject {
  return {
    ...roleIdentityXml(role),
    InstanceProfileList: [],
    RolePolicyList: Object.entries(role.inlinePolicies).map(([PolicyName, doc]) => ({
      PolicyName,
      PolicyDocument: urlEncodeDocument(doc),
    })),
    AttachedManagedPolicies: role.attachedPolicyArns.map((arn) => ({
      PolicyName: findPolicy(acct, arn)?.policyName ?? iamResourceName(arn) ?? '',
      PolicyArn: arn,
    })),
    PermissionsBoundary: boundaryXml(role),
    Tags: tagsXml(role.tags),
    RoleLastUsed: lastUsedXml(role),
  };
}

function policyDetail(view: PolicyView, usage: { attachments: number; boundaries: number } | undefined): XmlObject {
  const withoutTags = Object.fromEntries(Object.entries(policyXml(view, usage, { detail: true })).filter(([key]) => key !== 'Tags'));
  return { ...withoutTags, PolicyVersionList: view.versions.map((v) => policyVersionXml(view, v, true)) };
}

/**
 * Without UserName, the caller. For the root identity AWS answers with the root "user" (Arn …:root,
 * UserId = account id); the Terraform provider calls this at configure time to learn the account id.
 * Role sessions get the same ValidationError as on AWS, after which the provider falls back to STS.
 */
export const getUser: Operation = (p, { ctx }) => {
  const caller = ctx.caller;
  const userName = p.optional('UserName');
  const created = '2015-01-01T00:00:00Z';
  if (userName === undefined) {
    if (caller.type === 'Root') return { result: { User: { UserId: caller.accountId, Arn: caller.arn, CreateDate: created } } };
    if (caller.type === 'IAMUser') return { result: { User: userXml(caller.arn, caller.principalId, created) } };
    throw new AwsError('ValidationError', 'Must specify userName when calling with non-User credentials', 400);
  }
  if (caller.type === 'IAMUser' && caller.arn.endsWith(`/${userName}`))
    return { result: { User: userXml(caller.arn, caller.principalId, created) } };
  throw new AwsError('NoSuchEntity', `The user with name ${userName} cannot be found.`, 404);
};

function userXml(arn: string, userId: string, created: string): XmlObject {
  const rest = arn.split(':user')[1] ?? '/';
  const name = rest.slice(rest.lastIndexOf('/') + 1);
  return { Path: rest.slice(0, rest.length - name.length) || '/', UserName: name, UserId: userId, Arn: arn, CreateDate: created };
}

/** Instance profiles are not modelled: every role has none (the provider lists them before DeleteRole). */
export const listInstanceProfilesForRole: Operation = (p, { acct }) => {
  getRoleRecord(acct, p.name('RoleName', 64));
  return { result: { InstanceProfiles: [], IsTruncated: false } };
};
