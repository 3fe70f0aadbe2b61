import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * Another thread takes the database's write lock and gives it up after holdMs. Tests run the
 * server in their own process, whose event loop is blocked while a write waits for the lock:
 * the release must come from elsewhere.
 */
export function holdWriteLock(file: string, holdMs: number): { locked: Promise<void>; released: Promise<void> } {
  const worker = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads');
     const Database = require(workerData.module);
     const db = new Database(workerData.file);
     db.exec('BEGIN IMMEDIATE');
     parentPort.postMessage('locked');
     setTimeout(() => { db.exec('ROLLBACK'); db.close(); }, workerData.holdMs);`,
    { eval: true, workerData: { file, holdMs, module: createRequire(import.meta.url).resolve('better-sqlite3') } },
  );
  return {
    locked: new Promise((resolve, reject) => (worker.once('message', () => resolve()), worker.once('error', reject))),
    released: new Promise((resolve) => worker.once('exit', () => resolve())),
  };
}
