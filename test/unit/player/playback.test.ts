import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { nowShowing, pastHorizon } from '../../../server/protocol/playback.js';
import { coverageOf } from '../../../server/domain/coverage.js';
import { reconnectDelay } from '../../../server/protocol/reconnect.js';
import type { Timeline } from '../../../server/protocol/timeline.js';

const entry = (n: number) => ({ itemId: n, revisionId: n, text: `Khẩu hiệu ${n}` });

const timeline: Timeline = {
  zone: 'lobby',
  timeZone: 'Asia/Ho_Chi_Minh',
  horizonStart: '2020-08-09T17:00:00.000Z',
  horizonEnd: '2020-08-11T17:00:00.000Z',
  intervals: [
    {
      start: '2020-08-09T17:00:00.000Z',
      end: '2020-08-10T17:00:00.000Z',
      template: 'lobby-card',
      secondsPerItem: 10,
      epoch: '2020-01-01T00:00:00.000Z',
      playlist: [entry(1), entry(2), entry(3)],
    },
    {
      start: '2020-08-10T17:00:00.000Z',
      end: '2020-08-11T17:00:00.000Z',
      template: 'banner',
      secondsPerItem: 20,
      epoch: '2020-01-01T00:00:00.000Z',
      playlist: [entry(4)],
    },
  ],
};

describe('past the horizon', () => {
  const withEvergreen: Timeline = {
    ...timeline,
    afterHorizon: { template: 'lobby-card', secondsPerItem: 10, epoch: '2020-01-01T00:00:00.000Z', playlist: [entry(7), entry(8)] },
  };
  const later = Date.parse('2020-08-20T03:00:05.000Z');

  it('plays the zone’s evergreen rotation, in lockstep, until the server is back', () => {
    expect(pastHorizon(withEvergreen, later)).toBe(true);
    const a = nowShowing(withEvergreen, later)!;
    expect(a.interval.kind).toBe('fallback');
    expect([7, 8]).toContain(a.entry.revisionId);
    expect(nowShowing(withEvergreen, later + 10_000)!.entry.revisionId).not.toBe(a.entry.revisionId);
    // Inside the horizon the compiled intervals still rule.
    expect(nowShowing(withEvergreen, Date.parse('2020-08-11T16:59:59.000Z'))!.entry.revisionId).toBe(4);
  });

  it('without an evergreen rotation nothing is scheduled (the screen shows its built-in slogan)', () => {
    expect(nowShowing(timeline, later)).toBeUndefined();
  });

  it('coverage joins neighbouring intervals per revision and template, and the rotation covers from the horizon on', () => {
    const same: Timeline = {
      ...withEvergreen,
      intervals: [
        { ...timeline.intervals[0]!, playlist: [entry(1), entry(2)] },
        { ...timeline.intervals[1]!, template: 'lobby-card', playlist: [entry(2), entry(3)] },
      ],
    };
    const c = coverageOf(same);
    expect(c.find((x) => x.revisionId === 2)).toMatchObject({ startsAt: '2020-08-09T17:00:00.000Z', endsAt: '2020-08-11T17:00:00.000Z' });
    expect(c.find((x) => x.revisionId === 7)).toMatchObject({ startsAt: '2020-08-11T17:00:00.000Z', endsAt: '9999-12-31T23:59:59.999Z', intervalKind: 'fallback' });
  });
});

describe('nowShowing', () => {
  it('rotates by (now − epoch) / secondsPerItem modulo the playlist', () => {
    const t = Date.parse('2020-08-10T00:00:00.000Z');
    const slot = Math.floor((t - Date.parse('2020-01-01T00:00:00.000Z')) / 10_000);
    const a = nowShowing(timeline, t)!;
    expect(a.index).toBe(slot % 3);
    expect(nowShowing(timeline, t + 10_000)!.index).toBe((slot + 1) % 3);
    expect(a.until - a.since).toBe(10_000);
  });

  it('switches interval, template and playlist at the interval boundary', () => {
    const boundary = Date.parse('2020-08-10T17:00:00.000Z');
    expect(nowShowing(timeline, boundary - 1)!.interval.template).toBe('lobby-card');
    expect(nowShowing(timeline, boundary - 1)!.until).toBe(boundary);
    expect(nowShowing(timeline, boundary)!.entry.itemId).toBe(4);
  });

  it('gives a clip a slot of its own length and a picture the time per item, in a cycle from the epoch', () => {
    const clip = { ...entry(5), text: 'Đoạn phim Đại hội', media: { kind: 'clip' as const, id: 'a'.repeat(64), width: 1920, height: 1080, durationMs: 7_500 } };
    const picture = { ...entry(6), text: 'Ảnh Đại hội', media: { kind: 'picture' as const, id: 'b'.repeat(64), width: 4000, height: 3000, focus: { x: 0, y: 0, width: 1, height: 1 } } };
    const epoch = Date.parse('2020-08-09T17:00:00.000Z');
    const mixed: Timeline = {
      ...timeline,
      intervals: [{ ...timeline.intervals[0]!, epoch: new Date(epoch).toISOString(), playlist: [entry(1), clip, picture] }],
    };
    // The cycle is 10 s + 7.5 s + 10 s = 27.5 s.
    const at = (ms: number) => nowShowing(mixed, epoch + ms)!;
    expect(at(0).entry.itemId).toBe(1);
    expect(at(10_000)).toMatchObject({ index: 1, since: epoch + 10_000, until: epoch + 17_500 });
    expect(at(17_499).entry.itemId).toBe(5);
    expect(at(17_500)).toMatchObject({ index: 2, since: epoch + 17_500, until: epoch + 27_500 });
    expect(at(27_500)).toMatchObject({ index: 0, since: epoch + 27_500 });
    expect(at(3 * 27_500 + 12_000)).toMatchObject({ index: 1, since: epoch + 3 * 27_500 + 10_000 });
  });

  it('shows nothing outside the horizon', () => {
    expect(nowShowing(timeline, Date.parse('2020-08-12T00:00:00.000Z'))).toBeUndefined();
  });

  it('two displays with the same timeline and clock agree at every instant', () => {
    const start = Date.parse(timeline.horizonStart);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 * 86_400_000 - 1 }), (dt) => {
        const copy = JSON.parse(JSON.stringify(timeline)) as Timeline;
        const a = nowShowing(timeline, start + dt);
        const b = nowShowing(copy, start + dt);
        expect(b?.entry).toEqual(a?.entry);
        expect(a!.since).toBeLessThanOrEqual(start + dt);
        expect(a!.until).toBeGreaterThan(start + dt);
      }),
    );
  });
});

describe('reconnect backoff', () => {
  it('stays within [base/2, cap] and grows with attempts', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100 }), fc.double({ min: 0, max: 1, noNaN: true }), (attempt, r) => {
        const d = reconnectDelay(attempt, () => r);
        expect(d).toBeGreaterThanOrEqual(250);
        expect(d).toBeLessThanOrEqual(30_000);
      }),
    );
    expect(reconnectDelay(0, () => 1)).toBe(500);
    expect(reconnectDelay(10, () => 1)).toBe(30_000);
  });

  it('spreads displays that reconnect together', () => {
    const delays = new Set(Array.from({ length: 100 }, () => reconnectDelay(6)));
    expect(delays.size).toBeGreaterThan(50);
  });
});
