/**
 * Why this exists: IAM accepts several spellings for the same principal and returns yet another one.
 * `"*"` ≡ `{"AWS": "*"}`, and an account id ≡ that account's root ARN (IAM stores the ARN; Terraform may
 * have stored the id). Principal type keys are case-sensitive in IAM and kept as written.
 */
import { sortedUnique, toStrings } from './lists';

/** Principal type (AWS, Service, Federated, CanonicalUser) → sorted values. */
export type NormalizedPrincipal = Readonly<Record<string, readonly string[]>>;

const ACCOUNT_ID = /^\d{12}$/;

export function accountRootArn(accountId: string, partition = 'aws'): string {
  return `arn:${partition}:iam::${accountId}:root`;
}

export function normalizePrincipal(input: unknown): NormalizedPrincipal {
  if (typeof input === 'string') return { AWS: [input === '*' ? '*' : canonicalAwsPrincipal(input)] };
  if (!input || typeof input !== 'object' || Array.isArray(input)) return { AWS: toStrings(input) };
  const out: Record<string, readonly string[]> = {};
  for (const [type, values] of Object.entries(input as Record<string, unknown>)) {
    const list = toStrings(values);
    out[type] = sortedUnique(type === 'AWS' ? list.map(canonicalAwsPrincipal) : list, false);
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
}

function canonicalAwsPrincipal(value: string): string {
  return ACCOUNT_ID.test(value) ? accountRootArn(value) : value;
}

/** The account a principal value belongs to, if it names one ("123…" or an IAM ARN), else undefined. */
export function principalAccount(value: string): string | undefined {
  if (ACCOUNT_ID.test(value)) return value;
  const m = /^arn:[^:]+:(?:iam|sts)::(\d{12}):/.exec(value);
  return m?.[1];
}
