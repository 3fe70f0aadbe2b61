import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { loginAdmin, userWithRoles, type ApiClient } from '../support/session.js';
import { SEED_PLAN_FILE } from '../../server/plans.js';
import { PlanSchema, type PlanInput } from '../../server/protocol/plan.js';
import { ItemListSchema, PlanListSchema } from '../../server/protocol/content.js';

let server: TestServer;
let admin: ApiClient;
let approver: ApiClient;
let approver2: ApiClient;
let operator: ApiClient;
let viewer: ApiClient;

const seed = (): PlanInput => JSON.parse(readFileSync(SEED_PLAN_FILE, 'utf8')) as PlanInput;

/** Another plan: the seed under a new document number, with its own item ids. */
function secondPlan(): PlanInput {
  const plan = seed();
  plan.document.number = '52-KH/ĐU';
  plan.items = plan.items.slice(0, 3).map((it) => ({ ...it, id: `p52-${it.id}` }));
  return plan;
}

const plans = async () => PlanListSchema.parse(await viewer.json('/api/plans')).plans;
const itemCount = async () => ItemListSchema.parse(await viewer.json('/api/items')).items.length;

beforeAll(async () => {
  server = await startTestServer();
  admin = await loginAdmin(server.url);
  approver = await userWithRoles(admin, 'duyet-1', ['approver']);
  approver2 = await userWithRoles(admin, 'duyet-2', ['approver']);
  operator = await userWithRoles(admin, 'van-hanh', ['operator']);
  viewer = await userWithRoles(admin, 'chi-xem', ['viewer']);
});
afterAll(() => server?.cleanup());

describe('export', () => {
  it('any signed-in user exports the seed plan as a valid plan file with the register’s approved text', async () => {
    const [stored] = await plans();
    const res = await viewer.get(`/api/plans/${stored!.id}/export`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="38-KH-DU.json"');
    const exported = PlanSchema.parse(await res.json());
    const original = PlanSchema.parse(seed());
    expect(exported).toEqual(original);
    expect((await viewer.get('/api/plans/999/export')).status).toBe(404);
  });

  it('leaves out retired items and carries approved edits', async () => {
    const items = ItemListSchema.parse(await viewer.json('/api/items?source=38-KH%2F%C4%90U')).items;
    const renewal = items.find((i) => i.key === 'renewal')!;
    const retired = items.find((i) => i.key === 'ho-chi-minh')!;
    await operator.post(`/api/items/${renewal.id}/revisions`, { text: 'Đổi mới, sáng tạo, vì dân' });
    await operator.post(`/api/items/${renewal.id}/submit`);
    expect((await approver.post(`/api/items/${renewal.id}/approve`, { reason: 'Cập nhật theo chỉ đạo' })).status).toBe(200);
    expect((await approver.post(`/api/items/${retired.id}/retire`, { reason: 'Thôi dùng' })).status).toBe(200);
    const exported = PlanSchema.parse(await (await viewer.get(`/api/plans/${(await plans())[0]!.id}/export`)).json());
    expect(exported.items.map((i) => i.id)).not.toContain('ho-chi-minh');
    expect(exported.items.find((i) => i.id === 'renewal')!.text).toBe('Đổi mới, sáng tạo, vì dân');
    expect(exported.items).toHaveLength(14);
  });
});

describe('import', () => {
  it('only approvers and admins may import', async () => {
    expect((await operator.post('/api/plans/import', secondPlan())).status).toBe(403);
    expect((await viewer.post('/api/plans/import', secondPlan())).status).toBe(403);
  });

  it('reports every problem with its path, and stores nothing', async () => {
    const plan = secondPlan() as any;
    plan.items[0].text = 'NhiÖt liÖt chµo mõng §¹i héi';
    plan.items[1].tags = ['celebratory', 'fun'];
    plan.places[0].kind = 'roof';
    plan.extra = true;
    delete plan.document.issuer;
    const [beforePlans, beforeItems] = [await plans(), await itemCount()];
    const res = await approver.post('/api/plans/import', plan);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/problem\+json/);
    const body = (await res.json()) as { errors: { path: string; message: string }[] };
    expect(body.errors.map((e) => e.path).sort()).toEqual(
      ['body', 'body.document.issuer', 'body.items.0.text', 'body.items.1.tags.1', 'body.places.0.kind'].sort(),
    );
    expect(body.errors.find((e) => e.path === 'body.items.0.text')!.message).toContain('TCVN3');
    expect(await plans()).toEqual(beforePlans);
    expect(await itemCount()).toBe(beforeItems);
  });

  it('cross-checks references: an item naming an unknown event is reported at its path', async () => {
    const plan = secondPlan();
    plan.items[2]!.events = ['dai-hoi-xiv'];
    const body = (await (await approver.post('/api/plans/import', plan)).json()) as { errors: { path: string }[] };
    expect(body.errors.map((e) => e.path)).toEqual(['body.items.2.events.0']);
  });

  it('is all or nothing: a plan whose number is already in Pano is refused and nothing is stored', async () => {
    const plan = seed();
    plan.items = [...plan.items.slice(0, 2), { ...plan.items[2]!, id: 'brand-new-item' }];
    const [beforePlans, beforeItems] = [await plans(), await itemCount()];
    const res = await approver.post('/api/plans/import', plan);
    expect(res.status).toBe(409);
    const body = (await res.json()) as { title: string; errors: { path: string }[] };
    expect(body.title).toBe('Không nhập được kế hoạch');
    expect(body.errors.map((e) => e.path)).toEqual(['body.document.number']);
    expect(await plans()).toEqual(beforePlans);
    expect(await itemCount()).toBe(beforeItems);
  });

  it('a valid plan arrives for review: submitted by the importer, who cannot approve it, unplayable until someone else does', async () => {
    const res = await approver.post('/api/plans/import', secondPlan());
    expect(res.status).toBe(201);
    const result = (await res.json()) as { plan: { id: number; number: string }; items: number };
    expect(result).toMatchObject({ plan: { number: '52-KH/ĐU' }, items: 3 });
    const items = ItemListSchema.parse(await viewer.json('/api/items?source=52-KH%2F%C4%90U')).items;
    expect(items.map((i) => [i.status, i.latest.submittedBy])).toEqual([
      ['submitted', 'duyet-1'],
      ['submitted', 'duyet-1'],
      ['submitted', 'duyet-1'],
    ]);
    expect((await approver.post(`/api/items/${items[0]!.id}/approve`, { reason: 'Tôi nhập, tôi duyệt' })).status).toBe(409);
    const empty = PlanSchema.parse(await (await viewer.get(`/api/plans/${result.plan.id}/export`)).json());
    expect(empty.items).toEqual([]);
    expect((await approver2.post(`/api/items/${items[0]!.id}/approve`, { reason: 'Duyệt' })).status).toBe(200);
    const exported = PlanSchema.parse(await (await viewer.get(`/api/plans/${result.plan.id}/export`)).json());
    expect(exported.items.map((i) => i.id)).toEqual([items[0]!.key]);
    expect(exported.events).toEqual(PlanSchema.parse(secondPlan()).events);
  });
});
