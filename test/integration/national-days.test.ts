/** The national calendar through the HTTP API: reading, the admin's own days, bad input, recurring schedules. */
import { openTestStore } from '../support/server.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.js';
import { userWithRoles } from '../support/session.js';
import { textsAt, zoneTimeline } from '../support/timeline.js';
import { SloganListSchema, type Slogan } from '../../server/protocol/api.js';
import type { NationalDayView } from '../../server/protocol/national-calendar.js';
import { SEED_PLAN_FILE } from '../../server/plans.js';
import type { PlanInput } from '../../server/protocol/plan.js';
import { readFileSync } from 'node:fs';

const app = useTestApp({ operator: ['van-hanh', ['operator']] });
let slogans: Slogan[];

const FOUNDING_DAY = {
  id: 'truyen-thong-vpcp',
  nameVi: 'Ngày truyền thống Văn phòng Chính phủ',
  nameEn: 'Government Office Tradition Day',
  kind: 'anniversary',
  calendar: 'solar',
  month: 8,
  day: 28,
};

async function days(query = ''): Promise<NationalDayView[]> {
  return (await app.operator.json<{ days: NationalDayView[] }>(`/api/national-days${query}`)).days;
}

async function auditCount(action: string): Promise<number> {
  const store = await openTestStore(app.server);
  try {
    return (await store.audit.search({ action, limit: 100 })).length;
  } finally {
    await store.close();
  }
}

/** What the zone plays at a local Hà Nội noon on `date`. */
async function textsAtNoon(zone: string, date: string): Promise<string[]> {
  const at = `${date}T05:00:00.000Z`;
  return textsAt(await zoneTimeline(app.operator, zone, at, 1), at);
}

beforeAll(async () => {
  slogans = SloganListSchema.parse(await app.admin.json('/api/slogans')).slogans;
});

describe('reading the calendar', () => {
  it('lists the days of law with their Vietnamese and English names and their solar dates, Tết by the Vietnamese lunar calendar', async () => {
    const list = await days('?from=2025&to=2030');
    const tet = list.find((d) => d.id === 'tet-nguyen-dan')!;
    expect(tet).toMatchObject({ nameVi: 'Tết Nguyên đán', nameEn: 'Lunar New Year (Tết)', calendar: 'lunar', month: 1, day: 1, builtIn: true });
    expect(tet.dates).toEqual([
      { year: 2025, date: '2025-01-29' },
      { year: 2026, date: '2026-02-17' },
      { year: 2027, date: '2027-02-06' },
      { year: 2028, date: '2028-01-26' },
      { year: 2029, date: '2029-02-13' },
      // China's Tết is a day later (3/2): the new moon falls before midnight at UTC+7, after it at UTC+8.
      { year: 2030, date: '2030-02-02' },
    ]);
    expect(list.find((d) => d.id === 'gio-to-hung-vuong')!.dates.find((d) => d.year === 2026)).toEqual({ year: 2026, date: '2026-04-26' });
    for (const [id, date] of [['thanh-lap-dang', '2027-02-03'], ['giai-phong-mien-nam', '2027-04-30'], ['quoc-te-lao-dong', '2027-05-01'],
      ['sinh-nhat-bac-ho', '2027-05-19'], ['quoc-khanh', '2027-09-02'], ['quan-doi-nhan-dan', '2027-12-22'], ['thuong-binh-liet-si', '2027-07-27'],
      ['nha-giao-viet-nam', '2027-11-20'], ['tet-duong-lich', '2027-01-01']] as const) {
      expect(list.find((d) => d.id === id)!.dates.find((d) => d.year === 2027)!.date).toBe(date);
    }
    // Names are NFC, stacked marks included.
    for (const d of list) expect(d.nameVi).toBe(d.nameVi.normalize('NFC'));
  });

  it.each([
    ['a reversed range', '?from=2030&to=2020', 'query.to'],
    ['a range of more than 50 years', '?from=1950&to=2030', 'query.to'],
    ['a year the lunar method is not checked for', '?from=1800', 'query.from'],
    ['an unknown parameter', '?nam=2027', 'query'],
  ])('refuses %s', async (_what, query, path) => {
    const res = await app.operator.get(`/api/national-days${query}`);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: { path: string }[] };
    expect(body.errors.map((e) => e.path)).toContain(path);
  });
});

describe('the admin extends the calendar', () => {
  it('adds the agency’s founding day, audited; everyone reads it; its name can be edited', async () => {
    const res = await app.admin.post('/api/national-days', FOUNDING_DAY);
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ ...FOUNDING_DAY, builtIn: false, note: null });
    expect((await days('?from=2027&to=2027')).find((d) => d.id === FOUNDING_DAY.id)!.dates).toEqual([{ year: 2027, date: '2027-08-28' }]);
    expect(await auditCount('national-day.create')).toBe(1);

    const renamed = await app.admin.patch(`/api/national-days/${FOUNDING_DAY.id}`, { nameVi: 'Ngày truyền thống VĂN PHÒNG CHÍNH PHỦ (28/8/1945)' });
    expect(renamed.status).toBe(200);
    expect(((await renamed.json()) as NationalDayView).nameVi).toBe('Ngày truyền thống VĂN PHÒNG CHÍNH PHỦ (28/8/1945)');
    expect(await auditCount('national-day.update')).toBe(1);

    // Its date moves only to a day that exists every year and that no other day holds.
    const lunar30 = await app.admin.patch(`/api/national-days/${FOUNDING_DAY.id}`, { date: { calendar: 'lunar', month: 12, day: 30 } });
    expect(lunar30.status).toBe(400);
    expect(((await lunar30.json()) as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual(['body.date.day']);
    expect((await app.admin.patch(`/api/national-days/${FOUNDING_DAY.id}`, { date: { calendar: 'solar', month: 5, day: 19 } })).status).toBe(409);
    expect(await auditCount('national-day.update')).toBe(1);
    expect((await days()).find((d) => d.id === FOUNDING_DAY.id)).toMatchObject({ calendar: 'solar', month: 8, day: 28 });
  });

  it('adds a lunar day (10/1 âm lịch) and computes it per lunar year', async () => {
    const res = await app.admin.post('/api/national-days', {
      id: 'ngay-le-co-quan', nameVi: 'Ngày lễ của cơ quan', nameEn: 'Agency day', kind: 'anniversary', calendar: 'lunar', month: 1, day: 10,
    });
    expect(res.status).toBe(201);
    const dates = ((await res.json()) as NationalDayView).dates;
    expect(dates.find((d) => d.year === 2027)).toEqual({ year: 2027, date: '2027-02-15' });
    expect((await app.admin.request('DELETE', '/api/national-days/ngay-le-co-quan')).status).toBe(200);
  });

  it.each([
    ['day 30 of a lunar month (some years have 29 days)', { calendar: 'lunar', month: 12, day: 30 }, 'body.day'],
    ['a lunar month 13', { calendar: 'lunar', month: 13, day: 1 }, 'body.month'],
    ['31/04', { month: 4, day: 31 }, 'body.day'],
    ['29/02 (not every year)', { month: 2, day: 29 }, 'body.day'],
    ['an unknown calendar', { calendar: 'chinese' }, 'body.calendar'],
    ['a bad id', { id: 'Ngày lễ' }, 'body.id'],
    ['an empty name', { nameVi: '   ' }, 'body.nameVi'],
    ['bidi text in the name', { nameVi: 'Ngày\u202Egiả' }, 'body.nameVi'],
    ['an unknown key', { every: 'year' }, 'body'],
  ])('refuses %s and stores nothing', async (_what, change, path) => {
    const before = (await days()).length;
    const res = await app.admin.post('/api/national-days', { ...FOUNDING_DAY, id: 'ngay-moi', month: 3, day: 15, ...change });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/problem\+json/);
    const body = (await res.json()) as { errors: { path: string; message: string }[] };
    expect(body.errors.map((e) => e.path)).toContain(path);
    expect((await days()).length).toBe(before);
  });

  it('refuses a duplicate id and a duplicate date, naming the day that has it', async () => {
    const audits = await auditCount('national-day.create');
    const sameId = await app.admin.post('/api/national-days', { ...FOUNDING_DAY, month: 3, day: 15 });
    expect(sameId.status).toBe(409);
    const sameDate = await app.admin.post('/api/national-days', { ...FOUNDING_DAY, id: 'quoc-khanh-cua-toi', month: 9, day: 2 });
    expect(sameDate.status).toBe(409);
    expect(((await sameDate.json()) as { detail: string }).detail).toContain('Quốc khánh');
    const sameLunar = await app.admin.post('/api/national-days', { ...FOUNDING_DAY, id: 'gio-to', calendar: 'lunar', month: 3, day: 10 });
    expect(sameLunar.status).toBe(409);
    expect(await auditCount('national-day.create')).toBe(audits);
  });

  it('refuses to move or delete a day of law, and answers 404 for an unknown day', async () => {
    const move = await app.admin.patch('/api/national-days/quoc-khanh', { date: { calendar: 'solar', month: 9, day: 3 } });
    expect(move.status).toBe(409);
    expect((await app.admin.request('DELETE', '/api/national-days/tet-nguyen-dan')).status).toBe(409);
    expect((await app.admin.patch('/api/national-days/khong-co', { nameVi: 'Không có' })).status).toBe(404);
    expect((await app.admin.request('DELETE', '/api/national-days/khong-co')).status).toBe(404);
    expect((await app.admin.patch('/api/national-days/quoc-khanh', {})).status).toBe(400);
    expect((await days()).find((d) => d.id === 'quoc-khanh')).toMatchObject({ month: 9, day: 2 });
  });

  it('an operator reads but cannot change the calendar', async () => {
    expect((await app.operator.post('/api/national-days', { ...FOUNDING_DAY, id: 'ngay-khac', month: 3, day: 15 })).status).toBe(403);
    expect((await app.operator.patch('/api/national-days/quoc-khanh', { nameVi: 'Khác' })).status).toBe(403);
  });
});

describe('schedules every year around a day', () => {
  it('“the 10 days before Tết, every year” plays in the 10 days before Tết 2027 and 2028, not on Tết', async () => {
    const item = slogans.find((s) => s.text.startsWith('Chủ tịch Hồ Chí Minh'))!;
    const res = await app.operator.post('/api/schedules', {
      name: 'Mười ngày trước Tết',
      target: { zoneId: 'lobby' },
      content: { kind: 'items', itemIds: [item.id] },
      recurring: { nationalDay: 'tet-nguyen-dan', offsetDays: -10, days: 10 },
      priority: 50,
    });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: number };
    expect(await app.operator.json('/api/schedules')).toMatchObject({
      schedules: [{ recurring: { nationalDay: 'tet-nguyen-dan', offsetDays: -10, days: 10 } }],
    });
    // Tết 2027 is 06/02: the window is 27/01–05/02. Tết 2028 is 26/01: 16/01–25/01.
    expect(await textsAtNoon('lobby', '2027-01-27')).toEqual([item.text]);
    expect(await textsAtNoon('lobby', '2027-02-05')).toEqual([item.text]);
    expect(await textsAtNoon('lobby', '2027-02-06')).not.toEqual([item.text]);
    expect(await textsAtNoon('lobby', '2027-01-26')).not.toEqual([item.text]);
    expect(await textsAtNoon('lobby', '2028-01-16')).toEqual([item.text]);
    expect(await textsAtNoon('lobby', '2028-01-26')).not.toEqual([item.text]);
    expect((await app.operator.request('DELETE', `/api/schedules/${id}`)).status).toBe(200);
  });

  it('a day in use cannot be deleted: the refusal names the schedule; once it is gone the day can go', async () => {
    const item = slogans.find((s) => s.text.startsWith('Tất cả vì mục tiêu'))!;
    const res = await app.operator.post('/api/schedules', {
      name: 'Ngày truyền thống cơ quan, 3 ngày',
      target: { zoneId: 'gate' },
      content: { kind: 'items', itemIds: [item.id] },
      recurring: { nationalDay: FOUNDING_DAY.id, offsetDays: 0, days: 3 },
      priority: 50,
    });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: number };
    expect(await textsAtNoon('gate', '2027-08-30')).toEqual([item.text]);
    expect(await textsAtNoon('gate', '2027-08-31')).not.toEqual([item.text]);

    const refused = await app.admin.request('DELETE', `/api/national-days/${FOUNDING_DAY.id}`);
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { detail: string }).detail).toContain('Ngày truyền thống cơ quan, 3 ngày');
    expect((await app.operator.request('DELETE', `/api/schedules/${id}`)).status).toBe(200);
    expect((await app.admin.request('DELETE', `/api/national-days/${FOUNDING_DAY.id}`)).status).toBe(200);
    // The lunar day added above was the first delete.
    expect(await auditCount('national-day.delete')).toBe(2);
    expect((await days()).some((d) => d.id === FOUNDING_DAY.id)).toBe(false);
  });

  it.each([
    ['an unknown day', { nationalDay: 'ngay-khong-co', offsetDays: 0, days: 3 }, 'body.recurring.nationalDay'],
    ['zero days', { nationalDay: 'quoc-khanh', offsetDays: 0, days: 0 }, 'body.recurring.days'],
    ['a fractional offset', { nationalDay: 'quoc-khanh', offsetDays: 0.5, days: 3 }, 'body.recurring.offsetDays'],
  ])('a recurring window with %s is refused and stores nothing', async (_what, recurring, path) => {
    const item = slogans.find((s) => s.text.startsWith('Tất cả vì mục tiêu'))!;
    const res = await app.operator.post('/api/schedules', {
      name: 'Quốc khánh', target: { zoneId: 'lobby' }, content: { kind: 'items', itemIds: [item.id] }, recurring, priority: 5,
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: { path: string }[] }).errors.map((e) => e.path)).toContain(path);
    expect((await app.operator.json<{ schedules: unknown[] }>('/api/schedules')).schedules).toHaveLength(0);
  });
});

describe('plans anchor to a day of the calendar in a year', () => {
  it('a phase can start 10 days before Tết 2027; an unknown day or a year out of range is refused', async () => {
    const { phases } = await app.operator.json<{ phases: { id: string; starts: unknown }[] }>('/api/phases');
    const phase = phases[0]!;
    const ok = await app.operator.patch(`/api/phases/${phase.id}`, { starts: { nationalDay: 'tet-nguyen-dan', year: 2027, offsetDays: -10 } });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ starts: { nationalDay: 'tet-nguyen-dan', year: 2027, offsetDays: -10 } });
    const unknown = await app.operator.patch(`/api/phases/${phase.id}`, { starts: { nationalDay: 'khong-co', year: 2027 } });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { errors: { path: string }[] }).errors.map((e) => e.path)).toContain('body.starts.nationalDay');
    const far = await app.operator.patch(`/api/phases/${phase.id}`, { starts: { nationalDay: 'tet-nguyen-dan', year: 2300 } });
    expect(far.status).toBe(400);
    expect((await app.operator.patch(`/api/phases/${phase.id}`, { starts: phase.starts })).status).toBe(200);
  });

  it('a day a phase anchors to cannot be deleted; the refusal names the phase', async () => {
    expect((await app.admin.post('/api/national-days', { ...FOUNDING_DAY, id: 'ngay-hoi-cua-dang-bo', nameVi: 'Ngày hội của Đảng bộ', month: 10, day: 3 })).status).toBe(201);
    const { phases } = await app.operator.json<{ phases: { id: string; label: string; starts: unknown }[] }>('/api/phases');
    const phase = phases[1]!;
    expect((await app.operator.patch(`/api/phases/${phase.id}`, { starts: { nationalDay: 'ngay-hoi-cua-dang-bo', year: 2027 } })).status).toBe(200);
    const refused = await app.admin.request('DELETE', '/api/national-days/ngay-hoi-cua-dang-bo');
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { detail: string }).detail).toContain(`Đợt "${phase.label}"`);
    expect((await app.operator.patch(`/api/phases/${phase.id}`, { starts: phase.starts })).status).toBe(200);
    expect((await app.admin.request('DELETE', '/api/national-days/ngay-hoi-cua-dang-bo')).status).toBe(200);
  });
});

describe('a plan file anchored to the calendar', () => {
  it('is refused whole when a phase or item names a day the calendar lacks, each at its path', async () => {
    const approver = await userWithRoles(app.admin, 'duyet', ['approver']);
    const plan = JSON.parse(readFileSync(SEED_PLAN_FILE, 'utf8')) as PlanInput;
    plan.document.number = '12-KH/ĐU';
    plan.items = plan.items.slice(0, 2).map((it) => ({ ...it, id: `p12-${it.id}` }));
    plan.campaigns[0]!.phases[0]!.starts = { nationalDay: 'tet-nguyen-dan', year: 2027, offsetDays: -10 };
    plan.campaigns[0]!.phases[0]!.ends = { nationalDay: 'tet-thieu-nhi', year: 2027 };
    plan.items[1]!.validUntil = { nationalDay: 'ngay-khong-co', year: 2027 };
    const before = (await app.admin.json<{ plans: unknown[] }>('/api/plans')).plans.length;
    const res = await approver.post('/api/plans/import', plan);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: { path: string }[] };
    expect(body.errors.map((e) => e.path)).toEqual(['body.campaigns.0.phases.0.ends.nationalDay', 'body.items.1.validUntil.nationalDay']);
    expect((await app.admin.json<{ plans: unknown[] }>('/api/plans')).plans).toHaveLength(before);
  });
});
