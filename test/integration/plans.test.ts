import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { loginAdmin, userWithRoles, type ApiClient } from '../support/session.js';
import type { CampaignView, PlanDetail, PlanEventView, PlanPhaseView, PlanView } from '../../server/protocol/plans.js';
import type { ItemDetail } from '../../server/protocol/content.js';
import type { Timeline } from '../../server/protocol/timeline.js';

/**
 * Writing plans through the HTTP API: a plan, its sections, events and phases, proposals, links,
 * states, what plays, draft preview, refused deletes, and two plans using the same keys.
 */

let server: TestServer;
let admin: ApiClient;
let writer: ApiClient;
let approver: ApiClient;
let viewer: ApiClient;

const TZ = 'Asia/Ho_Chi_Minh';
/** A local calendar date, `days` from today, in the plan's time zone. */
function localDay(days: number): string {
  const d = new Date(Date.now() + days * 86_400_000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
}

// Real slogans of the kind such plans carry, with stacked diacritics (Ễ, Ể, Ẫ, Ậ).
const SLOGAN_A = 'Nhiệt liệt chào mừng Đại hội đại biểu Đảng bộ Khối lần thứ XIV, nhiệm kỳ 2025 - 2030!';
const SLOGAN_B = 'NHIỆT LIỆT CHÀO MỪNG NGÀY HỘI: KỂ CHUYỆN, DIỄN ĐÀN, HƯỚNG DẪN THỰC HIỆN NGHỊ QUYẾT, ĐẬM ĐÀ BẢN SẮC';

const PLAN = {
  number: '12-KH/ĐU',
  title: 'Tuyên truyền Đại hội đại biểu Đảng bộ Khối lần thứ XIV',
  issuer: 'Đảng ủy Văn phòng Chính phủ',
  issuedOn: '2026-11-20',
  place: 'Hà Nội',
  signedBy: { name: 'Nguyễn Văn Ân', position: 'Phó Bí thư Đảng ủy' },
  sections: [{ section: 'II.1', title: 'Tuyên truyền trước, trong và sau Đại hội' }],
  places: ['lobby', 'gate'],
};

beforeAll(async () => {
  server = await startTestServer();
  admin = await loginAdmin(server.url);
  writer = await userWithRoles(admin, 'soan-ke-hoach', ['operator']);
  approver = await userWithRoles(admin, 'duyet-1', ['approver']);
  viewer = await userWithRoles(admin, 'chi-xem', ['viewer']);
});
afterAll(() => server?.cleanup());

const errorsOf = async (res: Response) => {
  expect(res.headers.get('content-type')).toMatch(/problem\+json/);
  return ((await res.json()) as { errors?: { path: string; message: string }[] }).errors ?? [];
};
const detail = (id: number) => viewer.json<PlanDetail>(`/api/plans/${id}`);
const auditActions = async (target: string) =>
  (await admin.json<{ rows: { action: string; target: string }[] }>(`/api/audit?limit=200`)).rows.filter((r) => r.target === target).map((r) => r.action);
const lobbyTexts = async (query = '') => {
  const t = await viewer.json<Timeline>(`/api/zones/lobby/timeline?days=1${query}`);
  const now = Date.now();
  const current = t.intervals.find((i) => Date.parse(i.start) <= now && now < Date.parse(i.end))!;
  return current.playlist.map((e) => e.text);
};

let plan: PlanView;
let campaign: CampaignView;
let congress: PlanEventView;
let during: PlanPhaseView;
let slogan: ItemDetail;

describe('writing a plan', () => {
  it('creates a draft with its sections; a second plan with the same number is refused and nothing stored', async () => {
    const res = await writer.post('/api/plans', PLAN);
    expect(res.status).toBe(201);
    const created = (await res.json()) as PlanDetail;
    plan = created.plan;
    campaign = created.campaigns[0]!;
    expect(plan).toMatchObject({ number: '12-KH/ĐU', state: 'draft', signedBy: PLAN.signedBy });
    expect(created.places.map((p) => p.id)).toEqual(['lobby', 'gate']);
    expect(campaign).toMatchObject({ section: 'II.1', key: 'ii-1' });

    const before = (await viewer.json<{ plans: PlanView[] }>('/api/plans')).plans.length;
    const dup = await writer.post('/api/plans', { ...PLAN, title: 'Khác' });
    expect(dup.status).toBe(409);
    expect((await errorsOf(dup)).map((e) => e.path)).toEqual(['body.number']);
    const bad = await writer.post('/api/plans', { ...PLAN, number: '13-KH/ĐU', places: ['mai-nha'] });
    expect(bad.status).toBe(400);
    expect((await errorsOf(bad)).map((e) => e.path)).toEqual(['body.places.0']);
    expect((await viewer.json<{ plans: PlanView[] }>('/api/plans')).plans).toHaveLength(before);
    expect(await auditActions(`plan:${plan.id}`)).toEqual(['plan.create']);
  });

  it('adds an event and phases anchored to it (date or edge + offset); bad anchors and orders are refused', async () => {
    const res = await writer.post(`/api/plans/${plan.id}/events`, {
      key: 'dai-hoi-khoi-xiv',
      name: 'Đại hội đại biểu Đảng bộ Khối lần thứ XIV, nhiệm kỳ 2025 - 2030',
      kind: 'congress',
      opens: `${localDay(-2)}T08:00`,
      closes: `${localDay(20)}T17:00`,
      dateSource: 'operator-entry',
      note: 'Ngày dự kiến, chờ công bố chính thức',
    });
    expect(res.status).toBe(201);
    congress = (await res.json()) as PlanEventView;
    expect(congress).toMatchObject({ key: 'dai-hoi-khoi-xiv', planId: plan.id, planNumber: '12-KH/ĐU' });

    const phase = (body: object) => writer.post(`/api/plans/${plan.id}/phases`, { campaignId: campaign.id, ...body });
    const before = await phase({ key: 'truoc', title: 'Đợt 1', starts: { date: localDay(-30) }, ends: { event: congress.id, edge: 'opens' } });
    expect(before.status).toBe(201);
    const duringRes = await phase({ key: 'trong', title: 'Đợt 2', summary: 'Trong thời gian diễn ra Đại hội', starts: { event: congress.id, edge: 'opens' }, ends: { event: congress.id, edge: 'closes' } });
    expect(duringRes.status).toBe(201);
    during = (await duringRes.json()) as PlanPhaseView;
    expect(during).toMatchObject({ label: 'II.1 Đợt 2', number: 2 });
    const after = await phase({ key: 'sau', title: 'Đợt 3', starts: { event: congress.id, edge: 'closes' }, ends: { event: congress.id, edge: 'closes', offsetDays: 90 } });
    expect(after.status).toBe(201);

    const unknown = await phase({ title: 'Đợt 4', starts: { event: 'dai-hoi-xv', edge: 'opens' }, ends: null });
    expect(unknown.status).toBe(400);
    expect((await errorsOf(unknown)).map((e) => e.path)).toEqual(['body.starts.event']);
    const foreign = await phase({ title: 'Đợt 4', starts: { event: 'national-congress-xiii', edge: 'opens' }, ends: null });
    expect(foreign.status).toBe(400);
    expect((await errorsOf(foreign))[0]!.message).toContain('38-KH/ĐU');
    const backwards = await phase({ title: 'Đợt 4', starts: { event: congress.id, edge: 'closes' }, ends: { event: congress.id, edge: 'opens' } });
    expect(backwards.status).toBe(400);
    expect((await errorsOf(backwards))[0]!.message).toContain('kết thúc trước khi bắt đầu');
    const badEvent = await writer.post(`/api/plans/${plan.id}/events`, { name: 'Ngược', kind: 'other', opens: '2026-12-10T08:00', closes: '2026-12-09T08:00', dateSource: 'operator-entry' });
    expect(badEvent.status).toBe(400);

    const stored = await detail(plan.id);
    expect(stored.events).toHaveLength(1);
    expect(stored.campaigns[0]!.phases.map((p) => p.key)).toEqual(['truoc', 'trong', 'sau']);
  });

  it('moving an event so that a phase would end before it starts is refused, and nothing moves', async () => {
    // Đợt 1 runs from 30 days ago to the opening: an opening 40 days ago would end it before it starts.
    const res = await writer.patch(`/api/plans/${plan.id}/events/${congress.id}`, { opens: `${localDay(-40)}T08:00` });
    expect(res.status).toBe(400);
    // The same through Sự kiện & đợt's own route.
    expect((await writer.patch(`/api/events/${congress.id}`, { opens: `${localDay(-40)}T08:00` })).status).toBe(400);
    expect((await writer.patch(`/api/phases/${during.id}`, { ends: { event: congress.id, edge: 'opens', offsetDays: -1 } })).status).toBe(400);
    expect((await detail(plan.id)).events[0]!.opens).toBe(congress.opens);
  });

  it('a slogan proposed into the plan enters the register submitted with its provenance; its author cannot approve it', async () => {
    const res = await writer.post(`/api/plans/${plan.id}/items`, { kind: 'slogan', text: SLOGAN_A.normalize('NFD'), celebratory: true, phaseId: during.id, tags: ['celebratory', 'greeting'], events: [congress.id] });
    expect(res.status).toBe(201);
    slogan = (await res.json()) as ItemDetail;
    expect(slogan).toMatchObject({ status: 'submitted', source: { document: '12-KH/ĐU', section: 'II.1 Đợt 2' } });
    expect(slogan.latest.text).toBe(SLOGAN_A.normalize('NFC'));
    expect(slogan.latest.submittedBy).toBe('soan-ke-hoach');
    const b = await writer.post(`/api/plans/${plan.id}/items`, { kind: 'slogan', text: SLOGAN_B, celebratory: true });
    expect(b.status).toBe(201);
    const unknown = await writer.post(`/api/plans/${plan.id}/items`, { kind: 'slogan', text: 'Chào mừng', celebratory: true, events: ['khong-co'] });
    expect(unknown.status).toBe(400);
    expect((await detail(plan.id)).items.map((i) => [i.text, i.phaseId])).toEqual([
      [SLOGAN_A, during.id],
      [SLOGAN_B, null],
    ]);
    // The approver rule holds for plan proposals too: a second person approves.
    const writerApprover = await userWithRoles(admin, 'soan-va-duyet', ['approver']);
    const own = (await (await writerApprover.post(`/api/plans/${plan.id}/items`, { kind: 'slogan', text: 'Tự đề xuất, tự duyệt', celebratory: false })).json()) as ItemDetail;
    expect((await writerApprover.post(`/api/items/${own.id}/approve`, { reason: 'thử' })).status).toBe(409);
    expect((await approver.post(`/api/items/${slogan.id}/approve`, { reason: 'Đúng văn bản' })).status).toBe(200);
  });

  it('a draft plays nothing; previewing it shows what it would play; active plays; ended stops, items keep their history', async () => {
    expect(await lobbyTexts()).not.toContain(SLOGAN_A);
    expect((await viewer.json<{ events: PlanEventView[] }>('/api/events')).events.map((e) => e.id)).not.toContain(congress.id);
    expect(await lobbyTexts(`&previewPlan=${plan.id}`)).toContain(SLOGAN_A);
    const preview = await viewer.json<{ zones: { zoneId: string; entry: { text: string } | null }[] }>(`/api/preview?previewPlan=${plan.id}`);
    expect(preview.zones.find((z) => z.zoneId === 'lobby')!.entry).not.toBeNull();
    expect((await viewer.get('/api/zones/lobby/timeline?previewPlan=9999')).status).toBe(400);
    // Previewing changed nothing.
    expect((await detail(plan.id)).plan.state).toBe('draft');

    expect((await writer.post(`/api/plans/${plan.id}/state`, { state: 'active' })).status).toBe(403);
    expect((await admin.post(`/api/plans/${plan.id}/state`, { state: 'active' })).status).toBe(403);
    const on = await approver.post(`/api/plans/${plan.id}/state`, { state: 'active', reason: 'Ban Thường vụ đã ký' });
    expect(on.status).toBe(200);
    expect(await lobbyTexts()).toContain(SLOGAN_A);
    const events = (await viewer.json<{ events: PlanEventView[] }>('/api/events')).events;
    expect(events.find((e) => e.id === congress.id)).toMatchObject({ planNumber: '12-KH/ĐU', planTitle: PLAN.title });
    expect(events.some((e) => e.planNumber === '38-KH/ĐU')).toBe(true);
    const phases = (await viewer.json<{ phases: PlanPhaseView[] }>('/api/phases')).phases;
    expect(phases.filter((p) => p.planId === plan.id).map((p) => p.label)).toEqual(['II.1 Đợt 1', 'II.1 Đợt 2', 'II.1 Đợt 3']);

    expect((await approver.post(`/api/plans/${plan.id}/state`, { state: 'ended' })).status).toBe(200);
    expect(await lobbyTexts()).not.toContain(SLOGAN_A);
    expect((await viewer.json<ItemDetail>(`/api/items/${slogan.id}`)).status).toBe('approved');
    expect((await admin.post(`/api/plans/${plan.id}/state`, { state: 'ended' })).status).toBe(409);
    expect(await auditActions(`plan:${plan.id}`)).toEqual(expect.arrayContaining(['plan.activate', 'plan.end']));
    expect((await approver.post(`/api/plans/${plan.id}/state`, { state: 'active' })).status).toBe(200);
  });

  it('refuses to delete an event or phase something depends on, listing what does', async () => {
    const ev = await writer.request('DELETE', `/api/plans/${plan.id}/events/${congress.id}`);
    expect(ev.status).toBe(409);
    const deps = await errorsOf(ev);
    expect(deps.map((e) => e.path)).toEqual(expect.arrayContaining([`dependents.phase.${during.id}`, `dependents.item.${slogan.id}`]));
    expect(deps.find((e) => e.path === `dependents.phase.${during.id}`)!.message).toContain('II.1 Đợt 2');
    const ph = await writer.request('DELETE', `/api/plans/${plan.id}/phases/${during.id}`);
    expect(ph.status).toBe(409);
    expect((await errorsOf(ph)).map((e) => e.path)).toEqual([`dependents.item.${slogan.id}`]);
    const sec = await writer.request('DELETE', `/api/plans/${plan.id}/campaigns/${campaign.id}`);
    expect(sec.status).toBe(409);
    expect((await detail(plan.id)).campaigns[0]!.phases).toHaveLength(3);

    // A phase nothing uses goes, audited.
    const spare = (await (await writer.post(`/api/plans/${plan.id}/phases`, { campaignId: campaign.id, title: 'Đợt 4', starts: { date: localDay(100) }, ends: null })).json()) as PlanPhaseView;
    expect((await writer.request('DELETE', `/api/plans/${plan.id}/phases/${spare.id}`)).status).toBe(200);
    expect(await auditActions(`phase:${spare.id}`)).toEqual(['plan.phase.delete', 'plan.phase.create']);
  });

  it('links an existing item to a second plan without copying it: one item, one approval', async () => {
    const other = (await (await writer.post('/api/plans', { ...PLAN, number: '14-KH/ĐU', sections: [] })).json()) as PlanDetail;
    const before = (await viewer.json<{ items: unknown[] }>('/api/items')).items.length;
    const res = await writer.post(`/api/plans/${other.plan.id}/links`, { itemId: slogan.id });
    expect(res.status).toBe(201);
    expect(((await res.json()) as PlanDetail).items.map((i) => [i.itemId, i.status])).toEqual([[slogan.id, 'approved']]);
    expect((await viewer.json<{ items: unknown[] }>('/api/items')).items).toHaveLength(before);
    expect((await writer.post(`/api/plans/${other.plan.id}/links`, { itemId: slogan.id })).status).toBe(409);
    expect((await writer.post(`/api/plans/${other.plan.id}/links`, { itemId: slogan.id, phaseId: during.id })).status).toBe(400);
  });

  it('two plans with the same keys keep apart: ids never collide, each plan exports its own keys', async () => {
    const twin = (await (await writer.post('/api/plans', { ...PLAN, number: '15-KH/ĐU' })).json()) as PlanDetail;
    const ev = (await (await writer.post(`/api/plans/${twin.plan.id}/events`, { key: 'dai-hoi-khoi-xiv', name: 'Đại hội khác', kind: 'congress', opens: '2027-03-01T08:00', closes: '2027-03-03T12:00', dateSource: 'public-record' })).json()) as PlanEventView;
    expect(ev.key).toBe('dai-hoi-khoi-xiv');
    expect(ev.id).not.toBe(congress.id);
    const ph = await writer.post(`/api/plans/${twin.plan.id}/phases`, { campaignId: twin.campaigns[0]!.id, key: 'trong', title: 'Đợt 2', starts: { event: ev.id, edge: 'opens' }, ends: { event: ev.id, edge: 'closes' } });
    expect(ph.status).toBe(201);
    expect(((await ph.json()) as PlanPhaseView).id).not.toBe(during.id);
    // The first plan's event is untouched.
    expect((await detail(plan.id)).events[0]).toMatchObject({ id: congress.id, name: congress.name });
    const exported = await viewer.json<{ events: { id: string }[]; campaigns: { phases: { id: string; starts: { event?: string } }[] }[] }>(`/api/plans/${twin.plan.id}/export`);
    expect(exported.events.map((e) => e.id)).toEqual(['dai-hoi-khoi-xiv']);
    expect(exported.campaigns[0]!.phases[0]).toMatchObject({ id: 'trong', starts: { event: 'dai-hoi-khoi-xiv' } });
  });

  it('importing a plan keeps its events and phases and lands it as a draft (one event on 22/12/2026, two items)', async () => {
    const file = {
      format: 'pano-plan/1',
      document: { number: '20-KH/ĐU', title: 'Kỷ niệm Ngày thành lập Quân đội nhân dân Việt Nam', issuer: 'Đảng ủy cơ quan', issuedOn: '2026-11-30', place: 'Hà Nội', signedBy: { name: 'Trần Thị Bích', position: 'Bí thư' } },
      places: [{ id: 'lobby', name: 'Sảnh', kind: 'lobby' }],
      events: [{ id: 'qdnd-82', name: 'Kỷ niệm 82 năm Ngày thành lập Quân đội nhân dân Việt Nam', kind: 'anniversary', opens: '2026-12-22T00:00', closes: '2026-12-23T00:00', dateSource: 'public-record' }],
      campaigns: [{ id: 'tuyen-truyen', section: 'II', title: 'Tuyên truyền', phases: [{ id: 'dot-1', number: 1, title: 'Đợt 1', starts: { event: 'qdnd-82', edge: 'opens', offsetDays: -7 }, ends: { event: 'qdnd-82', edge: 'closes' }, themes: [] }] }],
      items: [
        { kind: 'slogan', id: 'qdnd-1', text: 'Nhiệt liệt chào mừng 82 năm Ngày thành lập Quân đội nhân dân Việt Nam!', section: 'III', celebratory: true, tags: ['celebratory'], events: ['qdnd-82'], places: ['lobby'] },
        { kind: 'slogan', id: 'qdnd-2', text: 'Quân đội nhân dân Việt Nam anh hùng muôn năm!', section: 'III', celebratory: false, tags: [], events: [], places: [] },
      ],
    };
    const res = await approver.post('/api/plans/import', file);
    expect(res.status).toBe(201);
    const { plan: imported } = (await res.json()) as { plan: PlanView };
    const stored = await detail(imported.id);
    expect(stored.plan.state).toBe('draft');
    expect(stored.events.map((e) => [e.key, e.opens])).toEqual([['qdnd-82', '2026-12-22T00:00']]);
    expect(stored.campaigns[0]!.phases.map((p) => p.key)).toEqual(['dot-1']);
    expect(stored.items.map((i) => i.status)).toEqual(['submitted', 'submitted']);
    expect(await auditActions(`plan:${imported.id}`)).toEqual(['plan.import']);
  });
});
