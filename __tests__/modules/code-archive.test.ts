import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCodeArchive, readCodeEntries } from '../../modules/code-archive';
import { ValidationError } from '../../modules/validation';

let root: string;
let code: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'lambda-roles-code-archive-'));
  code = join(root, 'code');
  mkdirSync(join(code, 'lib'), { recursive: true });
  writeFileSync(join(code, 'index.js'), 'exports.handler = async () => require("./lib/util").ok;\n');
  writeFileSync(join(code, 'lib', 'util.js'), 'exports.ok = true;\n');
  writeFileSync(join(code, 'bootstrap'), '#!/bin/sh\n');
  chmodSync(join(code, 'bootstrap'), 0o755);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const cache = (name: string) => ({ cacheDir: join(root, name) });

/** Every file and folder under `dir` gets the given mtime, as a fresh clone or checkout would. */
function touchAll(dir: string, when: Date): void {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) touchAll(p, when);
    else utimesSync(p, when, when);
  }
  utimesSync(dir, when, when);
}

describe('buildCodeArchive', () => {
  it('builds the same bytes, sha256 and asset hash from a copy with new mtimes in another folder (a fresh clone)', () => {
    touchAll(code, new Date('2020-05-05T10:00:00Z'));
    const first = buildCodeArchive(code, cache('cache-a'));
    const clone = join(root, 'clone');
    cpSync(code, clone, { recursive: true });
    touchAll(clone, new Date('2031-01-02T03:04:05Z'));
    const second = buildCodeArchive(clone, cache('cache-b'));
    // Both were zipped (separate caches), not one copied from the other.
    expect([first.built, second.built]).toEqual([true, true]);
    expect(readFileSync(second.path)).toEqual(readFileSync(first.path));
    expect(second.sha256).toBe(first.sha256);
    expect(second.assetHash).toBe(first.assetHash);
  });

  it.each([
    ['a changed file', () => writeFileSync(join(code, 'lib', 'util.js'), 'exports.ok = false;\n')],
    ['a renamed file', () => execFileSync('mv', [join(code, 'lib', 'util.js'), join(code, 'lib', 'util2.js')])],
    ['a lost executable bit', () => chmodSync(join(code, 'bootstrap'), 0o644)],
    ['a new file', () => writeFileSync(join(code, 'extra.js'), '')],
  ])('gives another archive for %s', (_what, change) => {
    const before = buildCodeArchive(code, cache('cache'));
    change();
    const after = buildCodeArchive(code, cache('cache'));
    expect(after.sha256).not.toBe(before.sha256);
    expect(after.assetHash).not.toBe(before.assetHash);
    expect(after.path).not.toBe(before.path);
  });

  it('reuses the cached zip for unchanged code instead of zipping it again', () => {
    const first = buildCodeArchive(code, cache('cache'));
    touchAll(code, new Date('2031-01-02T03:04:05Z'));
    const second = buildCodeArchive(code, cache('cache'));
    expect(first.built).toBe(true);
    expect(second).toEqual({ ...first, built: false });
  });

  it('archives every file of the folder, nested, with its path and executable bit', () => {
    const archive = buildCodeArchive(code, cache('cache'));
    const listing = execFileSync('zipinfo', ['-1', archive.path], { encoding: 'utf8' }).trim().split('\n');
    expect(listing).toEqual(['bootstrap', 'index.js', 'lib/util.js']);
    expect(archive.files).toBe(3);
    expect(execFileSync('zipinfo', [archive.path, 'bootstrap'], { encoding: 'utf8' })).toMatch(/^-rwxr-xr-x/);
  });

  it('archives a single handler file as one entry named after it', () => {
    const entries = readCodeEntries(join(code, 'index.js'));
    expect(entries.map((e) => e.name)).toEqual(['index.js']);
  });

  it('follows a symbolic link to a file and archives its target', () => {
    const shared = join(root, 'shared.js');
    writeFileSync(shared, 'exports.shared = 1;\n');
    symlinkSync(shared, join(code, 'lib', 'shared.js'));
    const entry = readCodeEntries(code).find((e) => e.name === 'lib/shared.js');
    expect(Buffer.from(entry!.data).toString()).toBe('exports.shared = 1;\n');
  });
});

describe('readCodeEntries rejects', () => {
  const problem = (fn: () => unknown): ValidationError => {
    try {
      fn();
    } catch (err) {
      if (err instanceof ValidationError) return err;
      throw err;
    }
    throw new Error('expected a ValidationError');
  };

  it('a missing path, naming where and the value', () => {
    const err = problem(() => readCodeEntries(join(root, 'nope'), 'stack/fn codePath'));
    expect(err.message).toBe(
      `stack/fn codePath: ${JSON.stringify(join(root, 'nope'))} is not an existing absolute path. Fix: point it at the handler file or folder`,
    );
  });

  it('a relative path', () => {
    expect(problem(() => readCodeEntries('code')).message).toMatch(/^codePath: "code" is not an existing absolute path/);
  });

  it('a folder without files (Lambda rejects an empty archive)', () => {
    const empty = join(root, 'empty');
    mkdirSync(join(empty, 'sub'), { recursive: true });
    expect(problem(() => readCodeEntries(empty)).message).toMatch(/is a folder without files; Lambda rejects an empty archive/);
  });

  it('a symbolic link cycle', () => {
    symlinkSync(code, join(code, 'lib', 'loop'));
    expect(problem(() => readCodeEntries(code)).message).toMatch(/lib\/loop" is a symbolic link to a folder that contains it/);
  });
});
