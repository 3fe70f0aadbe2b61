/**
 * kill -9 in the middle of a print job: no partial file appears under a final name, and the
 * restarted server resumes the job, keeping the files finished before the kill.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { PrintJob } from '../../server/protocol/print.js';
import { ADMIN_PASSWORD, loginAdmin, userWithRoles, login, USER_PASSWORD, type ApiClient } from '../support/session.js';
import { approveSeed } from '../support/seed-approval.js';
import { spawn } from 'node:child_process';
import { ROOT_DIR } from '../../server/paths.js';
import { waitForOutput } from '../support/spawn.js';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pano-resume-'));
const env = { PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, ADMIN_PASSWORD, DB_SYNCHRONOUS: 'NORMAL' };
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

/** Node itself with tsx's loader (not the tsx CLI, whose child would outlive a SIGKILL). */
async function startServer() {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT_DIR, 'server', 'main.ts')], {
    cwd: ROOT_DIR,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const done = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const out = await waitForOutput(child, '"pano listening"');
  const url = out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { msg: string; url?: string }).find((l) => l.msg === 'pano listening')!.url!;
  return { child, done, url };
}

async function poll(client: ApiClient, id: number, until: (j: PrintJob) => boolean, timeoutMs = 60_000): Promise<PrintJob> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const job = await client.json<PrintJob>(`/api/print/jobs/${id}`);
    if (until(job)) return job;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`job ${id}: condition not met in ${timeoutMs} ms`);
}

describe('a print job across kill -9', () => {
  it('leaves no partial file under a final name and resumes after restart', async () => {
    const first = await startServer();
    await approveSeed(first.url);
    const admin = await loginAdmin(first.url);
    const operator = await userWithRoles(admin, 'van-hanh', ['operator']);
    const items = (await operator.json<{ items: { id: number; key: string }[] }>('/api/print/items')).items.slice(0, 4);
    const res = await operator.post('/api/print/jobs', { items: items.map((i) => i.id), preset: 'bang-ron-5x0.8', format: 'png', dpi: 60 });
    expect(res.status).toBe(201);
    const job = (await res.json()) as PrintJob;
    const dir = path.join(dataDir, 'print', String(job.id));
    const finalNames = items.map((i) => `${i.key}_5000x800mm_60dpi.png`);
    // Kill once the first file is complete and the second is being written.
    await poll(operator, job.id, () => fs.existsSync(path.join(dir, finalNames[0]!)));
    first.child.kill('SIGKILL');
    await first.done;

    const left = fs.readdirSync(dir);
    const finished = left.filter((f) => finalNames.includes(f));
    expect(finished.length).toBeGreaterThanOrEqual(1);
    expect(finished.length).toBeLessThan(finalNames.length);
    // Every file under a final name is a whole PNG; anything else is a hidden .part file.
    for (const f of finished) expect(fs.readFileSync(path.join(dir, f)).subarray(-8, -4).toString('latin1')).toBe('IEND');
    for (const f of left.filter((f) => !finalNames.includes(f))) expect(f).toMatch(/^\..*\.part$/);
    const keptAt = fs.statSync(path.join(dir, finished[0]!)).mtimeMs;

    const second = await startServer();
    try {
      const again = await login(second.url, 'van-hanh', USER_PASSWORD);
      const done = await poll(again, job.id, (j) => j.status === 'done' || j.status === 'failed');
      expect(done.status).toBe('done');
      expect(done.files.map((f) => f.name)).toEqual(finalNames);
      expect(fs.readdirSync(dir).sort()).toEqual([...finalNames].sort());
      expect(fs.statSync(path.join(dir, finished[0]!)).mtimeMs).toBe(keptAt);
    } finally {
      second.child.kill('SIGTERM');
      await second.done;
    }
  }, 120_000);
});
