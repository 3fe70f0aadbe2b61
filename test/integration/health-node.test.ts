/** /healthz for several nodes behind one load balancer: which node answered, on which database. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';

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

  it('logs the database without a password, and the node', () => {
    const listening = server.logs.map((line) => JSON.parse(line) as { msg: string; database?: string; node?: string }).find((l) => l.msg === 'pano listening');
    expect(listening?.node).toBe('nut-2');
    expect(listening?.database).toMatch(server.databaseUrl ? /^postgres(ql)?:\/\// : /^sqlite:/);
  });
});
