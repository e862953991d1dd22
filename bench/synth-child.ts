/**
 * One measured synth in its own process (bench/synth.ts says why): `synth-child.ts ours|raw N WORK` loads
 * the modules, synthesizes the first 10 of WORK's code folders untimed, then times one synth of N functions
 * into a fresh output folder and prints a ChildTiming as JSON on its last line.
 */
import '../shared/quiet-node-warnings';
import { join } from 'node:path';
import { loadIamReference } from '../modules/checks/iam-data';
import { synthDefinitions } from '../stacks/synth';
import { benchDefinition, resourceCounts, synthRaw, timed, type ChildTiming, type Variant } from './synth';

async function main(): Promise<void> {
  const [variant, sizeText, work] = process.argv.slice(2) as [Variant, string, string];
  const size = Number(sizeText);
  const codeDirs = Array.from({ length: size }, (_, i) => join(work, 'code', `fn-${i}`));
  const synth = (dirs: readonly string[]) =>
    variant === 'ours'
      ? (outDir: string) => synthDefinitions([benchDefinition(dirs)], { outDir })
      : (outDir: string) => synthRaw(dirs, outDir);
  await loadIamReference();
  const warmup = timed(work, synth(codeDirs.slice(0, 10)), () => undefined);
  let counts = '';
  const measured = timed(work, synth(codeDirs), (outDir) => (counts = resourceCounts(outDir)));
  const result: ChildTiming = { ...measured, warmupSeconds: warmup.seconds, counts };
  console.log(JSON.stringify(result));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exitCode = 1;
});
