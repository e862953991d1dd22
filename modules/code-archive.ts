/**
 * Lambda code archives: a handler file or folder → a reproducible zip (modules/zip.ts), cached by the hash
 * of its content so unchanged code is not zipped again. The same code gives the same bytes on every
 * machine with the same zlib, whatever the files' mtimes, so a fresh clone plans no code change.
 *
 * Kept apart from the LambdaFunction construct so other code sources (layers, …) can reuse it.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, isAbsolute, join } from 'node:path';
import { writeFileAtomic } from '../shared/atomic-write';
import { assertValid } from './validation';
import { writeZip, type ZipEntry } from './zip';

/** Bump when writeZip's output for the same entries changes, so old cached archives are not reused. */
const ARCHIVE_FORMAT = 'lambda-roles-zip-1';
const ARCHIVE_NAME = 'archive.zip';

export interface CodeArchive {
  /** Absolute path of the zip, `<cacheDir>/<assetHash>/archive.zip`. */
  readonly path: string;
  /** Base64 SHA-256 of the zip bytes: what Lambda reports as CodeSha256 and the provider keeps as source_code_hash. */
  readonly sha256: string;
  /** Hash of the entries (names, modes, contents), 32 upper-case hex digits: names the cache entry and the asset folder. */
  readonly assetHash: string;
  /** Number of files in the archive. */
  readonly files: number;
  /** False when the zip came from the cache. */
  readonly built: boolean;
}

export interface CodeArchiveOptions {
  /** Directory holding the cached archives (created when missing). */
  readonly cacheDir: string;
  /** Names the input in errors, e.g. 'stack/fn codePath'. @default 'codePath' */
  readonly where?: string;
}

/** Zips a file (as one entry named after it) or a folder (its files, recursively), or reuses the cached zip. */
export function buildCodeArchive(codePath: string, options: CodeArchiveOptions): CodeArchive {
  const where = options.where ?? 'codePath';
  const entries = readCodeEntries(codePath, where);
  const assetHash = hashEntries(entries);
  const path = join(options.cacheDir, assetHash, ARCHIVE_NAME);
  let bytes: Buffer;
  const built = !existsSync(path);
  if (built) {
    bytes = writeZip(entries);
    // Atomic: a parallel synth sharing the cache sees no zip or a whole one, never half of one.
    writeFileAtomic(path, bytes, { createDirectory: true });
  } else {
    bytes = readFileSync(path);
  }
  return { path, sha256: createHash('sha256').update(bytes).digest('base64'), assetHash, files: entries.length, built };
}

/**
 * The files of a code path as zip entries. Symbolic links are followed (their targets are archived); a
 * link cycle, an empty folder or a missing path is an error that names the path.
 */
export function readCodeEntries(codePath: string, where = 'codePath'): ZipEntry[] {
  if (!isAbsolute(codePath) || !existsSync(codePath)) {
    assertValid(where, codePath, { rule: 'is not an existing absolute path', fix: 'point it at the handler file or folder' });
  }
  const stat = statSync(codePath);
  if (stat.isFile()) return [{ name: basename(codePath), data: readFileSync(codePath), executable: isExecutable(stat.mode) }];
  const entries: ZipEntry[] = [];
  walk(codePath, '', new Set([realpathSync(codePath)]), entries, where);
  if (entries.length === 0) {
    assertValid(where, codePath, {
      rule: 'is a folder without files; Lambda rejects an empty archive',
      fix: 'put the handler file in it, or point codePath at the right folder',
    });
  }
  return entries;
}

function walk(dir: string, prefix: string, ancestors: Set<string>, out: ZipEntry[], where: string): void {
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    const stat = statSync(full);
    const entryName = prefix ? `${prefix}/${name}` : name;
    if (stat.isFile()) {
      out.push({ name: entryName, data: readFileSync(full), executable: isExecutable(stat.mode) });
    } else if (stat.isDirectory()) {
      const real = realpathSync(full);
      if (ancestors.has(real)) {
        assertValid(where, full, {
          rule: 'is a symbolic link to a folder that contains it (a cycle)',
          fix: 'remove the link or point codePath at a folder without it',
        });
      }
      walk(full, entryName, new Set([...ancestors, real]), out, where);
    }
    // Sockets, FIFOs and devices have no place in a code archive: skipped.
  }
}

const isExecutable = (mode: number): boolean => (mode & 0o111) !== 0;

/** Names, modes and contents (not mtimes, owners or the folder's own path) decide the archive. */
function hashEntries(entries: readonly ZipEntry[]): string {
  const hash = createHash('sha256').update(ARCHIVE_FORMAT);
  for (const e of [...entries].sort((a, b) => Buffer.compare(Buffer.from(a.name), Buffer.from(b.name)))) {
    hash.update(`\0${e.name}\0${e.executable ? 755 : 644}\0${e.data.byteLength}\0`).update(e.data);
  }
  return hash.digest('hex').slice(0, 32).toUpperCase();
}
