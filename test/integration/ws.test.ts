import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestServer } from '../support/server.js';
import { useTestApp } from '../support/app.js';
import { TestClient, displayHello } from '../support/ws-client.js';
import { pairDisplay, pairedToken } from '../support/displays.js';
import { MAX_CLIENT_FRAME_BYTES, type DisplayStatus } from '../../server/protocol/messages.js';

const app = useTestApp({ operator: ['van-hanh', ['operator']] });

/** A display that says hello with a valid token, ready to receive. */
async function connectPaired(token: string, held: string | null = null): Promise<TestClient> {
  const client = await TestClient.connect(app.server.url);
  client.send(displayHello(token, held));
  await client.next('welcome');
  return client;
}

describe('display delivery over a real WebSocket', () => {
  it('a paired display receives the compiled timeline of its zone, with a version', async () => {
    const { client, timeline: msg, display } = await pairDisplay(app.server.url, app.operator, { zoneId: 'lobby' });
    expect(msg.version).toMatch(/^[0-9a-f]{16}$/);
    expect(msg.timeline?.zone).toBe('lobby');
    expect(msg.timeline?.timeZone).toBe('Asia/Ho_Chi_Minh');
    const now = Date.now();
    const current = msg.timeline!.intervals.find((i) => Date.parse(i.start) <= now && now < Date.parse(i.end));
    expect(current?.playlist.length).toBeGreaterThan(0);
    expect(display).toMatchObject({ zoneId: 'lobby', online: true });
    client.close();
  });

  it('a display that reconnects holding the current version is not sent it again (resync by version)', async () => {
    const { token } = await pairedToken(app.server.url, app.operator, 'gate');
    const first = await connectPaired(token);
    const { version } = await first.next('timeline');
    first.close();
    const again = await connectPaired(token, version);
    // The hub decides on the timeline while handling the hello: once a later request is answered,
    // any timeline it meant to send has arrived.
    again.send({ type: 'clock-request', id: 1, t0: 0 });
    await again.next('clock-reply');
    expect(again.messages.some((m) => m.type === 'timeline')).toBe(false);
    again.close();
    const stale = await connectPaired(token, '0000000000000000');
    expect((await stale.next('timeline')).version).toBe(version);
    stale.close();
  });

  it('answers clock-sync requests with server timestamps', async () => {
    const { client } = await pairDisplay(app.server.url, app.operator, { zoneId: 'hall' });
    const t0 = Date.now();
    client.send({ type: 'clock-request', id: 7, t0 });
    const reply = await client.next('clock-reply');
    expect(reply).toMatchObject({ id: 7, t0 });
    expect(reply.t1).toBeGreaterThanOrEqual(t0 - 1000);
    expect(reply.t2).toBeGreaterThanOrEqual(reply.t1);
    client.close();
  });

  it('shows control panels every paired display live: applied version, ack latency, clock offset, what is on screen', async () => {
    const control = await TestClient.connect(app.server.url, { cookie: app.admin.cookie! });
    control.send({ type: 'hello', protocol: 1, role: 'control' });
    await control.next('displays');
    const { client, timeline, display } = await pairDisplay(app.server.url, app.operator, { zoneId: 'gate', name: 'Bảng LED cổng chính' });
    const now = Date.now();
    const interval = timeline.timeline!.intervals.find((i) => Date.parse(i.start) <= now && now < Date.parse(i.end))!;
    const entry = interval.playlist[0]!;
    client.send({ type: 'ack', timelineVersion: timeline.version });
    const measuredAt = now - 2_000;
    client.send({
      type: 'status',
      clockOffsetMs: -12.5,
      roundTripMs: 3,
      clockMeasuredAt: measuredAt,
      clockUncertain: false,
      showing: { itemId: entry.itemId, revisionId: entry.revisionId, template: interval.template, since: now },
    });
    let listed;
    do listed = (await control.next('displays')).displays.find((d) => d.id === display.id);
    while (!listed?.showing);
    expect(listed).toMatchObject({
      name: 'Bảng LED cổng chính',
      zoneId: 'gate',
      online: true,
      app: 'test/1',
      screen: { width: 1920, height: 1080 },
      timelineVersion: timeline.version,
      ackedVersion: timeline.version,
      clock: { offsetMs: -12.5, roundTripMs: 3, measuredAt: new Date(measuredAt).toISOString(), uncertain: false },
      showing: { revisionId: entry.revisionId, text: entry.text, template: interval.template },
    });
    expect(listed.ackLatencyMs).toBeGreaterThanOrEqual(0);
    const api = await app.operator.json<{ displays: { id: string; online: boolean }[] }>('/api/displays');
    expect(api.displays.find((d) => d.id === display.id)?.online).toBe(true);

    client.close();
    do listed = (await control.next('displays')).displays.find((d) => d.id === display.id);
    while (listed?.online);
    // Offline, the panel still shows the clock it last reported.
    expect(listed).toMatchObject({
      online: false,
      ackedVersion: timeline.version,
      clock: { offsetMs: -12.5, roundTripMs: 3, measuredAt: new Date(measuredAt).toISOString(), uncertain: false, check: null, outOfStep: false },
    });
    control.close();
  });

  it('checks each display’s clock itself: answered in step it is not flagged; answered 120 ms behind it is out of step', async () => {
    const { client, display } = await pairDisplay(app.server.url, app.operator, { zoneId: 'lobby', name: 'Sảnh kiểm tra đồng hồ' });
    const report = (uncertain: boolean) =>
      client.send({ type: 'status', clockOffsetMs: 4, roundTripMs: 1.5, clockMeasuredAt: Date.now(), clockUncertain: uncertain, showing: null });
    const clockOf = async () => (await app.operator.json<{ displays: DisplayStatus[] }>('/api/displays')).displays.find((d) => d.id === display.id)!.clock;

    // A new estimate is checked at once; the display answers with its idea of server time.
    report(false);
    let check = await client.next('clock-check');
    client.send({ type: 'clock-check-reply', id: check.id, serverNow: Date.now() });
    await expect.poll(async () => (await clockOf())?.check).not.toBeNull();
    expect(await clockOf()).toMatchObject({ offsetMs: 4, roundTripMs: 1.5, uncertain: false, outOfStep: false });

    // An answer to no check in flight is ignored, whatever it claims.
    client.send({ type: 'clock-check-reply', id: check.id + 7, serverNow: Date.now() - 500 });
    report(true);
    check = await client.next('clock-check');
    client.send({ type: 'clock-check-reply', id: check.id, serverNow: Date.now() - 120 });
    await expect.poll(async () => (await clockOf())?.outOfStep).toBe(true);
    const flagged = (await clockOf())!;
    expect(flagged.uncertain).toBe(true);
    expect(flagged.check!.errorMs).toBeLessThan(-100);
    expect(flagged.check!.boundMs).toBeGreaterThanOrEqual(0);
    client.close();
  });

  it('a display cannot claim another display’s status or content: the socket decides who it is', async () => {
    const { client } = await pairDisplay(app.server.url, app.operator, { zoneId: 'lobby' });
    client.send({ type: 'status', clockOffsetMs: 0, roundTripMs: 0, showing: null, displayId: 'someone-else' });
    expect((await client.closed).code).toBe(1008);
  });
});

describe('display tokens', () => {
  it.each([
    ['no token at all (only a pairing code, nothing to play)', undefined],
    ['a well-formed token nobody was given', 'A'.repeat(43)],
  ])('%s', async (_name, token) => {
    const client = await TestClient.connect(app.server.url);
    client.send(displayHello(token));
    if (token === undefined) {
      expect((await client.next('pairing-code')).code).toMatch(/^[A-HJ-NP-Z2-9]{6}$/);
      client.send({ type: 'clock-request', id: 1, t0: 0 });
      expect((await client.closed).code).toBe(1008);
      expect(client.messages.some((m) => m.type === 'timeline')).toBe(false);
    } else {
      expect((await client.closed).code).toBe(4403);
    }
  });

  it('a malformed token closes the socket', async () => {
    const client = await TestClient.connect(app.server.url);
    client.send(displayHello('short'));
    expect((await client.closed).code).toBe(1008);
  });

  it('revoking closes the display’s socket at once, and its token stops working', async () => {
    const { client, token, display } = await pairDisplay(app.server.url, app.operator, { zoneId: 'lobby' });
    const res = await app.operator.post(`/api/displays/${display.id}/revoke`, {});
    expect(res.status).toBe(200);
    expect((await client.closed).code).toBe(4403);
    const again = await TestClient.connect(app.server.url);
    again.send(displayHello(token));
    expect((await again.closed).code).toBe(4403);
    const listed = await app.operator.json<{ displays: { id: string }[] }>('/api/displays');
    expect(listed.displays.map((d) => d.id)).not.toContain(display.id);
    expect((await app.operator.post(`/api/displays/${display.id}/revoke`, {})).status).toBe(404);
  });

  it('a second socket with the same token replaces the first', async () => {
    const { token } = await pairedToken(app.server.url, app.operator, 'lobby');
    const first = await connectPaired(token);
    const second = await connectPaired(token);
    expect((await first.closed).code).toBe(4409);
    second.close();
  });
});

describe('hostile clients', () => {
  it('refuses a cross-origin upgrade before the handshake', async () => {
    await expect(TestClient.connect(app.server.url, { origin: 'http://evil.example' })).rejects.toThrow(/403/);
  });

  it('accepts the server’s own origin', async () => {
    const client = await TestClient.connect(app.server.url, { origin: app.server.url });
    client.close();
  });

  it.each([
    ['malformed JSON', '{"type":'],
    ['an unknown message type', { type: 'take-over', zone: 'hall' }],
    ['an unknown key', { ...displayHello(), extra: 1 }],
    ['a message before hello', { type: 'ack', timelineVersion: 'x' }],
    // The app name is shown in the panel: it obeys the text rules of every other field.
    ['an app name with a bidi override', { ...displayHello(), app: 'display/0.2.0\u202Egnp.exe' }],
    ['an app name with a control character', { ...displayHello(), app: 'display\u0007/0.2.0' }],
    ['an app name with a zero-width character', { ...displayHello(), app: 'display\u200B/0.2.0' }],
    ['a hello of an old protocol', { type: 'hello', protocol: 1, role: 'display', zone: 'lobby', app: 'x', screen: { width: 1, height: 1 } }],
  ])('closes the socket on %s and keeps serving others', async (name, message) => {
    const { token } = await pairedToken(app.server.url, app.operator, 'lobby');
    const bystander = await connectPaired(token);
    await bystander.next('timeline');

    const attacker = await TestClient.connect(app.server.url);
    attacker.send(message);
    const closed = await attacker.closed;
    expect(closed.code).toBe(name.includes('old protocol') ? 4426 : 1008);

    bystander.send({ type: 'clock-request', id: 1, t0: Date.now() });
    expect((await bystander.next('clock-reply')).id).toBe(1);
    bystander.close();
  });

  it('closes the socket on an oversize frame and keeps serving others', async () => {
    const { token } = await pairedToken(app.server.url, app.operator, 'hall');
    const bystander = await connectPaired(token);
    const attacker = await TestClient.connect(app.server.url);
    attacker.send(JSON.stringify({ type: 'hello', pad: 'x'.repeat(MAX_CLIENT_FRAME_BYTES) }));
    expect((await attacker.closed).code).toBe(1009);
    bystander.send({ type: 'clock-request', id: 2, t0: Date.now() });
    expect((await bystander.next('clock-reply')).id).toBe(2);
    bystander.close();
  });

  it('closes a socket that floods messages', async () => {
    const { token } = await pairedToken(app.server.url, app.operator, 'lobby');
    const attacker = await connectPaired(token);
    for (let i = 0; i < 50; i++) attacker.send({ type: 'clock-request', id: i, t0: 0 });
    expect((await attacker.closed).code).toBe(1008);
  });

  it('refuses upgrades on any path but /ws', async () => {
    const ws = new WebSocket(app.server.url.replace('http', 'ws') + '/other');
    const status = await new Promise<number>((resolve) => {
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('error', () => resolve(-1));
    });
    expect(status).toBe(404);
  });
});

describe('control sockets need a session', () => {
  it('refuses a control hello without a session cookie', async () => {
    const anonymous = await TestClient.connect(app.server.url);
    anonymous.send({ type: 'hello', protocol: 2, role: 'control' });
    expect((await anonymous.closed).code).toBe(4401);
  });

  it('refuses a control hello with a forged session cookie', async () => {
    const forged = await TestClient.connect(app.server.url, { cookie: 'pano_session=forged-session-id' });
    forged.send({ type: 'hello', protocol: 1, role: 'control' });
    expect((await forged.closed).code).toBe(4401);
  });

  it('a signed-in control socket cannot pose as a display', async () => {
    const control = await TestClient.connect(app.server.url, { cookie: app.admin.cookie! });
    control.send({ type: 'hello', protocol: 2, role: 'control' });
    await control.next('welcome');
    control.send({ type: 'status', clockOffsetMs: 0, roundTripMs: 0, showing: null });
    expect((await control.closed).code).toBe(1008);
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
