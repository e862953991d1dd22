/**
 * The drift job: everything `lambda-roles drift` does, as one library function. It checks every input
 * before the first call (states, report targets), runs the pipeline (runDrift), and writes each requested
 * report; when the run fails it writes an error report to every requested file instead, so CI never posts a
 * stale one. The CLI only parses flags into these options and prints what comes back.
 */
import type { DriftReport, ReportWarning } from './model';
import { runDrift, type DriftOptions } from './run-drift';
import { checkReportTargets, writeErrorReports, writeReports, type ReportTarget } from './report';

export interface DriftJobOptions extends DriftOptions {
  /**
   * Where the report goes and in which formats; at most one target without a path (standard output).
   * @default - one text report on standard output
   */
  readonly reports?: readonly ReportTarget[];
  /** Colour the text report when it goes to standard output. @default false */
  readonly color?: boolean;
}

export interface DriftJobResult {
  readonly report: DriftReport;
  /** 0 in sync (or only findings below failOn), 2 drift, 1 error. */
  readonly exitCode: number;
  /** The report rendered for standard output, when a target asked for it. @default - none */
  readonly stdout?: string;
  readonly warnings: readonly ReportWarning[];
  readonly apiCalls: Readonly<Record<string, number>>;
}

export async function runDriftJob(options: DriftJobOptions): Promise<DriftJobResult> {
  // Checked before anything is read: a typo in a path fails in a second, not after every API call.
  const targets = checkReportTargets(options.reports ?? [{ format: 'text' }]);
  let result;
  try {
    result = await runDrift(options); // checks the state inputs first thing
  } catch (err) {
    writeErrorReports(err, targets, options.failOn);
    throw err;
  }
  const stdout = writeReports(result.report, targets, { color: options.color ?? false });
  return {
    report: result.report,
    exitCode: result.report.exitCode,
    ...(stdout !== undefined ? { stdout } : {}),
    warnings: result.warnings,
    apiCalls: result.apiCalls,
  };
}
