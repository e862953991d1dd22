/**
 * The drift job: everything `lambda-roles drift` does, as one library function. It checks every input
 * before the first call (report targets, the ignore file, the config and its targets' states), runs the
 * pipeline (runDrift) once or, with a `--config`, once per target (drift/targets), applies the ignore rules
 * (drift/ignore), and writes each requested report; when the run fails it writes an error report to every
 * requested file instead, so CI never posts a stale one. The CLI only parses flags into these options and
 * prints what comes back.
 */
import type { DriftReport, IgnoreRuleRef, ReportWarning } from './model';
import { runDrift, type DriftOptions } from './run-drift';
import { checkLocateOptions, checkReportTargets, locateFindings, writeErrorReports, writeReports, type ReportTarget } from './report';
import { applyIgnoreRules, checkWriteIgnorePath, loadIgnoreRules, writeStartingIgnoreFile } from './ignore';
import { loadDriftConfig, selectTargets } from './targets/config';
import { runTargets } from './targets/run-targets';
import { combineReports } from './merge/combine';
import { UserError } from '../shared/errors';

export interface DriftJobOptions extends DriftOptions {
  /**
   * Where the report goes and in which formats; at most one target without a path (standard output).
   * @default - one text report on standard output
   */
  readonly reports?: readonly ReportTarget[];
  /** Colour the text report when it goes to standard output. @default false */
  readonly color?: boolean;
  /**
   * The repository root: where findings are looked up in definitions and .tf files, and what report paths
   * (SARIF's %SRCROOT%) are relative to.
   * @default - the current directory
   */
  readonly sourceRoot?: string;
  /** Stack name → the file that defines it, so a stack's findings point at its definition. @default - none (cdk.tf.json) */
  readonly definitions?: Readonly<Record<string, string>>;
  /**
   * The ignore rules file; it must exist when given.
   * @default - `.lambda-roles-ignore.yaml` in the current directory when it exists, else no rules
   */
  readonly ignoreFile?: string;
  /** Write a starting ignore file from the run's findings to this new file. @default - none */
  readonly writeIgnore?: string;
  /**
   * A multi-account config (lambda-roles.drift.yaml): every target is checked into one report. The states,
   * outdir and region then come from the config.
   * @default - one run over `stacks`/`stateFiles` with the base credentials
   */
  readonly config?: string;
  /** The config targets to check (`--target`, repeatable). @default - every target */
  readonly targets?: readonly string[];
  /** Config targets checked at once. @default TARGET_CONCURRENCY (2) */
  readonly targetConcurrency?: number;
  /** The time ignore rules' `expires` dates are judged at. @default - now */
  readonly now?: Date;
}

export interface DriftJobResult {
  readonly report: DriftReport;
  /** 0 in sync (or only findings below failOn), 2 drift, 1 error. */
  readonly exitCode: number;
  /** The report rendered for standard output, when a target asked for it. @default - none */
  readonly stdout?: string;
  /** The report's warnings (what limits "in sync", ignore rules that expired or matched nothing). */
  readonly warnings: readonly ReportWarning[];
  readonly apiCalls: Readonly<Record<string, number>>;
}

/** With a config, the states and regions come from it: the same flags beside it would be ignored, so they are errors. */
function checkConfigOptions(options: DriftJobOptions): void {
  if (!options.config) {
    if (options.targets?.length)
      throw new UserError(`--target ${options.targets[0]}: needs --config FILE, the file that lists the targets`);
    return;
  }
  const clash = [
    options.stacks?.length && '--stack',
    options.stateFiles?.length && '--state',
    options.outDir !== undefined && '--outdir',
    options.region !== undefined && '--region',
    // One checkpoint describes one run's inputs; the targets would overwrite each other's.
    options.incremental && '--incremental',
  ].filter(Boolean);
  if (clash.length)
    throw new UserError(
      `${clash.join(', ')}: not with --config ${options.config}; set stacks, states, outdir and regions per target in the config`,
    );
}

/** Findings an active rule matches move to `ignored`; the rules' warnings join the report (recomputed as one). */
function withIgnoreRules(report: DriftReport, rules: readonly IgnoreRuleRef[], now?: Date): DriftReport {
  if (!rules.length) return report;
  const applied = applyIgnoreRules(report.findings, rules, now);
  const part = {
    ...report,
    findings: applied.findings,
    ignored: [...report.ignored, ...applied.ignored],
    warnings: [...report.warnings, ...applied.warnings],
  };
  return combineReports([part], { failOn: report.failOn });
}

async function runChecks(options: DriftJobOptions): Promise<{ report: DriftReport; apiCalls: Record<string, number> }> {
  if (!options.config) {
    const result = await runDrift(options); // checks the state inputs first thing
    return { report: result.report, apiCalls: result.apiCalls };
  }
  const targets = selectTargets(loadDriftConfig(options.config), options.targets ?? [], options.config);
  const run = await runTargets(targets, options);
  return { report: combineReports(run.parts, { failOn: options.failOn ?? 'low', targets: run.targets }), apiCalls: run.apiCalls };
}

export async function runDriftJob(options: DriftJobOptions): Promise<DriftJobResult> {
  // Checked before anything is read: a typo in a path fails in a second, not after every API call.
  const targets = checkReportTargets(options.reports ?? [{ format: 'text' }]);
  const locate = { sourceRoot: options.sourceRoot, outDir: options.outDir, definitions: options.definitions };
  let run;
  let rules;
  try {
    checkLocateOptions(locate, options.stacks);
    checkConfigOptions(options);
    rules = loadIgnoreRules(options.ignoreFile);
    if (options.writeIgnore) checkWriteIgnorePath(options.writeIgnore);
    run = await runChecks(options);
  } catch (err) {
    writeErrorReports(err, targets, options.failOn);
    throw err;
  }
  // Where each finding is declared (for SARIF and people): a report-stage step that only reads files.
  const report = locateFindings(withIgnoreRules(run.report, rules, options.now), locate);
  const stdout = writeReports(report, targets, { color: options.color ?? false });
  if (options.writeIgnore) writeStartingIgnoreFile(options.writeIgnore, report.findings);
  return {
    report,
    exitCode: report.exitCode,
    ...(stdout !== undefined ? { stdout } : {}),
    warnings: report.warnings,
    apiCalls: run.apiCalls,
  };
}
