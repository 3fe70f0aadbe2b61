import { engineKind, type Queryable } from './engine.js';
import { lockForTransaction } from './dialect.js';

/**
 * Attempts counted by the limiters that every node must share (pairing guesses, sign-ins): with
 * the count in one node's memory, N nodes would allow N times as many. Rows are timestamps per
 * (scope, key); a limiter reads how many fall in its window.
 */
export class AttemptRepository {
  constructor(private readonly q: Queryable) {}

  /** Records one attempt at `atMs`; returns its id, by which a success is forgiven. */
  async record(scope: string, key: string, atMs: number): Promise<number> {
    const row = await this.q.insertInto('attempts').values({ scope, key, at_ms: atMs }).returning('id').executeTakeFirstOrThrow();
    return row.id;
  }

  /** Attempts of (scope, key) after `sinceMs`, and when the oldest of them was made. */
  async countSince(scope: string, key: string, sinceMs: number): Promise<{ count: number; oldestMs: number | null }> {
    const row = await this.q
      .selectFrom('attempts')
      .select((eb) => [eb.fn.countAll<number>().as('count'), eb.fn.min<number | null>('at_ms').as('oldest')])
      .where('scope', '=', scope)
      .where('key', '=', key)
      .where('at_ms', '>', sinceMs)
      .executeTakeFirstOrThrow();
    return { count: Number(row.count), oldestMs: row.oldest === null ? null : Number(row.oldest) };
  }

  async forgive(id: number): Promise<void> {
    await this.q.deleteFrom('attempts').where('id', '=', id).execute();
  }

  /** Drops attempts made at or before `beforeMs` (older than every limiter's window); returns how many. */
  async prune(beforeMs: number): Promise<number> {
    const result = await this.q.deleteFrom('attempts').where('at_ms', '<=', beforeMs).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /**
   * Holds these (scope, key)s for the rest of the caller's transaction, so that a check and the
   * record after it are one step for every node: without it, parallel attempts through several
   * nodes would all read the count below the limit.
   */
  lock(entries: readonly { scope: string; key: string }[]): Promise<void> {
    return lockForTransaction(this.q, engineKind(this.q), entries.map((e) => `attempts\n${e.scope}\n${e.key}`));
  }
}
