/**
 * Issue 14, point 1 "Limits" and point 6, for pictures: WebP is taken besides JPEG and PNG, by
 * the same checks by content. Still WebPs (lossy, lossless, with alpha) are stored at their size;
 * an animated WebP, a truncated one, one with another file after it (a polyglot, for PNG too), one
 * declaring a huge canvas, one carrying an EXIF orientation are refused, before any decode where
 * the header decides, and nothing is stored.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import sharp, { type Sharp } from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Photo, PhotoList } from '../../server/photos/protocol.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { ApiClient, loginAdmin, userWithRoles } from '../support/session.js';
import { SCENE, UPRIGHT, cornersIn, encodePng, storedPicture } from '../support/exif-images.js';
import { mediaFixture, uploadRaw } from '../support/media-uploads.js';

let server: TestServer;
let operator: ApiClient;

beforeAll(async () => {
  server = await startTestServer();
  const admin = await loginAdmin(server.url);
  operator = await userWithRoles(admin, 'van-hanh', ['operator']);
});
afterAll(() => server.cleanup());

const scenePng = () => encodePng(storedPicture(1));
const storedFiles = () => readdirSync(path.join(server.dataDir, 'photos')).sort();
const listed = async () => (await operator.json<PhotoList>('/api/photos')).photos;

async function refused(bytes: Buffer, status: number, title: RegExp, detail?: RegExp): Promise<void> {
  const before = { rows: await listed(), files: storedFiles() };
  const res = await uploadRaw(operator, '/api/photos', bytes);
  expect(res.status, await res.clone().text()).toBe(status);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  const problem = (await res.json()) as { title: string; detail: string };
  expect(problem.title).toMatch(title);
  if (detail) expect(problem.detail).toMatch(detail);
  expect(await listed()).toEqual(before.rows);
  expect(storedFiles()).toEqual(before.files);
}

/** A WebP chunk: FourCC, little-endian length, data, a pad byte to an even length. */
function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.write(type, 0, 'latin1');
  head.writeUInt32LE(data.length, 4);
  return Buffer.concat([head, data, Buffer.alloc(data.length % 2)]);
}
const riff = (...chunks: Buffer[]) => {
  const body = Buffer.concat([Buffer.from('WEBP', 'latin1'), ...chunks]);
  const head = Buffer.from('RIFF\0\0\0\0', 'latin1');
  head.writeUInt32LE(body.length, 4);
  return Buffer.concat([head, body]);
};

describe('still WebP pictures are taken', () => {
  it.each([
    { name: 'lossy', encode: (s: Sharp) => s.webp({ quality: 90 }) },
    { name: 'lossless', encode: (s: Sharp) => s.webp({ lossless: true }) },
    { name: 'with alpha (VP8X)', encode: (s: Sharp) => s.removeAlpha().ensureAlpha(0.5).webp({ quality: 90 }) },
  ])('$name', async ({ name, encode }) => {
    const bytes = await encode(sharp(scenePng())).toBuffer();
    expect(bytes.toString('latin1', 12, 16)).toBe({ lossy: 'VP8 ', lossless: 'VP8L' }[name] ?? 'VP8X');
    const res = await uploadRaw(operator, '/api/photos', bytes);
    expect(res.status, await res.clone().text()).toBe(201);
    const photo = (await res.json()) as Photo;
    expect(photo).toMatchObject({ mime: 'image/webp', ...SCENE, bytes: bytes.length });
    expect(storedFiles()).toContain(`${photo.id}.webp`);
    const served = await operator.get(photo.url);
    expect(served.headers.get('content-type')).toBe('image/webp');
    expect(Buffer.from(await served.arrayBuffer()).equals(bytes)).toBe(true);
    // And a screen's rendition of it shows the scene as it is.
    const rendition = Buffer.from(await (await operator.get(`/api/photos/${photo.id}/rendition?width=1920&height=1080`)).arrayBuffer());
    const { data, info } = await sharp(rendition).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    expect(cornersIn(new Uint8ClampedArray(data), info.width, 0, 0, info.width, info.height)).toEqual(UPRIGHT);
  });
});

describe('crafted pictures are refused, and nothing is stored', () => {
  it('an animated WebP', async () => {
    await refused(mediaFixture('animated.webp'), 400, /Ảnh động không được nhận/, /WebP động/);
  });

  it('a truncated WebP, wherever it is cut', async () => {
    const webp = await sharp(scenePng()).webp({ quality: 90 }).toBuffer();
    for (const cut of [20, Math.floor(webp.length / 2), webp.length - 1]) {
      await refused(webp.subarray(0, cut), 400, /hỏng hoặc không đầy đủ/);
    }
  });

  it('a polyglot: a WebP or PNG with another file after it', async () => {
    const zip = Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(40)]);
    const html = Buffer.from('<html><script>alert(document.cookie)</script></html>');
    const webp = await sharp(scenePng()).webp({ quality: 90 }).toBuffer();
    await refused(Buffer.concat([webp, zip]), 400, /hỏng hoặc không đầy đủ/, /nối sau ảnh/);
    await refused(Buffer.concat([scenePng(), html]), 400, /hỏng hoặc không đầy đủ/, /nối sau ảnh/);
    // The RIFF length stretched over the appended file: its bytes are no chunk.
    const stretched = Buffer.concat([webp, html]);
    stretched.writeUInt32LE(stretched.length - 8, 4);
    await refused(stretched, 400, /hỏng hoặc không đầy đủ/);
  });

  it('a huge declared size, refused from the header before decoding', async () => {
    // VP8X canvas 20 000 × 20 000 over a tiny bitstream.
    const vp8x = Buffer.alloc(10);
    vp8x.writeUIntLE(20_000 - 1, 4, 3);
    vp8x.writeUIntLE(20_000 - 1, 7, 3);
    const small = await sharp(scenePng()).webp({ quality: 50 }).toBuffer();
    const bitstream = small.subarray(12);
    await refused(riff(chunk('VP8X', vp8x), bitstream), 413, /Ảnh quá lớn/, /20000 × 20000/);
    // 9000 × 9000 in the VP8 frame header: 81 megapixels.
    const big = Buffer.from(small);
    const frame = 12 + 8;
    big.writeUInt16LE(9000, frame + 6);
    big.writeUInt16LE(9000, frame + 8);
    await refused(big, 413, /Ảnh quá lớn/, /megapixel/);
  });

  it('a WebP carrying an EXIF orientation', async () => {
    const turned = await sharp(scenePng()).withMetadata({ orientation: 6 }).webp({ quality: 90 }).toBuffer();
    await refused(turned, 400, /thẻ xoay EXIF/, /orientation 6/);
  });

  it('wrong magic: RIFF that is not WebP, a web page', async () => {
    await refused(Buffer.from('RIFF\x24\0\0\0WAVEfmt \x10\0\0\0\x01\0\x01\0', 'latin1'), 400, /Không phải ảnh JPEG\/PNG\/WebP/);
    await refused(Buffer.from('<!DOCTYPE html><img src=x onerror=alert(1)>'), 400, /Không phải ảnh JPEG\/PNG\/WebP/);
  });
});
