/**
 * Why this exists: the analyzer of the drift check. It pairs each resource AWS has with what state expects,
 * collects findings from the per-resource comparers, and sorts them so the output is the same on every run
 * (severity, then code, then resource address and name), whatever order the reads finished in.
 *
 * A resource that is absent from the live maps was not read (the live side records a ReadError for it);
 * it is skipped here rather than reported as deleted.
 */
import type {
  ExpectedCustomerPolicy,
  ExpectedFunction,
  ExpectedInventory,
  ExpectedRole,
  LiveCustomerPolicy,
  LiveFunction,
  LiveInventory,
  LiveItem,
  LiveRole,
  PendingFinding,
} from '../model';
import { normalizePolicyDocument, policiesEqual } from '../normalize/policy-document';
import { severityRank } from '../severity/severity';
import { iamRegionFor } from '../../shared/aws/partition';
import { accountOfArn } from '../../shared/aws/arn';
import { compareRole } from './compare-role';
import { compareFunction } from './compare-function';
import { diffPolicies } from './policy-diff';
import { makeFinding } from './finding';

/** The expected resource a live item was compared with: the key `orderFindings` puts findings back in order by. */
export type ExpectedResource = ExpectedRole | ExpectedFunction | ExpectedCustomerPolicy;

export interface ComparedItem {
  readonly expected: ExpectedResource;
  readonly findings: PendingFinding[];
}

/**
 * A comparer for one expected inventory: give it each live resource as it is read (drift/run-drift.ts streams
 * them), and it compares it with every expected resource of that name. `liveCustomerPolicyDocuments` adds
 * documents for customer policies state does not declare (state's own documents win); a live read only ever
 * reads declared ones, so streaming passes none.
 */
export function createComparer(
  expected: ExpectedInventory,
  liveCustomerPolicyDocuments: ReadonlyMap<string, unknown> = new Map(),
): (item: LiveItem) => ComparedItem[] {
  // IAM's CloudTrail events live in the IAM region of the partition the state reader found.
  const iamRegion = iamRegionFor(expected.partition);
  // A resource whose ARNs state does not record belongs to its state's account, when that one is known and single.
  const stateAccount = (source: string): string | null => {
    const accounts = expected.accountsBySource[source] ?? [];
    return accounts.length === 1 ? accounts[0] : null;
  };
  const customerPolicyDocuments = new Map<string, unknown>(liveCustomerPolicyDocuments);
  for (const p of expected.customerPolicies) customerPolicyDocuments.set(p.arn, p.document);
  // Built once: which functions use each role (a scan per role would cost roles × functions).
  const functionsByRoleArn = new Map<string, string[]>();
  for (const f of expected.functions)
    if (f.roleArn) (functionsByRoleArn.get(f.roleArn) ?? functionsByRoleArn.set(f.roleArn, []).get(f.roleArn)!).push(f.name);
  for (const names of functionsByRoleArn.values()) names.sort();
  const rolesByName = groupBy(expected.roles, (r) => r.name);
  const functionsByKey = groupBy(expected.functions, (f) => `${f.region}/${f.name}`);
  const policiesByArn = groupBy(expected.customerPolicies, (p) => p.arn);

  const role = (r: ExpectedRole, l: LiveRole | 'missing'): PendingFinding[] => {
    const origin = {
      source: r.source,
      account: accountOfArn(r.arn) ?? accountOfArn(l === 'missing' ? undefined : l.arn) ?? stateAccount(r.source),
    };
    const functionsUsingRole = r.arn ? (functionsByRoleArn.get(r.arn) ?? []) : [];
    return compareRole(r, l, { functionsUsingRole, customerPolicyDocuments, iamRegion, origin });
  };
  const fn = (f: ExpectedFunction, l: LiveFunction | 'missing'): PendingFinding[] => {
    const account = accountOfArn(f.arn) ?? accountOfArn(l === 'missing' ? undefined : l.arn) ?? stateAccount(f.source);
    return compareFunction(f, l, { source: f.source, account });
  };
  const policy = (p: ExpectedCustomerPolicy, l: LiveCustomerPolicy | 'missing'): PendingFinding[] =>
    compareCustomerPolicy(p, l, { iamRegion, account: accountOfArn(p.arn) ?? stateAccount(p.source) });

  return (item) => {
    switch (item.kind) {
      case 'role':
        return (rolesByName.get(item.name) ?? []).map((r) => ({ expected: r, findings: role(r, item.live) }));
      case 'function':
        return (functionsByKey.get(item.key) ?? []).map((f) => ({ expected: f, findings: fn(f, item.live) }));
      case 'customerPolicy':
        return (policiesByArn.get(item.arn) ?? []).map((p) => ({ expected: p, findings: policy(p, item.live) }));
    }
  };
}

function compareCustomerPolicy(
  policy: ExpectedCustomerPolicy,
  l: LiveCustomerPolicy | 'missing',
  where: { readonly iamRegion: string; readonly account: string | null },
): PendingFinding[] {
  const resource = { type: 'aws_iam_policy', name: policy.name, arn: policy.arn, address: policy.address };
  const lookup = { service: 'iam', resourceName: policy.arn, region: where.iamRegion } as const;
  const origin = { source: policy.source, account: where.account };
  const remediation = { address: policy.address, policyArn: policy.arn };
  if (l === 'missing') {
    return [
      makeFinding({
        lookup,
        origin,
        resource,
        differences: [{ path: 'PolicyName', expected: policy.name, actual: null, type: 'REMOVE' }],
        severity: { code: 'CUSTOMER_POLICY_DELETED' },
        remediation,
      }),
    ];
  }
  const e = normalizePolicyDocument(policy.document, `${policy.address}.policy`);
  const a = normalizePolicyDocument(l.document, `live policy ${policy.arn} (${l.defaultVersionId})`);
  if (policiesEqual(e, a)) return [];
  return [
    makeFinding({
      lookup,
      origin,
      resource,
      differences: diffPolicies('PolicyDocument', e, a),
      severity: { code: 'CUSTOMER_POLICY_CHANGED', expected: e, actual: a },
      remediation,
    }),
  ];
}

/**
 * Findings in the one stable order, whatever order the resources were compared in: the expected inventory's
 * order (roles, functions, policies), then sorted (severity, code, address, name).
 */
export function orderFindings(
  expected: ExpectedInventory,
  byExpected: ReadonlyMap<ExpectedResource, readonly PendingFinding[]>,
): PendingFinding[] {
  const all: ExpectedResource[] = [...expected.roles, ...expected.functions, ...expected.customerPolicies];
  return sortFindings(all.flatMap((e) => [...(byExpected.get(e) ?? [])]));
}

/** Every resource at once: the comparer over a whole live inventory. */
export function compareInventories(expected: ExpectedInventory, live: LiveInventory): PendingFinding[] {
  const liveDocuments = new Map<string, unknown>();
  for (const [arn, p] of live.customerPolicies) if (p !== 'missing') liveDocuments.set(arn, p.document);
  const compare = createComparer(expected, liveDocuments);
  const byExpected = new Map<ExpectedResource, PendingFinding[]>();
  const items: LiveItem[] = [
    ...[...live.roles].map(([name, l]) => ({ kind: 'role', name, live: l }) as const),
    ...[...live.functions].map(([key, l]) => ({ kind: 'function', key, live: l }) as const),
    ...[...live.customerPolicies].map(([arn, l]) => ({ kind: 'customerPolicy', arn, live: l }) as const),
  ];
  for (const item of items) for (const { expected: e, findings } of compare(item)) byExpected.set(e, findings);
  return orderFindings(expected, byExpected);
}

function groupBy<T>(xs: readonly T[], key: (x: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const x of xs) {
    const k = key(x);
    const list = out.get(k);
    if (list) list.push(x);
    else out.set(k, [x]);
  }
  return out;
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
