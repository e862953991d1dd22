/**
 * `npm run bench` (never part of `npm test`): the drift check against `terraform plan -refresh-only` on the
 * same terraform-applied state, under AWS's quotas and a per-call latency, plus the incremental run and, when
 * synth (bench/synth.ts). Prints each issue-11 target as met / not met, and writes docs/benchmarks.md,
 * docs/benchmarks.svg and bench/results/<date>.json.
 *
 * Flags: --sizes 200,1000  --repeat 3  --latency 20  --parallelism 10  --apply-parts 16
 *        --attribution-size 500 (default: 500 when run, else the middle size)  --edits 20
 *        --no-terraform  --no-incremental  --no-skip-aliases (do not also measure --skip-alias-reads)  --skip-synth  --no-write (print only)  --work-dir DIR (keep and reuse deploys)
 *        --render bench/results/<date>.json (write docs/benchmarks.md from earlier results, measuring nothing)
 *        --drift-from bench/results/<date>.json (take the drift section from earlier results; measure synth only)
 */
import '../shared/quiet-node-warnings';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { startLocalAws } from '../local-aws';
import { terraformEnv } from '../shared/terraform/env';
import { runDriftBench, type DriftBenchResult } from './drift-bench';
import { benchmarksMarkdown, driftChartSvg, driftSection, machineLine, type DriftSettings } from './report';
import { targetLine, type BenchSection } from './sections';
import { MAX_RATIO, SECONDS_AT_500, runSynthBench, synthBenchTable, type SynthBenchResult } from './synth';

function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}
const has = (name: string) => process.argv.includes(`--${name}`);

function positiveInts(text: string, name: string): number[] {
  const xs = text.split(',').map((s) => Number(s.trim()));
  if (!xs.length || xs.some((x) => !Number.isInteger(x) || x < 1)) {
    throw new Error(`--${name} ${text}: expected whole numbers ≥ 1, comma-separated (e.g. 200,1000)`);
  }
  return xs;
}

const began = Date.now();
function progress(line: string): void {
  const s = Math.floor((Date.now() - began) / 1000);
  console.log(`[${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}] ${line}`);
}

function terraformVersion(): string {
  const out = spawnSync('terraform', ['version'], { env: terraformEnv(), encoding: 'utf8' });
  return (out.stdout ?? '').split('\n')[0]?.trim() || 'terraform (version unknown)';
}

/** The synth section: bench/synth.ts measures (its owner's file); this only turns its result into a section. */
function synthSection(result: SynthBenchResult): BenchSection {
  return {
    title: 'Synth: our constructs against raw provider classes',
    markdown: synthBenchTable(result),
    targets: result.rows.map((r) => ({
      name: `synth of ${r.functions} functions ≤ ${MAX_RATIO}× raw provider classes${r.functions === 500 ? ` and < ${SECONDS_AT_500} s` : ''}`,
      measured: `${r.oursSeconds.toFixed(2)} s vs ${r.rawSeconds.toFixed(2)} s raw (${r.ratio.toFixed(2)}×)`,
      met: r.targetMet,
    })),
    json: result,
  };
}

/** Everything one benchmark run measured: bench/results/<date>.json, and what docs/benchmarks.md is rendered from. */
interface BenchResults {
  readonly date: string;
  readonly command: string;
  readonly machine: string;
  readonly terraform: string;
  readonly settings: DriftSettings;
  readonly drift: DriftBenchResult;
  /** The results file the drift section was taken from (`--drift-from`), when it was not measured in this run. */
  readonly driftFrom?: string;
  readonly synth?: SynthBenchResult;
}

function sectionsOf(results: BenchResults): BenchSection[] {
  return [driftSection(results.drift, results.settings), ...(results.synth ? [synthSection(results.synth)] : [])];
}

function writeDocs(results: BenchResults): void {
  const root = resolve(__dirname, '..');
  writeFileSync(join(root, 'docs', 'benchmarks.md'), benchmarksMarkdown(sectionsOf(results), results));
  writeFileSync(join(root, 'docs', 'benchmarks.svg'), driftChartSvg(results.drift));
  progress('wrote docs/benchmarks.md and docs/benchmarks.svg');
}

/** `--render FILE`: docs/benchmarks.md again from a results file, measuring nothing (e.g. after a wording change). */
function render(file: string): void {
  const raw = JSON.parse(readFileSync(file, 'utf8')) as Partial<BenchResults> & { sections?: { data: unknown }[] };
  // Results written before the file had its own fields kept the sections' data in order: drift, then synth.
  const results: BenchResults = {
    date: raw.date ?? new Date().toISOString(),
    command: raw.command ?? 'npm run bench',
    machine: raw.machine ?? machineLine(),
    terraform: raw.terraform ?? terraformVersion(),
    settings: raw.settings ?? { latencyMs: 20, parallelism: 10, repeat: 3 },
    drift: raw.drift ?? (raw.sections?.[0]?.data as DriftBenchResult),
    ...(raw.driftFrom ? { driftFrom: raw.driftFrom } : {}),
    ...((raw.synth ?? raw.sections?.[1]?.data) ? { synth: (raw.synth ?? raw.sections?.[1]?.data) as SynthBenchResult } : {}),
  };
  writeDocs(results);
}

async function main(): Promise<void> {
  const renderFrom = flag('render', '');
  if (renderFrom) return render(renderFrom);
  const sizes = [...new Set(positiveInts(flag('sizes', '200,1000'), 'sizes'))].sort((a, b) => a - b);
  const [repeat] = positiveInts(flag('repeat', '3'), 'repeat');
  const latencyMs = Number(flag('latency', '20'));
  const [parallelism] = positiveInts(flag('parallelism', '10'), 'parallelism');
  const [applyParts] = positiveInts(flag('apply-parts', '16'), 'apply-parts');
  const attributionSize = Number(flag('attribution-size', String(sizes.includes(500) ? 500 : sizes[Math.floor(sizes.length / 2)])));
  const edits = Number(flag('edits', '20'));
  const keep = flag('work-dir', '');
  const workDir = keep ? resolve(keep) : mkdtempSync(join(tmpdir(), 'lambda-roles-bench-'));
  mkdirSync(workDir, { recursive: true });

  const driftFrom = flag('drift-from', '');
  const earlier = driftFrom ? (JSON.parse(readFileSync(driftFrom, 'utf8')) as Partial<BenchResults>) : undefined;
  if (earlier && (!earlier.drift || !earlier.settings)) throw new Error(`--drift-from ${driftFrom}: holds no drift section`);
  const aws = await startLocalAws({ port: 0, ...(keep ? { stateFile: join(workDir, 'local-aws.json') } : {}) });
  progress(
    earlier
      ? `lambda-roles bench: drift section from ${driftFrom} (${earlier.date ?? 'undated'}); measuring synth only`
      : `lambda-roles bench: sizes ${sizes.join(', ')}; ${latencyMs} ms latency, AWS quotas; median of ${repeat}; endpoint ${aws.endpoint}; work dir ${workDir}`,
  );
  const settings: DriftSettings = earlier?.settings ?? { latencyMs, parallelism, repeat };
  let drift: DriftBenchResult;
  let synth: SynthBenchResult | undefined;
  try {
    drift =
      earlier?.drift ??
      (await runDriftBench(aws, {
        ...settings,
        sizes,
        applyParts,
        attributionSize,
        edits,
        incremental: !has('no-incremental'),
        terraform: !has('no-terraform'),
        skipAliases: !has('no-skip-aliases'),
        workDir,
        progress,
      }));
  } finally {
    await aws.close();
  }
  try {
    if (has('skip-synth')) progress('synth: skipped (--skip-synth)');
    else synth = await runSynthBench({ progress });
  } finally {
    if (!keep) rmSync(workDir, { recursive: true, force: true });
  }
  const date = new Date().toISOString();
  const results: BenchResults = {
    date,
    command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
    machine: machineLine(),
    terraform: terraformVersion(),
    settings,
    drift,
    ...(driftFrom ? { driftFrom } : {}),
    ...(synth ? { synth } : {}),
  };

  console.log('\nTargets:');
  for (const t of sectionsOf(results).flatMap((s) => s.targets)) console.log(`  ${targetLine(t)}`);
  if (has('no-write')) return;
  const root = resolve(__dirname, '..');
  mkdirSync(join(root, 'bench', 'results'), { recursive: true });
  const json = join(root, 'bench', 'results', `${date.replace(/[:.]/g, '-')}.json`);
  writeFileSync(json, JSON.stringify(results, null, 1));
  progress(`wrote ${json.slice(root.length + 1)}`);
  writeDocs(results);
}

main().catch((err) => {
  console.error(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exitCode = 1;
});
