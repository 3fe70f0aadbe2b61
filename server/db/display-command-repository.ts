import { EventEmitter } from 'node:events';
import { sql } from 'kysely';
import { afterCommit, atomically, engineKind, engineOf, type Engine, type Queryable } from './engine.js';

/** The PostgreSQL channel on which the node holding a display's socket hears a command for it. */
export const DISPLAYS_CHANNEL = 'pano_displays';

export type DisplayCommandKind = 'identify' | 'reload' | 'revoke' | 'paired';

export interface DisplayCommand {
  id: number;
  displayId: string;
  command: DisplayCommandKind;
  /** identify: { name, seconds }; revoke: { reason }; paired: { waiterId }; reload: {}. */
  payload: Record<string, unknown>;
  issuedAtMs: number;
}

/**
 * What a notification says (JSON on DISPLAYS_CHANNEL, and the in-process event): enough for a
 * node to tell whether the command is for a socket it holds before it reads the command.
 */
export interface DisplaySignal {
  commandId: number;
  displayId: string;
  /** A pairing's completion: the waiting socket, which has no display yet. */
  waiterId?: string;
}

const local = new WeakMap<Engine, EventEmitter<{ signal: [DisplaySignal] }>>();

/**
 * Commands this process issued on `engine`, told after their commit: on SQLite (one node) the
 * only way a command reaches the hub without waiting for the poll; on PostgreSQL the node hears
 * its own notifications too, and a command is applied once whichever arrives first.
 */
export function localDisplaySignals(engine: Engine): EventEmitter<{ signal: [DisplaySignal] }> {
  let emitter = local.get(engine);
  if (!emitter) {
    emitter = new EventEmitter();
    local.set(engine, emitter);
  }
  return emitter;
}

/**
 * Commands to one display (identify, reload, revoke) and pairing completions, for whichever node
 * holds its socket: issued in the transaction of the change that causes them, with a PostgreSQL
 * notification that is delivered if and when it commits. Nodes also read the last minute's
 * commands every few seconds, as notifications are lost while a listener is down.
 */
export class DisplayCommandRepository {
  constructor(private readonly q: Queryable) {}

  /** Issues a command in the caller's transaction (or its own); returns its id. */
  issue(displayId: string, command: DisplayCommandKind, payload: Record<string, unknown>, atMs: number = Date.now()): Promise<number> {
    return atomically(this.q, async (tx) => {
      const { id } = await tx
        .insertInto('display_commands')
        .values({ display_id: displayId, command, payload_json: JSON.stringify(payload), issued_at_ms: atMs })
        .returning('id')
        .executeTakeFirstOrThrow();
      const signal: DisplaySignal = { commandId: id, displayId, ...(typeof payload.waiterId === 'string' ? { waiterId: payload.waiterId } : {}) };
      if (engineKind(tx) === 'postgres') await sql`SELECT pg_notify(${DISPLAYS_CHANNEL}, ${JSON.stringify(signal)})`.execute(tx);
      const emitter = localDisplaySignals(engineOf(tx));
      afterCommit(() => emitter.emit('signal', signal));
      return id;
    });
  }

  async byId(id: number): Promise<DisplayCommand | undefined> {
    const row = await this.q.selectFrom('display_commands').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toCommand(row);
  }

  /**
   * Commands issued after `sinceMs`, in id order. Read by time, not by "ids after the last seen":
   * on PostgreSQL an id is taken when the insert runs and becomes visible when its transaction
   * commits, so a smaller id can appear after a larger one was read. The reader skips ids it has
   * already applied.
   */
  async issuedSince(sinceMs: number): Promise<DisplayCommand[]> {
    const rows = await this.q.selectFrom('display_commands').selectAll().where('issued_at_ms', '>', sinceMs).orderBy('id').execute();
    return rows.map(toCommand);
  }

  /** Drops commands issued at or before `beforeMs`; returns how many. */
  async prune(beforeMs: number): Promise<number> {
    const result = await this.q.deleteFrom('display_commands').where('issued_at_ms', '<=', beforeMs).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

function toCommand(row: { id: number; display_id: string; command: DisplayCommandKind; payload_json: string; issued_at_ms: number }): DisplayCommand {
  return { id: row.id, displayId: row.display_id, command: row.command, payload: JSON.parse(row.payload_json) as Record<string, unknown>, issuedAtMs: row.issued_at_ms };
}
