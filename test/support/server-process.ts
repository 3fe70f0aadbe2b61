/** The real server as a child process on a fixed port and data folder, for tests that kill and restart it. */
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { ADMIN_PASSWORD } from './session.js';
import { childPids, spawnTs, waitForOutput } from './spawn.js';
import { approveSeed } from './seed-approval.js';

/**
 * A free port below the kernel's ephemeral range (32768+ on Linux), so no outgoing connection
 * takes it while the server is down between a kill and a restart.
 */
export async function freeLowPort(): Promise<number> {
  for (;;) {
    const candidate = 20_000 + Math.floor(Math.random() * 12_000);
    const srv = net.createServer();
    const bound = await new Promise<boolean>((resolve) => {
      srv.once('error', () => resolve(false));
      srv.listen(candidate, '127.0.0.1', () => resolve(true));
    });
    if (bound) {
      await new Promise<void>((resolve) => srv.close(() => resolve()));
      return candidate;
    }
  }
}

export interface ServerProcess {
  child: ChildProcess;
  /** SIGKILL, as a power cut or a crash would: no shutdown runs. */
  kill(): Promise<void>;
}

export async function startServerProcess(port: number, dataDir: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  // Over HTTPS this process's fetch refuses the test's self-signed certificate: a new data folder
  // first gets its admin and the approved seed from the same server over plain HTTP.
  if (env.TLS_CERT_FILE && !existsSync(path.join(dataDir, 'pano.sqlite3'))) {
    const { TLS_CERT_FILE: _cert, TLS_KEY_FILE: _key, ...plain } = env;
    await (await startServerProcess(port, dataDir, plain)).kill();
  }
  const { child } = spawnTs('server/main.ts', [], {
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    DB_SYNCHRONOUS: 'NORMAL',
    ADMIN_PASSWORD,
    LOG_LEVEL: 'info',
    ...env,
  });
  await waitForOutput(child, 'pano listening', 30_000);
  // Over plain HTTP an approver approves the shipped plan's items, as tests expect them on screen.
  if (!env.TLS_CERT_FILE && (env.ADMIN_PASSWORD ?? ADMIN_PASSWORD)) await approveSeed(`http://127.0.0.1:${port}`);
  return {
    child,
    kill() {
      const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
      // tsx runs the server in a child node process, which would survive a kill of the tsx launcher.
      for (const pid of childPids(child.pid!)) process.kill(pid, 'SIGKILL');
      child.kill('SIGKILL');
      return closed;
    },
  };
}
