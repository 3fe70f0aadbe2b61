/**
 * Issue 13 A3, A4: a full disk and a failing print job. DATA_DIR lives on a real 48 MB tmpfs
 * (mounted here; the tests need root), filled with a real file: the server meets real ENOSPC.
 * Health says degraded with the reason, writes answer 507 in Vietnamese and English, a print job
 * that cannot write fails with the reason and leaves no file, and nothing takes the server down.
 * A print job whose progress cannot be saved (the database locked past the busy timeout: the
 * write that used to throw where nothing caught it) fails the same way.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, rmSync, statfsSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../../server/protocol/messages.js';
import type { PrintJob, PrintProgressMessage } from '../../server/protocol/print.js';
import type { Health } from '../../server/protocol/api.js';
import { holdWriteLock } from '../support/db-lock.js';
import { untilJob } from '../support/print-jobs.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { ApiClient, loginAdmin, userWithRoles } from '../support/session.js';
import { TestClient } from '../support/ws-client.js';

const mountPoint = mkdtempSync(path.join(os.tmpdir(), 'pano-tmpfs-'));
const mounted = (() => {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=48m', 'tmpfs', mountPoint], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
const filler = path.join(mountPoint, 'filler.bin');

/** Fills the disk with one file until ENOSPC, keeping `leaveBytes` free (roughly: to the block). */
function fillDisk(leaveBytes = 0): void {
  const fd = openSync(filler, 'a');
  const chunk = Buffer.alloc(64 * 1024, 0x5a);
  try {
    for (;;) {
      if (freeBytes() - chunk.length < leaveBytes) break;
      writeSync(fd, chunk);
    }
    if (leaveBytes === 0) {
      for (let size = 4096; ; ) {
        try {
          writeSync(fd, chunk.subarray(0, size));
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
          if (size === 1) break;
          size = Math.max(1, size >> 1);
        }
      }
    }
  } finally {
    closeSync(fd);
  }
}

function freeBytes(): number {
  const s = statfsSync(mountPoint);
  return s.bavail * s.bsize;
}

let server: TestServer;
let operator: ApiClient;
let slogans: { id: number }[];

beforeAll(async () => {
  if (!mounted) return;
  server = await startTestServer({ DISK_RESERVE_MB: '8' }, path.join(mountPoint, 'data'));
  operator = await userWithRoles(await loginAdmin(server.url), 'van-hanh', ['operator']);
  slogans = (await operator.json<{ items: { id: number }[] }>('/api/print/items')).items;
});
afterAll(async () => {
  if (mounted) {
    await server?.stop();
    execFileSync('umount', [mountPoint]);
  }
  rmSync(mountPoint, { recursive: true, force: true });
});

const health = async () => (await (await fetch(`${server.url}/healthz`)).json()) as Health;

async function controlPanel(): Promise<TestClient> {
  const panel = await TestClient.connect(server.url, { cookie: operator.cookie! });
  panel.send({ type: 'hello', protocol: PROTOCOL_VERSION, role: 'control' });
  await panel.next('welcome');
  return panel;
}

async function untilEnded(panel: TestClient, jobId: number): Promise<PrintProgressMessage> {
  for (;;) {
    const msg = (await panel.next('print-progress', 60_000)) as PrintProgressMessage;
    if (msg.jobId === jobId && msg.status !== 'running' && msg.status !== 'queued') return msg;
  }
}

/** Four 5 × 0.8 m banners as PNG strips: long enough to be caught running. */
const bigJob = () => ({ items: slogans.slice(0, 4).map((s) => s.id), preset: 'bang-ron-5x0.8', format: 'png', dpi: 100 });

describe.skipIf(!mounted)('a full disk (real tmpfs)', () => {
  it('health says degraded with the reason; writes answer 507 in Vietnamese and English; freeing space recovers', async () => {
    expect(await health()).toMatchObject({ status: 'ok', disk: { status: 'ok' }, reasons: [] });
    fillDisk(4 * 1024 * 1024);
    try {
      const degraded = await health();
      expect(degraded).toMatchObject({ status: 'degraded', database: { engine: expect.any(String), ok: true }, disk: { status: 'full' } });
      expect(degraded.reasons[0]!.vi).toContain('Ổ đĩa chứa dữ liệu gần đầy');
      expect(degraded.reasons[0]!.en).toContain('data disk is nearly full');
      const res = await operator.post('/api/items', { kind: 'slogan', text: 'Mừng Đảng quang vinh, mừng Xuân Canh Tý', celebratory: true });
      expect(res.status).toBe(507);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      const problem = (await res.json()) as { title: string; detail: string };
      expect(problem.title).toContain('Ổ đĩa đầy');
      expect(problem.detail).toContain('This change was not saved');
      // Reading goes on.
      expect((await operator.get('/api/print/jobs')).status).toBe(200);
    } finally {
      rmSync(filler, { force: true });
    }
    expect((await health()).status).toBe('ok');
    expect((await operator.post('/api/items', { kind: 'slogan', text: 'Mừng Đảng quang vinh, mừng Xuân Canh Tý', celebratory: true })).status).toBe(201);
  });

  it('a print job that meets a full disk fails with the reason, leaves no file, and the server stays up', async () => {
    const panel = await controlPanel();
    try {
      const job = (await (await operator.post('/api/print/jobs', bigJob())).json()) as PrintJob;
      await untilJob(operator, job.id, (j) => j.status === 'running' && j.progress.done > 0);
      fillDisk();
      let ended: PrintProgressMessage;
      try {
        ended = await untilEnded(panel, job.id);
      } finally {
        rmSync(filler, { force: true });
      }
      expect(ended.status).toBe('failed');
      expect(ended.error).toContain('Ổ đĩa đầy');
      expect(existsSync(path.join(server.dataDir, 'print', String(job.id)))).toBe(false);
      // Recorded, once the database could take it, with its reason.
      const recorded = await untilJob(operator, job.id, (j) => j.status === 'failed');
      expect(recorded.error).toContain('disk full');
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    } finally {
      panel.close();
    }
  });
});

describe('a print job whose progress cannot be saved', () => {
  it('fails with the reason instead of ending the server, and is recorded once the database is free', async () => {
    const local = await startTestServer({ DB_BUSY_TIMEOUT_MS: '100' });
    try {
      const op = await userWithRoles(await loginAdmin(local.url), 'van-hanh', ['operator']);
      const items = (await op.json<{ items: { id: number }[] }>('/api/print/items')).items;
      const panel = await TestClient.connect(local.url, { cookie: op.cookie! });
      panel.send({ type: 'hello', protocol: PROTOCOL_VERSION, role: 'control' });
      await panel.next('welcome');
      const job = (await (await op.post('/api/print/jobs', { items: items.slice(0, 4).map((s) => s.id), preset: 'bang-ron-5x0.8', format: 'png', dpi: 100 })).json()) as PrintJob;
      await untilJob(op, job.id, (j) => j.status === 'running' && j.progress.done > 0);
      const lock = holdWriteLock(path.join(local.dataDir, 'pano.sqlite3'), 1500);
      await lock.locked;
      let ended: PrintProgressMessage;
      for (;;) {
        ended = (await panel.next('print-progress', 60_000)) as PrintProgressMessage;
        if (ended.jobId === job.id && ended.status !== 'running') break;
      }
      panel.close();
      expect(ended.status).toBe('failed');
      expect(ended.error).toContain('Không lưu được tiến độ lệnh in');
      await lock.released;
      const recorded = await untilJob(op, job.id, (j) => j.status === 'failed');
      expect(recorded.error).toContain('database is locked');
      expect(existsSync(path.join(local.dataDir, 'print', String(job.id)))).toBe(false);
      expect((await fetch(`${local.url}/healthz`)).status).toBe(200);
    } finally {
      await local.cleanup();
    }
  });
});
