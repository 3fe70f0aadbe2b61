/**
 * The PostgreSQL schema, versioned like SQLite's: the baseline equals SQLite's version 18, and each
 * later schema change adds a file to BOTH server/db/migrations (SQLite, registered in its index.ts)
 * and server/db/postgres (here, in POSTGRES_MIGRATIONS), with the same version number, so the two
 * engines always hold the same tables and columns.
 */
import { sql, type Kysely } from 'kysely';
import { BASELINE_SQL, BASELINE_VERSION } from './baseline.js';
import { migration as m019 } from './019-audit-head-and-generation.js';
import { migration as m020 } from './020-print-leases.js';
import { migration as m021 } from './021-cluster-state.js';

export interface PostgresMigration {
  version: number;
  name: string;
  sql: string;
}

/** Changes after the baseline, in order, versions BASELINE_VERSION + 1, + 2, … */
export const POSTGRES_MIGRATIONS: readonly PostgresMigration[] = [m019, m020, m021];

export const POSTGRES_SCHEMA_VERSION = BASELINE_VERSION + POSTGRES_MIGRATIONS.length;

/** Any fixed number: every node starting at once waits on this lock, one migrates, the others find it done. */
const MIGRATION_LOCK = 0x70616e6f; // 'pano'

/**
 * Brings the database to this build's schema: the baseline when it is empty, then each later
 * migration, every step in its own transaction together with its version number. Several nodes may
 * call it at the same moment; a transaction-scoped advisory lock makes them take turns.
 */
export async function migratePostgres(db: Kysely<any>): Promise<void> {
  POSTGRES_MIGRATIONS.forEach((m, i) => {
    if (m.version !== BASELINE_VERSION + i + 1) throw new Error(`migration ${m.name} has version ${m.version}, expected ${BASELINE_VERSION + i + 1}`);
  });
  const steps: PostgresMigration[] = [{ version: BASELINE_VERSION, name: 'baseline', sql: BASELINE_SQL }, ...POSTGRES_MIGRATIONS];
  for (const step of steps) {
    await db.transaction().execute(async (tx) => {
      await sql`SELECT pg_advisory_xact_lock(${sql.lit(MIGRATION_LOCK)})`.execute(tx);
      await sql`CREATE TABLE IF NOT EXISTS pano_schema_version (
        one integer PRIMARY KEY DEFAULT 1 CHECK (one = 1),
        version integer NOT NULL
      )`.execute(tx);
      const row = await sql<{ version: number }>`SELECT version FROM pano_schema_version`.execute(tx);
      const current = row.rows[0]?.version ?? 0;
      refuseNewer(current);
      if (current >= step.version) return;
      if (current === 0 && step.version === BASELINE_VERSION) await refuseForeignTables(tx);
      // One script of many statements: sent without parameters, node-postgres uses the simple
      // query protocol, which runs them all in this transaction.
      await sql.raw(step.sql).execute(tx);
      await sql`INSERT INTO pano_schema_version (one, version) VALUES (1, ${step.version})
        ON CONFLICT (one) DO UPDATE SET version = EXCLUDED.version`.execute(tx);
    });
  }
}

function refuseNewer(current: number): void {
  if (current > POSTGRES_SCHEMA_VERSION) {
    throw new Error(
      `Cơ sở dữ liệu ở phiên bản ${current}, mới hơn phần mềm (${POSTGRES_SCHEMA_VERSION}); hãy cập nhật Pano. ` +
        `(database schema ${current} is newer than this build's ${POSTGRES_SCHEMA_VERSION})`,
    );
  }
}

/**
 * A database without a version row but with tables of its own is not Pano's (or lost its version
 * row): laying the baseline over it would fail half way or mix two applications' data.
 */
async function refuseForeignTables(tx: Kysely<any>): Promise<void> {
  const found = await sql<{ name: string }>`
    SELECT table_name AS name FROM information_schema.tables
    WHERE table_schema = current_schema() AND table_name <> 'pano_schema_version' ORDER BY table_name LIMIT 5`.execute(tx);
  if (found.rows.length > 0) {
    const names = found.rows.map((r) => r.name).join(', ');
    throw new Error(
      `Cơ sở dữ liệu PostgreSQL không trống nhưng không có phiên bản lược đồ của Pano (có bảng: ${names}); hãy dùng một cơ sở dữ liệu trống. ` +
        `(the PostgreSQL database is not empty but has no Pano schema version (tables: ${names}); use an empty database)`,
    );
  }
}

/**
 * What the application's login role needs when the database is owned by another (administrative)
 * role: read and write every table, use the identities, but never change or remove audit rows.
 * The triggers refuse that too; the grant makes it hold even for someone who could drop a trigger
 * only as the owner. Run by the owner after migratePostgres; `role` is quoted as an identifier.
 */
export function appRoleGrants(role: string): string {
  const r = `"${role.replaceAll('"', '""')}"`;
  return [
    `GRANT USAGE ON SCHEMA public TO ${r};`,
    `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${r};`,
    `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${r};`,
    `GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO ${r};`,
    `REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM ${r};`,
    // The version table belongs to migrations, run by the owner.
    `REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON pano_schema_version FROM ${r};`,
  ].join('\n');
}
