import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { loginAdmin, userWithRoles, type ApiClient } from '../support/session.js';
import type { Item, ItemDetail } from '../../server/protocol/content.js';
import type { PlanDetail } from '../../server/protocol/plans.js';

/**
 * Nothing is approved that no person approved, whichever way content enters: the seed imported at
 * first start, a plan imported through the API (where the plan reader confirms too), a slogan
 * proposed into a plan in the panel, an item written in the register. (The CLI has no path that
 * writes content.) Random sequences of entries and approval attempts by every user, the authors
 * included; after each, every approved revision has an approval by a signed-in person other than
 * the one who wrote or submitted it.
 */

let server: TestServer;
let users: { name: string; client: ApiClient }[];
let admin: ApiClient;
let run = 0;

const TEXTS = [
  'Nhiệt liệt chào mừng Đại hội đại biểu toàn quốc lần thứ XIV của Đảng!',
  'ĐẢNG CỘNG SẢN VIỆT NAM QUANG VINH MUÔN NĂM!',
  'Thi đua lập thành tích chào mừng kỷ niệm Ngày Quốc khánh 2/9',
  'KỂ CHUYỆN, DIỄN ĐÀN, HƯỚNG DẪN — ĐẬM ĐÀ BẢN SẮC DÂN TỘC',
];

beforeAll(async () => {
  server = await startTestServer({}, undefined, {}, { approveSeed: false });
  admin = await loginAdmin(server.url);
  users = [
    { name: 'admin', client: admin },
    { name: 'van-hanh', client: await userWithRoles(admin, 'van-hanh', ['operator']) },
    { name: 'duyet-a', client: await userWithRoles(admin, 'duyet-a', ['approver']) },
    { name: 'duyet-b', client: await userWithRoles(admin, 'duyet-b', ['approver']) },
  ];
});
afterAll(() => server?.cleanup());

type Op =
  | { kind: 'import'; by: number; texts: number[] }
  | { kind: 'propose'; by: number; text: number }
  | { kind: 'register'; by: number; text: number; submit: boolean }
  | { kind: 'approve'; by: number; pick: number }
  | { kind: 'revise'; by: number; pick: number; text: number };

const user = fc.integer({ min: 0, max: 3 });
const text = fc.integer({ min: 0, max: TEXTS.length - 1 });
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('import' as const), by: user, texts: fc.array(text, { minLength: 1, maxLength: 3 }) }),
  fc.record({ kind: fc.constant('propose' as const), by: user, text }),
  fc.record({ kind: fc.constant('register' as const), by: user, text, submit: fc.boolean() }),
  fc.record({ kind: fc.constant('approve' as const), by: user, pick: fc.nat() }),
  fc.record({ kind: fc.constant('revise' as const), by: user, pick: fc.nat(), text }),
);

async function apply(o: Op, n: number): Promise<void> {
  const client = users[o.by]!.client;
  const items = async () => (await admin.json<{ items: Item[] }>('/api/items')).items;
  switch (o.kind) {
    case 'import': {
      await client.post('/api/plans/import', {
        format: 'pano-plan/1',
        document: { number: `${n}-KH/ĐU`, title: 'Kế hoạch thử', issuer: 'Đảng ủy', issuedOn: '2026-12-01', place: 'Hà Nội', signedBy: { name: 'Nguyễn Văn A', position: 'Bí thư' } },
        places: [],
        events: [],
        campaigns: [],
        items: o.texts.map((t, i) => ({ kind: 'slogan', id: `k${n}-${i}`, text: `${TEXTS[t]} (${n}.${i})`, section: 'III', tags: [], events: [], places: [] })),
      });
      return;
    }
    case 'propose': {
      const plans = (await admin.json<{ plans: { id: number }[] }>('/api/plans')).plans;
      await client.post(`/api/plans/${plans[n % plans.length]!.id}/items`, { kind: 'slogan', text: `${TEXTS[o.text]} [${n}]` });
      return;
    }
    case 'register': {
      const res = await client.post('/api/items', { kind: 'slogan', text: `${TEXTS[o.text]} {${n}}` });
      if (o.submit && res.status === 201) await client.post(`/api/items/${((await res.json()) as ItemDetail).id}/submit`);
      return;
    }
    case 'approve': {
      const all = await items();
      await client.post(`/api/items/${all[o.pick % all.length]!.id}/approve`, { reason: 'Duyệt' });
      return;
    }
    case 'revise': {
      const all = await items();
      const id = all[o.pick % all.length]!.id;
      if ((await client.post(`/api/items/${id}/revisions`, { text: `${TEXTS[o.text]} <${n}>` })).status === 200) await client.post(`/api/items/${id}/submit`);
      return;
    }
  }
}

/** Every approved revision carries an approve decision by a person who neither wrote nor submitted it. */
async function checkInvariant(): Promise<void> {
  for (const item of (await admin.json<{ items: Item[] }>('/api/items')).items) {
    if (!item.approved) continue;
    const detail = await admin.json<ItemDetail>(`/api/items/${item.id}`);
    const approved = detail.revisions.find((r) => r.id === item.approved!.id)!;
    const approval = detail.decisions.find((d) => d.revisionId === approved.id && d.decision === 'approve');
    expect(approval, `item ${item.key}`).toBeDefined();
    expect(users.map((u) => u.name)).toContain(approval!.by);
    expect(approval!.by).not.toBe(approved.createdBy);
    expect(approval!.by).not.toBe(approved.submittedBy);
  }
}

describe('no path approves what no person approved', () => {
  it('the seed plan arrives submitted at first start', async () => {
    const items = (await admin.json<{ items: Item[] }>('/api/items?source=38-KH%2F%C4%90U')).items;
    expect(items).toHaveLength(15);
    expect(items.every((i) => i.status === 'submitted' && i.approved === null)).toBe(true);
    const plan = await admin.json<PlanDetail>(`/api/plans/1`);
    expect(plan.items.every((i) => i.status === 'submitted')).toBe(true);
  });

  it('holds over random entries and approval attempts', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 8 }), async (ops) => {
        for (const o of ops) await apply(o, ++run);
        await checkInvariant();
      }),
      { numRuns: 15 },
    );
    // Whatever the random runs did, the check also meets a real approval: one import, approved by another.
    await apply({ kind: 'import', by: 2, texts: [0] }, ++run);
    await apply({ kind: 'approve', by: 3, pick: (await admin.json<{ items: Item[] }>('/api/items')).items.length - 1 }, ++run);
    expect((await admin.json<{ items: Item[] }>('/api/items?status=approved')).items.length).toBeGreaterThan(0);
    await checkInvariant();
  });
});
