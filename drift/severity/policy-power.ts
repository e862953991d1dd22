/**
 * Why this exists: severity depends on what a policy lets someone do. These helpers answer the few
 * questions severity asks: does a document grant admin-like power or a privilege-escalation path, does it
 * grant anything beyond reads, and did a change widen or narrow it. They are deliberately coarse and
 * synchronous; "unclear" is a valid answer and maps to medium.
 */
import type { NormalizedPolicy, NormalizedStatement } from '../normalize/policy-document';
import { adminLikeGrant as adminLikeStatements, type GrantStatement } from '../../shared/aws/admin-like';

/** Action verbs that only read. Anything else (or a wildcard covering more) counts as a write. */
const READ_VERB =
  /^(get|list|describe|head|batchget|query|scan|select|view|lookup|search|filter|check|validate|preview|estimate|detect|discover|verify)/i;

function allows(s: NormalizedStatement): boolean {
  return s.Effect.toLowerCase() === 'allow';
}

function toGrant(s: NormalizedStatement): GrantStatement {
  return {
    effect: s.Effect,
    ...(s.Action ? { actions: s.Action } : {}),
    ...(s.NotAction ? { notActions: s.NotAction } : {}),
    ...(s.Resource ? { resources: s.Resource } : {}),
    ...(s.NotResource ? { notResources: s.NotResource } : {}),
    conditioned: Object.keys(s.Condition ?? {}).length > 0,
  };
}

/** A sentence describing the first admin-like or escalation grant in the document (shared/aws/admin-like.ts), or undefined. */
export function adminLikeGrant(doc: NormalizedPolicy): string | undefined {
  return adminLikeStatements(doc.Statement.map(toGrant));
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

export type PolicyChange =
  | { readonly kind: 'widened'; readonly detail: string }
  | { readonly kind: 'narrowed' }
  | { readonly kind: 'unclear'; readonly detail: string };

/**
 * Compares the Allow surface of two documents: new actions, new resources, dropped Deny statements or dropped
 * conditions widen; a strict subset narrows; anything else (changed conditions, rewording) is unclear.
 */
export function classifyPolicyChange(expected: NormalizedPolicy, actual: NormalizedPolicy): PolicyChange {
  const added = (effect: 'allow' | 'deny', field: 'Action' | 'Resource', from: NormalizedPolicy, to: NormalizedPolicy) => {
    const before = surface(from, effect, field);
    return [...surface(to, effect, field).entries()]
      .filter(([k]) => !before.has(k))
      .map(([, shown]) => shown)
      .sort();
  };
  const newActions = added('allow', 'Action', expected, actual);
  if (newActions.length) return { kind: 'widened', detail: `adds ${newActions.join(', ')}` };
  const newResources = added('allow', 'Resource', expected, actual);
  if (newResources.length) return { kind: 'widened', detail: `extends to ${newResources.join(', ')}` };
  const droppedDeny = added('deny', 'Action', actual, expected);
  if (droppedDeny.length) return { kind: 'widened', detail: `no longer denies ${droppedDeny.join(', ')}` };
  if (conditionCount(actual) < conditionCount(expected)) return { kind: 'widened', detail: 'drops conditions from Allow statements' };
  if (added('allow', 'Action', actual, expected).length || added('allow', 'Resource', actual, expected).length) return { kind: 'narrowed' };
  return { kind: 'unclear', detail: 'changes conditions, principals or wording without adding actions or resources' };
}

/** Values of one field over the statements with one effect: comparison key → first spelling seen. */
function surface(doc: NormalizedPolicy, effect: 'allow' | 'deny', field: 'Action' | 'Resource'): Map<string, string> {
  const out = new Map<string, string>();
  for (const s of doc.Statement.filter((x) => x.Effect.toLowerCase() === effect)) {
    for (const v of s[field] ?? []) {
      const key = field === 'Action' ? v.toLowerCase() : v; // action names are case-insensitive, ARNs are not
      if (!out.has(key)) out.set(key, v);
    }
  }
  return out;
}

function conditionCount(doc: NormalizedPolicy): number {
  return doc.Statement.filter(allows).reduce(
    (n, s) => n + Object.values(s.Condition ?? {}).reduce((m, keys) => m + Object.keys(keys).length, 0),
    0,
  );
}

/** Principal values allowed by the document's Allow statements, as `Type:value`. */
export function allowedPrincipals(doc: NormalizedPolicy): Set<string> {
  const out = new Set<string>();
  for (const s of doc.Statement.filter(allows)) {
    for (const [type, values] of Object.entries(s.Principal ?? {})) for (const v of values) out.add(`${type}:${v}`);
  }
  return out;
}
