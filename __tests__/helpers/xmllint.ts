/** xmllint (Debian's libxml2-utils): well-formedness, XML Schema validation and XPath counts. */
import { spawnSync } from 'node:child_process';

export interface XmllintResult {
  readonly ok: boolean;
  readonly output: string;
}

/** Validates every file against `xsd` in one run; `ok` only when each one validates. */
export function validateXml(xsd: string, files: readonly string[]): XmllintResult {
  const run = spawnSync('xmllint', ['--noout', '--schema', xsd, ...files], { encoding: 'utf8', timeout: 60_000 });
  if (run.error) throw run.error;
  const output = `${run.stdout}${run.stderr}`;
  const validated = files.filter((f) => output.includes(`${f} validates`)).length;
  return { ok: run.status === 0 && validated === files.length, output };
}

/** The value of an XPath expression (for example `count(//testcase)`) over one file. */
export function xpath(file: string, expression: string): string {
  const run = spawnSync('xmllint', ['--xpath', expression, file], { encoding: 'utf8', timeout: 30_000 });
  if (run.error) throw run.error;
  return run.stdout.trim();
}
