/** The chunks of a PNG, walked by their lengths; pure, for validation and EXIF. */
import { crc32 } from 'node:zlib';

export interface PngChunk {
  type: string;
  /** The data, which the CRC follows; both lie inside the bytes. */
  start: number;
  end: number;
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Whether the bytes start with the PNG signature. */
export const hasPngSignature = (b: Uint8Array): boolean => SIGNATURE.every((v, i) => b[i] === v);

/** The chunks after the signature, up to and including IEND; stops before a chunk that runs past the bytes. */
export function* pngChunks(b: Uint8Array): Generator<PngChunk> {
  if (!hasPngSignature(b)) return;
  let p = SIGNATURE.length;
  while (p + 12 <= b.length) {
    const end = p + 8 + u32(b, p);
    if (end + 4 > b.length) return;
    const type = String.fromCharCode(...b.subarray(p + 4, p + 8));
    yield { type, start: p + 8, end };
    if (type === 'IEND') return;
    p = end + 4;
  }
}

/** Whether the chunk's CRC, over its type and data, is right. */
export function crcMatches(b: Uint8Array, c: PngChunk): boolean {
  return crc32(b.subarray(c.start - 4, c.end)) === u32(b, c.end);
}

/** Big-endian, as every PNG field is; the caller keeps `p + 4` inside the bytes. */
export function u32(b: Uint8Array, p: number): number {
  return ((b[p]! << 24) >>> 0) + ((b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!);
}
