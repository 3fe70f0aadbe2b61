/**
 * The shipped plan's items arrive submitted: a person approves them. Tests that need the seed's
 * slogans on screens or in print start from an installation where an approver did so, through
 * the same workflow as the panel (a real user, a decision row, an audit row).
 */
import type { Store } from '../../server/store.js';
import { AuditRepository } from '../../server/db/audit-repository.js';
import { ContentRepository } from '../../server/db/content-repository.js';
import { hashPassword } from '../../server/auth/passwords.js';
import { ApiClient, login, loginAdmin, USER_PASSWORD } from './session.js';

// No hyphen: the panel's raw-id check (test/e2e/panel-pages.test.ts) reads a hyphenated word as an id.
export const SEED_APPROVER = 'bantuyengiao';
const SEED_NUMBER = '38-KH/ĐU';

/** Through the HTTP API: creates the approver once, then approves every seed item awaiting review. */
export async function approveSeed(baseUrl: string): Promise<void> {
  const admin = await loginAdmin(baseUrl);
  const created = await admin.post('/api/users', { username: SEED_APPROVER, displayName: 'Ban Tuyên giáo (duyệt kế hoạch)', roles: ['approver'], password: USER_PASSWORD });
  if (created.status !== 201 && created.status !== 409) throw new Error(`seed approver: ${created.status} ${await created.text()}`);
  const approver: ApiClient = await login(baseUrl, SEED_APPROVER, USER_PASSWORD);
  const { items } = (await approver.json(`/api/items?status=submitted&source=${encodeURIComponent(SEED_NUMBER)}`)) as { items: { id: number; status: string }[] };
  for (const item of items.filter((i) => i.status === 'submitted')) {
    const res = await approver.post(`/api/items/${item.id}/approve`, { reason: 'Duyệt theo Kế hoạch 38-KH/ĐU' });
    if (res.status !== 200) throw new Error(`approve ${item.id}: ${res.status} ${await res.text()}`);
  }
}

/** The same on a store opened directly (CLI tests), as the approve route does it. */
export async function approveSeedInStore(store: Store): Promise<void> {
  const at = new Date();
  const user =
    (await store.users.findByUsername(SEED_APPROVER)) ??
    (await store.users.create({ username: SEED_APPROVER, displayName: 'Ban Tuyên giáo (duyệt kế hoạch)', roles: ['approver'], passwordHash: await hashPassword(USER_PASSWORD) }, at));
  const by = { id: user.id, username: user.username };
  await store.engine.transaction(async (tx) => {
    const content = new ContentRepository(tx);
    const audit = new AuditRepository(tx);
    for (const item of await content.listItems({ status: 'submitted', source: SEED_NUMBER })) {
      if (item.status !== 'submitted') continue;
      await content.decide(item.id, 'approve', 'Duyệt theo Kế hoạch 38-KH/ĐU', by, at);
      await audit.append({ actorId: by.id, actor: by.username, action: 'item.approve', target: `item:${item.id}`, after: await content.getItem(item.id) }, at);
    }
  });
}
