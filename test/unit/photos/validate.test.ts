import { describe, expect, it } from 'vitest';
import { createCanvas, loadImage } from 'canvas';
import {
  PHOTO_LIMITS,
  checkPhotoHeader,
  readJpegSize,
  readPngSize,
  sniffImageType,
  validatePhoto,
  type Decoder,
} from '../../../server/photos/validate.js';
import {
  ORIENTATIONS,
  SCENE,
  UPRIGHT,
  animatedPng,
  cornersOf,
  encodeJpeg,
  encodePng,
  exifChunk,
  exifSegment,
  orientationEntry,
  orientedJpeg,
  orientedPng,
  pngChunk,
  segment,
  storedPicture,
  tiff,
  withPngChunks,
  withSegments,
} from '../../support/exif-images.js';

function picture(width: number, height: number): ReturnType<typeof createCanvas> {
  const canvas = createCanvas(width, height);
  const g = canvas.getContext('2d');
  g.fillStyle = '#DA251D';
  g.fillRect(0, 0, width, height);
  g.fillStyle = '#FFFF00';
  g.fillRect(width / 4, height / 4, width / 2, height / 2);
  return canvas;
}
const png = (w = 64, h = 48) => picture(w, h).toBuffer('image/png');
const jpeg = (w = 64, h = 48, progressive = false) => picture(w, h).toBuffer('image/jpeg', { quality: 0.8, progressive });

/** A decoder that records whether anything reached it. */
function spyDecoder(): Decoder & { calls: number } {
  const d = Object.assign(async () => {
    d.calls++;
    return { width: 0, height: 0 };
  }, { calls: 0 });
  return d;
}

/** A PNG that is only a header: signature, IHDR claiming the given size, an empty IDAT, IEND. */
function pngHeaderOnly(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    return Buffer.concat([len, Buffer.from(type, 'ascii'), data, Buffer.alloc(4)]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', Buffer.alloc(0)), chunk('IEND', Buffer.alloc(0))]);
}

const refusal = (b: Buffer) => {
  const r = checkPhotoHeader(b);
  return r.ok ? undefined : r.refusal;
};

describe('sniffImageType: by content, never by name or Content-Type', () => {
  it('knows PNG and JPEG by their magic bytes, whatever the file was called', () => {
    // A PNG saved as "anh.jpg" is still a PNG: the name never reaches the decision.
    expect(sniffImageType(png())).toBe('image/png');
    expect(sniffImageType(jpeg())).toBe('image/jpeg');
  });

  it('refuses everything else, images included', () => {
    const others = [
      Buffer.from('<!DOCTYPE html><html><body><script>alert(1)</script></body></html>'),
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'),
      Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1'),
      Buffer.from('RIFF\x00\x00\x00\x00WAVEfmt ', 'latin1'),
      Buffer.from('BM\x00\x00', 'latin1'),
      Buffer.from('%PDF-1.7'),
      Buffer.alloc(0),
    ];
    for (const b of others) expect(sniffImageType(b)).toBeUndefined();
    expect(refusal(others[0]!)).toMatchObject({ status: 400, title: 'Không phải ảnh JPEG/PNG/WebP' });
  });
});

describe('pixel size from the header, without decoding', () => {
  it('reads PNG IHDR', () => {
    expect(readPngSize(png(640, 427))).toEqual({ width: 640, height: 427 });
    expect(readPngSize(pngHeaderOnly(60000, 60000))).toEqual({ width: 60000, height: 60000 });
  });

  it('reads baseline and progressive JPEG frame headers', () => {
    const baseline = jpeg(800, 533);
    const progressive = jpeg(533, 800, true);
    expect(baseline.includes(Buffer.from([0xff, 0xc0]))).toBe(true);
    expect(progressive.includes(Buffer.from([0xff, 0xc2]))).toBe(true);
    expect(readJpegSize(baseline)).toEqual({ width: 800, height: 533 });
    expect(readJpegSize(progressive)).toEqual({ width: 533, height: 800 });
  });

  it('walks past APPn segments (EXIF) and fill bytes before the frame header', () => {
    const b = jpeg(320, 200);
    const exif = Buffer.concat([Buffer.from([0xff, 0xe1, 0x00, 0x10]), Buffer.from('Exif\0\0'), Buffer.alloc(8, 0xc0)]);
    const withExif = Buffer.concat([b.subarray(0, 2), Buffer.from([0xff, 0xff]), exif, b.subarray(2)]);
    expect(readJpegSize(withExif)).toEqual({ width: 320, height: 200 });
  });

  it('gives nothing for headers it cannot trust', () => {
    expect(readPngSize(png().subarray(0, 20))).toBeUndefined();
    expect(readPngSize(pngHeaderOnly(0, 10))).toBeUndefined();
    // IHDR must be the first chunk, and 13 bytes long; here a chunk holding the same data comes first.
    const header = pngHeaderOnly(64, 48);
    expect(readPngSize(Buffer.concat([header.subarray(0, 8), pngChunk('prVt', header.subarray(16, 29)), header.subarray(8)]))).toBeUndefined();
    const long = Buffer.from(header);
    long.writeUInt32BE(14, 8);
    expect(readPngSize(long)).toBeUndefined();
    expect(readJpegSize(Buffer.from([0xff, 0xd8, 0xff, 0xda, 0x00, 0x08]))).toBeUndefined();
    expect(readJpegSize(jpeg().subarray(0, 30))).toBeUndefined();
  });
});

describe('limits, checked before any decoding', () => {
  it('refuses a PNG header claiming 60000×60000 without decoding it', async () => {
    const decoder = spyDecoder();
    const r = await validatePhoto(pngHeaderOnly(60000, 60000), decoder);
    expect(r).toMatchObject({ ok: false, refusal: { status: 413, title: 'Ảnh quá lớn' } });
    expect(decoder.calls).toBe(0);
  });

  it('refuses a side over 12 000 px and an area over 50 megapixels', () => {
    expect(refusal(pngHeaderOnly(PHOTO_LIMITS.maxSide + 1, 10))).toMatchObject({ status: 413 });
    expect(refusal(pngHeaderOnly(10, PHOTO_LIMITS.maxSide + 1))).toMatchObject({ status: 413 });
    expect(refusal(pngHeaderOnly(8000, 7000))?.detail).toMatch(/megapixel/);
    expect(checkPhotoHeader(pngHeaderOnly(10000, 5000)).ok).toBe(true);
  });

  it('refuses more than 15 MB before looking at the content', () => {
    const big = Buffer.alloc(PHOTO_LIMITS.maxBytes + 1);
    png().copy(big);
    expect(refusal(big)).toMatchObject({ status: 413, title: 'Ảnh quá lớn' });
    expect(refusal(Buffer.alloc(0))).toMatchObject({ status: 400 });
  });
});

describe('truncated and corrupt files', () => {
  it('refuses truncated PNG and JPEG (which decoders would half-draw) before decoding', async () => {
    for (const b of [png(), jpeg(), jpeg(64, 48, true)]) {
      for (const keep of [0.9, 0.5, 0.2]) {
        const decoder = spyDecoder();
        const r = await validatePhoto(b.subarray(0, Math.floor(b.length * keep)), decoder);
        expect(r.ok).toBe(false);
        expect(r.ok ? undefined : r.refusal.status).toBe(400);
        expect(decoder.calls).toBe(0);
      }
    }
  });

  it('refuses a structurally whole file that does not decode', async () => {
    const b = png(200, 100);
    const idat = b.indexOf('IDAT');
    b.fill(0x55, idat + 4, idat + 60);
    const r = await validatePhoto(b);
    expect(r).toMatchObject({ ok: false, refusal: { status: 400, title: 'Ảnh bị hỏng hoặc không đầy đủ' } });
  });

  it('refuses when the decoder disagrees with the header', async () => {
    const r = await validatePhoto(png(64, 48), async () => ({ width: 48, height: 64 }));
    expect(r.ok).toBe(false);
  });

  it('accepts real PNG, baseline and progressive JPEG, decoded', async () => {
    expect(await validatePhoto(png(64, 48))).toEqual({ ok: true, header: { mime: 'image/png', width: 64, height: 48, orientation: 1 } });
    expect(await validatePhoto(jpeg(64, 48))).toEqual({ ok: true, header: { mime: 'image/jpeg', width: 64, height: 48, orientation: 1 } });
    expect(await validatePhoto(jpeg(48, 64, true))).toEqual({ ok: true, header: { mime: 'image/jpeg', width: 48, height: 64, orientation: 1 } });
  });
});

describe('animated PNG (APNG), refused: Chromium shows the first frame, node-canvas the default image', () => {
  const animatedRefusal = { status: 400, title: 'Ảnh động không được nhận' };

  it('refuses a real APNG before decoding it, whether or not its default image is a frame', async () => {
    const hidden = animatedPng(storedPicture(1), storedPicture(3));
    // What the print would draw: the default image, not the frame Chromium shows.
    expect(cornersOf(await loadImage(hidden))).toEqual(UPRIGHT);
    for (const b of [hidden, animatedPng(storedPicture(1), storedPicture(3), true)]) {
      const decoder = spyDecoder();
      const r = await validatePhoto(b, decoder);
      expect(r).toMatchObject({ ok: false, refusal: animatedRefusal });
      expect(r.ok ? '' : r.refusal.detail).toMatch(/APNG.*ảnh tĩnh \(PNG, JPEG hoặc WebP\)/);
      expect(decoder.calls).toBe(0);
    }
  });

  it('refuses a PNG with any one of acTL, fcTL, fdAT, before or after the image data', () => {
    for (const type of ['acTL', 'fcTL', 'fdAT']) {
      const chunk = pngChunk(type, Buffer.alloc(8));
      expect(refusal(withPngChunks(png(), [chunk])), `${type} before IDAT`).toMatchObject(animatedRefusal);
      expect(refusal(withPngChunks(png(), [], [chunk])), `${type} after IDAT`).toMatchObject(animatedRefusal);
    }
  });
});

describe('EXIF orientation: the size recorded is the size as shown', () => {
  const shown = { mime: 'image/jpeg', width: SCENE.width, height: SCENE.height };

  it('swaps width and height for a phone photo turned a quarter (6, 8, and the mirrored 5, 7)', async () => {
    for (const o of [5, 6, 7, 8] as const) {
      const stored = storedPicture(o);
      expect([stored.width, stored.height]).toEqual([SCENE.height, SCENE.width]);
      expect(await validatePhoto(orientedJpeg(o)), `orientation ${o}`).toEqual({ ok: true, header: { ...shown, orientation: o } });
    }
  });

  it('keeps width and height for 1–4, in either byte order', async () => {
    for (const o of [1, 2, 3, 4] as const) {
      expect(await validatePhoto(orientedJpeg(o, 'II')), `orientation ${o}`).toEqual({ ok: true, header: { ...shown, orientation: o } });
    }
  });

  it('still checks the decoded size, against the size as stored', async () => {
    const b = orientedJpeg(6);
    expect((await validatePhoto(b, async () => ({ width: SCENE.height, height: SCENE.width }))).ok).toBe(true);
    expect((await validatePhoto(b, async () => ({ width: SCENE.width, height: SCENE.height }))).ok).toBe(false);
  });

  it('takes garbage EXIF as upright: stored size, orientation 1', async () => {
    const stored = encodeJpeg(storedPicture(6));
    for (const exif of [exifSegment({ ifdOffset: 0xffffffff }), exifSegment({ entries: [orientationEntry(6, 4)] }), exifSegment({ entries: [orientationEntry(9)] }), segment(0xe1, Buffer.from('Exif\0\0MM'))]) {
      expect(await validatePhoto(withSegments(stored, exif))).toEqual({ ok: true, header: { mime: 'image/jpeg', width: SCENE.height, height: SCENE.width, orientation: 1 } });
    }
  });

  it('records a PNG by its eXIf chunk as Chromium shows it, decoded as stored', async () => {
    // Stored as the scene turned back, so every orientation shows the scene's size.
    for (const o of ORIENTATIONS) {
      expect(await validatePhoto(orientedPng(o, o % 2 ? 'II' : 'MM')), `orientation ${o}`).toEqual({ ok: true, header: { ...shown, mime: 'image/png', orientation: o } });
    }
  });

  it('takes a PNG as stored when Chromium would not apply its eXIf chunk', async () => {
    const stored = encodePng(storedPicture(6));
    const prefixed = pngChunk('eXIf', Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff()]));
    for (const [before, after] of [[[], [exifChunk()]], [[prefixed], []], [[pngChunk('eXIf', tiff(), true)], []]] as const) {
      expect(await validatePhoto(withPngChunks(stored, [...before], [...after]))).toEqual({ ok: true, header: { mime: 'image/png', width: SCENE.height, height: SCENE.width, orientation: 1 } });
    }
  });

  it('names the size as shown when refusing it', () => {
    const sof = Buffer.from([8, 0, 100, 0x2e, 0xe1, 3]);
    const b = Buffer.concat([Buffer.from([0xff, 0xd8]), exifSegment(), segment(0xc0, sof)]);
    expect(refusal(b)).toMatchObject({ status: 413, detail: `Ảnh 100 × 12001 điểm ảnh; mỗi chiều tối đa ${PHOTO_LIMITS.maxSide} điểm ảnh.` });
  });
});
