/**
 * shared/text-file: input files people write are read as strict UTF-8. Invalid bytes are one error naming
 * the file, the byte offset and line, and the fix; a leading UTF-8 byte-order mark is accepted and removed;
 * a UTF-16 one is refused.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeUtf8, firstInvalidUtf8Offset, NotUtf8Error, readUtf8File } from '../../shared/text-file';
import { UserError } from '../../shared/errors';

const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));

describe('firstInvalidUtf8Offset', () => {
  test.each([
    ['ASCII', bytes('{"a":1}'), -1],
    ['two-, three- and four-byte characters', bytes('é € 😀'), -1],
    ['a Latin-1 é after ASCII', bytes('abc', [0xe9], 'def'), 3],
    ['a lone continuation byte', bytes('a', [0x80]), 1],
    ['an overlong encoding of "/"', bytes('xy', [0xc0, 0xaf]), 2],
    ['an overlong three-byte form', bytes([0xe0, 0x80, 0xaf]), 0],
    ['a UTF-16 surrogate encoded as UTF-8', bytes('ok', [0xed, 0xa0, 0x80]), 2],
    ['a code point above U+10FFFF', bytes([0xf4, 0x90, 0x80, 0x80]), 0],
    ['a character cut off at the end', bytes('abc', [0xe2, 0x82]), 3],
    ['0xFF', bytes('a\n', [0xff]), 2],
  ])('%s', (_what, input, offset) => {
    expect(firstInvalidUtf8Offset(input)).toBe(offset);
  });
});

describe('decodeUtf8', () => {
  test('names the file, the byte, its offset and line, and the fix', () => {
    const run = () => decodeUtf8(bytes('{\n  "description": "caf', [0xe9], '"\n}'), 'state.tfstate');
    expect(run).toThrow(NotUtf8Error);
    expect(run).toThrow(UserError);
    expect(run).toThrow(
      'state.tfstate: is not valid UTF-8: byte 0xE9 at offset 23 (line 2) is not part of a UTF-8 character; ' +
        're-save the file as UTF-8 (was it saved as Latin-1 or Windows-1252?)',
    );
  });

  test('accepts a leading UTF-8 byte-order mark and removes it', () => {
    expect(decodeUtf8(bytes([0xef, 0xbb, 0xbf], '{"a":"é"}'), 'f')).toBe('{"a":"é"}');
    expect(JSON.parse(decodeUtf8(bytes([0xef, 0xbb, 0xbf], '{"a":1}'), 'f'))).toEqual({ a: 1 });
  });

  test('keeps a byte-order mark that is not at the start (it is a character there)', () => {
    expect(decodeUtf8(bytes('a', [0xef, 0xbb, 0xbf]), 'f')).toBe('a\ufeff');
  });

  test.each([
    ['little-endian', [0xff, 0xfe]],
    ['big-endian', [0xfe, 0xff]],
  ])('refuses a UTF-16 (%s) byte-order mark', (_what, bom) => {
    expect(() => decodeUtf8(bytes(bom, '{\0}\0'), 'defs/a.json')).toThrow(
      'defs/a.json: is UTF-16 (it starts with a UTF-16 byte-order mark), not UTF-8; re-save it as UTF-8',
    );
  });
});

describe('readUtf8File', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lr-text-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('reads UTF-8 and reports invalid bytes by file path', () => {
    const good = join(dir, 'good.json');
    const bad = join(dir, 'bad.json');
    writeFileSync(good, 'naïve');
    writeFileSync(bad, bytes('na', [0xef], 've'));
    expect(readUtf8File(good)).toBe('naïve');
    expect(() => readUtf8File(bad)).toThrow(`${bad}: is not valid UTF-8: byte 0xEF at offset 2 (line 1)`);
  });

  test('passes file-system errors through for the caller to name', () => {
    let thrown: unknown;
    try {
      readUtf8File(join(dir, 'missing.json'));
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toMatchObject({ code: 'ENOENT' });
    expect(thrown).not.toBeInstanceOf(UserError);
  });
});
