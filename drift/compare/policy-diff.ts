/**
 * Why this exists: a changed policy should say *where* it changed, in paths a reviewer can read
 * (`AssumeRolePolicyDocument.Statement[0].Principal.AWS`, `Policy.Statement[sid=AllowS3].Condition…`),
 * not just "documents differ". Statements are paired by Sid, then by identical meaning, then by position;
 * what stays unpaired was added or removed.
 */
import type { Difference } from '../model';
import { statementKey, type NormalizedPolicy, type NormalizedStatement } from '../normalize/policy-document';
import { findKeyIgnoringCase, sortedUnique } from '../normalize/lists';

export function diffPolicies(base: string, expected: NormalizedPolicy, actual: NormalizedPolicy): Difference[] {
  const out: Difference[] = [];
  if (expected.Version !== actual.Version) out.push(neq(`${base}.Version`, expected.Version, actual.Version));
  if ((expected.Id ?? null) !== (actual.Id ?? null)) out.push(change(`${base}.Id`, expected.Id, actual.Id));
  const { pairs, removed, added } = pairStatements(expected.Statement, actual.Statement);
  for (const [ei, ai] of pairs) {
    out.push(...diffStatement(`${base}.${label(expected.Statement[ei], ei)}`, expected.Statement[ei], actual.Statement[ai]));
  }
  for (const i of removed)
    out.push({ path: `${base}.${label(expected.Statement[i], i)}`, expected: expected.Statement[i], actual: null, type: 'REMOVE' });
  for (const i of added)
    out.push({ path: `${base}.${label(actual.Statement[i], i)}`, expected: null, actual: actual.Statement[i], type: 'ADD' });
  return out;
}

function label(s: NormalizedStatement, index: number): string {
  return s.Sid ? `Statement[sid=${s.Sid}]` : `Statement[${index}]`;
}

interface Pairing {
  readonly pairs: [number, number][];
  readonly removed: number[];
  readonly added: number[];
}

export function pairStatements(expected: readonly NormalizedStatement[], actual: readonly NormalizedStatement[]): Pairing {
  const freeE = new Set(expected.keys());
  const freeA = new Set(actual.keys());
  const pairs: [number, number][] = [];
  const take = (match: (e: NormalizedStatement, a: NormalizedStatement) => boolean) => {
    for (const ei of [...freeE]) {
      const ai = [...freeA].find((i) => match(expected[ei], actual[i]));
      if (ai === undefined) continue;
      pairs.push([ei, ai]);
      freeE.delete(ei);
      freeA.delete(ai);
    }
  };
  take((e, a) => !!e.Sid && e.Sid === a.Sid);
  take((e, a) => statementKey(e) === statementKey(a));
  // Whatever is left without a Sid on either side is most readably shown as "statement N changed".
  take((e, a) => !e.Sid && !a.Sid);
  return { pairs: pairs.sort((x, y) => x[0] - y[0]), removed: [...freeE], added: [...freeA] };
}

const LIST_FIELDS = ['Action', 'NotAction', 'Resource', 'NotResource'] as const;

function diffStatement(path: string, e: NormalizedStatement, a: NormalizedStatement): Difference[] {
  const out: Difference[] = [];
  if (e.Effect !== a.Effect) out.push(neq(`${path}.Effect`, e.Effect, a.Effect));
  for (const f of ['Principal', 'NotPrincipal'] as const) out.push(...diffMapOfLists(`${path}.${f}`, e[f], a[f], false, false));
  for (const f of LIST_FIELDS) {
    const ignoreCase = f === 'Action' || f === 'NotAction';
    if (!sameSet(e[f], a[f], ignoreCase)) out.push(change(`${path}.${f}`, e[f] && show(e[f]), a[f] && show(a[f])));
  }
  const ops = keysIgnoringCase(e.Condition ?? {}, a.Condition ?? {});
  for (const [eOp, aOp] of ops) {
    out.push(
      ...diffMapOfLists(
        `${path}.Condition.${eOp ?? aOp}`,
        eOp ? e.Condition![eOp] : undefined,
        aOp ? a.Condition![aOp] : undefined,
        true,
        false,
      ),
    );
  }
  return out;
}

/** Compares `{key: [values]}` maps (principals, one condition operator) key by key. */
function diffMapOfLists(
  path: string,
  e: Readonly<Record<string, readonly string[]>> | undefined,
  a: Readonly<Record<string, readonly string[]>> | undefined,
  keysIgnoreCase: boolean,
  valuesIgnoreCase: boolean,
): Difference[] {
  const out: Difference[] = [];
  const pairs = keysIgnoreCase
    ? keysIgnoringCase(e ?? {}, a ?? {})
    : [...new Set([...Object.keys(e ?? {}), ...Object.keys(a ?? {})])]
        .sort()
        .map((k) => [e?.[k] ? k : undefined, a?.[k] ? k : undefined] as const);
  for (const [ek, ak] of pairs) {
    const ev = ek ? e![ek] : undefined;
    const av = ak ? a![ak] : undefined;
    if (!sameSet(ev, av, valuesIgnoreCase)) out.push(change(`${path}.${ek ?? ak}`, ev && show(ev), av && show(av)));
  }
  return out;
}

/** Key pairs [expectedSpelling, actualSpelling] matched case-insensitively, in sorted order. */
function keysIgnoringCase(e: object, a: object): (readonly [string | undefined, string | undefined])[] {
  const lower = sortedUnique(
    [...Object.keys(e), ...Object.keys(a)].map((k) => k.toLowerCase()),
    false,
  );
  return lower.map((k) => [findKeyIgnoringCase(e, k), findKeyIgnoringCase(a, k)] as const);
}

function sameSet(e: readonly string[] | undefined, a: readonly string[] | undefined, ignoreCase: boolean): boolean {
  if (!e || !a) return !e && !a;
  const norm = (l: readonly string[]) => sortedUnique(ignoreCase ? l.map((x) => x.toLowerCase()) : l, false);
  const [x, y] = [norm(e), norm(a)];
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/** One value reads better as a string than as a one-element array. */
function show(list: readonly string[]): string | readonly string[] {
  return list.length === 1 ? list[0] : list;
}

function neq(path: string, expected: unknown, actual: unknown): Difference {
  return { path, expected, actual, type: 'NOT_EQUAL' };
}

function change(path: string, expected: unknown, actual: unknown): Difference {
  if (expected === undefined || expected === null) return { path, expected: null, actual, type: 'ADD' };
  if (actual === undefined || actual === null) return { path, expected, actual: null, type: 'REMOVE' };
  return neq(path, expected, actual);
}
