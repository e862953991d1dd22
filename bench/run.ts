/**
 * `npm run bench`: speed and memory of the drift check against the local endpoint, with AWS's real
 * quotas on (Lambda GetPolicy 15/s, other Lambda control-plane 15/s, CloudTrail LookupEvents 2/s) and a
 * per-call latency standing in for the network.
 *
 *   1. the example stacks, deployed with real terraform: wall time and API calls of one drift run;
 *   2. N seeded roles + functions: the per-role IAM strategy (GetRole + List*… per role, the BASELINE)
 *      against the bulk strategy (GetAccountAuthorizationDetails + ListRoles), printed as ratios.
 *
 * Numbers go to stdout only; no test times anything. Options: --sizes 10,100 --latency 15 --repeat 3
 * --skip-examples.
 */
import '../shared/quiet-node-warnings';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalAws, DEFAULT_CREDENTIALS, type LocalAws } from '../local-aws';
import { runDrift, type DriftOptions } from '../drift';
import { EXAMPLES } from '../stacks/examples';
import { synthDefinitions } from '../stacks/synth';
import { loadIamReference } from '../modules/checks/iam-data';
import { applyDirs, awsEndpointEnv, terraform } from '../shared/terraform/run';
import { seedFunctions } from './seed';

interface Sample {
  readonly seconds: number;
  readonly calls: number;
  readonly rssMiB: number;
  readonly findings: number;
  readonly errors: number;
}

function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Runs the drift check `repeat` times; reports medians. RSS is the peak seen while it ran. */
async function measure(options: DriftOptions, repeat: number): Promise<Sample> {
  const samples: Sample[] = [];
  for (let r = 0; r < repeat; r++) {
    global.gc?.();
    let peak = process.memoryUsage().rss;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const start = process.hrtime.bigint();
    const { report, apiCalls } = await runDrift(options);
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    clearInterval(sampler);
    samples.push({
      seconds,
      calls: Object.values(apiCalls).reduce((a, b) => a + b, 0),
      rssMiB: peak / 2 ** 20,
      findings: report.summary.findings,
      errors: report.summary.errors,
    });
  }
  return {
    seconds: median(samples.map((s) => s.seconds)),
    calls: median(samples.map((s) => s.calls)),
    rssMiB: median(samples.map((s) => s.rssMiB)),
    findings: Math.max(...samples.map((s) => s.findings)),
    errors: Math.max(...samples.map((s) => s.errors)),
  };
}

const fmt = (s: Sample) =>
  `${s.seconds.toFixed(2).padStart(7)} s ${String(s.calls).padStart(6)} calls ${s.rssMiB.toFixed(0).padStart(5)} MiB rss  findings=${s.findings} errors=${s.errors}`;

async function benchExamples(aws: LocalAws, workDir: string, repeat: number): Promise<void> {
  const outDir = join(workDir, 'examples');
  await loadIamReference();
  const dirs = synthDefinitions(EXAMPLES, { outDir });
  const env = awsEndpointEnv(aws.endpoint);
  const t0 = Date.now();
  await applyDirs(dirs, env);
  const applyEnd = Date.now();
  console.log(`examples: deployed ${EXAMPLES.length} stacks with terraform in ${((applyEnd - t0) / 1000).toFixed(1)} s`);
  aws.resetCallCounts();
  const s = await measure({ stacks: EXAMPLES.map((d) => d.name), outDir, since: '1h' }, repeat);
  console.log(`examples: one drift run (in sync expected) ${fmt(s)}`);
  console.log(`examples: endpoint saw ${JSON.stringify(aws.callCounts())} over ${repeat} run(s)`);

  // The rest of one terraform cycle: an immediate plan (must be empty) and destroy.
  const t1 = Date.now();
  for (const cwd of dirs) {
    await terraform(['plan', '-detailed-exitcode', '-input=false', '-no-color', '-lock=false'], { cwd, env, timeoutMs: 300_000 }, [0]);
  }
  const t2 = Date.now();
  for (const cwd of [...dirs].reverse()) {
    await terraform(['destroy', '-auto-approve', '-input=false', '-no-color'], { cwd, env, timeoutMs: 300_000 });
  }
  const t3 = Date.now();
  console.log(
    `examples: terraform cycle apply ${((applyEnd - t0) / 1000).toFixed(1)} s + empty plan ${((t2 - t1) / 1000).toFixed(1)} s + destroy ${((t3 - t2) / 1000).toFixed(1)} s`,
  );
}

async function benchScale(aws: LocalAws, workDir: string, size: number, repeat: number): Promise<void> {
  aws.reset();
  const stateFile = join(workDir, `bench-${size}.tfstate`);
  const t0 = Date.now();
  await seedFunctions({ endpoint: aws.endpoint, credentials: DEFAULT_CREDENTIALS.admin }, size, stateFile);
  console.log(`\n${size} roles + ${size} functions seeded in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const base: DriftOptions = { stateFiles: [stateFile], since: '1h' };
  const perRole = await measure({ ...base, bulkThreshold: Number.MAX_SAFE_INTEGER }, repeat);
  const bulk = await measure({ ...base, bulkThreshold: 0 }, repeat);
  console.log(`  baseline per-role reads   ${fmt(perRole)}`);
  console.log(`  bulk (account details)    ${fmt(bulk)}`);
  console.log(
    `  ratio bulk/baseline: time ×${(bulk.seconds / perRole.seconds).toFixed(2)}, calls ×${(bulk.calls / perRole.calls).toFixed(2)}, rss ×${(bulk.rssMiB / perRole.rssMiB).toFixed(2)}`,
  );
}

async function main(): Promise<void> {
  const sizes = flag('sizes', '10,100')
    .split(',')
    .map(Number)
    .filter((n) => n > 0);
  const latencyMs = Number(flag('latency', '15'));
  const repeat = Number(flag('repeat', '3'));
  const workDir = mkdtempSync(join(tmpdir(), 'lambda-roles-bench-'));
  const aws = await startLocalAws({ port: 0, quotas: 'aws-defaults', latencyMs });
  // The drift check's SDK clients find the endpoint the way a CI job would: through the environment.
  Object.assign(process.env, awsEndpointEnv(aws.endpoint));
  console.log(`lambda-roles bench: endpoint ${aws.endpoint}, AWS default quotas, ${latencyMs} ms latency per call, median of ${repeat}`);
  try {
    if (!process.argv.includes('--skip-examples')) await benchExamples(aws, workDir, repeat);
    for (const size of sizes) await benchScale(aws, workDir, size, repeat);
  } finally {
    await aws.close();
    rmSync(workDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(`bench failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
