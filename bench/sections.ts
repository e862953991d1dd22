/**
 * What a benchmark section hands back to bench/run.ts, so sections (the drift side-by-side, synth) end up in one docs/benchmarks.md and one results JSON.
 */

/** One target of issue 11, judged by a measurement (never by a timed test). */
export interface TargetResult {
  readonly name: string;
  /** The measured value in words, e.g. "1.03× the floor (68.9 s for 1000 functions)". */
  readonly measured: string;
  /** `undefined` when the benchmark did not measure it (e.g. a size that was not run). */
  readonly met: boolean | undefined;
}

export interface BenchSection {
  /** Markdown heading text (level 2). */
  readonly title: string;
  /** Markdown body: tables and notes. */
  readonly markdown: string;
  readonly targets: readonly TargetResult[];
  /** Raw numbers for bench/results/*.json. */
  readonly json: unknown;
}

export function targetLine(t: TargetResult): string {
  const verdict = t.met === undefined ? 'not measured' : t.met ? 'met' : 'NOT MET';
  return `${verdict.padEnd(12)} ${t.name}: ${t.measured}`;
}
