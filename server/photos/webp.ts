/**
 * The chunks of a WebP (a RIFF file), walked by their lengths; pure, for validation. A WebP must
 * fill exactly the length its RIFF header declares: bytes beyond it (a second file riding along, a
 * polyglot) or short of it (a truncated upload) are refused.
 */
import { orientationInTiff, type Orientation } from './exif.js';
import type { ImageSize } from './validate.js';

export interface WebpChunk {
  type: string;
  /** The data; a chunk of odd length is followed by one pad byte. */
  start: number;
  end: number;
}

export interface WebpLayout {
  /** Canvas size as declared: VP8X's, or the bitstream's; `complete` says whether the two agree. */
  size: ImageSize | undefined;
  /** The RIFF length matches the file's and every chunk lies inside it. */
  complete: boolean;
  animated: boolean;
  /** The EXIF chunk's orientation, 1 without one. */
  orientation: Orientation;
}

const ascii = (b: Uint8Array, p: number) => String.fromCharCode(b[p]!, b[p + 1]!, b[p + 2]!, b[p + 3]!);
const u32le = (b: Uint8Array, p: number) => (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16)) + b[p + 3]! * 0x1000000;
const u24le = (b: Uint8Array, p: number) => b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16);

export const hasWebpSignature = (b: Uint8Array): boolean => b.length >= 12 && ascii(b, 0) === 'RIFF' && ascii(b, 8) === 'WEBP';

/** The chunks after the header; stops before one that runs past the bytes. */
export function* webpChunks(b: Uint8Array): Generator<WebpChunk> {
  let p = 12;
  while (p + 8 <= b.length) {
    const start = p + 8;
    const end = start + u32le(b, p + 4);
    if (end > b.length) return;
    yield { type: ascii(b, p), start, end };
    p = end + (end % 2);
  }
}

/** Width and height of a bitstream chunk: VP8 (lossy key frame) or VP8L (lossless). */
function bitstreamSize(b: Uint8Array, c: WebpChunk): ImageSize | undefined {
  if (c.type === 'VP8 ' && c.end - c.start >= 10) {
    // A key frame (bit 0 of the tag is 0), then the start code 9D 01 2A and two 14-bit sizes.
    if ((b[c.start]! & 1) !== 0 || b[c.start + 3] !== 0x9d || b[c.start + 4] !== 0x01 || b[c.start + 5] !== 0x2a) return undefined;
    return { width: (b[c.start + 6]! | (b[c.start + 7]! << 8)) & 0x3fff, height: (b[c.start + 8]! | (b[c.start + 9]! << 8)) & 0x3fff };
  }
  if (c.type === 'VP8L' && c.end - c.start >= 5 && b[c.start] === 0x2f) {
    const bits = u32le(b, c.start + 1);
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  return undefined;
}

export function webpLayout(b: Uint8Array): WebpLayout {
  const layout: WebpLayout = { size: undefined, complete: false, animated: false, orientation: 1 };
  if (!hasWebpSignature(b)) return layout;
  let covered = 12;
  let bitstreams = 0;
  let canvas: ImageSize | undefined;
  let stream: ImageSize | undefined;
  for (const c of webpChunks(b)) {
    covered = c.end + (c.end % 2);
    if (c.type === 'VP8X' && c.end - c.start >= 10) {
      // Flag 0x02: animation. The canvas sides are stored minus one, 24 bits each.
      if (b[c.start]! & 0x02) layout.animated = true;
      canvas = { width: u24le(b, c.start + 4) + 1, height: u24le(b, c.start + 7) + 1 };
    } else if (c.type === 'ANIM' || c.type === 'ANMF') {
      layout.animated = true;
    } else if (c.type === 'VP8 ' || c.type === 'VP8L') {
      bitstreams++;
      stream = bitstreamSize(b, c);
    } else if (c.type === 'EXIF') {
      // Some writers keep JPEG's "Exif\0\0" in front of the TIFF.
      const tiff = ascii(b, c.start) === 'Exif' ? b.subarray(c.start + 6, c.end) : b.subarray(c.start, c.end);
      layout.orientation = orientationInTiff(tiff) ?? 1;
    }
  }
  // The declared size, for the pixel limits; a still WebP holds one bitstream of the canvas's size.
  layout.size = canvas ?? stream;
  const agrees = !!stream && layout.size!.width === stream.width && layout.size!.height === stream.height;
  layout.complete = bitstreams === 1 && agrees && u32le(b, 4) + 8 === b.length && covered === b.length;
  return layout;
}
