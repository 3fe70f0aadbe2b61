import { AttemptRepository } from '../db/attempt-repository.js';
import type { Queryable, Tx } from '../db/engine.js';

/**
 * AttemptLimiter's meaning (at most `max` attempts per key in a sliding window) with the attempts
 * in the database, so that the limit holds for all nodes together: three nodes allow what one
 * node allows, not three times as much. Each method runs on the queryable it is given: a check
 * and the record that follows it belong in one transaction that first calls `lock` (see
 * `lockLimiters`), or parallel attempts through several nodes would all pass the check.
 */
export class SharedLimiter {
  constructor(
    /** Which limit the attempts count against ('pairing.network', 'login.pair' …). */
    readonly scope: string,
    private readonly max: number,
    private readonly windowMs: number,
  ) {}

  /** Seconds until `key` may try again, or 0 when it may now. */
  async retryAfter(q: Queryable, key: string, nowMs: number): Promise<number> {
    const { count, oldestMs } = await new AttemptRepository(q).countSince(this.scope, key, nowMs - this.windowMs);
    if (count < this.max || oldestMs === null) return 0;
    return Math.max(1, Math.ceil((oldestMs + this.windowMs - nowMs) / 1000));
  }

  /** Whether `key` made any attempt within the window. */
  async has(q: Queryable, key: string, nowMs: number): Promise<boolean> {
    return (await new AttemptRepository(q).countSince(this.scope, key, nowMs - this.windowMs)).count > 0;
  }

  /** Counts one attempt; the id returned forgives it. */
  record(q: Queryable, key: string, nowMs: number): Promise<number> {
    return new AttemptRepository(q).record(this.scope, key, nowMs);
  }

  /** A successful attempt is not held against the key (only that one: others' failures stay). */
  forgive(q: Queryable, attemptId: number): Promise<void> {
    return new AttemptRepository(q).forgive(attemptId);
  }
}

/** Holds these limiters' keys until `tx` ends, on every node (checks and records then cannot interleave). */
export function lockLimiters(tx: Tx, entries: readonly (readonly [SharedLimiter, string])[]): Promise<void> {
  return new AttemptRepository(tx).lock(entries.map(([limiter, key]) => ({ scope: limiter.scope, key })));
}

/** Successful attempts, of any limiters, are not held against their keys. */
export async function forgiveAttempts(q: Queryable, attemptIds: readonly number[]): Promise<void> {
  for (const id of attemptIds) await new AttemptRepository(q).forgive(id);
}

/** Attempts older than this are past every shared limiter's window (the longest is 15 minutes). */
export const ATTEMPT_RETENTION_MS = 60 * 60 * 1000;
