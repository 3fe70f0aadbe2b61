import { sql, type Kysely } from 'kysely';
import { AuditRepository, type ChainReport } from './audit-repository.js';
import type { Engine, Tx } from './engine.js';

/**
 * `pano db copy --to postgres://…`: moves an installation from its SQLite file to an empty
 * PostgreSQL database. Tables go parents first, rows in key order, values as stored (the audit
 * log's hashed text byte for byte), all in one transaction on the target: a copy that fails
 * leaves the target as empty as it was. On arrival the audit chain is verified on the target and
 * its head must equal the source's.
 */

/** Rows that migrations insert (the settings and counters of one row): replaced by the source's. */
const SINGLETON_TABLES = new Set(['web_channel_settings', 'audit_head', 'change_generation']);
/** Tables the migrations fill (the built-in national days): the source's rows replace them. */
const SEEDED_TABLES = new Set([...SINGLETON_TABLES, 'national_days']);

/** Rows per INSERT: well under PostgreSQL's 65,535 parameters for the widest table. */
const BATCH_ROWS = 500;

export class CopyError extends Error {
  constructor(
    readonly vi: string,
    readonly en: string,
  ) {
    super(`${vi} (${en})`);
    this.name = 'CopyError';
  }
}

export interface TableCopied {
  table: string;
  rows: number;
}

export interface CopyReport {
  tables: TableCopied[];
  chain: ChainReport;
}

interface TableShape {
  name: string;
  columns: string[];
  keyColumns: string[];
  parents: string[];
  /** An INTEGER PRIMARY KEY whose identity sequence must continue after the copied ids. */
  identity: boolean;
}

// Table names are read from the source's own schema and checked against the target's; a dynamic
// name has no static type, so the copier speaks to Kysely untyped.
type AnyDb = Kysely<Record<string, Record<string, unknown>>>;

export async function copyDatabase(source: Engine, target: Engine, onTable: (done: TableCopied) => void = () => undefined): Promise<CopyReport> {
  if (source.kind !== 'sqlite' || !source.sqlite) throw new CopyError('Nguồn phải là cơ sở dữ liệu SQLite của Pano.', 'The source must be a Pano SQLite database.');
  if (target.kind !== 'postgres') throw new CopyError('Đích phải là PostgreSQL (DATABASE_URL=postgres://…).', 'The target must be PostgreSQL.');
  const tables = order(readShapes(source.sqlite));
  const sequences = new Map(
    (source.sqlite.prepare('SELECT name, seq FROM sqlite_sequence').all() as { name: string; seq: number }[]).map((r) => [r.name, r.seq]),
  );
  const sourceHead = await new AuditRepository(source.db).head();

  const copied = await target.transaction(async (tx) => {
    const db = tx as unknown as AnyDb;
    await refuseNonEmpty(db, tables);
    const done: TableCopied[] = [];
    for (const table of tables) {
      if (SEEDED_TABLES.has(table.name)) await db.deleteFrom(table.name).execute();
      let rows = 0;
      const select = source.sqlite!.prepare(`SELECT ${table.columns.map(quote).join(', ')} FROM ${quote(table.name)} ORDER BY ${table.keyColumns.map(quote).join(', ')}`);
      let batch: Record<string, unknown>[] = [];
      for (const row of select.iterate() as IterableIterator<Record<string, unknown>>) {
        batch.push(row);
        if (batch.length === BATCH_ROWS) {
          await db.insertInto(table.name).values(batch).execute();
          rows += batch.length;
          batch = [];
        }
      }
      if (batch.length) {
        await db.insertInto(table.name).values(batch).execute();
        rows += batch.length;
      }
      if (table.identity) await continueIdentity(tx, table.name, Math.max(sequences.get(table.name) ?? 0, await maxId(db, table.name)));
      done.push({ table: table.name, rows });
      onTable({ table: table.name, rows });
    }
    return done;
  });

  const chain = await target.transaction((tx) => new AuditRepository(tx).verify(), { readOnly: true });
  if (!chain.intact) {
    throw new CopyError(`Chuỗi nhật ký trên PostgreSQL hỏng ở dòng ${chain.brokenAt} sau khi chép.`, `The audit chain on PostgreSQL breaks at row ${chain.brokenAt} after the copy.`);
  }
  const targetHead = await new AuditRepository(target.db).head();
  if (targetHead?.id !== sourceHead?.id || targetHead?.sha256 !== sourceHead?.sha256) {
    throw new CopyError('Đầu chuỗi nhật ký trên PostgreSQL khác với SQLite.', 'The audit head on PostgreSQL differs from SQLite’s.');
  }
  return { tables: copied, chain };
}

function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function readShapes(sqlite: NonNullable<Engine['sqlite']>): TableShape[] {
  const names = (sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
  return names.map((name) => {
    const info = sqlite.prepare('SELECT name, type, pk FROM pragma_table_info(?) ORDER BY cid').all(name) as { name: string; type: string; pk: number }[];
    const keys = info.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk);
    const parents = (sqlite.prepare('SELECT DISTINCT "table" AS parent FROM pragma_foreign_key_list(?)').all(name) as { parent: string }[]).map((r) => r.parent);
    return {
      name,
      columns: info.map((c) => c.name),
      keyColumns: (keys.length ? keys : info.slice(0, 1)).map((c) => c.name),
      parents: parents.filter((p) => p !== name),
      identity: keys.length === 1 && keys[0]!.name === 'id' && keys[0]!.type.toUpperCase() === 'INTEGER' && !SINGLETON_TABLES.has(name),
    };
  });
}

/** Parents before children (the schema has no cycles; one would be a bug in a migration). */
function order(tables: TableShape[]): TableShape[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const sorted: TableShape[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (table: TableShape) => {
    if (state.get(table.name) === 'done') return;
    if (state.get(table.name) === 'visiting') throw new Error(`foreign keys form a cycle through ${table.name}`);
    state.set(table.name, 'visiting');
    for (const parent of table.parents) {
      const shape = byName.get(parent);
      if (shape) visit(shape);
    }
    state.set(table.name, 'done');
    sorted.push(table);
  };
  tables.forEach(visit);
  return sorted;
}

async function refuseNonEmpty(db: AnyDb, tables: TableShape[]): Promise<void> {
  for (const table of tables) {
    if (SEEDED_TABLES.has(table.name)) continue;
    const row = await db.selectFrom(table.name).select(sql<number>`1`.as('present')).limit(1).executeTakeFirst();
    if (row) {
      throw new CopyError(
        `Cơ sở dữ liệu đích không trống (bảng ${table.name} đã có dữ liệu): chỉ chép vào một cơ sở dữ liệu PostgreSQL mới.`,
        `The target database is not empty (table ${table.name} has rows): copy only into a new PostgreSQL database.`,
      );
    }
  }
}

async function maxId(db: AnyDb, table: string): Promise<number> {
  const row = await db.selectFrom(table).select(sql<number | null>`max(id)`.as('last')).executeTakeFirst();
  return Number(row?.last ?? 0);
}

/** The next id the identity column hands out follows the copied ones (and SQLite's sequence). */
async function continueIdentity(tx: Tx, table: string, last: number): Promise<void> {
  await sql`SELECT setval(pg_get_serial_sequence(${table}, 'id'), ${Math.max(last, 1)}, ${last > 0})`.execute(tx);
}
