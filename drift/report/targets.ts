/**
 * Why this exists: one run writes several reports (`--report sarif=drift.sarif --report markdown=drift.md`),
 * and the CI step that posts them must never post a stale or half-written one. Targets are checked before
 * the run makes any call; every report is written atomically; and when the run fails, every requested file
 * is replaced by an error report, so an older report with the same name cannot be mistaken for this run's.
 */
import { resolve } from 'node:path';
import type { DriftReport, Severity } from '../model';
import { UserError } from '../../shared/errors';
import { buildReport } from './build-report';
import { checkReportPath, writeReport } from './write-report';
import { REPORT_EXTENSIONS, REPORT_FORMATS, REPORT_WRITERS, type ReportFormat } from './formats';

export interface ReportTarget {
  readonly format: ReportFormat;
  /** A file to write atomically. @default - standard output (at most one target may use it) */
  readonly path?: string;
  /** How the target was given, for messages (`--report sarif=x.sarif`). @default - derived */
  readonly flag?: string;
}

/** Parses `FORMAT=PATH` (the value of one `--report`). */
export function parseReportSpec(spec: string): ReportTarget {
  const eq = spec.indexOf('=');
  const format = (eq < 0 ? spec : spec.slice(0, eq)).trim();
  const path = eq < 0 ? '' : spec.slice(eq + 1).trim();
  const flag = `--report ${JSON.stringify(spec)}`;
  if (!(REPORT_FORMATS as readonly string[]).includes(format)) {
    throw new UserError(`${flag}: unknown format "${format}"; expected FORMAT=PATH with FORMAT one of ${REPORT_FORMATS.join(', ')}`);
  }
  if (!path)
    throw new UserError(
      `${flag}: no path; expected FORMAT=PATH, e.g. --report ${format}=drift.${REPORT_EXTENSIONS[format as ReportFormat]}`,
    );
  return { format: format as ReportFormat, path, flag };
}

/** Checks every target before anything is read: known formats, writable paths, no path twice, one stdout at most. */
export function checkReportTargets(targets: readonly ReportTarget[]): ReportTarget[] {
  const seen = new Map<string, ReportTarget>();
  let stdout: ReportTarget | undefined;
  for (const t of targets) {
    const flag = t.flag ?? (t.path ? `--report ${t.format}=${t.path}` : `--format ${t.format}`);
    if (!(REPORT_FORMATS as readonly string[]).includes(t.format)) {
      throw new UserError(`${flag}: unknown format "${t.format}"; expected one of ${REPORT_FORMATS.join(', ')}`);
    }
    if (!t.path) {
      if (stdout) throw new UserError(`${flag}: only one report can go to standard output; give this one a path (FORMAT=PATH)`);
      stdout = t;
      continue;
    }
    checkReportPath(t.path, flag);
    const key = resolve(t.path);
    const earlier = seen.get(key);
    if (earlier)
      throw new UserError(`${flag}: ${t.path} is already the target of ${earlier.flag ?? earlier.format}; give each report its own path`);
    seen.set(key, { ...t, flag });
  }
  return targets.map((t) => ({ ...t, flag: t.flag ?? (t.path ? `--report ${t.format}=${t.path}` : `--format ${t.format}`) }));
}

export interface WriteReportsOptions {
  /** Colour the text report on standard output. @default false */
  readonly color?: boolean;
}

/** Writes the report to every file target; returns what goes to standard output (or undefined). */
export function writeReports(report: DriftReport, targets: readonly ReportTarget[], options: WriteReportsOptions = {}): string | undefined {
  let stdout: string | undefined;
  for (const t of targets) {
    const text = REPORT_WRITERS[t.format].render(report, { color: !t.path && (options.color ?? false) });
    if (t.path) writeReport(t.path, text, t.flag);
    else stdout = text.endsWith('\n') ? text : `${text}\n`;
  }
  return stdout;
}

/** The report of a run that could not finish: verdict error, exit 1, the reason as a fatal error. */
export function errorReport(err: unknown, failOn: Severity = 'low'): DriftReport {
  const message = err instanceof Error ? err.message : String(err);
  return buildReport({
    findings: [],
    errors: [{ resource: 'drift run', message, kind: 'fatal' }],
    counts: { roles: 0, functions: 0 },
    failOn,
  });
}

/**
 * After a fatal error: every file target gets the error report, so no stale report survives. A target
 * that cannot be written is skipped (the original error is what the person must see).
 */
export function writeErrorReports(err: unknown, targets: readonly ReportTarget[], failOn?: Severity): void {
  const report = errorReport(err, failOn);
  for (const t of targets.filter((x) => x.path)) {
    try {
      writeReport(t.path!, REPORT_WRITERS[t.format].render(report, { color: false }), t.flag);
    } catch {
      // The run's own error is reported by the caller; this path was checked before the run.
    }
  }
}
