/**
 * Why this exists: compares one role Terraform expects with the role IAM has. A missing role yields only
 * ROLE_DELETED (its policies are gone with it; listing each as detached would bury the one fact that
 * matters). Role attributes (trust, boundary, tags, …) are compared only for roles this state owns; for a
 * role it merely attaches to, only the declared attachments and inline policies are checked, and extras are
 * not reported, since their owner's declaration is not known here.
 */
import type { ExpectedRole, FindingResource, LiveRole, PendingFinding } from '../model';
import { normalizePolicyDocument, policiesEqual } from '../normalize/policy-document';
import { diffTags } from '../normalize/tags';
import { diffPolicies } from './policy-diff';
import { makeFinding, typeOfAddress, type FindingOrigin, type FindingParts } from './finding';

/** IAM's default when a role was created without MaxSessionDuration. */
const DEFAULT_MAX_SESSION_DURATION = 3600;

export interface RoleContext {
  /** Functions (from state) whose execution role this is: where a definition change would go. */
  readonly functionsUsingRole: readonly string[];
  /** Known documents of customer managed policies by ARN (for rating a console attachment). */
  readonly customerPolicyDocuments: ReadonlyMap<string, unknown>;
  /** Where CloudTrail has IAM's events: the partition's IAM region. */
  readonly iamRegion: string;
  /** The state that declares the role, and the role's account. */
  readonly origin: FindingOrigin;
}

export function compareRole(expected: ExpectedRole, live: LiveRole | 'missing', ctx: RoleContext): PendingFinding[] {
  const owned = expected.owned;
  const roleResource: FindingResource = {
    type: 'aws_iam_role',
    name: expected.name,
    arn: expected.arn ?? (live === 'missing' ? null : live.arn),
    address: expected.address,
  };
  const base = {
    lookup: { service: 'iam', resourceName: expected.name, region: ctx.iamRegion } as const,
    remediationCommon: {
      address: expected.address,
      roleName: expected.name,
      functionsUsingRole: ctx.functionsUsingRole,
      exclusiveAttachments: expected.exclusiveAttachments,
      exclusiveInlinePolicies: expected.exclusiveInlinePolicies,
    },
  };
  const out: PendingFinding[] = [];
  const add: Add = (p) =>
    out.push(makeFinding({ lookup: base.lookup, origin: ctx.origin, ...p, remediation: { ...base.remediationCommon, ...p.remediation } }));

  if (live === 'missing') {
    add({
      resource: roleResource,
      differences: [{ path: 'RoleName', expected: expected.name, actual: null, type: 'REMOVE' }],
      severity: { code: 'ROLE_DELETED' },
      remediation: { roleOwned: owned },
    });
    return out;
  }
  if (owned) {
    if (expected.roleId && live.roleId !== expected.roleId) {
      add({
        resource: roleResource,
        differences: [{ path: 'RoleId', expected: expected.roleId, actual: live.roleId, type: 'NOT_EQUAL' }],
        severity: { code: 'ROLE_RECREATED' },
      });
    }
    const trustExpected = normalizePolicyDocument(expected.trustPolicy, `${expected.address}.assume_role_policy`);
    const trustActual = normalizePolicyDocument(live.assumeRolePolicyDocument, `live role ${live.name} AssumeRolePolicyDocument`);
    if (!policiesEqual(trustExpected, trustActual)) {
      add({
        resource: roleResource,
        differences: diffPolicies('AssumeRolePolicyDocument', trustExpected, trustActual),
        severity: { code: 'TRUST_POLICY_CHANGED', expected: trustExpected, actual: trustActual },
      });
    }
    const eb = expected.permissionsBoundary;
    const ab = live.permissionsBoundaryArn;
    if (eb !== ab && (eb || ab)) {
      const type = !ab ? 'REMOVE' : !eb ? 'ADD' : 'NOT_EQUAL';
      add({
        resource: roleResource,
        differences: [{ path: 'PermissionsBoundary', expected: eb ?? null, actual: ab ?? null, type }],
        severity: { code: type === 'REMOVE' ? 'PERMISSIONS_BOUNDARY_REMOVED' : 'PERMISSIONS_BOUNDARY_CHANGED' },
      });
    }
    const liveDuration = live.maxSessionDuration ?? DEFAULT_MAX_SESSION_DURATION;
    if (expected.maxSessionDuration !== undefined && expected.maxSessionDuration !== liveDuration) {
      add({
        resource: roleResource,
        differences: [{ path: 'MaxSessionDuration', expected: expected.maxSessionDuration, actual: liveDuration, type: 'NOT_EQUAL' }],
        severity: { code: 'MAX_SESSION_DURATION_CHANGED' },
      });
    }
    if (expected.description !== undefined && expected.description !== (live.description ?? '')) {
      add({
        resource: roleResource,
        differences: [{ path: 'Description', expected: expected.description, actual: live.description ?? '', type: 'NOT_EQUAL' }],
        severity: { code: 'DESCRIPTION_CHANGED' },
      });
    }
    const tagDiffs = diffTags(expected.tags, live.tags);
    if (tagDiffs.length)
      add({
        resource: roleResource,
        differences: tagDiffs,
        severity: { code: 'TAGS_CHANGED' },
        item: { tagKeys: tagDiffs.map((d) => d.path.slice('Tags.'.length)) },
      });
  }
  compareManagedPolicies(expected, live, owned, ctx, add);
  compareInlinePolicies(expected, live, owned, add);
  return out;
}

type Add = (p: Omit<FindingParts, 'lookup' | 'origin' | 'remediation'> & { readonly remediation?: FindingParts['remediation'] }) => void;

function compareManagedPolicies(expected: ExpectedRole, live: LiveRole, owned: boolean, ctx: RoleContext, add: Add): void {
  const attached = new Set(live.attachedPolicyArns);
  for (const [arn, address] of Object.entries(expected.managedPolicies).sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (attached.has(arn)) continue;
    add({
      resource: { type: typeOfAddress(address), name: `${expected.name}/${arn}`, arn, address },
      differences: [{ path: `ManagedPolicyArns[${arn}]`, expected: arn, actual: null, type: 'REMOVE' }],
      severity: { code: 'MANAGED_POLICY_DETACHED' },
      remediation: { address, policyArn: arn },
      item: { policyArn: arn },
    });
  }
  if (!owned) return;
  for (const arn of [...attached].sort()) {
    if (expected.managedPolicies[arn]) continue;
    const known = ctx.customerPolicyDocuments.get(arn);
    add({
      // No resource manages a console attachment: the role's address is where it would be adopted.
      resource: { type: 'aws_iam_role_policy_attachment', name: `${expected.name}/${arn}`, arn, address: expected.address },
      differences: [{ path: `ManagedPolicyArns[${arn}]`, expected: null, actual: arn, type: 'ADD' }],
      severity: {
        code: 'MANAGED_POLICY_ATTACHED_OUTSIDE_TERRAFORM',
        policyArn: arn,
        document: known === undefined ? undefined : normalizePolicyDocument(known, arn),
      },
      remediation: { policyArn: arn, exclusiveAddress: expected.exclusiveAttachmentsAddress },
      item: { policyArn: arn },
    });
  }
}

function compareInlinePolicies(expected: ExpectedRole, live: LiveRole, owned: boolean, add: Add): void {
  const names = [...new Set([...Object.keys(expected.inlinePolicies), ...Object.keys(live.inlinePolicies)])].sort();
  for (const name of names) {
    const declared = expected.inlinePolicies[name];
    const actualText = live.inlinePolicies[name];
    const resource = {
      type: 'aws_iam_role_policy',
      name: `${expected.name}:${name}`,
      arn: null,
      address: declared?.address ?? expected.address,
    };
    const remediation = {
      address: resource.address,
      inlinePolicyName: name,
      exclusiveAddress: expected.exclusiveInlinePoliciesAddress,
      // Named only by aws_iam_role_policies_exclusive: its document is not managed by anything in state.
      declaredByNameOnly: !!declared && typeOfAddress(declared.address) === 'aws_iam_role_policies_exclusive',
    };
    const item = { policyName: name };
    const path = `Policies[${name}]`;
    if (declared && actualText === undefined) {
      add({
        resource,
        differences: [{ path, expected: declared.document ?? null, actual: null, type: 'REMOVE' }],
        severity: { code: 'INLINE_POLICY_REMOVED' },
        remediation,
        item,
      });
    } else if (!declared && actualText !== undefined && owned) {
      const doc = normalizePolicyDocument(actualText, `live role ${expected.name} inline policy ${name}`);
      add({
        resource,
        differences: [{ path, expected: null, actual: doc, type: 'ADD' }],
        severity: { code: 'INLINE_POLICY_ADDED', document: doc },
        remediation,
        item,
      });
    } else if (declared && actualText !== undefined && declared.document !== undefined) {
      // A declared document state does not record is not compared: the state reader has already warned
      // that it is unverified (drift/state/roles.ts), so the run never calls it "in sync" silently.
      const e = normalizePolicyDocument(declared.document, `${declared.address} policy`);
      const a = normalizePolicyDocument(actualText, `live role ${expected.name} inline policy ${name}`);
      if (!policiesEqual(e, a))
        add({
          resource,
          differences: diffPolicies(`${path}.PolicyDocument`, e, a),
          severity: { code: 'INLINE_POLICY_CHANGED', expected: e, actual: a },
          remediation,
          item,
        });
    }
  }
}
