/**
 * Photos over HTTP on a real server: upload real images made with node-canvas, list, fetch the
 * same bytes back, captions NFC and clean, every refusal leaves no file and no row, one copy per
 * content, and who may do what.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createCanvas } from 'canvas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditPageSchema } from '../../server/protocol/audit.js';
import { PhotoListSchema, PhotoSchema, type Photo } from '../../server/photos/protocol.js';
import { PHOTO_LIMITS } from '../../server/photos/validate.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { ApiClient, loginAdmin, userWithRoles } from '../support/session.js';
import { SCENE, animatedPng, encodeJpeg, exifSegment, orientedJpeg, storedPicture, withSegments } from '../support/exif-images.js';

let server: TestServer;
let admin: ApiClient;
let operator: ApiClient;
let approver: ApiClient;
let viewer: ApiClient;

beforeAll(async () => {
  server = await startTestServer();
  admin = await loginAdmin(server.url);
  operator = await userWithRoles(admin, 'nguoi-van-hanh', ['operator']);
  approver = await userWithRoles(admin, 'nguoi-duyet', ['approver']);
  viewer = await userWithRoles(admin, 'nguoi-xem', ['viewer']);
});
afterAll(() => server.cleanup());

function image(width: number, height: number, colour: string, format: 'png' | 'jpeg' | 'progressive'): Buffer {
  const canvas = createCanvas(width, height);
  const g = canvas.getContext('2d');
  g.fillStyle = colour;
  g.fillRect(0, 0, width, height);
  g.fillStyle = '#FFFF00';
  g.fillRect(width / 3, height / 3, width / 3, height / 3);
  return format === 'png' ? canvas.toBuffer('image/png') : canvas.toBuffer('image/jpeg', { quality: 0.85, progressive: format === 'progressive' });
}

function upload(client: ApiClient, bytes: Buffer, caption?: string, contentType = 'application/octet-stream'): Promise<Response> {
  const query = caption === undefined ? '' : `?caption=${encodeURIComponent(caption)}`;
  return fetch(`${client.baseUrl}/api/photos${query}`, {
    method: 'POST',
    headers: { 'Content-Type': contentType, ...(client.cookie ? { Cookie: client.cookie } : {}) },
    body: new Uint8Array(bytes),
  });
}

const photosDir = () => path.join(server.dataDir, 'photos');
const storedFiles = () => (existsSync(photosDir()) ? readdirSync(photosDir()).sort() : []);
/** The rows, as the list every signed-in user reads shows them: the same on either engine. */
async function storedRows(): Promise<number> {
  return PhotoListSchema.parse(await viewer.json('/api/photos')).photos.length;
}
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Runs `refused`, then checks that it answered `status` and left the files and the table alone. */
async function expectNothingStored(refused: () => Promise<Response>, status: number, title?: string): Promise<void> {
  const files = storedFiles();
  const rows = await storedRows();
  const res = await refused();
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
  if (title) expect(((await res.json()) as { title: string }).title).toBe(title);
  expect(storedFiles()).toEqual(files);
  expect(await storedRows()).toBe(rows);
}

describe('photos API', () => {
  let first: Photo;
  const png = image(320, 200, '#DA251D', 'png');

  it('stores an uploaded PNG with its caption in NFC, and serves the same bytes back', async () => {
    const caption = 'Lễ kỷ niệm 90 năm Ngày thành lập Đảng Cộng sản Việt Nam';
    const res = await upload(operator, png, `  ${caption.normalize('NFD')} `);
    expect(res.status).toBe(201);
    first = PhotoSchema.parse(await res.json());
    expect(first).toMatchObject({ id: sha256(png), mime: 'image/png', width: 320, height: 200, bytes: png.length, caption, uploadedBy: 'nguoi-van-hanh' });
    expect(first.caption).toBe(caption.normalize('NFC'));
    expect(readFileSync(path.join(photosDir(), `${first.id}.png`)).equals(png)).toBe(true);

    const list = PhotoListSchema.parse(await viewer.json('/api/photos'));
    expect(list.photos.map((p) => p.id)).toContain(first.id);
    const got = await viewer.get(first.url);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('image/png');
    expect(got.headers.get('x-content-type-options')).toBe('nosniff');
    expect(got.headers.get('content-disposition')).toBe('inline');
    expect(Buffer.from(await got.arrayBuffer()).equals(png)).toBe(true);
  });

  it('decides the type by content: a progressive JPEG sent as image/png is a JPEG', async () => {
    const jpeg = image(200, 300, '#1E88E5', 'progressive');
    const res = await upload(admin, jpeg, 'Đại hội Chi bộ', 'image/png');
    expect(res.status).toBe(201);
    const photo = PhotoSchema.parse(await res.json());
    expect(photo).toMatchObject({ mime: 'image/jpeg', width: 200, height: 300 });
    expect(existsSync(path.join(photosDir(), `${photo.id}.jpg`))).toBe(true);
    const got = await operator.get(photo.url);
    expect(got.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await got.arrayBuffer()).equals(jpeg)).toBe(true);
  });

  it('keeps one copy of the same bytes, with the first caption', async () => {
    const files = storedFiles();
    const rows = await storedRows();
    const again = await upload(admin, png, 'Chú thích khác');
    expect(again.status).toBe(200);
    expect(PhotoSchema.parse(await again.json())).toEqual(first);
    expect(storedFiles()).toEqual(files);
    expect(await storedRows()).toBe(rows);
  });

  it('refuses, storing nothing: not an image, a lying Content-Type, bad captions, too large, truncated', async () => {
    const html = Buffer.from('<!DOCTYPE html><html><body><script>alert("pano")</script></body></html>');
    await expectNothingStored(() => upload(operator, html, 'Ảnh', 'image/png'), 400, 'Không phải ảnh JPEG/PNG/WebP');
    await expectNothingStored(() => upload(operator, Buffer.from('{"a":1}'), undefined, 'application/json'), 400, 'Không phải ảnh JPEG/PNG/WebP');
    await expectNothingStored(() => upload(operator, Buffer.alloc(0)), 400);
    const fresh = image(64, 64, '#43A047', 'jpeg');
    await expectNothingStored(() => upload(operator, fresh, 'Chú thích \u202Egiả mạo'), 400);
    await expectNothingStored(() => upload(operator, fresh, 'dài '.repeat(60)), 400);
    await expectNothingStored(() => upload(operator, fresh.subarray(0, Math.floor(fresh.length * 0.8))), 400, 'Ảnh bị hỏng hoặc không đầy đủ');

    const oversize = Buffer.alloc(PHOTO_LIMITS.maxBytes + 1);
    png.copy(oversize);
    await expectNothingStored(() => upload(operator, oversize), 413, 'Ảnh quá lớn');

    // A valid-looking PNG header claiming 60000 × 60000: refused on its header, never decoded.
    const bomb = Buffer.from(png);
    bomb.writeUInt32BE(60000, 16);
    bomb.writeUInt32BE(60000, 20);
    await expectNothingStored(() => upload(operator, bomb), 413, 'Ảnh quá lớn');
  });

  it('refuses an animated PNG, storing nothing: the preview would show its first frame, the print its default image', async () => {
    let detail = '';
    const refused = async () => {
      const res = await upload(operator, animatedPng(storedPicture(1), storedPicture(3)), 'Ảnh động', 'image/png');
      detail = ((await res.clone().json()) as { detail: string }).detail;
      return res;
    };
    await expectNothingStored(refused, 400, 'Ảnh động không được nhận');
    expect(detail).toMatch(/APNG/);
  });

  it('lets only operators and admins change things; anyone signed in may look', async () => {
    const fresh = image(48, 48, '#8E24AA', 'png');
    await expectNothingStored(() => upload(new ApiClient(server.url), fresh), 401);
    await expectNothingStored(() => upload(viewer, fresh), 403);
    await expectNothingStored(() => upload(approver, fresh), 403);
    expect((await viewer.patch(first.url, { caption: 'Không được' })).status).toBe(403);
    expect((await approver.request('DELETE', first.url)).status).toBe(403);
    expect((await new ApiClient(server.url).get(first.url)).status).toBe(401);
    expect((await approver.get(first.url)).status).toBe(200);
  });

  it('edits a caption (NFC, bidi refused) and audits it', async () => {
    const res = await operator.patch(first.url, { caption: 'Hội nghị Ban Chấp hành Đảng bộ'.normalize('NFD') });
    expect(res.status).toBe(200);
    expect(PhotoSchema.parse(await res.json()).caption).toBe('Hội nghị Ban Chấp hành Đảng bộ'.normalize('NFC'));
    expect((await operator.patch(first.url, { caption: 'a\u202Eb' })).status).toBe(400);
    expect((await operator.patch(first.url, { caption: '' })).status).toBe(200);
    const audit = AuditPageSchema.parse(await admin.json('/api/audit?action=photo.caption'));
    expect(audit.rows.length).toBe(2);
    expect(audit.rows.every((r) => r.target === `photo:${first.id}`)).toBe(true);
    const uploads = AuditPageSchema.parse(await admin.json('/api/audit?action=photo.upload'));
    expect(uploads.rows.length).toBe(2);
  });

  it('deletes the row and the file; the id then answers 404', async () => {
    const rows = await storedRows();
    const res = await operator.request('DELETE', first.url);
    expect(res.status).toBe(200);
    expect(existsSync(path.join(photosDir(), `${first.id}.png`))).toBe(false);
    expect(await storedRows()).toBe(rows - 1);
    expect((await viewer.get(first.url)).status).toBe(404);
    expect((await operator.request('DELETE', first.url)).status).toBe(404);
    expect((await viewer.get('/api/photos/khong-phai-ma-anh')).status).toBe(404);
    expect(storedFiles().some((f) => f.endsWith('.tmp'))).toBe(false);
  });
});

describe('phone photos with an EXIF orientation', () => {
  it('records the size as shown, and serves the bytes as uploaded', async () => {
    // Stored 96 × 160, shown 160 × 96: turned a quarter clockwise.
    const bytes = orientedJpeg(6);
    const res = await upload(operator, bytes, 'Ảnh chụp bằng điện thoại');
    expect(res.status).toBe(201);
    const photo = PhotoSchema.parse(await res.json());
    expect(photo).toMatchObject({ mime: 'image/jpeg', width: SCENE.width, height: SCENE.height, bytes: bytes.length });
    expect(Buffer.from(await (await viewer.get(photo.url)).arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('takes EXIF it cannot read as upright, at the size as stored', async () => {
    const res = await upload(operator, withSegments(encodeJpeg(storedPicture(8)), exifSegment({ ifdOffset: 0xffffffff })));
    expect(res.status).toBe(201);
    expect(PhotoSchema.parse(await res.json())).toMatchObject({ width: SCENE.height, height: SCENE.width });
  });
});

describe('the same bytes from several requests at once', () => {
  it('stores one photo for two uploads arriving together: one 201, one 200, one row, one file', async () => {
    const bytes = image(240, 160, '#FFCD00', 'png');
    const rows = await storedRows();
    const answers = await Promise.all([upload(operator, bytes, 'Ảnh gửi cùng lúc'), upload(admin, bytes, 'Ảnh gửi cùng lúc')]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 201]);
    const [a, b] = await Promise.all(answers.map(async (r) => PhotoSchema.parse(await r.json())));
    expect(a).toEqual(b);
    expect(await storedRows()).toBe(rows + 1);
    expect(readFileSync(path.join(photosDir(), `${sha256(bytes)}.png`)).equals(bytes)).toBe(true);
  });

  it('never leaves a row without its file, nor a file without its row, when a delete and an upload of the same bytes meet', async () => {
    const bytes = image(200, 200, '#0B6E4F', 'png');
    const created = await upload(operator, bytes, 'Ảnh xóa rồi tải lại');
    expect(created.status).toBe(201);
    const photo = PhotoSchema.parse(await created.json());
    const [deleted, again] = await Promise.all([operator.request('DELETE', photo.url), upload(admin, bytes, 'Ảnh xóa rồi tải lại')]);
    expect(deleted.status).toBe(200);
    expect([200, 201]).toContain(again.status);
    const listed = PhotoListSchema.parse(await viewer.json('/api/photos')).photos.some((p) => p.id === photo.id);
    expect(existsSync(path.join(photosDir(), `${photo.id}.png`))).toBe(listed);
  });
});
