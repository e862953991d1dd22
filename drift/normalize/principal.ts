/**
 * Why this exists: IAM accepts several spellings for the same principal and returns yet another one.
 * `"*"` ≡ `{"AWS": "*"}`, and an account id ≡ that account's root ARN (IAM stores the ARN; Terraform may
 * have stored the id). Principal type keys are case-sensitive in IAM and kept as written.
 */
import { sortedUnique, toStrings } from './lists';
import { accountRootArn, isAccountId } from '../../shared/aws/arn';

/** Principal type (AWS, Service, Federated, CanonicalUser) → sorted values. */
export type NormalizedPrincipal = Readonly<Record<string, readonly string[]>>;

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
  return isAccountId(value) ? accountRootArn(value) : value;
}
