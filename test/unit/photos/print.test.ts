/** Panel photos as the print reads them: upright by their EXIF orientation, for the PDF and the PNG strips. */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Canvas, Image } from 'canvas';
import { afterAll, describe, expect, it } from 'vitest';
import type { Layout } from '../../../display/render/index.js';
import type { PageArt, PanelPhotoFile } from '../../../server/print/artwork.js';
import { loadPhotos, readPhoto, StripPhotos } from '../../../server/print/photos.js';
import { ORIENTATIONS, SCENE, UPRIGHT, cornersOf, encodeJpeg, exifSegment, orientedJpeg, storedPicture, withSegments } from '../../support/exif-images.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'pano-photo-print-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The bytes as an uploaded photo file; width and height as the upload records them. */
function stored(bytes: Buffer, width: number = SCENE.width, height: number = SCENE.height): PanelPhotoFile {
  const id = createHash('sha256').update(bytes).digest('hex');
  const file = path.join(dir, `${id}.jpg`);
  writeFileSync(file, bytes);
  return { id, caption: '', width, height, file };
}

describe('readPhoto (the PDF page)', () => {
  it('gives every orientation upright at the size as shown', async () => {
    for (const o of ORIENTATIONS) {
      const picture = await readPhoto(stored(orientedJpeg(o)));
      expect([picture.width, picture.height], `orientation ${o}`).toEqual([SCENE.width, SCENE.height]);
      expect(cornersOf(picture), `orientation ${o}`).toEqual(UPRIGHT);
    }
  });

  it('keeps an upright photo as the decoded Image, and draws a turned one onto a canvas', async () => {
    expect(await readPhoto(stored(orientedJpeg(1)))).toBeInstanceOf(Image);
    expect(await readPhoto(stored(orientedJpeg(6)))).toBeInstanceOf(Canvas);
  });

  it('prints a photo whose EXIF is garbage as stored, like the preview', async () => {
    const picture = storedPicture(6);
    const photo = stored(withSegments(encodeJpeg(picture), exifSegment({ ifdOffset: 0xfff0 })), SCENE.height, SCENE.width);
    const printed = await readPhoto(photo);
    expect([printed.width, printed.height]).toEqual([SCENE.height, SCENE.width]);
    expect(cornersOf(printed)).toEqual(cornersOf(picture));
  });

  it('serves upright pictures to the PDF page by id', async () => {
    const photos = [stored(orientedJpeg(8)), stored(orientedJpeg(3, 'II'))];
    const lookup = await loadPhotos(photos);
    for (const p of photos) expect(cornersOf(lookup(p.id) as Canvas)).toEqual(UPRIGHT);
  });
});

describe('StripPhotos (the PNG strips)', () => {
  it('turns and scales each photo to its rectangle in one draw', async () => {
    const photos = ORIENTATIONS.map((o) => stored(orientedJpeg(o)));
    // Half size, side by side in one row.
    const ops = photos.map((p, i) => ({ kind: 'image' as const, imageId: p.id, x: 10 + i * 90, y: 20, w: SCENE.width / 2, h: SCENE.height / 2 }));
    const art = { page: { art: { x: 5, y: 5, w: 800, h: 100 } }, layout: { ops } as unknown as Layout } as Pick<PageArt, 'page' | 'layout'>;
    const strips = new StripPhotos(art, photos);
    await strips.prepare(0, 100);
    ORIENTATIONS.forEach((o, i) => {
      const picture = strips.lookup(photos[i]!.id) as Canvas;
      expect([picture.width, picture.height], `orientation ${o}`).toEqual([SCENE.width / 2, SCENE.height / 2]);
      expect(cornersOf(picture), `orientation ${o}`).toEqual(UPRIGHT);
    });
  });
});
