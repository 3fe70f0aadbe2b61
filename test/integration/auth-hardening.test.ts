import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, startTestServer, type TestServer } from '../support/server.js';
import { ADMIN_PASSWORD, ApiClient, USER_PASSWORD, loginAdmin, userWithRoles } from '../support/session.js';
import { TestClient } from '../support/ws-client.js';

/** Findings of the security review, each kept fixed by a test. */
let server: TestServer;
let admin: ApiClient;

beforeAll(async () => {
  server = await startTestServer();
  // Signed in before any test throttles loopback's network.
  admin = await loginAdmin(server.url);
});
afterAll(() => server.cleanup());

const alive = async () => (await fetch(`${server.url}/healthz`)).status === 200;

/** Sends raw bytes; resolves with the answer's head once it is complete (an upgraded socket stays open). */
function rawRequest(text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(server.port, '127.0.0.1', () => socket.write(text));
    let answer = '';
    socket.on('data', (d) => {
      answer += d.toString();
      if (answer.includes('\r\n\r\n')) socket.destroy();
    });
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
    // A server that neither answers nor closes fails the assertion on an empty answer, not the test's timeout.
    setTimeout(() => socket.destroy(), 10_000).unref();
  });
}

/** A POST from a chosen loopback address (any of 127/8), as another machine on the LAN would send it. */
function postFrom(localAddress: string, path: string, payload: unknown): Promise<number> {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify(payload);
    const req = http.request(
      { host: '127.0.0.1', port: server.port, path, method: 'POST', localAddress, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const loginFrom = (localAddress: string, password: string, username = 'admin') => postFrom(localAddress, '/api/auth/login', { username, password });

/** Audit rows of one action whose address lies in a network given by its prefix ('127.0.9.'). */
async function auditRows(action: string, prefix: string): Promise<number> {
  const store = await openTestStore(server);
  try {
    return (await store.audit.search({ action, limit: 1000 })).filter((r) => r.remote_address.replace(/^::ffff:/, '').startsWith(prefix)).length;
  } finally {
    await store.close();
  }
}

describe('malformed input outside Express cannot crash the server', () => {
  const upgrade = (target: string, cookie?: string) =>
    `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n${cookie ? `Cookie: ${cookie}\r\n` : ''}\r\n`;

  it('an upgrade with a malformed cookie is served as anonymous', async () => {
    const answer = await rawRequest(upgrade('/ws', 'pano_session=%'));
    expect(answer).toMatch(/^HTTP\/1.1 101/);
    expect(await alive()).toBe(true);
  });

  it('an upgrade with an unparseable target gets 400', async () => {
    const answer = await rawRequest(upgrade('http://['));
    expect(answer).toMatch(/^HTTP\/1.1 400/);
    expect(await alive()).toBe(true);
  });

  it('a malformed cookie on HTTP is no session, not a server error', async () => {
    expect((await new ApiClient(server.url, 'pano_session=%E0%A4%A').get('/api/slogans')).status).toBe(401);
  });
});

describe('login limits', () => {
  it('parallel guesses are counted as they start: 40 at once, then the right password, never logs in', async () => {
    const anon = new ApiClient(server.url);
    const guesses = await Promise.all(
      Array.from({ length: 40 }, (_, i) => anon.post('/api/auth/login', { username: 'admin', password: `đoán sai ${i}` }).then((r) => r.status)),
    );
    expect(guesses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
    expect(guesses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(35);
    expect((await anon.post('/api/auth/login', { username: 'admin', password: ADMIN_PASSWORD })).status).toBe(429);
  });

  it('a stranger’s failures do not lock the admin out of their own machine on another network', async () => {
    for (let i = 0; i < 6; i++) expect(await loginFrom('127.0.7.7', `sai ${i}`)).toBeGreaterThanOrEqual(401);
    expect(await loginFrom('127.0.8.8', ADMIN_PASSWORD)).toBe(200);
  });

  it('limits count per network (/24): eleven addresses of one network get 5 guesses at the admin in all, not 55', async () => {
    const statuses: number[] = [];
    for (let host = 1; host <= 11; host++) for (let i = 0; i < 5; i++) statuses.push(await loginFrom(`127.0.11.${host}`, `đoán ${host}-${i}`));
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(50);
    // Another network was never refused: the right password still works from there.
    expect(await loginFrom('127.0.12.1', ADMIN_PASSWORD)).toBe(200);
  });

  it('guesses spread over many networks cap the account, but never lock the right password out of a network that has not failed', async () => {
    await userWithRoles(admin, 'thu-ky', ['viewer']);
    const statuses: number[] = [];
    const guess = async (net: number) => {
      for (let i = 0; i < 5; i++) statuses.push(await loginFrom(`127.21.${net}.1`, `đoán ${net}-${i}`, 'thu-ky'));
    };
    // Ten networks at once, five guesses each, exactly the account's 50 (counted as they start, so
    // none is refused): the password hashes run side by side, as an attacker's would.
    await Promise.all(Array.from({ length: 10 }, (_, n) => guess(n + 1)));
    await guess(11);
    // 50 guesses on the account from everywhere; then a network that has tried it is refused, and
    // a fresh network gets one try before it has (the 51st).
    expect(statuses.filter((s) => s === 401)).toHaveLength(51);
    expect(statuses.filter((s) => s === 429)).toHaveLength(4);
    expect(await loginFrom('127.21.3.9', USER_PASSWORD, 'thu-ky')).toBe(429);
    expect(await loginFrom('127.22.0.1', USER_PASSWORD, 'thu-ky')).toBe(200);
  });
});

describe('throttled and pointless requests cost one audit row per window per source', () => {
  it('a throttled network trying new usernames writes one throttled row, not one per username', async () => {
    for (let i = 0; i < 30; i++) await loginFrom(`127.0.9.${1 + (i % 5)}`, `sai ${i}`, `nguoi-la-${i}`);
    expect(await auditRows('login.throttled', '127.0.9.')).toBe(1);
    expect(await auditRows('login.failed', '127.0.9.')).toBe(20);
  });

  it('setup requests after setup write one row per network per window, then are refused with 429', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) statuses.push(await postFrom('127.0.13.1', '/api/auth/setup', { token: `ma-${i}`.padEnd(43, 'x'), password: 'Mật khẩu mới đủ dài 2020' }));
    expect(statuses.slice(0, 10).every((s) => s === 403)).toBe(true);
    expect(statuses.slice(10).every((s) => s === 429)).toBe(true);
    expect(await auditRows('setup.failed', '127.0.13.')).toBe(1);
  });
});

describe('control sockets follow their session', () => {
  it('a session that expires behind the socket’s back closes it at the next heartbeat', async () => {
    const quick = await startTestServer({}, undefined, { heartbeatMs: 200 });
    try {
      const admin = await loginAdmin(quick.url);
      const socket = await TestClient.connect(quick.url, { cookie: admin.cookie! });
      socket.send({ type: 'hello', protocol: 2, role: 'control' });
      await socket.next('displays');
      const store = await openTestStore(quick);
      try {
        await store.engine.db.updateTable('sessions').set({ expires_at: '2000-01-01T00:00:00.000Z' }).execute();
      } finally {
        await store.close();
      }
      expect((await socket.closed).code).toBe(4401);
    } finally {
      await quick.cleanup();
    }
  });
});

describe('DNS rebinding: a page whose domain resolves to Pano is refused by its Host', () => {
  const withHost = (host: string, path = '/healthz') =>
    new Promise<number>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port: server.port, path, headers: { Host: host, Origin: `http://${host}` } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end();
    });

  it('HTTP: a foreign name gets 421; the IP address and localhost are served', async () => {
    expect(await withHost('evil.lan')).toBe(421);
    expect(await withHost('evil.lan:8080', '/display/')).toBe(421);
    expect(await withHost(`127.0.0.1:${server.port}`)).toBe(200);
    expect(await withHost(`localhost:${server.port}`)).toBe(200);
  });

  it('WebSocket: a foreign name is refused before the handshake', async () => {
    const answer = await rawRequest(
      'GET /ws HTTP/1.1\r\nHost: evil.lan\r\nOrigin: http://evil.lan\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
    );
    expect(answer).toMatch(/^HTTP\/1.1 421/);
  });

  it('a name the admin lists is served', async () => {
    const named = await startTestServer({ ALLOWED_HOSTS: 'pano.vpcp.local' });
    try {
      const status = await new Promise<number>((resolve, reject) => {
        const req = http.request({ host: '127.0.0.1', port: named.port, path: '/healthz', headers: { Host: `pano.vpcp.local:${named.port}` } }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', reject);
        req.end();
      });
      expect(status).toBe(200);
    } finally {
      await named.cleanup();
    }
  });
});
