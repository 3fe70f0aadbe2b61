import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.js';
import { userWithRoles } from '../support/session.js';
import { textsAt, zoneTimeline as timelineOf } from '../support/timeline.js';
import { SloganListSchema, type Slogan } from '../../server/protocol/api.js';
import { openTestStore } from '../support/server.js';

const app = useTestApp({ operator: ['van-hanh', ['operator']] });
let slogans: Slogan[];

const XXVI_GREETING = 'Nhiệt liệt chào mừng Đại hội đại biểu Đảng bộ Văn phòng Chính phủ lần thứ XXVI, nhiệm kỳ 2020 - 2025!';
/** Local noon in Hà Nội on a plan date, as a UTC instant. */
const noon = (date: string) => new Date(`${date}T05:00:00.000Z`).toISOString();

/** Two days by default: a moment a minute from now is inside it even just before local midnight. */
const zoneTimeline = (zone: string, from: string, days = 2) => timelineOf(app.operator, zone, from, days);

beforeAll(async () => {
  slogans = SloganListSchema.parse(await app.admin.json('/api/slogans')).slogans;
});

describe('phase-appropriate by itself (38-KH/ĐU with its real dates)', () => {
  it('on 10/08/2020 the lobby greets the XXVI congress; the day after it closes the greeting is gone and “thành công” appears', async () => {
    expect(textsAt(await zoneTimeline('lobby', noon('2020-08-10')), noon('2020-08-10'))).toContain(XXVI_GREETING);
    const after = textsAt(await zoneTimeline('lobby', noon('2020-08-21')), noon('2020-08-21'));
    expect(after).not.toContain(XXVI_GREETING);
    expect(after.some((t) => t.includes('chào mừng thành công'))).toBe(true);
  });

  it('moving the XXVI congress (an operator’s date) moves the greeting’s expiry with it, audited', async () => {
    const res = await app.operator.patch('/api/events/vpcp-congress-xxvi', { opens: '2020-09-09T08:00', closes: '2020-09-10T17:00' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ dateSource: 'operator-entry', opens: '2020-09-09T08:00' });
    expect(textsAt(await zoneTimeline('lobby', noon('2020-08-21')), noon('2020-08-21'))).toContain(XXVI_GREETING);
    expect(textsAt(await zoneTimeline('lobby', noon('2020-09-11')), noon('2020-09-11'))).not.toContain(XXVI_GREETING);

    const store = await openTestStore(app.server);
    try {
      const row = (await store.audit.search({ action: 'event.update', limit: 5 }))[0]!;
      expect(row.actor).toBe('van-hanh');
      expect(JSON.parse(row.before_json!)).toMatchObject({ opens: '2020-08-19T08:00' });
      expect(JSON.parse(row.after_json!)).toMatchObject({ opens: '2020-09-09T08:00' });
    } finally {
      await store.close();
    }
  });

  it('during the XIII National Congress the hall shows the backdrop with the congress title lines', async () => {
    const t = await zoneTimeline('hall', noon('2021-01-27'));
    const at = Date.parse(noon('2021-01-27'));
    const interval = t.intervals.find((i) => Date.parse(i.start) <= at && at < Date.parse(i.end))!;
    expect(interval.template).toBe('backdrop');
    expect(interval.fields?.titleLines?.join(' / ')).toMatch(/ĐẠI HỘI ĐẠI BIỂU.*LẦN THỨ XIII/);
  });

  it('refuses an event that closes before it opens, and an unknown event', async () => {
    const bad = await app.operator.patch('/api/events/khoi-congress-xiii', { opens: '2020-10-29T08:00', closes: '2020-10-27T08:00' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: { path: string }[] }).errors[0]!.path).toBe('body.closes');
    expect((await app.operator.patch('/api/events/khong-co', { opens: '2020-10-29T08:00' })).status).toBe(404);
    expect((await app.operator.patch('/api/events/khoi-congress-xiii', { opens: '2020-13-01T08:00' })).status).toBe(400);
    const events = (await app.operator.json<{ events: { id: string; opens: string }[] }>('/api/events')).events;
    expect(events.find((e) => e.id === 'khoi-congress-xiii')!.opens).toBe('2020-10-27T08:00');
  });
});

describe('overrides reach the screens at once', () => {
  it('mourning removes every celebratory item from every zone’s timeline; clearing restores them', async () => {
    const celebratory = new Set(slogans.filter((s) => s.tags.includes('celebratory')).map((s) => s.text));
    const now = new Date().toISOString();
    const put = await app.admin.request('PUT', '/api/mourning', { messageItemIds: [] });
    expect(put.status).toBe(200);
    for (const zone of ['gate', 'lobby', 'hall']) {
      const t = await zoneTimeline(zone, now);
      const at = Date.now() + 60_000;
      const interval = t.intervals.find((i) => Date.parse(i.start) <= at && at < Date.parse(i.end))!;
      expect(interval.template).toBe('mourning');
      expect(interval.playlist.length).toBeGreaterThan(0);
      expect(interval.playlist.filter((p) => celebratory.has(p.text))).toEqual([]);
    }
    expect((await app.operator.request('PUT', '/api/mourning', { messageItemIds: [] })).status).toBe(403);
    expect((await app.admin.request('DELETE', '/api/mourning')).status).toBe(200);
    expect((await app.admin.request('DELETE', '/api/mourning')).status).toBe(404);
  });

  it('a takeover puts one item on the lobby now and leaves when cleared', async () => {
    const item = slogans.find((s) => s.text.startsWith('Chủ tịch Hồ Chí Minh'))!;
    const res = await app.operator.post('/api/takeovers', { zoneIds: ['lobby'], itemIds: [item.id] });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: number };
    const soon = new Date(Date.now() + 5_000).toISOString();
    expect(textsAt(await zoneTimeline('lobby', new Date().toISOString()), soon)).toEqual([item.text]);
    expect(textsAt(await zoneTimeline('gate', new Date().toISOString()), soon)).not.toEqual([item.text]);
    expect((await app.operator.post(`/api/takeovers/${id}/clear`)).status).toBe(200);
    expect((await app.operator.post(`/api/takeovers/${id}/clear`)).status).toBe(409);
    expect(textsAt(await zoneTimeline('lobby', new Date().toISOString()), soon)).not.toEqual([item.text]);
  });

  it('a rehearsal plays the hall as of the congress opening while the lobby plays now', async () => {
    const asOf = '2021-01-25T01:00:00.000Z';
    expect((await app.operator.request('PUT', '/api/rehearsals/hall', { asOf })).status).toBe(200);
    const now = new Date().toISOString();
    const soon = new Date(Date.now() + 60_000).getTime();
    const hall = (await zoneTimeline('hall', now)).intervals.find((i) => Date.parse(i.start) <= soon && soon < Date.parse(i.end))!;
    expect(hall.kind).toBe('rehearsal');
    expect(hall.template).toBe('backdrop');
    const lobby = (await zoneTimeline('lobby', now)).intervals.find((i) => Date.parse(i.start) <= soon && soon < Date.parse(i.end))!;
    expect(lobby.kind).not.toBe('rehearsal');
    const preview = (await app.operator.json<{ zones: { zoneId: string; rehearsalAsOf: string | null }[] }>('/api/preview')).zones;
    expect(preview.find((z) => z.zoneId === 'hall')!.rehearsalAsOf).not.toBeNull();
    expect((await app.operator.request('DELETE', '/api/rehearsals/hall')).status).toBe(200);
    expect((await app.operator.request('DELETE', '/api/rehearsals/hall')).status).toBe(404);
  });
});

describe('schedule entries', () => {
  it('a higher-priority entry wins over the phase default in its daily hours', async () => {
    const item = slogans.find((s) => s.text.startsWith('Tất cả vì mục tiêu'))!;
    const res = await app.operator.post('/api/schedules', {
      name: 'Giờ hành chính sảnh',
      target: { zoneId: 'lobby' },
      content: { kind: 'items', itemIds: [item.id] },
      window: { from: { date: '2020-08-01' }, until: { date: '2020-09-01' } },
      daily: { from: '07:30', until: '11:30' },
      weekdays: [1, 2, 3, 4, 5],
      priority: 10,
    });
    expect(res.status).toBe(201);
    const t = await zoneTimeline('lobby', noon('2020-08-10'), 1);
    expect(textsAt(t, '2020-08-10T02:00:00.000Z')).toEqual([item.text]);
    expect(textsAt(t, '2020-08-10T06:00:00.000Z')).not.toEqual([item.text]);
    const { schedules } = await app.operator.json<{ schedules: { id: number }[] }>('/api/schedules');
    expect(schedules).toHaveLength(1);
    expect((await app.operator.request('DELETE', `/api/schedules/${schedules[0]!.id}`)).status).toBe(200);
  });

  it.each([
    ['an unknown zone', { target: { zoneId: 'san-bay' } }, 'body.target.zoneId'],
    ['an unknown item', { content: { kind: 'items', itemIds: [99999] } }, 'body.content.itemIds.0'],
    ['an unknown phase', { content: { kind: 'phase', phaseId: 'dot-9' } }, 'body.content.phaseId'],
    ['an anchor to an unknown event', { window: { from: { event: 'khong-co', edge: 'opens' } } }, 'body.window.from.event'],
    ['a bad hour', { daily: { from: '25:00', until: '11:00' } }, 'body.daily.from'],
    ['an unknown key', { repeat: 'daily' }, 'body'],
    ['bidi text in the name', { name: 'Lịch\u202Egiả' }, 'body.name'],
  ])('refuses %s with a problem naming the field, and stores nothing', async (_what, patch, path) => {
    const body = { name: 'Thử', target: { zoneId: 'lobby' }, content: { kind: 'items', itemIds: [slogans[0]!.id] }, priority: 1, ...patch };
    const res = await app.operator.post('/api/schedules', body);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/problem\+json/);
    const problem = (await res.json()) as { errors: { path: string }[] };
    expect(problem.errors.map((e) => e.path).some((p) => p.startsWith(path))).toBe(true);
    expect((await app.operator.json<{ schedules: unknown[] }>('/api/schedules')).schedules).toEqual([]);
  });
});

describe('register content reaches screens by its own places and validity', () => {
  it('a gate-only evergreen slogan plays at the gate once approved, never before, and never in the lobby', async () => {
    const approver = await userWithRoles(app.admin, 'ban-tuyen-giao', ['approver']);
    const text = 'Cán bộ, đảng viên gương mẫu thực hiện nghị quyết Đại hội!';
    const created = await app.operator.post('/api/items', { kind: 'slogan', celebratory: false, text, tags: ['evergreen'], places: ['gate'] });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: number };
    const now = new Date().toISOString();
    const soon = new Date(Date.now() + 60_000).toISOString();
    const everywhere = async () => ({
      gate: textsAt(await zoneTimeline('gate', now), soon),
      lobby: textsAt(await zoneTimeline('lobby', now), soon),
    });
    expect((await everywhere()).gate).not.toContain(text);
    expect((await app.operator.post(`/api/items/${id}/submit`)).status).toBe(200);
    expect((await everywhere()).gate).not.toContain(text);
    expect((await approver.post(`/api/items/${id}/approve`, { reason: 'Phù hợp tuyên truyền tại cổng' })).status).toBe(200);
    const after = await everywhere();
    expect(after.gate).toContain(text);
    expect(after.lobby).not.toContain(text);

    expect((await approver.post(`/api/items/${id}/retire`, { reason: 'Hết đợt' })).status).toBe(200);
    expect((await everywhere()).gate).not.toContain(text);
  });
});

describe('only approved text reaches a screen, around the playlist too', () => {
  it('refuses free text in template fields and in event names', async () => {
    const item = slogans[0]!;
    const free = await app.operator.post('/api/schedules', {
      name: 'Phông tự gõ',
      target: { zoneId: 'hall' },
      content: { kind: 'template', itemIds: [item.id], fields: { topLine: 'THÔNG BÁO KHẨN', titleLines: ['CHƯA DUYỆT'] } },
      priority: 100,
      template: 'backdrop',
    });
    expect(free.status).toBe(400);
    expect((await app.operator.patch('/api/events/vpcp-congress-xxvi', { name: 'Tên chưa duyệt' })).status).toBe(400);
    expect((await app.operator.json<{ schedules: unknown[] }>('/api/schedules')).schedules).toEqual([]);
  });

  it('template fields name register items: approved text shows, unapproved text never does', async () => {
    const approver = await userWithRoles(app.admin, 'duyet-phong', ['approver']);
    const make = async (title: string, text: string, approve: boolean) => {
      const res = await app.operator.post('/api/items', { kind: 'message', celebratory: false, title, text });
      const { id } = (await res.json()) as { id: number };
      await app.operator.post(`/api/items/${id}/submit`);
      if (approve) expect((await approver.post(`/api/items/${id}/approve`, { reason: 'Đúng mẫu phông' })).status).toBe(200);
      return id;
    };
    const titleId = await make('Tiêu đề phông', 'HỘI NGHỊ CÁN BỘ CÔNG CHỨC\nNĂM 2021', true);
    const draftId = await make('Dòng chưa duyệt', 'DÒNG NÀY CHƯA DUYỆT', false);
    const res = await app.operator.post('/api/schedules', {
      name: 'Phông hội nghị',
      target: { zoneId: 'hall' },
      content: { kind: 'template', itemIds: [slogans.find((s) => s.tags.includes('evergreen'))!.id], fields: { titleItemId: titleId, topLineItemId: draftId } },
      priority: 100,
      template: 'backdrop',
    });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: number };
    const now = new Date().toISOString();
    const soon = Date.now() + 60_000;
    const hall = (await zoneTimeline('hall', now)).intervals.find((i) => Date.parse(i.start) <= soon && soon < Date.parse(i.end))!;
    expect(hall.template).toBe('backdrop');
    expect(hall.fields?.titleLines).toEqual(['HỘI NGHỊ CÁN BỘ CÔNG CHỨC', 'NĂM 2021']);
    expect(JSON.stringify(hall)).not.toContain('DÒNG NÀY CHƯA DUYỆT');
    expect((await app.operator.request('DELETE', `/api/schedules/${id}`)).status).toBe(200);
  });
});
