/**
 * Why this exists: a report file is what a CI step posts, so it is checked before the run makes any call
 * (a bad path fails in a second, not after every API call) and written atomically (never half a report).
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UserError } from '../../shared/errors';
import { writeFileAtomic } from '../../shared/atomic-write';

/** Throws a UserError unless `path` can hold a report. `flag` names the input in the message. */
export function checkReportPath(path: string, flag = '--output'): void {
  const target = resolve(path);
  const dir = dirname(target);
  if (!existsSync(dir)) throw new UserError(`${flag} ${path}: directory ${dir} does not exist; create it or choose another path`);
  if (existsSync(target) && statSync(target).isDirectory()) {
    throw new UserError(`${flag} ${path}: is a directory; pass a file path such as ${resolve(target, 'drift-report.json')}`);
  }
}

/** Writes the report atomically, with a trailing newline. */
export function writeReport(path: string, text: string, flag = '--output'): void {
  try {
    writeFileAtomic(path, text.endsWith('\n') ? text : `${text}\n`);
  } catch (err) {
    throw new UserError(`${flag} ${path}: could not write the report (${(err as Error).message})`);
  }
}
