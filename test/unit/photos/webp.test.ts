import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeStored, validatePhoto } from '../../../server/photos/validate.js';
import { webpLayout } from '../../../server/photos/webp.js';
import { encodePng, storedPicture } from '../../support/exif-images.js';
import { mediaFixture } from '../../support/media-uploads.js';

const scene = () => encodePng(storedPicture(1));

describe('webpLayout', () => {
  it('reads the size of lossy, lossless and extended (VP8X) WebPs, complete', async () => {
    for (const bytes of [
      await sharp(scene()).webp().toBuffer(),
      await sharp(scene()).webp({ lossless: true }).toBuffer(),
      await sharp(scene()).removeAlpha().ensureAlpha(0.5).webp().toBuffer(),
    ]) {
      expect(webpLayout(bytes)).toEqual({ size: { width: 160, height: 96 }, complete: true, animated: false, orientation: 1 });
    }
  });

  it('sees animation, a cut, bytes after the end, an EXIF orientation', async () => {
    expect(webpLayout(mediaFixture('animated.webp')).animated).toBe(true);
    const still = await sharp(scene()).webp().toBuffer();
    expect(webpLayout(still.subarray(0, still.length - 2)).complete).toBe(false);
    expect(webpLayout(Buffer.concat([still, Buffer.from('PK\x03\x04')])).complete).toBe(false);
    expect(webpLayout(await sharp(scene()).withMetadata({ orientation: 8 }).webp().toBuffer()).orientation).toBe(8);
  });
});

describe('WebP decoding for print and the upload check', () => {
  it('decodes a WebP through sharp for node-canvas, which reads none itself', async () => {
    const bytes = await sharp(scene()).webp({ lossless: true }).toBuffer();
    const image = await decodeStored(bytes);
    expect({ width: image.width, height: image.height }).toEqual({ width: 160, height: 96 });
    expect(await validatePhoto(bytes)).toEqual({ ok: true, header: { mime: 'image/webp', width: 160, height: 96, orientation: 1 } });
  });
});
