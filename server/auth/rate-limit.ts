/**
 * Counts attempts per key in a sliding window. An attempt is counted when it starts, not when it
 * fails: otherwise a burst of parallel guesses would all pass the check while the first ones are
 * still being verified. In memory: a restart forgets, which gives an attacker nothing waiting
 * would not, and keys without recent attempts are swept so the map cannot grow without bound.
 */
export class AttemptLimiter {
  private readonly attempts = new Map<string, number[]>();
  private sweptAt = 0;

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
  ) {}

  /** Seconds until `key` may try again, or 0 when it may now. */
  retryAfter(key: string, now: number): number {
    const recent = this.recent(key, now);
    if (recent.length < this.max) return 0;
    return Math.max(1, Math.ceil((recent[0]! + this.windowMs - now) / 1000));
  }

  /** Whether `key` made any attempt within the window. */
  has(key: string, now: number): boolean {
    return this.recent(key, now).length > 0;
  }

  record(key: string, now: number): void {
    this.sweep(now);
    this.attempts.set(key, [...this.recent(key, now), now]);
  }

  /** A successful attempt is not held against the key. */
  forgive(key: string, at: number): void {
    const list = this.attempts.get(key);
    const i = list?.lastIndexOf(at) ?? -1;
    if (list && i >= 0) list.splice(i, 1);
  }

  reset(key: string): void {
    this.attempts.delete(key);
  }

  private recent(key: string, now: number): number[] {
    const list = (this.attempts.get(key) ?? []).filter((t) => t > now - this.windowMs);
    if (list.length === 0) this.attempts.delete(key);
    else this.attempts.set(key, list);
    return list;
  }

  private sweep(now: number): void {
    if (now - this.sweptAt < this.windowMs) return;
    this.sweptAt = now;
    for (const key of [...this.attempts.keys()]) this.recent(key, now);
  }
}
