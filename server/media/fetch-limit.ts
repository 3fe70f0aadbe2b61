/**
 * Per display: how many media requests a minute and how many bytes an hour it may take. A screen
 * fetches each file once and keeps it, so a display far above this is broken or not a display.
 */
export class MediaFetchLimit {
  private readonly windows = new Map<string, { minuteStart: number; requests: number; hourStart: number; bytes: number }>();

  constructor(
    private readonly maxRequestsPerMinute = 120,
    private readonly maxBytesPerHour = 4 * 1024 ** 3,
  ) {}

  /** Counts a request for `bytes`; the seconds to wait when over either limit, else 0. */
  take(displayId: string, bytes: number, now = Date.now()): number {
    let w = this.windows.get(displayId);
    if (!w) {
      // Bounded: one entry per paired display, dropped once its hour is over.
      if (this.windows.size > 10_000) this.prune(now);
      w = { minuteStart: now, requests: 0, hourStart: now, bytes: 0 };
      this.windows.set(displayId, w);
    }
    if (now - w.minuteStart >= 60_000) Object.assign(w, { minuteStart: now, requests: 0 });
    if (now - w.hourStart >= 3_600_000) Object.assign(w, { hourStart: now, bytes: 0 });
    if (w.requests >= this.maxRequestsPerMinute) return Math.ceil((w.minuteStart + 60_000 - now) / 1000);
    if (w.bytes + bytes > this.maxBytesPerHour) return Math.ceil((w.hourStart + 3_600_000 - now) / 1000);
    w.requests++;
    w.bytes += bytes;
    return 0;
  }

  private prune(now: number): void {
    for (const [id, w] of this.windows) if (now - w.hourStart >= 3_600_000) this.windows.delete(id);
  }
}
