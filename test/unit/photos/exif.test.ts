import { loadImage } from 'canvas';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { displayedSize, readOrientation, withExifHidden } from '../../../server/photos/exif.js';
import {
  ORIENTATIONS,
  SCENE,
  cornersOf,
  encodeJpeg,
  encodePng,
  exifChunk,
  exifSegment,
  makeEntry,
  orientationEntry,
  orientedJpeg,
  orientedPng,
  pngChunk,
  segment,
  storedPicture,
  tiff,
  withPngChunks,
  withSegments,
  type TiffOptions,
} from '../../support/exif-images.js';

const plain = encodeJpeg(storedPicture(1));
const withExif = (options: TiffOptions) => withSegments(plain, exifSegment(options));
const exifPayload = (payload: Buffer) => segment(0xe1, Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), payload]));
const xmp = segment(0xe1, Buffer.from('http://ns.adobe.com/xap/1.0/\0<x:xmpmeta/>', 'latin1'));
const icc = segment(0xe2, Buffer.concat([Buffer.from('ICC_PROFILE\0\x01\x01', 'latin1'), Buffer.alloc(64, 7)]));

describe('readOrientation', () => {
  it('reads every value in both byte orders', () => {
    for (const order of ['II', 'MM'] as const) {
      for (const o of ORIENTATIONS) {
        expect(readOrientation(withExif({ order, entries: [orientationEntry(o)] })), `${order} ${o}`).toBe(o);
        expect(readOrientation(orientedJpeg(o, order)), `${order} ${o} after Make`).toBe(o);
      }
    }
  });

  it('finds the EXIF segment after JFIF, ICC and XMP segments', () => {
    // Cameras put EXIF first; editors move it behind their own segments.
    const jfifEnd = 2 + 2 + plain.readUInt16BE(4);
    const behindJfif = Buffer.concat([plain.subarray(0, jfifEnd), exifSegment(), plain.subarray(jfifEnd)]);
    expect(readOrientation(behindJfif)).toBe(6);
    expect(readOrientation(withSegments(plain, icc, xmp, exifSegment({ entries: [orientationEntry(5)] })))).toBe(5);
  });

  it('reads only the first EXIF segment, as Chromium does', () => {
    expect(readOrientation(withSegments(plain, exifSegment({ entries: [makeEntry] }), exifSegment({ entries: [orientationEntry(6)] })))).toBe(1);
    expect(readOrientation(withSegments(plain, exifSegment({ entries: [orientationEntry(3)] }), exifSegment({ entries: [orientationEntry(6)] })))).toBe(3);
    // Too short to hold anything, so not taken for the EXIF segment.
    expect(readOrientation(withSegments(plain, exifPayload(Buffer.alloc(0)), exifSegment({ entries: [orientationEntry(8)] })))).toBe(8);
  });

  it('takes the first entry that is one SHORT from 1 to 8, in IFD0 or the EXIF sub-IFD', () => {
    expect(readOrientation(withExif({ entries: [orientationEntry(9), orientationEntry(6)] }))).toBe(6);
    expect(readOrientation(withExif({ entries: [orientationEntry(6, 4), orientationEntry(8)] }))).toBe(8);
    expect(readOrientation(withExif({ entries: [makeEntry], sub: [orientationEntry(3)] }))).toBe(3);
    expect(readOrientation(withExif({ entries: [orientationEntry(5)], sub: [orientationEntry(3)] }))).toBe(5);
    expect(readOrientation(withExif({ order: 'II', entries: [orientationEntry(0)], sub: [orientationEntry(7)] }))).toBe(7);
  });

  it('is 1 without EXIF: plain PNG, plain JPEG, XMP only, no tag', () => {
    expect(readOrientation(encodePng(storedPicture(6)))).toBe(1);
    expect(readOrientation(plain)).toBe(1);
    expect(readOrientation(withSegments(plain, xmp))).toBe(1);
    expect(readOrientation(withExif({ entries: [makeEntry, makeEntry] }))).toBe(1);
    expect(readOrientation(withExif({ entries: [] }))).toBe(1);
  });

  it('is 1 for values outside 1–8 and for an entry that is not one SHORT', () => {
    for (const value of [0, 9, 0xffff]) expect(readOrientation(withExif({ entries: [orientationEntry(value)] })), `value ${value}`).toBe(1);
    expect(readOrientation(withExif({ entries: [orientationEntry(6, 4)] }))).toBe(1);
    expect(readOrientation(withExif({ entries: [orientationEntry(6, 3, 2)] }))).toBe(1);
    expect(readOrientation(withExif({ entries: [orientationEntry(6, 3, 0)] }))).toBe(1);
  });

  it('reads past the pad byte after "Exif\\0" whatever its value, as Chromium does', () => {
    for (const pad of [0, 1, 0x20, 0xff]) {
      const head = Buffer.from([0x45, 0x78, 0x69, 0x66, 0, pad]);
      expect(readOrientation(withSegments(plain, segment(0xe1, Buffer.concat([head, tiff()])))), `pad ${pad}`).toBe(6);
    }
  });

  it('is 1 for a header that is not EXIF/TIFF', () => {
    const payload = (head: string) => segment(0xe1, Buffer.concat([Buffer.from(head, 'latin1'), tiff()]));
    expect(readOrientation(withSegments(plain, payload('Exif\0\0')))).toBe(6);
    expect(readOrientation(withSegments(plain, payload('Exit\0\0')))).toBe(1);
    expect(readOrientation(withSegments(plain, payload('Exif')))).toBe(1);
    const badOrder = tiff();
    badOrder.write('MI', 0, 'latin1');
    expect(readOrientation(withSegments(plain, exifPayload(badOrder)))).toBe(1);
    const badMagic = tiff();
    badMagic.writeUInt16BE(43, 2);
    expect(readOrientation(withSegments(plain, exifPayload(badMagic)))).toBe(1);
    expect(readOrientation(withSegments(plain, exifPayload(Buffer.from('MM\0\x2a', 'latin1'))))).toBe(1);
  });

  it('never reads past its segment: bogus IFD offsets, entry counts and sub-IFD offsets', () => {
    // IFD0 with one entry is 8 + 18 bytes long.
    for (const ifdOffset of [0xffffffff, 0x7fffffff, 1 << 20, 31, 30, 25]) {
      expect(readOrientation(withExif({ ifdOffset })), `offset ${ifdOffset}`).toBe(1);
    }
    // A count far above the entries there: those that fit are read, no more.
    expect(readOrientation(withExif({ entries: [makeEntry], declared: 0xffff }))).toBe(1);
    expect(readOrientation(withExif({ entries: [makeEntry, orientationEntry(6)], declared: 0xffff }))).toBe(6);
    for (const value of [0xffffffff, 0xfff0, 40]) {
      expect(readOrientation(withExif({ entries: [makeEntry, { tag: 0x8769, type: 4, count: 1, value }] })), `sub-IFD at ${value}`).toBe(1);
    }
    // IFD0 announces one entry but the segment ends there; the bytes right after it hold one.
    const entry = tiff({ entries: [orientationEntry(6)] }).subarray(10, 22);
    const header = Buffer.from('Exif\0\0MM\0\x2a\0\0\0\x08\0\x01', 'latin1');
    expect(readOrientation(Buffer.concat([plain.subarray(0, 2), segment(0xe1, header), entry, plain.subarray(2)]))).toBe(1);
    expect(readOrientation(Buffer.concat([plain.subarray(0, 2), segment(0xe1, Buffer.concat([header, entry])), plain.subarray(2)]))).toBe(6);
  });

  it('is 1 when the file ends inside the EXIF segment, wherever it is cut', () => {
    const b = orientedJpeg(6);
    const exifEnd = 2 + 2 + b.readUInt16BE(4);
    for (let n = 0; n < exifEnd; n++) expect(readOrientation(b.subarray(0, n)), `first ${n} bytes`).toBe(1);
    expect(readOrientation(b.subarray(0, exifEnd))).toBe(6);
    expect(readOrientation(Buffer.alloc(0))).toBe(1);
  });

  it('never throws and stays within 1–8 whatever the bytes', () => {
    const b = withSegments(plain, exifSegment({ order: 'II', entries: [makeEntry, orientationEntry(6)], sub: [makeEntry, orientationEntry(8)] }));
    const head = 100;
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(head - 1), fc.nat(255)), { minLength: 1, maxLength: 8 }), fc.nat(b.length), (edits, cut) => {
        const mutated = Buffer.from(b.subarray(0, cut));
        for (const [at, v] of edits) if (at < mutated.length) mutated[at] = v;
        expect(ORIENTATIONS).toContain(readOrientation(mutated));
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (tail) => {
        expect(ORIENTATIONS).toContain(readOrientation(Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe1]), tail])));
      }),
    );
  });
});

describe('readOrientation of a PNG, by what Chromium applies', () => {
  const stored = encodePng(storedPicture(6));
  const withChunks = (before: Buffer[], after: Buffer[] = []) => withPngChunks(stored, before, after);
  const exifAfter = (...before: Buffer[]) => withChunks([...before, exifChunk()]);

  it('reads every value in both byte orders from an eXIf chunk before the image data', () => {
    for (const order of ['II', 'MM'] as const) {
      for (const o of ORIENTATIONS) {
        expect(readOrientation(withChunks([exifChunk({ order, entries: [orientationEntry(o)] })])), `${order} ${o}`).toBe(o);
        expect(readOrientation(orientedPng(o, order)), `${order} ${o} after Make`).toBe(o);
      }
    }
    expect(readOrientation(exifAfter(pngChunk('tEXt', Buffer.from('Comment\0x', 'latin1'))))).toBe(6);
  });

  it('is 1 for an eXIf chunk after the image data, which Chromium reads too late', () => {
    expect(readOrientation(withChunks([], [exifChunk()]))).toBe(1);
    expect(readOrientation(withChunks([exifChunk({ entries: [makeEntry] })], [exifChunk()]))).toBe(1);
  });

  it('is 1 for a chunk that holds "Exif\\0\\0" before the TIFF: the standard puts the TIFF first', () => {
    const prefixed = (options: TiffOptions = {}) => pngChunk('eXIf', Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff(options)]));
    expect(readOrientation(withChunks([prefixed()]))).toBe(1);
    expect(readOrientation(withChunks([prefixed({ order: 'II' })]))).toBe(1);
    expect(readOrientation(exifAfter(prefixed()))).toBe(1);
  });

  it('reads only the first eXIf chunk, whatever it holds', () => {
    expect(readOrientation(withChunks([exifChunk({ entries: [orientationEntry(3)] }), exifChunk()]))).toBe(3);
    for (const data of ['', 'MM\0', 'MI\0\x2a\0\0\0\x08\0\0', 'XXXXXXXXXXXX']) {
      expect(readOrientation(exifAfter(pngChunk('eXIf', Buffer.from(data, 'latin1')))), JSON.stringify(data)).toBe(1);
    }
    expect(readOrientation(exifAfter(exifChunk({ entries: [makeEntry] })))).toBe(1);
  });

  it('skips an eXIf chunk whose CRC is wrong, as Chromium drops it', () => {
    expect(readOrientation(withChunks([pngChunk('eXIf', tiff(), true)]))).toBe(1);
    expect(readOrientation(exifAfter(pngChunk('eXIf', tiff({ entries: [orientationEntry(3)] }), true)))).toBe(6);
    expect(readOrientation(exifAfter(pngChunk('eXIf', Buffer.alloc(0), true)))).toBe(6);
    // Only the eXIf chunk's own CRC matters.
    expect(readOrientation(exifAfter(pngChunk('tEXt', Buffer.from('Comment\0x', 'latin1'), true)))).toBe(6);
  });

  it('takes only the chunk named eXIf', () => {
    for (const type of ['exIf', 'eXIF', 'zXIf']) expect(readOrientation(withChunks([pngChunk(type, tiff())])), type).toBe(1);
  });

  it('applies the TIFF rules of a JPEG, bounded to the chunk', () => {
    const inChunk = (options: TiffOptions) => readOrientation(withChunks([exifChunk(options)]));
    expect(inChunk({ entries: [makeEntry], sub: [orientationEntry(8)] })).toBe(8);
    expect(inChunk({ entries: [orientationEntry(0), orientationEntry(5)] })).toBe(5);
    expect(inChunk({ entries: [orientationEntry(6, 4)] })).toBe(1);
    expect(inChunk({ entries: [orientationEntry(9)] })).toBe(1);
    expect(inChunk({ ifdOffset: 0xfff0 })).toBe(1);
    expect(inChunk({ entries: [makeEntry, orientationEntry(7)], declared: 0xffff })).toBe(7);
    // IFD0 announces three entries, the chunk holds one; the third would be in the next chunk's data.
    const oneEntry = tiff({ entries: [makeEntry], declared: 3 }).subarray(0, 22);
    const orientation = tiff().subarray(10, 22);
    expect(readOrientation(withChunks([pngChunk('eXIf', oneEntry), pngChunk('prVt', orientation)]))).toBe(1);
    expect(readOrientation(withChunks([pngChunk('eXIf', Buffer.concat([oneEntry, Buffer.alloc(12), orientation]))]))).toBe(6);
  });

  it('is 1 when the file ends inside the eXIf chunk, wherever it is cut', () => {
    const b = orientedPng(6);
    const exifEnd = 33 + exifChunk({ entries: [makeEntry, orientationEntry(6)] }).length;
    for (let n = 0; n < exifEnd; n++) expect(readOrientation(b.subarray(0, n)), `first ${n} bytes`).toBe(1);
    expect(readOrientation(b.subarray(0, exifEnd))).toBe(6);
  });

  it('never throws and stays within 1–8 whatever the chunk holds or the bytes are', () => {
    const b = withChunks([exifChunk({ order: 'II', entries: [makeEntry, orientationEntry(6)], sub: [makeEntry, orientationEntry(8)] })]);
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(120), fc.nat(255)), { minLength: 1, maxLength: 8 }), fc.nat(b.length), (edits, cut) => {
        const mutated = Buffer.from(b.subarray(0, cut));
        for (const [at, v] of edits) if (at < mutated.length) mutated[at] = v;
        expect(ORIENTATIONS).toContain(readOrientation(mutated));
      }),
      { numRuns: 2000 },
    );
    // With a right CRC, so the TIFF reading itself meets the garbage.
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.boolean(), (data, head) => {
        const d = Buffer.from(data);
        if (head && d.length >= 4) d.write('MM\0\x2a', 0, 'latin1');
        expect(ORIENTATIONS).toContain(readOrientation(withChunks([pngChunk('eXIf', d)])));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('displayedSize', () => {
  it('swaps width and height for the quarter turns 5–8 only', () => {
    for (const o of ORIENTATIONS) {
      expect(displayedSize({ width: 4000, height: 3000 }, o)).toEqual(o >= 5 ? { width: 3000, height: 4000 } : { width: 4000, height: 3000 });
    }
  });
});

describe('withExifHidden', () => {
  it('is why we decode a copy: node-canvas turns the pictures itself, by its own reading of the tag', async () => {
    const turned = await loadImage(orientedJpeg(6));
    expect([turned.width, turned.height]).toEqual([SCENE.width, SCENE.height]);
    // Chromium finds EXIF behind an ICC segment; node-canvas stops looking there.
    const behindIcc = withSegments(encodeJpeg(storedPicture(6)), icc, exifSegment());
    const notTurned = await loadImage(behindIcc);
    expect([notTurned.width, notTurned.height]).toEqual([SCENE.height, SCENE.width]);
    expect(readOrientation(behindIcc)).toBe(6);
  });

  it('lets node-canvas decode the stored pixels, changing only the APP1 marker bytes', async () => {
    for (const o of ORIENTATIONS) {
      const b = withSegments(orientedJpeg(o), xmp);
      const hidden = withExifHidden(b);
      expect(hidden.length).toBe(b.length);
      expect([...hidden.keys()].filter((i) => hidden[i] !== b[i])).toHaveLength(2);
      expect(readOrientation(hidden)).toBe(1);
      expect(readOrientation(b)).toBe(o);
      const stored = storedPicture(o);
      const decoded = await loadImage(hidden);
      expect([decoded.width, decoded.height]).toEqual([stored.width, stored.height]);
      expect(cornersOf(decoded)).toEqual(cornersOf(stored));
    }
  });

  it('returns a PNG or a JPEG without APP1 as it is', () => {
    const png = orientedPng(6);
    expect(withExifHidden(png)).toBe(png);
    expect(withExifHidden(plain)).toBe(plain);
  });

  it('is not needed for a PNG: node-canvas never applies its eXIf chunk', async () => {
    for (const o of ORIENTATIONS) {
      const stored = storedPicture(o);
      const decoded = await loadImage(orientedPng(o));
      expect([decoded.width, decoded.height], `orientation ${o}`).toEqual([stored.width, stored.height]);
      expect(cornersOf(decoded), `orientation ${o}`).toEqual(cornersOf(stored));
    }
  });
});
