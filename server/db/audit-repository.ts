import { createHash } from 'node:crypto';
import { formatAnchor, type AuditAnchor } from '../protocol/audit.js';
import { afterCommit, atomically, engineKind, engineOf, type Queryable, type Tx } from './engine.js';
import { ChangeGenerationRepository } from './change-generation-repository.js';
import { containsText, likeEscape } from './dialect.js';

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
 * Audited actions that cannot change what a screen, the web channel or a panel shows. Every
 * other audited change moves the change generation in its own transaction, so every node reloads
 * (see ChangeGenerationRepository); these would only make nodes reload for nothing, and the
 * failures among them can be caused by anyone, signed in or not.
 */
const SHOWS_NOTHING = new Set([
  'user.login',
  'user.logout',
  'user.password-change',
  'login.failed',
  'login.throttled',
  'setup.failed',
  'password.change-failed',
  'display.pair-failed',
  'display.capture',
  'print.cli',
]);

/**
 * The append-only audit log. Each row's hash covers its fields and the previous row's hash, so
 * editing, deleting or reordering a past row breaks the chain at that row.
 */
export class AuditRepository {
  constructor(private readonly q: Queryable) {}

  /**
   * Appends one row; call inside the transaction of the change it records (alone, it opens its
   * own). The head row is locked first: on PostgreSQL at READ COMMITTED the lock waits for any
   * other appender and then re-reads the head it committed, so the chain never forks; the id is
   * the head's plus one, so it has no gaps (an identity column skips numbers on rollback).
   */
  append(entry: AuditEntry, at: Date = new Date()): Promise<AuditRow> {
    return atomically(this.q, async (tx) => {
      const row = await appendLocked(tx, entry, at);
      if (!SHOWS_NOTHING.has(entry.action)) await new ChangeGenerationRepository(tx).bump(at);
      const engine = engineOf(tx);
      afterCommit(() => engine.committed.emit('audit-appended', row));
      return row;
    });
  }

  async search(query: AuditQuery): Promise<AuditRow[]> {
    let select = this.q.selectFrom('audit_log').selectAll();
    if (query.q) {
      const pattern = `%${likeEscape(query.q)}%`;
      select = select.where((eb) =>
        eb.or((['actor', 'action', 'target', 'before_json', 'after_json'] as const).map((column) => containsText(eb, column, pattern))),
      );
    }
    if (query.action) select = select.where('action', '=', query.action);
    if (query.actor) select = select.where('actor', '=', query.actor);
    if (query.from) select = select.where('at', '>=', query.from);
    if (query.to) select = select.where('at', '<', query.to);
    if (query.beforeId) select = select.where('id', '<', query.beforeId);
    return select.orderBy('id', 'desc').limit(query.limit).execute();
  }

  /** The stored hash of row `id`, or undefined when no such row exists. */
  async rowSha256(id: number): Promise<string | undefined> {
    const row = await this.q.selectFrom('audit_log').select('row_sha256').where('id', '=', id).executeTakeFirst();
    return row?.row_sha256;
  }

  /** The last row as an anchor; undefined while the log is empty. */
  async head(): Promise<AuditAnchor | undefined> {
    const row = await this.q.selectFrom('audit_log').select(['id', 'row_sha256']).orderBy('id', 'desc').limit(1).executeTakeFirst();
    return row && { id: row.id, sha256: row.row_sha256 };
  }

  /**
   * Walks the whole chain in id order; says where it first breaks. Call it inside a read-only
   * transaction (one snapshot): the rows and the head row must be read from the same moment, or
   * a row appended by another node between the reads looks like rows cut off the end.
   */
  async verify(): Promise<ChainReport> {
    let prev = GENESIS;
    let rows = 0;
    let expectedId: number | undefined;
    let after = 0;
    for (;;) {
      const page = await this.q.selectFrom('audit_log').selectAll().where('id', '>', after).orderBy('id').limit(VERIFY_PAGE).execute();
      for (const row of page) {
        rows++;
        if (expectedId !== undefined && row.id !== expectedId) return { intact: false, rows, brokenAt: row.id, reason: 'gap' };
        if (row.prev_sha256 !== prev) return { intact: false, rows, brokenAt: row.id, reason: 'chain-link' };
        const { id: _id, row_sha256, ...fields } = row;
        if (rowHash(fields) !== row_sha256) return { intact: false, rows, brokenAt: row.id, reason: 'row-hash' };
        prev = row_sha256;
        expectedId = row.id + 1;
      }
      if (page.length < VERIFY_PAGE) break;
      after = page[page.length - 1]!.id;
    }
    const head = await this.q.selectFrom('audit_head').select('last_id').where('id', '=', 1).executeTakeFirst();
    const last = (expectedId ?? 1) - 1;
    if ((head?.last_id ?? 0) > last) return { intact: false, rows, brokenAt: last + 1, reason: 'truncated' };
    return { intact: true, rows, anchor: rows === 0 ? null : formatAnchor({ id: last, sha256: prev }) };
  }
}

/** Rows read per statement while verifying: bounded memory however long the chain. */
const VERIFY_PAGE = 2000;

async function appendLocked(tx: Tx, entry: AuditEntry, at: Date): Promise<AuditRow> {
  let headQuery = tx.selectFrom('audit_head').select(['last_id', 'last_sha256']).where('id', '=', 1);
  // SQLite has no row locks: BEGIN IMMEDIATE already holds the only write lock.
  if (engineKind(tx) === 'postgres') headQuery = headQuery.forUpdate();
  const head = await headQuery.executeTakeFirstOrThrow();
  const row = {
    at: at.toISOString(),
    actor_id: entry.actorId,
    actor: entry.actor,
    action: entry.action,
    target: entry.target,
    before_json: entry.before === undefined ? null : JSON.stringify(entry.before),
    after_json: entry.after === undefined ? null : JSON.stringify(entry.after),
    remote_address: entry.remoteAddress ?? '',
    prev_sha256: head.last_sha256,
  };
  const stored: AuditRow = { id: head.last_id + 1, ...row, row_sha256: rowHash(row) };
  await tx.insertInto('audit_log').values(stored).execute();
  await tx.updateTable('audit_head').set({ last_id: stored.id, last_sha256: stored.row_sha256 }).where('id', '=', 1).execute();
  return stored;
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
