/** The marker segments of a JPEG, walked by their lengths; pure, for validation and EXIF. */

export interface JpegSegment {
  marker: number;
  /** Offset of the FF right before the marker byte. */
  at: number;
  /** The payload, after the two length bytes; `end` is where the length says it ends, maybe past the bytes. */
  start: number;
  end: number;
}

/**
 * The segments from SOI up to and including the first scan (SOS, whose `end` is its header's);
 * stops early at EOI, at a byte that is not a marker or at a length under 2.
 */
export function* jpegSegments(b: Uint8Array): Generator<JpegSegment> {
  if (b[0] !== 0xff || b[1] !== 0xd8) return;
  let p = 2;
  while (p + 4 <= b.length) {
    if (b[p] !== 0xff) return;
    let m = b[p + 1]!;
    // Any number of 0xFF fill bytes may precede a marker.
    while (m === 0xff && p + 2 < b.length) m = b[++p + 1]!;
    if (m === 0x01 || (m >= 0xd0 && m <= 0xd7)) {
      p += 2;
      continue;
    }
    if (m === 0xd9) return;
    const length = u16(b, p + 2);
    if (m === 0xda) {
      yield { marker: m, at: p, start: p + 4, end: p + 2 + length };
      return;
    }
    if (length < 2) return;
    yield { marker: m, at: p, start: p + 4, end: p + 2 + length };
    p += 2 + length;
  }
}

/** Big-endian, as every JPEG field is; bytes past the end read as 0. */
export function u16(b: Uint8Array, p: number): number {
  return ((b[p] ?? 0) << 8) | (b[p + 1] ?? 0);
}
