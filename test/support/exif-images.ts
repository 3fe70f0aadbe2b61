/**
 * Real JPEGs carrying an EXIF orientation, as phone cameras write them: the stored pixels are the
 * upright scene turned or mirrored, and the APP1 segment says how to put it right; PNGs, with the
 * same EXIF in an eXIf chunk. The scene has a different colour in each quadrant, so any wrong turn
 * or mirror shows at its corners. Also files holding two pictures: animated PNGs and multi-picture
 * JPEGs.
 */
import { crc32 } from 'node:zlib';
import { createCanvas, type Canvas, type Image } from 'canvas';
import type { Orientation } from '../../server/photos/exif.js';

export const ORIENTATIONS: readonly Orientation[] = [1, 2, 3, 4, 5, 6, 7, 8];

/** The upright scene: landscape, so a quarter turn also shows in the size. */
export const SCENE = { width: 160, height: 96 } as const;

const PALETTE = { red: [255, 0, 0], green: [0, 255, 0], blue: [0, 0, 255], white: [255, 255, 255] } as const;
type Colour = keyof typeof PALETTE;

interface Corners {
  tl: Colour;
  tr: Colour;
  bl: Colour;
  br: Colour;
}

export const UPRIGHT: Corners = { tl: 'red', tr: 'green', bl: 'blue', br: 'white' };

/**
 * What a camera stores for each orientation, from the EXIF definitions of the tag ("the 0th row is
 * the visual right-hand side, the 0th column the visual top" for 6, and so on), written out rather
 * than computed so that the code under test cannot share a mistake with it.
 */
const STORED: Record<Orientation, Corners> = {
  1: { tl: 'red', tr: 'green', bl: 'blue', br: 'white' },
  2: { tl: 'green', tr: 'red', bl: 'white', br: 'blue' },
  3: { tl: 'white', tr: 'blue', bl: 'green', br: 'red' },
  4: { tl: 'blue', tr: 'white', bl: 'red', br: 'green' },
  5: { tl: 'red', tr: 'blue', bl: 'green', br: 'white' },
  6: { tl: 'green', tr: 'white', bl: 'red', br: 'blue' },
  7: { tl: 'white', tr: 'green', bl: 'blue', br: 'red' },
  8: { tl: 'blue', tr: 'red', bl: 'white', br: 'green' },
};

/** The stored pixels for an orientation: the scene's size, or its transpose for 5–8. */
export function storedPicture(orientation: Orientation): Canvas {
  const turned = orientation >= 5;
  const w = turned ? SCENE.height : SCENE.width;
  const h = turned ? SCENE.width : SCENE.height;
  const canvas = createCanvas(w, h);
  const g = canvas.getContext('2d');
  const c = STORED[orientation];
  for (const [colour, x, y] of [[c.tl, 0, 0], [c.tr, w / 2, 0], [c.bl, 0, h / 2], [c.br, w / 2, h / 2]] as const) {
    g.fillStyle = `rgb(${PALETTE[colour].join(',')})`;
    g.fillRect(x, y, w / 2, h / 2);
  }
  return canvas;
}

/** One IFD entry; the value goes in the entry's own four bytes, as a SHORT (type 3) or a LONG. */
interface Entry {
  tag: number;
  type: number;
  count: number;
  value: number;
}

export const orientationEntry = (value: number, type = 3, count = 1): Entry => ({ tag: 0x0112, type, count, value });
/** An entry that is not the orientation (Make, four ASCII bytes). */
export const makeEntry: Entry = { tag: 0x010f, type: 2, count: 4, value: 0x416e6f00 };

export interface TiffOptions {
  order?: 'II' | 'MM';
  /** IFD0's entries, in order. */
  entries?: Entry[];
  /** Entries of an EXIF sub-IFD, pointed to by one more IFD0 entry (0x8769) at the end. */
  sub?: Entry[];
  /** Overrides the IFD0 offset in the header (the IFD itself stays at 8). */
  ifdOffset?: number;
  /** Overrides the entry count at the head of IFD0. */
  declared?: number;
}

/** A TIFF header and IFD0 (and a sub-IFD after it), as in an EXIF APP1 segment. */
export function tiff({ order = 'MM', entries = [orientationEntry(6)], sub, ifdOffset = 8, declared }: TiffOptions = {}): Buffer {
  const le = order === 'II';
  const ifdSize = (n: number) => 2 + 12 * n + 4;
  const root = sub ? [...entries, { tag: 0x8769, type: 4, count: 1, value: 8 + ifdSize(entries.length + 1) }] : entries;
  const b = Buffer.alloc(8 + ifdSize(root.length) + (sub ? ifdSize(sub.length) : 0));
  const w16 = (v: number, at: number) => (le ? b.writeUInt16LE(v, at) : b.writeUInt16BE(v, at));
  const w32 = (v: number, at: number) => (le ? b.writeUInt32LE(v, at) : b.writeUInt32BE(v, at));
  const ifd = (list: Entry[], at: number, count = list.length) => {
    w16(count, at);
    list.forEach((e, i) => {
      const p = at + 2 + 12 * i;
      w16(e.tag, p);
      w16(e.type, p + 2);
      w32(e.count, p + 4);
      if (e.type === 3) w16(e.value, p + 8);
      else w32(e.value, p + 8);
    });
  };
  b.write(order, 0, 'latin1');
  w16(42, 2);
  w32(ifdOffset, 4);
  ifd(root, 8, declared);
  if (sub) ifd(sub, 8 + ifdSize(root.length));
  return b;
}

/** A marker segment: FF, the marker, a length counting itself, the payload. */
export function segment(marker: number, payload: Buffer): Buffer {
  const head = Buffer.from([0xff, marker, 0, 0]);
  head.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([head, payload]);
}

export const exifSegment = (options: TiffOptions = {}) => segment(0xe1, Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff(options)]));

/** The JPEG with the segments put right after SOI, where cameras put EXIF. */
export function withSegments(jpeg: Buffer, ...segments: Buffer[]): Buffer {
  return Buffer.concat([jpeg.subarray(0, 2), ...segments, jpeg.subarray(2)]);
}

export const encodeJpeg = (canvas: Canvas) => canvas.toBuffer('image/jpeg', { quality: 0.95 });

/** The scene stored for `orientation`, with an EXIF segment saying so. */
export function orientedJpeg(orientation: Orientation, order: 'II' | 'MM' = 'MM'): Buffer {
  return withSegments(encodeJpeg(storedPicture(orientation)), exifSegment({ order, entries: [makeEntry, orientationEntry(orientation)] }));
}

/** Big-endian u32 fields, as MPF (here) and PNG write them. */
function u32s(...values: number[]): Buffer {
  const b = Buffer.alloc(4 * values.length);
  values.forEach((v, i) => b.writeUInt32BE(v, 4 * i));
  return b;
}

/**
 * A multi-picture JPEG (CIPA MPF), as cameras (a large preview) and Ultra HDR phones (a gain map)
 * write it: `first`, with an APP2 "MPF" index and then `segments`, and `second` right after its end.
 */
export function multiPictureJpeg(first: Buffer, second: Buffer, segments: Buffer[] = []): Buffer {
  // A TIFF whose IFD holds MPFVersion, NumberOfImages and MPEntry (two 16-byte entries after it);
  // offsets count from its header, which starts 10 bytes into the file (SOI, APP2 marker and length, "MPF\0").
  const entry = (tag: number, type: number, count: number) => Buffer.concat([Buffer.from([tag >> 8, tag & 0xff, 0, type]), u32s(count)]);
  const tiffHead = Buffer.from('MPF\0MM\0\x2a\0\0\0\x08', 'latin1');
  const ifd = Buffer.concat([Buffer.from([0, 3]), entry(0xb000, 7, 4), Buffer.from('0100'), entry(0xb001, 4, 1), u32s(2), entry(0xb002, 7, 32), u32s(8 + 2 + 3 * 12 + 4), u32s(0)]);
  const firstLength = first.length + 4 + tiffHead.length + ifd.length + 32 + segments.reduce((n, s) => n + s.length, 0);
  // Attribute (a baseline primary, then an undefined image), size, offset, two dependent images.
  const entries = Buffer.concat([u32s(0x030000, firstLength, 0, 0), u32s(0, second.length, firstLength - 10, 0)]);
  return Buffer.concat([withSegments(first, segment(0xe2, Buffer.concat([tiffHead, ifd, entries])), ...segments), second]);
}

/** An XMP APP1 segment with these attributes on its rdf:Description (hdrgm: is the Ultra HDR gain map namespace). */
export function xmpSegment(attributes: string): Buffer {
  const xml =
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
    `<rdf:Description xmlns:hdrgm="http://ns.adobe.com/hdr-gain-map/1.0/" ${attributes}/></rdf:RDF></x:xmpmeta>`;
  return segment(0xe1, Buffer.from(`http://ns.adobe.com/xap/1.0/\0${xml}`, 'latin1'));
}

/** A PNG chunk: length, type, data and the CRC of type and data, one bit of it flipped if `badCrc`. */
export function pngChunk(type: string, data: Buffer, badCrc = false): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE((crc32(Buffer.concat([head.subarray(4), data])) ^ (badCrc ? 1 : 0)) >>> 0);
  return Buffer.concat([head, data, crc]);
}

/** The TIFF straight in the chunk, as the PNG standard has it. */
export const exifChunk = (options: TiffOptions = {}) => pngChunk('eXIf', tiff(options));

/** Signature and IHDR: the chunks `before` go after them, ahead of the image data. */
const PNG_HEAD = 8 + 25;
/** IEND, which node-canvas writes last: the chunks `after` go before it. */
const PNG_TAIL = 12;

/** A PNG from node-canvas with chunks added before its image data and after it. */
export function withPngChunks(png: Buffer, before: Buffer[], after: Buffer[] = []): Buffer {
  return Buffer.concat([png.subarray(0, PNG_HEAD), ...before, png.subarray(PNG_HEAD, png.length - PNG_TAIL), ...after, png.subarray(png.length - PNG_TAIL)]);
}

export const encodePng = (canvas: Canvas) => canvas.toBuffer('image/png');

/** The scene stored for `orientation` as a PNG, with an eXIf chunk saying so. */
export function orientedPng(orientation: Orientation, order: 'II' | 'MM' = 'MM'): Buffer {
  return withPngChunks(encodePng(storedPicture(orientation)), [exifChunk({ order, entries: [makeEntry, orientationEntry(orientation)] })]);
}

/** The image data of a PNG from node-canvas: its IDAT chunks' data, joined. */
function imageData(png: Buffer): Buffer {
  const parts: Buffer[] = [];
  for (let p = 8; p < png.length; p += 12 + png.readUInt32BE(p)) {
    if (png.toString('latin1', p + 4, p + 8) === 'IDAT') parts.push(png.subarray(p + 8, p + 8 + png.readUInt32BE(p)));
  }
  return Buffer.concat(parts);
}

/**
 * An animated PNG (APNG) of two pictures of one size: node-canvas draws the default image (IDAT),
 * `still`; Chromium shows the first frame, which is `frame` (in fdAT) unless `stillIsFirstFrame`.
 */
export function animatedPng(still: Canvas, frame: Canvas, stillIsFirstFrame = false): Buffer {
  // Sequence number, size, offset 0,0, a tenth of a second, no dispose or blend.
  const control = (sequence: number) => pngChunk('fcTL', Buffer.concat([u32s(sequence, still.width, still.height, 0, 0), Buffer.from([0, 1, 0, 10, 0, 0])]));
  const n = stillIsFirstFrame ? 1 : 0;
  const before = [pngChunk('acTL', u32s(n + 1, 0)), ...(stillIsFirstFrame ? [control(0)] : [])];
  const after = [control(n), pngChunk('fdAT', Buffer.concat([u32s(n + 1), imageData(encodePng(frame))]))];
  return withPngChunks(encodePng(still), before, after);
}

/** The palette colour an RGB sample shows, or undefined if it is none of them. */
function classify(rgb: readonly number[]): Colour | undefined {
  for (const [name, ref] of Object.entries(PALETTE) as [Colour, readonly number[]][]) {
    if (ref.every((v, i) => Math.abs(v - rgb[i]!) < 48)) return name;
  }
  return undefined;
}

/** The quadrant centres of w × h, as x, y pairs in tl, tr, bl, br order. */
function quadrantCentres(w: number, h: number): [number, number][] {
  return [[w / 4, h / 4], [(3 * w) / 4, h / 4], [w / 4, (3 * h) / 4], [(3 * w) / 4, (3 * h) / 4]].map(([x, y]) => [Math.floor(x!), Math.floor(y!)]);
}

/** The colours at the quadrant centres of a region of RGBA pixels `stride` wide. */
export function cornersIn(rgba: Uint8ClampedArray, stride: number, x: number, y: number, w: number, h: number): Partial<Record<keyof Corners, Colour>> {
  const [tl, tr, bl, br] = quadrantCentres(w, h).map(([qx, qy]) => {
    const at = ((y + qy) * stride + x + qx) * 4;
    return classify([...rgba.subarray(at, at + 3)]);
  });
  return { tl, tr, bl, br };
}

/** The colours at the quadrant centres of a picture. */
export function cornersOf(picture: Image | Canvas): Partial<Record<keyof Corners, Colour>> {
  const canvas = createCanvas(picture.width, picture.height);
  const g = canvas.getContext('2d');
  g.drawImage(picture, 0, 0);
  return cornersIn(g.getImageData(0, 0, picture.width, picture.height).data, picture.width, 0, 0, picture.width, picture.height);
}
