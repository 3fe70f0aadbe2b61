/** Precedence, schedules, fallback, time zones and incremental-recompile rules, one example each. */
import { describe, expect, it } from 'vitest';
import {
  affectedZones,
  compileAll,
  compileDisplayTimeline,
  congressTitleLines,
  type CompilerInput,
  type ScheduleEntry,
} from '../../../../server/domain/compiler/index.js';
import { toLocal } from '../../../../server/domain/time.js';
import { hanoi, idOf, intervalAt, keysAt, seedInput } from './fixtures.js';

const NOW = hanoi('2020-08-10T09:00');
const iso = (local: string) => hanoi(local).toISOString();
const lobbyAt = (input: CompilerInput, local: string, days = 7) =>
  intervalAt(compileDisplayTimeline(input, 'lobby-1', NOW, days)!, hanoi(local));

function entry(over: Partial<ScheduleEntry> & Pick<ScheduleEntry, 'id'>): ScheduleEntry {
  return { target: { zoneId: 'lobby' }, content: { kind: 'items', itemIds: [idOf('renewal')] }, priority: 0, ...over };
}

describe('schedule entries', () => {
  it('higher priority wins; equal priorities merge into one rotation in entry-id order', () => {
    const input = seedInput({
      schedules: [
        entry({ id: 'b', priority: 1, content: { kind: 'items', itemIds: [idOf('ho-chi-minh'), idOf('renewal')] } }),
        entry({ id: 'a', priority: 1, content: { kind: 'items', itemIds: [idOf('renewal')] }, secondsPerItem: 30 }),
        entry({ id: 'c', priority: 0, content: { kind: 'items', itemIds: [idOf('party-building')] } }),
      ],
    });
    const i = lobbyAt(input, '2020-08-11T10:00');
    expect(i.kind).toBe('schedule');
    expect(i.playlist.map((p) => p.itemId)).toEqual([idOf('renewal'), idOf('ho-chi-minh')]);
    expect(i.secondsPerItem).toBe(30);
  });

  it('a daily range on weekdays cuts the day at local times and leaves the weekend to the phase', () => {
    const input = seedInput({ schedules: [entry({ id: 'morning', daily: { from: '07:00', until: '09:00' }, weekdays: [1, 2, 3, 4, 5] })] });
    const t = compileDisplayTimeline(input, 'lobby-1', NOW, 7)!;
    expect(intervalAt(t, hanoi('2020-08-11T07:00')).start).toBe(iso('2020-08-11T07:00'));
    expect(intervalAt(t, hanoi('2020-08-11T07:00')).kind).toBe('schedule');
    expect(intervalAt(t, hanoi('2020-08-11T09:00')).kind).toBe('phase');
    // 15/08/2020 is a Saturday.
    expect(intervalAt(t, hanoi('2020-08-15T08:00')).kind).toBe('phase');
  });

  it('a range past midnight belongs to the weekday it starts on', () => {
    const input = seedInput({ schedules: [entry({ id: 'night', daily: { from: '22:00', until: '06:00' }, weekdays: [5] })] });
    const t = compileDisplayTimeline(input, 'lobby-1', NOW, 7)!;
    expect(intervalAt(t, hanoi('2020-08-15T05:59')).kind).toBe('schedule'); // Friday night into Saturday
    expect(intervalAt(t, hanoi('2020-08-15T06:00')).kind).toBe('phase');
    expect(intervalAt(t, hanoi('2020-08-15T23:00')).kind).toBe('phase'); // Saturday night
  });

  it('an anchored window moves with its event; expired items fall through to the phase', () => {
    const input = seedInput({
      schedules: [
        entry({
          id: 'congress-days',
          priority: 5,
          content: { kind: 'items', itemIds: [idOf('greet-vpcp-congress-xxvi')] },
          window: { from: { event: 'vpcp-congress-xxvi', edge: 'opens' }, until: { event: 'vpcp-congress-xxvi', edge: 'closes', offsetDays: 1 } },
        }),
      ],
    });
    const t = compileDisplayTimeline(input, 'lobby-1', NOW, 14)!;
    expect(intervalAt(t, hanoi('2020-08-19T08:00')).kind).toBe('schedule');
    expect(intervalAt(t, hanoi('2020-08-19T08:00')).start).toBe(iso('2020-08-19T08:00'));
    expect(intervalAt(t, hanoi('2020-08-20T18:00')).kind).toBe('phase'); // the greeting expired at the close
  });

  it('phase content and display targets: one display can be scheduled apart from its zone', () => {
    const input = seedInput({
      schedules: [entry({ id: 'd', target: { displayId: 'lobby-2' }, priority: 1, content: { kind: 'phase', phaseId: 'party-congresses-2020-3' } })],
    });
    const all = compileAll(input, NOW, 14);
    expect(intervalAt(all.get('lobby-1')!, hanoi('2020-08-11T10:00')).kind).toBe('phase');
    const two = intervalAt(all.get('lobby-2')!, hanoi('2020-08-11T10:00'));
    expect(two.kind).toBe('schedule');
    expect(two.playlist.every((p) => p.caption === 'II.1 Đợt 3')).toBe(true);
    expect(keysAt(all.get('lobby-2')!, hanoi('2020-08-11T10:00'))).not.toContain('success-party-congresses'); // not valid yet
  });
});

describe('takeover and mourning precedence', () => {
  const takeover = { id: 't1', zoneIds: ['lobby'], itemIds: [idOf('ho-chi-minh')], from: iso('2020-08-11T10:17'), until: iso('2020-08-11T11:00') };

  it('a takeover wins over every schedule, on its zones only, from its own start, then clears itself', () => {
    const input = seedInput({ takeovers: [takeover], schedules: [entry({ id: 's', priority: 1000 })] });
    const all = compileAll(input, NOW, 3);
    const i = intervalAt(all.get('lobby-1')!, hanoi('2020-08-11T10:30'));
    expect(i.kind).toBe('takeover');
    expect(i.start).toBe(takeover.from);
    expect(i.epoch).toBe(takeover.from);
    expect(i.end).toBe(takeover.until);
    expect(intervalAt(all.get('lobby-1')!, hanoi('2020-08-11T11:00')).kind).toBe('schedule');
    expect(intervalAt(all.get('gate-1')!, hanoi('2020-08-11T10:30')).kind).toBe('phase');
  });

  it("'all' takes every zone; the latest takeover wins where two overlap", () => {
    const later = { id: 't0', zoneIds: 'all' as const, itemIds: [idOf('renewal')], from: iso('2020-08-11T10:20') };
    const all = compileAll(seedInput({ takeovers: [later, takeover] }), NOW, 3);
    for (const t of all.values()) expect(intervalAt(t, hanoi('2020-08-11T10:30')).playlist.map((p) => p.itemId)).toEqual([idOf('renewal')]);
    expect(intervalAt(all.get('lobby-1')!, hanoi('2020-08-11T10:18')).playlist.map((p) => p.itemId)).toEqual([idOf('ho-chi-minh')]);
  });

  it('mourning wins over a takeover: its celebratory items are dropped, sober ones stay under the mourning template', () => {
    const loud = { ...takeover, itemIds: [idOf('long-live-the-republic'), idOf('renewal')] };
    const input = seedInput({ takeovers: [loud], mourning: { from: iso('2020-08-11T00:00'), until: iso('2020-08-12T00:00'), messageItemIds: [] } });
    const i = lobbyAt(input, '2020-08-11T10:30');
    expect(i.kind).toBe('mourning');
    expect(i.template).toBe('mourning');
    expect(i.playlist.map((p) => p.itemId)).toEqual([idOf('renewal')]);
  });
});

describe('fallback', () => {
  it('after every phase has ended the evergreen slogans play, never a blank screen', () => {
    const i = intervalAt(compileDisplayTimeline(seedInput(), 'lobby-1', hanoi('2021-06-01T09:00'), 7)!, hanoi('2021-06-02T09:00'));
    expect(i.kind).toBe('fallback');
    expect(i.playlist.length).toBeGreaterThan(0);
    expect(i.playlist.every((p) => seedInput().items.find((it) => it.id === p.itemId)!.tags.includes('evergreen'))).toBe(true);
  });

  it('a zone the admin added, which no item names, still gets the evergreen slogans', () => {
    const base = seedInput();
    const input = { ...base, zones: [...base.zones, { id: 'canteen', kind: 'other' as const }], displays: [{ id: 'c1', zoneId: 'canteen' }] };
    const i = intervalAt(compileDisplayTimeline(input, 'c1', NOW, 3)!, NOW);
    expect(i.kind).toBe('fallback');
    expect(i.playlist.length).toBeGreaterThan(0);
  });
});

describe('time zones at midnight', () => {
  it('Asia/Ho_Chi_Minh: the horizon and date anchors fall on local midnight (17:00 UTC the day before)', () => {
    const t = compileDisplayTimeline(seedInput(), 'lobby-1', new Date('2020-06-30T16:59:59.000Z'), 2)!;
    expect(t.horizonStart).toBe('2020-06-29T17:00:00.000Z');
    expect(t.horizonEnd).toBe('2020-07-01T17:00:00.000Z');
    // Đợt 1 ends and Đợt 2 starts on 01/07/2020, 00:00 in Hà Nội.
    expect(t.intervals.map((i) => i.start)).toEqual(['2020-06-29T17:00:00.000Z', '2020-06-30T17:00:00.000Z']);
    expect(t.intervals[1]!.playlist[0]!.caption).toBe('II.1 Đợt 2');
    expect(compileDisplayTimeline(seedInput(), 'lobby-1', new Date('2020-06-30T17:00:00.000Z'), 1)!.horizonStart).toBe('2020-06-30T17:00:00.000Z');
  });

  it('America/New_York across the end of DST: the same wall-clock rules, 23- and 25-hour days included', () => {
    const input = seedInput({ timeZone: 'America/New_York', schedules: [entry({ id: 'm', daily: { from: '07:00', until: '09:00' } })] });
    const t = compileDisplayTimeline(input, 'lobby-1', new Date('2020-10-31T12:00:00.000Z'), 3)!;
    expect(t.horizonStart).toBe('2020-10-31T04:00:00.000Z'); // EDT
    expect(t.horizonEnd).toBe('2020-11-03T05:00:00.000Z'); // EST
    const starts = t.intervals.filter((i) => i.kind === 'schedule').map((i) => i.start);
    expect(starts).toEqual(['2020-10-31T11:00:00.000Z', '2020-11-01T12:00:00.000Z', '2020-11-02T12:00:00.000Z']);
    for (const s of starts) expect(toLocal(new Date(s), 'America/New_York').hour).toBe(7);
  });
});

describe('determinism and incremental recompile', () => {
  it('same input, same JSON; input order of items, schedules and takeovers does not matter', () => {
    const a = seedInput({ schedules: [entry({ id: 'x' }), entry({ id: 'y', priority: 0 })] });
    const b = { ...a, items: [...a.items].reverse(), schedules: [...a.schedules].reverse() };
    const json = (i: CompilerInput) => JSON.stringify([...compileAll(i, NOW, 30)]);
    expect(json(a)).toBe(json(seedInput({ schedules: [entry({ id: 'x' }), entry({ id: 'y', priority: 0 })] })));
    expect(json(b)).toBe(json(a));
  });

  it('affectedZones names only the zones a change can reach', () => {
    const a = seedInput();
    expect(affectedZones(a, seedInput())).toEqual(new Set());
    expect(affectedZones(a, { ...a, schedules: [entry({ id: 's', target: { displayId: 'hall-side' } })] })).toEqual(new Set(['hall']));
    expect(affectedZones(a, { ...a, takeovers: [{ id: 't', zoneIds: ['gate'], itemIds: [1], from: iso('2020-08-11T10:00') }] })).toEqual(new Set(['gate']));
    expect(affectedZones(a, { ...a, rehearsals: [{ zoneId: 'hall', asOf: iso('2020-08-19T08:00'), startedAt: iso('2020-08-18T14:00') }] })).toEqual(new Set(['hall']));
    expect(affectedZones(a, { ...a, events: a.events.map((e) => ({ ...e, closes: e.closes })).reverse() })).toBe('all');
    expect(affectedZones(a, { ...a, mourning: { from: iso('2020-08-11T00:00'), messageItemIds: [] } })).toBe('all');
  });
});

it('congress title lines follow the phông layout', () => {
  expect(congressTitleLines('Đại hội đại biểu Đảng bộ Văn phòng Chính phủ lần thứ XXVI, nhiệm kỳ 2020 - 2025')).toEqual([
    'ĐẠI HỘI ĐẠI BIỂU',
    'ĐẢNG BỘ VĂN PHÒNG CHÍNH PHỦ LẦN THỨ XXVI',
    'NHIỆM KỲ 2020 - 2025',
  ]);
});
