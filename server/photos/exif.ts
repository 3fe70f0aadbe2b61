/**
 * EXIF orientation (tag 0x0112), read by the rules of Chromium's decoders (Skia's SkExif), so the
 * print turns a photo exactly as the control panel's preview does. The TIFF holding it is, in a
 * JPEG, the first APP1 "Exif" segment; in a PNG, the first eXIf chunk before the image data whose
 * CRC is right, taken as it is (a chunk that starts "Exif\0\0" is not a TIFF). In it, the first
 * orientation entry that is one SHORT from 1 to 8, in IFD0 or in the EXIF sub-IFD it points to.
 * Pure; reads only inside that segment or chunk and never throws, since any device on the LAN may
 * upload a crafted file.
 */
import { jpegSegments } from './jpeg.js';
import { crcMatches, pngChunks } from './png.js';
import type { ImageSize } from './validate.js';

/** 1 upright; 2 mirrored; 3 turned 180°; 4 flipped; 5 transposed; 6 turn 90° clockwise to show; 7 transverse; 8 turn 90° anticlockwise. */
export type Orientation = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8;

const APP1 = 0xe1;
const APP15 = 0xef;
const ORIENTATION_TAG = 0x0112;
const EXIF_IFD_TAG = 0x8769;
const SHORT = 3;
const LONG = 4;

/** The orientation a JPEG or PNG asks to be shown in; 1 for anything unreadable. */
export function readOrientation(b: Uint8Array): Orientation {
  const tiff = jpegExif(b) ?? pngExif(b);
  return (tiff && orientationInTiff(tiff)) ?? 1;
}

function jpegExif(b: Uint8Array): Uint8Array | undefined {
  for (const s of jpegSegments(b)) {
    if (s.marker !== APP1 || s.end > b.length) continue;
    const d = b.subarray(s.start, s.end);
    // "Exif", NUL, a pad byte whose value Chromium ignores (usually 0), then a TIFF file.
    if (d.length > 6 && d[0] === 0x45 && d[1] === 0x78 && d[2] === 0x69 && d[3] === 0x66 && d[4] === 0) return d.subarray(6);
  }
  return undefined;
}

/** Chromium takes the orientation from the header, so an eXIf after IDAT does not count; one with a bad CRC is dropped. */
function pngExif(b: Uint8Array): Uint8Array | undefined {
  for (const c of pngChunks(b)) {
    if (c.type === 'IDAT') return undefined;
    if (c.type === 'eXIf' && crcMatches(b, c)) return b.subarray(c.start, c.end);
  }
  return undefined;
}

/** A TIFF header (byte order, 42, offset of IFD0 from the header's start) and its IFD0. */
export function orientationInTiff(tiff: Uint8Array): Orientation | undefined {
  if (tiff.length < 8) return undefined;
  const order = String.fromCharCode(tiff[0]!, tiff[1]!);
  if (order !== 'II' && order !== 'MM') return undefined;
  const le = order === 'II';
  const view = new DataView(tiff.buffer, tiff.byteOffset, tiff.byteLength);
  if (view.getUint16(2, le) !== 42) return undefined;
  return inIfd(view, le, view.getUint32(4, le), true);
}

/** The first valid orientation in the IFD at `offset`; entries cut off by the TIFF's end are left out. */
function inIfd(view: DataView, le: boolean, offset: number, root: boolean): Orientation | undefined {
  if (offset + 2 > view.byteLength) return undefined;
  const entries = Math.min(view.getUint16(offset, le), Math.floor((view.byteLength - offset - 2) / 12));
  for (let e = offset + 2; e < offset + 2 + 12 * entries; e += 12) {
    const [tag, type, count] = [view.getUint16(e, le), view.getUint16(e + 2, le), view.getUint32(e + 4, le)];
    if (count !== 1) continue;
    if (tag === ORIENTATION_TAG && type === SHORT) {
      const value = view.getUint16(e + 8, le);
      if (value >= 1 && value <= 8) return value as Orientation;
    } else if (tag === EXIF_IFD_TAG && type === LONG && root) {
      const found = inIfd(view, le, view.getUint32(e + 8, le), false);
      if (found) return found;
    }
  }
  return undefined;
}

/** The size as shown: orientations 5–8 turn the picture a quarter, so width and height trade places. */
export function displayedSize(size: ImageSize, orientation: Orientation): ImageSize {
  return orientation >= 5 ? { width: size.height, height: size.width } : { width: size.width, height: size.height };
}

/**
 * The bytes with every APP1 segment relabelled APP15, which decoders skip. node-canvas 3 turns a
 * JPEG (never a PNG) by its own reading of the tag, which differs from Chromium's (it gives up at
 * an APP2 before the EXIF, takes the tag whatever its type); it decodes this copy as stored, and
 * ours is applied.
 */
export function withExifHidden(b: Buffer): Buffer {
  let copy: Buffer | undefined;
  for (const s of jpegSegments(b)) if (s.marker === APP1) (copy ??= Buffer.from(b))[s.at + 1] = APP15;
  return copy ?? b;
}
