/**
 * An IAM policy document as Terraform holds it (a JSON string, or the object `jsonencode` renders) → the
 * typed statements the checks take (modules/policy-types.ts). Lenient where IAM is: one value or a list,
 * condition values as strings, numbers or booleans. A value not known yet stays an `${…}` string, which the
 * checks skip; a statement whose shape is not known (a whole statement from a variable) is left out.
 */
import type { Conditions, Effect, Principal, PolicyStatement } from '../../policy-types';
import type { HclValue } from './hcl-literal';

type Json = { readonly [key: string]: unknown };

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A string, number or boolean as text (IAM compares condition values as strings); undefined for anything else. */
export function scalarText(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  return typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
}

/** One value or a list → strings (numbers and booleans as IAM reads them); undefined when absent. */
function strings(v: unknown): string[] | undefined {
  if (v === undefined || v === null) return undefined;
  const list = Array.isArray(v) ? (v as unknown[]) : [v];
  // A nested object or list where a string belongs is not a value IAM accepts: it reads as unknown (skipped).
  return list.map((x) => scalarText(x) ?? `\${${JSON.stringify(x)}}`);
}

/** The keys of a statement element, compared case-insensitively as IAM does (`action` works too). */
function field(s: Json, name: string): unknown {
  const key = Object.keys(s).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : s[key];
}

function principal(v: unknown): Principal | undefined {
  if (v === undefined || v === null) return undefined;
  if (v === '*') return '*';
  if (typeof v === 'string') return { AWS: v }; // a bare string other than '*' is not valid IAM; read it as an AWS principal
  if (!isObject(v)) return undefined;
  const out: { AWS?: string[]; Service?: string[]; Federated?: string[] } = {};
  for (const [kind, values] of Object.entries(v)) {
    const k = (['AWS', 'Service', 'Federated'] as const).find((x) => x.toLowerCase() === kind.toLowerCase());
    if (k) out[k] = strings(values);
    // CanonicalUser principals name S3 identities; no check judges them.
  }
  return out;
}

function conditions(v: unknown): Conditions | undefined {
  if (!isObject(v)) return undefined;
  const out: Record<string, Record<string, string | string[]>> = {};
  for (const [operator, byKey] of Object.entries(v)) {
    if (!isObject(byKey)) continue;
    out[operator] = {};
    for (const [key, values] of Object.entries(byKey)) {
      const list = strings(values) ?? [];
      out[operator][key] = list.length === 1 ? list[0] : list;
    }
  }
  return out;
}

/** One statement object → a typed statement; undefined when it is not an object (not known at plan time). */
export function statementOf(s: unknown): PolicyStatement | undefined {
  if (!isObject(s)) return undefined;
  const effect = field(s, 'Effect');
  const sid = field(s, 'Sid');
  return {
    ...(typeof sid === 'string' && sid ? { sid } : {}),
    // An unknown or misspelt effect is read as Allow: judging it as a grant is the safe side.
    effect: (effect === 'Deny' ? 'Deny' : 'Allow') satisfies Effect,
    ...optional('actions', strings(field(s, 'Action'))),
    ...optional('notActions', strings(field(s, 'NotAction'))),
    ...optional('resources', strings(field(s, 'Resource'))),
    ...optional('notResources', strings(field(s, 'NotResource'))),
    ...optional('principals', principal(field(s, 'Principal'))),
    ...optional('notPrincipals', principal(field(s, 'NotPrincipal'))),
    ...optional('conditions', conditions(field(s, 'Condition'))),
  };
}

const optional = <K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } =>
  (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };

/** The statements of a parsed document (`{ Statement: … }`); undefined when it has no readable Statement. */
export function statementsOfDocument(doc: unknown): PolicyStatement[] | undefined {
  if (!isObject(doc)) return undefined;
  const raw = field(doc, 'Statement');
  if (raw === undefined || typeof raw === 'string') return undefined;
  const list = Array.isArray(raw) ? (raw as unknown[]) : [raw];
  return list.map(statementOf).filter((s): s is PolicyStatement => s !== undefined);
}

/**
 * A policy as an attribute holds it: JSON text, or an already-decoded object (an HclValue from
 * `jsonencode`). Undefined when the text is not JSON or has no statements: the policy cannot be judged.
 */
export function statementsOfPolicy(value: string | HclValue): PolicyStatement[] | undefined {
  if (typeof value !== 'string') return statementsOfDocument(value);
  try {
    return statementsOfDocument(JSON.parse(value));
  } catch {
    return undefined;
  }
}
