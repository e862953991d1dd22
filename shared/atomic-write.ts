/**
 * Why this exists: a report, a checkpoint or a state file must never be seen half-written, by a reader or
 * after a crash, and two processes writing the same path must each leave a whole file. We write a temp file
 * next to the target (same filesystem, so the rename is atomic) and rename it over the target.
 */
import { existsSync, linkSync, mkdirSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

export interface AtomicWriteOptions {
  /** File mode, e.g. 0o600 for a file holding session secrets. @default 0o666 before the umask */
  readonly mode?: number;
  /** Create the parent directory when it is missing. @default false */
  readonly createDirectory?: boolean;
  /**
   * Refuse to replace an existing file (EEXIST), decided atomically: the temp file is hard-linked to the
   * target, which fails if the target exists, even one created after any earlier existence check.
   * @default false
   */
  readonly noOverwrite?: boolean;
}

let sequence = 0;

export function writeFileAtomic(path: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): void {
  const target = resolve(path);
  if (options.createDirectory) mkdirSync(dirname(target), { recursive: true });
  // pid + a counter: unique across processes and across writes within one process.
  const tmp = join(dirname(target), `.${basename(target)}.${process.pid}.${++sequence}.tmp`);
  try {
    writeFileSync(tmp, data, options.mode === undefined ? {} : { mode: options.mode });
    if (options.noOverwrite) {
      linkSync(tmp, target);
      unlinkSync(tmp);
    } else {
      renameSync(tmp, target);
    }
  } catch (err) {
    if (existsSync(tmp)) unlinkSync(tmp);
    throw err;
  }
}
