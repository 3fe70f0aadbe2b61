import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestServer, type TestServer } from '../support/server.js';
import { TestClient, displayHello } from '../support/ws-client.js';
import { SloganListSchema } from '../../server/protocol/api.js';
import { MAX_CLIENT_FRAME_BYTES } from '../../server/protocol/messages.js';
import { loginAdmin, type ApiClient } from '../support/session.js';

let server: TestServer;
let admin: ApiClient;

beforeAll(async () => {
  server = await startTestServer();
  admin = await loginAdmin(server.url);
});
afterAll(async () => {
  await server.cleanup();
});

describe('display delivery over a real WebSocket', () => {
  it('a display that says hello receives a timeline of the approved slogans', async () => {
    const display = await TestClient.connect(server.url);
    display.send(displayHello('lobby'));
    const welcome = await display.next('welcome');
    expect(Math.abs(welcome.serverTime - Date.now())).toBeLessThan(5000);
    const { version, timeline } = await display.next('timeline');
    expect(version).toMatch(/^[0-9a-f]{16}$/);
    expect(timeline.zone).toBe('lobby');
    expect(timeline.timeZone).toBe('Asia/Ho_Chi_Minh');
    const now = Date.now();
    const current = timeline.intervals.find((i) => Date.parse(i.start) <= now && now < Date.parse(i.end));
    expect(current?.template).toBe('lobby-card');

    const { slogans } = SloganListSchema.parse(await admin.json('/api/slogans'));
    expect(current!.playlist.map((p) => p.text).sort()).toEqual(slogans.map((s) => s.text).sort());
    display.close();
  });

  it('answers clock-sync requests with server timestamps', async () => {
    const display = await TestClient.connect(server.url);
    display.send(displayHello('hall'));
    await display.next('timeline');
    const t0 = Date.now();
    display.send({ type: 'clock-request', id: 7, t0 });
    const reply = await display.next('clock-reply');
    expect(reply).toMatchObject({ id: 7, t0 });
    expect(reply.t1).toBeGreaterThanOrEqual(t0 - 1000);
    expect(reply.t2).toBeGreaterThanOrEqual(reply.t1);
    display.close();
  });

  it('shows control panels the connected displays live, with the timeline version they applied', async () => {
    const control = await TestClient.connect(server.url, { cookie: admin.cookie! });
    control.send({ type: 'hello', protocol: 1, role: 'control' });
    await control.next('displays');
    const display = await TestClient.connect(server.url);
    display.send(displayHello('gate'));
    const { version } = await display.next('timeline');
    display.send({ type: 'ack', timelineVersion: version });
    let listed;
    do {
      listed = (await control.next('displays')).displays.find((d) => d.zone === 'gate');
    } while (!listed || listed.ackedVersion !== version);
    expect(listed).toMatchObject({ zone: 'gate', app: 'test/1', screen: { width: 1920, height: 1080 }, timelineVersion: version });
    const api = await admin.json<{ displays: { zone: string }[] }>('/api/displays');
    expect(api.displays.map((d) => d.zone)).toContain('gate');
    display.close();
    control.close();
  });
});

describe('hostile clients', () => {
  it('refuses a cross-origin upgrade before the handshake', async () => {
    await expect(TestClient.connect(server.url, { origin: 'http://evil.example' })).rejects.toThrow(/403/);
  });

  it('accepts the server’s own origin', async () => {
    const client = await TestClient.connect(server.url, { origin: server.url });
    client.close();
  });

  it.each([
    ['malformed JSON', '{"type":'],
    ['an unknown message type', { type: 'take-over', zone: 'hall' }],
    ['an unknown key', { ...displayHello(), extra: 1 }],
    ['an unknown zone', displayHello('san-bay')],
    ['a message before hello', { type: 'ack', timelineVersion: 'x' }],
  ])('closes the socket on %s and keeps serving others', async (_name, message) => {
    const bystander = await TestClient.connect(server.url);
    bystander.send(displayHello('lobby'));
    await bystander.next('timeline');

    const attacker = await TestClient.connect(server.url);
    attacker.send(message);
    const closed = await attacker.closed;
    expect(closed.code).toBe(1008);

    bystander.send({ type: 'clock-request', id: 1, t0: Date.now() });
    expect((await bystander.next('clock-reply')).id).toBe(1);
    bystander.close();
  });

  it('closes the socket on an oversize frame', async () => {
    const attacker = await TestClient.connect(server.url);
    attacker.send(JSON.stringify({ type: 'hello', pad: 'x'.repeat(MAX_CLIENT_FRAME_BYTES) }));
    expect((await attacker.closed).code).toBe(1009);
  });

  it('closes a socket that floods messages', async () => {
    const attacker = await TestClient.connect(server.url);
    attacker.send(displayHello('lobby'));
    await attacker.next('timeline');
    for (let i = 0; i < 50; i++) attacker.send({ type: 'clock-request', id: i, t0: 0 });
    expect((await attacker.closed).code).toBe(1008);
  });

  it('refuses upgrades on any path but /ws', async () => {
    const ws = new WebSocket(server.url.replace('http', 'ws') + '/other');
    const status = await new Promise<number>((resolve) => {
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('error', () => resolve(-1));
    });
    expect(status).toBe(404);
  });
});

describe('control sockets need a session', () => {
  it('refuses a control hello without a session cookie', async () => {
    const anonymous = await TestClient.connect(server.url);
    anonymous.send({ type: 'hello', protocol: 1, role: 'control' });
    expect((await anonymous.closed).code).toBe(4401);
  });

  it('refuses a control hello with a forged session cookie', async () => {
    const forged = await TestClient.connect(server.url, { cookie: 'pano_session=forged-session-id' });
    forged.send({ type: 'hello', protocol: 1, role: 'control' });
    expect((await forged.closed).code).toBe(4401);
  });
});

describe('hello timeout', () => {
  it('closes a socket that never says hello', async () => {
    const quick = await startTestServer({}, undefined, { helloTimeoutMs: 200 });
    try {
      const silent = await TestClient.connect(quick.url);
      const closed = await silent.closed;
      expect(closed).toEqual({ code: 1008, reason: 'hello expected' });
    } finally {
      await quick.cleanup();
    }
  });
});
