/** /healthz for several nodes behind one load balancer: which node answered, on which database. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { loginAdmin } from '../support/session.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ PANO_NODE_ID: 'nut-2' }, undefined, {}, { approveSeed: false });
});
afterAll(() => server.cleanup());

describe('/healthz', () => {
  it('names the node and its database engine, beside what it always said', async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      status: 'ok',
      node: 'nut-2',
      database: { engine: server.databaseUrl ? 'postgres' : 'sqlite', ok: true },
      displaysConnected: 0,
      disk: { status: 'ok' },
      reasons: [],
    });
  });

  it('says how the node hears of changes, and its clock offset from the database', async () => {
    const health = (await (await fetch(`${server.url}/healthz`)).json()) as {
      changes: { generation: number; listener?: { state: string } };
      clock: { offsetMs: number | null };
    };
    expect(health.changes.generation).toBeGreaterThanOrEqual(0);
    if (server.databaseUrl) {
      await expect.poll(async () => ((await (await fetch(`${server.url}/healthz`)).json()) as typeof health).changes.listener?.state).toBe('listening');
      expect(typeof health.clock.offsetMs).toBe('number');
    } else {
      expect(health.changes.listener).toBeUndefined();
      expect(health.clock.offsetMs).toBeNull();
    }
  });

  it('moves its change generation when an audited change commits', async () => {
    const generation = async () => ((await (await fetch(`${server.url}/healthz`)).json()) as { changes: { generation: number } }).changes.generation;
    const before = await generation();
    const admin = await loginAdmin(server.url);
    const res = await admin.post('/api/national-days', { id: 'truyen-thong-co-quan', nameVi: 'Ngày truyền thống của cơ quan', nameEn: 'Agency day', kind: 'anniversary', calendar: 'solar', month: 4, day: 12 });
    expect(res.status).toBe(201);
    await expect.poll(generation).toBeGreaterThan(before);
  });

  it('logs the database without a password, and the node', () => {
    const listening = server.logs.map((line) => JSON.parse(line) as { msg: string; database?: string; node?: string }).find((l) => l.msg === 'pano listening');
    expect(listening?.node).toBe('nut-2');
    expect(listening?.database).toMatch(server.databaseUrl ? /^postgres(ql)?:\/\// : /^sqlite:/);
  });
});
