import { atomically, type Queryable } from './engine.js';

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

  /** A display connected to `nodeId` (or connected again, perhaps to another node). */
  async upsert(entry: LiveDisplayEntry): Promise<void> {
    const values = {
      display_id: entry.displayId,
      node_id: entry.nodeId,
      session_id: entry.sessionId,
      connected_at: entry.connectedAt,
      seen_at_ms: entry.seenAtMs,
      status_json: JSON.stringify(entry.status),
    };
    await this.q
      .insertInto('live_displays')
      .values(values)
      .onConflict((oc) =>
        oc.column('display_id').doUpdateSet({
          node_id: values.node_id,
          session_id: values.session_id,
          connected_at: values.connected_at,
          seen_at_ms: values.seen_at_ms,
          status_json: values.status_json,
        }),
      )
      .execute();
  }

  /** The statuses of this node's displays, written together; a row another socket took over is left alone. */
  saveStatuses(nodeId: string, rows: readonly { displayId: string; sessionId: string; status: unknown }[], atMs: number): Promise<void> {
    if (rows.length === 0) return Promise.resolve();
    return atomically(this.q, async (tx) => {
      for (const r of rows) {
        await tx
          .updateTable('live_displays')
          .set({ status_json: JSON.stringify(r.status), seen_at_ms: atMs })
          .where('display_id', '=', r.displayId)
          .where('node_id', '=', nodeId)
          .where('session_id', '=', r.sessionId)
          .execute();
      }
    });
  }

  /** The node is alive: every one of its rows is fresh again, in one statement; returns how many. */
  async heartbeat(nodeId: string, atMs: number): Promise<number> {
    const result = await this.q.updateTable('live_displays').set({ seen_at_ms: atMs }).where('node_id', '=', nodeId).executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /** The socket closed; a newer socket of the same display (here or on another node) keeps its row. */
  async remove(displayId: string, sessionId: string): Promise<void> {
    await this.q.deleteFrom('live_displays').where('display_id', '=', displayId).where('session_id', '=', sessionId).execute();
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
