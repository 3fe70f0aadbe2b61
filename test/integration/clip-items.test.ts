/**
 * Clip items in the register: a revision names an uploaded clip, its length and size copied from
 * the stored clip (never from the request); same workflow as slogans; approval puts it in the
 * zone's playlist with its own length; another clip is a new revision; a plan export leaves it out.
 */
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.js';
import { mediaFixture, uploadRaw } from '../support/media-uploads.js';
import { ClipSchema, type Clip } from '../../server/media/clip-protocol.js';
import { ItemDetailSchema, ItemListSchema, PlanListSchema } from '../../server/protocol/content.js';
import { MEDIA_LEFT_OUT_HEADER } from '../../server/protocol/plans.js';
import { TimelineSchema } from '../../server/protocol/timeline.js';
import type { ApiClient } from '../support/session.js';

const app = useTestApp({ operator: ['van-hanh', ['operator']], approver: ['duyet', ['approver']] });

const CAPTION = 'Phóng sự: Đảng bộ Văn phòng Chính phủ sẵn sàng cho Đại hội lần thứ XXVI, NHIỆM KỲ 2020 - 2025';

async function uploadClip(client: ApiClient, name: string): Promise<Clip> {
  const res = await uploadRaw(client, '/api/clips', mediaFixture(name));
  expect(res.status, await res.clone().text()).toBe(201);
  return ClipSchema.parse(await res.json());
}

async function lobbyEntry(itemId: number) {
  const res = await app.operator.get(`/api/zones/lobby/timeline?from=${encodeURIComponent(new Date().toISOString())}&days=1`);
  const t = TimelineSchema.parse(await res.json());
  const at = Date.now() + 60_000;
  return t.intervals.find((i) => Date.parse(i.start) <= at && at < Date.parse(i.end))?.playlist.find((e) => e.itemId === itemId);
}

describe('clip items', () => {
  it('go through the workflow and play with their own length; another clip waits for approval', async () => {
    const clip = await uploadClip(app.operator, 'good-vp9-opus.webm');
    const created = await app.operator.post('/api/items', {
      kind: 'clip',
      text: CAPTION.normalize('NFD'),
      // A length or size in the request is not the register's to take: the strict schema refuses it.
      media: { kind: 'clip', mediaId: clip.id, credit: 'Tổ Truyền thông' },
      tags: ['evergreen'],
      celebratory: true,
      places: ['lobby'],
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const item = ItemDetailSchema.parse(await created.json());
    expect(item.kind).toBe('clip');
    expect(item.latest.text).toBe(CAPTION);
    expect(item.latest.media).toEqual({ kind: 'clip', mediaId: clip.id, credit: 'Tổ Truyền thông', width: clip.width, height: clip.height, durationMs: clip.durationMs });

    expect((await app.operator.post(`/api/items/${item.id}/submit`)).status).toBe(200);
    expect(await lobbyEntry(item.id)).toBeUndefined();
    expect((await app.operator.post(`/api/items/${item.id}/approve`, { reason: 'Tự duyệt' })).status).toBe(403);
    expect((await app.approver.post(`/api/items/${item.id}/approve`, { reason: 'Phóng sự đúng sự kiện' })).status).toBe(200);
    expect(await lobbyEntry(item.id)).toMatchObject({
      text: CAPTION,
      media: { kind: 'clip', id: clip.id, width: clip.width, height: clip.height, durationMs: clip.durationMs, credit: 'Tổ Truyền thông' },
    });

    const other = await uploadClip(app.operator, 'good-h264-aac.mp4');
    const revised = await app.operator.post(`/api/items/${item.id}/revisions`, { text: CAPTION, media: { kind: 'clip', mediaId: other.id } });
    expect(revised.status).toBe(200);
    const after = ItemDetailSchema.parse(await revised.json());
    expect(after.latest.number).toBe(2);
    expect(after.latest.media).toMatchObject({ mediaId: other.id, durationMs: other.durationMs, credit: '' });
    expect(after.approved!.media).toMatchObject({ mediaId: clip.id });
    // Screens keep the approved clip until the new one is approved.
    expect((await lobbyEntry(item.id))?.media).toMatchObject({ id: clip.id });

    // Listed as a clip, and left out of the plan's file, counted.
    const clips = ItemListSchema.parse(await app.operator.json('/api/items?kind=clip')).items;
    expect(clips.map((i) => i.id)).toEqual([item.id]);
    expect(ItemListSchema.parse(await app.operator.json('/api/items?kind=picture')).items).toEqual([]);
    const [seed] = PlanListSchema.parse(await app.operator.json('/api/plans')).plans;
    expect((await app.operator.post(`/api/plans/${seed!.id}/links`, { itemId: item.id })).status).toBe(201);
    const exported = await app.operator.get(`/api/plans/${seed!.id}/export`);
    expect(exported.headers.get(MEDIA_LEFT_OUT_HEADER)).toBe('1');
    expect(JSON.stringify(await exported.json())).not.toContain(CAPTION);
  });

  it('refuse a clip nobody uploaded, a photo named as a clip, or a focus box, and store nothing', async () => {
    const before = ItemListSchema.parse(await app.operator.json('/api/items')).items.length;
    const unknown = await app.operator.post('/api/items', { kind: 'clip', text: CAPTION, media: { kind: 'clip', mediaId: 'e'.repeat(64) }, celebratory: false });
    expect(unknown.status).toBe(422);
    expect(((await unknown.json()) as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual(['body.media.mediaId']);
    const photo = await uploadRaw(app.operator, '/api/photos', mediaFixture('phone-orientation-6.jpg'));
    expect(photo.status).toBe(201);
    const photoId = ((await photo.json()) as { id: string }).id;
    const photoAsClip = await app.operator.post('/api/items', { kind: 'clip', text: CAPTION, media: { kind: 'clip', mediaId: photoId }, celebratory: false });
    expect(photoAsClip.status).toBe(422);
    const boxed = await app.operator.post('/api/items', {
      kind: 'clip',
      text: CAPTION,
      media: { kind: 'clip', mediaId: 'e'.repeat(64), focus: { x: 0, y: 0, width: 1, height: 1 } },
      celebratory: false,
    });
    expect(boxed.status).toBe(400);
    expect(ItemListSchema.parse(await app.operator.json('/api/items')).items.length).toBe(before);
  });
});
