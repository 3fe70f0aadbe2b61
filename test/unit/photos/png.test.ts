import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crcMatches, pngChunks } from '../../../server/photos/png.js';
import { encodeJpeg, encodePng, exifChunk, pngChunk, storedPicture, withPngChunks } from '../../support/exif-images.js';

const png = withPngChunks(encodePng(storedPicture(6)), [exifChunk()], [pngChunk('tEXt', Buffer.from('Comment\0sau IDAT', 'latin1'))]);
const types = (b: Uint8Array) => [...pngChunks(b)].map((c) => c.type);

describe('pngChunks', () => {
  it('walks every chunk by its length, each with its data and a CRC that matches', () => {
    const chunks = [...pngChunks(png)];
    expect(types(png)).toEqual(['IHDR', 'eXIf', 'bKGD', 'IDAT', 'tEXt', 'IEND']);
    expect(chunks[0]).toEqual({ type: 'IHDR', start: 16, end: 29 });
    const exif = chunks[1]!;
    expect(Buffer.from(png.subarray(exif.start, exif.end))).toEqual(exifChunk().subarray(8, -4));
    for (const c of chunks) expect(crcMatches(png, c), c.type).toBe(true);
  });

  it('stops at IEND, whatever follows it', () => {
    expect(types(Buffer.concat([png, pngChunk('eXIf', Buffer.alloc(0))]))).toEqual(types(png));
  });

  it('walks nothing without the PNG signature', () => {
    for (const b of [encodeJpeg(storedPicture(1)), Buffer.alloc(0), png.subarray(0, 8), Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\x00', 'latin1'), png.subarray(8)])]) {
      expect(types(b)).toEqual([]);
    }
  });

  it('leaves out a chunk that runs past the bytes, wherever the file is cut', () => {
    const all = [...pngChunks(png)];
    for (let n = 0; n <= png.length; n++) {
      const whole = all.filter((c) => c.end + 4 <= n).map((c) => c.type);
      expect(types(png.subarray(0, n)), `first ${n} bytes`).toEqual(whole);
    }
  });

  it('stops at a length far past the bytes', () => {
    for (const length of [0xffffffff, 0x80000000, png.length]) {
      const b = Buffer.from(png);
      b.writeUInt32BE(length, 33);
      expect(types(b), `length ${length}`).toEqual(['IHDR']);
    }
  });

  it('tells a wrong CRC, in the type, the data or the CRC itself', () => {
    const exifAt = 33;
    for (const at of [exifAt + 4, exifAt + 8, exifAt + 20, exifAt + exifChunk().length - 1]) {
      const b = Buffer.from(png);
      b[at]! ^= 0x10;
      const c = [...pngChunks(b)].find((chunk) => chunk.start === exifAt + 8)!;
      expect(crcMatches(b, c), `byte ${at}`).toBe(false);
    }
    const flipped = withPngChunks(encodePng(storedPicture(1)), [pngChunk('eXIf', Buffer.alloc(3), true)]);
    expect([...pngChunks(flipped)].map((c) => crcMatches(flipped, c))).toEqual([true, false, true, true, true]);
  });

  it('never throws and keeps every chunk and its CRC inside the bytes', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(png.length - 1), fc.nat(255)), { maxLength: 8 }), fc.nat(png.length), (edits, cut) => {
        const mutated = Buffer.from(png.subarray(0, cut));
        for (const [at, v] of edits) if (at < mutated.length) mutated[at] = v;
        for (const c of pngChunks(mutated)) {
          expect(c.start).toBeLessThanOrEqual(c.end);
          expect(c.end + 4).toBeLessThanOrEqual(mutated.length);
          expect(typeof crcMatches(mutated, c)).toBe('boolean');
        }
      }),
      { numRuns: 2000 },
    );
  });
});
