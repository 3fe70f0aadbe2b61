/**
 * Print jobs over HTTP and WebSocket, as the control panel uses them: create (approved items
 * only), progress pushed to control panels, download behind authentication, cancel, delete,
 * audit rows with revision and hash. Small sizes only: big renders belong to the bench.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../../server/protocol/messages.js';
import type { PrintJob, PrintProgressMessage } from '../../server/protocol/print.js';
import { untilJob } from '../support/print-jobs.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { ApiClient, loginAdmin, userWithRoles } from '../support/session.js';
import { TestClient } from '../support/ws-client.js';

let server: TestServer;
let admin: ApiClient;
let operator: ApiClient;
let approved: { id: number; key: string; text: string; revisionId: number }[];

beforeAll(async () => {
  server = await startTestServer();
  admin = await loginAdmin(server.url);
  operator = await userWithRoles(admin, 'van-hanh', ['operator']);
  approved = (await operator.json<{ items: typeof approved }>('/api/print/items')).items;
});
afterAll(() => server.cleanup());

async function create(body: unknown): Promise<Response> {
  return operator.post('/api/print/jobs', body);
}

describe('print jobs', () => {
  it('lists approved slogans with their revision, tags, events and phase', () => {
    expect(approved.length).toBeGreaterThan(3);
    expect(approved[0]).toMatchObject({ revisionId: expect.any(Number), tags: expect.any(Array), events: expect.any(Array), section: expect.any(String) });
  });

  it('renders a two-item batch, pushes progress to control panels, and serves the PDF only to signed-in operators', async () => {
    const panel = await TestClient.connect(server.url, { cookie: operator.cookie! });
    panel.send({ type: 'hello', protocol: PROTOCOL_VERSION, role: 'control' });
    await panel.next('welcome');
    const res = await create({ items: [approved[0]!.id, approved[1]!.id], preset: 'bang-ron-5x0.8', format: 'pdf', marks: true, slug: true, zip: true });
    expect(res.status).toBe(201);
    const job = (await res.json()) as PrintJob;
    expect(job.items.map((i) => i.revisionId)).toEqual([approved[0]!.revisionId, approved[1]!.revisionId]);
    expect(job.items[0]!.textSha256).toMatch(/^[0-9a-f]{64}$/);
    let last: PrintProgressMessage;
    do last = (await panel.next('print-progress', 20_000)) as PrintProgressMessage;
    while (last.jobId !== job.id || last.status !== 'done');
    expect(last.progress.done).toBe(last.progress.total);
    panel.close();

    const done = await operator.json<PrintJob>(`/api/print/jobs/${job.id}`);
    expect(done.status).toBe('done');
    expect(done.files.map((f) => f.name)).toEqual([`lenh-in-${job.id}_5000x800mm.pdf`, `lenh-in-${job.id}_5000x800mm.zip`]);
    const url = `/api/print/jobs/${job.id}/files/${done.files[0]!.name}`;
    expect((await new ApiClient(server.url).get(url)).status).toBe(401);
    const viewer = await userWithRoles(admin, 'nguoi-xem', ['viewer']);
    expect((await viewer.get(url)).status).toBe(403);
    const download = await operator.get(url);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(download.headers.get('content-disposition')).toBe(`attachment; filename="${done.files[0]!.name}"; filename*=UTF-8''${done.files[0]!.name}`);
    const file = path.join(server.dataDir, 'downloaded.pdf');
    fs.writeFileSync(file, Buffer.from(await download.arrayBuffer()));
    expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' })).toMatch(/Pages:\s+2\n/);
    expect((await operator.get(`/api/print/jobs/${job.id}/files/..%2F..%2Fpano.sqlite3`)).status).toBe(404);

    const audit = await admin.json<{ rows: { action: string; target: string; after: unknown }[] }>('/api/audit?action=print.job-create');
    const row = audit.rows.find((e) => e.target === `print-job:${job.id}`)!;
    expect(JSON.stringify(row.after)).toContain(job.items[0]!.textSha256);
  });

  it('refuses bad sizes and dpi before creating anything', async () => {
    const before = (await operator.json<{ jobs: PrintJob[] }>('/api/print/jobs')).jobs.length;
    const id = approved[0]!.id;
    for (const body of [
      { items: [id], widthMm: 0, heightMm: 800, format: 'pdf' },
      { items: [id], widthMm: -1, heightMm: 800, format: 'pdf' },
      { items: [id], widthMm: 1e9, heightMm: 800, format: 'pdf' },
      { items: [id], widthMm: 'NaN', heightMm: 800, format: 'pdf' },
      { items: [id], preset: 'a4', format: 'png', dpi: 0 },
      { items: [id], preset: 'a4', format: 'png', dpi: 1e9 },
      { items: [id], widthMm: 50_000, heightMm: 50_000, format: 'png', dpi: 600 },
      { items: [id], widthMm: 12_000, heightMm: 800, format: 'pdf', scale: 1 },
      { items: [id, id], preset: 'a4', format: 'pdf' },
    ]) {
      const res = await create(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/problem\+json/);
    }
    expect((await operator.json<{ jobs: PrintJob[] }>('/api/print/jobs')).jobs.length).toBe(before);
  });

  it('refuses an unknown slogan (404) and one not approved (409)', async () => {
    expect((await create({ items: [99_999], preset: 'a4', format: 'pdf' })).status).toBe(404);
    const draft = await operator.post('/api/items', { kind: 'slogan', celebratory: false, key: 'chua-duyet', text: 'Khẩu hiệu chưa duyệt' });
    expect(draft.status).toBe(201);
    const { id } = (await draft.json()) as { id: number };
    const res = await create({ items: [id], preset: 'a4', format: 'pdf' });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { detail: string }).detail).toMatch(/chưa được duyệt/);
  });

  it('cancels a running job, leaving no file, and deletes a finished job’s files', async () => {
    const res = await create({ items: approved.slice(0, 4).map((s) => s.id), preset: 'bang-ron-5x0.8', format: 'png', dpi: 60 });
    const job = (await res.json()) as PrintJob;
    await untilJob(operator, job.id, (j) => j.status === 'running');
    const cancel = await operator.post(`/api/print/jobs/${job.id}/cancel`);
    expect(cancel.status).toBe(200);
    expect(((await cancel.json()) as PrintJob).status).toBe('cancelled');
    // The answer comes once the worker has stopped: the job's folder, partial strips and all, is gone.
    expect(fs.existsSync(path.join(server.dataDir, 'print', String(job.id)))).toBe(false);
    expect((await operator.post(`/api/print/jobs/${job.id}/cancel`)).status).toBe(409);

    const small = (await (await create({ items: [approved[2]!.id], preset: 'a4', format: 'pdf' })).json()) as PrintJob;
    const finished = await untilJob(operator, small.id, (j) => j.status === 'done');
    expect(finished.files).toHaveLength(1);
    const del = await operator.request('DELETE', `/api/print/jobs/${small.id}`);
    expect(((await del.json()) as PrintJob).deleted).toBe(true);
    expect(fs.existsSync(path.join(server.dataDir, 'print', String(small.id)))).toBe(false);
    expect((await operator.get(`/api/print/jobs/${small.id}/files/${finished.files[0]!.name}`)).status).toBe(404);
  });
});
