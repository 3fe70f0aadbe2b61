/**
 * The display's estimate of the server's clock, from bursts of request/reply samples. Pure: every
 * time is passed in, so recorded sample sets replay exactly in unit tests.
 *
 * One sample (NTP): offset = ((t1 − t0) + (t2 − t3)) / 2, and the true offset lies within
 * ± roundTrip / 2 of it whatever the delays were. A long round trip therefore means a wide error:
 * a page busy drawing, or a server busy with requests, delays one leg of the trip, and the
 * midpoint moves by half that delay. So samples are judged against the shortest round trip seen
 * over recent bursts (the network's floor), not against the others of their own burst, and a
 * burst without one good sample changes nothing.
 */
export interface ClockSample {
  /** Device time the request was sent. */
  t0: number;
  /** Server time the request arrived, and the reply left. */
  t1: number;
  t2: number;
  /** Device time the reply arrived. */
  t3: number;
}

export interface Measurement {
  offsetMs: number;
  roundTripMs: number;
  /** Device time it was taken (t3). */
  at: number;
}

/** What the display plays by, and how far it can be trusted. */
export interface ClockEstimate extends Measurement {
  /**
   * Adopted from a burst with no good sample because nothing better was known (first sync of a
   * new screen): better than an unsynchronised clock, but neither trusted nor saved.
   */
  provisional: boolean;
}

export type BurstOutcome =
  /** A good sample set the estimate (it may be an earlier burst's, if that one is still better). */
  | { kind: 'adopted'; estimate: ClockEstimate }
  /** No good sample: the previous estimate stays. */
  | { kind: 'rejected'; estimate: ClockEstimate | undefined }
  /** No good sample and no previous estimate: the least bad, until a better burst. */
  | { kind: 'provisional'; estimate: ClockEstimate };

/** Bursts whose samples are kept: the floor and the best samples come from these. */
export const WINDOW_BURSTS = 8;
/** Jitter of a quiet LAN above its floor; a sample within it is as good as the best. */
export const ROUND_TRIP_SLACK_MS = 10;
/** Above floor × this (and the slack), a sample waited in a queue somewhere: rejected. */
export const ROUND_TRIP_FACTOR = 1.5;
/**
 * How fast two clocks can drift apart (a PC's crystal, unsynchronised): an old sample's error
 * bound grows by this, so a fresh good sample soon beats a stale excellent one.
 */
export const DRIFT_PER_MS = 50e-6;
/** Half the 50 ms a zone's screens may differ by: an estimate less sure than this is flagged. */
export const UNCERTAIN_BOUND_MS = 25;
/** With no earlier burst to compare with, only a round trip a LAN gives is trusted (error ± 12.5 ms). */
export const FIRST_BURST_MAX_ROUND_TRIP_MS = 25;

/** The offset of one sample and its round trip (server processing time excluded). */
export function measure(s: ClockSample): Measurement {
  return { offsetMs: (s.t1 - s.t0 + (s.t2 - s.t3)) / 2, roundTripMs: s.t3 - s.t0 - (s.t2 - s.t1), at: s.t3 };
}

/** How far the true offset can be from this measurement at device time `now`. */
export function errorBound(m: Measurement, now: number): number {
  return m.roundTripMs / 2 + Math.max(0, now - m.at) * DRIFT_PER_MS;
}

/** The longest round trip still trusted when the shortest seen lately is `floorMs`. */
export function roundTripLimit(floorMs: number): number {
  return Math.max(floorMs + ROUND_TRIP_SLACK_MS, floorMs * ROUND_TRIP_FACTOR);
}

interface Burst {
  /** Shortest round trip of the burst, good or not: recent bursts' minimum is the floor. */
  floorMs: number;
  good: Measurement[];
}

export class ClockEstimator {
  private bursts: Burst[] = [];
  private current: ClockEstimate | undefined;

  /** `saved`: the estimate kept from the last run (its round trip seeds the floor). */
  constructor(saved?: Measurement) {
    if (saved) {
      this.current = { ...saved, provisional: false };
      this.bursts.push({ floorMs: saved.roundTripMs, good: [saved] });
    }
  }

  get estimate(): ClockEstimate | undefined {
    return this.current;
  }

  /** True when the estimate may be off by more than a zone tolerates (or there is none). */
  uncertain(now: number): boolean {
    return !this.current || this.current.provisional || errorBound(this.current, now) > UNCERTAIN_BOUND_MS;
  }

  /** Judges one burst of samples taken around device time `now`. */
  addBurst(samples: ClockSample[], now: number): BurstOutcome {
    const measured = samples.map(measure).filter((m) => Number.isFinite(m.offsetMs) && m.roundTripMs >= 0);
    if (measured.length === 0) return { kind: 'rejected', estimate: this.current };
    const first = this.bursts.length === 0;
    const burst: Burst = { floorMs: Math.min(...measured.map((m) => m.roundTripMs)), good: [] };
    this.bursts = [...this.bursts, burst].slice(-WINDOW_BURSTS);
    const floor = Math.min(...this.bursts.map((b) => b.floorMs));
    // A first burst has nothing to be judged against: a page busy through it would set its own
    // floor. It must then show a round trip a LAN gives; a slow network passes on the next burst.
    const limit = first ? Math.min(roundTripLimit(floor), FIRST_BURST_MAX_ROUND_TRIP_MS) : roundTripLimit(floor);
    const good = measured.filter((m) => m.roundTripMs <= limit);
    burst.good = good;

    if (good.length === 0) {
      if (this.current && !this.current.provisional) return { kind: 'rejected', estimate: this.current };
      // Nothing trusted yet: an unsynchronised clock may be off by minutes, this by half its round trip.
      const leastBad = best(measured, now)!;
      if (this.current && errorBound(this.current, now) <= errorBound(leastBad, now)) return { kind: 'rejected', estimate: this.current };
      this.current = { ...leastBad, provisional: true };
      return { kind: 'provisional', estimate: this.current };
    }
    // A good sample of an earlier burst may still be surer than this burst's best.
    const candidates = this.bursts.flatMap((b) => b.good).filter((m) => m.roundTripMs <= limit);
    this.current = { ...best(candidates, now)!, provisional: false };
    return { kind: 'adopted', estimate: this.current };
  }
}

function best(ms: Measurement[], now: number): Measurement | undefined {
  let winner: Measurement | undefined;
  for (const m of ms) if (!winner || errorBound(m, now) < errorBound(winner, now)) winner = m;
  return winner;
}

/** Regular resync: clocks drift, and the floor must follow the network. */
export const RESYNC_MS = 5 * 60 * 1000;
/** After a burst with no good sample, the next comes soon, then less soon while the trouble lasts. */
export const RETRY_FIRST_MS = 2_000;
export const RETRY_MAX_MS = 60_000;

/** When to take the next burst, after `failedInARow` bursts without a good sample (0 after a good one). */
export function nextBurstDelay(failedInARow: number): number {
  if (failedInARow === 0) return RESYNC_MS;
  return Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** (failedInARow - 1));
}

/** A change of a frame or less cannot be seen: applied at once. */
export const FRAME_MS = 1000 / 60;
/**
 * Corrections are slewed at this rate (the clock runs at most 10 % fast or slow): a slide or the
 * ticker neither skips nor repeats, and 100 ms is made up in a second.
 */
export const SLEW_RATE = 0.1;
/** Beyond this the screen is wrong anyway (first sync, the device clock was set): jump. */
export const MAX_SLEW_MS = 2_000;

/**
 * The offset actually applied, moving towards the estimate at SLEW_RATE: pure, evaluated at a
 * device time. Monotonic: server time as the display sees it never runs backwards.
 */
export class SlewedOffset {
  private from: number;
  private target: number;
  private since = 0;

  constructor(offsetMs: number) {
    this.from = offsetMs;
    this.target = offsetMs;
  }

  at(now: number): number {
    const gap = this.target - this.from;
    const moved = Math.max(0, now - this.since) * SLEW_RATE;
    return moved >= Math.abs(gap) ? this.target : this.from + Math.sign(gap) * moved;
  }

  slewing(now: number): boolean {
    return this.at(now) !== this.target;
  }

  get targetMs(): number {
    return this.target;
  }

  /**
   * Aims at a new offset: jumps when the change is under a frame or too large to slew, or when
   * the offset so far was no estimate at all (`jump`: a screen's first sync).
   */
  aim(target: number, now: number, jump = false): void {
    const applied = this.at(now);
    const gap = Math.abs(target - applied);
    this.from = jump || gap <= FRAME_MS || gap > MAX_SLEW_MS ? target : applied;
    this.target = target;
    this.since = now;
  }
}
