import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 as zlibCrc32 } from 'node:zlib';
import { crc32, tableCrc32, writeZip, type ZipEntry } from '../../modules/zip';

const entries: ZipEntry[] = [
  { name: 'index.js', data: Buffer.from('exports.handler = async () => "ok";\n'.repeat(20)), executable: false },
  { name: 'bootstrap', data: Buffer.from('#!/bin/sh\nexec node index.js\n'), executable: true },
  { name: 'lib/empty.txt', data: Buffer.alloc(0), executable: false },
  { name: 'lib/ünïcode.json', data: Buffer.from('{"a":1}'), executable: false },
];

let dir: string;
let zipPath: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lambda-roles-zip-test-'));
  zipPath = join(dir, 'code.zip');
  writeFileSync(zipPath, writeZip(entries));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('writeZip', () => {
  it("writes an archive Info-ZIP's unzip tests clean and extracts to the same files", () => {
    expect(execFileSync('unzip', ['-t', zipPath], { encoding: 'utf8' })).toMatch(/No errors detected/);
    const out = join(dir, 'out');
    execFileSync('unzip', ['-q', zipPath, '-d', out]);
    for (const e of entries) expect(readFileSync(join(out, e.name))).toEqual(Buffer.from(e.data));
    // The mode is restored from the archive: the executable entry stays executable, the others do not.
    expect(statSync(join(out, 'bootstrap')).mode & 0o777).toBe(0o755);
    expect(statSync(join(out, 'index.js')).mode & 0o111).toBe(0);
  });

  it('records every entry at the DOS epoch with mode 0644 or 0755, in name order', () => {
    // zipinfo -T: decimal times (yyyymmdd.hhmmss); one line per entry after the header.
    const lines = execFileSync('zipinfo', ['-T', zipPath], { encoding: 'utf8' })
      .split('\n')
      .filter((l) => /^[-d]r/.test(l));
    expect(lines.map((l) => l.split(/\s+/).slice(-1)[0])).toEqual(['bootstrap', 'index.js', 'lib/empty.txt', 'lib/ünïcode.json']);
    expect(lines.map((l) => l.split(/\s+/)[0])).toEqual(['-rwxr-xr-x', '-rw-r--r--', '-rw-r--r--', '-rw-r--r--']);
    for (const l of lines) expect(l).toContain(' 19800101.000000 ');
    // index.js repeats itself, so it is deflated; the empty file would only grow, so it is stored.
    expect(lines.find((l) => l.endsWith('index.js'))).toMatch(/ defX | defN /);
    expect(lines.find((l) => l.endsWith('empty.txt'))).toMatch(/ stor /);
  });

  it('gives the same bytes for the same entries in any order, and other bytes for other entries', () => {
    const bytes = writeZip(entries);
    expect(writeZip([...entries].reverse())).toEqual(bytes);
    expect(writeZip(entries.map((e) => (e.name === 'bootstrap' ? { ...e, executable: false } : e)))).not.toEqual(bytes);
    expect(writeZip(entries.map((e) => (e.name === 'index.js' ? { ...e, data: Buffer.from('changed') } : e)))).not.toEqual(bytes);
  });

  it.each([
    ['an absolute name', '/etc/passwd', /not a relative/],
    ['a parent reference', 'a/../../b', /not a relative/],
    ['a backslash', 'a\\b', /not a relative/],
    ['an empty segment', 'a//b', /not a relative/],
  ])('rejects %s', (_what, name, message) => {
    expect(() => writeZip([{ name, data: Buffer.from('x'), executable: false }])).toThrow(message);
  });

  it('rejects two entries with the same name', () => {
    const e = { name: 'a.js', data: Buffer.from('x'), executable: false };
    expect(() => writeZip([e, { ...e }])).toThrow(/two entries are named "a.js"/);
  });
});

describe('crc32', () => {
  it('matches the CRC-32 check value and node:zlib, with and without the table fallback', () => {
    const check = Buffer.from('123456789');
    expect(tableCrc32(check)).toBe(0xcbf43926);
    expect(crc32(check)).toBe(0xcbf43926);
    const data = readFileSync(__filename);
    expect(tableCrc32(data)).toBe(zlibCrc32(data) >>> 0);
  });
});
