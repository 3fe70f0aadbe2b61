/**
 * NTP-style clock offset from request/reply samples over the socket: offset = ((t1 − t0) + (t2 − t3)) / 2.
 * The sample with the shortest round trip carries the least queueing error, so it wins.
 */
export interface ClockSample {
  t0: number;
  t1: number;
  t2: number;
  t3: number;
}

export function bestOffset(samples: ClockSample[]): { offsetMs: number; roundTripMs: number } | undefined {
  let best: { offsetMs: number; roundTripMs: number } | undefined;
  for (const s of samples) {
    const roundTripMs = s.t3 - s.t0 - (s.t2 - s.t1);
    const offsetMs = (s.t1 - s.t0 + (s.t2 - s.t3)) / 2;
    if (!best || roundTripMs < best.roundTripMs) best = { offsetMs, roundTripMs };
  }
  return best;
}

/** Server time as this display best knows it. */
export class ServerClock {
  private samples: ClockSample[] = [];
  private roundTripMs: number | null = null;

  /** Starts from the last known offset (kept across reboots), until the server answers. */
  constructor(private offsetMs = 0) {}

  now(): number {
    return Date.now() + this.offsetMs;
  }

  get offset(): number {
    return this.offsetMs;
  }

  /** True once a sample from this run has been taken. */
  get synced(): boolean {
    return this.roundTripMs !== null;
  }

  get roundTrip(): number | null {
    return this.roundTripMs;
  }

  addSample(sample: ClockSample): void {
    this.samples = [...this.samples.slice(-7), sample];
    const best = bestOffset(this.samples);
    if (best) {
      this.offsetMs = best.offsetMs;
      this.roundTripMs = best.roundTripMs;
    }
  }
}
