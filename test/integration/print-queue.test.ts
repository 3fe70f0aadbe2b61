/**
 * Issue 13 A2: one operator cannot hold everyone's prints. Per-user limits on waiting jobs and
 * their pixels (429, Vietnamese then English), users served in turn, and a cancel of a running
 * job that answers once nothing of it is left.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createCanvas } from 'canvas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Photo } from '../../server/photos/protocol.js';
import type { PrintJob } from '../../server/protocol/print.js';
import { QUEUE_LIMITS } from '../../server/print/queue.js';
import { jobEnded, untilJob, uploadPhoto } from '../support/print-jobs.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { ApiClient, loginAdmin, userWithRoles } from '../support/session.js';

let server: TestServer;
let first: ApiClient;
let second: ApiClient;
let third: ApiClient;
let photo: Photo;
let slogans: { id: number }[];

beforeAll(async () => {
  server = await startTestServer();
  const admin = await loginAdmin(server.url);
  first = await userWithRoles(admin, 'van-hanh-a', ['operator']);
  second = await userWithRoles(admin, 'van-hanh-b', ['operator']);
  third = await userWithRoles(admin, 'van-hanh-c', ['operator']);
  const canvas = createCanvas(400, 300);
  canvas.getContext('2d').fillRect(0, 0, 400, 300);
  photo = await uploadPhoto(first, canvas.toBuffer('image/png'), 'Hội trường');
  slogans = (await first.json<{ items: { id: number }[] }>('/api/print/items')).items;
});
afterAll(() => server.cleanup());

/** A photo panel waits for an approver, so it stays in its creator's queue for as long as the test needs. */
const panel = (size: object = { preset: 'a4', format: 'pdf' }) => ({ artwork: 'photo-panel', title: 'Thành tựu 90 năm', photoIds: [photo.id], ...size });

async function create(client: ApiClient, body: unknown): Promise<PrintJob> {
  const res = await client.post('/api/print/jobs', body);
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as PrintJob;
}

async function expectQueueFull(res: Response, reason: RegExp): Promise<void> {
  expect(res.status).toBe(429);
  expect(res.headers.get('retry-after')).toBe('60');
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  const problem = (await res.json()) as { title: string; detail: string };
  expect(problem.title).toBe('Hàng đợi in của bạn đã đầy (print queue full)');
  expect(problem.detail).toMatch(reason);
}

describe('per-user limits on the print queue', () => {
  it(`refuses a user's job past ${QUEUE_LIMITS.jobsPerUser} waiting, storing nothing; others still queue`, async () => {
    for (let i = 0; i < QUEUE_LIMITS.jobsPerUser; i++) await create(first, panel());
    const before = (await first.json<{ jobs: PrintJob[] }>('/api/print/jobs')).jobs.length;
    await expectQueueFull(await first.post('/api/print/jobs', panel()), /mức tối đa là 10.*\(You already have 10 print jobs/s);
    expect((await first.json<{ jobs: PrintJob[] }>('/api/print/jobs')).jobs.length).toBe(before);
    await create(second, panel());
  });

  it('refuses a job whose pixels would pass the limit when others are waiting', async () => {
    // 12 × 5 m at 150 dpi: about 2.1 billion pixels each.
    const huge = panel({ widthMm: 12_000, heightMm: 5_000, format: 'png', dpi: 150 });
    for (let i = 0; i < 4; i++) await create(third, huge);
    await expectQueueFull(await third.post('/api/print/jobs', huge), /tỉ điểm ảnh.*billion pixels/s);
    // A small one still fits.
    await create(third, panel());
  });
});

describe('fair order and cancel', () => {
  it('the second user’s job runs before the first user’s next one; a running job cancels with nothing left', async () => {
    // A long first job, then two more of the same user, then one of another user.
    const long = await create(second, { items: slogans.slice(0, 4).map((s) => s.id), preset: 'bang-ron-5x0.8', format: 'png', dpi: 100 });
    const [a2, a3] = [await create(second, { items: [slogans[0]!.id], preset: 'a4', format: 'pdf' }), await create(second, { items: [slogans[1]!.id], preset: 'a4', format: 'pdf' })];
    const b1 = await create(third, { items: [slogans[2]!.id], preset: 'a4', format: 'pdf' });
    await untilJob(second, long.id, (j) => j.status === 'running');
    const cancel = await second.post(`/api/print/jobs/${long.id}/cancel`);
    expect(cancel.status).toBe(200);
    expect(((await cancel.json()) as PrintJob).status).toBe('cancelled');
    expect(fs.existsSync(path.join(server.dataDir, 'print', String(long.id)))).toBe(false);
    const ended = await Promise.all([a2, a3, b1].map((j) => untilJob(second, j.id, jobEnded)));
    expect(ended.map((j) => j.status)).toEqual(['done', 'done', 'done']);
    const [doneA2, doneA3, doneB1] = ended;
    expect(doneB1!.startedAt! <= doneA2!.startedAt!).toBe(true);
    expect(doneA2!.startedAt! <= doneA3!.startedAt!).toBe(true);
  });
});
