/**
 * How a rule reports: it names the place, the appliesTo and the message of each finding, and the check
 * itself supplies the id and level, so a finding can never carry another check's id or a level its
 * check does not have.
 */
import type { CheckResult, Finding, PolicyCheck } from '../types';
import { COMPLIANT } from '../statement-helpers';

/** A finding as a rule writes it: `checkId` and `level` come from the check. */
export type RuleFinding = Omit<Finding, 'checkId' | 'level'>;

/** A non-compliant result whose findings carry the check's id and level. */
export function nonCompliant(check: Pick<PolicyCheck, 'id' | 'level'>, findings: readonly RuleFinding[]): CheckResult {
  return { status: 'non-compliant', findings: findings.map((f) => ({ checkId: check.id, level: check.level, ...f })) };
}

/** Compliant when the rule found nothing, otherwise non-compliant with these findings. */
export function resultFor(check: Pick<PolicyCheck, 'id' | 'level'>, findings: readonly RuleFinding[]): CheckResult {
  return findings.length ? nonCompliant(check, findings) : COMPLIANT;
}
