/**
 * Two real Pano servers on one PostgreSQL database, as two nodes behind a load balancer: a screen
 * whose socket is on node B is paired through node A's API, is listed online by both, obeys
 * commands sent through A (also after its node's one listening connection was cut), and is revoked
 * through A. Wrong codes and failed sign-ins through both nodes count against the same limits.
 */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresEngine } from '../../server/db/engine.js';
import type { DisplayStatus } from '../../server/protocol/messages.js';
import { CLOSE_DISPLAY_UNKNOWN, PROTOCOL_VERSION } from '../../server/protocol/messages.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { usePostgres, type TestPostgres } from '../support/postgres.js';
import { TestClient, displayHello } from '../support/ws-client.js';
import { ApiClient, loginAdmin } from '../support/session.js';

let pg: TestPostgres;
let nodeA: TestServer;
let nodeB: TestServer;
let operatorOnA: ApiClient;

/** Cross-node steps go through PostgreSQL notifications; generous on a loaded machine. */
const ACROSS_MS = 15_000;

beforeAll(async () => {
  pg = await usePostgres();
  const url = await pg.createDatabase();
  nodeA = await startTestServer({ DATABASE_URL: url, PANO_NODE_ID: 'node-a' });
  // The seed's items are approved once, through node A.
  nodeB = await startTestServer({ DATABASE_URL: url, PANO_NODE_ID: 'node-b' }, undefined, {}, { approveSeed: false });
  operatorOnA = await loginAdmin(nodeA.url);
});

afterAll(async () => {
  await nodeA?.cleanup();
  await nodeB?.cleanup();
  await pg?.stop();
});

async function waitingOn(server: TestServer): Promise<{ screen: TestClient; code: string }> {
  const screen = await TestClient.connect(server.url);
  screen.send(displayHello());
  const { code } = await screen.next('pairing-code');
  return { screen, code };
}

/** Waits for a 'displays' push in which the display is online (or not); each wait has its own timeout. */
async function panelShows(panel: TestClient, id: string, online: boolean): Promise<void> {
  for (;;) {
    const { displays } = await panel.next('displays', ACROSS_MS);
    if (displays.find((d) => d.id === id)?.online === online) return;
  }
}

const listed = async (client: ApiClient, id: string) => (await client.json<{ displays: DisplayStatus[] }>('/api/displays')).displays.find((d) => d.id === id);

describe('pairing across nodes', () => {
  it('a screen on node B is paired through node A: B hands it its token and its timeline; both nodes list it online; A’s commands reach it', async () => {
    // A control panel signed in on node A, which holds no screen.
    const panel = await TestClient.connect(nodeA.url, { cookie: operatorOnA.cookie! });
    panel.send({ type: 'hello', protocol: PROTOCOL_VERSION, role: 'control' });
    await panel.next('displays');
    const { screen, code } = await waitingOn(nodeB);
    const res = await operatorOnA.post('/api/displays/pair', { code: `${code.slice(0, 3)} ${code.slice(3).toLowerCase()}`, name: 'Màn hình sảnh tầng 1', zoneId: 'lobby' });
    expect(res.status).toBe(201);
    const display = (await res.json()) as DisplayStatus;
    expect(display).toMatchObject({ name: 'Màn hình sảnh tầng 1', zoneId: 'lobby' });

    const paired = await screen.next('paired', ACROSS_MS);
    expect(paired.display).toEqual({ id: display.id, name: 'Màn hình sảnh tầng 1', zoneId: 'lobby' });
    expect(paired.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await screen.next('welcome', ACROSS_MS)).display?.id).toBe(display.id);
    expect((await screen.next('timeline', ACROSS_MS)).timeline?.zone).toBe('lobby');

    // Node A never saw the token: the display row holds the hash node B made when it issued the code.
    const rowHash = await storedTokenHash(display.id);
    expect(rowHash).toBe(createHash('sha256').update(paired.token).digest('hex'));

    // The panel on A is told without asking: A hears that B's list changed.
    await panelShows(panel, display.id, true);
    expect((await listed(operatorOnA, display.id))?.online).toBe(true);
    const operatorOnB = await loginAdmin(nodeB.url);
    expect((await listed(operatorOnB, display.id))?.online).toBe(true);

    expect(await (await operatorOnA.post(`/api/displays/${display.id}/identify`, {})).json()).toEqual({ delivered: true });
    expect(await screen.next('command', ACROSS_MS)).toEqual({ type: 'command', command: 'identify', name: 'Màn hình sảnh tầng 1', seconds: 10 });
    await operatorOnA.post(`/api/displays/${display.id}/reload`, {});
    expect(await screen.next('command', ACROSS_MS)).toEqual({ type: 'command', command: 'reload' });

    // Revoked through A: B closes its socket, and the list drops it.
    expect((await operatorOnA.post(`/api/displays/${display.id}/revoke`, {})).status).toBe(200);
    expect((await screen.closed).code).toBe(CLOSE_DISPLAY_UNKNOWN);
    await expect.poll(async () => (await listed(operatorOnA, display.id)) === undefined, { timeout: ACROSS_MS }).toBe(true);
    panel.close();
  });

  it('each node listens on one connection, for changes and display commands alike; cut, it comes back and both still reach node B', async () => {
    const { screen, code } = await waitingOn(nodeB);
    const res = await operatorOnA.post('/api/displays/pair', { code, name: 'Màn hình hội trường Ễ', zoneId: 'lobby' });
    expect(res.status).toBe(201);
    const display = (await res.json()) as DisplayStatus;
    await screen.next('welcome', ACROSS_MS);
    const db = await openPostgresEngine(nodeA.databaseUrl!, { poolSize: 1 });
    const listening = async () =>
      (await sql<{ pid: number; name: string }>`
        SELECT pid, application_name AS name FROM pg_stat_activity
        WHERE datname = current_database() AND application_name LIKE 'pano-%' ORDER BY application_name`.execute(db.db)).rows;
    try {
      const before = await listening();
      expect(before.map((r) => r.name)).toEqual(['pano-listener:node-a', 'pano-listener:node-b']);
      const cut = await sql`SELECT pg_terminate_backend(pid) AS cut FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'pano-listener:node-b'`.execute(db.db);
      expect(cut.rows).toEqual([{ cut: true }]);
      // Node B connects again, once: still one connection each.
      const fresh = (r: { pid: number; name: string }) => (before.some((b) => b.pid === r.pid) ? r.name : `${r.name} (new)`);
      await expect.poll(async () => (await listening()).map(fresh), { timeout: ACROSS_MS }).toEqual(['pano-listener:node-a', 'pano-listener:node-b (new)']);
      await expect.poll(async () => (await health(nodeB)).changes.listener?.state, { timeout: ACROSS_MS }).toBe('listening');

      expect(await (await operatorOnA.post(`/api/displays/${display.id}/identify`, {})).json()).toEqual({ delivered: true });
      expect(await screen.next('command', ACROSS_MS)).toEqual({ type: 'command', command: 'identify', name: 'Màn hình hội trường Ễ', seconds: 10 });
      const day = await operatorOnA.post('/api/national-days', { id: 'ngay-thu-nghe-lai', nameVi: 'Ngày thử nghe lại', nameEn: 'Listening again', kind: 'anniversary', calendar: 'solar', month: 4, day: 12 });
      expect(day.status).toBe(201);
      const generation = (await health(nodeA)).changes.generation;
      await expect.poll(async () => (await health(nodeB)).changes.generation, { timeout: ACROSS_MS }).toBeGreaterThanOrEqual(generation);
    } finally {
      await db.close();
      screen.close();
    }
  });

  it('the same code claimed through both nodes at once pairs one display', async () => {
    const { screen, code } = await waitingOn(nodeB);
    const operatorOnB = await loginAdmin(nodeB.url);
    const results = await Promise.all(
      [operatorOnA, operatorOnB].map((op, i) => op.post('/api/displays/pair', { code, name: `Màn hình cổng ${i + 1}`, zoneId: 'gate' })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 404]);
    await screen.next('paired', ACROSS_MS);
    screen.close();
  });

  it('wrong codes through A and B add up: after 5 + 5 from one network, even the right code waits', async () => {
    const { screen, code } = await waitingOn(nodeB);
    const operatorOnB = await loginAdmin(nodeB.url);
    const wrong = code === 'AAAAAA' ? 'BBBBBB' : 'AAAAAA';
    // The second test's losing claim was a failure too: 1 + 4 + 5 = 10.
    for (let i = 0; i < 4; i++) expect((await operatorOnA.post('/api/displays/pair', { code: wrong, name: 'x', zoneId: 'lobby' })).status).toBe(404);
    for (let i = 0; i < 5; i++) expect((await operatorOnB.post('/api/displays/pair', { code: wrong, name: 'x', zoneId: 'lobby' })).status).toBe(404);
    for (const op of [operatorOnA, operatorOnB]) {
      const blocked = await op.post('/api/displays/pair', { code, name: 'Màn hình sảnh', zoneId: 'lobby' });
      expect(blocked.status).toBe(429);
      expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    expect(screen.messages.some((m) => m.type === 'paired')).toBe(false);
    screen.close();
  });

  it('failed sign-ins through A and B add up: 10 + 10 from one network close it on both', async () => {
    const fail = (server: TestServer, i: number) => new ApiClient(server.url).post('/api/auth/login', { username: `khach-${i}`, password: 'sai mật khẩu' });
    for (let i = 0; i < 10; i++) expect((await fail(nodeA, i)).status).toBe(401);
    for (let i = 10; i < 20; i++) expect((await fail(nodeB, i)).status).toBe(401);
    expect((await fail(nodeA, 20)).status).toBe(429);
    expect((await fail(nodeB, 21)).status).toBe(429);
  });
});

async function health(server: TestServer): Promise<{ changes: { generation: number; listener?: { state: string } } }> {
  return (await (await fetch(`${server.url}/healthz`)).json()) as { changes: { generation: number; listener?: { state: string } } };
}

/** The stored token hash of a display, read as an operator with the database would. */
async function storedTokenHash(displayId: string): Promise<string> {
  const engine = await openPostgresEngine(nodeA.databaseUrl!, { poolSize: 1 });
  try {
    const row = await engine.db.selectFrom('displays').select('token_sha256').where('id', '=', displayId).executeTakeFirstOrThrow();
    return row.token_sha256;
  } finally {
    await engine.close();
  }
}
