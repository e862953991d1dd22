/**
 * Why this exists: the analyzer of the drift check. It walks the expected inventory, pairs each resource
 * with what AWS has, collects findings from the per-resource comparers, and sorts them so the output is
 * the same on every run (severity, then code, then resource address and name).
 *
 * A resource that is absent from the live maps was not read (the live side records a ReadError for it);
 * it is skipped here rather than reported as deleted.
 */
import type { ExpectedInventory, LiveInventory, PendingFinding } from '../model';
import { normalizePolicyDocument, policiesEqual } from '../normalize/policy-document';
import { severityRank } from '../severity/severity';
import { iamRegionFor } from '../../shared/aws/partition';
import { accountOfArn } from '../../shared/aws/arn';
import { compareRole } from './compare-role';
import { compareFunction } from './compare-function';
import { diffPolicies } from './policy-diff';
import { makeFinding } from './finding';

export function compareInventories(expected: ExpectedInventory, live: LiveInventory): PendingFinding[] {
  const findings: PendingFinding[] = [];
  // IAM's CloudTrail events live in the IAM region of the partition the state reader found.
  const iamRegion = iamRegionFor(expected.partition);
  // A resource whose ARNs state does not record belongs to its state's account, when that one is known and single.
  const stateAccount = (source: string): string | null => {
    const accounts = expected.accountsBySource[source] ?? [];
    return accounts.length === 1 ? accounts[0] : null;
  };
  const customerPolicyDocuments = new Map<string, unknown>();
  for (const [arn, p] of live.customerPolicies) if (p !== 'missing') customerPolicyDocuments.set(arn, p.document);
  for (const p of expected.customerPolicies) customerPolicyDocuments.set(p.arn, p.document);

  for (const role of expected.roles) {
    const l = live.roles.get(role.name);
    if (l === undefined) continue;
    const functionsUsingRole = expected.functions
      .filter((f) => f.roleArn && role.arn && f.roleArn === role.arn)
      .map((f) => f.name)
      .sort();
    const origin = {
      source: role.source,
      account: accountOfArn(role.arn) ?? accountOfArn(l === 'missing' ? undefined : l.arn) ?? stateAccount(role.source),
    };
    findings.push(...compareRole(role, l, { functionsUsingRole, customerPolicyDocuments, iamRegion, origin }));
  }
  for (const fn of expected.functions) {
    const l = live.functions.get(`${fn.region}/${fn.name}`);
    if (l === undefined) continue;
    const account = accountOfArn(fn.arn) ?? accountOfArn(l === 'missing' ? undefined : l.arn) ?? stateAccount(fn.source);
    findings.push(...compareFunction(fn, l, { source: fn.source, account }));
  }
  for (const policy of expected.customerPolicies) {
    const l = live.customerPolicies.get(policy.arn);
    if (l === undefined) continue;
    const resource = { type: 'aws_iam_policy', name: policy.name, arn: policy.arn, address: policy.address };
    const lookup = { service: 'iam', resourceName: policy.arn, region: iamRegion } as const;
    if (l === 'missing') {
      findings.push(
        makeFinding({
          lookup,
          origin: { source: policy.source, account: accountOfArn(policy.arn) ?? stateAccount(policy.source) },
          resource,
          differences: [{ path: 'PolicyName', expected: policy.name, actual: null, type: 'REMOVE' }],
          severity: { code: 'CUSTOMER_POLICY_DELETED' },
          remediation: { address: policy.address, policyArn: policy.arn },
        }),
      );
      continue;
    }
    const e = normalizePolicyDocument(policy.document, `${policy.address}.policy`);
    const a = normalizePolicyDocument(l.document, `live policy ${policy.arn} (${l.defaultVersionId})`);
    if (!policiesEqual(e, a)) {
      findings.push(
        makeFinding({
          lookup,
          origin: { source: policy.source, account: accountOfArn(policy.arn) ?? stateAccount(policy.source) },
          resource,
          differences: diffPolicies('PolicyDocument', e, a),
          severity: { code: 'CUSTOMER_POLICY_CHANGED', expected: e, actual: a },
          remediation: { address: policy.address, policyArn: policy.arn },
        }),
      );
    }
  }
  return sortFindings(findings);
}

export function sortFindings<T extends Pick<PendingFinding, 'severity' | 'code' | 'resource'>>(findings: T[]): T[] {
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...findings].sort(
    (a, b) =>
      severityRank(a.severity) - severityRank(b.severity) ||
      cmp(a.code, b.code) ||
      cmp(a.resource.address ?? '', b.resource.address ?? '') ||
      cmp(a.resource.name, b.resource.name),
  );
}
