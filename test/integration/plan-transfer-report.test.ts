import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { loginAdmin, userWithRoles, type ApiClient } from '../support/session.js';
import { pairDisplay } from '../support/displays.js';
import { jobEnded, untilJob } from '../support/print-jobs.js';
import { PlanSchema, type Plan } from '../../server/protocol/plan.js';
import type { PlanDetail, PlanEventView, PlanPhaseView, PlanReport, PlanView } from '../../server/protocol/plans.js';
import type { ItemDetail } from '../../server/protocol/content.js';

/** Export → import into an empty installation gives the same plan; the plan's report from proof of play and print jobs. */

const TZ = 'Asia/Ho_Chi_Minh';
function localDay(days: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(Date.now() + days * 86_400_000));
}
const ddmmyyyy = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

const SLOGANS = [
  'Nhiệt liệt chào mừng Đại hội đại biểu Đảng bộ Văn phòng Chính phủ lần thứ XXVII, nhiệm kỳ 2025 - 2030!',
  'THI ĐUA LẬP THÀNH TÍCH CHÀO MỪNG ĐẠI HỘI — KỂ CHUYỆN, DIỄN ĐÀN, HƯỚNG DẪN, ĐẬM ĐÀ BẢN SẮC',
];

let a: TestServer;
let b: TestServer | undefined;
let writer: ApiClient;
let approver: ApiClient;
let operator: ApiClient;
let plan: PlanView;
let phase: PlanPhaseView;
let items: ItemDetail[];

beforeAll(async () => {
  a = await startTestServer();
  const admin = await loginAdmin(a.url);
  writer = await userWithRoles(admin, 'soan', ['operator']);
  operator = writer;
  approver = await userWithRoles(admin, 'duyet', ['approver']);
  // A plan written through the API: an event, two đợt (one anchored +offset), two slogans.
  const created = (await (await writer.post('/api/plans', {
    number: '07-KH/ĐU',
    title: 'Tuyên truyền Đại hội Đảng bộ lần thứ XXVII',
    issuer: 'Đảng ủy Văn phòng Chính phủ',
    issuedOn: '2026-11-02',
    place: 'Hà Nội',
    signedBy: { name: 'Lê Minh Ẩn', position: 'Phó Bí thư' },
    sections: [{ key: 'dai-hoi', section: 'II.1', title: 'Tuyên truyền Đại hội' }],
    places: ['lobby'],
  })).json()) as PlanDetail;
  plan = created.plan;
  const event = (await (await writer.post(`/api/plans/${plan.id}/events`, {
    key: 'dai-hoi-xxvii',
    name: 'Đại hội đại biểu Đảng bộ Văn phòng Chính phủ lần thứ XXVII, nhiệm kỳ 2025 - 2030',
    kind: 'congress',
    opens: `${localDay(-3)}T08:00`,
    closes: `${localDay(10)}T12:00`,
    dateSource: 'operator-entry',
  })).json()) as PlanEventView;
  phase = (await (await writer.post(`/api/plans/${plan.id}/phases`, {
    campaignId: created.campaigns[0]!.id, key: 'dot-1', title: 'Đợt 1', summary: 'Trong thời gian diễn ra Đại hội', themes: ['Chào mừng Đại hội'],
    starts: { event: event.id, edge: 'opens', offsetDays: -5 }, ends: { event: event.id, edge: 'closes' },
  })).json()) as PlanPhaseView;
  await writer.post(`/api/plans/${plan.id}/phases`, {
    campaignId: created.campaigns[0]!.id, key: 'dot-2', title: 'Đợt 2', starts: { event: event.id, edge: 'closes' }, ends: { event: event.id, edge: 'closes', offsetDays: 90 },
  });
  items = [];
  for (const [i, text] of SLOGANS.entries()) {
    const item = (await (await writer.post(`/api/plans/${plan.id}/items`, { kind: 'slogan', text, celebratory: i === 0, phaseId: phase.id, places: ['lobby'], events: i === 0 ? [event.id] : [], validUntil: { event: event.id, edge: 'closes', offsetDays: 1 } })).json()) as ItemDetail;
    expect((await approver.post(`/api/items/${item.id}/approve`, { reason: 'Đúng kế hoạch' })).status).toBe(200);
    items.push(item);
  }
  expect((await approver.post(`/api/plans/${plan.id}/state`, { state: 'active' })).status).toBe(200);
});
afterAll(async () => {
  await a?.cleanup();
  await b?.cleanup();
});

describe('export and import', () => {
  it('a plan exported as pano-plan imports into an empty installation to the same events, phases, items and anchors', async () => {
    const exported: Plan = PlanSchema.parse(await writer.json(`/api/plans/${plan.id}/export`));
    expect(exported.items.map((i) => i.text)).toEqual(SLOGANS);
    expect(exported.campaigns[0]!.phases[0]!.starts).toEqual({ event: 'dai-hoi-xxvii', edge: 'opens', offsetDays: -5 });

    b = await startTestServer({}, undefined, {}, { approveSeed: false });
    const adminB = await loginAdmin(b.url);
    const importer = await userWithRoles(adminB, 'nhap', ['approver']);
    const approverB = await userWithRoles(adminB, 'duyet-b', ['approver']);
    const res = await importer.post('/api/plans/import', exported);
    expect(res.status).toBe(201);
    const { plan: imported } = (await res.json()) as { plan: PlanView };
    // Its items wait for a person other than the importer; once approved, the export is the same file.
    for (const item of (await approverB.json<PlanDetail>(`/api/plans/${imported.id}`)).items) {
      expect(item.status).toBe('submitted');
      expect((await approverB.post(`/api/items/${item.itemId}/approve`, { reason: 'Duyệt' })).status).toBe(200);
    }
    expect(PlanSchema.parse(await importer.json(`/api/plans/${imported.id}/export`))).toEqual(exported);
  });
});

describe('the plan’s report', () => {
  it('counts what was shown per đợt, item and zone from proof of play, and printed banners per đợt; CSV in Vietnamese with dd/mm/yyyy', async () => {
    const screen = await pairDisplay(a.url, operator, { zoneId: 'lobby' });
    const now = Date.now();
    const interval = screen.timeline.timeline!.intervals.find((i) => Date.parse(i.start) <= now && now < Date.parse(i.end))!;
    const entry = interval.playlist.find((e) => e.itemId === items[0]!.id)!;
    expect(entry.caption).toBe('II.1 Đợt 1');
    const play = (start: number, end: number) => ({ itemId: entry.itemId, revisionId: entry.revisionId, template: interval.template, start, end, contentSha256: sha(entry.text) });
    // Plays are believed only after the timeline that holds them was delivered (issue 13 B5): two
    // of 1.5 s from now, the second ending within the server's allowance for a clock ahead.
    screen.client.send({ type: 'proof', seq: 1, plays: [play(now, now + 1500), play(now + 2000, now + 3500)] });
    await screen.client.next('proof-ack');

    const job = await operator.post('/api/print/jobs', { items: [items[1]!.id], widthMm: 1000, heightMm: 200, dpi: 20, format: 'png' });
    expect(job.status).toBe(201);
    const done = await untilJob(operator, ((await job.json()) as { id: number }).id, jobEnded);
    expect(done.status).toBe('done');

    const report = await writer.json<PlanReport>(`/api/plans/${plan.id}/report`);
    expect(report.phases.map((p) => [p.label, p.shows, p.seconds, p.printed])).toEqual([
      ['II.1 Đợt 1', 2, 3, 1],
      ['II.1 Đợt 2', 0, 0, 0],
    ]);
    expect(report.shown).toEqual([
      expect.objectContaining({ phaseId: phase.id, itemId: items[0]!.id, itemText: SLOGANS[0], zoneId: 'lobby', displays: 1, shows: 2, seconds: 3 }),
    ]);
    expect(report.printed).toEqual([expect.objectContaining({ phaseId: phase.id, artwork: 'banner', itemText: SLOGANS[1], pieces: 1, jobs: 1, widthMm: 1000, heightMm: 200 })]);
    // A window that ends before today holds nothing.
    const past = await writer.json<PlanReport>(`/api/plans/${plan.id}/report?until=${localDay(-30)}`);
    expect(past.shown).toEqual([]);
    expect((await writer.get(`/api/plans/${plan.id}/report?from=31/12/2026`)).status).toBe(400);

    const csv = await writer.get(`/api/plans/${plan.id}/report.csv`);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv; charset=utf-8/);
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="bao-cao-07-KH-DU.csv"');
    const text = Buffer.from(await csv.arrayBuffer()).toString('utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toContain('Số giờ hiển thị (dấu phẩy thập phân, ví dụ 12,5)');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toBe(`Hiển thị,II.1 Đợt 1,"${SLOGANS[0]}",Khẩu hiệu,Sảnh,1,2,"0,000833",${ddmmyyyy(localDay(0))},${ddmmyyyy(localDay(0))}`);
    expect(lines[2]).toMatch(new RegExp(`^In ấn,II\\.1 Đợt 1,"${SLOGANS[1]}",,Băng rôn,1000 × 200,1,,\\d{2}/\\d{2}/\\d{4},\\d{2}/\\d{2}/\\d{4}$`));
    screen.client.close();
  });
});
