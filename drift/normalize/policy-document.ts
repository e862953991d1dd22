/**
 * Why this exists: IAM policy documents are compared by meaning, not by bytes. IAM and Terraform rewrite
 * documents freely (one statement vs an array of one, a string vs a one-element array, reordered lists,
 * an account id vs its root ARN), and none of that is drift. We bring a document into one canonical shape
 * and keep the original spelling so differences stay readable.
 */
import { parsePolicyText } from './url-decode';
import { policyShapeProblem } from './policy-shape';
import { normalizePrincipal, type NormalizedPrincipal } from './principal';
import { findKeyIgnoringCase, sortedUnique, toStrings } from './lists';

export interface NormalizedStatement {
  readonly Sid?: string;
  readonly Effect: string;
  readonly Principal?: NormalizedPrincipal;
  readonly NotPrincipal?: NormalizedPrincipal;
  readonly Action?: readonly string[];
  readonly NotAction?: readonly string[];
  readonly Resource?: readonly string[];
  readonly NotResource?: readonly string[];
  /** Operator → condition key → values (sorted). Operator and key keep their first spelling. */
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
}

export interface NormalizedPolicy {
  readonly Version: string;
  readonly Id?: string;
  readonly Statement: readonly NormalizedStatement[];
}

/** AWS applies this version when a document names none. */
export const DEFAULT_POLICY_VERSION = '2008-10-17';

/** Lists whose order never matters; the first two compare case-insensitively (action names). */
const ACTION_FIELDS = ['Action', 'NotAction'] as const;
const RESOURCE_FIELDS = ['Resource', 'NotResource'] as const;

export function normalizePolicyDocument(input: unknown, what: string): NormalizedPolicy {
  const doc = parsePolicyText(input, what);
  if (doc === undefined || doc === null) return { Version: DEFAULT_POLICY_VERSION, Statement: [] };
  // The readers refuse such documents first (state: a UserError, live: a ReadError); this guards library
  // callers that build inventories themselves, so junk never becomes a finding.
  const problem = policyShapeProblem(doc);
  if (problem) throw new Error(`${what}: not an IAM policy document (${problem})`);
  const raw = doc as Record<string, unknown>;
  const statements = raw.Statement === undefined ? [] : Array.isArray(raw.Statement) ? raw.Statement : [raw.Statement];
  return {
    Version: typeof raw.Version === 'string' && raw.Version ? raw.Version : DEFAULT_POLICY_VERSION,
    ...(typeof raw.Id === 'string' ? { Id: raw.Id } : {}),
    Statement: statements.map((s, i) => normalizeStatement(s, `${what} Statement[${i}]`)),
  };
}

function normalizeStatement(input: unknown, what: string): NormalizedStatement {
  if (!input || typeof input !== 'object' || Array.isArray(input)) throw new Error(`${what}: a statement must be a JSON object`);
  const s = input as Record<string, unknown>;
  const out: Record<string, unknown> = { Effect: typeof s.Effect === 'string' ? s.Effect : 'Allow' };
  if (typeof s.Sid === 'string' && s.Sid !== '') out.Sid = s.Sid;
  if (s.Principal !== undefined) out.Principal = normalizePrincipal(s.Principal);
  if (s.NotPrincipal !== undefined) out.NotPrincipal = normalizePrincipal(s.NotPrincipal);
  for (const f of ACTION_FIELDS) if (s[f] !== undefined) out[f] = sortedUnique(toStrings(s[f]), true);
  for (const f of RESOURCE_FIELDS) if (s[f] !== undefined) out[f] = sortedUnique(toStrings(s[f]), false);
  if (s.Condition && typeof s.Condition === 'object') {
    const condition = normalizeCondition(s.Condition as Record<string, unknown>);
    if (Object.keys(condition).length) out.Condition = condition;
  }
  return out as unknown as NormalizedStatement;
}

/** Operators and keys are case-insensitive in IAM: entries differing only by case are merged. */
function normalizeCondition(raw: Record<string, unknown>): Record<string, Record<string, string[]>> {
  const out: Record<string, Record<string, string[]>> = {};
  for (const [op, block] of Object.entries(raw)) {
    if (!block || typeof block !== 'object') continue;
    const opName = findKeyIgnoringCase(out, op) ?? op;
    const keys = (out[opName] ??= {});
    for (const [key, values] of Object.entries(block as Record<string, unknown>)) {
      const keyName = findKeyIgnoringCase(keys, key) ?? key;
      keys[keyName] = sortedUnique([...(keys[keyName] ?? []), ...toStrings(values)], false);
    }
  }
  return out;
}

/**
 * A string equal for two statements exactly when they mean the same thing: lower-cases what IAM treats
 * case-insensitively (action names, condition operators and keys) and keeps the rest.
 */
export function statementKey(s: NormalizedStatement): string {
  const lowerList = (l?: readonly string[]) =>
    l
      ? sortedUnique(
          l.map((x) => x.toLowerCase()),
          false,
        )
      : null;
  const condition = s.Condition
    ? Object.entries(s.Condition)
        .map(
          ([op, keys]) =>
            [
              op.toLowerCase(),
              Object.entries(keys)
                .map(([k, v]) => [k.toLowerCase(), v])
                .sort(),
            ] as const,
        )
        .sort()
    : null;
  return JSON.stringify([
    s.Sid ?? null,
    s.Effect,
    s.Principal ?? null,
    s.NotPrincipal ?? null,
    lowerList(s.Action),
    lowerList(s.NotAction),
    s.Resource ?? null,
    s.NotResource ?? null,
    condition,
  ]);
}

/** Two documents mean the same thing (statement order never matters). */
export function policiesEqual(a: NormalizedPolicy, b: NormalizedPolicy): boolean {
  if (a.Version !== b.Version || (a.Id ?? null) !== (b.Id ?? null)) return false;
  const ka = a.Statement.map(statementKey).sort();
  const kb = b.Statement.map(statementKey).sort();
  return ka.length === kb.length && ka.every((k, i) => k === kb[i]);
}
