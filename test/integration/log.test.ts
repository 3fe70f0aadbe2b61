/**
 * The log the README tells people to forward: every audited action is a JSON line at info (warn
 * for failures), saying who did what to what, and never a password or a token.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pairedToken } from '../support/displays.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { ADMIN_PASSWORD, ApiClient, loginAdmin, USER_PASSWORD, userWithRoles } from '../support/session.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ LOG_LEVEL: 'info' }, undefined, {}, { approveSeed: false });
});
afterAll(() => server.cleanup());

interface LogLine {
  level: string;
  msg: string;
  action?: string;
  actor?: string;
  target?: string;
}
const lines = () => server.logs.map((l) => JSON.parse(l) as LogLine);
const audited = (action: string) => lines().filter((l) => l.msg === 'audit' && l.action === action);

describe('server log', () => {
  it('logs logins, failed logins, users, pairings, revocations and mourning', async () => {
    const admin = await loginAdmin(server.url);
    expect((await new ApiClient(server.url).post('/api/auth/login', { username: 'admin', password: 'sai mật khẩu rồi' })).status).toBe(401);
    const operator = await userWithRoles(admin, 'vanthu', ['operator']);
    const display = await pairedToken(server.url, operator, 'lobby');
    expect((await operator.post(`/api/displays/${display.id}/revoke`)).status).toBeLessThan(300);
    expect((await admin.request('PUT', '/api/mourning', { messageItemIds: [] })).status).toBe(200);
    expect((await admin.request('DELETE', '/api/mourning')).status).toBe(200);

    expect(audited('user.login').map((l) => [l.level, l.actor])).toEqual([
      ['info', 'admin'],
      ['info', 'vanthu'],
    ]);
    expect(audited('login.failed')).toEqual([expect.objectContaining({ level: 'warn', actor: 'admin' })]);
    expect(audited('user.create')).toHaveLength(1);
    expect(audited('display.pair')).toEqual([expect.objectContaining({ level: 'info', actor: 'vanthu', target: `display:${display.id}` })]);
    expect(audited('display.revoke')).toHaveLength(1);
    expect(audited('mourning.set')).toHaveLength(1);
    expect(audited('mourning.clear')).toHaveLength(1);

    const all = server.logs.join('\n');
    for (const secret of [ADMIN_PASSWORD, USER_PASSWORD, 'sai mật khẩu rồi', display.token]) expect(all).not.toContain(secret);
    expect(all).not.toMatch(/pano_session=/);
  });
});
