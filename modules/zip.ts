/**
 * A deterministic zip writer for Lambda code archives. Why our own: cdktf's TerraformAsset (ARCHIVE)
 * starts one `node` process per archive (about 130 ms each, 97 % of a 500-function synth) and records
 * file mtimes, so a fresh clone produced different bytes and Terraform planned a code update.
 *
 * The bytes depend only on the entries: names sorted, every timestamp the DOS epoch (1980-01-01 00:00),
 * modes fixed to 0644 or 0755 (the only two git records), no extra fields, no comment. Data is deflated
 * with node:zlib at level 9 (stored when that is not smaller), so the bytes are stable for a given zlib
 * build (`process.versions.zlib`); a different zlib may compress the same input differently.
 */
import { crc32 as zlibCrc32, deflateRawSync } from 'node:zlib';

export interface ZipEntry {
  /** Path inside the archive, "/"-separated and relative, e.g. 'lib/util.js'. */
  readonly name: string;
  readonly data: Uint8Array;
  /** Stored as mode 0755 (else 0644): a custom runtime's `bootstrap` must stay executable. */
  readonly executable: boolean;
}

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
/** Version 2.0: deflate, no zip64. */
const VERSION_NEEDED = 20;
/** High byte 3 = Unix, so readers (and Lambda) take the mode from the external attributes. */
const VERSION_MADE_BY = (3 << 8) | VERSION_NEEDED;
const DOS_EPOCH_DATE = (0 << 9) | (1 << 5) | 1; // 1980-01-01
const DOS_EPOCH_TIME = 0; // 00:00:00
const FLAG_UTF8_NAME = 0x0800;
const METHOD_STORED = 0;
const METHOD_DEFLATED = 8;
const S_IFREG = 0o100000;
/** Without zip64 the format counts entries in 16 bits and sizes and offsets in 32 bits. */
const MAX_ENTRIES = 0xffff;
const MAX_SIZE = 0xffffffff;

/** The zip archive of `entries`, in name order; the same entries always give the same bytes. */
export function writeZip(entries: readonly ZipEntry[]): Buffer {
  const sorted = [...entries].sort((a, b) => compareNames(a.name, b.name));
  checkEntries(sorted);
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const entry of sorted) {
    const name = Buffer.from(entry.name, 'utf8');
    const data = Buffer.from(entry.data.buffer, entry.data.byteOffset, entry.data.byteLength);
    const deflated = deflateRawSync(data, { level: 9 });
    const stored = deflated.length >= data.length;
    const body = stored ? data : deflated;
    const fields: HeaderFields = {
      flags: /^[\x20-\x7e]*$/.test(entry.name) ? 0 : FLAG_UTF8_NAME,
      method: stored ? METHOD_STORED : METHOD_DEFLATED,
      crc: crc32(data),
      compressedSize: body.length,
      size: data.length,
      nameLength: name.length,
    };
    const local = localHeader(fields);
    central.push(centralHeader(fields, entry.executable, offset), name);
    parts.push(local, name, body);
    offset += local.length + name.length + body.length;
    if (offset > MAX_SIZE) throw new Error(`zip archive: larger than 4 GiB at "${entry.name}" (zip64 is not written)`);
  }
  const directory = Buffer.concat(central);
  return Buffer.concat([...parts, directory, endOfCentralDirectory(sorted.length, directory.length, offset)]);
}

interface HeaderFields {
  readonly flags: number;
  readonly method: number;
  readonly crc: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly nameLength: number;
}

/** The fields a local header and its central directory entry share, from "version needed" on. */
function writeShared(h: Buffer, at: number, f: HeaderFields): void {
  h.writeUInt16LE(VERSION_NEEDED, at);
  h.writeUInt16LE(f.flags, at + 2);
  h.writeUInt16LE(f.method, at + 4);
  h.writeUInt16LE(DOS_EPOCH_TIME, at + 6);
  h.writeUInt16LE(DOS_EPOCH_DATE, at + 8);
  h.writeUInt32LE(f.crc, at + 10);
  h.writeUInt32LE(f.compressedSize, at + 14);
  h.writeUInt32LE(f.size, at + 18);
  h.writeUInt16LE(f.nameLength, at + 22);
  // extra field length (and, in the central entry, comment length, disk, internal attributes) stay 0
}

function localHeader(f: HeaderFields): Buffer {
  const h = Buffer.alloc(30);
  h.writeUInt32LE(LOCAL_HEADER, 0);
  writeShared(h, 4, f);
  return h;
}

function centralHeader(f: HeaderFields, executable: boolean, localOffset: number): Buffer {
  const h = Buffer.alloc(46);
  h.writeUInt32LE(CENTRAL_HEADER, 0);
  h.writeUInt16LE(VERSION_MADE_BY, 4);
  writeShared(h, 6, f);
  h.writeUInt32LE(((S_IFREG | (executable ? 0o755 : 0o644)) << 16) >>> 0, 38);
  h.writeUInt32LE(localOffset, 42);
  return h;
}

function endOfCentralDirectory(count: number, size: number, offset: number): Buffer {
  const h = Buffer.alloc(22);
  h.writeUInt32LE(END_OF_CENTRAL_DIRECTORY, 0);
  h.writeUInt16LE(count, 8);
  h.writeUInt16LE(count, 10);
  h.writeUInt32LE(size, 12);
  h.writeUInt32LE(offset, 16);
  return h;
}

/** Byte order of the UTF-8 names (not UTF-16 code units), so the order is the same in every tool. */
function compareNames(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

function checkEntries(sorted: readonly ZipEntry[]): void {
  if (sorted.length > MAX_ENTRIES) throw new Error(`zip archive: ${sorted.length} entries; at most ${MAX_ENTRIES} without zip64`);
  sorted.forEach((entry, i) => {
    if (!entry.name || entry.name.startsWith('/') || entry.name.includes('\\') || entry.name.split('/').some((s) => s === '' || s === '..'))
      throw new Error(`zip archive: entry name ${JSON.stringify(entry.name)} is not a relative "/"-separated path`);
    if (i > 0 && sorted[i - 1].name === entry.name) throw new Error(`zip archive: two entries are named ${JSON.stringify(entry.name)}`);
    if (entry.data.byteLength > MAX_SIZE) throw new Error(`zip archive: "${entry.name}" is larger than 4 GiB (zip64 is not written)`);
  });
}

/** CRC-32 (ISO-HDLC, as zip uses): node:zlib's when present (Node ≥ 20.15), else a table. */
export function crc32(data: Uint8Array): number {
  return typeof zlibCrc32 === 'function' ? zlibCrc32(data) >>> 0 : tableCrc32(data);
}

let table: Uint32Array | undefined;

export function tableCrc32(data: Uint8Array): number {
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (const byte of data) crc = table[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
