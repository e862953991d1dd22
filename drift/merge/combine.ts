/**
 * One report from several: the targets of a `--config` run, or the JSON reports of a CI matrix (one job
 * per account) in `report merge`. Findings, ignored findings, errors and warnings are kept in part order;
 * counts, scope, verdict and exit code are recomputed (buildReport), so the result says what one run over
 * every part would say.
 *
 * Ignore-rule warnings are the one thing a part cannot judge alone: a rule unused in one account may have
 * matched in another. They are kept once per rule, an "unused" one only when no part's `ignored` names the
 * rule, and placed after the others in rule order, as a single run places them.
 */
import type { DriftReport, ReportTarget, ReportWarning, Severity } from '../model';
import { buildReport } from '../report';

const RULE_WARNING_CODES = ['IGNORE_RULE_EXPIRED', 'IGNORE_RULE_UNUSED'];

export interface CombineOptions {
  /** The lowest severity that fails the combined report (exit 2). */
  readonly failOn: Severity;
  /** The scope's targets. @default - the parts' targets, in part order (none when no part has any) */
  readonly targets?: readonly ReportTarget[];
  /** @default - now */
  readonly generatedAt?: Date;
}

/** `file:line` → [file, line] for ordering (line 10 after line 9). */
function ruleOrder(a: ReportWarning, b: ReportWarning): number {
  const split = (w: ReportWarning) => {
    const at = w.rule ?? '';
    const i = at.lastIndexOf(':');
    return [at.slice(0, i), Number(at.slice(i + 1))] as const;
  };
  const [fa, la] = split(a);
  const [fb, lb] = split(b);
  return fa.localeCompare(fb) || la - lb || a.code.localeCompare(b.code);
}

/** The parts' warnings, with ignore-rule warnings reconciled across parts (see above). */
export function combineWarnings(parts: readonly DriftReport[]): ReportWarning[] {
  const all = parts.flatMap((p) => p.warnings);
  const usedRules = new Set(parts.flatMap((p) => p.ignored.map((i) => i.rule.at)));
  const isRuleWarning = (w: ReportWarning) => w.rule !== undefined && RULE_WARNING_CODES.includes(w.code);
  const byRule = new Map<string, ReportWarning>();
  for (const w of all.filter(isRuleWarning)) {
    if (w.code === 'IGNORE_RULE_UNUSED' && usedRules.has(w.rule!)) continue;
    byRule.set(`${w.code}\n${w.rule}`, byRule.get(`${w.code}\n${w.rule}`) ?? w);
  }
  return [...all.filter((w) => !isRuleWarning(w)), ...[...byRule.values()].sort(ruleOrder)];
}

export function combineReports(parts: readonly DriftReport[], options: CombineOptions): DriftReport {
  const targets = options.targets ?? (parts.some((p) => p.scope.targets) ? parts.flatMap((p) => p.scope.targets ?? []) : undefined);
  const checked = parts.some((p) => p.checked) ? parts.flatMap((p) => p.checked ?? []) : undefined;
  return buildReport({
    findings: parts.flatMap((p) => p.findings),
    ignored: parts.flatMap((p) => p.ignored),
    errors: parts.flatMap((p) => p.errors),
    warnings: combineWarnings(parts),
    counts: {
      roles: parts.reduce((n, p) => n + p.summary.roles, 0),
      functions: parts.reduce((n, p) => n + p.summary.functions, 0),
    },
    scope: {
      accounts: parts.flatMap((p) => p.scope.accounts),
      regions: parts.flatMap((p) => p.scope.regions),
      sources: parts.flatMap((p) => p.scope.sources),
      ...(targets ? { targets } : {}),
    },
    failOn: options.failOn,
    ...(options.generatedAt ? { generatedAt: options.generatedAt } : {}),
    ...(checked ? { checked } : {}),
    // One part's scan (an incremental run) still describes the whole; several runs' scans do not add up.
    ...(parts.length === 1 && parts[0].scan ? { scan: parts[0].scan } : {}),
  });
}
