/**
 * Why this exists: facts about a whole state that later stages need as data, decided once here where the
 * state is read: which partition it lives in (where IAM and its CloudTrail events are) and which accounts
 * its own resources belong to (so the live reader can refuse credentials for another account).
 */
import type { ExpectedCustomerPolicy, ExpectedFunction, ExpectedRole, Partition } from '../model';
import { accountOfArn, parseArn } from '../../shared/aws/arn';
import { isPartition, partitionForRegion } from '../../shared/aws/partition';
import { resolveRegion } from '../aws/settings';

interface InventoryParts {
  readonly roles: readonly ExpectedRole[];
  readonly functions: readonly ExpectedFunction[];
  readonly customerPolicies: readonly ExpectedCustomerPolicy[];
}

/** The ARNs of the resources the state describes (roles, functions and their roles, customer policies), with their source. */
function ownArns(parts: InventoryParts): { source: string; arn: string }[] {
  const out: { source: string; arn: string }[] = [];
  for (const r of parts.roles) if (r.arn) out.push({ source: r.source, arn: r.arn });
  for (const f of parts.functions) {
    if (f.arn) out.push({ source: f.source, arn: f.arn });
    if (f.roleArn) out.push({ source: f.source, arn: f.roleArn });
  }
  for (const p of parts.customerPolicies) out.push({ source: p.source, arn: p.arn });
  return out;
}

/**
 * Every ARN the state records that must be in the state's own account: the resources' own ARNs (a
 * function's is also the one a permission names it by, a function's execution role is in its account), and
 * every policy a role attaches or takes as permissions boundary (IAM attaches only policies of the role's own
 * account, or AWS managed ones, whose ARNs name no account and are skipped). Never the principals, source
 * accounts or source ARNs a policy grants: those may be other accounts on purpose. So a state that names its
 * account only in an attachment's policy_arn is still checked, instead of being read in the wrong account and
 * reported as every role deleted.
 */
function sameAccountArns(parts: InventoryParts): { source: string; arn: string }[] {
  const out = ownArns(parts);
  for (const r of parts.roles) {
    for (const arn of [r.permissionsBoundary, ...Object.keys(r.managedPolicies)]) if (arn) out.push({ source: r.source, arn });
  }
  return out;
}

/** Account ids in each source's own ARNs, sorted (AWS-managed policy ARNs carry none and are skipped). */
export function accountsBySource(parts: InventoryParts): Record<string, string[]> {
  const out = new Map<string, Set<string>>();
  for (const { source, arn } of sameAccountArns(parts)) {
    const account = accountOfArn(arn);
    if (!account) continue;
    if (!out.has(source)) out.set(source, new Set());
    out.get(source)!.add(account);
  }
  return Object.fromEntries([...out].map(([s, a]) => [s, [...a].sort()]));
}

/**
 * The partition of the state's own ARNs (the most frequent, ties by name); when they name none, the
 * partition of `defaultRegion` (the caller's --region, else AWS_REGION / AWS_DEFAULT_REGION, else us-east-1).
 */
export function statePartition(parts: InventoryParts, defaultRegion: string | undefined, env: NodeJS.ProcessEnv = process.env): Partition {
  return arnPartition(parts) ?? partitionForRegion(defaultRegion ?? resolveRegion(undefined, env));
}

/** The most frequent partition in the state's own ARNs (ties by name), or undefined when they name none. */
export function arnPartition(parts: InventoryParts): Partition | undefined {
  const counts = new Map<Partition, number>();
  for (const { arn } of ownArns(parts)) {
    const p = parseArn(arn)?.partition;
    if (p && isPartition(p)) counts.set(p, (counts.get(p) ?? 0) + 1);
  }
  const [top] = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  return top?.[0];
}
