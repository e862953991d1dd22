/**
 * Why this exists: Node's `readFileSync(path, 'utf8')` never fails on bad bytes; it puts U+FFFD in their
 * place. A Latin-1 state file then reads as a description full of replacement characters (a false
 * DESCRIPTION_CHANGED), and a Latin-1 definition passes `check` and synthesizes mangled text. Every input a
 * person gives us (state files, stack definitions, ignore and config files) is read here instead: invalid
 * UTF-8 is one error naming the file, the byte offset and line, and the fix.
 *
 * A leading UTF-8 byte-order mark is accepted and removed (Windows editors write one, and it changes no
 * character); JSON.parse would otherwise fail on it with a confusing "unexpected token". A UTF-16 byte-order
 * mark is refused: the file is UTF-16, not UTF-8.
 */
import { readFileSync } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { UserError } from './errors';

const UTF8_BOM = [0xef, 0xbb, 0xbf];

/** Invalid UTF-8 in a file: `problem` is the sentence after the file name, `offset` the first bad byte (0-based). */
export class NotUtf8Error extends UserError {
  constructor(
    readonly file: string,
    readonly problem: string,
    readonly offset: number,
  ) {
    super(`${file}: ${problem}`);
    this.name = 'NotUtf8Error';
  }
}

/** The length of the UTF-8 sequence starting at `i`, or 0 when the bytes there are not one (RFC 3629). */
function sequenceLength(b: Uint8Array, i: number): number {
  const c = b[i];
  if (c < 0x80) return 1;
  const cont = (k: number, lo = 0x80, hi = 0xbf) => i + k < b.length && b[i + k] >= lo && b[i + k] <= hi;
  // The second byte's range excludes overlong forms, UTF-16 surrogates and code points above U+10FFFF.
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
  if (c >= 0xe0 && c <= 0xef) {
    const [lo, hi] = c === 0xe0 ? [0xa0, 0xbf] : c === 0xed ? [0x80, 0x9f] : [0x80, 0xbf];
    return cont(1, lo, hi) && cont(2) ? 3 : 0;
  }
  if (c >= 0xf0 && c <= 0xf4) {
    const [lo, hi] = c === 0xf0 ? [0x90, 0xbf] : c === 0xf4 ? [0x80, 0x8f] : [0x80, 0xbf];
    return cont(1, lo, hi) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

/** The offset of the first byte that does not start a valid UTF-8 sequence, or -1 when all do. */
export function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  if (isUtf8(bytes)) return -1;
  for (let i = 0; i < bytes.length;) {
    const n = sequenceLength(bytes, i);
    if (n === 0) return i;
    i += n;
  }
  return -1;
}

/**
 * The text of UTF-8 `bytes` (a leading UTF-8 byte-order mark removed); throws NotUtf8Error naming `file`,
 * the byte offset and line of the first invalid byte, and the fix.
 */
export function decodeUtf8(bytes: Uint8Array, file: string): string {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new NotUtf8Error(file, 'is UTF-16 (it starts with a UTF-16 byte-order mark), not UTF-8; re-save it as UTF-8', 0);
  }
  const bom = UTF8_BOM.every((b, i) => bytes[i] === b) ? UTF8_BOM.length : 0;
  const offset = firstInvalidUtf8Offset(bytes);
  if (offset >= 0) {
    const line = bytes.subarray(0, offset).filter((b) => b === 0x0a).length + 1;
    const hex = bytes[offset].toString(16).toUpperCase().padStart(2, '0');
    throw new NotUtf8Error(
      file,
      `is not valid UTF-8: byte 0x${hex} at offset ${offset} (line ${line}) is not part of a UTF-8 character; ` +
        're-save the file as UTF-8 (was it saved as Latin-1 or Windows-1252?)',
      offset,
    );
  }
  return Buffer.from(bytes.buffer, bytes.byteOffset + bom, bytes.byteLength - bom).toString('utf8');
}

/**
 * Reads a file people write, as UTF-8 text. File-system errors (ENOENT, EISDIR, EACCES) are thrown as they
 * come, for the caller to name with its own flag or field; invalid UTF-8 is a NotUtf8Error.
 */
export function readUtf8File(path: string): string {
  return decodeUtf8(readFileSync(path), path);
}
