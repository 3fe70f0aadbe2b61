import { describe, expect, it } from 'vitest';
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openTestStore, startTestServer } from '../support/server.js';
import { useTestApp } from '../support/app.js';
import { TestClient, displayHello } from '../support/ws-client.js';
import { pairDisplay } from '../support/displays.js';
import { loginAdmin, userWithRoles, type ApiClient } from '../support/session.js';
import { claimPairingCode, issuePairingCode } from '../../server/ws/pairing.js';
import { openSqliteEngine, type Engine } from '../../server/db/engine.js';
import { PairingCodeRepository } from '../../server/db/pairing-code-repository.js';
import type { DisplayStatus } from '../../server/protocol/messages.js';

const app = useTestApp({ operator: ['van-hanh', ['operator']] });

async function waitingDisplay(url = app.server.url): Promise<{ client: TestClient; code: string; expiresAt: number }> {
  const client = await TestClient.connect(url);
  client.send(displayHello());
  const { code, expiresAt } = await client.next('pairing-code');
  return { client, code, expiresAt };
}

/** Pairing codes and guesses on a database of their own (the rules, without a server). */
async function withEngine(work: (engine: Engine) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pano-pairing-'));
  const engine = openSqliteEngine(dir);
  try {
    await work(engine);
  } finally {
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const waiter = (waiterId: string, address: string) => ({ nodeId: 'node', waiterId, address, tokenSha256: createHash('sha256').update(waiterId).digest('hex') });

const pair = (client: ApiClient, code: string, zoneId = 'lobby', name = 'Màn hình sảnh tầng 1') =>
  client.post('/api/displays/pair', { code, name, zoneId });

describe('pairing: the happy path', () => {
  it('an unpaired display gets a 6-character code from an unambiguous alphabet, valid for minutes', async () => {
    const { client, code, expiresAt } = await waitingDisplay();
    expect(code).toMatch(/^[A-HJ-NP-Z2-9]{6}$/);
    expect(expiresAt - Date.now()).toBeGreaterThan(9 * 60 * 1000);
    expect(expiresAt - Date.now()).toBeLessThanOrEqual(10 * 60 * 1000);
    client.close();
  });

  it('an operator claims the code: the display gets its own token and content; the server keeps only its hash; the pairing is audited', async () => {
    const { client, code } = await waitingDisplay();
    // Typed as read off the screen: lower case, with the space the screen shows.
    const res = await pair(app.operator, `${code.slice(0, 3).toLowerCase()} ${code.slice(3)}`, 'hall', 'Màn hình phông hội trường');
    expect(res.status).toBe(201);
    const display = (await res.json()) as DisplayStatus;
    expect(display).toMatchObject({ name: 'Màn hình phông hội trường', zoneId: 'hall', online: true });

    const paired = await client.next('paired');
    expect(paired.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(paired.display).toEqual({ id: display.id, name: 'Màn hình phông hội trường', zoneId: 'hall' });
    expect((await client.next('welcome')).display?.id).toBe(display.id);
    expect((await client.next('timeline')).timeline?.zone).toBe('hall');

    const store = await openTestStore(app.server);
    try {
      const row = await store.engine.db.selectFrom('displays').selectAll().where('id', '=', display.id).executeTakeFirstOrThrow();
      expect(row.token_sha256).toBe(createHash('sha256').update(paired.token).digest('hex'));
      expect(JSON.stringify(row)).not.toContain(paired.token);
      const audit = await store.engine.db.selectFrom('audit_log').select(['actor', 'action', 'after_json']).where('target', '=', `display:${display.id}`).execute();
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ actor: 'van-hanh', action: 'display.pair' });
      expect(audit[0]!.after_json).not.toContain(paired.token);
    } finally {
      await store.close();
    }

    // The token is the display's identity from now on.
    client.close();
    const again = await TestClient.connect(app.server.url);
    again.send(displayHello(paired.token));
    expect((await again.next('welcome')).display?.name).toBe('Màn hình phông hội trường');
    again.close();
  });

  it('identify and reload reach the display; rename and move push the new zone’s timeline', async () => {
    const { client, display } = await pairDisplay(app.server.url, app.operator, { zoneId: 'lobby' });
    expect(await (await app.operator.post(`/api/displays/${display.id}/identify`, {})).json()).toEqual({ delivered: true });
    expect(await client.next('command')).toEqual({ type: 'command', command: 'identify', name: display.name, seconds: 10 });
    await app.operator.post(`/api/displays/${display.id}/reload`, {});
    expect(await client.next('command')).toEqual({ type: 'command', command: 'reload' });

    const moved = await app.operator.patch(`/api/displays/${display.id}`, { zoneId: 'gate', name: 'Bảng LED cổng' });
    expect(moved.status).toBe(200);
    expect((await client.next('timeline')).timeline?.zone).toBe('gate');
    client.close();
    await client.closed;
    expect(await (await app.operator.post(`/api/displays/${display.id}/identify`, {})).json()).toEqual({ delivered: false });
  });

  it('a viewer cannot pair, and the code survives the refusal', async () => {
    const viewer = await userWithRoles(app.admin, 'nguoi-xem', ['viewer']);
    const { client, code } = await waitingDisplay();
    expect((await pair(viewer, code)).status).toBe(403);
    expect((await pair(app.operator, code)).status).toBe(201);
    client.close();
  });
});

describe('pairing: every failure', () => {
  it('a wrong code is refused (404) and pairs nothing', async () => {
    const { client, code } = await waitingDisplay();
    const wrong = code === 'AAAAAA' ? 'BBBBBB' : 'AAAAAA';
    const res = await pair(app.operator, wrong);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/problem\+json/);
    expect(client.messages.some((m) => m.type === 'paired')).toBe(false);
    client.close();
  });

  it('a code is single use: the second claim is refused', async () => {
    const { client, code } = await waitingDisplay();
    expect((await pair(app.operator, code)).status).toBe(201);
    expect((await pair(app.operator, code)).status).toBe(404);
    client.close();
  });

  it('an unknown zone is refused before the code is spent', async () => {
    const { client, code } = await waitingDisplay();
    expect((await pair(app.operator, code, 'san-bay')).status).toBe(400);
    expect((await pair(app.operator, code, 'lobby')).status).toBe(201);
    client.close();
  });

  it('the code of a display that went away is dead', async () => {
    const { client, code } = await waitingDisplay();
    client.close();
    await client.closed;
    expect((await pair(app.operator, code)).status).toBe(404);
  });

  it('an expired code is refused, and the screen shows a fresh one by itself', async () => {
    // Long enough for two pair requests on a loaded machine, short enough to wait for.
    const quick = await startTestServer({}, undefined, { pairingCodeTtlMs: 2000 });
    try {
      const op = await loginAdmin(quick.url);
      const { client, code } = await waitingDisplay(quick.url);
      const fresh = await client.next('pairing-code', 10_000);
      expect(fresh.code).not.toBe(code);
      expect((await pair(op, code)).status).toBe(404);
      expect((await pair(op, fresh.code)).status).toBe(201);
      client.close();
    } finally {
      await quick.cleanup();
    }
  });

  it('brute force: after 10 wrong codes from one address even the right code gets 429 with Retry-After', async () => {
    const own = await startTestServer();
    try {
      const op = await loginAdmin(own.url);
      const { client, code } = await waitingDisplay(own.url);
      const wrong = code === 'AAAAAA' ? 'BBBBBB' : 'AAAAAA';
      for (let i = 0; i < 10; i++) expect((await pair(op, wrong)).status).toBe(404);
      const blocked = await pair(op, code);
      expect(blocked.status).toBe(429);
      expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(client.messages.some((m) => m.type === 'paired')).toBe(false);
      client.close();
    } finally {
      await own.cleanup();
    }
  });

  it('brute force from many networks: 100 wrong codes in all close pairing for everyone', async () => {
    await withEngine(async (engine) => {
      const now = Date.now();
      const issued = (await issuePairingCode(engine.db, waiter('screen', '10.0.0.1'), now, 60 * 60 * 1000))!;
      const claim = (code: string, address: string, at: number) => engine.transaction((tx) => claimPairingCode(tx, code, address, randomUUID(), at));
      for (let i = 0; i < 100; i++) expect(await claim('AAAAAA', `10.1.${i}.1`, now)).toEqual({ ok: false, reason: 'unknown' });
      expect(await claim(issued.code, '10.2.0.1', now)).toMatchObject({ ok: false, reason: 'throttled' });
      const later = now + 15 * 60 * 1000 + 1;
      // The screen's node is still alive then.
      await new PairingCodeRepository(engine.db).heartbeat('node', later);
      expect(await claim(issued.code, '10.2.0.1', later)).toMatchObject({ ok: true, claimed: { waiterId: 'screen' } });
    });
  });

  it('an unpaired socket may only wait: any other message closes it', async () => {
    const { client } = await waitingDisplay();
    client.send({ type: 'ack', timelineVersion: 'x' });
    expect((await client.closed).code).toBe(1008);
  });

  it('many addresses of one network count as one: it cannot hold more than 50 sockets waiting for codes', async () => {
    await withEngine(async (engine) => {
      const now = Date.now();
      for (let i = 0; i < 50; i++) expect(await issuePairingCode(engine.db, waiter(`s${i}`, `10.3.3.${i + 1}`), now)).toBeDefined();
      expect(await issuePairingCode(engine.db, waiter('one more', '10.3.3.200'), now)).toBeUndefined();
      expect(await issuePairingCode(engine.db, waiter('another network', '10.3.4.1'), now)).toBeDefined();
    });
  });

  it('one machine cannot hold more than 50 sockets waiting for codes', async () => {
    const own = await startTestServer();
    try {
      const waiting = await Promise.all(Array.from({ length: 50 }, () => waitingDisplay(own.url)));
      const extra = await TestClient.connect(own.url);
      extra.send(displayHello());
      expect((await extra.closed).code).toBe(1008);
      for (const w of waiting) w.client.close();
    } finally {
      await own.cleanup();
    }
  });
});
