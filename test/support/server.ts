import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseConfig, type Config } from '../../server/config.js';
import { createLogger, type Logger } from '../../server/log.js';
import { openStore, type Store } from '../../server/store.js';
import { ADMIN_PASSWORD } from './session.js';
import { approveSeed } from './seed-approval.js';
import { SHARED_POSTGRES_ENV, usePostgres } from './postgres.js';
import { startServer, type HubTuning, type RunningServer } from '../../server/server.js';

export interface TestServer extends RunningServer {
  dataDir: string;
  /** The server's PostgreSQL database when the suite runs on PostgreSQL; undefined on SQLite. */
  databaseUrl: string | undefined;
  logs: string[];
  /** Stops the server; the data directory stays for restart tests until cleanup(). */
  stop(): Promise<void>;
  cleanup(): Promise<void>;
}

/**
 * On PostgreSQL (the integration-postgres project) each data directory gets its own fresh
 * database, kept for the directory: a server restarted on the same DATA_DIR finds its data again.
 */
const databaseOfDataDir = new Map<string, string>();

async function testDatabaseUrl(dataDir: string): Promise<string | undefined> {
  if (!process.env[SHARED_POSTGRES_ENV]) return undefined;
  let url = databaseOfDataDir.get(dataDir);
  if (!url) {
    url = await (await usePostgres()).createDatabase();
    databaseOfDataDir.set(dataDir, url);
  }
  return url;
}

/**
 * A real Pano server on a free port with its own temporary database: SQLite in its data
 * directory, or a fresh PostgreSQL database when PANO_TEST_POSTGRES names a test PostgreSQL
 * (the data directory then holds only files).
 */
export async function startTestServer(
  env: Record<string, string> = {},
  dataDir?: string,
  tuning: HubTuning = {},
  /** approveSeed: an approver approves the shipped plan's items first (default true). */
  options: { approveSeed?: boolean } = {},
): Promise<TestServer> {
  const dir = dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'pano-test-'));
  const databaseUrl = env.DATABASE_URL ?? (await testDatabaseUrl(dir));
  const config: Config = parseConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dir,
    DB_SYNCHRONOUS: 'NORMAL',
    ADMIN_PASSWORD,
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    ...env,
  });
  const logs: string[] = [];
  const log: Logger = createLogger('debug', (line) => logs.push(line));
  const running = await startServer(config, log, tuning);
  // Over HTTPS the test's own client trusts its certificate; those tests need no seed approvals.
  if (options.approveSeed !== false && config.ADMIN_PASSWORD && !config.tls) await approveSeed(running.url);
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await running.close();
  };
  return {
    ...running,
    dataDir: dir,
    databaseUrl: config.DATABASE_URL,
    logs,
    stop,
    async cleanup() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
      databaseOfDataDir.delete(dir);
    },
  };
}

/** The store of a test server's database, opened beside it (SQLite file or PostgreSQL database). */
export function openTestStore(server: Pick<TestServer, 'dataDir' | 'databaseUrl'>): Promise<Store> {
  return openStore(server.dataDir, 'NORMAL', undefined, server.databaseUrl);
}
