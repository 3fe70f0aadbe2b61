import { sql } from 'kysely';
import { afterCommit, atomically, engineKind, engineOf, type Queryable, type Tx } from './engine.js';

/** The PostgreSQL channel on which every node hears that the generation moved. */
export const CHANGES_CHANNEL = 'pano_changes';

/**
 * The change generation: one counter that every change screens must see moves, in the change's
 * own transaction. On PostgreSQL the same transaction sends a notification, which PostgreSQL
 * delivers to every listening node only if and when it commits. Nodes also poll the counter, as a
 * node misses notifications while its listening connection is down.
 */
export class ChangeGenerationRepository {
  constructor(private readonly q: Queryable) {}

  /** Moves the generation in the caller's transaction (or its own); returns the new one. */
  bump(at: Date = new Date()): Promise<number> {
    return atomically(this.q, (tx) => bumpIn(tx, at));
  }

  /**
   * Holds the generation row's lock until the caller's transaction ends, so start-up work that
   * several nodes may run at the same moment (importing the seed plan, creating the first admin)
   * runs one node at a time; at READ COMMITTED the next node's statements then see what the first
   * committed. SQLite's IMMEDIATE transaction already runs one writer at a time.
   */
  async holdStartupLock(tx: Tx): Promise<void> {
    if (engineKind(tx) === 'postgres') await tx.selectFrom('change_generation').select('id').where('id', '=', 1).forUpdate().execute();
  }

  async current(): Promise<number> {
    const row = await this.q.selectFrom('change_generation').select('generation').where('id', '=', 1).executeTakeFirstOrThrow();
    return row.generation;
  }

  /**
   * The database server's clock minus this node's, in milliseconds, from one round trip (half of
   * it assumed each way); undefined on SQLite, which has no clock of its own.
   */
  async clockOffsetMs(): Promise<number | undefined> {
    if (engineKind(this.q) !== 'postgres') return undefined;
    const sent = Date.now();
    const result = await sql<{ now_ms: number }>`SELECT (extract(epoch FROM clock_timestamp()) * 1000)::float8 AS now_ms`.execute(this.q);
    const received = Date.now();
    return Math.round(result.rows[0]!.now_ms - (sent + received) / 2);
  }
}

async function bumpIn(tx: Tx, at: Date): Promise<number> {
  const row = await tx
    .updateTable('change_generation')
    .set((eb) => ({ generation: eb('generation', '+', 1), changed_at: at.toISOString() }))
    .where('id', '=', 1)
    .returning('generation')
    .executeTakeFirstOrThrow();
  if (engineKind(tx) === 'postgres') await sql`SELECT pg_notify(${CHANGES_CHANNEL}, ${String(row.generation)})`.execute(tx);
  const engine = engineOf(tx);
  afterCommit(() => engine.committed.emit('generation', row.generation));
  return row.generation;
}
