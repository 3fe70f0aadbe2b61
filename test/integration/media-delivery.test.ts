/**
 * Pictures reach screens through URLs signed for each display: a display is sent the files its
 * timeline needs, fetches them without cookie or token, and the bytes hash to their name. Another
 * display's URL, a tampered or expired one, a revoked display and a file its timeline does not
 * need get nothing but a problem. Proof of a picture play must name a rendition that display got.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.js';
import { pairDisplay, type PairedDisplay } from '../support/displays.js';
import { flatPng, uploadPhoto } from '../support/media-items.js';
import { ItemDetailSchema } from '../../server/protocol/content.js';
import { MediaUrlSigner } from '../../server/media/url-signing.js';
import type { MediaFile } from '../../server/protocol/media.js';
import { DisplayListSchema } from '../../server/protocol/displays.js';

const app = useTestApp({ operator: ['van-hanh', ['operator']], approver: ['duyet', ['approver']] });

const CAPTION = 'Triển lãm ảnh: KỶ NIỆM NGÀY THÀNH LẬP ĐẢNG, chào mừng Đại hội lần thứ XIII — Ễ Ể Ẫ Ậ';
const sha = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');

/** A picture item in the lobby, proposed by the operator and approved by the approver. */
async function approvedPicture(mediaId: string) {
  const created = await app.operator.post('/api/items', {
    kind: 'picture',
    text: CAPTION,
    media: { kind: 'picture', mediaId },
    tags: ['evergreen'],
    celebratory: false,
    places: ['lobby'],
  });
  expect(created.status).toBe(201);
  const item = ItemDetailSchema.parse(await created.json());
  expect((await app.operator.post(`/api/items/${item.id}/submit`)).status).toBe(200);
  expect((await app.approver.post(`/api/items/${item.id}/approve`, { reason: 'Ảnh đúng sự kiện' })).status).toBe(200);
  return item;
}

/** The display's media-files that name this original (a new timeline brings a new message). */
async function filesNaming(d: PairedDisplay, mediaId: string): Promise<MediaFile> {
  for (;;) {
    const msg = await d.client.next('media-files');
    const file = msg.files.find((f) => f.mediaId === mediaId);
    if (file) return file;
  }
}

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${app.server.url}${path}`, { headers });

async function refused(path: string, status: number) {
  const res = await get(path);
  expect(res.status, path).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/problem\+json/);
  const body = await res.text();
  // Nothing of the file in the refusal.
  expect(body.length).toBeLessThan(1000);
  return body;
}

describe('media delivery', () => {
  it('sends each display signed URLs for its files, serves them only to it, and refuses what it should not get', async () => {
    // Larger than the screen: a 1080p screen gets it scaled down, not the original.
    const photo = await uploadPhoto(app.operator, flatPng('#da251d', 3200, 1800));
    const item = await approvedPicture(photo.id);
    const a = await pairDisplay(app.server.url, app.operator, { zoneId: 'lobby', name: 'Sảnh A' });
    const b = await pairDisplay(app.server.url, app.operator, { zoneId: 'lobby', name: 'Sảnh B' });
    const fileA = await filesNaming(a, photo.id);
    const fileB = await filesNaming(b, photo.id);
    expect(fileA).toMatchObject({ mediaId: photo.id, kind: 'picture', mime: 'image/webp', width: 1920, height: 1080 });
    expect(fileA.sha256).not.toBe(photo.id);
    expect(fileA.bytes).toBeLessThan(photo.bytes);
    expect(fileA.url).toMatch(/^\/media\/[0-9a-f]{64}\?d=[^&]+&e=\d+&s=[\w-]{43}$/);
    expect(fileA.url).not.toContain(a.token);

    const ok = await get(fileA.url);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('image/webp');
    expect(ok.headers.get('cache-control')).toMatch(/private/);
    expect(ok.headers.get('etag')).toBe(`"${fileA.sha256}"`);
    expect(ok.headers.get('set-cookie')).toBeNull();
    const bytes = new Uint8Array(await ok.arrayBuffer());
    expect(bytes.length).toBe(fileA.bytes);
    expect(sha(bytes)).toBe(fileA.sha256);
    expect((await get(fileA.url, { 'If-None-Match': `"${fileA.sha256}"` })).status).toBe(304);

    const url = new URL(fileA.url, app.server.url);
    const withQuery = (change: Record<string, string>) => {
      const u = new URL(url);
      for (const [k, v] of Object.entries(change)) u.searchParams.set(k, v);
      return u.pathname + u.search;
    };
    const sigB = new URL(fileB.url, app.server.url).searchParams.get('s')!;
    // Another display's id under A's signature, and A's file with B's signature.
    await refused(withQuery({ d: b.display.id }), 403);
    await refused(withQuery({ s: sigB }), 403);
    // Tampered: one character of the signature, a later expiry, another file's name.
    const s = url.searchParams.get('s')!;
    await refused(withQuery({ s: (s[0] === 'A' ? 'B' : 'A') + s.slice(1) }), 403);
    await refused(withQuery({ e: String(Number(url.searchParams.get('e')) + 3_600_000) }), 403);
    await refused(`/media/${'0'.repeat(64)}${url.search}`, 403);
    // No signature at all.
    await refused(`/media/${fileA.sha256}`, 400);

    // Correctly signed (with the server's own key) but expired, or for a file this display's timeline does not need.
    const signer = MediaUrlSigner.forDataDir(app.server.dataDir);
    await refused(signer.url({ sha256: fileA.sha256, displayId: a.display.id, expiresAt: Date.now() - 1000 }), 410);
    const other = await uploadPhoto(app.operator, flatPng('#ffff00', 640, 360));
    await refused(signer.url({ sha256: other.id, displayId: a.display.id, expiresAt: Date.now() + 60_000 }), 410);

    // Proof of a picture play: only with the rendition sent to this display for that revision's file.
    const t0 = Date.now();
    const interval = a.timeline.timeline!.intervals.find((i) => Date.parse(i.start) <= t0 && t0 + 60_000 < Date.parse(i.end))!;
    const entry = interval.playlist.find((e) => e.itemId === item.id)!;
    expect(entry.media).toMatchObject({ kind: 'picture', id: photo.id });
    const play = (start: number, end: number, mediaSha256?: string) => ({
      itemId: entry.itemId,
      revisionId: entry.revisionId,
      template: interval.template,
      start,
      end,
      contentSha256: sha(entry.text),
      ...(mediaSha256 ? { mediaSha256 } : {}),
    });
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, t0 + 700 - Date.now())));
    a.client.send({ type: 'proof', seq: 1, plays: [play(t0, t0 + 200, fileA.sha256), play(t0 + 200, t0 + 400, other.id), play(t0 + 400, t0 + 600)] });
    expect((await a.client.next('proof-ack')).seq).toBe(1);
    const from = new Date(t0 - 60_000).toISOString();
    const to = new Date(t0 + 60_000).toISOString();
    const report = await app.operator.json<{ rows: { itemId: number; hoursShown: number; mismatches: number }[] }>(`/api/proof-of-play?from=${from}&to=${to}`);
    const row = report.rows.find((r) => r.itemId === item.id)!;
    expect(row.hoursShown).toBeCloseTo(0.2 / 3600, 8);
    expect(row.mismatches).toBe(0);
    const { displays } = await app.operator.json<{ displays: { id: string; refusedPlays: number }[] }>('/api/displays');
    expect(displays.find((d) => d.id === a.display.id)!.refusedPlays).toBe(2);

    // Revoked: its socket closes and its URLs open nothing, though still signed and unexpired.
    expect((await app.operator.post(`/api/displays/${a.display.id}/revoke`)).status).toBe(200);
    await a.client.closed;
    await refused(fileA.url, 403);
    // The other display still gets its own.
    expect((await get(fileB.url)).status).toBe(200);
    b.client.close();
    // Nothing in the server's log carries a signature.
    const sigA = url.searchParams.get('s')!;
    expect(app.server.logs.filter((l) => l.includes(sigA) || l.includes(sigB))).toEqual([]);
  });
  it('tells the panel which picture a screen shows, so its thumbnail draws it as the screen does', async () => {
    const photo = await uploadPhoto(app.operator, flatPng('#1f7a1f', 640, 360));
    const item = await approvedPicture(photo.id);
    const d = await pairDisplay(app.server.url, app.operator, { zoneId: 'lobby', name: 'Sảnh C' });
    const now = Date.now();
    const interval = d.timeline.timeline!.intervals.find((i) => Date.parse(i.start) <= now && now < Date.parse(i.end))!;
    const entry = interval.playlist.find((e) => e.itemId === item.id)!;
    d.client.send({ type: 'status', clockOffsetMs: 0, roundTripMs: 1, showing: { itemId: entry.itemId, revisionId: entry.revisionId, template: interval.template, since: now } });
    await expect
      .poll(async () => DisplayListSchema.parse(await app.operator.json('/api/displays')).displays.find((x) => x.id === d.display.id)?.showing)
      .toMatchObject({ text: CAPTION, media: { kind: 'picture', id: photo.id, width: 640, height: 360 } });
  });
});
