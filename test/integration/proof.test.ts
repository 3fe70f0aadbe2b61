import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { startTestServer, type TestServer } from '../support/server.js';
import { pairDisplay } from '../support/displays.js';
import { loginAdmin, userWithRoles, type ApiClient } from '../support/session.js';

let server: TestServer;
let operator: ApiClient;
let viewer: ApiClient;

beforeAll(async () => {
  server = await startTestServer();
  const admin = await loginAdmin(server.url);
  operator = await userWithRoles(admin, 'van-hanh', ['operator']);
  viewer = await userWithRoles(admin, 'nguoi-xem', ['viewer']);
});
afterAll(() => server.cleanup());

const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

describe('proof of play', () => {
  it('stores what displays report about themselves, ignores resends and unbelievable plays, and reports per campaign/phase/zone/item', async () => {
    const a = await pairDisplay(server.url, operator, { zoneId: 'lobby' });
    const b = await pairDisplay(server.url, operator, { zoneId: 'lobby' });
    const now = Date.now();
    const interval = a.timeline.timeline!.intervals.find((i) => Date.parse(i.start) <= now - 60_000 && now < Date.parse(i.end))!;
    const entry = interval.playlist[0]!;
    const play = (start: number, end: number, text = entry.text) => ({
      itemId: entry.itemId,
      revisionId: entry.revisionId,
      template: interval.template,
      start,
      end,
      contentSha256: sha(text),
    });
    const batch = [play(now - 40_000, now - 30_000), play(now - 20_000, now - 10_000, 'chữ khác')];
    a.client.send({ type: 'proof', seq: 1, plays: batch });
    expect((await a.client.next('proof-ack')).seq).toBe(1);
    // A resent batch (its ack was lost) is not counted twice.
    a.client.send({ type: 'proof', seq: 2, plays: batch });
    await a.client.next('proof-ack');
    // In the future, or for a revision of another item: not believed.
    b.client.send({ type: 'proof', seq: 1, plays: [play(now - 30_000, now - 20_000), play(now + 3600_000, now + 3610_000), { ...play(now - 9000, now - 8000), itemId: entry.itemId + 1000 }] });
    await b.client.next('proof-ack');

    const from = new Date(now - 3600_000).toISOString();
    const to = new Date(now + 3600_000).toISOString();
    const report = await viewer.json<{ rows: Record<string, unknown>[] }>(`/api/proof-of-play?from=${from}&to=${to}`);
    expect(report.rows).toHaveLength(1);
    expect(report.rows[0]).toMatchObject({ zoneId: 'lobby', itemId: entry.itemId, text: entry.text, screens: 2, mismatches: 1 });
    expect(report.rows[0]!.hoursShown).toBeCloseTo(30 / 3600, 3);
    expect(report.rows[0]!.phase).toBe(entry.caption ?? '');

    const csv = await viewer.get(`/api/proof-of-play.csv?from=${from}&to=${to}`);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv; charset=utf-8/);
    const body = Buffer.from(await csv.arrayBuffer());
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = body.toString('utf8').slice(1).split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
    expect(lines[1]).toContain(',2,');
    // One number format per language, stated in the header (issue 12 D12).
    expect(lines[0]).toContain('Số giờ hiển thị (dấu phẩy thập phân, ví dụ 12,5)');
    expect(lines[1]).toMatch(/,"0,008\d*",/);
    const en = (await (await viewer.get(`/api/proof-of-play.csv?from=${from}&to=${to}&lang=en`)).text()).slice(1).split('\r\n');
    expect(en[0]).toContain('Hours shown (decimal point, e.g. 12.5)');
    expect(en[1]).toMatch(/,0\.008\d*,/);
    a.client.close();
    b.client.close();
  });

  it('never records a draft as shown, whatever a display reports', async () => {
    const d = await pairDisplay(server.url, operator, { zoneId: 'gate' });
    const created = await operator.post('/api/items', { kind: 'slogan', celebratory: false, text: 'Bản nháp chưa được duyệt!' });
    const draft = (await created.json()) as { id: number; latest: { id: number } };
    const now = Date.now();
    d.client.send({
      type: 'proof',
      seq: 1,
      plays: [{ itemId: draft.id, revisionId: draft.latest.id, template: 'gate-ticker', start: now - 20_000, end: now - 10_000, contentSha256: sha('Bản nháp chưa được duyệt!') }],
    });
    await d.client.next('proof-ack');
    const report = await viewer.json<{ rows: { itemId: number }[] }>(
      `/api/proof-of-play?from=${new Date(now - 3600_000).toISOString()}&to=${new Date(now + 3600_000).toISOString()}`,
    );
    expect(report.rows.map((r) => r.itemId)).not.toContain(draft.id);
    d.client.close();
  });

  it('refuses a report without a valid range', async () => {
    expect((await viewer.get('/api/proof-of-play')).status).toBe(400);
    expect((await viewer.get(`/api/proof-of-play?from=${new Date().toISOString()}&to=2000-01-01T00:00:00.000Z`)).status).toBe(400);
  });
});
