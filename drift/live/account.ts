/**
 * Why this exists: IAM roles and Lambda functions are read by name. Credentials for the wrong account (dev
 * keys against a prod state) would read that account's resources of the same names and report their
 * differences as drift, or as "in sync". One STS GetCallerIdentity (it needs no permission) tells us whose
 * credentials these are; the state's ARNs tell us which account it describes. A mismatch is an error.
 */
import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import type { ExpectedInventory } from '../model';
import { UserError } from '../../shared/errors';
import { describeSdkError } from './errors';

/** arn:PARTITION:SERVICE:REGION:ACCOUNT:… → its parts; undefined for anything else. */
export function arnParts(arn: string | undefined): { partition: string; region: string; account: string } | undefined {
  const m = /^arn:([^:]+):[^:]*:([^:]*):(\d{12}):/.exec(arn ?? '');
  return m ? { partition: m[1], region: m[2], account: m[3] } : undefined;
}

/** Every ARN the state records for a resource it describes (not the principals it grants), by source. */
function stateArns(expected: ExpectedInventory): { source: string; arn: string }[] {
  const out: { source: string; arn: string }[] = [];
  for (const r of expected.roles) if (r.arn) out.push({ source: r.source, arn: r.arn });
  for (const f of expected.functions) {
    if (f.arn) out.push({ source: f.source, arn: f.arn });
    if (f.roleArn) out.push({ source: f.source, arn: f.roleArn });
  }
  for (const p of expected.customerPolicies) out.push({ source: p.source, arn: p.arn });
  return out;
}

/** Account ids in each state's ARNs (AWS-managed policy ARNs carry none and are skipped). */
export function accountsBySource(expected: ExpectedInventory): Map<string, string[]> {
  const out = new Map<string, Set<string>>();
  for (const { source, arn } of stateArns(expected)) {
    const account = arnParts(arn)?.account;
    if (!account) continue;
    if (!out.has(source)) out.set(source, new Set());
    out.get(source)!.add(account);
  }
  return new Map([...out].map(([s, a]) => [s, [...a].sort()]));
}

/** Partitions of the state's ARNs (aws, aws-cn, aws-us-gov), most frequent first. */
export function statePartitions(expected: ExpectedInventory): string[] {
  const counts = new Map<string, number>();
  for (const { arn } of stateArns(expected)) {
    const p = arnParts(arn)?.partition;
    if (p) counts.set(p, (counts.get(p) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([p]) => p);
}

/**
 * Throws a UserError (exit 1) when a state names an account the credentials are not for. States whose ARNs
 * name no account (only plain names) cannot be checked and pass. Returns the caller's account.
 */
export async function checkAccount(expected: ExpectedInventory, sts: STSClient): Promise<string> {
  let account: string | undefined;
  try {
    account = (await sts.send(new GetCallerIdentityCommand({}))).Account;
  } catch (err) {
    throw new UserError(
      `cannot tell which AWS account the credentials are for (${describeSdkError('sts:GetCallerIdentity', err)}); ` +
        'check the credentials, --profile and --region',
    );
  }
  if (!account) throw new UserError('sts:GetCallerIdentity returned no account; check the credentials and --profile');
  for (const [source, accounts] of accountsBySource(expected)) {
    if (accounts.includes(account)) continue;
    throw new UserError(
      `state ${source} is for account ${accounts.join(', ')}, the credentials are for ${account}; use the account's credentials or --profile`,
    );
  }
  return account;
}
