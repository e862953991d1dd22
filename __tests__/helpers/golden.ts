/**
 * Golden files: the rendered output must equal the committed file. `UPDATE_GOLDEN=1` rewrites them for
 * review, and fails in CI: there a rewrite would make every golden test pass whatever the output is.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

export function goldenUpdateRequested(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.UPDATE_GOLDEN !== '1') return false;
  if (env.CI && env.CI !== 'false' && env.CI !== '0') {
    throw new Error('UPDATE_GOLDEN=1 is set in CI: golden files are reviewed and committed by a person, never rewritten by CI. Unset it.');
  }
  return true;
}

/** Compares `actual` with `<dir>/<name>`, or writes it when an update was asked for (never in CI). */
export function expectGolden(dir: string, name: string, actual: string): void {
  const file = join(dir, name);
  if (goldenUpdateRequested()) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  if (!existsSync(file)) {
    throw new Error(
      `golden file ${file} is missing: run UPDATE_GOLDEN=1 npx jest ${relative(process.cwd(), dir)}/.., then review and commit it.`,
    );
  }
  expect(actual).toBe(readFileSync(file, 'utf8'));
}
