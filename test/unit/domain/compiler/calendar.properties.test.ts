/** Calendar invariants (fast-check): priority, moving an event, local midnight in any zone. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileAll, compileDisplayTimeline, type CompilerInput, type ScheduleEntry } from '../../../../server/domain/compiler/index.js';
import { localToMs } from '../../../../server/domain/compiler/resolve.js';
import { addDays, toLocal } from '../../../../server/domain/time.js';
import { resolveAnchor, type Anchor } from '../../../../server/protocol/plan.js';
import type { TimelineInterval } from '../../../../server/protocol/timeline.js';
import { idOf, intervalAt, plan, seedInput } from './fixtures.js';

const DAY = 86_400_000;
const EVERGREEN = ['renewal', 'party-building', 'prosperous-people', 'ho-chi-minh', 'defend-the-fatherland'].map(idOf);

describe('priority', () => {
  const NOW = new Date('2020-09-10T02:00:00.000Z');
  const entries = fc.array(
    fc.record({
      priority: fc.integer({ min: 0, max: 3 }),
      from: fc.integer({ min: -2, max: 7 * 24 }),
      hours: fc.integer({ min: 1, max: 72 }),
      itemIds: fc.subarray(EVERGREEN, { minLength: 1 }),
    }),
    { maxLength: 6 },
  );

  it('where entries overlap the highest priority plays; equal priorities merge in entry-id order', () => {
    fc.assert(
      fc.property(entries, fc.integer({ min: 0, max: 7 * 24 * 60 - 1 }), (gen, minute) => {
        const schedules = gen.map((g, k) => {
          const from = NOW.getTime() + g.from * 3_600_000;
          return {
            id: `e${k}`,
            target: { zoneId: 'lobby' },
            content: { kind: 'items' as const, itemIds: g.itemIds },
            window: { from: { instant: new Date(from).toISOString() }, until: { instant: new Date(from + g.hours * 3_600_000).toISOString() } },
            priority: g.priority,
          } satisfies ScheduleEntry;
        });
        const t = compileDisplayTimeline(seedInput({ schedules }), 'lobby-1', NOW, 8)!;
        const at = Date.parse(t.horizonStart) + minute * 60_000;
        const active = schedules.filter((s) => {
          return Date.parse(s.window.from.instant) <= at && at < Date.parse(s.window.until.instant);
        });
        const interval = intervalAt(t, new Date(at));
        if (active.length === 0) {
          expect(interval.kind).toBe('phase');
          return;
        }
        const top = Math.max(...active.map((s) => s.priority));
        const expected = [...new Set(active.filter((s) => s.priority === top).flatMap((s) => s.content.itemIds))];
        expect(interval.kind).toBe('schedule');
        expect(interval.playlist.map((p) => p.itemId)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});

describe('moving an event', () => {
  const NOW = new Date('2020-06-01T00:00:00.000Z');
  const base = seedInput();
  const tz = base.timeZone;
  const anchors: Anchor[] = [
    ...plan.campaigns.flatMap((c) => c.phases.flatMap((p) => [p.starts, ...(p.ends ? [p.ends] : [])])),
    ...plan.items.flatMap((i) => [i.validFrom, i.validUntil].filter((a) => a !== undefined)),
    ...plan.events.flatMap((e) => (['opens', 'closes'] as const).map((edge) => ({ event: e.id, edge }))),
  ];
  const at = (input: CompilerInput, a: Anchor) => localToMs(resolveAnchor(input.events, a)!, tz);
  const strip = (i: TimelineInterval) => ({ ...i, start: undefined, end: undefined });
  const congresses = plan.events.filter((e) => e.kind === 'congress').map((e) => e.id);

  it('shifts exactly the intervals anchored to it, by the same amount, and changes nothing else', () => {
    fc.assert(
      fc.property(fc.constantFrom(...congresses), fc.integer({ min: -40, max: 40 }).filter((k) => k !== 0), (eventId, days) => {
        const moved: CompilerInput = {
          ...base,
          events: base.events.map((e) => {
            if (e.id !== eventId) return e;
            const shift = (s: string) => {
              const l = addDays({ year: +s.slice(0, 4), month: +s.slice(5, 7), day: +s.slice(8, 10), hour: +s.slice(11, 13), minute: +s.slice(14, 16) }, days);
              return `${l.year}-${String(l.month).padStart(2, '0')}-${String(l.day).padStart(2, '0')}${s.slice(10)}`;
            };
            return { ...e, opens: shift(e.opens), closes: shift(e.closes) };
          }),
        };
        const anchored = new Set(anchors.filter((a) => 'event' in a && a.event === eventId).map((a) => at(base, a)));
        const others = anchors.filter((a) => !('event' in a && a.event === eventId)).map((a) => at(base, a));
        // Only moves that keep every anchor's order: a congress cannot be moved past the next one.
        fc.pre([...anchored].every((a) => others.every((o) => a !== o && a + days * DAY !== o && a < o === a + days * DAY < o)));

        const before = compileAll(base, NOW, 420);
        const after = compileAll(moved, NOW, 420);
        for (const [display, t] of before) {
          const u = after.get(display)!;
          expect(u.intervals.map((i) => i.start), display).toEqual(
            t.intervals.map((i) => Date.parse(i.start)).map((s) => new Date(anchored.has(s) ? s + days * DAY : s).toISOString()),
          );
          expect(u.intervals.map(strip), display).toEqual(t.intervals.map(strip));
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('time zones at midnight', () => {
  const zones = ['Asia/Ho_Chi_Minh', 'Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata', 'Pacific/Chatham', 'UTC'];
  const dateOf = (ms: number, tz: string) => {
    const l = toLocal(new Date(ms), tz);
    return `${l.year}-${String(l.month).padStart(2, '0')}-${String(l.day).padStart(2, '0')}`;
  };

  it('the horizon runs from local midnight today for whole local days, and date anchors cut at local midnight', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: Date.parse('2020-06-20T00:00:00Z'), max: Date.parse('2020-07-02T00:00:00Z') }),
        fc.integer({ min: 1, max: 30 }),
        (tz, now, days) => {
          const t = compileDisplayTimeline(seedInput({ timeZone: tz }), 'lobby-1', new Date(now), days)!;
          const start = Date.parse(t.horizonStart);
          const end = Date.parse(t.horizonEnd);
          expect(toLocal(new Date(start), tz)).toMatchObject({ hour: 0, minute: 0, second: 0 });
          expect(toLocal(new Date(end), tz)).toMatchObject({ hour: 0, minute: 0, second: 0 });
          expect(dateOf(start, tz)).toBe(dateOf(now, tz));
          expect(start).toBeLessThanOrEqual(now);
          const l = toLocal(new Date(start), tz);
          const last = addDays({ year: l.year, month: l.month, day: l.day, hour: 0, minute: 0 }, days);
          expect(dateOf(end, tz)).toBe(`${last.year}-${String(last.month).padStart(2, '0')}-${String(last.day).padStart(2, '0')}`);
          // Đợt 1 → Đợt 2 on 01/07/2020 at 00:00 local, whichever the zone.
          const cut = localToMs('2020-07-01T00:00', tz);
          if (start < cut && cut < end) {
            const i = intervalAt(t, new Date(cut));
            expect(i.start).toBe(new Date(cut).toISOString());
            expect(i.playlist[0]!.caption).toBe('II.1 Đợt 2');
            expect(intervalAt(t, new Date(cut - 1)).playlist[0]!.caption).toBe('II.1 Đợt 1');
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
