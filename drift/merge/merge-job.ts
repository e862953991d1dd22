/**
 * `lambda-roles report merge a.json b.json …`: how the drift job scales past one machine. A CI matrix runs
 * one job per account (`drift --config F --target NAME --report json=NAME.json`), and a last job merges
 * their reports into one, recomputing the verdict, the counts, the scope and the exit code. Like the drift
 * job, it checks its report targets first and, when an input is bad, writes an error report to every
 * requested file, so CI never posts a stale one.
 */
import { resolve } from 'node:path';
import type { DriftReport, Severity } from '../model';
import { checkReportTargets, writeErrorReports, writeReports, type ReportTarget } from '../report';
import { UserError } from '../../shared/errors';
import { combineReports } from './combine';
import { readReportFile } from './read-report';

export interface MergeJobOptions {
  /** The JSON reports to merge, in the order their parts appear in the result. */
  readonly inputs: readonly string[];
  /** @default - one text report on standard output */
  readonly reports?: readonly ReportTarget[];
  /** @default - the inputs' failOn when they all agree (else an error asks for it) */
  readonly failOn?: Severity;
  /** Colour the text report when it goes to standard output. @default false */
  readonly color?: boolean;
}

export interface MergeJobResult {
  readonly report: DriftReport;
  readonly exitCode: number;
  /** The report rendered for standard output, when a target asked for it. @default - none */
  readonly stdout?: string;
}

/** Two inputs that cover the same target would count its findings twice. */
function checkDistinct(inputs: readonly string[], reports: readonly DriftReport[]): void {
  const files = new Map<string, string>();
  for (const f of inputs) {
    const earlier = files.get(resolve(f));
    if (earlier) throw new UserError(`${f}: given twice (also as ${earlier}); give each report once`);
    files.set(resolve(f), f);
  }
  const owner = new Map<string, string>();
  reports.forEach((r, i) => {
    for (const t of r.scope.targets ?? []) {
      const earlier = owner.get(t.name);
      if (earlier)
        throw new UserError(
          `${inputs[i]}: target ${t.name} is also in ${earlier}; merge each target's report once (one per CI matrix job)`,
        );
      owner.set(t.name, inputs[i]);
    }
  });
}

function failOnOf(reports: readonly DriftReport[], inputs: readonly string[], explicit?: Severity): Severity {
  if (explicit) return explicit;
  const values = [...new Set(reports.map((r) => r.failOn))];
  if (values.length === 1) return values[0];
  throw new UserError(
    `the inputs were checked with different --fail-on thresholds (${reports.map((r, i) => `${inputs[i]}: ${r.failOn}`).join(', ')}); pass --fail-on to choose one`,
  );
}

export function runMergeJob(options: MergeJobOptions): MergeJobResult {
  const targets = checkReportTargets(options.reports ?? [{ format: 'text' }]);
  let report: DriftReport;
  try {
    if (!options.inputs.length) throw new UserError('no reports to merge; pass the JSON reports, e.g. report merge prod.json staging.json');
    const parts = options.inputs.map(readReportFile);
    checkDistinct(options.inputs, parts);
    report = combineReports(parts, { failOn: failOnOf(parts, options.inputs, options.failOn) });
  } catch (err) {
    writeErrorReports(err, targets, options.failOn);
    throw err;
  }
  const stdout = writeReports(report, targets, { color: options.color ?? false });
  return { report, exitCode: report.exitCode, ...(stdout !== undefined ? { stdout } : {}) };
}
