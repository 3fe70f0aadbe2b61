import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseConfig, type Config } from '../../server/config.js';
import { createLogger, type Logger } from '../../server/log.js';
import { ADMIN_PASSWORD } from './session.js';
import { approveSeed } from './seed-approval.js';
import { startServer, type HubTuning, type RunningServer } from '../../server/server.js';

export interface TestServer extends RunningServer {
  dataDir: string;
  logs: string[];
  /** Stops the server; the data directory stays for restart tests until cleanup(). */
  stop(): Promise<void>;
  cleanup(): Promise<void>;
}

/** A real Pano server on a free port with its own temporary SQLite database. */
export async function startTestServer(
  env: Record<string, string> = {},
  dataDir?: string,
  tuning: HubTuning = {},
  /** approveSeed: an approver approves the shipped plan's items first (default true). */
  options: { approveSeed?: boolean } = {},
): Promise<TestServer> {
  const dir = dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'pano-test-'));
  const config: Config = parseConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dir,
    DB_SYNCHRONOUS: 'NORMAL',
    ADMIN_PASSWORD,
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
    logs,
    stop,
    async cleanup() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
