import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { DatabaseFileError } from '../../server/db/database.js';
import { DataDirLockedError } from '../../server/db/data-dir-lock.js';
import { startTestServer } from '../support/server.js';
import { loginAdmin, userWithRoles } from '../support/session.js';
import { spawnTs } from '../support/spawn.js';
import { holdWriteLock } from '../support/db-lock.js';

/** Issue 13 C10–C12: the database file is never silently replaced, shared or given up on. */
const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pano-dbsafe-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A server that ran once and stopped: a real database with the seed plan and an admin. */
async function usedDataDir(): Promise<string> {
  const dir = tempDir();
  const server = await startTestServer({}, dir);
  await server.stop();
  return dir;
}

async function refusal(dir: string): Promise<DatabaseFileError> {
  const err = await startTestServer({}, dir).then(
    (s) => (void s.stop(), new Error('the server started')),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DatabaseFileError);
  return err as DatabaseFileError;
}

describe('an unusable database file stops the start (C10, C12)', () => {
  it('refuses a zero-length database file, names it, points to the backup, and leaves it as it was', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'pano.sqlite3');
    writeFileSync(file, '');
    const err = await refusal(dir);
    expect(err.message).toContain(file);
    expect(err.message).toContain('rỗng');
    expect(err.message).toContain('pano restore');
    expect(statSync(file).size).toBe(0);
  });

  it('refuses a file that is not SQLite', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'pano.sqlite3'), 'Kế hoạch 38-KH/ĐU — không phải cơ sở dữ liệu\n'.repeat(200));
    const err = await refusal(dir);
    expect(err.message).toContain('không phải cơ sở dữ liệu SQLite');
  });

  it('says a damaged database is corrupt and how to restore it, with no raw SQLite error', async () => {
    const dir = await usedDataDir();
    const file = path.join(dir, 'pano.sqlite3');
    // Garbage over every page but the first (the header and schema root stay readable).
    const size = statSync(file).size;
    const fd = openSync(file, 'r+');
    try {
      const page = 4096;
      writeSync(fd, Buffer.alloc(size - page, 0xa5), 0, size - page, page);
    } finally {
      closeSync(fd);
    }
    const err = await refusal(dir);
    expect(err.message).toContain('bị hỏng');
    expect(err.message).toContain('pano restore');
    expect(err.message).not.toMatch(/^SqliteError/);
    expect(err.name).toBe('DatabaseFileError');
  });

  it('the server process prints the reason and exits 65, without a stack trace', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'pano.sqlite3'), '');
    const { done } = spawnTs('server/main.ts', [], { PORT: '0', HOST: '127.0.0.1', DATA_DIR: dir });
    const finished = await done;
    expect(finished.code).toBe(65);
    expect(finished.stderr).toContain(path.join(dir, 'pano.sqlite3'));
    expect(finished.stderr).toContain('is empty');
    expect(finished.stderr).not.toMatch(/\n\s+at /);
    expect(statSync(path.join(dir, 'pano.sqlite3')).size).toBe(0);
  });

  it('a missing file is a new install', async () => {
    const dir = tempDir();
    const server = await startTestServer({}, dir);
    try {
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      expect(readFileSync(path.join(dir, 'pano.sqlite3')).subarray(0, 15).toString()).toBe('SQLite format 3');
    } finally {
      await server.stop();
    }
  });
});

describe('one server per data directory (C11)', () => {
  it('a second server on the same DATA_DIR refuses to start; once the first stops, it starts', async () => {
    const dir = tempDir();
    const first = await startTestServer({}, dir);
    const second = await startTestServer({}, dir).then(
      (s) => (void s.stop(), new Error('the second server started')),
      (e: unknown) => e,
    );
    expect(second).toBeInstanceOf(DataDirLockedError);
    expect((second as Error).message).toContain(dir);
    expect((second as Error).message).toContain('Another Pano server');
    // The refused start touched nothing: the first still serves.
    expect((await fetch(`${first.url}/healthz`)).status).toBe(200);
    await first.stop();
    const again = await startTestServer({}, dir);
    expect((await fetch(`${again.url}/healthz`)).status).toBe(200);
    await again.stop();
  });

  it('a second server process exits 65 with a clear message', async () => {
    const dir = tempDir();
    const first = await startTestServer({}, dir);
    try {
      const finished = await spawnTs('server/main.ts', [], { PORT: '0', HOST: '127.0.0.1', DATA_DIR: dir }).done;
      expect(finished.code).toBe(65);
      expect(finished.stderr).toContain('Một máy chủ Pano khác đang dùng thư mục dữ liệu');
      expect(finished.stderr).toContain(dir);
    } finally {
      await first.stop();
    }
  });
});

describe('a locked database (C12)', () => {
  it('a write waits for a lock held elsewhere instead of failing at once', async () => {
    const server = await startTestServer();
    try {
      const operator = await userWithRoles(await loginAdmin(server.url), 'van-hanh', ['operator']);
      // Another thread holds the write lock for a second.
      const holder = holdWriteLock(path.join(server.dataDir, 'pano.sqlite3'), 1000);
      await holder.locked;
      const res = await operator.post('/api/items', { kind: 'slogan', text: 'Toàn Đảng, toàn dân, toàn quân thi đua lập thành tích chào mừng Đại hội XIII', celebratory: true });
      expect(res.status, await res.clone().text()).toBe(201);
      await holder.released;
    } finally {
      await server.cleanup();
    }
  });

  it('past the configured busy timeout a write gets 503 with Retry-After, not a bare 500', async () => {
    const server = await startTestServer({ DB_BUSY_TIMEOUT_MS: '100' });
    const outside = new Database(path.join(server.dataDir, 'pano.sqlite3'));
    try {
      const operator = await userWithRoles(await loginAdmin(server.url), 'van-hanh', ['operator']);
      outside.exec('BEGIN IMMEDIATE');
      const res = await operator.post('/api/items', { kind: 'slogan', text: 'Mừng Đảng, mừng Xuân Canh Tý', celebratory: true });
      outside.exec('ROLLBACK');
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(((await res.json()) as { title: string }).title).toContain('Cơ sở dữ liệu đang bận');
    } finally {
      if (outside.inTransaction) outside.exec('ROLLBACK');
      outside.close();
      await server.cleanup();
    }
  });
});
