import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  ClockEstimator,
  errorBound,
  FRAME_MS,
  measure,
  MAX_SLEW_MS,
  nextBurstDelay,
  RESYNC_MS,
  RETRY_FIRST_MS,
  RETRY_MAX_MS,
  roundTripLimit,
  SlewedOffset,
  SLEW_RATE,
  WINDOW_BURSTS,
  type ClockSample,
} from '../../../display/player/clock-estimator.js';

/**
 * Sample sets recorded by `PANO_CLOCK_RECORD=… npm run bench clock`: four lobby screens in
 * Chromium against the server on the same machine, so the true offset is 0 and an adopted offset
 * is its error. Each file holds one screen's bursts after a reload under its condition.
 */
interface Recorded {
  trueOffsetMs: number;
  bursts: ClockSample[][];
}
const recorded = (name: string): Recorded => JSON.parse(readFileSync(new URL(`./fixtures/clock-${name}.json`, import.meta.url), 'utf8')) as Recorded;
/** The reload's first burst met the page's first drawing on a shared machine: every reply late (71–804 ms). Then a clean one. */
const idle = recorded('idle');
/** Two spinning processes on both CPUs: round trips 41–331 ms in the first burst, 2–25 ms in the next. */
const cpu = recorded('cpu-busy');
/** 16 requests in flight from another process: one lucky 3 ms sample among 33–258 ms ones. */
const server = recorded('server-load');
/** A 150–250 ms long task before every reply of the first burst, then recovery. */
const jank = recorded('one-janked');

const lastT3 = (burst: ClockSample[]) => burst.at(-1)!.t3;
const error = (offsetMs: number, r: Recorded) => Math.abs(offsetMs - r.trueOffsetMs);
const roundTrips = (burst: ClockSample[]) => burst.map((s) => measure(s).roundTripMs);

/** An estimator that already trusts a clean burst, as a screen running for a while does. */
function synced(): ClockEstimator {
  const e = new ClockEstimator();
  expect(e.addBurst(idle.bursts[1]!, lastT3(idle.bursts[1]!)).kind).toBe('adopted');
  return e;
}

describe('one sample', () => {
  it('offset is the midpoint of the two legs; the server’s own processing is not part of the round trip', () => {
    expect(measure({ t0: 1000, t1: 1510, t2: 1511, t3: 1021 })).toEqual({ offsetMs: 500, roundTripMs: 20, at: 1021 });
  });

  it('a sample’s error bound is half its round trip, growing with its age', () => {
    const m = { offsetMs: 0, roundTripMs: 4, at: 0 };
    expect(errorBound(m, 0)).toBe(2);
    expect(errorBound(m, 60_000)).toBeCloseTo(5);
  });

  it('the longest trusted round trip: the floor plus 10 ms on a quiet LAN, 1.5 × the floor on a slow one', () => {
    expect(roundTripLimit(2)).toBe(12);
    expect(roundTripLimit(80)).toBe(120);
  });
});

describe('recorded sample sets: the adopted offset’s error (true offset 0)', () => {
  it('clean: adopted, within 2 ms', () => {
    const e = new ClockEstimator();
    const outcome = e.addBurst(idle.bursts[1]!, lastT3(idle.bursts[1]!));
    expect(outcome.kind).toBe('adopted');
    expect(error(outcome.estimate!.offsetMs, idle)).toBeLessThanOrEqual(2);
    expect(e.uncertain(lastT3(idle.bursts[1]!))).toBe(false);
  });

  it('CPU-loaded: the slow burst is not adopted over a trusted estimate; the next, with some good samples among bad ones, is (within 2 ms)', () => {
    const [slow, mixed] = cpu.bursts;
    expect(Math.min(...roundTrips(slow!))).toBeGreaterThan(40);
    const e = synced();
    const before = e.estimate!;
    const rejected = e.addBurst(slow!, lastT3(slow!));
    expect(rejected.kind).toBe('rejected');
    expect(rejected.estimate).toEqual(before);
    const adopted = e.addBurst(mixed!, lastT3(mixed!));
    expect(adopted.kind).toBe('adopted');
    expect(error(adopted.estimate!.offsetMs, cpu)).toBeLessThanOrEqual(2);
    // The least bad of the slow burst, which the shortest-round-trip rule alone would have taken, was 19.5 ms off.
    expect(error(measure(slow!.reduce((a, b) => (measure(a).roundTripMs <= measure(b).roundTripMs ? a : b))).offsetMs, cpu)).toBeGreaterThan(15);
  });

  it('server-loaded: the one quick sample is found among the queued ones (within 2 ms); without it the burst is rejected', () => {
    const [burst] = server.bursts;
    const e = synced();
    const outcome = e.addBurst(burst!, lastT3(burst!));
    expect(outcome.kind).toBe('adopted');
    expect(error(outcome.estimate!.offsetMs, server)).toBeLessThanOrEqual(2);

    // Every queued sample errs the same way (a request waiting in the server's queue): none is trusted.
    const queued = burst!.filter((s) => measure(s).roundTripMs > 20);
    expect(queued.every((s) => measure(s).offsetMs > 0)).toBe(true);
    const again = synced();
    const before = again.estimate!;
    expect(again.addBurst(queued, lastT3(burst!))).toEqual({ kind: 'rejected', estimate: before });
  });

  it('a jank burst: over a trusted estimate it changes nothing; on a new screen it is provisional and flagged, and the recovery burst replaces it (within 2 ms)', () => {
    const [janked, recovery] = jank.bursts;
    expect(Math.min(...roundTrips(janked!))).toBeGreaterThan(200);

    const running = synced();
    const before = running.estimate!;
    expect(running.addBurst(janked!, lastT3(janked!))).toEqual({ kind: 'rejected', estimate: before });

    const fresh = new ClockEstimator();
    const provisional = fresh.addBurst(janked!, lastT3(janked!));
    expect(provisional.kind).toBe('provisional');
    expect(provisional.estimate!.provisional).toBe(true);
    expect(error(provisional.estimate!.offsetMs, jank)).toBeGreaterThan(50);
    expect(fresh.uncertain(lastT3(janked!))).toBe(true);
    const adopted = fresh.addBurst(recovery!, lastT3(recovery!));
    expect(adopted.kind).toBe('adopted');
    expect(error(adopted.estimate!.offsetMs, jank)).toBeLessThanOrEqual(2);
    expect(fresh.uncertain(lastT3(recovery!))).toBe(false);
  });

  it('a boot burst on a busy machine (every reply late, one −376 ms) is not adopted over the estimate saved by the last run', () => {
    const [boot, clean] = idle.bursts;
    const saved = measure(clean![0]!);
    const e = new ClockEstimator(saved);
    expect(e.addBurst(boot!, lastT3(boot!))).toEqual({ kind: 'rejected', estimate: { ...saved, provisional: false } });
  });
});

describe('across bursts', () => {
  const burst = (at: number, offsetMs: number, roundTrips: number[]): ClockSample[] =>
    roundTrips.map((rt, i) => {
      const t0 = at + i * 150;
      // Symmetric legs: the sample's offset is exactly offsetMs.
      return { t0, t1: t0 + offsetMs + rt / 2, t2: t0 + offsetMs + rt / 2, t3: t0 + rt };
    });

  it('a good sample of an earlier burst beats a worse one of this burst while it is fresh', () => {
    const e = new ClockEstimator();
    e.addBurst(burst(0, 0, [2, 3]), 1_000);
    const outcome = e.addBurst(burst(10_000, 4, [10, 11]), 11_000);
    expect(outcome.kind).toBe('adopted');
    expect(outcome.estimate!.offsetMs).toBe(0);
    // Ten minutes on, drift makes the old sample less sure than a fresh one.
    const later = e.addBurst(burst(600_000, 4, [10]), 601_000);
    expect(later.estimate!.offsetMs).toBe(4);
  });

  it('the floor follows the network: a lasting slower route is adopted once its bursts fill the window', () => {
    const e = new ClockEstimator();
    e.addBurst(burst(0, 0, [2]), 0);
    const kinds: string[] = [];
    for (let i = 1; i <= WINDOW_BURSTS; i++) kinds.push(e.addBurst(burst(i * 60_000, 7, [40, 42]), i * 60_000 + 500).kind);
    expect(kinds.slice(0, WINDOW_BURSTS - 1).every((k) => k === 'rejected')).toBe(true);
    expect(kinds.at(-1)).toBe('adopted');
    expect(e.estimate!.offsetMs).toBe(7);
  });

  it('a slow network passes on its second burst: the first alone cannot tell it from a busy page', () => {
    const e = new ClockEstimator();
    expect(e.addBurst(burst(0, 3, [80, 85]), 1_000).kind).toBe('provisional');
    expect(e.addBurst(burst(2_000, 3, [82, 90]), 3_000).kind).toBe('adopted');
  });

  it('a burst with no answers changes nothing', () => {
    const e = synced();
    const before = e.estimate;
    expect(e.addBurst([], 0)).toEqual({ kind: 'rejected', estimate: before });
  });
});

describe('when to sync next', () => {
  it('every five minutes when all is well; after failures soon, then less soon, up to a minute', () => {
    expect(nextBurstDelay(0)).toBe(RESYNC_MS);
    expect([1, 2, 3, 4, 5, 6, 7, 20].map(nextBurstDelay)).toEqual([2_000, 4_000, 8_000, 16_000, 32_000, RETRY_MAX_MS, RETRY_MAX_MS, RETRY_MAX_MS]);
    expect(RETRY_FIRST_MS).toBeLessThan(RESYNC_MS);
  });
});

describe('slewing', () => {
  it('a change of a frame or less is applied at once', () => {
    const s = new SlewedOffset(0);
    s.aim(FRAME_MS, 1_000);
    expect(s.at(1_000)).toBe(FRAME_MS);
  });

  it('a larger change is made up at 10 %: 100 ms in a second, never overshooting', () => {
    const s = new SlewedOffset(0);
    s.aim(-100, 1_000);
    expect(s.at(1_000)).toBe(0);
    expect(s.at(1_500)).toBeCloseTo(-50);
    expect(s.slewing(1_999)).toBe(true);
    expect(s.at(2_000)).toBe(-100);
    expect(s.at(9_000)).toBe(-100);
  });

  it('beyond two seconds the screen is wrong anyway: it jumps', () => {
    const s = new SlewedOffset(0);
    s.aim(MAX_SLEW_MS + 1, 0);
    expect(s.at(0)).toBe(MAX_SLEW_MS + 1);
  });

  it('a first estimate (the offset so far was none) is applied at once', () => {
    const s = new SlewedOffset(0);
    s.aim(-300, 0, true);
    expect(s.at(0)).toBe(-300);
    expect(s.slewing(0)).toBe(false);
  });

  it('while slewing, server time as the screen sees it runs forward, never more than 10 % fast or slow', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ target: fc.double({ min: -MAX_SLEW_MS, max: MAX_SLEW_MS, noNaN: true }), after: fc.integer({ min: 0, max: 5_000 }) }), { minLength: 1, maxLength: 6 }),
        (aims) => {
          const s = new SlewedOffset(0);
          let t = 0;
          for (const { target, after } of aims) {
            s.aim(target, t);
            let prev = t + s.at(t);
            // Checked on a 50 ms grid up to the next aim (a jump happens only at an aim).
            for (let dt = 50; dt <= after; dt += 50) {
              const now = t + dt + s.at(t + dt);
              const step = now - prev;
              if (step < 50 * (1 - SLEW_RATE) - 1e-3 || step > 50 * (1 + SLEW_RATE) + 1e-3) return false;
              prev = now;
            }
            t += after;
          }
          return true;
        },
      ),
    );
  });
});
