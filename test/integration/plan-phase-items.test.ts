import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { loginAdmin, userWithRoles, type ApiClient } from '../support/session.js';
import type { PlanDetail } from '../../server/protocol/plans.js';
import type { ItemDetail } from '../../server/protocol/content.js';
import type { Timeline } from '../../server/protocol/timeline.js';
import { addDays, localToMs, msToLocal } from '../../control/time.js';

let server: TestServer;
let writer: ApiClient;
let approver: ApiClient;

beforeAll(async () => {
  server = await startTestServer();
  const admin = await loginAdmin(server.url);
  writer = await userWithRoles(admin, 'viet-ke-hoach', ['operator']);
  approver = await userWithRoles(admin, 'duyet-dot', ['approver']);
});
afterAll(async () => {
  await server?.cleanup();
});

async function ok<T>(res: Promise<Response>, status = 200): Promise<T> {
  const r = await res;
  const body = await r.text();
  expect(r.status, body).toBe(status);
  return JSON.parse(body) as T;
}

const today = msToLocal(Date.now()).slice(0, 10);
const CONGRESS = 'Đại hội Chi bộ Phòng Tổng hợp lần thứ V';
const closes = `${addDays(today, 3)}T11:30`;
const FIRST = 'Thi đua lập thành tích chào mừng Đại hội — GƯƠNG MẪU, THỰC TIỄN!';
const SECOND = 'Chào mừng thành công Đại hội — ĐỂ MỖI ĐẢNG VIÊN LÀ MỘT TẤM GƯƠNG!';
const BOTH = 'Đoàn kết, kỷ cương, sáng tạo — học tập và làm theo tư tưởng Hồ Chí Minh!';

describe('an item proposed into a đợt plays in that đợt only', () => {
  it('a slogan put in Đợt 1 plays before the congress, one in Đợt 2 after it, one put in the section in both', async () => {
    const created = await ok<PlanDetail>(
      writer.post('/api/plans', {
        number: '07-KH/CB',
        title: `Kế hoạch tuyên truyền ${CONGRESS}`,
        issuer: 'Chi bộ Phòng Tổng hợp',
        issuedOn: today,
        place: 'Hà Nội',
        signedBy: { name: 'Lê Văn Hiển', position: 'Bí thư Chi bộ' },
        sections: [{ section: 'II.1', title: 'Tuyên truyền Đại hội' }],
      }),
      201,
    );
    const planId = created.plan.id;
    const campaignId = created.campaigns[0]!.id;
    await ok(writer.post(`/api/plans/${planId}/events`, { name: CONGRESS, kind: 'congress', opens: `${addDays(today, 2)}T08:00`, closes, dateSource: 'operator-entry' }), 201);
    const eventId = (await writer.json<PlanDetail>(`/api/plans/${planId}`)).events[0]!.id;
    const phase = (title: string, starts: unknown, ends: unknown) => ok(writer.post(`/api/plans/${planId}/phases`, { campaignId, title, starts, ends }), 201);
    await phase('Đợt 1', { date: addDays(today, -5) }, { event: eventId, edge: 'opens' });
    await phase('Đợt 2', { event: eventId, edge: 'closes' }, { event: eventId, edge: 'closes', offsetDays: 30 });
    const [p1, p2] = (await writer.json<PlanDetail>(`/api/plans/${planId}`)).campaigns[0]!.phases;

    for (const [text, where] of [[FIRST, { phaseId: p1!.id }], [SECOND, { phaseId: p2!.id }], [BOTH, { campaignId }]] as const) {
      const item = await ok<ItemDetail>(writer.post(`/api/plans/${planId}/items`, { kind: 'slogan', text, celebratory: true, ...where }), 201);
      await ok(approver.post(`/api/items/${item.id}/approve`, { reason: 'Đúng kế hoạch' }));
    }
    await ok(approver.post(`/api/plans/${planId}/state`, { state: 'active' }));

    const from = new Date(localToMs(`${today}T00:00`)).toISOString();
    const timeline = await writer.json<Timeline>(`/api/zones/lobby/timeline?from=${encodeURIComponent(from)}&days=8`);
    const playingAt = (ms: number) =>
      timeline.intervals.filter((i) => Date.parse(i.start) <= ms && ms < Date.parse(i.end)).flatMap((i) => i.playlist.map((p) => p.text));
    const now = playingAt(Date.now());
    expect(now).toContain(FIRST);
    expect(now).toContain(BOTH);
    expect(now).not.toContain(SECOND);
    const after = playingAt(localToMs(closes) + 3_600_000);
    expect(after).toContain(SECOND);
    expect(after).toContain(BOTH);
    expect(after).not.toContain(FIRST);
  });
});
