import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, openTestStore } from '../support/server.js';
import { loginAdmin, login, userWithRoles, USER_PASSWORD, type ApiClient } from '../support/session.js';
import { UserRepository } from '../../server/db/user-repository.js';

let server: TestServer;
let admin: ApiClient;
let operator: ApiClient;

beforeAll(async () => {
  server = await startTestServer({}, undefined, {}, { approveSeed: false });
  admin = await loginAdmin(server.url);
  operator = await userWithRoles(admin, 'van-hanh', ['operator']);
});
afterAll(async () => {
  await server?.cleanup();
});

const idOf = async (username: string) =>
  ((await admin.json<{ users: { id: number; username: string }[] }>('/api/users')).users.find((u) => u.username === username)!).id;

describe('an admin cannot hold the approver role (issue 12 B6)', () => {
  it('refuses to give an admin the approver role, its own account included', async () => {
    const self = await admin.patch(`/api/users/${await idOf('admin')}`, { roles: ['admin', 'approver'] });
    expect(self.status).toBe(400);
    const body = await self.json();
    expect(body.errors[0].message).toContain('vừa là quản trị viên vừa là người duyệt');
    const created = await admin.post('/api/users', { username: 'ca-hai', displayName: 'Cả hai', roles: ['approver', 'admin'], password: USER_PASSWORD });
    expect(created.status).toBe(400);
    expect((await admin.json<{ users: { username: string }[] }>('/api/users')).users.map((u) => u.username)).not.toContain('ca-hai');
    const roles = (await admin.json<{ users: { username: string; roles: string[] }[] }>('/api/users')).users.find((u) => u.username === 'admin')!.roles;
    expect(roles).toEqual(['admin']);
  });

  it('an account that holds both from before the rule may neither approve nor reject', async () => {
    await userWithRoles(admin, 'cu', ['approver']);
    const engine = (await openTestStore(server)).engine;
    try {
      const users = new UserRepository(engine.db);
      await users.update((await users.findByUsername('cu'))!.id, { roles: ['approver', 'admin'] }, new Date());
    } finally {
      await engine.close();
    }
    const both = await login(server.url, 'cu', USER_PASSWORD);
    const created = await (await operator.post('/api/items', { kind: 'slogan', celebratory: false, text: 'Đảng Cộng sản Việt Nam quang vinh muôn năm' })).json();
    expect((await operator.post(`/api/items/${created.id}/submit`)).status).toBe(200);
    const approve = await both.post(`/api/items/${created.id}/approve`, { reason: 'Đồng ý' });
    expect(approve.status).toBe(403);
    expect((await approve.json()).title).toBe('Quản trị viên không được duyệt');
    expect((await both.post(`/api/items/${created.id}/reject`, { reason: 'Không' })).status).toBe(403);
    expect((await (await operator.get(`/api/items/${created.id}`)).json()).latest.status).toBe('submitted');
  });
});

describe('who can approve (issue 12 B5)', () => {
  it('names every active approver who is not an admin, to anyone signed in', async () => {
    await userWithRoles(admin, 'duyet-mot', ['approver', 'operator']);
    const list = await operator.json<{ approvers: { username: string; displayName: string }[] }>('/api/users/approvers');
    expect(list.approvers).toEqual([{ username: 'duyet-mot', displayName: 'Người dùng duyet-mot' }]);
    expect((await new (operator.constructor as typeof ApiClient)(server.url).get('/api/users/approvers')).status).toBe(401);
  });
});
