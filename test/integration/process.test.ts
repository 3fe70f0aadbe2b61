import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openPostgresEngine } from '../../server/db/engine.js';
import { SHARED_POSTGRES_ENV, usePostgres } from '../support/postgres.js';
import { signalEntry, spawnTs, waitForOutput } from '../support/spawn.js';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pano-proc-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('the server process', () => {
  it.each([
    ['PORT', 'tám nghìn', 'PORT'],
    ['PANO_TIME_ZONE', 'Asia/Hanoi_Nope', 'múi giờ'],
    ['ALLOWED_ORIGINS', 'not a url', 'ALLOWED_ORIGINS'],
    ['LOG_LEVEL', 'chatty', 'LOG_LEVEL'],
  ])('exits with code 78 and says which setting is wrong when %s is bad', async (key, value, expected) => {
    const { done } = spawnTs('server/main.ts', [], { [key]: value, DATA_DIR: dataDir, PORT: key === 'PORT' ? value : '0' });
    const result = await done;
    expect(result.code).toBe(78);
    expect(result.stderr).toContain('Cấu hình không hợp lệ');
    expect(result.stderr).toContain(expected);
  });

  it('logs structured JSON, serves, and shuts down cleanly on SIGTERM', async () => {
    const { child, done } = spawnTs('server/main.ts', [], { PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir });
    const out = await waitForOutput(child, '"pano listening"');
    const listening = out
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { msg: string; url?: string; level: string; time: string })
      .find((l) => l.msg === 'pano listening')!;
    expect(listening.level).toBe('info');
    expect(Date.parse(listening.time)).not.toBeNaN();
    const port = Number(new URL(listening.url!).port);
    expect(port).toBeGreaterThan(0);
    signalEntry(child, 'SIGTERM');
    const result = await done;
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('"msg":"stopped"');
  });

  // Only PostgreSQL makes a start wait on the network, where a signal is heard half way.
  it.skipIf(!process.env[SHARED_POSTGRES_ENV])('a SIGTERM while it still starts stops it cleanly once started, not half way', async () => {
    const url = await (await usePostgres()).createDatabase();
    const engine = await openPostgresEngine(url, { poolSize: 2 });
    const fresh = mkdtempSync(path.join(os.tmpdir(), 'pano-proc-start-'));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let started: ChildProcess | undefined;
    try {
      // Holds the start-up lock, as another node importing the seed plan would: the start waits for it.
      const holding = engine.transaction(async (tx) => {
        await tx.selectFrom('change_generation').select('id').forUpdate().execute();
        await released;
      });
      const { child, done } = spawnTs('server/main.ts', [], { PORT: '0', HOST: '127.0.0.1', DATA_DIR: fresh, DATABASE_URL: url });
      started = child;
      const waiting = async () => Number((await engine.db.selectFrom('pg_locks' as never).select((eb) => eb.fn.countAll<number>().as('n')).where('granted' as never, '=', false as never).executeTakeFirstOrThrow()).n);
      await expect.poll(waiting, { timeout: 30_000, interval: 100 }).toBeGreaterThan(0);
      signalEntry(child, 'SIGTERM');
      await waitForOutput(child, '"stop asked while starting');
      release();
      await holding;
      const result = await done;
      expect(result.code, result.stdout + result.stderr).toBe(0);
      const messages = result.stdout.split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { msg: string }).msg);
      expect(messages.indexOf('shutting down')).toBeGreaterThan(messages.indexOf('pano listening'));
      expect(messages.at(-1)).toBe('stopped');
    } finally {
      release();
      if (started && started.exitCode === null) signalEntry(started, 'SIGKILL');
      await engine.close();
      rmSync(fresh, { recursive: true, force: true });
    }
  });
});
