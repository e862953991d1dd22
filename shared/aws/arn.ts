/**
 * ARN parsing, the one home for it: @aws-sdk/util-arn-parser splits an ARN into its six parts, and these
 * helpers read the resource part the way IAM and Lambda lay it out. Every function here is total: an input
 * that is not the ARN asked for gives `undefined`, never a throw, because ARNs reach us from state files
 * and API answers we do not control.
 */
import { parse, validate } from '@aws-sdk/util-arn-parser';

export interface ArnParts {
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly accountId: string;
  /** Everything after the fifth colon, e.g. `role/path/name` or `function:name:alias`. */
  readonly resource: string;
}

const ACCOUNT_ID = /^\d{12}$/;

export function isAccountId(value: string): boolean {
  return ACCOUNT_ID.test(value);
}

/** The six parts of an ARN, or undefined when the text is not one. */
export function parseArn(arn: string | undefined | null): ArnParts | undefined {
  if (typeof arn !== 'string' || !validate(arn)) return undefined;
  try {
    return parse(arn);
  } catch {
    return undefined;
  }
}

/**
 * Why an ARN (text starting `arn:`) names no resource at all, or undefined when it is complete (or no ARN): fewer than the six parts
 * (`arn:aws:execute-api:us-east-1`), an empty resource (`arn:aws:s3:::`), or, for a `regional` ARN, an empty
 * region or account. ArnLike compares part by part, so such a pattern matches no real source.
 */
export function truncatedArnProblem(arn: string, regional: boolean): string | undefined {
  const parts = arn.split(':');
  if (parts[0] !== 'arn') return undefined; // not an ARN at all: not "truncated"
  if (parts.length < 6) return 'is truncated: an ARN has six parts, arn:partition:service:region:account:resource';
  const [, , service, region, account] = parts;
  if (parts.slice(5).join(':') === '') return 'is truncated: it names no resource';
  if (regional && (region === '' || account === ''))
    return `is truncated: it names no ${account === '' ? 'account' : 'region'} (${service} ARNs have both)`;
  return undefined;
}

/** The 12-digit account an ARN belongs to; undefined for AWS-owned ARNs (`iam::aws:policy/…`) and non-ARNs. */
export function accountOfArn(arn: string | undefined | null): string | undefined {
  const a = parseArn(arn)?.accountId;
  return a && isAccountId(a) ? a : undefined;
}

export interface FunctionArnParts {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
  readonly name: string;
  /** A version number or alias name, when the ARN is qualified. */
  readonly qualifier?: string;
}

/** arn:PARTITION:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER] → its parts. */
export function parseFunctionArn(arn: string | undefined | null): FunctionArnParts | undefined {
  const a = parseArn(arn);
  if (!a || a.service !== 'lambda' || !isAccountId(a.accountId)) return undefined;
  const [kind, name, qualifier, ...rest] = a.resource.split(':');
  if (kind !== 'function' || !name || rest.length > 0 || qualifier === '') return undefined;
  return { partition: a.partition, region: a.region, account: a.accountId, name, ...(qualifier ? { qualifier } : {}) };
}

/** The name at the end of an IAM ARN's path: `role/service/api-role` → `api-role`, `policy/x/Name` → `Name`. */
export function iamResourceName(arn: string): string | undefined {
  const a = parseArn(arn);
  if (!a || a.service !== 'iam') return undefined;
  const name = a.resource.split('/').pop();
  return name || undefined;
}

/** An AWS managed policy ARN in any partition and under any path (`arn:aws-cn:iam::aws:policy/job-function/X`). */
export function isAwsManagedPolicyArn(arn: string): boolean {
  const a = parseArn(arn);
  return !!a && a.service === 'iam' && a.accountId === 'aws' && a.resource.startsWith('policy/');
}

/** The name of an AWS managed policy (`AdministratorAccess`), or undefined for any other ARN. */
export function awsManagedPolicyName(arn: string): string | undefined {
  return isAwsManagedPolicyArn(arn) ? iamResourceName(arn) : undefined;
}

/** The same AWS managed policy ARN in the commercial partition (the catalogues list those). */
export function inCommercialPartition(arn: string): string {
  const a = parseArn(arn);
  return a ? `arn:aws:${a.service}:${a.region}:${a.accountId}:${a.resource}` : arn;
}

export interface RoleArnParts {
  readonly partition: string;
  readonly account: string;
  readonly name: string;
}

/** arn:PARTITION:iam::ACCOUNT:role/[path/]NAME → its parts. */
export function parseRoleArn(arn: string): RoleArnParts | undefined {
  const a = parseArn(arn);
  if (!a || a.service !== 'iam' || !isAccountId(a.accountId) || !a.resource.startsWith('role/')) return undefined;
  const name = a.resource.split('/').pop();
  return name ? { partition: a.partition, account: a.accountId, name } : undefined;
}

/** The ARN prefix of every session of a role: `arn:aws:sts::ACCOUNT:assumed-role/NAME/`. */
export function assumedRolePrefix(role: RoleArnParts): string {
  return `arn:${role.partition}:sts::${role.account}:assumed-role/${role.name}/`;
}

export function accountRootArn(accountId: string, partition = 'aws'): string {
  return `arn:${partition}:iam::${accountId}:root`;
}

/** The account a principal value names: a bare account id, or an IAM/STS ARN's account; else undefined. */
export function principalAccount(value: string): string | undefined {
  if (isAccountId(value)) return value;
  const a = parseArn(value);
  return a && (a.service === 'iam' || a.service === 'sts') && isAccountId(a.accountId) ? a.accountId : undefined;
}
