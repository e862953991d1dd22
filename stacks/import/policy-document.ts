/**
 * data "aws_iam_policy_document" rendered as the provider renders it (its `json` attribute), computed
 * locally from the evaluated blocks: statement (sid, effect, actions, not_actions, resources,
 * not_resources, principals, not_principals, condition), source_policy_documents and
 * override_policy_documents (statements replaced by Sid). One value is written as a string, as AWS does.
 */
import { isObject, Unknown } from './hcl/values';

type Json = Record<string, unknown>;
const one = (values: readonly unknown[]): unknown => (values.length === 1 ? values[0] : values);
const blocks = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isObject) : isObject(v) ? [v] : []);
const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.map((x) => String(x)) : v === null || v === undefined ? [] : [typeof v === 'string' ? v : JSON.stringify(v)];

function principals(list: Json[]): unknown {
  if (list.length === 1 && list[0].type === '*') return '*';
  const out: Record<string, string[]> = {};
  for (const p of list) {
    const type = String(p.type);
    out[type] = [...(out[type] ?? []), ...strings(p.identifiers)];
  }
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, one([...new Set(v)].sort())]));
}

function statementOf(s: Json): Json {
  const out: Json = {};
  if (typeof s.sid === 'string' && s.sid) out.Sid = s.sid;
  out.Effect = typeof s.effect === 'string' && s.effect ? s.effect : 'Allow';
  const list = (key: string, name: string) => {
    const values = strings(s[key]);
    if (values.length) out[name] = one([...new Set(values)].sort().reverse());
  };
  list('actions', 'Action');
  list('not_actions', 'NotAction');
  list('resources', 'Resource');
  list('not_resources', 'NotResource');
  const p = blocks(s.principals);
  if (p.length) out.Principal = principals(p);
  const np = blocks(s.not_principals);
  if (np.length) out.NotPrincipal = principals(np);
  const conditions: Record<string, Record<string, string[]>> = {};
  for (const c of blocks(s.condition)) {
    const test = String(c.test);
    const variable = String(c.variable);
    ((conditions[test] ??= {})[variable] ??= []).push(...strings(c.values));
  }
  if (Object.keys(conditions).length)
    out.Condition = Object.fromEntries(
      Object.entries(conditions).map(([test, vars]) => [test, Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, one(v)]))]),
    );
  return out;
}

function statementsOfText(text: unknown): Json[] | Unknown {
  if (text instanceof Unknown) return text;
  try {
    const doc = JSON.parse(String(text)) as Json;
    return blocks(doc.Statement);
  } catch {
    return new Unknown('a source or override policy document is not JSON');
  }
}

/** The `json` of the data source from its evaluated arguments. */
export function renderPolicyDocument(args: Json): string | Unknown {
  let statements: Json[] = [];
  for (const text of Array.isArray(args.source_policy_documents) ? args.source_policy_documents : []) {
    const s = statementsOfText(text);
    if (s instanceof Unknown) return s;
    statements.push(...s);
  }
  for (const s of blocks(args.statement).map(statementOf)) {
    const i = s.Sid ? statements.findIndex((t) => t.Sid === s.Sid) : -1;
    if (i >= 0) statements[i] = s;
    else statements.push(s);
  }
  for (const text of Array.isArray(args.override_policy_documents) ? args.override_policy_documents : []) {
    const over = statementsOfText(text);
    if (over instanceof Unknown) return over;
    for (const s of over) {
      const i = s.Sid ? statements.findIndex((t) => t.Sid === s.Sid) : -1;
      if (i >= 0) statements[i] = s;
      else statements = [...statements, s];
    }
  }
  const doc: Json = { Version: typeof args.version === 'string' ? args.version : '2012-10-17' };
  if (typeof args.policy_id === 'string') doc.Id = args.policy_id;
  doc.Statement = statements;
  return JSON.stringify(doc);
}
