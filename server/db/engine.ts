import { AsyncLocalStorage } from 'node:async_hooks';
import { EventEmitter } from 'node:events';
import {
  CompiledQuery,
  Kysely,
  PostgresAdapter,
  PostgresDialect,
  SqliteDialect,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryCompiler,
  type Transaction,
  type TransactionSettings,
} from 'kysely';
import pg from 'pg';
import type BetterSqlite3 from 'better-sqlite3';
import { openDatabase, type OpenOptions } from './database.js';
import { migratePostgres } from './postgres/migrate.js';
import type { DB } from './schema.js';

/**
 * One query layer over two engines. Every repository is made over a `Queryable`: the engine's
 * root (`engine.db`, one statement on its own) or the transaction it runs in (`tx`). The same
 * Kysely query runs on better-sqlite3 (the embedded default) and on PostgreSQL (several nodes).
 *
 * Differences handled here, once:
 * - 64-bit integers come back as numbers on both (pg returns int8 as text otherwise).
 * - Flags are 0/1 integers and timestamps ISO-8601 text on both: hashed audit fields and every
 *   comparison read the same bytes whichever engine stored them.
 * - SQLite transactions begin IMMEDIATE (a deferred one that writes fails at once under another
 *   writer); PostgreSQL's run at READ COMMITTED, where a locked row is re-read after the wait.
 */
export type Schema = DB;
export type Queryable = Kysely<Schema>;
export type Tx = Transaction<Schema>;
export type EngineKind = 'sqlite' | 'postgres';

export interface TransactionOptions {
  /**
   * A transaction that only reads, from one snapshot: SQLite begins it deferred (WAL gives it a
   * snapshot), PostgreSQL runs it REPEATABLE READ, READ ONLY.
   */
  readOnly?: boolean;
  /**
   * PostgreSQL only: READ COMMITTED unless asked (a read-only one is REPEATABLE READ). Pano's
   * writes rely on READ COMMITTED re-reading a row after waiting for its lock (the audit head).
   */
  isolation?: 'read committed' | 'repeatable read' | 'serializable';
}

/** What this process's code committed, for observers in the same process (the log, the hub). */
export interface CommittedEvents {
  'audit-appended': [row: { id: number; at: string; actor: string; action: string; target: string; remote_address: string }];
  /** The change generation this process's transaction moved to. */
  generation: [generation: number];
}

export interface Engine {
  readonly kind: EngineKind;
  /** Emitted after the commit of the transaction that caused them, never on a rollback. */
  readonly committed: EventEmitter<CommittedEvents>;
  /** The root: each statement on its own connection. Refused inside a transaction (see below). */
  readonly db: Queryable;
  /** Runs `work` in one transaction on one connection; commits when it resolves. */
  transaction<T>(work: (tx: Tx) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /** The better-sqlite3 handle for SQLite-only work (online backup); undefined on PostgreSQL. */
  readonly sqlite: BetterSqlite3.Database | undefined;
  close(): Promise<void>;
}

/**
 * Code inside a transaction used the root connection: on PostgreSQL its statement would run
 * outside the transaction (seeing nothing it wrote, committing on its own); on SQLite it would
 * wait forever for the connection the transaction holds.
 */
export class RootInTransactionError extends Error {
  constructor() {
    super('the root connection was used inside a transaction: pass the transaction (tx) to the repository');
    this.name = 'RootInTransactionError';
  }
}

interface TransactionFrame {
  engine: Engine;
  open: boolean;
  afterCommit: (() => void)[];
}

const transactionScope = new AsyncLocalStorage<TransactionFrame>();

/**
 * Runs `task` once the current transaction commits (never if it rolls back), or at once outside
 * one: observers of a change must not learn of it before it is stored.
 */
export function afterCommit(task: () => void): void {
  const frame = transactionScope.getStore();
  if (frame?.open) frame.afterCommit.push(task);
  else task();
}


const engines = new WeakMap<Queryable, Engine>();

/** The engine a root or a transaction of this process belongs to. */
export function engineOf(q: Queryable): Engine {
  const engine = q.isTransaction ? transactionScope.getStore()?.engine : engines.get(q);
  if (!engine) throw new Error('engineOf: a queryable of no open engine (a transaction used after it ended?)');
  return engine;
}

/**
 * Runs `work` in the transaction `q` already is, or in a new one on `q`'s engine: how a
 * repository method that must be atomic stays so whether or not its caller opened a transaction.
 */
export function atomically<T>(q: Queryable, work: (tx: Tx) => Promise<T>): Promise<T> {
  if (q.isTransaction) return work(q as Tx);
  return engineOf(q).transaction(work);
}

/** Which engine a queryable belongs to, for the few statements whose SQL must differ. */
export function engineKind(q: Queryable): EngineKind {
  return q.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/** Wraps a dialect's driver: the root-inside-transaction guard, and SQLite's IMMEDIATE begin. */
class GuardedDriver implements Driver {
  constructor(
    private readonly inner: Driver,
    private readonly kind: EngineKind,
  ) {}

  init(): Promise<void> {
    return this.inner.init();
  }

  acquireConnection(): Promise<DatabaseConnection> {
    // A transaction's own statements reuse the connection it acquired; only the root acquires.
    if (transactionScope.getStore()?.open) return Promise.reject(new RootInTransactionError());
    return this.inner.acquireConnection();
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    if (this.kind === 'sqlite') {
      await connection.executeQuery(CompiledQuery.raw(settings.accessMode === 'read only' ? 'begin deferred' : 'begin immediate'));
      return;
    }
    await this.inner.beginTransaction(connection, settings);
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.inner.commitTransaction(connection);
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return this.inner.rollbackTransaction(connection);
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.inner.releaseConnection(connection);
  }

  destroy(): Promise<void> {
    return this.inner.destroy();
  }
}

function guarded(dialect: Dialect, kind: EngineKind): Dialect {
  return {
    createAdapter: () => dialect.createAdapter(),
    createDriver: () => new GuardedDriver(dialect.createDriver(), kind),
    createQueryCompiler: (): QueryCompiler => dialect.createQueryCompiler(),
    createIntrospector: (db) => dialect.createIntrospector(db),
  };
}

function makeEngine(kind: EngineKind, db: Queryable, sqlite: BetterSqlite3.Database | undefined): Engine {
  const engine: Engine = {
    kind,
    committed: new EventEmitter<CommittedEvents>(),
    db,
    sqlite,
    async transaction<T>(work: (tx: Tx) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
      if (transactionScope.getStore()?.open) throw new RootInTransactionError();
      const frame: TransactionFrame = { engine, open: true, afterCommit: [] };
      let builder = db.transaction();
      if (kind === 'postgres') builder = builder.setIsolationLevel(options.isolation ?? (options.readOnly ? 'repeatable read' : 'read committed'));
      if (options.readOnly) builder = builder.setAccessMode('read only');
      let result: T;
      try {
        result = await builder.execute((tx) => transactionScope.run(frame, () => work(tx)));
      } finally {
        frame.open = false;
      }
      for (const task of frame.afterCommit) task();
      return result;
    },
    close: () => db.destroy(),
  };
  engines.set(db, engine);
  return engine;
}

/** int8 as a JavaScript number; a value past 2^53 is an error, never a silently rounded id. */
function parseSafeInteger(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new RangeError(`integer ${text} does not fit a JavaScript number`);
  return value;
}

export interface PostgresOptions {
  /** Connections this node keeps open (the listener has its own, outside the pool). */
  poolSize?: number;
}

/** SQLite in dataDir (created on first use, checked, migrated), as Pano has always run. */
export function openSqliteEngine(dataDir: string, options?: OpenOptions): Engine {
  const sqlite = openDatabase(dataDir, options);
  const db = new Kysely<Schema>({ dialect: guarded(new SqliteDialect({ database: sqlite }), 'sqlite') });
  return makeEngine('sqlite', db, sqlite);
}

/** PostgreSQL at `url` (postgres://…), migrated before it is returned. */
export async function openPostgresEngine(url: string, options: PostgresOptions = {}): Promise<Engine> {
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10 });
  pool.on('error', () => {
    // An idle client lost its server: the pool drops it and the next query opens a new one.
  });
  const db = new Kysely<Schema>({ dialect: guarded(new PostgresDialect({ pool }), 'postgres') });
  try {
    await migratePostgres(db);
  } catch (err) {
    await db.destroy();
    throw err;
  }
  return makeEngine('postgres', db, undefined);
}

pg.types.setTypeParser(pg.types.builtins.INT8, parseSafeInteger);
