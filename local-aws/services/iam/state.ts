/**
 * IAM state, per account. Plain JSON (the core snapshots endpoint state with JSON.stringify), so no Maps,
 * Dates or class instances: timestamps are ISO strings. AWS managed policies are not copied in here; they
 * live once in `aws-managed.ts` and accounts refer to them by ARN.
 */
import { randomInt } from 'node:crypto';
import { ensureOwn } from '../../core/own';

export interface Tag {
  readonly Key: string;
  readonly Value: string;
}

export interface RoleRecord {
  roleName: string;
  roleId: string;
  path: string;
  arn: string;
  createDate: string;
  /** The trust policy as the caller sent it (returned URL-encoded). */
  assumeRolePolicyDocument: string;
  description?: string;
  maxSessionDuration: number;
  permissionsBoundaryArn?: string;
  tags: Tag[];
  /** Inline policies by name, documents as sent. */
  inlinePolicies: Record<string, string>;
  /** Managed policy ARNs in attachment order. */
  attachedPolicyArns: string[];
  lastUsed?: { date: string; region: string };
}

export interface PolicyVersionRecord {
  versionId: string;
  document: string;
  createDate: string;
}

export interface PolicyRecord {
  policyName: string;
  policyId: string;
  arn: string;
  path: string;
  description?: string;
  createDate: string;
  updateDate: string;
  defaultVersionId: string;
  versions: PolicyVersionRecord[];
  /** Next version number: IAM never reuses a version id, even after DeletePolicyVersion. */
  nextVersion: number;
  tags: Tag[];
}

export interface AccountIam {
  /** Keyed by lower-cased role name: IAM names are unique regardless of case. */
  roles: Record<string, RoleRecord>;
  /** Customer managed policies, keyed by ARN. */
  policies: Record<string, PolicyRecord>;
}

export interface IamState {
  accounts: Record<string, AccountIam>;
}

export function emptyIamState(): IamState {
  return { accounts: {} };
}

/** The account's IAM, created on first use (every account the identity store knows starts empty). */
export function accountOf(state: IamState, accountId: string): AccountIam {
  return ensureOwn(state.accounts, accountId, () => ({ roles: {}, policies: {} }));
}

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** IAM unique ids: a 4-letter type prefix (AROA role, ANPA policy) and 17 upper-case alphanumerics. */
export function newUniqueId(prefix: 'AROA' | 'ANPA'): string {
  let id = prefix;
  for (let i = 0; i < 17; i++) id += ID_ALPHABET[randomInt(ID_ALPHABET.length)];
  return id;
}
