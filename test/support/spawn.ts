import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT_DIR } from '../../server/paths.js';

const TSX = path.join(ROOT_DIR, 'node_modules', '.bin', 'tsx');

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs a TypeScript entry point of the product (server/main.ts, server/cli/pano.ts) as a real process. */
export function spawnTs(
  entry: string,
  args: string[],
  env: Record<string, string>,
  cwd: string = ROOT_DIR,
): { child: ChildProcess; done: Promise<Finished> } {
  const child = spawn(TSX, [path.join(ROOT_DIR, entry), ...args], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<Finished>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, done };
}

/** The processes a process started (tsx's launcher starts the node process that runs the entry). */
export function childPids(pid: number): number[] {
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
  return children ? children.split(/\s+/).map(Number) : [];
}

/**
 * Sends a signal to the node process that runs the entry, as a service manager signals
 * `node dist/server/main.js`. Not to tsx's launcher: it relays a signal only if the child answers
 * within 30 ms, and otherwise kills it (exit 143), which a busy child on a loaded machine does not.
 */
export function signalEntry(child: ChildProcess, signal: NodeJS.Signals): void {
  for (const pid of childPids(child.pid!)) process.kill(pid, signal);
}

/** Resolves when the process has written a line containing `text` to stdout; rejects at once if it ends first. */
export function waitForOutput(child: ChildProcess, text: string, timeoutMs = 20_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const settle = (outcome: () => void) => {
      clearTimeout(timer);
      child.off('close', onClose);
      child.stdout!.off('data', onData);
      outcome();
    };
    // 'close' comes after the last stdout data, so text printed just before exiting is still seen.
    const onClose = (code: number | null) => settle(() => reject(new Error(`the process ended (${code}) before "${text}":\n${seen}`)));
    const onData = (d: Buffer) => {
      seen += d.toString();
      if (seen.includes(text)) settle(() => resolve(seen));
    };
    const timer = setTimeout(() => settle(() => reject(new Error(`"${text}" not seen within ${timeoutMs} ms:\n${seen}`))), timeoutMs);
    child.once('close', onClose);
    child.stdout!.on('data', onData);
  });
}

/** `pano` as an operator runs it: the CLI from source, with its own DATA_DIR (and DATABASE_URL on PostgreSQL), in `cwd`. */
export function runPano(args: string[], dataDir: string, cwd: string, databaseUrl?: string): Promise<Finished> {
  return spawnTs('server/cli/pano.ts', args, { DATA_DIR: dataDir, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) }, cwd).done;
}
