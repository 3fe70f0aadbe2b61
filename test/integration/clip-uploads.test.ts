/**
 * Issue 14, point 1 "Limits" and point 6: clips are checked by their container, not their name.
 * Good WebM (VP9, AV1) and MP4 (H.264) clips are stored with the duration, codecs and frame size
 * MediaInfo reads; crafted files (wrong magic, truncated, a second file appended, the wrong codec,
 * 61 s, a 4096 × 2304 frame, over 100 MB streamed) are refused with a clear message and leave no
 * row and no file behind.
 */
import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clip, ClipList } from '../../server/media/clip-protocol.js';
import { ClipProber, ProbeFailed } from '../../server/media/clip-probe.js';
import { openMediaLibrary } from '../../server/media/media-library.js';
import { MEDIA_FIXTURES } from '../support/media-uploads.js';
import { startTestServer, type TestServer, openTestStore } from '../support/server.js';
import { ApiClient, loginAdmin, userWithRoles } from '../support/session.js';
import { mediaFixture, streamUpload, uploadRaw } from '../support/media-uploads.js';

let server: TestServer;
let admin: ApiClient;
let operator: ApiClient;
let approver: ApiClient;

beforeAll(async () => {
  server = await startTestServer();
  admin = await loginAdmin(server.url);
  operator = await userWithRoles(admin, 'van-hanh', ['operator']);
  approver = await userWithRoles(admin, 'duyet', ['approver']);
});
afterAll(() => server.cleanup());

const clipsDir = () => path.join(server.dataDir, 'clips');
const storedFiles = () => readdirSync(clipsDir()).sort();
const listed = async () => (await operator.json<ClipList>('/api/clips')).clips;

interface Problem {
  title: string;
  detail: string;
  status: number;
}

/** Uploads bytes that must be refused; checks the problem and that nothing was stored. */
async function refused(bytes: Buffer, status: number, detail: RegExp): Promise<Problem> {
  const before = { rows: (await listed()).length, files: storedFiles() };
  const res = await uploadRaw(operator, '/api/clips', bytes);
  expect(res.status, await res.clone().text()).toBe(status);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  const problem = (await res.json()) as Problem;
  expect(problem.detail).toMatch(detail);
  expect((await listed()).length).toBe(before.rows);
  expect(storedFiles()).toEqual(before.files);
  return problem;
}

describe('good clips are stored with the facts of their container', () => {
  it.each([
    { name: 'good-vp9-opus.webm', mime: 'video/webm', container: 'webm', videoCodec: 'vp9', audioCodec: 'opus', durationMs: 2008 },
    { name: 'good-h264-aac.mp4', mime: 'video/mp4', container: 'mp4', videoCodec: 'h264', audioCodec: 'aac', durationMs: 2000 },
    { name: 'good-av1.webm', mime: 'video/webm', container: 'webm', videoCodec: 'av1', audioCodec: null, durationMs: 1000 },
  ])('$name', async (expected) => {
    const bytes = mediaFixture(expected.name);
    const res = await uploadRaw(operator, '/api/clips', bytes);
    expect(res.status, await res.clone().text()).toBe(201);
    const clip = (await res.json()) as Clip;
    const { name, ...facts } = expected;
    expect(clip).toMatchObject({ ...facts, width: 160, height: 90, bytes: bytes.length, uploadedBy: 'van-hanh', url: `/api/clips/${clip.id}` });
    expect(readFileSync(path.join(clipsDir(), `${clip.id}.${expected.container}`)).equals(bytes)).toBe(true);

    const served = await operator.get(clip.url);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe(expected.mime);
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await served.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('answers a range request with 206 and those bytes, as a <video> seeking asks', async () => {
    const clip = (await listed()).find((c) => c.videoCodec === 'vp9')!;
    const bytes = mediaFixture('good-vp9-opus.webm');
    const res = await operator.request('GET', clip.url, undefined, { Range: 'bytes=100-199' });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(`bytes 100-199/${bytes.length}`);
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes.subarray(100, 200))).toBe(true);
  });

  it('keeps one copy of the same bytes: 200 with the first record', async () => {
    const before = await listed();
    const res = await uploadRaw(operator, '/api/clips', mediaFixture('good-h264-aac.mp4'));
    expect(res.status).toBe(200);
    expect(await listed()).toEqual(before);
  });

  it('writes an audit row per stored clip', async () => {
    const res = await admin.get('/api/audit?action=clip.upload');
    const { rows } = (await res.json()) as { rows: { action: string; target: string }[] };
    const ids = (await listed()).map((c) => `clip:${c.id}`).sort();
    expect(rows.map((r) => r.target).sort()).toEqual(ids);
  });

  it('lets signed-in users list and fetch, only editors upload', async () => {
    expect((await approver.get('/api/clips')).status).toBe(200);
    expect((await uploadRaw(approver, '/api/clips', mediaFixture('vp8.webm'))).status).toBe(403);
    expect((await uploadRaw(new ApiClient(server.url), '/api/clips', mediaFixture('vp8.webm'))).status).toBe(401);
    expect((await operator.get(`/api/clips/${'0'.repeat(64)}`)).status).toBe(404);
  });
});

describe('crafted clips are refused, and nothing is stored', () => {
  const good = () => mediaFixture('good-h264-aac.mp4');

  it('wrong magic: a picture, a web page, nothing at all', async () => {
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, ...Buffer.from('JFIF')]);
    for (const bytes of [jpeg, Buffer.from('<!DOCTYPE html><script>alert(1)</script>'), Buffer.alloc(0)]) {
      const problem = await refused(bytes, 400, /(không phải đoạn phim WebM hay MP4|Không nhận được dữ liệu)/);
      expect(problem.title).toContain('Không phải đoạn phim WebM/MP4');
    }
  });

  it('a Matroska file that is not WebM', async () => {
    const webm = mediaFixture('good-vp9-opus.webm');
    // The EBML DocType "webm" becomes "mkvx" (same length), which MediaInfo reads as Matroska.
    const mkv = Buffer.from(webm.toString('latin1').replace('webm', 'mkvx'), 'latin1');
    await refused(mkv, 400, /bắt đầu như WebM nhưng không đọc được là WebM/);
  });

  it('the wrong codec: VP8 in WebM, MPEG-4 Part 2 in MP4', async () => {
    await refused(mediaFixture('vp8.webm'), 400, /phải mã hóa hình bằng VP9 hoặc AV1; tệp này dùng VP8/);
    await refused(mediaFixture('mpeg4-part2.mp4'), 400, /phải mã hóa hình bằng H\.264; tệp này dùng MPEG-4 Visual/);
  });

  it('too long: 61 seconds', async () => {
    const problem = await refused(mediaFixture('too-long-61s.webm'), 413, /^Đoạn phim dài 61 giây, tối đa 60 giây\./);
    expect(problem.title).toContain('Đoạn phim quá dài');
    expect(problem.detail).toContain('The clip lasts 61 s; at most 60 s.');
  });

  it('a frame larger than 3840 × 2160', async () => {
    await refused(mediaFixture('too-large-4096x2304.webm'), 413, /Khung hình 4096 × 2304; tối đa 3840 × 2160/);
  });

  it('truncated, wherever it is cut', async () => {
    for (const cut of [0.3, 0.6, 0.95]) {
      const webm = mediaFixture('good-vp9-opus.webm');
      await refused(webm.subarray(0, Math.floor(webm.length * cut)), 400, /cắt cụt/);
      await refused(good().subarray(0, Math.floor(good().length * cut)), 400, /cắt cụt|Không đọc được/);
    }
  });

  it('a polyglot: a clip with a web page or a ZIP after it', async () => {
    const html = Buffer.from('<html><body><script>alert(document.cookie)</script></body></html>');
    const zip = Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(60)]);
    await refused(Buffer.concat([mediaFixture('good-vp9-opus.webm'), html]), 400, /nối sau đoạn phim/);
    await refused(Buffer.concat([good(), zip]), 400, /nối sau đoạn phim/);
  });

  it('over 100 MB, streamed in chunks: cut off at the limit', async () => {
    const before = storedFiles();
    const answer = await streamUpload(operator, '/api/clips', mediaFixture('good-vp9-opus.webm'), 100 * 1024 * 1024 + 1);
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body).detail).toContain('vượt giới hạn 100 MB');
    expect(storedFiles()).toEqual(before);
  });

  it('over 100 MB by its declared length: refused before the body is read', async () => {
    const answer = await streamUpload(operator, '/api/clips', mediaFixture('good-vp9-opus.webm'), 150 * 1024 * 1024, true);
    expect(answer.status).toBe(413);
    // Far less than the body had been handed over when the answer came.
    expect(answer.sent).toBeLessThan(150 * 1024 * 1024);
  });

  it('from another site, even with a session: refused, the body never read', async () => {
    const before = storedFiles();
    const res = await fetch(`${server.url}/api/clips`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/octet-stream', Cookie: operator.cookie!, Origin: 'https://evil.example' },
      body: new Uint8Array(mediaFixture('good-av1.webm')),
    });
    expect(res.status).toBe(403);
    expect(storedFiles()).toEqual(before);
  });

  it('one upload in flight per user: a second gets 429 before its body is read, and the first completes', async () => {
    const url = new URL('/api/clips', server.url);
    const bytes = mediaFixture('good-vp9-opus.webm');
    const held = http.request(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': bytes.length, Expect: '100-continue', Cookie: operator.cookie! },
    });
    const answered = new Promise<number>((resolve, reject) => {
      held.once('response', (res) => (res.resume(), res.once('end', () => resolve(res.statusCode!))));
      held.once('error', reject);
    });
    // The server answers 100 Continue in the same step as it takes the upload's place.
    const admitted = new Promise<void>((resolve) => held.once('continue', () => resolve()));
    held.flushHeaders();
    await admitted;
    const second = await uploadRaw(operator, '/api/clips', mediaFixture('vp8.webm'));
    expect(second.status).toBe(429);
    expect(second.headers.get('retry-after')).toBe('10');
    expect(((await second.json()) as Problem).detail).toMatch(/đang tải lên một đoạn phim/);
    held.end(bytes);
    // Already stored earlier: the same bytes answer 200.
    expect(await answered).toBe(200);
  });

  it('left no temporary file behind', async () => {
    expect(storedFiles().filter((f) => !/^[0-9a-f]{64}\.(webm|mp4)$/.test(f))).toEqual([]);
    expect(storedFiles()).toHaveLength(3);
  });
});

describe('the probe is bounded, and what screens are given', () => {
  it('ends a probe past its time limit and refuses what it cannot read', async () => {
    // A worker thread cannot even start within a millisecond: the limit always strikes first.
    await expect(new ClipProber({ timeoutMs: 1, concurrency: 1 }).probe(path.join(MEDIA_FIXTURES, 'good-vp9-opus.webm'))).rejects.toEqual(new ProbeFailed('too-slow'));
    await expect(new ClipProber().probe(path.join(MEDIA_FIXTURES, 'no-such-clip.webm'))).rejects.toEqual(new ProbeFailed('unreadable'));
  });

  it('gives a screen a clip as uploaded, named by its hash, and nothing for an unknown id', async () => {
    const engine = (await openTestStore(server)).engine;
    try {
      const media = openMediaLibrary(engine.db, server.dataDir);
      const clip = (await listed()).find((c) => c.videoCodec === 'h264')!;
      const file = await media.screenFile('clip', clip.id, { width: 1920, height: 1080 });
      expect(file).toEqual({ sha256: clip.id, mime: 'video/mp4', bytes: clip.bytes, width: 160, height: 90, path: path.join(clipsDir(), `${clip.id}.mp4`) });
      expect(readFileSync(file!.path).equals(mediaFixture('good-h264-aac.mp4'))).toBe(true);
      expect(await media.screenFile('clip', 'f'.repeat(64), { width: 1920, height: 1080 })).toBeUndefined();
      expect(await media.screenFile('picture', clip.id, { width: 1920, height: 1080 })).toBeUndefined();
    } finally {
      await engine.close();
    }
  });
});

describe('the register names an uploaded clip', () => {
  it('creates a clip item whose revision carries the clip\'s own size and length', async () => {
    const clip = (await listed()).find((c) => c.videoCodec === 'vp9')!;
    const caption = 'Phóng sự: Đại hội Đảng bộ Văn phòng lần thứ XVIII — ĐỂ VỮNG BƯỚC, TIẾN LÊN';
    const res = await operator.post('/api/items', {
      kind: 'clip',
      text: caption,
      media: { kind: 'clip', mediaId: clip.id, credit: 'Văn phòng Đảng ủy' },
      tags: ['evergreen'],
      celebratory: false,
      places: ['lobby'],
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const item = (await res.json()) as { kind: string; latest: { text: string; media: unknown } };
    expect(item.kind).toBe('clip');
    expect(item.latest.media).toEqual({ kind: 'clip', mediaId: clip.id, credit: 'Văn phòng Đảng ủy', width: 160, height: 90, durationMs: 2008 });
  });
});
