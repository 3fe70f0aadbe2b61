import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { useTestApp } from '../support/app.js';
import { pairDisplay } from '../support/displays.js';

const app = useTestApp({ operator: ['van-hanh', ['operator']], viewer: ['nguoi-xem', ['viewer']] });

const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

/** Waits until the wall clock passes `ms`: a play is reported once it has ended, never before. */
const after = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms - Date.now() + 1)));

describe('proof of play', () => {
  it('stores what displays report about themselves, ignores resends, refuses unbelievable plays, and reports per campaign/phase/zone/item', async () => {
    const a = await pairDisplay(app.server.url, app.operator, { zoneId: 'lobby' });
    const b = await pairDisplay(app.server.url, app.operator, { zoneId: 'lobby' });
    // Both timelines were sent before this instant: plays from here on may be believed.
    const t0 = Date.now();
    const interval = a.timeline.timeline!.intervals.find((i) => Date.parse(i.start) <= t0 && t0 + 60_000 < Date.parse(i.end))!;
    const entry = interval.playlist[0]!;
    const play = (start: number, end: number, text = entry.text) => ({
      itemId: entry.itemId,
      revisionId: entry.revisionId,
      template: interval.template,
      start,
      end,
      contentSha256: sha(text),
    });
    const batch = [play(t0, t0 + 200), play(t0 + 200, t0 + 400, 'chữ khác')];
    await after(t0 + 600);
    a.client.send({ type: 'proof', seq: 1, plays: batch });
    expect((await a.client.next('proof-ack')).seq).toBe(1);
    // A resent batch (its ack was lost) is not counted twice, nor held against the display.
    a.client.send({ type: 'proof', seq: 2, plays: batch });
    await a.client.next('proof-ack');
    b.client.send({ type: 'proof', seq: 1, plays: [play(t0 + 100, t0 + 400)] });
    await b.client.next('proof-ack');

    // Not believed: in the future, another item's id, before the display was paired, 30 days of
    // 24-hour plays back to a month ago, overlapping its own earlier play, another template.
    const day = 24 * 3600_000;
    b.client.send({
      type: 'proof',
      seq: 2,
      plays: [
        play(Date.now() + 3600_000, Date.now() + 3610_000),
        { ...play(t0 + 500, t0 + 550), itemId: entry.itemId + 1000 },
        play(t0 - 40_000, t0 - 30_000),
        ...Array.from({ length: 30 }, (_, i) => play(t0 - (i + 1) * day - 60_000, t0 - i * day - 60_000)),
        play(t0 + 300, t0 + 500),
        { ...play(t0 + 450, t0 + 500), template: interval.template === 'banner' ? 'lobby-card' : 'banner' },
      ],
    });
    await b.client.next('proof-ack');

    const from = new Date(t0 - 3600_000).toISOString();
    const to = new Date(t0 + 3600_000).toISOString();
    const report = await app.viewer.json<{ rows: Record<string, unknown>[] }>(`/api/proof-of-play?from=${from}&to=${to}`);
    expect(report.rows).toHaveLength(1);
    expect(report.rows[0]).toMatchObject({ zoneId: 'lobby', itemId: entry.itemId, text: entry.text, screens: 2, mismatches: 1 });
    expect(report.rows[0]!.hoursShown).toBeCloseTo(0.7 / 3600, 8);
    expect(report.rows[0]!.phase).toBe(entry.caption ?? '');
    const month = await app.viewer.json<{ rows: { hoursShown: number }[] }>(`/api/proof-of-play?from=${new Date(t0 - 32 * day).toISOString()}&to=${to}`);
    expect(month.rows.reduce((h, r) => h + r.hoursShown, 0)).toBeCloseTo(0.7 / 3600, 8);

    // Refused plays are counted on the display that sent them, for the Màn hình page.
    const { displays } = await app.viewer.json<{ displays: { id: string; refusedPlays: number; lastRefusedAt: string | null }[] }>('/api/displays');
    expect(displays.find((d) => d.id === b.display.id)).toMatchObject({ refusedPlays: 35 });
    expect(displays.find((d) => d.id === b.display.id)!.lastRefusedAt).not.toBeNull();
    expect(displays.find((d) => d.id === a.display.id)).toMatchObject({ refusedPlays: 0, lastRefusedAt: null });

    const csv = await app.viewer.get(`/api/proof-of-play.csv?from=${from}&to=${to}`);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv; charset=utf-8/);
    const body = Buffer.from(await csv.arrayBuffer());
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = body.toString('utf8').slice(1).split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
    expect(lines[1]).toContain(',2,');
    // One number format per language, stated in the header (issue 12 D12).
    expect(lines[0]).toContain('Số giờ hiển thị (dấu phẩy thập phân, ví dụ 12,5)');
    expect(lines[1]).toMatch(/,"0,\d+",/);
    const en = (await (await app.viewer.get(`/api/proof-of-play.csv?from=${from}&to=${to}&lang=en`)).text()).slice(1).split('\r\n');
    expect(en[0]).toContain('Hours shown (decimal point, e.g. 12.5)');
    expect(en[1]).toMatch(/,0\.\d+,/);
    a.client.close();
    b.client.close();
  });

  it('refuses content that was delivered to another display, not to this one', async () => {
    const lobby = await pairDisplay(app.server.url, app.operator, { zoneId: 'lobby' });
    const gate = await pairDisplay(app.server.url, app.operator, { zoneId: 'gate' });
    const t0 = Date.now();
    // The lobby plays its items as cards, the gate as a ticker: a card was never sent to the gate.
    const interval = lobby.timeline.timeline!.intervals.find((i) => Date.parse(i.start) <= t0 && t0 + 60_000 < Date.parse(i.end))!;
    expect(gate.timeline.timeline!.intervals.some((i) => i.template === interval.template)).toBe(false);
    const foreign = interval.playlist[0]!;
    const claim = { itemId: foreign.itemId, revisionId: foreign.revisionId, template: interval.template, start: t0, end: t0 + 100, contentSha256: sha(foreign.text) };
    await after(t0 + 200);
    gate.client.send({ type: 'proof', seq: 1, plays: [claim] });
    await gate.client.next('proof-ack');
    lobby.client.send({ type: 'proof', seq: 1, plays: [claim] });
    await lobby.client.next('proof-ack');
    const { displays } = await app.viewer.json<{ displays: { id: string; refusedPlays: number }[] }>('/api/displays');
    expect(displays.find((d) => d.id === gate.display.id)!.refusedPlays).toBe(1);
    expect(displays.find((d) => d.id === lobby.display.id)!.refusedPlays).toBe(0);
    // From t0: the earlier test's plays of the same item ended before.
    const report = await app.viewer.json<{ rows: { itemId: number; screens: number }[] }>(
      `/api/proof-of-play?from=${new Date(t0).toISOString()}&to=${new Date(t0 + 1000).toISOString()}`,
    );
    expect(report.rows.find((r) => r.itemId === foreign.itemId)).toMatchObject({ screens: 1 });
    lobby.client.close();
    gate.client.close();
  });

  it('counts a play shorter than a second: the report does not round time on screen away', async () => {
    const d = await pairDisplay(app.server.url, app.operator, { zoneId: 'hall' });
    const t0 = Date.now();
    const interval = d.timeline.timeline!.intervals.find((i) => Date.parse(i.start) <= t0 && t0 + 60_000 < Date.parse(i.end))!;
    const entry = interval.playlist[0]!;
    await after(t0 + 50);
    d.client.send({ type: 'proof', seq: 1, plays: [{ itemId: entry.itemId, revisionId: entry.revisionId, template: interval.template, start: t0, end: t0 + 40, contentSha256: sha(entry.text) }] });
    await d.client.next('proof-ack');
    const report = await app.viewer.json<{ rows: { zoneId: string; hoursShown: number }[] }>(
      `/api/proof-of-play?from=${new Date(t0).toISOString()}&to=${new Date(t0 + 1000).toISOString()}`,
    );
    const hall = report.rows.filter((r) => r.zoneId === 'hall');
    expect(hall).toHaveLength(1);
    expect(hall[0]!.hoursShown).toBeGreaterThan(0);
    expect(hall[0]!.hoursShown).toBeCloseTo(0.04 / 3600, 8);
    d.client.close();
  });

  it('never records a draft as shown, whatever a display reports', async () => {
    const d = await pairDisplay(app.server.url, app.operator, { zoneId: 'gate' });
    const created = await app.operator.post('/api/items', { kind: 'slogan', celebratory: false, text: 'Bản nháp chưa được duyệt!' });
    const draft = (await created.json()) as { id: number; latest: { id: number } };
    const now = Date.now();
    d.client.send({
      type: 'proof',
      seq: 1,
      plays: [{ itemId: draft.id, revisionId: draft.latest.id, template: 'gate-ticker', start: now - 20_000, end: now - 10_000, contentSha256: sha('Bản nháp chưa được duyệt!') }],
    });
    await d.client.next('proof-ack');
    const report = await app.viewer.json<{ rows: { itemId: number }[] }>(
      `/api/proof-of-play?from=${new Date(now - 3600_000).toISOString()}&to=${new Date(now + 3600_000).toISOString()}`,
    );
    expect(report.rows.map((r) => r.itemId)).not.toContain(draft.id);
    d.client.close();
  });

  it('counts a play in the zone whose timeline it played, though the display moved before reporting it', async () => {
    const d = await pairDisplay(app.server.url, app.operator, { zoneId: 'gate' });
    const t0 = Date.now();
    const interval = d.timeline.timeline!.intervals.find((i) => Date.parse(i.start) <= t0 && t0 + 60_000 < Date.parse(i.end))!;
    const entry = interval.playlist[0]!;
    // Played at the gate while cut off from the server; moved to the hall before it could report.
    expect((await app.operator.patch(`/api/displays/${d.display.id}`, { zoneId: 'hall' })).status).toBe(200);
    const moved = await d.client.next('timeline');
    expect(moved.timeline!.zone).toBe('hall');
    await after(t0 + 600);
    const window = `/api/proof-of-play?from=${new Date(t0).toISOString()}&to=${new Date(t0 + 500).toISOString()}`;
    const hours = async () => {
      const { rows } = await app.viewer.json<{ rows: { zoneId: string; itemId: number; hoursShown: number }[] }>(window);
      return Object.fromEntries(rows.filter((r) => r.itemId === entry.itemId).map((r) => [r.zoneId, r.hoursShown]));
    };
    const before = await hours();
    d.client.send({
      type: 'proof',
      seq: 1,
      plays: [{ itemId: entry.itemId, revisionId: entry.revisionId, template: interval.template, start: t0, end: t0 + 500, contentSha256: sha(entry.text) }],
    });
    await d.client.next('proof-ack');
    const added = await hours();
    // Other tests' displays may have shown the same item then: only what this play added counts here.
    expect((added.gate ?? 0) - (before.gate ?? 0)).toBeCloseTo(0.5 / 3600, 8);
    expect(added.hall ?? 0).toBe(before.hall ?? 0);
    d.client.close();
  });

  it('refuses a report without a valid range', async () => {
    expect((await app.viewer.get('/api/proof-of-play')).status).toBe(400);
    expect((await app.viewer.get(`/api/proof-of-play?from=${new Date().toISOString()}&to=2000-01-01T00:00:00.000Z`)).status).toBe(400);
  });
});
