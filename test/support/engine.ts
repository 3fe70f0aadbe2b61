import { openPostgresEngine, openSqliteEngine, type Engine } from '../../server/db/engine.js';
import { SHARED_POSTGRES_ENV, usePostgres } from './postgres.js';

/**
 * A fresh, migrated engine for a repository test: SQLite in `dataDir`, or a fresh database of the
 * run's throwaway PostgreSQL when the suite runs on PostgreSQL (PANO_TEST_POSTGRES).
 */
export async function openTestEngine(dataDir: string): Promise<Engine> {
  if (!process.env[SHARED_POSTGRES_ENV]) return openSqliteEngine(dataDir, { synchronous: 'NORMAL' });
  return openPostgresEngine(await (await usePostgres()).createDatabase());
}
