/** Zip archives for tests that create Lambda functions, built in memory (no fixture files, no archive tool). */

/** A minimal valid zip (one stored file) built in memory, so tests need no fixture or archive tool. */
export function zipWith(fileName: string, content: string): Buffer {
  const data = Buffer.from(content);
  const name = Buffer.from(fileName);
  const crc = crc32(data);
  // The local header and its central directory entry share the fields from "version needed" on; the
  // central entry has them 2 bytes further in, after its "version made by".
  const header = (length: number, signature: number, shared: number) => {
    const h = Buffer.alloc(length);
    h.writeUInt32LE(signature, 0);
    h.writeUInt16LE(20, shared); // version needed: 2.0
    h.writeUInt32LE(crc, shared + 10);
    h.writeUInt32LE(data.length, shared + 14); // compressed size = size: the file is stored
    h.writeUInt32LE(data.length, shared + 18);
    h.writeUInt16LE(name.length, shared + 22);
    return h;
  };
  const local = header(30, 0x04034b50, 4);
  const central = header(46, 0x02014b50, 6);
  central.writeUInt16LE(20, 4); // version made by: 2.0
  const centralOffset = local.length + name.length + data.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + name.length, 12);
  end.writeUInt32LE(centralOffset, 16);
  return Buffer.concat([local, name, data, central, name, end]);
}

function crc32(buf: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of buf) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return (crc ^ 0xffffffff) >>> 0;
}
