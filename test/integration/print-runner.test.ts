/**
 * The print queue's edges that the HTTP API cannot reach on cue: a queued job that a restart left
 * with finished files, and a shutdown or a cancel while a job is still being prepared (before its
 * worker starts). The runner is driven directly over a real database and data folder.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrintJobRepository } from '../../server/db/print-job-repository.js';
import { createLogger } from '../../server/log.js';
import { createPrintRunner, type PrintJobRunner } from '../../server/print/job-runner.js';
import type { PrintJob, PrintProgressMessage } from '../../server/protocol/print.js';
import type { Store } from '../../server/store.js';
import { untilJob } from '../support/print-jobs.js';
import { startTestServer, type TestServer, openTestStore } from '../support/server.js';
import { loginAdmin, userWithRoles } from '../support/session.js';

let server: TestServer;
let store: Store;
let jobs: PrintJobRepository;
/** A banner job the API accepted and printed: its settings and approved items are valid to queue again. */
let template: PrintJob;

beforeAll(async () => {
  server = await startTestServer();
  const operator = await userWithRoles(await loginAdmin(server.url), 'van-hanh', ['operator']);
  const [item] = (await operator.json<{ items: { id: number }[] }>('/api/print/items')).items;
  const res = await operator.post('/api/print/jobs', { items: [item!.id], preset: 'a4', format: 'pdf' });
  expect(res.status).toBe(201);
  template = await untilJob(operator, ((await res.json()) as PrintJob).id, (j) => j.status === 'done');
  await server.stop();
  store = await openTestStore(server);
  jobs = new PrintJobRepository(store.engine.db);
});
afterAll(async () => {
  await store.close();
  await server.cleanup();
});

function queue(): Promise<PrintJob> {
  const items = template.items.map(({ itemId, revisionId, textSha256 }) => ({ itemId, revisionId, textSha256 }));
  return jobs.create({ settings: template.settings, items, createdBy: { id: template.createdById!, name: template.createdBy } }, new Date());
}

/**
 * A runner over the store; `whilePreparing` runs when the runner reads the approved slogans to
 * check a job again, that is while the job is being prepared and before its worker starts.
 */
function runner(messages: PrintProgressMessage[] = [], whilePreparing?: () => Promise<void> | void): PrintJobRunner {
  const content = {
    listApprovedSlogans: async () => {
      await whilePreparing?.();
      return store.content.listApprovedSlogans();
    },
  };
  return createPrintRunner({ engine: store.engine, content, schedules: store.schedules }, jobs, {
    dataDir: server.dataDir,
    timeZone: 'Asia/Ho_Chi_Minh',
    log: createLogger('error', () => {}),
    onProgress: (m) => messages.push(m),
  });
}

/** The database half of a cancel, in its own transaction as the route runs it. */
const cancel = (r: PrintJobRunner, id: number) => store.engine.transaction((tx) => r.cancel(tx, id));

/** The value `get` returns once it returns one. */
async function until<T>(get: () => T | undefined): Promise<T> {
  for (;;) {
    const value = get();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function untilEnded(id: number): Promise<PrintJob> {
  for (;;) {
    const now = (await jobs.get(id))!;
    if (now.status !== 'running' && now.status !== 'queued') return now;
    await new Promise((r) => setTimeout(r, 50));
  }
}

const folder = (id: number) => path.join(server.dataDir, 'print', String(id));
/** Long enough for an A4 PDF job to have written its file had its worker started. */
const longerThanTheJob = () => new Promise((r) => setTimeout(r, 2000));

describe('print runner edges', () => {
  it('cancelling a queued job removes the files a restart left in its folder', async () => {
    const job = await queue();
    fs.mkdirSync(folder(job.id), { recursive: true });
    fs.writeFileSync(path.join(folder(job.id), `lenh-in-${job.id}-1.pdf`), '%PDF-1.5 trang đã in xong trước khi máy chủ khởi động lại');
    const messages: PrintProgressMessage[] = [];
    const r = runner(messages);
    expect(await cancel(r, job.id)).toBe(true);
    await r.completeCancel(job.id);
    expect(fs.existsSync(folder(job.id))).toBe(false);
    expect((await jobs.get(job.id))!.status).toBe('cancelled');
    expect(messages.map((m) => [m.jobId, m.status])).toEqual([[job.id, 'cancelled']]);
    expect(await cancel(r, job.id)).toBe(false);
  });

  it('a shutdown while a job is being prepared starts no worker, and the job resumes later', async () => {
    const job = await queue();
    let stopped: Promise<void> | undefined;
    const r = runner([], () => {
      stopped ??= r.stop();
    });
    r.kick();
    await until(() => stopped);
    await stopped;
    await longerThanTheJob();
    expect(fs.readdirSync(folder(job.id))).toEqual([]);
    expect((await jobs.get(job.id))!.status).toBe('running');

    const again = runner();
    await again.start();
    const done = await untilEnded(job.id);
    expect(done.status).toBe('done');
    expect(done.files.map((f) => f.name)).toEqual(fs.readdirSync(folder(job.id)).filter((n) => !n.startsWith('.')));
    await again.stop();
  });

  it('a cancel while a job is being prepared starts no worker and leaves no folder', async () => {
    const job = await queue();
    let completed: Promise<void> | undefined;
    const r = runner([], async () => {
      if (completed) return;
      expect(await cancel(r, job.id)).toBe(true);
      completed = r.completeCancel(job.id);
    });
    r.kick();
    await until(() => completed);
    await completed;
    expect(fs.existsSync(folder(job.id))).toBe(false);
    await longerThanTheJob();
    expect(fs.existsSync(folder(job.id))).toBe(false);
    expect((await jobs.get(job.id))!.status).toBe('cancelled');
    await r.stop();
  });
});
