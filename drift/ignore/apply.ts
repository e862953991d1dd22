/**
 * Applies ignore rules to findings, as data in and data out. A finding an active rule matches is set apart
 * (reported in `ignored`, never counted toward the exit code). A rule past its `expires` day stops applying,
 * so its findings come back, and a warning names the rule (file:line) and when it expired. An active rule
 * that matched nothing is a warning too: the drift it acknowledged is gone, or its glob is wrong.
 *
 * The warnings carry the rule's `file:line` in `rule` and never a count, so the reports of a CI matrix (one
 * job per account, same ignore file) can be merged into what one run over every account would say.
 */
import type { DriftFinding, IgnoredFinding, IgnoreRuleRef, ReportWarning } from '../model';
import { ruleMatches } from './match';

export const IGNORE_RULE_EXPIRED = 'IGNORE_RULE_EXPIRED';
export const IGNORE_RULE_UNUSED = 'IGNORE_RULE_UNUSED';

export interface IgnoreResult {
  /** The findings no active rule matched (they count toward the verdict and the exit code). */
  readonly findings: DriftFinding[];
  readonly ignored: IgnoredFinding[];
  /** IGNORE_RULE_EXPIRED and IGNORE_RULE_UNUSED, in rule order. */
  readonly warnings: ReportWarning[];
}

/** The rule applies through the end of its `expires` day, UTC. */
export function isExpired(rule: Pick<IgnoreRuleRef, 'expires'>, now: Date): boolean {
  return rule.expires !== undefined && now.getTime() > Date.parse(`${rule.expires}T23:59:59.999Z`);
}

function describe(rule: IgnoreRuleRef): string {
  const extra = [rule.property && `property "${rule.property}"`, rule.account && `account ${rule.account}`].filter(Boolean);
  return `ignore rule ${rule.at} (${rule.code} on "${rule.resource}"${extra.map((e) => `, ${e}`).join('')})`;
}

/** The first active rule (in file order) that matches a finding acknowledges it. */
export function applyIgnoreRules(findings: readonly DriftFinding[], rules: readonly IgnoreRuleRef[], now: Date = new Date()): IgnoreResult {
  const active = rules.filter((r) => !isExpired(r, now));
  const used = new Set<IgnoreRuleRef>();
  const kept: DriftFinding[] = [];
  const ignored: IgnoredFinding[] = [];
  for (const finding of findings) {
    const rule = active.find((r) => ruleMatches(r, finding));
    if (!rule) {
      kept.push(finding);
      continue;
    }
    used.add(rule);
    ignored.push({ finding, rule });
  }
  const warnings: ReportWarning[] = [];
  for (const rule of rules) {
    if (isExpired(rule, now)) {
      warnings.push({
        code: IGNORE_RULE_EXPIRED,
        rule: rule.at,
        message: `${describe(rule)} expired at the end of ${rule.expires} (UTC) and no longer applies: the findings it matched are reported again. Fix the drift, or renew the rule with a later expires date.`,
      });
    } else if (!used.has(rule)) {
      warnings.push({
        code: IGNORE_RULE_UNUSED,
        rule: rule.at,
        message: `${describe(rule)} matched no finding: the drift it acknowledged is gone, or its globs match nothing. Delete the rule, or fix its code or globs.`,
      });
    }
  }
  return { findings: kept, ignored, warnings };
}
