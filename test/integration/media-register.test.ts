/**
 * Pictures in the register beyond their own workflow: the list filters by kind, a plan's export
 * leaves pictures out and says how many, a photo panel plays on screens as a slideshow of its
 * approved pictures in the panel's order, and a submitted revision's file cannot be changed.
 */
import { openTestStore } from '../support/server.js';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.js';
import { uploadPhoto } from '../support/print-jobs.js';
import { flatPng } from '../support/media-items.js';
import type { ApiClient } from '../support/session.js';
import { ItemDetailSchema, ItemListSchema, PlanListSchema, type ItemDetail } from '../../server/protocol/content.js';
import { PlanSchema } from '../../server/protocol/plan.js';
import { MEDIA_LEFT_OUT_HEADER, PlanDetailSchema } from '../../server/protocol/plans.js';
import { PhotoPanelListSchema } from '../../server/protocol/schedule.js';
import { TimelineSchema } from '../../server/protocol/timeline.js';
import type { Photo } from '../../server/photos/protocol.js';

const app = useTestApp({ operator: ['van-hanh', ['operator']], approver: ['duyet', ['approver']] });

const CAPTIONS = {
  hall: 'Hội trường Đại hội Đảng bộ Văn phòng Chính phủ lần thứ XXVI',
  flags: 'Cờ hoa rực rỡ chào mừng Đại hội XIII của Đảng: KỶ NIỆM NGÀY THÀNH LẬP ĐẢNG',
  exhibit: 'Triển lãm ảnh "Thành tựu xây dựng Đảng" — NHIỆT LIỆT CHÀO MỪNG ĐẠI HỘI',
  old: 'Lễ kỷ niệm 90 năm Ngày thành lập Đảng Cộng sản Việt Nam (3/2/1930 – 3/2/2020)',
};

async function picture(photo: Photo, text: string, approve: boolean): Promise<ItemDetail> {
  const res = await app.operator.post('/api/items', {
    kind: 'picture',
    text,
    media: { kind: 'picture', mediaId: photo.id, credit: 'Ban Tuyên giáo Đảng ủy' },
    celebratory: true,
    places: ['lobby'],
  });
  expect(res.status, await res.clone().text()).toBe(201);
  const item = ItemDetailSchema.parse(await res.json());
  expect((await app.operator.post(`/api/items/${item.id}/submit`)).status).toBe(200);
  if (approve) expect((await app.approver.post(`/api/items/${item.id}/approve`, { reason: 'Ảnh đúng sự kiện' })).status).toBe(200);
  return item;
}

async function lobbyItemIds(client: ApiClient): Promise<number[]> {
  const res = await client.get(`/api/zones/lobby/timeline?from=${encodeURIComponent(new Date().toISOString())}&days=1`);
  const t = TimelineSchema.parse(await res.json());
  const at = Date.now() + 60_000;
  return (t.intervals.find((i) => Date.parse(i.start) <= at && at < Date.parse(i.end))?.playlist ?? []).map((e) => e.itemId);
}

describe('pictures in the register', () => {
  let photos: Record<'hall' | 'flags' | 'exhibit' | 'old' | 'stray', Photo>;
  let items: Record<'hall' | 'flags' | 'exhibit' | 'old', ItemDetail>;

  it('are listed by kind, apart from slogans', async () => {
    photos = {
      hall: await uploadPhoto(app.operator, flatPng('#da251d')),
      flags: await uploadPhoto(app.operator, flatPng('#ffff00')),
      exhibit: await uploadPhoto(app.operator, flatPng('#1e5aa8')),
      old: await uploadPhoto(app.operator, flatPng('#2e7d32')),
      stray: await uploadPhoto(app.operator, flatPng('#6d4c41')),
    };
    items = {
      hall: await picture(photos.hall, CAPTIONS.hall, true),
      flags: await picture(photos.flags, CAPTIONS.flags, true),
      // Submitted, never approved: no screen shows it.
      exhibit: await picture(photos.exhibit, CAPTIONS.exhibit, false),
      // Approved with a photo outside the panel, then revised to one of the panel's: the revision waits.
      old: await picture(photos.old, CAPTIONS.old, true),
    };
    const revised = await app.operator.post(`/api/items/${items.old.id}/revisions`, { text: CAPTIONS.old, media: { kind: 'picture', mediaId: photos.exhibit.id } });
    expect(revised.status).toBe(200);
    expect((await app.operator.post(`/api/items/${items.old.id}/submit`)).status).toBe(200);

    const list = async (query: string) => ItemListSchema.parse(await app.operator.json(`/api/items?${query}`)).items;
    const pictures = await list('kind=picture');
    expect(pictures.map((i) => i.id).sort((a, b) => a - b)).toEqual(Object.values(items).map((i) => i.id).sort((a, b) => a - b));
    expect(pictures.every((i) => i.kind === 'picture' && i.latest.media?.kind === 'picture')).toBe(true);
    expect(await list('kind=clip')).toEqual([]);
    const slogans = await list('kind=slogan');
    expect(slogans.length).toBeGreaterThan(0);
    expect(slogans.every((i) => i.kind === 'slogan' && i.latest.media === null)).toBe(true);
    expect((await app.operator.get('/api/items?kind=video')).status).toBe(400);
  });

  it('stay out of a plan export, which says how many it left out, and a plan with pictures still reads', async () => {
    const [seed] = PlanListSchema.parse(await app.operator.json('/api/plans')).plans;
    const before = await app.operator.get(`/api/plans/${seed!.id}/export`);
    expect(before.headers.get(MEDIA_LEFT_OUT_HEADER)).toBe('0');
    const sloganCount = PlanSchema.parse(await before.json()).items.length;

    for (const item of [items.hall, items.exhibit]) {
      const linked = await app.operator.post(`/api/plans/${seed!.id}/links`, { itemId: item.id });
      expect(linked.status, await linked.clone().text()).toBe(201);
    }
    const detail = PlanDetailSchema.parse(await app.operator.json(`/api/plans/${seed!.id}`));
    expect(detail.items.filter((i) => i.kind === 'picture').map((i) => i.text)).toEqual([CAPTIONS.hall, CAPTIONS.exhibit]);
    expect((await app.operator.get(`/api/plans/${seed!.id}/report`)).status).toBe(200);

    const res = await app.operator.get(`/api/plans/${seed!.id}/export`);
    expect(res.status).toBe(200);
    // Only the approved picture would have been exported; the submitted one never is.
    expect(res.headers.get(MEDIA_LEFT_OUT_HEADER)).toBe('1');
    const plan = PlanSchema.parse(await res.json());
    expect(plan.items.length).toBe(sloganCount);
    expect(plan.items.some((i) => i.text === CAPTIONS.hall || i.id === items.hall.key)).toBe(false);
  });

  it('play as a photo panel slideshow: approved pictures only, in the panel order', async () => {
    // The panel's order: exhibit (no approved picture), flags, stray (no item at all), hall.
    const job = await app.operator.post('/api/print/jobs', {
      artwork: 'photo-panel',
      title: 'Thành tựu xây dựng Đảng — Ảnh triển lãm',
      photoIds: [photos.exhibit.id, photos.flags.id, photos.stray.id, photos.hall.id],
      preset: 'a4',
      format: 'pdf',
    });
    expect(job.status, await job.clone().text()).toBe(201);
    const printJobId = ((await job.json()) as { id: number }).id;

    const panels = PhotoPanelListSchema.parse(await app.operator.json('/api/photo-panels')).panels;
    expect(panels).toContainEqual(expect.objectContaining({ printJobId, title: 'THÀNH TỰU XÂY DỰNG ĐẢNG — ẢNH TRIỂN LÃM', photos: 4, showable: 2 }));

    const schedule = {
      name: 'Pa nô ảnh ở sảnh',
      target: { zoneId: 'lobby' },
      content: { kind: 'photo-panel', printJobId },
      priority: 100,
      secondsPerItem: 8,
    };
    const unknown = await app.operator.post('/api/schedules', { ...schedule, content: { kind: 'photo-panel', printJobId: 999_999 } });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual(['body.content.printJobId']);
    // A panel none of whose photos an approved picture shows leaves the zone playing what it played.
    const before = await lobbyItemIds(app.operator);
    expect(before.length).toBeGreaterThan(0);
    const strayJob = await app.operator.post('/api/print/jobs', { artwork: 'photo-panel', title: 'Ảnh chưa duyệt', photoIds: [photos.stray.id], preset: 'a4', format: 'pdf' });
    const strayId = ((await strayJob.json()) as { id: number }).id;
    expect((await app.operator.post('/api/schedules', { ...schedule, name: 'Pa nô chưa có ảnh duyệt', content: { kind: 'photo-panel', printJobId: strayId } })).status).toBe(201);
    expect(await lobbyItemIds(app.operator)).toEqual(before);

    const created = await app.operator.post('/api/schedules', schedule);
    expect(created.status, await created.clone().text()).toBe(201);
    expect(await lobbyItemIds(app.operator)).toEqual([items.flags.id, items.hall.id]);

    // Approving the waiting picture of the exhibit photo puts it first, where the panel has it.
    expect((await app.approver.post(`/api/items/${items.exhibit.id}/approve`, { reason: 'Ảnh đúng sự kiện' })).status).toBe(200);
    expect(await lobbyItemIds(app.operator)).toEqual([items.exhibit.id, items.flags.id, items.hall.id]);
    // The revision that also shows it is approved too: both pictures of that photo play, oldest item first.
    expect((await app.approver.post(`/api/items/${items.old.id}/approve`, { reason: 'Ảnh đúng sự kiện' })).status).toBe(200);
    expect(await lobbyItemIds(app.operator)).toEqual([items.exhibit.id, items.old.id, items.flags.id, items.hall.id]);
    const after = PhotoPanelListSchema.parse(await app.operator.json('/api/photo-panels')).panels.find((p) => p.printJobId === printJobId);
    expect(after).toMatchObject({ photos: 4, showable: 3 });

    // A retired picture leaves the slideshow.
    expect((await app.approver.post(`/api/items/${items.flags.id}/retire`, { reason: 'Hết đợt' })).status).toBe(200);
    expect(await lobbyItemIds(app.operator)).toEqual([items.exhibit.id, items.old.id, items.hall.id]);
  });

  it("keep a submitted revision's file as it was reviewed (the database refuses a change)", async () => {
    const engine = (await openTestStore(app.server)).engine;
    try {
      const row = await engine.db
        .selectFrom('content_revision_media as m')
        .innerJoin('content_revisions as r', 'r.id', 'm.revision_id')
        .select(['m.revision_id', 'm.media_id'])
        .where('r.item_id', '=', items.hall.id)
        .orderBy('r.revision')
        .limit(1)
        .executeTakeFirstOrThrow();
      expect(row.media_id).toBe(photos.hall.id);
      const media = () => engine.db.updateTable('content_revision_media').where('revision_id', '=', row.revision_id);
      await expect(media().set({ media_id: photos.stray.id }).execute()).rejects.toThrow(/immutable/);
      await expect(media().set({ focus_json: '{"x":0,"y":0,"width":0.5,"height":0.5}' }).execute()).rejects.toThrow(/immutable/);
      await expect(engine.db.deleteFrom('content_revision_media').where('revision_id', '=', row.revision_id).execute()).rejects.toThrow(/history/);
      const kept = await engine.db.selectFrom('content_revision_media').select('media_id').where('revision_id', '=', row.revision_id).executeTakeFirstOrThrow();
      expect(kept.media_id).toBe(photos.hall.id);
    } finally {
      await engine.close();
    }
  });
});
