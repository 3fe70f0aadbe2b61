/**
 * Issue 14 point 2: a phone's 50-megapixel JPEG (8160 × 6120, EXIF orientation 6) made into the
 * renditions a 4K screen (3840 bucket) and a 1080p screen (1920 bucket) get, through the server's
 * rendition route: time for each when first made and when served from its file, and the server's
 * peak RSS while making them (the peak counter is reset after the upload, whose decode check has
 * its own figure in the uploads bench).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { exifSegment, makeEntry, orientationEntry, withSegments } from '../support/exif-images.js';
import { uploadPhoto } from '../support/print-jobs.js';
import { loginAdmin, userWithRoles, type ApiClient } from '../support/session.js';
import { startChildServer } from './server-child.js';
import type { BenchRow } from './table.js';

const WIDTH = 8160;
const HEIGHT = 6120;

/** Smooth blobs of colour (noise scaled up), which JPEG compresses like a photograph, stored sideways as phones do. */
async function phoneJpeg(): Promise<Buffer> {
  const noise = await sharp({ create: { width: WIDTH / 8, height: HEIGHT / 8, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 60 } } })
    .png()
    .toBuffer();
  const jpeg = await sharp(noise).resize(WIDTH, HEIGHT, { kernel: 'cubic' }).jpeg({ quality: 88 }).toBuffer();
  return withSegments(jpeg, exifSegment({ order: 'II', entries: [makeEntry, orientationEntry(6)] }));
}

async function timed(client: ApiClient, url: string): Promise<{ ms: number; bytes: number }> {
  const t = performance.now();
  const res = await client.get(url);
  const body = await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`rendition: ${res.status}`);
  return { ms: performance.now() - t, bytes: body.byteLength };
}

export default async function bench(): Promise<BenchRow[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pano-bench-renditions-'));
  const server = await startChildServer(dir);
  try {
    const admin = await loginAdmin(server.url);
    const operator = await userWithRoles(admin, 'van-hanh', ['operator']);
    const original = await phoneJpeg();
    const photo = await uploadPhoto(operator, original);
    const idle = server.rssMb().now;
    // Resets VmHWM to the current RSS (Linux clear_refs), so the peak is the renditions' own.
    writeFileSync(`/proc/${server.child.pid}/clear_refs`, '5');
    const url = (w: number, h: number) => `/api/photos/${photo.id}/rendition?width=${w}&height=${h}`;
    const k4 = await timed(operator, url(3840, 2160));
    const peak4k = server.rssMb().peak;
    const hd = await timed(operator, url(1920, 1080));
    const peak = server.rssMb().peak;
    const k4Cached = await timed(operator, url(3840, 2160));
    const hdCached = await timed(operator, url(1920, 1080));
    const note = `${WIDTH}×${HEIGHT} JPEG, ${(original.length / 1e6).toFixed(1)} MB, orientation 6`;
    return [
      { bench: 'renditions', case: '4K screen (3840), first made', value: k4.ms, unit: 'ms', note: `${(k4.bytes / 1e6).toFixed(2)} MB WebP; ${note}` },
      { bench: 'renditions', case: '1080p screen (1920), first made', value: hd.ms, unit: 'ms', note: `${(hd.bytes / 1e6).toFixed(2)} MB WebP` },
      { bench: 'renditions', case: '4K screen (3840), from its file', value: k4Cached.ms, unit: 'ms' },
      { bench: 'renditions', case: '1080p screen (1920), from its file', value: hdCached.ms, unit: 'ms' },
      { bench: 'renditions', case: 'server RSS before', value: idle, unit: 'MB' },
      { bench: 'renditions', case: 'server peak RSS, 3840 made', value: peak4k, unit: 'MB' },
      { bench: 'renditions', case: 'server peak RSS, both made', value: peak, unit: 'MB' },
    ];
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
