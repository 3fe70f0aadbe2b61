/**
 * The hub awaits the database, yet a display's messages are still handled one at a time in the
 * order they arrived, and a handler that fails is logged without stopping the next one (real
 * sockets, a real SQLite file, the real repositories).
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteEngine, type Engine } from '../../server/db/engine.js';
import { DisplayRepository } from '../../server/db/display-repository.js';
import { DeliveryRepository } from '../../server/db/delivery-repository.js';
import { ProofOfPlayRepository } from '../../server/db/proof-of-play-repository.js';
import { createLogger } from '../../server/log.js';
import { sha256 } from '../../server/auth/auth-service.js';
import { Hub, type HubOptions } from '../../server/ws/hub.js';
import type { Timeline } from '../../server/protocol/timeline.js';
import { TestClient, displayHello } from '../support/ws-client.js';

/** A display's token as pairing hands it out. */
const TOKEN = randomBytes(32).toString('base64url');
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A hub on port 0 over a fresh SQLite file holding one paired display, whose token is TOKEN. */
async function startHub(compileTimeline: HubOptions['compileTimeline']): Promise<{ url: string; logged: Record<string, unknown>[]; engine: Engine }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pano-hub-queue-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const engine = openSqliteEngine(dir);
  cleanups.push(() => engine.close());
  await engine.db.insertInto('zones').values({ id: 'sanh', name: 'Sảnh', kind: 'lobby' }).execute();
  await new DisplayRepository(engine.db).create({ id: 'sanh-1', name: 'Màn hình sảnh', zoneId: 'sanh', role: null, tokenSha256: sha256(TOKEN), pairedBy: null }, new Date());
  const logged: Record<string, unknown>[] = [];
  const hub = new Hub({
    log: createLogger('warn', (line) => logged.push(JSON.parse(line) as Record<string, unknown>)),
    originAllowed: () => true,
    hostAllowed: () => true,
    authenticate: async () => undefined,
    sessionActive: async () => true,
    displays: new DisplayRepository(engine.db),
    proofs: new ProofOfPlayRepository(engine.db),
    deliveries: new DeliveryRepository(engine.db),
    compileTimeline,
    cluster: { engine, nodeId: 'hub-queue' },
  });
  const server = http.createServer();
  server.on('upgrade', hub.handleUpgrade);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(async () => {
    await hub.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, logged, engine };
}

/** The types of the messages a client receives, in arrival order. */
function arrivals(client: TestClient): string[] {
  const types: string[] = [];
  client.ws.on('message', (data) => types.push((JSON.parse(data.toString()) as { type: string }).type));
  return types;
}

describe('hub: one socket, one message at a time', () => {
  it('a message sent right after the hello waits until the hello is handled, though its timeline is compiled slowly', async () => {
    let release!: () => void;
    const compiling = new Promise<void>((resolve) => (release = resolve));
    const { url } = await startHub(async () => {
      await compiling;
      return undefined;
    });
    const client = await TestClient.connect(url);
    const order = arrivals(client);
    client.send(displayHello(TOKEN));
    // Sent before the hello is answered: handled alone it would be refused ("hello expected first") or answered first.
    client.send({ type: 'clock-request', id: 1, t0: Date.now() });
    expect((await client.next('welcome')).display?.id).toBe('sanh-1');
    expect(order).toEqual(['welcome']);
    release();
    await client.next('clock-reply');
    expect(order).toEqual(['welcome', 'timeline', 'clock-reply']);
    client.close();
  });

  it('a handler that fails is logged, and the socket’s next message is still handled', async () => {
    let calls = 0;
    const { url, logged } = await startHub(async () => {
      calls++;
      if (calls === 1) throw new Error('trình biên dịch hỏng (compiler broke)');
      return undefined as Timeline | undefined;
    });
    const client = await TestClient.connect(url);
    const order = arrivals(client);
    client.send(displayHello(TOKEN));
    client.send({ type: 'clock-request', id: 7, t0: Date.now() });
    expect((await client.next('clock-reply')).id).toBe(7);
    expect(order).toEqual(['welcome', 'clock-reply']);
    expect(logged).toContainEqual(expect.objectContaining({ level: 'error', msg: 'ws message not handled', err: expect.objectContaining({ message: 'trình biên dịch hỏng (compiler broke)' }) }));
    client.close();
  });

  it('what a display reports is in the database once the hub has closed', async () => {
    const { url, engine } = await startHub(async () => undefined);
    const client = await TestClient.connect(url);
    client.send(displayHello(TOKEN));
    await client.next('timeline');
    client.send({ type: 'ack', timelineVersion: 'v-ẫ' });
    client.send({ type: 'clock-request', id: 2, t0: Date.now() });
    await client.next('clock-reply');
    client.close();
    await client.closed;
    await cleanups.splice(-1)[0]!();
    const row = await engine.db.selectFrom('displays').select(['acked_version', 'app_version', 'screen_json']).where('id', '=', 'sanh-1').executeTakeFirstOrThrow();
    expect(row).toEqual({ acked_version: 'v-ẫ', app_version: 'test/1', screen_json: JSON.stringify({ width: 1920, height: 1080 }) });
  });
});
