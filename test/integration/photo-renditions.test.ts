/**
 * Issue 14, point 2 "renditions": a picture scaled for a screen's size bucket, upright by the same
 * EXIF rule as print and the panel's preview, as WebP, never upscaled, made once and then served
 * from its file. Also why the rule is Pano's own and not libvips': on crafted EXIF the two differ.
 */
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Photo } from '../../server/photos/protocol.js';
import { readOrientation } from '../../server/photos/exif.js';
import { bucketFor } from '../../server/media/rendition-buckets.js';
import { uploadPhoto } from '../support/print-jobs.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { ApiClient, loginAdmin, userWithRoles } from '../support/session.js';
import { ORIENTATIONS, SCENE, UPRIGHT, cornersIn, encodeJpeg, encodePng, exifSegment, makeEntry, orientationEntry, orientedJpeg, orientedPng, storedPicture, withSegments } from '../support/exif-images.js';
import { mediaFixture } from '../support/media-uploads.js';

let server: TestServer;
let operator: ApiClient;

beforeAll(async () => {
  server = await startTestServer();
  const admin = await loginAdmin(server.url);
  operator = await userWithRoles(admin, 'van-hanh', ['operator']);
});
afterAll(() => server.cleanup());

interface Fetched {
  etag: string;
  width: number;
  height: number;
  corners: ReturnType<typeof cornersIn>;
  bytes: Buffer;
}

async function rendition(photo: Photo, screen: { width: number; height: number }): Promise<Fetched> {
  const res = await operator.get(`/api/photos/${photo.id}/rendition?width=${screen.width}&height=${screen.height}`);
  expect(res.status, await res.clone().text()).toBe(200);
  expect(res.headers.get('content-type')).toBe('image/webp');
  const bytes = Buffer.from(await res.arrayBuffer());
  const { data, info } = await sharp(bytes).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const etag = res.headers.get('etag')!;
  // The ETag is the SHA-256 of exactly these bytes, what a screen verifies and proof of play records.
  expect(etag).toBe(`"${createHash('sha256').update(bytes).digest('hex')}"`);
  return { etag, width: info.width, height: info.height, corners: cornersIn(new Uint8ClampedArray(data), info.width, 0, 0, info.width, info.height), bytes };
}

/** A picture of the scene, stored for `orientation` and scaled up `factor` times, as a camera JPEG. */
async function bigJpeg(orientation: (typeof ORIENTATIONS)[number], factor: number): Promise<Buffer> {
  const stored = storedPicture(orientation);
  const jpeg = await sharp(encodePng(stored)).resize(stored.width * factor, stored.height * factor, { kernel: 'nearest' }).jpeg({ quality: 85 }).toBuffer();
  return orientation === 1 ? jpeg : withSegments(jpeg, exifSegment({ entries: [makeEntry, orientationEntry(orientation)] }));
}

describe('renditions are upright by the EXIF rule of print and the preview', () => {
  it.each(ORIENTATIONS)('JPEG orientation %i', async (o) => {
    const photo = await uploadPhoto(operator, orientedJpeg(o));
    const r = await rendition(photo, { width: 1920, height: 1080 });
    expect({ width: r.width, height: r.height }).toEqual(SCENE);
    expect(r.corners).toEqual(UPRIGHT);
  });

  it('PNG with an eXIf orientation 6, and the phone-style fixture', async () => {
    for (const bytes of [orientedPng(6), mediaFixture('phone-orientation-6.jpg')]) {
      const photo = await uploadPhoto(operator, bytes);
      const r = await rendition(photo, { width: 1920, height: 1080 });
      expect(r.width).toBeGreaterThan(r.height);
      expect(r.corners).toEqual(UPRIGHT);
    }
  });

  it('follows Pano’s rule where libvips’ own reading of the tag would turn it otherwise', async () => {
    const six = encodeJpeg(storedPicture(6));
    const crafted = [
      // Only in the EXIF sub-IFD: Chromium turns it, libvips does not.
      withSegments(six, exifSegment({ entries: [makeEntry], sub: [orientationEntry(6)] })),
      // A first entry out of range, then a valid one: Chromium takes the valid one, libvips gives up.
      withSegments(six, exifSegment({ entries: [orientationEntry(9), orientationEntry(6)] })),
    ];
    for (const bytes of crafted) {
      expect(readOrientation(bytes)).toBe(6);
      const auto = await sharp(bytes).autoOrient().toBuffer({ resolveWithObject: true });
      expect(auto.info.width, 'libvips leaves it as stored').toBe(SCENE.height);
      const r = await rendition(await uploadPhoto(operator, bytes), { width: 1280, height: 720 });
      expect(r.corners).toEqual(UPRIGHT);
    }
    // A LONG orientation entry: Chromium ignores it (shows as stored), libvips turns the picture.
    const long = withSegments(six, exifSegment({ entries: [orientationEntry(6, 4)] }));
    expect(readOrientation(long)).toBe(1);
    const r = await rendition(await uploadPhoto(operator, long), { width: 1280, height: 720 });
    expect({ width: r.width, height: r.height }).toEqual({ width: SCENE.height, height: SCENE.width });
  });
});

describe('sizes by screen bucket, never upscaled, made once', () => {
  let phone: Photo;
  beforeAll(async () => {
    // Stored 2400 × 4000 with orientation 6: shown 4000 × 2400, as a phone held sideways.
    phone = await uploadPhoto(operator, await bigJpeg(6, 25));
  });

  it.each([
    { screen: { width: 1280, height: 720 }, size: { width: 1280, height: 768 } },
    { screen: { width: 1920, height: 1080 }, size: { width: 1920, height: 1152 } },
    { screen: { width: 1080, height: 1920 }, size: { width: 1920, height: 1152 } },
    { screen: { width: 2560, height: 1440 }, size: { width: 2560, height: 1536 } },
    { screen: { width: 3840, height: 2160 }, size: { width: 3840, height: 2304 } },
    { screen: { width: 7680, height: 4320 }, size: { width: 3840, height: 2304 } },
  ])('a $screen.width × $screen.height screen gets $size.width × $size.height', async ({ screen, size }) => {
    const r = await rendition(phone, screen);
    expect({ width: r.width, height: r.height }).toEqual(size);
    expect(r.corners).toEqual(UPRIGHT);
  });

  it('never upscales a small picture', async () => {
    const small = await uploadPhoto(operator, await bigJpeg(1, 5));
    const r = await rendition(small, { width: 3840, height: 2160 });
    expect({ width: r.width, height: r.height }).toEqual({ width: SCENE.width * 5, height: SCENE.height * 5 });
  });

  it('serves a made rendition from its file: same bytes, no new file', async () => {
    const dir = path.join(server.dataDir, 'renditions');
    const first = await rendition(phone, { width: 1920, height: 1080 });
    const files = readdirSync(dir).sort();
    expect(files).toContain(`${first.etag.slice(1, -1)}.webp`);
    // Another screen in the same bucket.
    const again = await rendition(phone, { width: 1600, height: 900 });
    expect(bucketFor({ width: 1600, height: 900 })).toBe(bucketFor({ width: 1920, height: 1080 }));
    expect(again.bytes.equals(first.bytes)).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(files);
    // Through node:http: fetch adds Cache-Control: no-cache to a request with If-None-Match.
    const status = await new Promise<number>((resolve, reject) => {
      const url = new URL(`/api/photos/${phone.id}/rendition?width=1920&height=1080`, server.url);
      http.get(url, { headers: { Cookie: operator.cookie!, 'If-None-Match': first.etag } }, (res) => (res.resume(), resolve(res.statusCode!))).once('error', reject);
    });
    expect(status).toBe(304);
  });

  it('removes the renditions’ files with their photo', async () => {
    const dir = path.join(server.dataDir, 'renditions');
    const r = await rendition(phone, { width: 3840, height: 2160 });
    expect(readdirSync(dir)).toContain(`${r.etag.slice(1, -1)}.webp`);
    expect((await operator.request('DELETE', `/api/photos/${phone.id}`)).status).toBe(200);
    expect(readdirSync(dir)).not.toContain(`${r.etag.slice(1, -1)}.webp`);
    expect((await operator.get(`/api/photos/${phone.id}/rendition?width=1920&height=1080`)).status).toBe(404);
  });

  it('refuses a screen size that is not one', async () => {
    const photo = (await operator.json<{ photos: Photo[] }>('/api/photos')).photos[0]!;
    expect((await operator.get(`/api/photos/${photo.id}/rendition?width=0&height=1080`)).status).toBe(400);
    expect((await operator.get(`/api/photos/${photo.id}/rendition`)).status).toBe(400);
  });
});
