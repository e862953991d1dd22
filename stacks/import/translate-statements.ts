/**
 * IAM JSON statements → definition statements, and the (effect, action, resource) atoms the importer
 * uses to tell whether a grant the definition implies (scoped logging, event sources, dead letter…) is
 * already in the Terraform role, so it is not written twice.
 */
import type { PolicyStatement } from '../../modules/policy-types';
import type { FunctionDefinition } from '../definition';

/** A statement as a definition holds it. */
export type DefinitionStatement = NonNullable<FunctionDefinition['statements']>[number];
import { isObject } from './hcl/values';

type Json = Record<string, unknown>;
const list = (v: unknown): string[] | undefined =>
  v === undefined ? undefined : Array.isArray(v) ? v.map((x) => String(x)) : [typeof v === 'string' ? v : JSON.stringify(v)];

/** A statement of an identity or trust policy as a definition statement; a problem when one cannot be. */
export function toDefinitionStatement(s: Json): DefinitionStatement | string {
  const known = new Set(['Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition', 'Principal', 'NotPrincipal']);
  const extra = Object.keys(s).filter((k) => !known.has(k));
  if (extra.length) return `the statement has elements a definition cannot hold: ${extra.join(', ')}`;
  const out: Record<string, unknown> = {};
  if (typeof s.Sid === 'string' && s.Sid) {
    if (!/^[A-Za-z0-9]*$/.test(s.Sid)) return `the Sid ${JSON.stringify(s.Sid)} has characters other than letters and digits`;
    out.sid = s.Sid;
  }
  if (s.Effect === 'Deny') out.effect = 'Deny';
  const set = (from: string, to: string) => {
    const v = list(s[from]);
    if (v) out[to] = v;
  };
  set('Action', 'actions');
  set('NotAction', 'notActions');
  set('Resource', 'resources');
  set('NotResource', 'notResources');
  if (isObject(s.Condition)) {
    const conditions: Record<string, Record<string, string | string[]>> = {};
    for (const [op, kv] of Object.entries(s.Condition)) {
      if (!isObject(kv)) return `the condition ${op} is not a key → values map`;
      conditions[op] = Object.fromEntries(Object.entries(kv).map(([k, v]) => [k, Array.isArray(v) ? v.map(String) : String(v)]));
    }
    out.conditions = conditions;
  }
  const principal = (p: unknown): unknown => {
    if (p === '*') return '*';
    if (!isObject(p)) return undefined;
    return Object.fromEntries(Object.entries(p).map(([k, v]) => [k, Array.isArray(v) ? v.map(String) : String(v)]));
  };
  if (s.Principal !== undefined) out.principals = principal(s.Principal);
  if (s.NotPrincipal !== undefined) out.notPrincipals = principal(s.NotPrincipal);
  return out;
}

/** The statements of a policy document text (or an already parsed document). */
export function statementsOf(doc: unknown): Json[] | string {
  let parsed = doc;
  if (typeof doc === 'string') {
    try {
      parsed = JSON.parse(doc);
    } catch {
      return 'the policy is not JSON';
    }
  }
  if (!isObject(parsed)) return 'the policy is not a JSON object';
  const st = parsed.Statement;
  if (Array.isArray(st)) return st.filter(isObject);
  if (isObject(st)) return [st];
  return 'the policy has no Statement';
}

/** "Allow|action|resource" of a plain Allow statement (no conditions, no Not* elements); undefined otherwise. */
export function atomsOf(s: PolicyStatement): Set<string> | undefined {
  if ((s.effect ?? 'Allow') !== 'Allow' || s.conditions || s.notActions || s.notResources || !s.actions || !s.resources) return undefined;
  const out = new Set<string>();
  for (const a of s.actions) for (const r of s.resources) out.add(`${a.toLowerCase()}|${r}`);
  return out;
}

/** The atoms of several statements together (statements with conditions or Not* contribute none). */
export function allAtoms(statements: readonly PolicyStatement[]): Set<string> {
  const out = new Set<string>();
  for (const s of statements) for (const a of atomsOf(s) ?? []) out.add(a);
  return out;
}
