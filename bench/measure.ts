/**
 * One measured run of each tool, both as child processes against the same endpoint and state: the drift
 * check through its CLI (what a CI job runs) and `terraform plan -refresh-only`. The endpoint's call
 * counters say what each run cost AWS; findings are compared, never exit codes (`-detailed-exitcode` exits
 * 2 for "Objects have changed outside of Terraform" even where the plan then says "No changes").
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { LocalAws } from '../local-aws';
import type { DriftReport } from '../drift';
import { terraformEnv } from '../shared/terraform/env';
import { runMeasured } from './process-tree';

export interface Sample {
  /** `drift-skip-aliases`: the drift check with --skip-alias-reads. */
  readonly tool: 'drift' | 'drift-skip-aliases' | 'terraform';
  readonly seconds: number;
  readonly peakRssMiB: number;
  /** Requests the endpoint served, by `service:Operation` (throttled ones included: AWS counts them too). */
  readonly calls: Readonly<Record<string, number>>;
  readonly totalCalls: number;
  /** Drift findings, or the resources terraform reports as changed outside Terraform. */
  readonly findings: number;
  /** True when the run read everything (drift: no errors; terraform: exit 0). */
  readonly ok: boolean;
  /** Seconds from start to each phase line the run printed (drift only). */
  readonly phases?: Readonly<Record<string, number>>;
  /** How the drift run scanned (incremental mode). */
  readonly scan?: DriftReport['scan'];
  readonly detail?: string;
}

export const CLI = resolve(__dirname, '..', 'bin', 'lambda-roles.js');
export const SKIP_ALIAS_READS = '--skip-alias-reads';

function total(calls: Record<string, number>): number {
  return Object.values(calls).reduce((a, b) => a + b, 0);
}

/** `drift: <phase>` progress lines the check prints when stderr is not a terminal. */
function phasesOf(lines: readonly { at: number; line: string }[]): Record<string, number> {
  const phases: Record<string, number> = {};
  for (const { at, line } of lines) {
    const m = /^drift: (.*)$/.exec(line);
    if (m) phases[m[1]] = at;
  }
  return phases;
}

export async function measureDrift(
  aws: LocalAws,
  stateFile: string,
  env: NodeJS.ProcessEnv,
  extraArgs: readonly string[] = [],
): Promise<Sample> {
  const dir = mkdtempSync(join(tmpdir(), 'lambda-roles-bench-report-'));
  const output = join(dir, 'drift.json');
  try {
    aws.resetCallCounts();
    const run = await runMeasured(
      process.execPath,
      [CLI, 'drift', '--state', stateFile, '--since', '1d', '--format', 'json', '--output', output, ...extraArgs],
      { cwd: resolve(__dirname, '..'), env },
    );
    const calls = aws.callCounts();
    let report: DriftReport | undefined;
    try {
      report = JSON.parse(readFileSync(output, 'utf8')) as DriftReport;
    } catch {
      report = undefined;
    }
    return {
      tool: extraArgs.includes(SKIP_ALIAS_READS) ? 'drift-skip-aliases' : 'drift',
      seconds: run.seconds,
      peakRssMiB: run.peakRssMiB,
      calls,
      totalCalls: total(calls),
      findings: report?.summary.findings ?? -1,
      ok: !!report && report.summary.errors === 0 && run.code !== 1,
      phases: phasesOf(run.stderrLines),
      ...(report?.scan ? { scan: report.scan } : {}),
      ...(report && report.summary.errors === 0 ? {} : { detail: (run.stderr || run.stdout).slice(-2000) }),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Resources `terraform plan -refresh-only` reports as changed outside Terraform (`# <address> has changed`). */
export function changedOutsideTerraform(planText: string): number {
  return new Set([...planText.matchAll(/^\s*# (\S+) has (?:changed|been deleted)/gm)].map((m) => m[1])).size;
}

export async function measureTerraform(aws: LocalAws, dir: string, env: NodeJS.ProcessEnv, parallelism: number): Promise<Sample> {
  aws.resetCallCounts();
  const run = await runMeasured(
    'terraform',
    ['plan', '-refresh-only', '-input=false', '-no-color', '-lock=false', `-parallelism=${parallelism}`],
    { cwd: dir, env: terraformEnv(env) },
  );
  const calls = aws.callCounts();
  const changed = changedOutsideTerraform(run.stdout);
  const noChanges = /No changes\./.test(run.stdout);
  return {
    tool: 'terraform',
    seconds: run.seconds,
    peakRssMiB: run.peakRssMiB,
    calls,
    totalCalls: total(calls),
    findings: changed,
    ok: run.code === 0 && (noChanges || changed > 0),
    ...(run.code === 0 ? {} : { detail: (run.stderr || run.stdout).slice(-2000) }),
  };
}

export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

export interface Summary {
  readonly seconds: number;
  readonly totalCalls: number;
  readonly peakRssMiB: number;
  readonly findings: number;
  /** Median calls per API. */
  readonly calls: Readonly<Record<string, number>>;
  readonly runs: number;
  readonly allOk: boolean;
}

export function summarize(samples: readonly Sample[]): Summary {
  const apis = [...new Set(samples.flatMap((s) => Object.keys(s.calls)))].sort();
  return {
    seconds: median(samples.map((s) => s.seconds)),
    totalCalls: median(samples.map((s) => s.totalCalls)),
    peakRssMiB: median(samples.map((s) => s.peakRssMiB)),
    findings: Math.max(...samples.map((s) => s.findings)),
    calls: Object.fromEntries(apis.map((api) => [api, median(samples.map((s) => s.calls[api] ?? 0))])),
    runs: samples.length,
    allOk: samples.every((s) => s.ok),
  };
}
