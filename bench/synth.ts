/**
 * Synth speed (issue 11, target 4): N functions, each with its own code folder, synthesized through our
 * constructs (`synthDefinitions`: the definition check, the constructs, the policy checks, the archives)
 * against the same resources written with raw @cdktf/provider-aws classes, which zip the same folders
 * with the same archiver so the ratio measures what the constructs add. `bench/run.ts` calls
 * `runSynthBench`; `synthBenchTable` renders its rows for docs/benchmarks.md. Nothing here is a test.
 *
 * Each run is its own process (bench/synth-child.ts), as each `cdktf synth` is, so no run inherits another's
 * heap: cdktf keeps every token it made (with the stack trace of its creation) for the life of the process.
 * The child loads the modules and synthesizes 10 functions untimed first, then times one synth into a fresh
 * output folder, so the archive cache (kept there) starts empty: the times include zipping every function.
 * On this shared VM the same synth still varies by up to 2× between runs and drifts upward over a series
 * (both variants alike, in a process each or not), so the ratio is taken per back-to-back pair.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, AssetType, LocalBackend, TerraformAsset, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { buildCodeArchive } from '../modules/code-archive';
import { runMeasured } from './process-tree';
import type { StackDefinition } from '../stacks/definition';

export interface SynthBenchOptions {
  /** Function counts. @default [500, 2000] */
  readonly sizes?: readonly number[];
  /** Runs per size and variant, in back-to-back pairs whose order alternates; medians are reported. @default 5 */
  readonly repeat?: number;
  /** Gets a line per finished run (the bench takes minutes). @default - silent */
  readonly progress?: (line: string) => void;
}

export interface SynthBenchRow {
  readonly functions: number;
  /** Median seconds through synthDefinitions. */
  readonly oursSeconds: number;
  /** Median CPU seconds (user + system) of the same runs: what wall time is on an idle machine, synth being single-threaded. */
  readonly oursCpuSeconds: number;
  /** Median seconds with raw provider classes for the same resources and archives. */
  readonly rawSeconds: number;
  readonly rawCpuSeconds: number;
  /**
   * The median of each pair's ours ÷ raw: a pair runs back to back, so a slow spell of the machine (this is a
   * shared VM: the same synth's CPU time varies by a quarter between runs) weighs on both halves alike.
   */
  readonly ratio: number;
  /** At most MAX_RATIO, and at N = 500 under SECONDS_AT_500. */
  readonly targetMet: boolean;
}

export interface SynthBenchResult {
  readonly rows: readonly SynthBenchRow[];
  /**
   * Seconds of a first, small synth of each variant before any timed run: module loading and our policy
   * checks' one-time load of the AWS managed policy snapshot, paid once per process, not per function.
   */
  readonly warmupSeconds: number;
  /** The targets, in words, for the report. */
  readonly target: string;
}

export const MAX_RATIO = 1.25;
export const SECONDS_AT_500 = 5;
const ACCOUNT = '000000000000';
const REGION = 'us-east-1';
const BASIC = 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';
const XRAY = 'arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess';

export async function runSynthBench(options: SynthBenchOptions = {}): Promise<SynthBenchResult> {
  const sizes = options.sizes ?? [500, 2000];
  const repeat = options.repeat ?? 5;
  const progress = options.progress ?? (() => undefined);
  const rows: SynthBenchRow[] = [];
  const warmups: number[] = [];
  for (const size of sizes) {
    const work = mkdtempSync(join(tmpdir(), `lambda-roles-synth-bench-${size}-`));
    try {
      writeCodeFolders(work, size);
      const ours: ChildTiming[] = [];
      const raw: ChildTiming[] = [];
      for (let run = 0; run < repeat; run++) {
        // The order alternates, so neither variant always runs second.
        const order: Variant[] = run % 2 === 0 ? ['ours', 'raw'] : ['raw', 'ours'];
        for (const variant of order) (variant === 'ours' ? ours : raw).push(await runChild(variant, size, work));
        // Guards the comparison: both variants must write the same resources.
        if (ours[run].counts !== raw[run].counts)
          throw new Error(`synth bench: raw classes wrote ${raw[run].counts}, ours ${ours[run].counts}`);
        warmups.push(ours[run].warmupSeconds, raw[run].warmupSeconds);
        progress(
          `synth N=${size} run ${run + 1}/${repeat}: ours ${ours[run].seconds.toFixed(2)} s (cpu ${ours[run].cpuSeconds.toFixed(2)}), raw classes ${raw[run].seconds.toFixed(2)} s (cpu ${raw[run].cpuSeconds.toFixed(2)})`,
        );
      }
      const oursSeconds = median(ours.map((t) => t.seconds));
      const rawSeconds = median(raw.map((t) => t.seconds));
      const ratio = median(ours.map((t, i) => t.seconds / raw[i].seconds));
      const targetMet = ratio <= MAX_RATIO && (size !== 500 || oursSeconds < SECONDS_AT_500);
      rows.push({
        functions: size,
        oursSeconds,
        oursCpuSeconds: median(ours.map((t) => t.cpuSeconds)),
        rawSeconds,
        rawCpuSeconds: median(raw.map((t) => t.cpuSeconds)),
        ratio,
        targetMet,
      });
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }
  return {
    rows,
    warmupSeconds: median(warmups),
    target: `synth at most ${MAX_RATIO}× raw provider classes, and under ${SECONDS_AT_500} s at N = 500 (distinct code folders, cold archive cache)`,
  };
}

export type Variant = 'ours' | 'raw';

/** What one child process measured (bench/synth-child.ts prints it as its last line). */
export interface ChildTiming extends Timing {
  /** The untimed first synth of 10 functions: module loading, the managed policy snapshot. */
  readonly warmupSeconds: number;
  /** Resources per type that the timed synth wrote (the comparison's guard). */
  readonly counts: string;
}

const CHILD = join(__dirname, 'synth-child.ts');

async function runChild(variant: Variant, size: number, work: string): Promise<ChildTiming> {
  // The child times its own synth; the parent's memory sampling is not reported here, so it is kept sparse.
  const run = await runMeasured(process.execPath, ['--expose-gc', '--import', 'tsx', CHILD, variant, String(size), work], {
    cwd: join(__dirname, '..'),
    env: process.env,
    sampleMs: 1000,
  });
  const last = run.stdout.trim().split('\n').pop() ?? '';
  if (run.code !== 0 || !last.startsWith('{'))
    throw new Error(`synth bench: the ${variant} child (N=${size}) failed (exit ${run.code}):\n${run.stderr.slice(-2000)}`);
  return JSON.parse(last) as ChildTiming;
}

/** Markdown rows for docs/benchmarks.md. */
export function synthBenchTable(result: SynthBenchResult): string {
  const lines = [
    '| functions | ours (s) | raw provider classes (s) | ratio (median of pairs) | ours / raw CPU (s) | target met |',
    '| ---: | ---: | ---: | ---: | ---: | --- |',
    ...result.rows.map(
      (r) =>
        `| ${r.functions} | ${r.oursSeconds.toFixed(2)} | ${r.rawSeconds.toFixed(2)} | ${r.ratio.toFixed(2)}× | ${r.oursCpuSeconds.toFixed(2)} / ${r.rawCpuSeconds.toFixed(2)} | ${r.targetMet ? 'met' : 'not met'} |`,
    ),
  ];
  return `${lines.join('\n')}\n\nTarget: ${result.target}. The ratio is the median of back-to-back pairs' ratios (the pairs' order alternates), so a slow spell of the machine weighs on both halves alike; each synth runs in its own process (as \`cdktf synth\` does), timed after an untimed synth of 10 functions there (${result.warmupSeconds.toFixed(1)} s median: module loading and the AWS managed policy snapshot).`;
}

export interface Timing {
  readonly seconds: number;
  /** User + system CPU seconds of this process. */
  readonly cpuSeconds: number;
}

/** How long `synth` takes into a fresh output folder; `inspect` reads the output afterwards, untimed. */
export function timed(work: string, synth: (outDir: string) => void, inspect: (outDir: string) => void): Timing {
  const outDir = mkdtempSync(join(work, 'out-'));
  global.gc?.();
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  synth(outDir);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const used = process.cpuUsage(cpu);
  inspect(outDir);
  rmSync(outDir, { recursive: true, force: true });
  return { seconds, cpuSeconds: (used.user + used.system) / 1e6 };
}

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** One folder per function with a handler and a helper module, each different. */
export function writeCodeFolders(work: string, size: number): string[] {
  return Array.from({ length: size }, (_, i) => {
    const dir = join(work, 'code', `fn-${i}`);
    mkdirSync(join(dir, 'lib'), { recursive: true });
    writeFileSync(join(dir, 'index.js'), `const { id } = require('./lib/id');\nexports.handler = async (event) => ({ id, event });\n`);
    writeFileSync(join(dir, 'lib', 'id.js'), `exports.id = 'bench-fn-${i}';\n`);
    return dir;
  });
}

/** Each function: its own role, 2 managed attachments, 1 inline policy, 1 invoke permission (as in the issue). */
export function benchDefinition(codeDirs: readonly string[]): StackDefinition {
  return {
    name: 'synth-bench',
    region: REGION,
    account: ACCOUNT,
    functions: codeDirs.map((path, i) => ({
      name: `bench-fn-${i}`,
      features: { tracing: true },
      statements: [{ actions: ['s3:GetObject'], resources: [`arn:aws:s3:::bench-bucket-${i}/*`] }],
      invokers: [{ kind: 'sns' as const, name: 'topic', sourceArn: `arn:aws:sns:${REGION}:${ACCOUNT}:bench-topic-${i}` }],
      code: { path, runtime: 'nodejs20.x', handler: 'index.handler' },
    })),
  };
}

/** The same resources as benchDefinition synthesizes to, written by hand with the provider classes. */
export function synthRaw(codeDirs: readonly string[], outDir: string): void {
  const app = new App({ outdir: outDir });
  const stack = new TerraformStack(app, 'synth-bench');
  new AwsProvider(stack, 'aws', { region: REGION });
  new LocalBackend(stack, { path: join(outDir, 'terraform.synth-bench.tfstate') });
  const trust = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Service: 'lambda.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } },
      },
    ],
  });
  codeDirs.forEach((codePath, i) => {
    const name = `bench-fn-${i}`;
    const role = new IamRole(stack, `${name}-role`, { name: `${name}-exec`, assumeRolePolicy: trust, maxSessionDuration: 3600, path: '/' });
    const attachments = [BASIC, XRAY].map(
      (policyArn, k) => new IamRolePolicyAttachment(stack, `${name}-attach-${k}`, { role: role.name, policyArn }),
    );
    const inline = new IamRolePolicy(stack, `${name}-inline`, {
      role: role.name,
      name: 'inline-least-privilege',
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::bench-bucket-${i}/*` }],
      }),
    });
    const archive = buildCodeArchive(codePath, { cacheDir: join(outDir, '.code-archives') });
    const asset = new TerraformAsset(stack, `${name}-code`, { path: archive.path, type: AssetType.FILE, assetHash: archive.assetHash });
    const fn = new LambdaFunction(stack, `${name}-function`, {
      functionName: name,
      role: role.arn,
      runtime: 'nodejs20.x',
      handler: 'index.handler',
      filename: asset.path,
      sourceCodeHash: archive.sha256,
      tracingConfig: { mode: 'Active' },
      timeouts: { create: '2m', update: '2m' },
      dependsOn: [...attachments, inline],
    });
    new LambdaPermission(stack, `${name}-permission`, {
      functionName: fn.functionName,
      statementId: 'AllowSNS-topic',
      action: 'lambda:InvokeFunction',
      principal: 'sns.amazonaws.com',
      sourceArn: `arn:aws:sns:${REGION}:${ACCOUNT}:bench-topic-${i}`,
    });
  });
  app.synth();
}

/** Resources per type in the synthesized stack, as JSON text. */
export function resourceCounts(outDir: string): string {
  const json = JSON.parse(readFileSync(join(outDir, 'stacks', 'synth-bench', 'cdk.tf.json'), 'utf8')) as {
    resource: Record<string, Record<string, unknown>>;
  };
  return JSON.stringify(Object.fromEntries(Object.entries(json.resource).map(([type, byName]) => [type, Object.keys(byName).length])));
}
