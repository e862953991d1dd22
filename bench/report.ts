/**
 * Turns the drift benchmark's numbers into the section of docs/benchmarks.md (tables, targets, the chart) and
 * assembles the whole document with the machine it ran on.
 */
import { cpus, totalmem } from 'node:os';
import type { BenchSection, TargetResult } from './sections';
import type { DriftBenchResult, SizeResult } from './drift-bench';
import type { Summary } from './measure';
import { lineChartSvg } from './chart';

const s1 = (x: number) => `${x.toFixed(1)} s`;
const int = (x: number) => Math.round(x).toLocaleString('en-US');
const ratio = (a: number, b: number) => (b > 0 ? a / b : Number.POSITIVE_INFINITY);
const x1 = (r: number) => `${r.toFixed(1)}×`;
const tool = (s: Summary) => `${s1(s.seconds)}, ${int(s.totalCalls)} calls, ${int(s.peakRssMiB)} MiB`;

export const TARGET_FLOOR = 1.05;
export const TARGET_FEWER_CALLS = 10;
export const TARGET_LESS_TIME = 3;
export const TARGET_ATTRIBUTION_SECONDS = 1;
export const TARGET_INCREMENTAL_SECONDS = 5;
export const TARGET_MEMORY_SHARE = 0.25;

function sizeTargets(sizes: readonly SizeResult[], wanted: readonly number[]): TargetResult[] {
  const out: TargetResult[] = [];
  for (const n of wanted) {
    const r = sizes.find((s) => s.n === n);
    const floor = r ? ratio(r.drift.seconds, r.floorSeconds) : undefined;
    out.push({
      name: `full scan at N = ${n} ≤ ${TARGET_FLOOR}× the GetPolicy floor (N/15 s)`,
      measured: r && floor !== undefined ? `${floor.toFixed(3)}× (${s1(r.drift.seconds)} vs ${s1(r.floorSeconds)})` : 'size not run',
      met: r && floor !== undefined ? floor <= TARGET_FLOOR && r.drift.allOk : undefined,
    });
    const t = r?.terraform;
    out.push({
      name: `N = ${n}: ≥ ${TARGET_FEWER_CALLS}× fewer API calls and ≥ ${TARGET_LESS_TIME}× less wall time than terraform plan -refresh-only`,
      measured:
        r && t
          ? `${x1(ratio(t.totalCalls, r.drift.totalCalls))} fewer calls, ${x1(ratio(t.seconds, r.drift.seconds))} less time`
          : 'not run',
      met:
        r && t
          ? ratio(t.totalCalls, r.drift.totalCalls) >= TARGET_FEWER_CALLS && ratio(t.seconds, r.drift.seconds) >= TARGET_LESS_TIME
          : undefined,
    });
    // The opt-in mode: the same targets, met by reading fewer things; the report of such a run says what it skipped.
    const k = r?.skipAliases;
    if (r && k && t) {
      out.push({
        name: `N = ${n} with --skip-alias-reads (alias permissions not verified): ≥ ${TARGET_FEWER_CALLS}× fewer calls, ≥ ${TARGET_LESS_TIME}× less time, ≤ ${TARGET_FLOOR}× the floor`,
        measured: `${x1(ratio(t.totalCalls, k.totalCalls))} fewer calls, ${x1(ratio(t.seconds, k.seconds))} less time, ${ratio(k.seconds, r.floorSeconds).toFixed(3)}× the floor`,
        met:
          ratio(t.totalCalls, k.totalCalls) >= TARGET_FEWER_CALLS &&
          ratio(t.seconds, k.seconds) >= TARGET_LESS_TIME &&
          ratio(k.seconds, r.floorSeconds) <= TARGET_FLOOR &&
          k.allOk,
      });
    }
  }
  return out;
}

export function driftTargets(result: DriftBenchResult): TargetResult[] {
  const out = sizeTargets(result.sizes, [200, 500, 1000]);
  const a = result.attribution;
  out.push({
    name: `attribution of 20 findings at N = 500 adds < ${TARGET_ATTRIBUTION_SECONDS} s beyond the reads`,
    measured: a ? `${a.afterReadsSeconds.toFixed(2)} s after the last read (${a.edits} findings at N = ${a.n})` : 'not run',
    met: a && a.n === 500 && a.edits >= 20 ? a.afterReadsSeconds < TARGET_ATTRIBUTION_SECONDS && a.drift.findings === a.edits : undefined,
  });
  const inc = result.incremental;
  out.push({
    name: `incremental 1-change run at N = 1000 < ${TARGET_INCREMENTAL_SECONDS} s, finding the change`,
    measured: inc
      ? `${s1(inc.drift.seconds)} at N = ${inc.n}, ${inc.foundTheChange ? 'found the change' : 'did NOT find the change'}`
      : 'not run',
    met: inc && inc.n === 1000 ? inc.drift.seconds < TARGET_INCREMENTAL_SECONDS && inc.foundTheChange : undefined,
  });
  const big = result.sizes.find((s) => s.n === 1000);
  out.push({
    name: `memory at N = 1000: drift check peak RSS ≤ ¼ of terraform's`,
    measured:
      big && big.terraform
        ? `${int(big.drift.peakRssMiB)} MiB vs ${int(big.terraform.peakRssMiB)} MiB (${(ratio(big.drift.peakRssMiB, big.terraform.peakRssMiB) * 100).toFixed(0)} %)`
        : 'not run',
    met: big && big.terraform ? big.drift.peakRssMiB <= big.terraform.peakRssMiB * TARGET_MEMORY_SHARE : undefined,
  });
  return out;
}

export function driftChartSvg(result: DriftBenchResult): string {
  const sizes = result.sizes;
  const xMax = Math.max(...sizes.map((s) => s.n));
  const withTf = sizes.filter((s) => s.terraform);
  return lineChartSvg(
    [
      {
        title: 'Wall time (median)',
        yLabel: 'seconds',
        series: [
          { label: 'lambda-roles drift', color: '#1f6feb', points: sizes.map((s) => [s.n, s.drift.seconds]) },
          { label: 'terraform plan -refresh-only', color: '#d9822b', points: withTf.map((s) => [s.n, s.terraform!.seconds]) },
          {
            label: 'GetPolicy floor (N/15 s)',
            color: '#777',
            dashed: true,
            points: [
              [0, 0],
              [xMax, xMax / 15],
            ],
          },
        ],
      },
      {
        title: 'API calls (median)',
        yLabel: 'requests',
        series: [
          { label: 'lambda-roles drift', color: '#1f6feb', points: sizes.map((s) => [s.n, s.drift.totalCalls]) },
          { label: 'terraform plan -refresh-only', color: '#d9822b', points: withTf.map((s) => [s.n, s.terraform!.totalCalls]) },
        ],
      },
    ],
    xMax,
  );
}

/** GetPolicy and the rest of the control plane, each at 15/s: what a size's median calls cost in quota time. */
function quotaLine(r: SizeResult): string {
  const c = r.drift.calls;
  const getPolicy = c['lambda:GetPolicy'] ?? 0;
  const controlPlane = Object.entries(c)
    .filter(([api]) => api.startsWith('lambda:') && api !== 'lambda:GetPolicy' && api !== 'lambda:GetFunction')
    .reduce((n, [, v]) => n + v, 0);
  return (
    `- N = ${int(r.n)}: ${int(getPolicy)} GetPolicy calls (${s1(getPolicy / 15)} at 15/s) and ${int(controlPlane)} other ` +
    `control-plane calls, ${int(c['lambda:ListAliases'] ?? 0)} of them ListAliases and ${int(c['lambda:ListFunctions'] ?? 0)} ` +
    `ListFunctions pages (${s1(controlPlane / 15)} at 15/s); the scan took ${s1(r.drift.seconds)}` +
    // ListFunctions and GetAccountAuthorizationDetails page through the whole account, not only the state's part.
    `${(c['lambda:ListFunctions'] ?? 0) * 50 > r.n + 50 ? `, in an account holding about ${int((c['lambda:ListFunctions'] ?? 0) * 50)} functions (the listing pages through all of them)` : ''}.`
  );
}

/** The calls ratio with and without the one-per-function ListAliases: what reading alias policies costs in calls. */
function aliasCallsLine(r: SizeResult, t: Summary): string {
  const aliases = r.drift.calls['lambda:ListAliases'] ?? 0;
  const without = r.drift.totalCalls - aliases;
  return (
    `- N = ${int(r.n)}: ${int(aliases)} of the check's ${int(r.drift.totalCalls)} calls are ListAliases; without them it ` +
    `would make ${x1(ratio(t.totalCalls, without))} fewer calls than terraform instead of ${x1(ratio(t.totalCalls, r.drift.totalCalls))}, ` +
    'and miss alias permissions.'
  );
}

function callsTable(r: SizeResult): string {
  const k = r.skipAliases;
  const apis = [...new Set([...Object.keys(r.drift.calls), ...Object.keys(r.terraform?.calls ?? {})])].sort();
  const rows = apis.map(
    (api) =>
      `| ${api} | ${int(r.drift.calls[api] ?? 0)} |${k ? ` ${int(k.calls[api] ?? 0)} |` : ''} ${r.terraform ? int(r.terraform.calls[api] ?? 0) : '–'} |`,
  );
  return [
    `| API (N = ${r.n}) | drift check |${k ? ' drift check --skip-alias-reads |' : ''} terraform plan -refresh-only |`,
    k ? '|---|---:|---:|---:|' : '|---|---:|---:|',
    ...rows,
  ].join('\n');
}

/** The opt-in mode's row: what --skip-alias-reads saves at this size. */
function skipAliasesRow(r: SizeResult): string[] {
  const k = r.skipAliases;
  const t = r.terraform;
  if (!k) return [];
  const ratios = t
    ? `${x1(ratio(t.seconds, k.seconds))} / ${x1(ratio(t.totalCalls, k.totalCalls))} / ${x1(ratio(t.peakRssMiB, k.peakRssMiB))}`
    : '–';
  return [`| ${int(r.n)} | ${tool(k)} | ${ratios} | ${ratio(k.seconds, r.floorSeconds).toFixed(3)}× | ${k.findings} |`];
}

export interface DriftSettings {
  readonly latencyMs: number;
  readonly parallelism: number;
  readonly repeat: number;
}

export function driftSection(result: DriftBenchResult, settings: DriftSettings): BenchSection {
  const rows = result.sizes.map((r) => {
    const t = r.terraform;
    const ratios = t
      ? `${x1(ratio(t.seconds, r.drift.seconds))} / ${x1(ratio(t.totalCalls, r.drift.totalCalls))} / ${x1(ratio(t.peakRssMiB, r.drift.peakRssMiB))}`
      : '–';
    const findings = `${r.drift.findings} / ${t ? t.findings : '–'}`;
    return `| ${int(r.n)} | ${tool(r.drift)} | ${t ? tool(t) : 'not run'} | ${ratios} | ${ratio(r.drift.seconds, r.floorSeconds).toFixed(3)}× (${s1(r.floorSeconds)}) | ${findings} |`;
  });
  const parts = [
    `Same terraform-applied state, endpoint at ${settings.latencyMs} ms latency per call with the AWS quota preset, ` +
      `median of ${settings.repeat} runs each, the two tools alternating. Each function has its own role, 2 managed ` +
      'attachments, 1 inline policy and 1 invoke permission. Both tools run as child processes; memory is the peak RSS ' +
      "of the whole process tree (terraform's includes the provider plugin). Findings are compared, not exit codes: " +
      "the drift check's findings against the resources terraform reports changed outside Terraform (both 0 on the " +
      'in-sync stack).',
    '',
    `| functions | drift check | \`terraform plan -refresh-only\` (-parallelism=${settings.parallelism}) | ratio time / calls / memory | drift ÷ GetPolicy floor | findings (drift / terraform) |`,
    '|---:|---|---|---|---|---|',
    ...rows,
    '',
    '![Wall time and API calls against N](benchmarks.svg)',
    '',
    '### What bounds a full scan',
    '',
    ...result.sizes.map((r) => quotaLine(r)),
    '',
    'Aliases have no bulk API, so alias policies cost one `ListAliases` per function on the control-plane quota, ' +
      'beside `GetPolicy` on its own: they make the control plane as busy as GetPolicy (plus the listing pages), ' +
      'which is why the scan cannot get below about 1.02× the floor; they do not add their N/15 s to it, because the two ' +
      'quotas are spent side by side. Without `ListAliases` the check would miss a permission added to an alias.',
    '',
    // Estimated from the default run's calls only when the opt-in mode was not measured (below).
    ...result.sizes.flatMap((r) => (r.terraform && !r.skipAliases ? [aliasCallsLine(r, r.terraform)] : [])),
    '',
    ...(result.sizes.some((r) => r.skipAliases)
      ? [
          '### Opt-in: `--skip-alias-reads`',
          '',
          'The same state, measured in the same rounds. The check lists no aliases: published versions and the aliases ' +
            'state declares are still read, but a permission added to any other alias is not found, and every report ' +
            'of the run carries an `ALIASES_NOT_READ` warning saying so. The default stays the complete check.',
          '',
          '| functions | drift check --skip-alias-reads | ratio time / calls / memory (terraform ÷ it) | ÷ GetPolicy floor | findings |',
          '|---:|---|---|---|---|',
          ...result.sizes.flatMap(skipAliasesRow),
          '',
        ]
      : []),
    '### API calls per API (medians)',
    '',
    ...result.sizes.flatMap((r) => [callsTable(r), '']),
  ];
  const a = result.attribution;
  if (a) {
    parts.push(
      '### Attribution',
      '',
      `${a.edits} console edits at N = ${a.n} (alternately an attached managed policy and an added invoke permission, spread ` +
        `over the functions): the drift check found ${a.drift.findings} in ${s1(a.drift.seconds)} (median; in sync: ` +
        `${s1(a.drift.seconds - a.addedSeconds)}). CloudTrail attribution ended ${a.afterReadsSeconds.toFixed(2)} s after the ` +
        `last live read (median); the whole run took ${a.addedSeconds.toFixed(2)} s longer than the in-sync run.` +
        (a.terraformChanged !== undefined
          ? ` \`terraform plan -refresh-only\` on the same state reported ${a.terraformChanged} resource(s) changed outside Terraform ` +
            '(an invoke permission added in the console belongs to no Terraform resource, so plan cannot see it).'
          : ''),
      '',
    );
  }
  const inc = result.incremental;
  if (inc) {
    parts.push(
      '### Incremental mode',
      '',
      `At N = ${inc.n}: the first \`--incremental\` run found no checkpoint and scanned everything in ${s1(inc.first.seconds)} ` +
        `(${int(inc.first.totalCalls)} calls). After one console edit, each incremental run (overlap ${inc.overlapMinutes} min) ` +
        `took ${s1(inc.drift.seconds)} (median), ${int(inc.drift.totalCalls)} calls, ${int(inc.drift.peakRssMiB)} MiB, and ` +
        `${inc.foundTheChange ? 'found the change' : 'did NOT find the change'} ` +
        `(re-read ${inc.samples[0]?.scan?.reread ?? '?'}, carried ${inc.samples[0]?.scan?.carried ?? '?'}).` +
        (inc.overlapMinutes < 15
          ? ` The overlap was shortened from the default 15 minutes so that the window held this edit, not the benchmark's own ` +
            'writes minutes earlier (the deploy, the attribution edits): a window holding a deploy re-reads everything the ' +
            'deploy touched, as it must.'
          : ''),
      '',
    );
  }
  return {
    title: 'Drift check against `terraform plan -refresh-only`',
    markdown: parts.join('\n'),
    targets: driftTargets(result),
    json: result,
  };
}

export function machineLine(): string {
  const cpu = cpus();
  return `${cpu.length} cores (${cpu[0]?.model ?? 'unknown CPU'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB memory, Node ${process.version}`;
}

export function benchmarksMarkdown(
  sections: readonly BenchSection[],
  meta: {
    readonly date: string;
    readonly machine: string;
    readonly terraform: string;
    readonly command: string;
    readonly driftFrom?: string;
  },
): string {
  const targets = sections.flatMap((s) => s.targets);
  const verdict = (t: TargetResult) => (t.met === undefined ? 'not measured' : t.met ? '**met**' : '**not met**');
  return [
    '# Benchmarks',
    '',
    `Written by \`${meta.command}\` on ${meta.date.slice(0, 10)}. Machine: ${meta.machine}, ${meta.terraform}. ` +
      'Speed is only ever measured here, never asserted in a timed test.' +
      (meta.driftFrom
        ? ` The drift section was measured by the earlier run recorded in \`${meta.driftFrom}\`; this run measured synth.`
        : ''),
    '',
    '## Targets (issue 11)',
    '',
    '| target | measured | |',
    '|---|---|---|',
    ...targets.map((t) => `| ${t.name} | ${t.measured} | ${verdict(t)} |`),
    '',
    ...sections.flatMap((s) => [`## ${s.title}`, '', s.markdown, '']),
  ].join('\n');
}
