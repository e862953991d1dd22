/**
 * `data "aws_iam_policy_document"`, the usual way Terraform code (and the public Lambda module) writes
 * policies: its arguments as Terraform JSON holds them (snake_case, blocks as lists) → the statements of the
 * `json` it renders. Merged as the provider merges: source_policy_documents first, then the document's own
 * statements (a Sid replaces the same Sid of a source), then override_policy_documents (replacing by Sid,
 * appending the rest).
 */
import type { Conditions, Principal, PolicyStatement } from '../../policy-types';

type Json = { readonly [key: string]: unknown };
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A nested block as Terraform JSON writes it: a list of objects or one object. */
export function blocksOf(v: unknown): Json[] {
  if (Array.isArray(v)) return (v as unknown[]).filter(isObject);
  return isObject(v) ? [v] : [];
}

/** What stands for a value known only after apply (a plan writes it as null): the checks skip it. */
export const UNKNOWN_VALUE = '${unknown}';

/** A list argument (a set of strings); a whole list from an expression (`${var.actions}`) becomes one unknown value. */
function list(v: unknown): string[] | undefined {
  if (v === undefined || v === null) return undefined;
  return (Array.isArray(v) ? (v as unknown[]) : [v]).map((x) =>
    typeof x === 'string' ? x : typeof x === 'number' || typeof x === 'boolean' ? String(x) : UNKNOWN_VALUE,
  );
}

function principals(blocks: Json[]): Principal | undefined {
  if (!blocks.length) return undefined;
  if (blocks.some((b) => b.type === '*')) return '*';
  const out: Record<string, string[]> = {};
  for (const b of blocks) {
    const type = String(b.type);
    if (type === 'AWS' || type === 'Service' || type === 'Federated') out[type] = [...(out[type] ?? []), ...(list(b.identifiers) ?? [])];
  }
  return out;
}

function conditions(blocks: Json[]): Conditions | undefined {
  if (!blocks.length) return undefined;
  const out: Record<string, Record<string, string[]>> = {};
  for (const c of blocks) ((out[String(c.test)] ??= {})[String(c.variable)] ??= []).push(...(list(c.values) ?? []));
  return out;
}

function statementOf(s: Json): PolicyStatement {
  const optional = <K extends keyof PolicyStatement>(key: K, value: PolicyStatement[K] | undefined) =>
    value === undefined ? {} : { [key]: value };
  return {
    ...(typeof s.sid === 'string' && s.sid ? { sid: s.sid } : {}),
    effect: s.effect === 'Deny' ? 'Deny' : 'Allow',
    ...optional('actions', list(s.actions)),
    ...optional('notActions', list(s.not_actions)),
    ...optional('resources', list(s.resources)),
    ...optional('notResources', list(s.not_resources)),
    ...optional('principals', principals(blocksOf(s.principals))),
    ...optional('notPrincipals', principals(blocksOf(s.not_principals))),
    ...optional('conditions', conditions(blocksOf(s.condition))),
  };
}

/** Adds `next` to `base`: a statement with a Sid replaces the one with that Sid, the others are appended. */
function mergeBySid(base: PolicyStatement[], next: readonly PolicyStatement[]): PolicyStatement[] {
  const out = [...base];
  for (const s of next) {
    const at = s.sid ? out.findIndex((o) => o.sid === s.sid) : -1;
    if (at >= 0) out[at] = s;
    else out.push(s);
  }
  return out;
}

/**
 * The statements of one policy document data source. `policyOf` reads a source or override document (JSON
 * text or a reference to another document); when one of them cannot be read, neither can this document.
 */
export function policyDocumentStatements(
  args: Json,
  policyOf: (value: unknown) => readonly PolicyStatement[] | undefined,
): PolicyStatement[] | undefined {
  let statements: PolicyStatement[] = [];
  for (const doc of list(args.source_policy_documents) ?? []) {
    const source = policyOf(doc);
    if (!source) return undefined;
    statements = mergeBySid(statements, source);
  }
  statements = mergeBySid(statements, blocksOf(args.statement).map(statementOf));
  for (const doc of list(args.override_policy_documents) ?? []) {
    const override = policyOf(doc);
    if (!override) return undefined;
    statements = mergeBySid(statements, override);
  }
  return statements;
}
