import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, startTestServer, type TestServer } from '../support/server.js';
import { ADMIN_PASSWORD, ApiClient, login, loginAdmin, userWithRoles, USER_PASSWORD } from '../support/session.js';
import { TestClient } from '../support/ws-client.js';

describe('first start without ADMIN_PASSWORD: no default credentials', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ ADMIN_PASSWORD: '' });
  });
  afterAll(() => server.cleanup());

  it('logs a one-time setup link and lets nobody sign in until it is used', async () => {
    expect(server.setupToken).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    const warning = server.logs.map((l) => JSON.parse(l) as { msg: string; setupUrl?: string }).find((l) => l.setupUrl);
    expect(warning?.setupUrl).toContain(`#setup=${server.setupToken}`);
    for (const password of ['admin', 'password', ADMIN_PASSWORD, '']) {
      const res = await new ApiClient(server.url).post('/api/auth/login', { username: 'admin', password });
      expect(res.status).toBeGreaterThanOrEqual(400);
    }
  });

  it('refuses a wrong token, accepts the right one once, then the admin signs in', async () => {
    const anon = new ApiClient(server.url);
    expect((await anon.post('/api/auth/setup', { token: 'x'.repeat(43), password: 'một mật khẩu đủ dài' })).status).toBe(403);
    expect((await anon.post('/api/auth/setup', { token: server.setupToken, password: 'ngắn' })).status).toBe(400);
    const ok = await anon.post('/api/auth/setup', { token: server.setupToken, password: 'một mật khẩu đủ dài' });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { user: { roles: string[] } }).user.roles).toEqual(['admin']);
    expect((await anon.post('/api/auth/setup', { token: server.setupToken, password: 'mật khẩu khác dài hơn' })).status).toBe(403);
    const admin = await login(server.url, 'admin', 'một mật khẩu đủ dài');
    expect(((await admin.json('/api/auth/me')) as { user: { username: string } }).user.username).toBe('admin');
  });
});

describe('sessions', () => {
  let server: TestServer;
  let admin: ApiClient;
  beforeAll(async () => {
    server = await startTestServer();
    admin = await loginAdmin(server.url);
  });
  afterAll(() => server.cleanup());

  it('sets an HttpOnly, SameSite=Strict cookie, Secure only behind TLS', async () => {
    const res = await new ApiClient(server.url).post('/api/auth/login', { username: 'admin', password: ADMIN_PASSWORD });
    const cookie = res.headers.getSetCookie()[0]!;
    expect(cookie).toMatch(/^pano_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Secure/);
  });

  it('rotates the session at login and ends the one presented before', async () => {
    const first = await loginAdmin(server.url);
    const res = await first.post('/api/auth/login', { username: 'admin', password: ADMIN_PASSWORD });
    const second = res.headers.getSetCookie()[0]!.split(';')[0]!;
    expect(second).not.toBe(first.cookie);
    expect((await first.get('/api/auth/me')).status).toBe(401);
    expect((await new ApiClient(server.url, second).get('/api/auth/me')).status).toBe(200);
  });

  it('needs a session for the API: none, a forged one and an ended one get 401', async () => {
    expect((await new ApiClient(server.url).get('/api/slogans')).status).toBe(401);
    expect((await new ApiClient(server.url, 'pano_session=forged').get('/api/slogans')).status).toBe(401);
    const c = await loginAdmin(server.url);
    expect((await c.post('/api/auth/logout', {})).status).toBe(200);
    const after = await c.get('/api/slogans');
    expect(after.status).toBe(401);
    expect(after.headers.get('content-type')).toMatch(/problem\+json/);
  });

  it('logout closes the session’s WebSockets at once', async () => {
    const c = await loginAdmin(server.url);
    const socket = await TestClient.connect(server.url, { cookie: c.cookie! });
    socket.send({ type: 'hello', protocol: 1, role: 'control' });
    await socket.next('displays');
    await c.post('/api/auth/logout', {});
    expect((await socket.closed).code).toBe(4401);
  });

  it('a password change ends the user’s other sessions and their sockets, not the current one', async () => {
    const here = await userWithRoles(admin, 'thu.ky', ['operator']);
    const elsewhere = await login(server.url, 'thu.ky', USER_PASSWORD);
    const socket = await TestClient.connect(server.url, { cookie: elsewhere.cookie! });
    socket.send({ type: 'hello', protocol: 1, role: 'control' });
    await socket.next('displays');

    expect((await here.post('/api/auth/password', { currentPassword: 'sai mật khẩu', newPassword: 'mật khẩu mới rất dài' })).status).toBe(403);
    expect((await here.post('/api/auth/password', { currentPassword: USER_PASSWORD, newPassword: 'mật khẩu mới rất dài' })).status).toBe(200);
    expect((await socket.closed).code).toBe(4401);
    expect((await elsewhere.get('/api/auth/me')).status).toBe(401);
    expect((await here.get('/api/auth/me')).status).toBe(200);
    await login(server.url, 'thu.ky', 'mật khẩu mới rất dài');
  });

  it('disabling a user ends their sessions; the last admin cannot be removed', async () => {
    const op = await userWithRoles(admin, 'bao.ve', ['operator']);
    const { user } = (await op.json('/api/auth/me')) as { user: { id: number } };
    expect((await admin.patch(`/api/users/${user.id}`, { disabled: true })).status).toBe(200);
    expect((await op.get('/api/auth/me')).status).toBe(401);
    await expect(login(server.url, 'bao.ve', USER_PASSWORD)).rejects.toThrow(/401/);

    const me = (await admin.json('/api/auth/me')) as { user: { id: number } };
    const res = await admin.patch(`/api/users/${me.user.id}`, { roles: ['viewer'] });
    expect(res.status).toBe(409);
    expect((await admin.get('/api/auth/me')).status).toBe(200);
  });

  it('validates new users: duplicate name, bad name, unknown role, bidi text, short password', async () => {
    await userWithRoles(admin, 'trung', ['viewer']);
    const cases: [unknown, number][] = [
      [{ username: 'trung', displayName: 'Trung', roles: ['viewer'], password: USER_PASSWORD }, 409],
      [{ username: 'có dấu', displayName: 'X', roles: ['viewer'], password: USER_PASSWORD }, 400],
      [{ username: 'ok1', displayName: 'X', roles: ['root'], password: USER_PASSWORD }, 400],
      [{ username: 'ok2', displayName: 'Tên\u202Egiả', roles: ['viewer'], password: USER_PASSWORD }, 400],
      [{ username: 'ok3', displayName: 'X', roles: ['viewer'], password: 'ngắn' }, 400],
      [{ username: 'ok4', displayName: 'X', roles: ['viewer'], password: USER_PASSWORD, isAdmin: true }, 400],
    ];
    for (const [body, status] of cases) {
      const res = await admin.post('/api/users', body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(res.headers.get('content-type')).toMatch(/problem\+json/);
    }
    const { users } = (await admin.json('/api/users')) as { users: { username: string }[] };
    expect(users.map((u) => u.username).filter((n) => n.startsWith('ok'))).toEqual([]);
  });
});

describe('login rate limits', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.cleanup());

  it('after 5 failures an account gets 429 with Retry-After, even with the right password; others are unaffected', async () => {
    const anon = new ApiClient(server.url);
    for (let i = 0; i < 5; i++) {
      expect((await anon.post('/api/auth/login', { username: 'admin', password: `sai ${i}` })).status).toBe(401);
    }
    const blocked = await anon.post('/api/auth/login', { username: 'admin', password: ADMIN_PASSWORD });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await anon.post('/api/auth/login', { username: 'nobody', password: 'x' })).status).toBe(401);
  });

  it('records logins and failed logins in the audit trail', async () => {
    const store = await openTestStore(server);
    try {
      const actions = (await store.audit.search({ limit: 100 })).map((r) => r.action);
      expect(actions.filter((a) => a === 'login.failed').length).toBeGreaterThanOrEqual(6);
      expect(actions).toContain('login.throttled');
      expect(actions).toContain('user.bootstrap');
      expect(await store.audit.verify()).toMatchObject({ intact: true });
    } finally {
      await store.close();
    }
  });
});
