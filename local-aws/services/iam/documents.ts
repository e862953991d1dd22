/**
 * Policy document checks that IAM itself performs on write (MalformedPolicyDocument, 400), so a bad
 * document fails here as it would on AWS instead of being stored and surfacing later as drift.
 */
import { AwsError } from '../../types';

export type DocumentKind = 'identity' | 'trust';

/** AWS quotas on document size, counted without whitespace. */
export const DOCUMENT_SIZE_LIMITS = { managed: 6144, trust: 2048, inlineRolePolicies: 10240 } as const;

const VERSIONS = new Set(['2008-10-17', '2012-10-17']);
const ACTION_PATTERN = /^(\*|[a-zA-Z0-9-]+:[a-zA-Z0-9*?]+[a-zA-Z0-9*?-]*)$/;

function malformed(message: string): AwsError {
  return new AwsError('MalformedPolicyDocument', message, 400);
}

export function nonWhitespaceLength(doc: string): number {
  return doc.replace(/\s/g, '').length;
}

/** Throws MalformedPolicyDocument naming the statement and field at fault; returns the parsed document. */
export function validatePolicyDocument(doc: string, kind: DocumentKind): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(doc);
  } catch (e) {
    throw malformed(`Syntax errors in policy: not valid JSON (${(e as Error).message}).`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw malformed('Syntax errors in policy: the document must be a JSON object with Version and Statement.');
  }
  const policy = parsed as Record<string, unknown>;
  if (policy.Version !== undefined && !VERSIONS.has(policy.Version as string)) {
    throw malformed(`The policy failed legacy parsing: Version ${JSON.stringify(policy.Version)} is not 2012-10-17 or 2008-10-17.`);
  }
  const statements = policy.Statement;
  if (statements === undefined) throw malformed('Missing required field Statement');
  const list = Array.isArray(statements) ? statements : [statements];
  if (list.length === 0) throw malformed('Missing required field Statement (the Statement list is empty)');
  list.forEach((s, i) => validateStatement(s, i, kind));
  const sids = list.map((s) => (s as Record<string, unknown>).Sid).filter((sid) => sid !== undefined);
  const duplicate = sids.find((sid, i) => sids.indexOf(sid) !== i);
  if (duplicate !== undefined)
    throw malformed(`Statement IDs (SID) in a single policy must be unique (${JSON.stringify(duplicate)} appears twice).`);
  return policy;
}

function validateStatement(s: unknown, index: number, kind: DocumentKind): void {
  const where = `Statement[${index}]`;
  if (typeof s !== 'object' || s === null || Array.isArray(s)) throw malformed(`Syntax errors in policy: ${where} must be an object.`);
  const st = s as Record<string, unknown>;
  if (st.Sid !== undefined && (typeof st.Sid !== 'string' || !/^[A-Za-z0-9]*$/.test(st.Sid))) {
    throw malformed(
      `Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]* (${where}.Sid is ${JSON.stringify(st.Sid)}).`,
    );
  }
  if (st.Effect === undefined) throw malformed(`Missing required field Effect in ${where}`);
  if (st.Effect !== 'Allow' && st.Effect !== 'Deny') {
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- Effect is any JSON value here; String() is the message's wording today (an object shows as [object Object])
    throw malformed(`Invalid effect: ${String(st.Effect)} in ${where} (use Allow or Deny)`);
  }

  const hasAction = st.Action !== undefined;
  const hasNotAction = st.NotAction !== undefined;
  if (hasAction === hasNotAction) {
    throw malformed(`Policy statement must contain actions: ${where} needs exactly one of Action or NotAction.`);
  }
  const actions = stringList(st.Action ?? st.NotAction, `${where}.${hasAction ? 'Action' : 'NotAction'}`);
  for (const a of actions) {
    // AWS tolerates stray spaces around the vendor prefix (several of its own managed policies have them).
    if (!ACTION_PATTERN.test(a.replace(/\s+/g, '')))
      throw malformed(`Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc. (${where} has ${JSON.stringify(a)})`);
  }
  if (st.Resource !== undefined && st.NotResource !== undefined) {
    throw malformed(`Syntax errors in policy: ${where} has both Resource and NotResource.`);
  }
  if (st.Condition !== undefined && (typeof st.Condition !== 'object' || st.Condition === null || Array.isArray(st.Condition))) {
    throw malformed(`Syntax errors in policy: ${where}.Condition must be an object of operators.`);
  }

  if (kind === 'identity') {
    if (st.Principal !== undefined || st.NotPrincipal !== undefined) {
      throw malformed(`Policy document should not specify a principal (${where}).`);
    }
    if (st.Resource === undefined && st.NotResource === undefined) {
      throw malformed(`Policy statement must contain resources (${where} needs Resource or NotResource).`);
    }
    for (const r of stringList(st.Resource ?? st.NotResource, `${where}.Resource`)) {
      if (r !== '*' && !r.startsWith('arn:')) throw malformed(`Resource ${r} must be in ARN format or "*". (${where})`);
    }
  } else {
    if (st.Principal === undefined && st.NotPrincipal === undefined)
      throw malformed(`AssumeRolepolicy contained an invalid principal: ${where} is missing Principal.`);
    if (st.Resource !== undefined || st.NotResource !== undefined)
      throw malformed(`Has prohibited field Resource (${where}: a trust policy names no resources).`);
    validatePrincipal(st.Principal ?? st.NotPrincipal, where);
    for (const a of actions) {
      if (a !== '*' && !/^sts:/i.test(a))
        throw malformed(`AssumeRole policy may only specify STS AssumeRole actions (${where} has ${JSON.stringify(a)}).`);
    }
  }
}

function validatePrincipal(p: unknown, where: string): void {
  if (p === '*') return;
  if (typeof p !== 'object' || p === null || Array.isArray(p))
    throw malformed(`Invalid principal in policy: ${where}.Principal must be "*" or an object.`);
  for (const [type, value] of Object.entries(p as Record<string, unknown>)) {
    if (!['AWS', 'Service', 'Federated', 'CanonicalUser'].includes(type)) {
      throw malformed(
        `Invalid principal in policy: ${where}.Principal has unknown type ${JSON.stringify(type)} (use AWS, Service, Federated or CanonicalUser).`,
      );
    }
    for (const v of stringList(value, `${where}.Principal.${type}`)) {
      if (type === 'AWS' && v !== '*' && !/^(\d{12}|arn:[\w-]+:(iam|sts)::\d{12}:.+|A[A-Z0-9]{15,})$/.test(v)) {
        throw malformed(`Invalid principal in policy: "AWS":"${v}"`);
      }
      if (type === 'Service' && !/^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$|^[a-z0-9.-]+\.amazon\.com$/.test(v)) {
        throw malformed(`Invalid principal in policy: "SERVICE":"${v}"`);
      }
    }
  }
}

function stringList(value: unknown, where: string): string[] {
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0 || list.some((v) => typeof v !== 'string')) {
    throw malformed(`Syntax errors in policy: ${where} must be a string or a non-empty list of strings.`);
  }
  return list as string[];
}

export function checkDocumentSize(doc: string, limit: number, quotaName: string): void {
  const size = nonWhitespaceLength(doc);
  if (size > limit)
    throw new AwsError(
      'LimitExceeded',
      `Cannot exceed quota for ${quotaName}: ${limit} (this document has ${size} characters without whitespace).`,
      409,
    );
}
