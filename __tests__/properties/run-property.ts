/**
 * How many cases a property runs and from which seed, from the environment, so CI runs the full count while
 * a developer may run fewer:
 *
 *   LR_PROPERTY_RUNS   cases per property (default 1000, what CI runs)
 *   LR_PROPERTY_SEED   the seed (default: a new one per run, printed when a property fails)
 *
 * A failure names the seed and the shrunk counterexample's path, and how to replay exactly that case.
 */
import { relative } from 'node:path';
import fc from 'fast-check';

export const DEFAULT_PROPERTY_RUNS = 1000;

export function propertyRuns(env: NodeJS.ProcessEnv = process.env): number {
  const text = env.LR_PROPERTY_RUNS;
  if (text === undefined || text === '') return DEFAULT_PROPERTY_RUNS;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`LR_PROPERTY_RUNS=${JSON.stringify(text)}: expected a whole number ≥ 1, e.g. 1000`);
  return n;
}

export function propertySeed(env: NodeJS.ProcessEnv = process.env): number {
  const text = env.LR_PROPERTY_SEED;
  if (text === undefined || text === '') return Date.now() ^ (Math.random() * 0x7fffffff);
  const n = Number(text);
  if (!Number.isInteger(n)) throw new Error(`LR_PROPERTY_SEED=${JSON.stringify(text)}: expected an integer seed, e.g. 42`);
  return n;
}

/** Runs `property` with the configured runs and seed; returns the number of cases that ran (skips excluded). */
export function runProperty<Ts extends [unknown, ...unknown[]]>(property: fc.IProperty<Ts>): number {
  const numRuns = propertyRuns();
  const seed = propertySeed();
  const details = fc.check(property, { numRuns, seed });
  if (details.failed) {
    const replay = `LR_PROPERTY_SEED=${details.seed} LR_PROPERTY_RUNS=${numRuns}`;
    throw new Error(
      `${fc.defaultReportMessage(details) ?? 'property failed'}\nreplay: ${replay} npx jest ${relative(process.cwd(), expect.getState().testPath ?? '')}`,
    );
  }
  return details.numRuns;
}
