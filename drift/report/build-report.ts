/**
 * Why this exists: the DriftReport is the JSON contract (drift/model/report.ts) every output format renders.
 * "In sync" needs both no findings and no errors: an unreadable resource may hide drift. The exit code
 * follows `terraform plan -detailed-exitcode`, with a threshold: errors 1, findings at or above `failOn` 2.
 */
import type {
  AttributionStatus,
  CheckedResource,
  DriftFinding,
  DriftReport,
  IgnoreRuleRef,
  IgnoredFinding,
  ReadError,
  ReportTarget,
  ReportWarning,
  Severity,
  Verdict,
} from '../model';
import { ALIASES_NOT_READ, ATTRIBUTION_STATUSES, SEVERITIES, UNVERIFIED_WARNING_CODES } from '../model';
import { ExitCode } from '../../shared/exit-codes';
import { toolInfo } from '../../shared/version';

export interface ReportInput {
  readonly findings: readonly DriftFinding[];
  readonly errors: readonly ReadError[];
  /** How many roles and functions the states declare (what was checked). */
  readonly counts: { readonly roles: number; readonly functions: number };
  /** @default - none */
  readonly warnings?: readonly ReportWarning[];
  /** @default - none */
  readonly ignored?: readonly IgnoredFinding[];
  /** @default - no accounts, regions or sources */
  readonly scope?: {
    readonly accounts?: readonly string[];
    readonly regions?: readonly string[];
    readonly sources?: readonly string[];
    readonly targets?: readonly ReportTarget[];
  };
  /** The lowest severity that fails the run (exit 2). @default 'low' (any finding) */
  readonly failOn?: Severity;
  /** @default - now */
  readonly generatedAt?: Date;
  /** @default - this package's name and version */
  readonly tool?: { readonly name: string; readonly version: string };
  /** @default - a plain full scan */
  readonly scan?: DriftReport['scan'];
  /** The resources the states declare (checkedResources in checked.ts). @default - not listed */
  readonly checked?: readonly CheckedResource[];
}

/** Most severe first, so `findings.some(atOrAbove(failOn))` reads as the rule. */
export function severityAtOrAbove(threshold: Severity): (f: { readonly severity: Severity }) => boolean {
  return (f) => SEVERITIES.indexOf(f.severity) <= SEVERITIES.indexOf(threshold);
}

function exitCodeOf(findings: readonly { readonly severity: Severity }[], errors: readonly unknown[], failOn: Severity): 0 | 1 | 2 {
  if (errors.length > 0) return ExitCode.ERROR;
  return findings.some(severityAtOrAbove(failOn)) ? ExitCode.DRIFT : ExitCode.OK;
}

export function buildReport(input: ReportInput): DriftReport {
  const { findings, errors } = input;
  const warnings = input.warnings ?? [];
  const ignored = input.ignored ?? [];
  const failOn = input.failOn ?? 'low';
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of findings) bySeverity[f.severity] += 1;
  const attribution = Object.fromEntries(ATTRIBUTION_STATUSES.map((s) => [s, 0])) as Record<AttributionStatus, number>;
  for (const f of findings) attribution[f.attributionStatus] += 1;
  const unverified = new Set(warnings.filter((w) => UNVERIFIED_WARNING_CODES.includes(w.code)).map((w) => w.resource ?? w.message)).size;
  const verdict: Verdict = errors.length > 0 ? 'error' : findings.length > 0 ? 'drift' : 'in-sync';
  const sorted = (xs: readonly string[] | undefined) => [...new Set(xs ?? [])].sort();
  return {
    schemaVersion: 1,
    generatedAt: (input.generatedAt ?? new Date()).toISOString(),
    tool: input.tool ?? toolInfo(),
    verdict,
    exitCode: exitCodeOf(findings, errors, failOn),
    failOn,
    summary: {
      inSync: verdict === 'in-sync',
      roles: input.counts.roles,
      functions: input.counts.functions,
      findings: findings.length,
      bySeverity,
      errors: errors.length,
      warnings: warnings.length,
      ignored: ignored.length,
      unverified,
      attribution,
    },
    scope: {
      accounts: sorted(input.scope?.accounts),
      regions: sorted(input.scope?.regions),
      sources: sorted(input.scope?.sources),
      ...(input.scope?.targets ? { targets: input.scope.targets } : {}),
    },
    findings: [...findings],
    ignored: [...ignored],
    warnings: [...warnings],
    errors: [...errors],
    ...(input.checked ? { checked: [...input.checked] } : {}),
    ...(input.scan ? { scan: input.scan } : {}),
  };
}

/**
 * The one exit code rule, like `terraform plan -detailed-exitcode`: errors win over drift, and only findings
 * at or above the report's `failOn` (default low: every finding) make it 2. The CLI and the demo both use it.
 */
export function exitCodeFor(report: Pick<DriftReport, 'findings' | 'errors'> & { readonly failOn?: Severity }): number {
  return exitCodeOf(report.findings, report.errors, report.failOn ?? 'low');
}

/** What qualifies the verdict: resources not verifiable from state, ignored findings, failed attribution. */
export function verdictQualifiers(report: DriftReport): string[] {
  const s = report.summary;
  const out: string[] = [];
  if (s.unverified) out.push(`${s.unverified} resource(s) not verifiable from state`);
  if (report.warnings.some((w) => w.code === ALIASES_NOT_READ)) out.push('alias permissions not verified (--skip-alias-reads)');
  if (s.ignored) out.push(`${s.ignored} finding(s) ignored by rule`);
  if (s.attribution['lookup-failed']) out.push(`${s.attribution['lookup-failed']} finding(s) whose author could not be looked up`);
  return out;
}

/**
 * Who made the change behind a finding, in words that never call a failed lookup "unattributed". `short`
 * for a table cell.
 */
export function whoText(f: DriftFinding, form: 'long' | 'short' = 'long'): string {
  const short = form === 'short';
  switch (f.attributionStatus) {
    case 'attributed':
      return f.attribution?.summary ?? `${f.attribution?.actor} (${f.attribution?.eventName} at ${f.attribution?.eventTime})`;
    case 'no-matching-event':
      return short ? 'unattributed' : 'unattributed: no CloudTrail event in the look-back window names this change';
    case 'lookup-failed':
      return short ? 'unknown (CloudTrail lookup failed)' : 'unknown: CloudTrail could not be read (see warnings)';
    case 'not-looked-up':
      return short ? 'not looked up' : 'not looked up (attribution was skipped)';
  }
}

export function exitCodeExplanation(report: DriftReport): string {
  const code = exitCodeFor(report);
  if (code === ExitCode.ERROR)
    return `exit code ${code}: ${report.summary.errors} resource(s) could not be read, so the check cannot say "in sync"${
      report.summary.findings ? ` (drift was found as well)` : ''
    }.`;
  if (code === ExitCode.DRIFT) return `exit code ${code}: drift found; everything expected was read.`;
  if (report.findings.length > 0)
    return `exit code ${code}: drift found, all of it below the --fail-on ${report.failOn} threshold; everything expected was read.`;
  return `exit code ${code}: in sync; everything expected was read and matches.`;
}

/**
 * Findings grouped by the resource a reader would look up (address, else type + name), in report order. In a
 * `--config` report the same address exists in every target's account, so the target and account lead the key.
 */
export function groupByResource(findings: readonly DriftFinding[]): { key: string; findings: DriftFinding[] }[] {
  const groups = new Map<string, DriftFinding[]>();
  for (const f of findings) {
    const where = f.target ? `${f.target} (${f.account ?? 'account unknown'}): ` : '';
    const key = where + (f.resource.address ?? `${f.resource.type} ${f.resource.name}`);
    const list = groups.get(key);
    if (list) list.push(f);
    else groups.set(key, [f]);
  }
  return [...groups.entries()].map(([key, list]) => ({ key, findings: list }));
}

/** A difference value in one line: strings as-is, everything else as compact JSON. */
export function showValue(v: unknown, max = 160): string {
  if (v === null || v === undefined) return '(none)';
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** An ignore rule in one line: its reason, where it is, who owns it and when it expires. */
export function ruleText(rule: IgnoreRuleRef): string {
  return `${rule.reason} (${[`at ${rule.at}`, ...(rule.owner ? [`owner ${rule.owner}`] : []), ...(rule.expires ? [`expires ${rule.expires}`] : [])].join(', ')})`;
}
