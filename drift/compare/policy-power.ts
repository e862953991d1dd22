/**
 * Why this exists: severity depends on what a policy lets someone do. These helpers answer the few
 * questions severity asks: does a document grant admin-like power or a privilege-escalation path, does it
 * grant anything beyond reads, and did a change widen or narrow it. They are deliberately coarse and
 * synchronous; "unclear" is a valid answer and maps to medium.
 */
import type { NormalizedPolicy, NormalizedStatement } from '../normalize/policy-document';

/** IAM actions that let the holder grant itself more power when allowed on every resource. */
const ESCALATION_ACTIONS = [
  'iam:PassRole', 'iam:AttachRolePolicy', 'iam:PutRolePolicy', 'iam:CreatePolicyVersion', 'iam:UpdateAssumeRolePolicy',
  'iam:AttachUserPolicy', 'iam:PutUserPolicy', 'iam:CreateAccessKey', 'iam:CreateRole',
];

/** Action verbs that only read. Anything else (or a wildcard covering more) counts as a write. */
const READ_VERB = /^(get|list|describe|head|batchget|query|scan|select|view|lookup|search|filter|check|validate|preview|estimate|detect|discover|verify)/i;

function allows(s: NormalizedStatement): boolean {
  return s.Effect.toLowerCase() === 'allow';
}

function onEveryResource(s: NormalizedStatement): boolean {
  return !!s.Resource?.includes('*') || (!!s.NotResource && !s.Resource);
}

/** Does an IAM action pattern (`iam:*`, `iam:Pass*`, `*`) match a concrete action? */
export function actionMatches(pattern: string, action: string): boolean {
  const re = new RegExp(`^${pattern.toLowerCase().replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  return re.test(action.toLowerCase());
}

/** A sentence describing the first admin-like or escalation grant in the document, or undefined. */
export function adminLikeGrant(doc: NormalizedPolicy): string | undefined {
  for (const s of doc.Statement.filter(allows)) {
    if (!onEveryResource(s)) continue;
    if (s.NotAction) return `allows every action except ${s.NotAction.join(', ')} on *`;
    for (const a of s.Action ?? []) {
      const lower = a.toLowerCase();
      if (lower === '*' || lower === '*:*' || lower === 'iam:*') return `allows ${a} on *`;
      const escalation = ESCALATION_ACTIONS.find((x) => actionMatches(a, x));
      if (escalation) return `allows ${a === escalation ? a : `${a} (includes ${escalation})`} on * (privilege escalation)`;
    }
  }
  return undefined;
}

export function isWriteAction(action: string): boolean {
  const [, verb = action] = action.split(':');
  if (verb === '*' || verb === '') return true;
  return !READ_VERB.test(verb.replace(/\*+$/, '') || '*');
}

/** Allowed actions that can change something (sorted, unique). */
export function writeActions(doc: NormalizedPolicy): string[] {
  const out = new Set<string>();
  for (const s of doc.Statement.filter(allows)) {
    if (s.NotAction) out.add(`NotAction(${s.NotAction.join(',')})`);
    for (const a of s.Action ?? []) if (isWriteAction(a)) out.add(a);
  }
  return [...out].sort();
}

export type PolicyChange = { readonly kind: 'widened'; readonly detail: string } | { readonly kind: 'narrowed' } | { readonly kind: 'unclear'; readonly detail: string };

/**
 * Compares the Allow surface of two documents: new actions, new resources, dropped Deny statements or dropped
 * conditions widen; a strict subset narrows; anything else (changed conditions, rewording) is unclear.
 */
export function classifyPolicyChange(expected: NormalizedPolicy, actual: NormalizedPolicy): PolicyChange {
  const surface = (doc: NormalizedPolicy, effect: 'allow' | 'deny', field: 'Action' | 'Resource' | 'NotAction') =>
    new Set(doc.Statement.filter((s) => s.Effect.toLowerCase() === effect).flatMap((s) => (s[field] ?? []).map((x) => (field === 'Resource' ? x : x.toLowerCase()))));
  const newActions = [...surface(actual, 'allow', 'Action')].filter((a) => !surface(expected, 'allow', 'Action').has(a));
  if (newActions.length) return { kind: 'widened', detail: `adds ${newActions.sort().join(', ')}` };
  const newResources = [...surface(actual, 'allow', 'Resource')].filter((r) => !surface(expected, 'allow', 'Resource').has(r));
  if (newResources.length) return { kind: 'widened', detail: `extends to ${newResources.sort().join(', ')}` };
  const droppedDeny = [...surface(expected, 'deny', 'Action')].filter((a) => !surface(actual, 'deny', 'Action').has(a));
  if (droppedDeny.length) return { kind: 'widened', detail: `no longer denies ${droppedDeny.sort().join(', ')}` };
  if (conditionCount(actual) < conditionCount(expected)) return { kind: 'widened', detail: 'drops conditions from Allow statements' };
  const removedActions = [...surface(expected, 'allow', 'Action')].filter((a) => !surface(actual, 'allow', 'Action').has(a));
  const removedResources = [...surface(expected, 'allow', 'Resource')].filter((r) => !surface(actual, 'allow', 'Resource').has(r));
  if (removedActions.length || removedResources.length) return { kind: 'narrowed' };
  return { kind: 'unclear', detail: 'changes conditions, principals or wording without adding actions or resources' };
}

function conditionCount(doc: NormalizedPolicy): number {
  return doc.Statement.filter(allows).reduce((n, s) => n + Object.values(s.Condition ?? {}).reduce((m, keys) => m + Object.keys(keys).length, 0), 0);
}

/** Principal values allowed by the document's Allow statements, as `Type:value`. */
export function allowedPrincipals(doc: NormalizedPolicy): Set<string> {
  const out = new Set<string>();
  for (const s of doc.Statement.filter(allows)) {
    for (const [type, values] of Object.entries(s.Principal ?? {})) for (const v of values) out.add(`${type}:${v}`);
  }
  return out;
}
