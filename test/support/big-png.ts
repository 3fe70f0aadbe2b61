/**
 * A 7000 × 7000 PNG of one colour: 49 megapixels (under the 50 MP cap) in a few kilobytes, the
 * upload that froze the server when decoded on its main thread. Built chunk by chunk (1-bit
 * palette, zlib) because encoding 49 MP through a canvas takes seconds. Variants differ by a
 * tEXt chunk, so each has its own content hash and is decoded, not found as a duplicate.
 */
import { crc32, deflateSync } from 'node:zlib';

export const BIG_SIDE = 7000;

function chunk(type: string, data: Buffer): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

let idat: Buffer | undefined;

export function bigPng(tag: string): Buffer {
  const side = BIG_SIDE;
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(side, 0);
  ihdr.writeUInt32BE(side, 4);
  ihdr.set([1, 3, 0, 0, 0], 8); // bit depth 1, palette, deflate, adaptive filters, no interlace
  // Every row: filter byte 0, then side bits of palette index 0.
  idat ??= deflateSync(Buffer.alloc(side * (1 + Math.ceil(side / 8))), { level: 9 });
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('PLTE', Buffer.from([0xda, 0x25, 0x1d])),
    chunk('tEXt', Buffer.from(`Comment\0${tag}`, 'latin1')),
    chunk('IDAT', idat),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
