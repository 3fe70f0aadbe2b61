/**
 * Picture items in the register over HTTP: a revision names an uploaded photo, with its upright
 * size copied from the stored file; approval puts it, focus box and all, into the zone's playlist;
 * a new file is a new revision that needs approval again; an unknown file stores nothing.
 */
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.js';
import { orientedJpeg } from '../support/exif-images.js';
import { ItemDetailSchema, ItemListSchema } from '../../server/protocol/content.js';
import { flatPng, uploadPhoto } from '../support/media-items.js';
import { TimelineSchema } from '../../server/protocol/timeline.js';

const app = useTestApp({ operator: ['van-hanh', ['operator']], approver: ['duyet', ['approver']] });

const CAPTION = 'Triển lãm ảnh thành tựu xây dựng Đảng, chào mừng Đại hội Chi bộ Văn phòng';

async function lobbyPlaylist() {
  const res = await app.operator.get(`/api/zones/lobby/timeline?from=${encodeURIComponent(new Date().toISOString())}&days=1`);
  const t = TimelineSchema.parse(await res.json());
  const at = Date.now() + 60_000;
  return t.intervals.find((i) => Date.parse(i.start) <= at && at < Date.parse(i.end))?.playlist ?? [];
}

describe('picture items', () => {
  it('go through the same workflow as slogans and reach the playlist with their file and focus box', async () => {
    // A phone photo stored sideways (EXIF orientation 6): the register keeps its upright size.
    const photo = await uploadPhoto(app.operator, orientedJpeg(6));
    const focus = { x: 0.1, y: 0.2, width: 0.5, height: 0.6 };
    const created = await app.operator.post('/api/items', {
      kind: 'picture',
      text: CAPTION.normalize('NFD'),
      media: { kind: 'picture', mediaId: photo.id, credit: 'Văn phòng Đảng ủy', takenOn: '2020-08-10', focus },
      tags: ['evergreen'],
      celebratory: false,
      places: ['lobby'],
    });
    expect(created.status).toBe(201);
    const item = ItemDetailSchema.parse(await created.json());
    expect(item.kind).toBe('picture');
    expect(item.latest.text).toBe(CAPTION);
    expect(item.latest.media).toEqual({ kind: 'picture', mediaId: photo.id, credit: 'Văn phòng Đảng ủy', takenOn: '2020-08-10', focus, width: photo.width, height: photo.height });

    expect((await app.operator.post(`/api/items/${item.id}/submit`)).status).toBe(200);
    // The submitter cannot approve; someone else can.
    expect((await app.operator.post(`/api/items/${item.id}/approve`, { reason: 'Tự duyệt' })).status).toBe(403);
    expect((await app.approver.post(`/api/items/${item.id}/approve`, { reason: 'Ảnh đúng sự kiện' })).status).toBe(200);

    const entry = (await lobbyPlaylist()).find((e) => e.itemId === item.id);
    expect(entry).toMatchObject({ text: CAPTION, media: { kind: 'picture', id: photo.id, width: photo.width, height: photo.height, focus, credit: 'Văn phòng Đảng ủy' } });

    // Another file is a new revision: screens keep the approved picture until it is approved.
    const other = await uploadPhoto(app.operator, flatPng('#b3261e', 400, 300));
    const revised = await app.operator.post(`/api/items/${item.id}/revisions`, { text: CAPTION, media: { kind: 'picture', mediaId: other.id } });
    expect(revised.status).toBe(200);
    const after = ItemDetailSchema.parse(await revised.json());
    expect(after.latest.number).toBe(2);
    expect(after.latest.media).toMatchObject({ mediaId: other.id, width: 400, height: 300, focus: { x: 0, y: 0, width: 1, height: 1 }, credit: '' });
    expect(after.approved!.media).toMatchObject({ mediaId: photo.id });
    expect((await lobbyPlaylist()).find((e) => e.itemId === item.id)?.media).toMatchObject({ id: photo.id });
  });

  it('refuses a picture that names no uploaded file, or lacks its file, and stores nothing', async () => {
    const before = ItemListSchema.parse(await app.operator.json('/api/items')).items.length;
    const unknown = await app.operator.post('/api/items', {
      kind: 'picture',
      text: CAPTION,
      media: { kind: 'picture', mediaId: 'f'.repeat(64) },
      celebratory: false,
    });
    expect(unknown.status).toBe(422);
    expect(((await unknown.json()) as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual(['body.media.mediaId']);
    const missing = await app.operator.post('/api/items', { kind: 'picture', text: CAPTION, celebratory: false });
    expect(missing.status).toBe(400);
    const outside = await app.operator.post('/api/items', {
      kind: 'picture',
      text: CAPTION,
      media: { kind: 'picture', mediaId: 'f'.repeat(64), focus: { x: 0.6, y: 0, width: 0.6, height: 1 } },
      celebratory: false,
    });
    expect(outside.status).toBe(400);
    expect(ItemListSchema.parse(await app.operator.json('/api/items')).items.length).toBe(before);
  });
  it('keep their photo: it cannot be deleted while an item not retired shows it', async () => {
    const photo = await uploadPhoto(app.operator, flatPng('#7b1fa2', 300, 200));
    const created = await app.operator.post('/api/items', { kind: 'picture', text: CAPTION, media: { kind: 'picture', mediaId: photo.id }, celebratory: false });
    const item = ItemDetailSchema.parse(await created.json());
    const refused = await app.operator.request('DELETE', `/api/photos/${photo.id}`);
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { detail: string }).detail).toContain(CAPTION);
    expect((await app.operator.get(`/api/photos/${photo.id}`)).status).toBe(200);
    // Retired, it plays nowhere: the photo may go.
    expect((await app.approver.post(`/api/items/${item.id}/retire`, { reason: 'Không dùng nữa' })).status).toBe(200);
    expect((await app.operator.request('DELETE', `/api/photos/${photo.id}`)).status).toBe(200);
  });
});
