/**
 * `npm run bench` (never part of `npm test`): the drift check against `terraform plan -refresh-only` on the
 * same terraform-applied state, under AWS's quotas and a per-call latency, plus the incremental run and, when
 * synth (bench/synth.ts). Prints each issue-11 target as met / not met, and writes docs/benchmarks.md,
 * docs/benchmarks.svg and bench/results/<date>.json.
 *
 * Flags: --sizes 200,1000  --repeat 3  --latency 20  --parallelism 10  --apply-parts 16
 *        --attribution-size 500 (default: 500 when run, else the middle size)  --edits 20
 *        --no-terraform  --no-incremental  --skip-synth  --no-write (print only)  --work-dir DIR (keep and reuse deploys)
 */
import '../shared/quiet-node-warnings';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { startLocalAws } from '../local-aws';
import { terraformEnv } from '../shared/terraform/env';
import { runDriftBench } from './drift-bench';
import { benchmarksMarkdown, driftChartSvg, driftSection } from './report';
import { targetLine, type BenchSection } from './sections';
import { MAX_RATIO, SECONDS_AT_500, runSynthBench, synthBenchTable } from './synth';

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
async function synthSection(): Promise<BenchSection> {
  const result = await runSynthBench({ progress });
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

async function main(): Promise<void> {
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

  const aws = await startLocalAws({ port: 0, ...(keep ? { stateFile: join(workDir, 'local-aws.json') } : {}) });
  progress(
    `lambda-roles bench: sizes ${sizes.join(', ')}; ${latencyMs} ms latency, AWS quotas; median of ${repeat}; endpoint ${aws.endpoint}; work dir ${workDir}`,
  );
  const sections: BenchSection[] = [];
  let svg: string | undefined;
  try {
    const drift = await runDriftBench(aws, {
      sizes,
      repeat,
      latencyMs,
      parallelism,
      applyParts,
      attributionSize,
      edits,
      incremental: !has('no-incremental'),
      terraform: !has('no-terraform'),
      workDir,
      progress,
    });
    sections.push(driftSection(drift, { latencyMs, parallelism, repeat }));
    svg = driftChartSvg(drift);
    if (has('skip-synth')) progress('synth: skipped (--skip-synth)');
    else sections.push(await synthSection());
  } finally {
    await aws.close();
    if (!keep) rmSync(workDir, { recursive: true, force: true });
  }

  console.log('\nTargets:');
  for (const t of sections.flatMap((s) => s.targets)) console.log(`  ${targetLine(t)}`);

  if (has('no-write')) return;
  const date = new Date();
  const root = resolve(__dirname, '..');
  const command = `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim();
  writeFileSync(join(root, 'docs', 'benchmarks.md'), benchmarksMarkdown(sections, { date, terraform: terraformVersion(), command }));
  if (svg) writeFileSync(join(root, 'docs', 'benchmarks.svg'), svg);
  mkdirSync(join(root, 'bench', 'results'), { recursive: true });
  const json = join(root, 'bench', 'results', `${date.toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(
    json,
    JSON.stringify(
      { date: date.toISOString(), command, sections: sections.map((s) => ({ title: s.title, targets: s.targets, data: s.json })) },
      null,
      1,
    ),
  );
  progress(`wrote docs/benchmarks.md, docs/benchmarks.svg and ${json.slice(root.length + 1)}`);
}

main().catch((err) => {
  console.error(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exitCode = 1;
});
