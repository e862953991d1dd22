/**
 * Small helpers the rules share: token detection, statement effect, principal flattening and the two
 * results without findings.
 * Kept free of cdktf's heavier imports except `Token`, so the rules stay pure functions of plain data.
 */
import { Token } from '../cdk/core';
import type { Conditions, Principal, PolicyStatement } from '../policy-types';
import type { CheckResult } from './types';
import { actionPatternMatches } from './iam-data';

/**
 * True when a value is not known at synth time: a cdktf token or a Terraform interpolation (`${…}`).
 * IAM policy variables such as `${aws:username}` also match; they are resolved by IAM at request time, so
 * skipping them is the right call too.
 */
export function isUnresolved(value: string | undefined): boolean {
  if (value === undefined) return false;
  return Token.isUnresolved(value) || value.includes('${');
}

export function isAllow(statement: PolicyStatement): boolean {
  return (statement.effect ?? 'Allow') === 'Allow';
}

/**
 * Whether a statement covers `action` (a concrete action such as 'iam:PassRole'): one of its `actions`
 * patterns matches it, or it uses `notActions` and none of those matches it (NotAction covers everything
 * else). Unresolved patterns match nothing here, so a token never makes a statement look broader.
 */
export function coversAction(statement: PolicyStatement, action: string): boolean {
  const matches = (patterns: readonly string[]) => patterns.some((p) => !isUnresolved(p) && actionPatternMatches(p, action));
  if (statement.notActions) return !statement.notActions.some(isUnresolved) && !matches(statement.notActions);
  return matches(statement.actions ?? []);
}

export function hasConditions(conditions: Conditions | undefined): boolean {
  return conditions !== undefined && Object.values(conditions).some((byKey) => Object.keys(byKey).length > 0);
}

/** The condition keys a statement tests, lower-cased (IAM condition keys are case-insensitive). */
export function conditionKeys(conditions: Conditions | undefined): ReadonlySet<string> {
  const keys = new Set<string>();
  for (const byKey of Object.values(conditions ?? {})) for (const key of Object.keys(byKey)) keys.add(key.toLowerCase());
  return keys;
}

export type PrincipalKind = 'AWS' | 'Service' | 'Federated';

/** Flattens a principal block into (kind, value) pairs; the bare `"*"` principal counts as `AWS: "*"`, as IAM treats it. */
export function principalEntries(principal: Principal | undefined): { kind: PrincipalKind; value: string }[] {
  if (principal === undefined) return [];
  if (principal === '*') return [{ kind: 'AWS', value: '*' }];
  const out: { kind: PrincipalKind; value: string }[] = [];
  for (const kind of ['AWS', 'Service', 'Federated'] as const) {
    const v = principal[kind];
    if (v === undefined) continue;
    for (const value of typeof v === 'string' ? [v] : v) out.push({ kind, value });
  }
  return out;
}

export const COMPLIANT: CheckResult = { status: 'compliant' };
export const NOT_APPLICABLE: CheckResult = { status: 'not-applicable' };
