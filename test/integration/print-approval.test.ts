/**
 * Four eyes on print jobs with free text: a photo panel (title and captions) and a backdrop with
 * its own top or date line wait, unprinted, until an approver who did not create them approves;
 * rejection ends them; the waiting survives a restart; banners and default backdrops run as before.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createCanvas } from 'canvas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Photo } from '../../server/photos/protocol.js';
import type { PrintJob } from '../../server/protocol/print.js';
import { jobEnded, untilJob, uploadPhoto } from '../support/print-jobs.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { ApiClient, login, loginAdmin, userWithRoles, USER_PASSWORD } from '../support/session.js';

let server: TestServer;
let admin: ApiClient;
/** Operates and approves: four eyes must hold even so. */
let author: ApiClient;
let approver: ApiClient;
let photo: Photo;

beforeAll(async () => {
  server = await startTestServer();
  admin = await loginAdmin(server.url);
  author = await userWithRoles(admin, 'tac-gia', ['operator', 'approver']);
  approver = await userWithRoles(admin, 'ban-tuyen-giao', ['approver']);
  const canvas = createCanvas(400, 300);
  canvas.getContext('2d').fillRect(0, 0, 400, 300);
  photo = await uploadPhoto(author, canvas.toBuffer('image/png'), 'Hội trường');
});
afterAll(() => server.cleanup());

const PANEL = () => ({ artwork: 'photo-panel', title: 'Thành tựu 90 năm', photoIds: [photo.id], preset: 'a4', format: 'pdf' });
const jobDir = (id: number) => path.join(server.dataDir, 'print', String(id));

async function create(body: unknown, by = author): Promise<PrintJob> {
  const res = await by.post('/api/print/jobs', body);
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as PrintJob;
}


/** A banner job run to the end: the runner has pumped the queue past anything waiting before it. */
async function bannerDone(client: ApiClient): Promise<PrintJob> {
  const items = (await client.json<{ items: { id: number }[] }>('/api/print/items')).items;
  const job = await untilJob(client, (await create({ items: [items[0]!.id], preset: 'a4', format: 'pdf' }, client)).id, jobEnded);
  expect(job).toMatchObject({ status: 'done', approval: null });
  return job;
}

async function auditRows(action: string): Promise<{ target: string; actor: string; after: unknown }[]> {
  return (await admin.json<{ rows: { target: string; actor: string; after: unknown }[] }>(`/api/audit?action=${action}`)).rows;
}

describe('a photo panel', () => {
  let job: PrintJob;
  beforeAll(async () => {
    job = await create(PANEL());
  });

  it('is stored awaiting approval and does not print', async () => {
    expect(job.status).toBe('awaiting-approval');
    expect(job.approval).toEqual({ decision: null, by: null, at: null, reason: null });
    await bannerDone(author);
    expect((await author.json<PrintJob>(`/api/print/jobs/${job.id}`)).status).toBe('awaiting-approval');
    expect(fs.existsSync(jobDir(job.id))).toBe(false);
  });

  it('cannot be approved or rejected by its creator, even holding the approver role', async () => {
    for (const decision of ['approve', 'reject']) {
      const res = await author.post(`/api/print/jobs/${job.id}/${decision}`, { reason: 'Tôi đã xem kỹ' });
      expect(res.status).toBe(409);
      expect(((await res.json()) as { title: string }).title).toBe('Không được tự duyệt');
    }
    expect((await author.json<PrintJob>(`/api/print/jobs/${job.id}`)).status).toBe('awaiting-approval');
    expect((await auditRows('print.job-approve')).filter((r) => r.target === `print-job:${job.id}`)).toEqual([]);
  });

  it('needs a reason', async () => {
    expect((await approver.post(`/api/print/jobs/${job.id}/approve`, {})).status).toBe(400);
    expect((await approver.post(`/api/print/jobs/${job.id}/approve`, { reason: ' ' })).status).toBe(400);
  });

  it('runs once another approver approves it, records who and why, and downloads', async () => {
    const res = await approver.post(`/api/print/jobs/${job.id}/approve`, { reason: 'Ảnh và chú thích đúng kế hoạch' });
    expect(res.status).toBe(200);
    const done = await untilJob(approver, job.id, jobEnded);
    expect(done.status).toBe('done');
    expect(done.approval).toMatchObject({ decision: 'approved', by: 'Người dùng ban-tuyen-giao', reason: 'Ảnh và chú thích đúng kế hoạch' });
    expect(Date.parse(done.approval!.at!)).not.toBeNaN();
    const file = await author.get(`/api/print/jobs/${job.id}/files/${encodeURIComponent(done.files[0]!.name)}`);
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // Approvers see jobs but do not download them.
    expect((await approver.get(`/api/print/jobs/${job.id}/files/${encodeURIComponent(done.files[0]!.name)}`)).status).toBe(403);
    const row = (await auditRows('print.job-approve')).find((r) => r.target === `print-job:${job.id}`)!;
    expect(row.actor).toBe('ban-tuyen-giao');
    expect(JSON.stringify(row.after)).toContain('Ảnh và chú thích đúng kế hoạch');
  });

  it('cannot be decided twice', async () => {
    expect((await approver.post(`/api/print/jobs/${job.id}/approve`, { reason: 'Lần nữa' })).status).toBe(409);
    expect((await approver.post(`/api/print/jobs/${job.id}/reject`, { reason: 'Lần nữa' })).status).toBe(409);
  });
});

describe('rejection', () => {
  it('ends the job cancelled, unprinted, with the reason recorded and audited', async () => {
    const job = await create(PANEL());
    const res = await approver.post(`/api/print/jobs/${job.id}/reject`, { reason: 'Chú thích sai tên đồng chí' });
    expect(res.status).toBe(200);
    const rejected = (await res.json()) as PrintJob;
    expect(rejected).toMatchObject({ status: 'cancelled', approval: { decision: 'rejected', reason: 'Chú thích sai tên đồng chí' } });
    await bannerDone(author);
    expect(fs.existsSync(jobDir(job.id))).toBe(false);
    expect((await approver.post(`/api/print/jobs/${job.id}/approve`, { reason: 'Đổi ý' })).status).toBe(409);
    const row = (await auditRows('print.job-reject')).find((r) => r.target === `print-job:${job.id}`)!;
    expect(JSON.stringify(row.after)).toContain('Chú thích sai tên đồng chí');
  });

  it('leaves the creator free to cancel a job still waiting', async () => {
    const job = await create(PANEL());
    expect((await author.post(`/api/print/jobs/${job.id}/cancel`)).status).toBe(200);
    expect((await author.json<PrintJob>(`/api/print/jobs/${job.id}`)).status).toBe('cancelled');
    expect((await approver.post(`/api/print/jobs/${job.id}/approve`, { reason: 'Muộn' })).status).toBe(409);
  });
});

describe('backdrops and banners', () => {
  it('runs a backdrop with the default lines without approval, also when they are typed as the defaults are drawn', async () => {
    for (const lines of [{}, { topLine: 'Đảng Cộng sản Việt Nam quang vinh muôn năm', datePlace: 'Hà Nội, ngày 19 - 20 tháng 8 năm 2020' }]) {
      const job = await create({ artwork: 'backdrop', eventId: 'vpcp-congress-xxvi', preset: 'a4', format: 'pdf', ...lines });
      expect(job.approval).toBeNull();
      expect((await untilJob(author, job.id, jobEnded)).status).toBe('done');
    }
  });

  it.each([
    { name: 'its own top line', lines: { topLine: 'Chào mừng Đại hội' } },
    { name: 'its own date line', lines: { datePlace: 'Hà Nội, tháng 8 năm 2020' } },
    { name: 'a line left out', lines: { datePlace: '' } },
  ])('holds a backdrop with $name for approval', async ({ lines }) => {
    const job = await create({ artwork: 'backdrop', eventId: 'vpcp-congress-xxvi', preset: 'a4', format: 'pdf', ...lines });
    expect(job.status).toBe('awaiting-approval');
    await bannerDone(author);
    expect(fs.existsSync(jobDir(job.id))).toBe(false);
    const row = (await auditRows('print.job-create')).find((r) => r.target === `print-job:${job.id}`)!;
    expect(row.after).toMatchObject({ approvalRequired: true });
  });

  it('does not let an approver create jobs', async () => {
    expect((await approver.post('/api/print/jobs', PANEL())).status).toBe(403);
  });
});

describe('a restart', () => {
  it('keeps an unapproved job waiting: the runner does not resume it and no file appears', async () => {
    const waiting = await create(PANEL());
    await server.stop();
    server = await startTestServer({}, server.dataDir);
    const [again, approverAgain] = [await login(server.url, 'tac-gia', USER_PASSWORD), await login(server.url, 'ban-tuyen-giao', USER_PASSWORD)];
    admin = await loginAdmin(server.url);
    await bannerDone(again);
    expect((await again.json<PrintJob>(`/api/print/jobs/${waiting.id}`)).status).toBe('awaiting-approval');
    expect(fs.existsSync(jobDir(waiting.id))).toBe(false);
    expect((await approverAgain.post(`/api/print/jobs/${waiting.id}/approve`, { reason: 'Đã xem sau khi khởi động lại' })).status).toBe(200);
    expect((await untilJob(again, waiting.id, jobEnded)).status).toBe('done');
    expect(fs.readdirSync(jobDir(waiting.id))).toHaveLength(1);
  });
});
