import { createHash } from 'node:crypto';
import { formatAnchor, type AuditAnchor } from '../protocol/audit.js';
import type { Db } from './database.js';

export interface AuditEntry {
  actorId: number | null;
  /** Who, as people read it: a username, "system", or "display:<id>". */
  actor: string;
  /** What, as a dotted verb: "user.login", "item.approve", "login.failed" … */
  action: string;
  /** On what: "user:3", "item:12", "settings" … */
  target: string;
  before?: unknown;
  after?: unknown;
  remoteAddress?: string;
}

export interface AuditRow {
  id: number;
  at: string;
  actor_id: number | null;
  actor: string;
  action: string;
  target: string;
  before_json: string | null;
  after_json: string | null;
  remote_address: string;
  prev_sha256: string;
  row_sha256: string;
}

export interface AuditQuery {
  q?: string;
  action?: string;
  actor?: string;
  from?: string;
  to?: string;
  limit: number;
  beforeId?: number;
}

export type ChainReport =
  /** anchor: the last row as `<id>:<sha256>`; null while the log is empty. */
  | { intact: true; rows: number; anchor: string | null }
  | { intact: false; rows: number; brokenAt: number; reason: 'row-hash' | 'chain-link' | 'gap' | 'truncated' };

export const GENESIS = '0'.repeat(64);

/**
 * The append-only audit log. Each row's hash covers its fields and the previous row's hash, so
 * editing, deleting or reordering a past row breaks the chain at that row.
 */
export class AuditRepository {
  private readonly observers = new Set<(row: AuditRow) => void>();

  constructor(private readonly db: Db) {}

  /**
   * Appends one row; call inside the transaction of the change it records. IMMEDIATE takes the
   * write lock before reading the head, so two processes (server and CLI) cannot fork the chain.
   */
  append(entry: AuditEntry, at: Date = new Date()): AuditRow {
    const row = this.db.transaction(() => this.appendLocked(entry, at)).immediate();
    if (this.observers.size > 0) this.notifyOnceCommitted(row);
    return row;
  }

  /**
   * Calls `observer` with every row appended from now on, once its transaction has committed (a
   * change that rolls back is never reported). Returns the function that stops it.
   */
  observe(observer: (row: AuditRow) => void): () => void {
    this.observers.add(observer);
    return () => this.observers.delete(observer);
  }

  private notifyOnceCommitted(row: AuditRow): void {
    const notify = () => {
      for (const observer of this.observers) observer(row);
    };
    if (!this.db.inTransaction) return notify();
    // better-sqlite3 transactions are synchronous, so the enclosing one has ended, committed or
    // rolled back, by the time a microtask runs; the row is still there only if it committed.
    queueMicrotask(() => {
      if (this.rowSha256(row.id) === row.row_sha256) notify();
    });
  }

  private appendLocked(entry: AuditEntry, at: Date): AuditRow {
    const prev = this.head()?.sha256 ?? GENESIS;
    const row = {
      at: at.toISOString(),
      actor_id: entry.actorId,
      actor: entry.actor,
      action: entry.action,
      target: entry.target,
      before_json: entry.before === undefined ? null : JSON.stringify(entry.before),
      after_json: entry.after === undefined ? null : JSON.stringify(entry.after),
      remote_address: entry.remoteAddress ?? '',
      prev_sha256: prev,
    };
    const rowSha = rowHash(row);
    const id = Number(
      this.db
        .prepare(
          `INSERT INTO audit_log (at, actor_id, actor, action, target, before_json, after_json, remote_address, prev_sha256, row_sha256)
           VALUES (@at, @actor_id, @actor, @action, @target, @before_json, @after_json, @remote_address, @prev_sha256, @row_sha256)`,
        )
        .run({ ...row, row_sha256: rowSha }).lastInsertRowid,
    );
    return { id, ...row, row_sha256: rowSha };
  }

  search(query: AuditQuery): AuditRow[] {
    const where: string[] = [];
    const params: Record<string, unknown> = { limit: query.limit };
    if (query.q) {
      where.push(`(actor LIKE @q ESCAPE '\\' OR action LIKE @q ESCAPE '\\' OR target LIKE @q ESCAPE '\\' OR before_json LIKE @q ESCAPE '\\' OR after_json LIKE @q ESCAPE '\\')`);
      params.q = `%${query.q.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
    }
    if (query.action) (where.push('action = @action'), (params.action = query.action));
    if (query.actor) (where.push('actor = @actor'), (params.actor = query.actor));
    if (query.from) (where.push('at >= @from'), (params.from = query.from));
    if (query.to) (where.push('at < @to'), (params.to = query.to));
    if (query.beforeId) (where.push('id < @beforeId'), (params.beforeId = query.beforeId));
    const sql = `SELECT * FROM audit_log ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY id DESC LIMIT @limit`;
    return this.db.prepare<Record<string, unknown>, AuditRow>(sql).all(params);
  }

  /** The stored hash of row `id`, or undefined when no such row exists. */
  rowSha256(id: number): string | undefined {
    return this.db.prepare<[number], { row_sha256: string }>('SELECT row_sha256 FROM audit_log WHERE id = ?').get(id)?.row_sha256;
  }

  /** The last row as an anchor; undefined while the log is empty. */
  head(): AuditAnchor | undefined {
    const row = this.db.prepare<[], { id: number; row_sha256: string }>('SELECT id, row_sha256 FROM audit_log ORDER BY id DESC LIMIT 1').get();
    return row && { id: row.id, sha256: row.row_sha256 };
  }

  /**
   * Runs `read` in one read transaction, so a chain check and the anchors it prints or compares
   * see the same rows even while the server appends.
   */
  snapshot<T>(read: () => T): T {
    return this.db.transaction(read).deferred();
  }

  /**
   * Walks the whole chain in id order; says where it first breaks. The rows and sqlite_sequence
   * are read in one transaction: in WAL mode a row appended by another process between the two
   * reads would otherwise look like rows cut off the end ("truncated"). Inside snapshot() this
   * becomes a savepoint of the caller's transaction.
   */
  verify(): ChainReport {
    return this.db.transaction(() => this.walk()).deferred();
  }

  private walk(): ChainReport {
    let prev = GENESIS;
    let rows = 0;
    let expectedId: number | undefined;
    for (const row of this.db.prepare<[], AuditRow>('SELECT * FROM audit_log ORDER BY id').iterate()) {
      rows++;
      if (expectedId !== undefined && row.id !== expectedId) return { intact: false, rows, brokenAt: row.id, reason: 'gap' };
      if (row.prev_sha256 !== prev) return { intact: false, rows, brokenAt: row.id, reason: 'chain-link' };
      const { id: _id, row_sha256, ...fields } = row;
      if (rowHash(fields) !== row_sha256) return { intact: false, rows, brokenAt: row.id, reason: 'row-hash' };
      prev = row_sha256;
      expectedId = row.id + 1;
    }
    const seq = this.db.prepare<[], { seq: number }>("SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'").get()?.seq ?? 0;
    const last = (expectedId ?? 1) - 1;
    if (seq > last) return { intact: false, rows, brokenAt: last + 1, reason: 'truncated' };
    return { intact: true, rows, anchor: rows === 0 ? null : formatAnchor({ id: last, sha256: prev }) };
  }
}

function rowHash(fields: Omit<AuditRow, 'id' | 'row_sha256'>): string {
  const canonical = JSON.stringify([
    fields.at,
    fields.actor_id,
    fields.actor,
    fields.action,
    fields.target,
    fields.before_json,
    fields.after_json,
    fields.remote_address,
    fields.prev_sha256,
  ]);
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}
