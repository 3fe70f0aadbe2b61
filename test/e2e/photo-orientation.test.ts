/**
 * Print equals preview: for phone-style JPEGs with every EXIF orientation, PNGs with an eXIf chunk,
 * EXIF that is unusual or broken, and JPEGs holding a second picture, Chromium's createImageBitmap
 * (what control/data/photos.ts draws) and the print's readPhoto give the same size and the same
 * picture, and the upload records that size. An animated PNG, where they differ, is refused.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCanvas } from 'canvas';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sniffImageType, validatePhoto } from '../../server/photos/validate.js';
import { readPhoto } from '../../server/print/photos.js';
import { launchChromium } from '../support/browser.js';
import {
  ORIENTATIONS,
  SCENE,
  UPRIGHT,
  animatedPng,
  cornersIn,
  encodeJpeg,
  encodePng,
  exifChunk,
  exifSegment,
  makeEntry,
  multiPictureJpeg,
  orientationEntry,
  orientedJpeg,
  orientedPng,
  pngChunk,
  segment,
  storedPicture,
  tiff,
  withPngChunks,
  withSegments,
  xmpSegment,
} from '../support/exif-images.js';

const icc = segment(0xe2, Buffer.concat([Buffer.from('ICC_PROFILE\0\x01\x01', 'latin1'), Buffer.alloc(64, 7)]));
/** The scene stored turned, for orientation 6, and the EXIF segments in front of it. */
const turned = (...segments: Buffer[]) => withSegments(encodeJpeg(storedPicture(6)), ...segments);
/** The same as a PNG, with chunks before its image data and after it. */
const turnedPng = (before: Buffer[], after: Buffer[] = []) => withPngChunks(encodePng(storedPicture(6)), before, after);
const prefixedChunk = pngChunk('eXIf', Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff()]));
const badCrcChunk = (options = {}) => pngChunk('eXIf', tiff(options), true);
/** IFD0 announces three entries but holds one; the third would be in the (private) chunk after it. */
const entriesPastTheChunk = [pngChunk('eXIf', tiff({ entries: [makeEntry], declared: 3 }).subarray(0, 22)), pngChunk('prVt', tiff().subarray(10, 22))];
/** "Exif", NUL, then a pad byte that is not the usual 0. */
const padded = (pad: number) => segment(0xe1, Buffer.concat([Buffer.from([0x45, 0x78, 0x69, 0x66, 0, pad]), tiff()]));
/**
 * An Ultra HDR JPEG whose base picture is marked HDR, with a white gain map: shown at SDR, the gain
 * map darkens the whole picture, which must not happen in the preview since the print ignores it.
 */
const gainMapped = (() => {
  const gainMap = createCanvas(SCENE.width / 2, SCENE.height / 2);
  const g = gainMap.getContext('2d');
  g.fillStyle = '#fff';
  g.fillRect(0, 0, gainMap.width, gainMap.height);
  const params = 'hdrgm:GainMapMin="-3" hdrgm:GainMapMax="3" hdrgm:HDRCapacityMin="0" hdrgm:HDRCapacityMax="3" hdrgm:BaseRenditionIsHDR="True"';
  const version = 'hdrgm:Version="1.0"';
  return multiPictureJpeg(encodeJpeg(storedPicture(1)), withSegments(encodeJpeg(gainMap), xmpSegment(`${version} ${params}`)), [xmpSegment(version)]);
})();

const CASES: { name: string; bytes: Buffer }[] = [
  ...ORIENTATIONS.map((o) => ({ name: `orientation ${o}, big-endian`, bytes: orientedJpeg(o) })),
  ...ORIENTATIONS.map((o) => ({ name: `orientation ${o}, little-endian`, bytes: orientedJpeg(o, 'II') })),
  { name: 'EXIF behind an ICC segment', bytes: turned(icc, exifSegment()) },
  { name: 'a first EXIF segment without the tag', bytes: turned(exifSegment({ entries: [makeEntry] }), exifSegment()) },
  { name: 'the tag as a LONG', bytes: turned(exifSegment({ entries: [orientationEntry(6, 4)] })) },
  { name: 'the tag with count 2', bytes: turned(exifSegment({ entries: [orientationEntry(6, 3, 2)] })) },
  { name: 'value 9', bytes: turned(exifSegment({ entries: [orientationEntry(9)] })) },
  { name: 'value 0, then 6', bytes: turned(exifSegment({ entries: [orientationEntry(0), orientationEntry(6)] })) },
  { name: 'only in the EXIF sub-IFD', bytes: turned(exifSegment({ entries: [makeEntry], sub: [orientationEntry(6)] })) },
  { name: 'IFD0 past the segment', bytes: turned(exifSegment({ ifdOffset: 0xfff0 })) },
  { name: 'more entries declared than there are', bytes: turned(exifSegment({ entries: [makeEntry, orientationEntry(6)], declared: 40 })) },
  { name: 'a pad byte of 1 after "Exif\\0"', bytes: turned(padded(1)) },
  { name: 'a pad byte of 0xFF after "Exif\\0"', bytes: turned(padded(0xff)) },
  { name: 'two pictures (MPF), the second another scene', bytes: multiPictureJpeg(orientedJpeg(6), encodeJpeg(storedPicture(3))) },
  ...ORIENTATIONS.map((o) => ({ name: `PNG, orientation ${o}, big-endian`, bytes: orientedPng(o) })),
  ...ORIENTATIONS.map((o) => ({ name: `PNG, orientation ${o}, little-endian`, bytes: orientedPng(o, 'II') })),
  { name: 'PNG, eXIf after the image data', bytes: turnedPng([], [exifChunk()]) },
  { name: 'PNG, eXIf holding "Exif\\0\\0" before the TIFF', bytes: turnedPng([prefixedChunk]) },
  { name: 'PNG, a prefixed eXIf, then a plain one', bytes: turnedPng([prefixedChunk, exifChunk()]) },
  { name: 'PNG, a first eXIf without the tag', bytes: turnedPng([exifChunk({ entries: [makeEntry] }), exifChunk()]) },
  { name: 'PNG, a first eXIf that is empty', bytes: turnedPng([pngChunk('eXIf', Buffer.alloc(0)), exifChunk()]) },
  { name: 'PNG, two eXIf, 6 then 3', bytes: turnedPng([exifChunk(), exifChunk({ entries: [orientationEntry(3)] })]) },
  { name: 'PNG, eXIf before and after the image data', bytes: turnedPng([exifChunk()], [exifChunk({ entries: [orientationEntry(3)] })]) },
  { name: 'PNG, eXIf with a bad CRC', bytes: turnedPng([badCrcChunk()]) },
  { name: 'PNG, eXIf with a bad CRC, then a good one', bytes: turnedPng([badCrcChunk({ entries: [orientationEntry(3)] }), exifChunk()]) },
  { name: 'PNG, only in the EXIF sub-IFD', bytes: turnedPng([exifChunk({ entries: [makeEntry], sub: [orientationEntry(6)] })]) },
  { name: 'PNG, the tag as a LONG', bytes: turnedPng([exifChunk({ entries: [orientationEntry(6, 4)] })]) },
  { name: 'PNG, IFD0 past the chunk', bytes: turnedPng([exifChunk({ ifdOffset: 0xfff0 })]) },
  { name: 'PNG, IFD0 entries past the chunk', bytes: turnedPng(entriesPastTheChunk) },
  { name: 'PNG, eXIf spelt exIf', bytes: turnedPng([pngChunk('exIf', tiff())]) },
];

interface Decoded {
  width: number;
  height: number;
  rgba: number[];
}

let browser: Browser;
let page: Page;
const dir = mkdtempSync(path.join(os.tmpdir(), 'pano-orientation-'));

beforeAll(async () => {
  browser = await launchChromium();
  page = await browser.newPage();
});
afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Decoded in Chromium exactly as the control panel's loadPhotoBitmap does. */
function inChromium(bytes: Buffer): Promise<Decoded> {
  return page.evaluate(async ([b64, type]) => {
    const data = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const bitmap = await createImageBitmap(new Blob([data], { type }), { imageOrientation: 'from-image' });
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const g = canvas.getContext('2d')!;
    g.drawImage(bitmap, 0, 0);
    return { width: bitmap.width, height: bitmap.height, rgba: [...g.getImageData(0, 0, bitmap.width, bitmap.height).data] };
  }, [bytes.toString('base64'), sniffImageType(bytes)!] as const);
}

/** Drawn from an <img>, as the operator's photo library shows it (never the approver). */
function inImg(bytes: Buffer): Promise<Decoded> {
  return page.evaluate(async ([b64, type]) => {
    const img = new Image();
    img.src = URL.createObjectURL(new Blob([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], { type }));
    await img.decode();
    const canvas = new OffscreenCanvas(img.naturalWidth, img.naturalHeight);
    const g = canvas.getContext('2d')!;
    g.drawImage(img, 0, 0);
    return { width: canvas.width, height: canvas.height, rgba: [...g.getImageData(0, 0, canvas.width, canvas.height).data] };
  }, [bytes.toString('base64'), sniffImageType(bytes)!] as const);
}

async function inPrint(bytes: Buffer): Promise<Decoded> {
  const id = createHash('sha256').update(bytes).digest('hex');
  const file = path.join(dir, id);
  writeFileSync(file, bytes);
  const picture = await readPhoto({ id, caption: '', width: 0, height: 0, file });
  const canvas = createCanvas(picture.width, picture.height);
  const g = canvas.getContext('2d');
  g.drawImage(picture, 0, 0);
  return { width: picture.width, height: picture.height, rgba: [...g.getImageData(0, 0, picture.width, picture.height).data] };
}

const corners = (d: Decoded) => cornersIn(Uint8ClampedArray.from(d.rgba), d.width, 0, 0, d.width, d.height);

describe('EXIF orientation: print equals the control panel preview', () => {
  it.each(CASES)('$name', async ({ bytes }) => {
    const [preview, print] = [await inChromium(bytes), await inPrint(bytes)];
    expect([print.width, print.height]).toEqual([preview.width, preview.height]);
    expect(corners(print)).toEqual(corners(preview));
    const checked = await validatePhoto(bytes);
    expect(checked.ok && [checked.header.width, checked.header.height]).toEqual([preview.width, preview.height]);
  });

  it('shows every orientation upright, JPEG and PNG', async () => {
    for (const o of ORIENTATIONS) {
      expect(corners(await inChromium(orientedJpeg(o))), `JPEG orientation ${o}`).toEqual(UPRIGHT);
      expect(corners(await inChromium(orientedPng(o))), `PNG orientation ${o}`).toEqual(UPRIGHT);
    }
  });
});

describe('pictures Chromium shows differently from the print', () => {
  it('an animated PNG: the preview shows its first frame, the print its default image, so the upload is refused', async () => {
    // The default image is the upright scene, the only frame the scene turned 180°.
    const bytes = animatedPng(storedPicture(1), storedPicture(3));
    expect(corners(await inChromium(bytes))).toEqual(corners(await inChromium(encodePng(storedPicture(3)))));
    expect(corners(await inPrint(bytes))).toEqual(UPRIGHT);
    expect(await validatePhoto(bytes)).toMatchObject({ ok: false, refusal: { status: 400, title: 'Ảnh động không được nhận' } });
    // With the default image as the first frame they agree, but it is refused all the same.
    const agreeing = animatedPng(storedPicture(1), storedPicture(3), true);
    expect(corners(await inChromium(agreeing))).toEqual(UPRIGHT);
    expect((await validatePhoto(agreeing)).ok).toBe(false);
  });

  it('a gain map over a base marked HDR: <img> applies it, the preview does not, as the print does not', async () => {
    const print = corners(await inPrint(gainMapped));
    expect(print).toEqual(UPRIGHT);
    expect(corners(await inImg(gainMapped))).not.toEqual(print);
    expect(corners(await inChromium(gainMapped))).toEqual(print);
  });
});
