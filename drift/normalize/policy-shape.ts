/**
 * Why this exists: a document that is JSON but not an IAM policy (`{"foo":[1,2,3]}`, a Statement that is a
 * number, `"Effect": "allow"`) must never be compared: the normalizer would read it as "no statements" or
 * guess an Effect, and the difference would become a false finding. IAM itself refuses such documents, so
 * one in state was edited by hand or damaged, and one from AWS is not what the API promises. This says
 * what is wrong with a parsed document, in one line, so the state reader can make it a UserError and the
 * live reader a ReadError.
 *
 * The grammar is IAM's (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html):
 * element names and Effect values are case-sensitive; Resource is not required (trust and resource
 * policies have none).
 */

const TOP_LEVEL = new Set(['Version', 'Id', 'Statement']);
const STATEMENT_KEYS = new Set([
  'Sid',
  'Effect',
  'Principal',
  'NotPrincipal',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
]);
const VERSIONS = new Set(['2012-10-17', '2008-10-17']);

const describe = (v: unknown): string =>
  v === null
    ? 'null'
    : Array.isArray(v)
      ? 'an array'
      : typeof v === 'object'
        ? 'an object'
        : `${typeof v} ${JSON.stringify(v).slice(0, 40)}`;

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** A string or a list of strings (Action, Resource and their Not forms). */
function stringListProblem(v: unknown, where: string): string | undefined {
  if (typeof v === 'string') return undefined;
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return undefined;
  return `${where} is ${describe(v)}; expected a string or a list of strings`;
}

function principalProblem(v: unknown, where: string): string | undefined {
  // IAM's grammar allows only "*" as a plain string; an account id or ARN is still a principal, and is
  // compared (normalize/principal.ts), not refused.
  if (typeof v === 'string') return undefined;
  if (!isObject(v)) return `${where} is ${describe(v)}; expected "*" or an object such as {"Service": "lambda.amazonaws.com"}`;
  for (const [type, values] of Object.entries(v)) {
    const p = stringListProblem(values, `${where}.${type}`);
    if (p) return p;
  }
  return undefined;
}

function conditionProblem(v: unknown, where: string): string | undefined {
  if (!isObject(v)) return `${where} is ${describe(v)}; expected an object of operators`;
  for (const [op, block] of Object.entries(v)) {
    if (!isObject(block)) return `${where}.${op} is ${describe(block)}; expected an object of condition keys`;
    for (const [key, values] of Object.entries(block)) {
      const list: unknown[] = Array.isArray(values) ? values : [values];
      if (!list.every((x) => ['string', 'number', 'boolean'].includes(typeof x)))
        return `${where}.${op}.${key} is ${describe(values)}; expected a string, number, boolean or a list of them`;
    }
  }
  return undefined;
}

function statementProblem(s: unknown, where: string): string | undefined {
  if (!isObject(s)) return `${where} is ${describe(s)}; expected a statement object`;
  const unknown = Object.keys(s).filter((k) => !STATEMENT_KEYS.has(k));
  if (unknown.length) return `${where} has unknown element ${JSON.stringify(unknown[0])}`;
  if (s.Effect !== 'Allow' && s.Effect !== 'Deny')
    return `${where}.Effect is ${s.Effect === undefined ? 'missing' : JSON.stringify(s.Effect)}; expected "Allow" or "Deny"`;
  if (s.Sid !== undefined && typeof s.Sid !== 'string') return `${where}.Sid is ${describe(s.Sid)}; expected a string`;
  if (s.Action === undefined && s.NotAction === undefined) return `${where} has neither Action nor NotAction`;
  for (const key of ['Action', 'NotAction', 'Resource', 'NotResource'] as const) {
    const p = s[key] === undefined ? undefined : stringListProblem(s[key], `${where}.${key}`);
    if (p) return p;
  }
  for (const key of ['Principal', 'NotPrincipal'] as const) {
    const p = s[key] === undefined ? undefined : principalProblem(s[key], `${where}.${key}`);
    if (p) return p;
  }
  return s.Condition === undefined ? undefined : conditionProblem(s.Condition, `${where}.Condition`);
}

/**
 * What makes a parsed document not an IAM policy, in one line (the first problem found), or undefined
 * when it is one. `undefined`/`null` (no document) is not judged here.
 */
export function policyShapeProblem(doc: unknown): string | undefined {
  if (doc === undefined || doc === null) return undefined;
  if (!isObject(doc)) return `the document is ${describe(doc)}; expected an object with Version and Statement`;
  const unknown = Object.keys(doc).filter((k) => !TOP_LEVEL.has(k));
  if (unknown.length) return `unknown top-level element ${JSON.stringify(unknown[0])}; a policy has Version, Id and Statement`;
  if (doc.Version !== undefined && !VERSIONS.has(doc.Version as string))
    return `Version is ${JSON.stringify(doc.Version)}; expected "2012-10-17" (or the old "2008-10-17")`;
  if (doc.Id !== undefined && typeof doc.Id !== 'string') return `Id is ${describe(doc.Id)}; expected a string`;
  if (doc.Statement === undefined) return 'it has no Statement';
  if (Array.isArray(doc.Statement)) {
    for (const [i, s] of doc.Statement.entries()) {
      const p = statementProblem(s, `Statement[${i}]`);
      if (p) return p;
    }
    return undefined;
  }
  return statementProblem(doc.Statement, 'Statement');
}
