/**
 * The drift section of `npm run bench`: per size N, the stack deployed with terraform, then the drift check
 * and `terraform plan -refresh-only` alternately on that state under the same endpoint settings (latency,
 * AWS's quotas); at one size, attribution of console edits; at the largest, the incremental run.
 */
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { LocalAws } from '../local-aws';
import { awsEndpointEnv } from '../shared/terraform/run';
import { deployRange, wholeStack, type Part } from './deploy';
import { applyEdits, revertEdits, spreadEdits } from './edits';
import { CLI, SKIP_ALIAS_READS, measureDrift, measureTerraform, median, summarize, type Sample, type Summary } from './measure';
import { runMeasured } from './process-tree';
import { writeZip } from './stack';

/** Lambda GetPolicy: 15 requests per second per account and region, not raisable: N functions need N/15 s. */
export const GET_POLICY_PER_SECOND = 15;
export const floorSeconds = (n: number) => n / GET_POLICY_PER_SECOND;

export interface DriftBenchOptions {
  readonly sizes: readonly number[];
  readonly repeat: number;
  readonly latencyMs: number;
  /** terraform plan -parallelism. */
  readonly parallelism: number;
  readonly applyParts: number;
  /** The size at which `edits` console edits are attributed. */
  readonly attributionSize: number;
  readonly edits: number;
  readonly incremental: boolean;
  readonly terraform: boolean;
  /** Also measure the drift check with --skip-alias-reads at every size. */
  readonly skipAliases: boolean;
  readonly workDir: string;
  readonly progress: (line: string) => void;
}

export interface SizeResult {
  readonly n: number;
  readonly floorSeconds: number;
  readonly drift: Summary;
  /** The drift check with --skip-alias-reads (fewer calls; alias permissions not verified). */
  readonly skipAliases?: Summary;
  readonly terraform?: Summary;
  readonly samples: readonly Sample[];
}

export interface AttributionResult {
  readonly n: number;
  readonly edits: number;
  readonly drift: Summary;
  /** Median seconds from "live reads finished" to "attribution finished" (the drift check's own progress lines). */
  readonly afterReadsSeconds: number;
  /** Median wall time with findings minus the in-sync median at the same size. */
  readonly addedSeconds: number;
  readonly terraformChanged?: number;
  readonly samples: readonly Sample[];
}

export interface IncrementalResult {
  readonly n: number;
  readonly overlapMinutes: number;
  readonly first: Sample;
  readonly drift: Summary;
  readonly foundTheChange: boolean;
  readonly samples: readonly Sample[];
}

export interface DriftBenchResult {
  readonly sizes: SizeResult[];
  readonly attribution?: AttributionResult;
  readonly incremental?: IncrementalResult;
}

const PHASE_READS_DONE = 'live reads finished';
const PHASE_ATTRIBUTED = 'attribution finished';

export async function runDriftBench(aws: LocalAws, o: DriftBenchOptions): Promise<DriftBenchResult> {
  const env = { ...process.env, ...awsEndpointEnv(aws.endpoint), NO_COLOR: '1' };
  const zipPath = writeZip(join(o.workDir, 'code.zip'));
  const measured = () => aws.setControls({ latencyMs: o.latencyMs, quotas: 'aws-defaults' });
  const setUp = () => aws.setControls({ latencyMs: 0, quotas: 'none' });
  const result: DriftBenchResult = { sizes: [] };
  const parts: Part[] = [];
  let deployedUpTo = 0;
  // The benchmark's own last write (deploy, console edits): the incremental run's window must not hold it.
  let lastWrite = Date.now();

  // The CLI runs TypeScript through tsx, which compiles each file once and caches it: one untimed run first, so
  // no measured run pays for compiling after a code change.
  await runMeasured(process.execPath, [CLI, 'drift', '--help'], { cwd: resolve(__dirname, '..'), env });

  for (const n of [...o.sizes].sort((a, b) => a - b)) {
    setUp();
    if (n > deployedUpTo) {
      o.progress(`N=${n}: deploying functions ${deployedUpTo}-${n - 1} with terraform (${o.applyParts} parts at once)`);
      const partSize = Math.max(1, Math.ceil((n - deployedUpTo) / o.applyParts));
      parts.push(
        ...(await deployRange(deployedUpTo, n, {
          workDir: o.workDir,
          zipPath,
          env,
          parallelParts: o.applyParts,
          partSize,
          progress: o.progress,
        })),
      );
      deployedUpTo = n;
      lastWrite = Date.now();
    }
    const dir = await wholeStack(n, parts, {
      workDir: o.workDir,
      zipPath,
      env,
      parallelParts: o.applyParts,
      partSize: 1,
      progress: o.progress,
    });
    const stateFile = join(dir, 'terraform.tfstate');

    measured();
    const samples: Sample[] = [];
    for (let r = 0; r < o.repeat; r++) {
      const d = await measureDrift(aws, stateFile, env);
      samples.push(d);
      o.progress(`N=${n} run ${r + 1}/${o.repeat}: drift check ${describe(d)}`);
      if (o.skipAliases) {
        const k = await measureDrift(aws, stateFile, env, [SKIP_ALIAS_READS]);
        samples.push(k);
        o.progress(`N=${n} run ${r + 1}/${o.repeat}: drift check ${SKIP_ALIAS_READS} ${describe(k)}`);
      }
      if (o.terraform) {
        const t = await measureTerraform(aws, dir, env, o.parallelism);
        samples.push(t);
        o.progress(`N=${n} run ${r + 1}/${o.repeat}: terraform plan -refresh-only ${describe(t)}`);
      }
    }
    const drift = summarize(samples.filter((s) => s.tool === 'drift'));
    const terraform = o.terraform ? summarize(samples.filter((s) => s.tool === 'terraform')) : undefined;
    const skipAliases = o.skipAliases ? summarize(samples.filter((s) => s.tool === 'drift-skip-aliases')) : undefined;
    result.sizes.push({
      n,
      floorSeconds: floorSeconds(n),
      drift,
      ...(skipAliases ? { skipAliases } : {}),
      ...(terraform ? { terraform } : {}),
      samples,
    });

    if (n === o.attributionSize && o.edits > 0) {
      (result as { attribution?: AttributionResult }).attribution = await attributionRun(aws, o, n, dir, stateFile, env, drift);
      lastWrite = Date.now();
      measured();
    }
    if (o.incremental && n === Math.max(...o.sizes)) {
      (result as { incremental?: IncrementalResult }).incremental = await incrementalRun(aws, o, n, stateFile, env, lastWrite);
    }
  }
  setUp();
  return result;
}

function describe(s: Sample): string {
  const scan = s.scan ? ` [${s.scan.mode}${s.scan.reason ? `: ${s.scan.reason}` : ''}]` : '';
  return `${s.seconds.toFixed(1)} s, ${s.totalCalls} calls, ${s.peakRssMiB.toFixed(0)} MiB, ${s.findings} findings${s.ok ? '' : ' (NOT OK)'}${scan}${
    s.detail ? `\n${s.detail}` : ''
  }`;
}

async function attributionRun(
  aws: LocalAws,
  o: DriftBenchOptions,
  n: number,
  dir: string,
  stateFile: string,
  env: NodeJS.ProcessEnv,
  inSync: Summary,
): Promise<AttributionResult> {
  const edits = spreadEdits(n, o.edits);
  aws.setControls({ latencyMs: 0, quotas: 'none' });
  await applyEdits(aws.endpoint, edits);
  aws.setControls({ latencyMs: o.latencyMs, quotas: 'aws-defaults' });
  o.progress(`N=${n}: made ${edits.length} console edits; measuring attribution`);
  const samples: Sample[] = [];
  try {
    for (let r = 0; r < o.repeat; r++) {
      const d = await measureDrift(aws, stateFile, env);
      samples.push(d);
      o.progress(`N=${n} with ${edits.length} edits, run ${r + 1}/${o.repeat}: drift check ${describe(d)}`);
    }
    const t = o.terraform ? await measureTerraform(aws, dir, env, o.parallelism) : undefined;
    if (t) o.progress(`N=${n} with ${edits.length} edits: terraform plan -refresh-only ${describe(t)}`);
    const drift = summarize(samples);
    const after = samples.map((s) =>
      Math.max(0, (s.phases?.[PHASE_ATTRIBUTED] ?? s.seconds) - (s.phases?.[PHASE_READS_DONE] ?? s.seconds)),
    );
    return {
      n,
      edits: edits.length,
      drift,
      afterReadsSeconds: median(after),
      addedSeconds: drift.seconds - inSync.seconds,
      ...(t ? { terraformChanged: t.findings } : {}),
      samples,
    };
  } finally {
    aws.setControls({ latencyMs: 0, quotas: 'none' });
    await revertEdits(aws.endpoint, edits);
  }
}

async function incrementalRun(
  aws: LocalAws,
  o: DriftBenchOptions,
  n: number,
  stateFile: string,
  env: NodeJS.ProcessEnv,
  lastWrite: number,
): Promise<IncrementalResult> {
  const checkpoint = join(o.workDir, `checkpoint-${n}.json`);
  rmSync(checkpoint, { force: true });
  // The look-back starts at the checkpoint's time minus the overlap. Keep the benchmark's own writes (the
  // deploy's thousands of events, the attribution edits) out of it, or every resource they touched would be
  // re-read: the default 15 minutes when they are older, else as much as excludes them (at least a minute).
  if (Date.now() - lastWrite < 61_000) await new Promise((r) => setTimeout(r, 61_000 - (Date.now() - lastWrite)));
  const overlapMinutes = Math.max(1, Math.min(15, Math.floor((Date.now() - lastWrite) / 60_000)));
  const args = ['--incremental', '--checkpoint', checkpoint, '--overlap', `${overlapMinutes}m`];
  aws.setControls({ latencyMs: o.latencyMs, quotas: 'aws-defaults' });
  const first = await measureDrift(aws, stateFile, env, args);
  o.progress(`N=${n}: incremental mode, first run (full scan, writes the checkpoint) ${describe(first)}`);
  const edit = { kind: 'attach', index: Math.floor(n / 2) } as const;
  await applyEdits(aws.endpoint, [edit]);
  const samples: Sample[] = [];
  try {
    for (let r = 0; r < o.repeat; r++) {
      const d = await measureDrift(aws, stateFile, env, args);
      samples.push(d);
      o.progress(`N=${n}: incremental run after 1 console edit, ${r + 1}/${o.repeat}: ${describe(d)}`);
    }
  } finally {
    aws.setControls({ latencyMs: 0, quotas: 'none' });
    await revertEdits(aws.endpoint, [edit]);
  }
  return {
    n,
    overlapMinutes,
    first,
    drift: summarize(samples),
    foundTheChange: samples.every((s) => s.findings === 1 && s.ok && s.scan?.mode === 'incremental'),
    samples,
  };
}
