/**
 * Changes of meaning for the property tests, as edits of a policy model (policy-model.ts). Each returns the
 * changed model, or undefined when the model has no place for it (the property then skips that case with
 * fc.pre). Each is a change of meaning by construction: the new action, principal or account is one no base
 * policy holds or matches; a widened resource matches strictly more; a dropped condition key, a flipped
 * effect each change what the statement allows.
 */
import fc from 'fast-check';
import { NEW_ACCOUNTS, NEW_ACTIONS, NEW_PRINCIPALS, pick, type Gen, type PolicyModel, type StatementModel } from './policy-model';

export type Change = (g: Gen, m: PolicyModel) => PolicyModel | undefined;

/** Replaces statement `i` by `f(statement)`; the index is picked among those `ok` accepts. */
function editOne(
  g: Gen,
  m: PolicyModel,
  ok: (s: StatementModel) => boolean,
  f: (s: StatementModel) => StatementModel | undefined,
): PolicyModel | undefined {
  const candidates = m.statements.map((s, i) => (ok(s) ? i : -1)).filter((i) => i >= 0);
  if (!candidates.length) return undefined;
  const at = pick(g, candidates);
  const changed = f(m.statements[at]);
  return changed && { ...m, statements: m.statements.map((s, i) => (i === at ? changed : s)) };
}

export const addAction: Change = (g, m) =>
  editOne(
    g,
    m,
    () => true,
    (s) => ({ ...s, actions: [...s.actions, pick(g, NEW_ACTIONS)] }),
  );

/** A resource replaced by a pattern that matches it and more: `*`, or a prefix of it followed by `*`. */
export const widenResource: Change = (g, m) =>
  editOne(
    g,
    m,
    (s) => s.resourceField === 'Resource' && !!s.resources && !s.resources.includes('*'),
    (s) => {
      const resources = s.resources!;
      const at = g(fc.integer, { min: 0, max: resources.length - 1 });
      const r = resources[at];
      const cut = g(fc.integer, { min: 0, max: r.length - 2 });
      const wider = g(fc.boolean) ? '*' : `${r.slice(0, cut)}*`;
      // Widened into what another resource of the statement already covers, nothing new would match.
      if (resources.some((x) => x === wider || (x.endsWith('*') && wider.startsWith(x.slice(0, -1))))) return undefined;
      return { ...s, resources: resources.map((x, i) => (i === at ? wider : x)) };
    },
  );

/** One condition key removed (its operator too when it was the last; the Condition when nothing is left). */
export const dropCondition: Change = (g, m) =>
  editOne(
    g,
    m,
    (s) => !!s.condition,
    (s) => {
      const pairs = Object.entries(s.condition!).flatMap(([op, keys]) => Object.keys(keys).map((k) => [op, k] as const));
      const [op, key] = pick(g, pairs);
      const condition: Record<string, Record<string, readonly string[]>> = {};
      for (const [o, keys] of Object.entries(s.condition!)) {
        const kept = Object.entries(keys).filter(([k]) => !(o === op && k === key));
        if (kept.length) condition[o] = Object.fromEntries(kept);
      }
      const { condition: _dropped, ...rest } = s;
      return Object.keys(condition).length ? { ...rest, condition } : rest;
    },
  );

export const flipEffect: Change = (g, m) =>
  editOne(
    g,
    m,
    () => true,
    (s) => ({ ...s, effect: s.effect === 'Allow' ? 'Deny' : 'Allow' }),
  );

/** A principal no base trust names, in a statement that does not already trust everyone. */
export const addPrincipal: Change = (g, m) =>
  editOne(
    g,
    m,
    (s) => !!s.principal && !s.principal.AWS?.includes('*'),
    (s) => {
      const [type, value] = pick(g, NEW_PRINCIPALS);
      return { ...s, principal: { ...s.principal, [type]: [...(s.principal![type] ?? []), value] } };
    },
  );

/** An account no base trust names, added to a statement's AWS principals (spelt as an id or a root ARN by render). */
export const addAccount: Change = (g, m) =>
  editOne(
    g,
    m,
    (s) => !!s.principal && !s.principal.AWS?.includes('*'),
    (s) => ({ ...s, principal: { ...s.principal, AWS: [...(s.principal!.AWS ?? []), pick(g, NEW_ACCOUNTS)] } }),
  );
