/**
 * Customer-managed policies: the default version's document is what grants permissions, so that is
 * what we read (GetPolicy for DefaultVersionId, then GetPolicyVersion), or take it from the
 * GetAccountAuthorizationDetails pages the bulk role read already fetched.
 */
import { GetPolicyCommand, GetPolicyVersionCommand, type IAMClient, type ManagedPolicyDetail } from '@aws-sdk/client-iam';
import type { LiveCustomerPolicy, ReadError } from '../model';
import { isNotFound, readError, resourceLabel } from '../aws/sdk-errors';
import { mapLimited, type Limiter } from '../aws/limiter';

export interface PolicyReadResult {
  readonly policies: Map<string, LiveCustomerPolicy | 'missing'>;
  readonly errors: ReadError[];
}

export async function readCustomerPolicies(iam: IAMClient, arns: readonly string[], limiter: Limiter): Promise<PolicyReadResult> {
  const policies = new Map<string, LiveCustomerPolicy | 'missing'>();
  const errors: ReadError[] = [];
  await mapLimited(arns, limiter, async (arn) => {
    let operation = 'GetPolicy';
    try {
      const { Policy } = await iam.send(new GetPolicyCommand({ PolicyArn: arn }));
      const versionId = Policy?.DefaultVersionId ?? 'v1';
      operation = `GetPolicyVersion ${versionId}`;
      const { PolicyVersion } = await iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: versionId }));
      policies.set(arn, { arn, defaultVersionId: versionId, document: PolicyVersion?.Document ?? '' });
    } catch (err) {
      if (isNotFound(err)) policies.set(arn, 'missing');
      else errors.push(readError(resourceLabel.policy(arn), operation, err));
    }
  });
  return { policies, errors };
}

/** The same result from GetAccountAuthorizationDetails (Filter LocalManagedPolicy) details. */
export function customerPoliciesFromDetails(arns: readonly string[], details: ReadonlyMap<string, ManagedPolicyDetail>): PolicyReadResult {
  const policies = new Map<string, LiveCustomerPolicy | 'missing'>();
  for (const arn of arns) {
    const d = details.get(arn);
    if (!d) {
      policies.set(arn, 'missing');
      continue;
    }
    const defaultVersion =
      (d.PolicyVersionList ?? []).find((v) => v.IsDefaultVersion) ??
      (d.PolicyVersionList ?? []).find((v) => v.VersionId === d.DefaultVersionId);
    policies.set(arn, {
      arn,
      defaultVersionId: d.DefaultVersionId ?? defaultVersion?.VersionId ?? '',
      document: defaultVersion?.Document ?? '',
    });
  }
  return { policies, errors: [] };
}
