import { defineConfig } from 'vitest/config';

/**
 * Integration tests about SQLite itself, left out of the PostgreSQL run: migrations of old SQLite
 * files, the SQLite file's backup, restore, durability and damage checks, the data directory
 * lock (one SQLite server per DATA_DIR), and the PostgreSQL schema test (it compares with SQLite
 * and runs in the SQLite project already).
 */
const SQLITE_ONLY = [
  'test/integration/backup.test.ts',
  'test/integration/celebratory.test.ts',
  'test/integration/content-migration.test.ts',
  'test/integration/database-safety.test.ts',
  // The data disk filling up under a SQLite write lock held by hand.
  'test/integration/disk-full.test.ts',
  'test/integration/durability.test.ts',
  'test/integration/media-migration.test.ts',
  'test/integration/plans-migration.test.ts',
  'test/integration/print-approval-migration.test.ts',
  'test/integration/postgres-schema.test.ts',
];

/**
 * Tests that open both engines themselves, or several nodes on one PostgreSQL: they run once, in
 * the PostgreSQL project, on its shared throwaway server.
 */
const ENGINES_AND_NODES = [
  'test/integration/cluster-pairing.test.ts',
  'test/integration/cluster-state.test.ts',
  'test/integration/db-copy.test.ts',
  'test/integration/content-postgres.test.ts',
  'test/integration/displays-postgres.test.ts',
  'test/integration/engine.test.ts',
  'test/integration/media-postgres.test.ts',
  'test/integration/multi-node.test.ts',
  'test/integration/plans-postgres.test.ts',
  'test/integration/print-leases.test.ts',
  // Starts a PostgreSQL of its own, with pg_stat_statements loaded, to count statements.
  'test/integration/reconnect-storm.test.ts',
];

export default defineConfig({
  test: {
    // Integration files wait mostly on servers, child processes and PostgreSQL: three at a time keep
    // two cores busy (measured: the whole suite on both engines in 10.5 min instead of 15.5).
    maxWorkers: 3,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          exclude: ENGINES_AND_NODES,
          // SQLite: the PostgreSQL project's global setup sets this for the whole run.
          env: { PANO_TEST_POSTGRES: '' },
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        // The same integration suite on PostgreSQL: test servers get a fresh database of one
        // throwaway PostgreSQL started for the run (npm run test:postgres).
        test: {
          name: 'integration-postgres',
          include: ['test/integration/**/*.test.ts'],
          exclude: SQLITE_ONLY,
          globalSetup: ['test/support/postgres-global.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          // A click, a round trip and a re-render share two cores with Chromium and the server.
          expect: { poll: { timeout: 10_000 } },
        },
      },
    ],
  },
});
