import { ClockEstimator, nextBurstDelay, SLEW_RATE, SlewedOffset, type BurstOutcome, type ClockSample, type Measurement } from './clock-estimator.js';

/** What the display tells the server of its clock (server times in ms). */
export interface ClockReport {
  offsetMs: number;
  roundTripMs: number;
  measuredAt: number;
  uncertain: boolean;
}

/**
 * Server time as this display best knows it: the estimator's offset, applied by slewing so a
 * correction never makes a slide skip or repeat. Reads the device clock; the rules are in
 * clock-estimator.ts.
 */
export class ServerClock {
  private readonly estimator: ClockEstimator;
  private readonly applied: SlewedOffset;
  private failedInARow = 0;
  /** Bursts judged in this run, and those without a good sample (for the panel and tests). */
  bursts = 0;
  rejected = 0;

  /** Starts from the estimate kept across reboots (or a bare offset from an older app), until the server answers. */
  constructor(saved: { offsetMs: number; measurement?: Measurement } = { offsetMs: 0 }) {
    this.estimator = new ClockEstimator(saved.measurement);
    this.applied = new SlewedOffset(saved.offsetMs);
  }

  now(): number {
    return this.at(Date.now());
  }

  /** Server time as this display sees it at a device time. */
  at(deviceTime: number): number {
    return deviceTime + this.applied.at(deviceTime);
  }

  /** The offset applied right now (while slewing, between the old and the new estimate). */
  get offset(): number {
    return this.applied.at(Date.now());
  }

  get slewing(): boolean {
    return this.applied.slewing(Date.now());
  }

  get slewRemainingMs(): number {
    return Math.abs(this.applied.targetMs - this.offset) / SLEW_RATE;
  }

  /** Judges a burst; a new estimate is slewed to. */
  burst(samples: ClockSample[]): BurstOutcome {
    const t = Date.now();
    const known = this.estimator.estimate !== undefined;
    const outcome = this.estimator.addBurst(samples, t);
    this.bursts++;
    if (outcome.kind !== 'adopted') this.rejected++;
    // A screen that knew nothing of the server's clock was not in step anyway: its first estimate is applied at once.
    if (outcome.estimate) this.applied.aim(outcome.estimate.offsetMs, t, !known);
    // An adopted but unsure estimate (a slow network, or a page busy for several bursts) is retried soon too.
    this.failedInARow = outcome.kind === 'adopted' && !this.estimator.uncertain(t) ? 0 : this.failedInARow + 1;
    return outcome;
  }

  get nextBurstMs(): number {
    return nextBurstDelay(this.failedInARow);
  }

  report(): ClockReport | null {
    const e = this.estimator.estimate;
    if (!e) return null;
    return { offsetMs: e.offsetMs, roundTripMs: e.roundTripMs, measuredAt: Math.round(e.at + e.offsetMs), uncertain: this.estimator.uncertain(Date.now()) };
  }
}
