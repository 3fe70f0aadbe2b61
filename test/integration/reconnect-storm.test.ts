/**
 * A reconnect storm costs statements per batch of screens, not per screen (issue 15, point 3):
 * screens saying hello in the same moment to a real server are looked up, listed live and, when
 * they leave, taken off the list with one statement per kind, counted by PostgreSQL itself
 * (pg_stat_statements, on a server of this file's own). Each screen keeps its own answer: a
 * revoked or unknown token among them is refused alone.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { CLOSE_DISPLAY_UNKNOWN } from '../../server/protocol/messages.js';
import { DisplayRepository } from '../../server/db/display-repository.js';
import { openPostgresEngine, type Engine } from '../../server/db/engine.js';
import { LiveDisplayRepository } from '../../server/db/live-display-repository.js';
import { startPostgres, type StartedPostgres } from '../support/postgres.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { displayHello, TestClient } from '../support/ws-client.js';

const SCREENS = 40;
const NAMES = ['Cổng chính Ễ', 'Sảnh Ể', 'Hội trường Ẫ', 'Phòng họp Ậ'];

let postgres: StartedPostgres;
let engine: Engine;
let server: TestServer;
const screens: { id: string; token: string }[] = [];
const revokedToken = randomBytes(32).toString('base64url');

beforeAll(async () => {
  postgres = await startPostgres({ settings: { shared_preload_libraries: 'pg_stat_statements' } });
  const url = await postgres.createDatabase();
  engine = await openPostgresEngine(url, { poolSize: 2 });
  await sql`CREATE EXTENSION IF NOT EXISTS pg_stat_statements`.execute(engine.db);
  server = await startTestServer({ DATABASE_URL: url });
  await engine.transaction(async (tx) => {
    const displays = new DisplayRepository(tx);
    for (let i = 0; i < SCREENS; i++) {
      const screen = { id: randomUUID(), token: randomBytes(32).toString('base64url') };
      screens.push(screen);
      await displays.create({ id: screen.id, name: `${NAMES[i % NAMES.length]} ${i + 1}`, zoneId: 'lobby', role: null, tokenSha256: sha256(screen.token), pairedBy: null }, new Date());
    }
    const revoked = await displays.create({ id: randomUUID(), name: 'Màn hình đã thu hồi', zoneId: 'lobby', role: null, tokenSha256: sha256(revokedToken), pairedBy: null }, new Date());
    await displays.revoke(revoked.id, null, new Date());
  });
}, 120_000);

afterAll(async () => {
  await server?.cleanup();
  await engine?.close();
  await postgres?.stop();
});

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** Calls of the statements whose text matches, in this database, since the last reset. */
async function calls(pattern: string): Promise<number> {
  const { rows } = await sql<{ calls: string | null }>`
    SELECT sum(calls) AS calls FROM pg_stat_statements
    WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND query ILIKE ${pattern}`.execute(engine.db);
  return Number(rows[0]?.calls ?? 0);
}

it('screens saying hello at once cost fewer lookups, live rows and removals than screens; a revoked or unknown token is refused alone', async () => {
  const clients = await Promise.all(screens.map(() => TestClient.connect(server.url)));
  const revoked = await TestClient.connect(server.url);
  const unknown = await TestClient.connect(server.url);
  await sql`SELECT pg_stat_statements_reset()`.execute(engine.db);

  // Every hello in one go, as screens coming back after a load balancer restart.
  for (const [i, client] of clients.entries()) client.send(displayHello(screens[i]!.token));
  revoked.send(displayHello(revokedToken));
  unknown.send(displayHello(randomBytes(32).toString('base64url')));

  const welcomes = await Promise.all(clients.map((c) => c.next('welcome', 30_000)));
  expect(welcomes.map((w) => w.display?.id)).toEqual(screens.map((s) => s.id));
  for (const refused of [revoked, unknown]) {
    expect(await refused.next('error', 30_000)).toMatchObject({ code: 'display-unknown' });
    expect((await refused.closed).code).toBe(CLOSE_DISPLAY_UNKNOWN);
  }
  const live = new LiveDisplayRepository(engine.db);
  expect((await live.listFresh(0)).map((r) => r.displayId).sort()).toEqual(screens.map((s) => s.id).sort());

  const lookups = await calls('%from "displays" where "token_sha256" in (%');
  expect(lookups).toBeGreaterThan(0);
  expect(lookups).toBeLessThan(SCREENS);
  expect(await calls('%from "displays" where "token_sha256" = %')).toBe(0);
  const arrivals = await calls('insert into "live_displays"%');
  expect(arrivals).toBeGreaterThan(0);
  expect(arrivals).toBeLessThan(SCREENS);

  // All leave at once: their rows go with fewer statements than screens.
  for (const client of clients) client.close();
  await Promise.all(clients.map((c) => c.closed));
  await vi.waitFor(async () => expect(await live.listFresh(0)).toEqual([]), { timeout: 30_000, interval: 50 });
  const departures = await calls('delete from "live_displays" where "display_id" in (%');
  expect(departures).toBeGreaterThan(0);
  expect(departures).toBeLessThan(SCREENS);
}, 120_000);
