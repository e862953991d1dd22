/**
 * A `--config` run: each target is checked with its own session (drift/targets/credentials.ts) by the one
 * pipeline (runDrift), and its report is labelled with the target: the target name on every finding, error
 * and warning, and its account wherever nothing more specific names one. A target that cannot be assumed,
 * or whose run fails, becomes one `not-checked` error naming it and why; the others are still checked.
 *
 * Targets run TARGET_CONCURRENCY at a time. Each is another account, so they share no IAM, Lambda or
 * CloudTrail quota (the pacing buckets are per account and region), and a run is mostly waiting on the
 * network; but a stack target spawns
 * `terraform state pull`, which is CPU-heavy, so a small number keeps a 2-core CI runner responsive.
 */
import type { DriftReport, ReportTarget } from '../model';
import { runDrift, type DriftOptions } from '../run-drift';
import { createLimiter, mapLimited } from '../aws/limiter';
import { buildReport } from '../report';
import type { DriftTarget } from './config';
import { openTargetSession } from './credentials';

/** @see the file comment for why 2. */
export const TARGET_CONCURRENCY = 2;

export type TargetRunOptions = Omit<DriftOptions, 'stacks' | 'stateFiles' | 'outDir' | 'region' | 'credentials'> & {
  /** Targets checked at once. @default TARGET_CONCURRENCY */
  readonly targetConcurrency?: number;
};

export interface TargetsResult {
  /** One report per target, in config order, each labelled with its target. */
  readonly parts: DriftReport[];
  /** The scope entry of each target, in config order. */
  readonly targets: ReportTarget[];
  readonly apiCalls: Record<string, number>;
}

/** The sources a target names, spelled as the state reader spells them (a path, or `stack NAME`). */
function configuredSources(t: DriftTarget): string[] {
  return [...t.stacks.map((s) => `stack ${s}`), ...t.stateFiles];
}

/** The target's name on everything, and its account where nothing more specific names one. */
function labelled(report: DriftReport, t: DriftTarget): DriftReport {
  const target = t.name;
  return {
    ...report,
    findings: report.findings.map((f) => ({ ...f, account: f.account ?? t.account, target })),
    ignored: report.ignored.map((i) => ({ ...i, finding: { ...i.finding, account: i.finding.account ?? t.account, target } })),
    errors: report.errors.map((e) => ({ ...e, account: e.account ?? t.account, target })),
    warnings: report.warnings.map((w) => ({ ...w, target })),
    ...(report.checked ? { checked: report.checked.map((c) => ({ ...c, target })) } : {}),
  };
}

function notChecked(t: DriftTarget, err: unknown, options: TargetRunOptions): DriftReport {
  const why = err instanceof Error ? err.message : String(err);
  return buildReport({
    findings: [],
    errors: [{ resource: `target ${t.name}`, kind: 'not-checked', message: `not checked: ${why}`, account: t.account, target: t.name }],
    counts: { roles: 0, functions: 0 },
    // Nothing of it was checked: the scope's accounts, regions and sources stay those of the checked targets;
    // scope.targets still names it (unchecked) with what the config says.
    failOn: options.failOn,
  });
}

function addCalls(into: Record<string, number>, calls: Record<string, number>): void {
  for (const [op, n] of Object.entries(calls)) into[op] = (into[op] ?? 0) + n;
}

export async function runTargets(targets: readonly DriftTarget[], options: TargetRunOptions): Promise<TargetsResult> {
  const apiCalls: Record<string, number> = {};
  const runOne = async (t: DriftTarget): Promise<{ part: DriftReport; status: ReportTarget['status'] }> => {
    const onProgress = options.onProgress && ((m: string) => options.onProgress!(`[${t.name}] ${m}`));
    onProgress?.(t.role ? `assuming ${t.role.arn}` : `checking the base credentials are for ${t.account}`);
    let session;
    try {
      session = await openTargetSession(t, { profile: options.profile, maxAttempts: options.maxAttempts });
    } catch (err) {
      return { part: notChecked(t, err, options), status: 'unchecked' };
    }
    try {
      const result = await runDrift({
        ...options,
        onProgress,
        stacks: t.stacks,
        stateFiles: t.stateFiles,
        outDir: t.outDir,
        region: t.regions[0],
        deployIdentity: t.deployIdentity ?? options.deployIdentity,
        timeout: t.timeout ?? options.timeout,
        ...(session.credentials ? { credentials: session.credentials } : {}),
      });
      addCalls(apiCalls, result.apiCalls);
      return { part: labelled(result.report, t), status: 'checked' };
    } catch (err) {
      return { part: notChecked(t, err, options), status: 'unchecked' };
    } finally {
      addCalls(apiCalls, session.apiCalls());
      session.close();
    }
  };
  const runs = await mapLimited(targets, createLimiter(options.targetConcurrency ?? TARGET_CONCURRENCY), runOne);
  return {
    parts: runs.map((r) => r.part),
    targets: runs.map(({ part, status }, i) => ({
      name: targets[i].name,
      account: targets[i].account,
      regions: status === 'checked' ? [...new Set([...targets[i].regions, ...part.scope.regions])].sort() : [...targets[i].regions],
      sources: status === 'checked' ? [...part.scope.sources] : configuredSources(targets[i]),
      status,
    })),
    apiCalls: Object.fromEntries(Object.entries(apiCalls).sort(([a], [b]) => a.localeCompare(b))),
  };
}
