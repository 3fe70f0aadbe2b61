import { chunks } from './chunks.js';
import { sql } from 'kysely';
import type { Queryable } from './engine.js';

export interface LiveDisplayEntry {
  displayId: string;
  nodeId: string;
  /** The socket's session on its node: a late disconnect of a replaced socket removes nothing. */
  sessionId: string;
  connectedAt: string;
  seenAtMs: number;
  /** The live part of the display's status, as its node last wrote it. */
  status: unknown;
}

/**
 * Which node holds which display's socket, for every node's live list. A node writes its row when
 * a display connects, its status in batches, and moves `seen_at_ms` of all its rows at each
 * heartbeat: rows of a node that stopped (killed, cut off) go stale, are read as offline, and are
 * pruned, so a dead node's screens stop counting as online.
 */
export class LiveDisplayRepository {
  constructor(private readonly q: Queryable) {}

  /**
   * Displays connected to their node (or connected again, perhaps to another node), one statement
   * per CHUNK_ROWS; of two entries for one display the later wins, as if written one after the other.
   */
  async upsertMany(entries: readonly LiveDisplayEntry[]): Promise<void> {
    // PostgreSQL refuses an upsert that touches the same row twice.
    const rows = [
      ...new Map(
        entries.map((e) => [
          e.displayId,
          { display_id: e.displayId, node_id: e.nodeId, session_id: e.sessionId, connected_at: e.connectedAt, seen_at_ms: e.seenAtMs, status_json: JSON.stringify(e.status) },
        ]),
      ).values(),
    ];
    for (const chunk of chunks(rows)) {
      await this.q
        .insertInto('live_displays')
        .values(chunk)
        .onConflict((oc) =>
          oc.column('display_id').doUpdateSet((eb) => ({
            node_id: eb.ref('excluded.node_id'),
            session_id: eb.ref('excluded.session_id'),
            connected_at: eb.ref('excluded.connected_at'),
            seen_at_ms: eb.ref('excluded.seen_at_ms'),
            status_json: eb.ref('excluded.status_json'),
          })),
        )
        .execute();
    }
  }

  /**
   * The statuses of this node's displays, one statement per CHUNK_ROWS; a row another socket took
   * over is left alone (a session id names one socket, so it picks the row's status too).
   */
  async saveStatuses(nodeId: string, rows: readonly { displayId: string; sessionId: string; status: unknown }[], atMs: number): Promise<void> {
    // One status per socket, the last given (a CASE takes the first match).
    for (const chunk of chunks([...new Map(rows.map((r) => [r.sessionId, r])).values()])) {
      const whens = chunk.map((r) => sql`WHEN ${r.sessionId} THEN ${JSON.stringify(r.status)}`);
      await this.q
        .updateTable('live_displays')
        .set({ status_json: sql<string>`CASE ${sql.ref('session_id')} ${sql.join(whens, sql` `)} ELSE ${sql.ref('status_json')} END`, seen_at_ms: atMs })
        .where('node_id', '=', nodeId)
        .where('display_id', 'in', chunk.map((r) => r.displayId))
        .where('session_id', 'in', chunk.map((r) => r.sessionId))
        .execute();
    }
  }

  /** The node is alive: every one of its rows is fresh again, in one statement; returns how many. */
  async heartbeat(nodeId: string, atMs: number): Promise<number> {
    const result = await this.q.updateTable('live_displays').set({ seen_at_ms: atMs }).where('node_id', '=', nodeId).executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /**
   * These sockets closed; a newer socket of the same display (here or on another node) keeps its
   * row. A session id names one socket, so matching both lists is matching each pair.
   */
  async removeMany(sockets: readonly { displayId: string; sessionId: string }[]): Promise<void> {
    for (const chunk of chunks(sockets)) {
      await this.q
        .deleteFrom('live_displays')
        .where('display_id', 'in', chunk.map((s) => s.displayId))
        .where('session_id', 'in', chunk.map((s) => s.sessionId))
        .execute();
    }
  }

  /** A node shutting down takes its displays off the list at once instead of letting them go stale. */
  async removeNode(nodeId: string): Promise<void> {
    await this.q.deleteFrom('live_displays').where('node_id', '=', nodeId).execute();
  }

  /** Displays whose node was heard after `freshAfterMs`. */
  async listFresh(freshAfterMs: number): Promise<LiveDisplayEntry[]> {
    const rows = await this.q.selectFrom('live_displays').selectAll().where('seen_at_ms', '>', freshAfterMs).orderBy('display_id').execute();
    return rows.map((r) => ({
      displayId: r.display_id,
      nodeId: r.node_id,
      sessionId: r.session_id,
      connectedAt: r.connected_at,
      seenAtMs: r.seen_at_ms,
      status: JSON.parse(r.status_json) as unknown,
    }));
  }

  /** Drops rows of nodes not heard since `staleBeforeMs`; returns how many. */
  async prune(staleBeforeMs: number): Promise<number> {
    const result = await this.q.deleteFrom('live_displays').where('seen_at_ms', '<=', staleBeforeMs).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
