import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.js';
import { login, userWithRoles, USER_PASSWORD, type ApiClient } from '../support/session.js';
import { openDatabase } from '../../server/db/database.js';
import { UserRepository } from '../../server/db/user-repository.js';

const app = useTestApp({ operator: ['van-hanh', ['operator']] });

const idOf = async (username: string) =>
  ((await app.admin.json<{ users: { id: number; username: string }[] }>('/api/users')).users.find((u) => u.username === username)!).id;

describe('an admin cannot hold the approver role (issue 12 B6)', () => {
  it('refuses to give an admin the approver role, its own account included', async () => {
    const self = await app.admin.patch(`/api/users/${await idOf('admin')}`, { roles: ['admin', 'approver'] });
    expect(self.status).toBe(400);
    const body = await self.json();
    expect(body.errors[0].message).toContain('vừa là quản trị viên vừa là người duyệt');
    const created = await app.admin.post('/api/users', { username: 'ca-hai', displayName: 'Cả hai', roles: ['approver', 'admin'], password: USER_PASSWORD });
    expect(created.status).toBe(400);
    expect((await app.admin.json<{ users: { username: string }[] }>('/api/users')).users.map((u) => u.username)).not.toContain('ca-hai');
    const roles = (await app.admin.json<{ users: { username: string; roles: string[] }[] }>('/api/users')).users.find((u) => u.username === 'admin')!.roles;
    expect(roles).toEqual(['admin']);
  });

  it('an account that holds both from before the rule may neither approve nor reject', async () => {
    await userWithRoles(app.admin, 'cu', ['approver']);
    const db = openDatabase(app.server.dataDir, { synchronous: 'NORMAL' });
    try {
      const users = new UserRepository(db);
      users.update(users.findByUsername('cu')!.id, { roles: ['approver', 'admin'] }, new Date());
    } finally {
      db.close();
    }
    const both = await login(app.server.url, 'cu', USER_PASSWORD);
    const created = await (await app.operator.post('/api/items', { kind: 'slogan', celebratory: false, text: 'Đảng Cộng sản Việt Nam quang vinh muôn năm' })).json();
    expect((await app.operator.post(`/api/items/${created.id}/submit`)).status).toBe(200);
    const approve = await both.post(`/api/items/${created.id}/approve`, { reason: 'Đồng ý' });
    expect(approve.status).toBe(403);
    expect((await approve.json()).title).toBe('Quản trị viên không được duyệt');
    expect((await both.post(`/api/items/${created.id}/reject`, { reason: 'Không' })).status).toBe(403);
    expect((await (await app.operator.get(`/api/items/${created.id}`)).json()).latest.status).toBe('submitted');
  });
});

describe('who can approve (issue 12 B5)', () => {
  it('names every active approver who is not an admin, to anyone signed in', async () => {
    await userWithRoles(app.admin, 'duyet-mot', ['approver', 'operator']);
    const list = await app.operator.json<{ approvers: { username: string; displayName: string }[] }>('/api/users/approvers');
    expect(list.approvers).toEqual([{ username: 'duyet-mot', displayName: 'Người dùng duyet-mot' }]);
    expect((await new (app.operator.constructor as typeof ApiClient)(app.server.url).get('/api/users/approvers')).status).toBe(401);
  });
});
