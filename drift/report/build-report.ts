/**
 * Why this exists: the DriftReport is the JSON contract (v1) every output format renders. "In sync" needs
 * both no findings and no read errors: an unreadable resource may hide drift.
 */
import type { DriftFinding, DriftReport, ReadError, Severity } from '../model';
import { SEVERITIES } from '../model';
import { ExitCode } from '../../shared/exit-codes';

export function buildReport(findings: DriftFinding[], errors: ReadError[], counts: { roles: number; functions: number }): DriftReport {
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of findings) bySeverity[f.severity] += 1;
  return {
    schemaVersion: 1,
    summary: {
      inSync: findings.length === 0 && errors.length === 0,
      roles: counts.roles,
      functions: counts.functions,
      findings: findings.length,
      bySeverity,
      errors: errors.length,
    },
    findings,
    errors,
  };
}

/**
 * The one exit code rule, like `terraform plan -detailed-exitcode`: read errors win over drift.
 * The CLI and the demo both use it.
 */
export function exitCodeFor(report: DriftReport): number {
  if (report.errors.length > 0) return ExitCode.ERROR;
  return report.findings.length > 0 ? ExitCode.DRIFT : ExitCode.OK;
}

export function exitCodeExplanation(report: DriftReport): string {
  const code = exitCodeFor(report);
  if (code === ExitCode.ERROR)
    return `exit code ${code}: ${report.summary.errors} resource(s) could not be read, so the check cannot say "in sync"${
      report.summary.findings ? ` (drift was found as well)` : ''
    }.`;
  if (code === ExitCode.DRIFT) return `exit code ${code}: drift found; everything expected was read.`;
  return `exit code ${code}: in sync; everything expected was read and matches.`;
}

/** Findings grouped by the resource a reader would look up (address, else type + name), in report order. */
export function groupByResource(findings: readonly DriftFinding[]): { key: string; findings: DriftFinding[] }[] {
  const groups = new Map<string, DriftFinding[]>();
  for (const f of findings) {
    const key = f.resource.address ?? `${f.resource.type} ${f.resource.name}`;
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
