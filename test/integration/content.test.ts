import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, openTestStore } from '../support/server.js';
import { loginAdmin, userWithRoles, type ApiClient } from '../support/session.js';
import type { Engine } from '../../server/db/engine.js';
import { ContentRepository } from '../../server/db/content-repository.js';
import { AuditRepository } from '../../server/db/audit-repository.js';
import { ItemDetailSchema, ItemListSchema, type ItemDetail } from '../../server/protocol/content.js';

let server: TestServer;
let admin: ApiClient;
let operator: ApiClient;
let approver: ApiClient;
let approver2: ApiClient;
let viewer: ApiClient;
/** A second connection to the server's database: the same playable view the timeline compiler reads. */
let engine: Engine;
let content: ContentRepository;
let audit: AuditRepository;

beforeAll(async () => {
  server = await startTestServer();
  admin = await loginAdmin(server.url);
  operator = await userWithRoles(admin, 'van-hanh', ['operator']);
  approver = await userWithRoles(admin, 'ban-tuyen-giao', ['approver']);
  approver2 = await userWithRoles(admin, 'pho-ban', ['approver']);
  viewer = await userWithRoles(admin, 'chi-xem', ['viewer']);
  engine = (await openTestStore(server)).engine;
  content = new ContentRepository(engine.db);
  audit = new AuditRepository(engine.db);
});
afterAll(async () => {
  await engine?.close();
  await server?.cleanup();
});

async function call(client: ApiClient, path: string, body: unknown = {}): Promise<{ status: number; body: any }> {
  const res = await client.post(path, body);
  return { status: res.status, body: await res.json() };
}

async function ok(client: ApiClient, path: string, body: unknown = {}): Promise<ItemDetail> {
  const res = await call(client, path, body);
  expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
  return ItemDetailSchema.parse(res.body);
}

const playableTexts = async () => (await content.listApprovedSlogans()).map((s) => s.text);
const auditCount = async (action: string, id: number) => (await audit.search({ action, limit: 1000 })).filter((r) => r.target === `item:${id}`).length;

/** Proposed by the operator and submitted: waiting for an approver. */
async function proposed(text: string, extra: object = {}): Promise<ItemDetail> {
  const created = await ok(operator, '/api/items', { kind: 'slogan', celebratory: false, text, ...extra });
  return ok(operator, `/api/items/${created.id}/submit`);
}

describe('propose, submit, approve', () => {
  it('an operator’s slogan becomes playable only once an approver approves it, with a reason', async () => {
    const text = 'Toàn Đảng bộ thi đua lập thành tích chào mừng Đại hội';
    const draft = await ok(operator, '/api/items', { kind: 'slogan', celebratory: false, text, tags: ['emulation'], events: ['vpcp-congress-xxvi'], places: ['lobby'] });
    expect(draft).toMatchObject({ status: 'draft', key: 'toan-dang-bo-thi-dua-lap-thanh-tich-chao-mung', approved: null });
    expect(draft.latest).toMatchObject({ number: 1, status: 'draft', createdBy: 'van-hanh' });

    const submitted = await ok(operator, `/api/items/${draft.id}/submit`);
    expect(submitted.status).toBe('submitted');
    expect(submitted.latest.submittedBy).toBe('van-hanh');
    expect(await playableTexts()).not.toContain(text);

    expect((await call(operator, `/api/items/${draft.id}/approve`, { reason: 'tự duyệt' })).status).toBe(403);
    expect((await call(approver, `/api/items/${draft.id}/approve`, {})).status).toBe(400);
    const approved = await ok(approver, `/api/items/${draft.id}/approve`, { reason: 'Đúng tinh thần Kế hoạch 38-KH/ĐU' });
    expect(approved.status).toBe('approved');
    expect(approved.approved?.text).toBe(text);
    expect(approved.decisions.map((d) => [d.decision, d.by, d.reason])).toEqual([
      ['submit', 'van-hanh', ''],
      ['approve', 'ban-tuyen-giao', 'Đúng tinh thần Kế hoạch 38-KH/ĐU'],
    ]);
    expect(await playableTexts()).toContain(text);
    for (const action of ['item.create', 'item.submit', 'item.approve']) expect(await auditCount(action, draft.id)).toBe(1);
  });
});

describe('four eyes', () => {
  it('whoever submitted or wrote a revision cannot approve it; another approver can', async () => {
    const own = await ok(approver, '/api/items', { kind: 'slogan', celebratory: false, text: 'Đảng Cộng sản Việt Nam quang vinh muôn năm!' });
    await ok(approver, `/api/items/${own.id}/submit`);
    const refused = await call(approver, `/api/items/${own.id}/approve`, { reason: 'tôi duyệt' });
    expect(refused.status).toBe(409);
    expect(refused.body.title).toBe('Không được tự duyệt');
    expect(await auditCount('item.approve', own.id)).toBe(0);

    // Written by the approver, submitted by the operator: still the approver's own text.
    const written = await ok(approver, '/api/items', { kind: 'slogan', celebratory: false, text: 'Đoàn kết, kỷ cương, đổi mới, sáng tạo' });
    await ok(operator, `/api/items/${written.id}/submit`);
    expect((await call(approver, `/api/items/${written.id}/approve`, { reason: 'x' })).status).toBe(409);

    // A draft rewritten by the approver makes the approver its author.
    const rewritten = await ok(operator, '/api/items', { kind: 'slogan', celebratory: false, text: 'Bản nháp của vận hành' });
    await ok(approver, `/api/items/${rewritten.id}/revisions`, { text: 'Bản nháp do Ban Tuyên giáo viết lại' });
    await ok(operator, `/api/items/${rewritten.id}/submit`);
    expect((await call(approver, `/api/items/${rewritten.id}/approve`, { reason: 'x' })).status).toBe(409);

    expect((await ok(approver2, `/api/items/${own.id}/approve`, { reason: 'Phó ban duyệt' })).status).toBe('approved');
  });
});

describe('editing approved text', () => {
  it('creates a new revision that needs approval again; screens keep the approved one meanwhile', async () => {
    const first = 'Nhiệt liệt chào mừng Đại hội Đảng bộ lần thứ XXVI';
    const second = 'Nhiệt liệt chào mừng thành công Đại hội Đảng bộ lần thứ XXVI';
    const item = await proposed(first);
    await ok(approver, `/api/items/${item.id}/approve`, { reason: 'Duyệt lần đầu' });

    const edited = await ok(operator, `/api/items/${item.id}/revisions`, { text: second });
    expect(edited.status).toBe('approved');
    expect(edited.latest).toMatchObject({ number: 2, status: 'draft', text: second });
    expect(edited.approved).toMatchObject({ number: 1, text: first });
    expect(edited.revisions.map((r) => [r.number, r.status])).toEqual([[1, 'approved'], [2, 'draft']]);
    expect(await playableTexts()).toContain(first);

    await ok(operator, `/api/items/${item.id}/submit`);
    const waiting = ItemListSchema.parse(await approver.json('/api/items?status=submitted')).items.map((i) => i.id);
    expect(waiting).toContain(item.id);
    expect((await call(operator, `/api/items/${item.id}/revisions`, { text: 'Sửa tiếp khi đang chờ' })).status).toBe(409);
    expect(await playableTexts()).toContain(first);
    expect(await playableTexts()).not.toContain(second);

    const rejected = await ok(approver, `/api/items/${item.id}/reject`, { reason: 'Chưa đến lúc: Đại hội chưa bế mạc' });
    expect(rejected.status).toBe('approved');
    expect(rejected.latest.status).toBe('rejected');
    expect(await playableTexts()).toContain(first);

    await ok(operator, `/api/items/${item.id}/revisions`, { text: second });
    await ok(operator, `/api/items/${item.id}/submit`);
    const approved = await ok(approver, `/api/items/${item.id}/approve`, { reason: 'Đại hội đã bế mạc' });
    expect(approved.approved).toMatchObject({ number: 3, text: second });
    expect(await playableTexts()).toContain(second);
    expect(await playableTexts()).not.toContain(first);
    expect(approved.decisions.map((d) => `${d.decision}@${d.revisionNumber}`)).toEqual([
      'submit@1', 'approve@1', 'submit@2', 'reject@2', 'submit@3', 'approve@3',
    ]);
    const before = (await audit.search({ action: 'item.approve', limit: 100 })).find((r) => r.target === `item:${item.id}`)!;
    expect(JSON.parse(before.before_json!).approved.text).toBe(first);
    expect(JSON.parse(before.after_json!).approved.text).toBe(second);
  });

  it('refuses a slogan title and requires one for a message', async () => {
    const slogan = await proposed('Khẩu hiệu không có tiêu đề');
    expect((await call(approver2, `/api/items/${slogan.id}/reject`, { reason: 'Thử' })).status).toBe(200);
    const withTitle = await call(operator, `/api/items/${slogan.id}/revisions`, { text: 'Sửa', title: 'Tiêu đề' });
    expect(withTitle.status).toBe(400);
    const message = await ok(operator, '/api/items', { kind: 'message', celebratory: false, title: 'Đợt 1', text: 'Tuyên truyền về đại hội.\nMừng Đảng, mừng xuân.' });
    expect(message.latest).toMatchObject({ title: 'Đợt 1', text: 'Tuyên truyền về đại hội.\nMừng Đảng, mừng xuân.' });
    const noTitle = await call(operator, `/api/items/${message.id}/revisions`, { text: 'Không tiêu đề' });
    expect(noTitle.status).toBe(400);
    expect(noTitle.body.errors.map((e: { path: string }) => e.path)).toEqual(['body.title']);
  });
});

describe('retire', () => {
  it('takes a plan slogan off the playable set at once, for good; operators and viewers may not', async () => {
    const slogan = (await content.findSlogan('long-live-the-party'))!;
    expect(await playableTexts()).toContain(slogan.text);
    expect((await call(operator, `/api/items/${slogan.id}/retire`, { reason: 'x' })).status).toBe(403);
    expect((await call(viewer, `/api/items/${slogan.id}/retire`, { reason: 'x' })).status).toBe(403);
    const retired = await ok(admin, `/api/items/${slogan.id}/retire`, { reason: 'Quốc tang: thu hồi khẩn cấp' });
    expect(retired.status).toBe('retired');
    expect(await playableTexts()).not.toContain(slogan.text);
    expect((await content.findSlogan('long-live-the-party'))!.status).toBe('retired');
    expect(await auditCount('item.retire', slogan.id)).toBe(1);
    for (const [client, path, body] of [
      [operator, 'revisions', { text: 'Sửa mục đã thu hồi' }],
      [operator, 'submit', {}],
      [approver, 'approve', { reason: 'x' }],
      [approver, 'retire', { reason: 'x' }],
    ] as const) {
      const res = await call(client, `/api/items/${slogan.id}/${path}`, body);
      expect(res.status).toBe(409);
      expect(res.body.title).toBe('Mục đã thu hồi');
    }
  });
});

describe('object-level checks', () => {
  it('answers 404 for unknown ids and 409 with a Vietnamese title for illegal transitions', async () => {
    for (const id of ['999999', 'abc', '0', '1.5']) {
      const res = await call(approver, `/api/items/${id}/approve`, { reason: 'x' });
      expect(res.status, id).toBe(404);
    }
    expect((await viewer.get('/api/items/999999')).status).toBe(404);
    const draft = await ok(operator, '/api/items', { kind: 'slogan', celebratory: false, text: 'Một bản nháp chưa gửi' });
    const early = await call(approver, `/api/items/${draft.id}/approve`, { reason: 'x' });
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ title: 'Không có bản chờ duyệt', status: 409 });
    expect((await call(operator, `/api/items/${draft.id}/submit`)).status).toBe(200);
    expect((await call(operator, `/api/items/${draft.id}/submit`)).body.title).toBe('Không có bản nháp để gửi duyệt');
    const dup = await call(operator, '/api/items', { kind: 'slogan', celebratory: false, key: draft.key, text: 'Trùng mã' });
    expect(dup.status).toBe(409);
  });
});

describe('the register list', () => {
  it('filters by status, kind, event, tag, source and words', async () => {
    const list = async (q: string) => ItemListSchema.parse(await viewer.json(`/api/items${q}`)).items;
    expect(await list('')).not.toHaveLength(0);
    expect((await list('?source=38-KH%2F%C4%90U')).map((i) => i.key)).toContain('greet-vpcp-congress-xxvi');
    expect((await list('?event=national-congress-xiii')).every((i) => i.events.includes('national-congress-xiii'))).toBe(true);
    expect((await list('?tag=emulation')).length).toBeGreaterThan(0);
    expect((await list('?tag=emulation')).every((i) => i.tags.includes('emulation'))).toBe(true);
    expect((await list('?status=retired')).map((i) => i.key)).toEqual(['long-live-the-party']);
    expect((await list('?kind=message')).every((i) => i.kind === 'message')).toBe(true);
    expect((await list('?q=quang%20vinh')).map((i) => i.latest.text).join()).toMatch(/quang vinh/);
    const bad = await viewer.get('/api/items?status=xyz&other=1');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: { path: string }[] }).errors.map((e) => e.path).sort()).toEqual(['query', 'query.status']);
  });

  it('keeps /api/slogans to slogans, and the whole audit chain intact', async () => {
    const slogans = (await viewer.json<{ slogans: { id: number }[] }>('/api/slogans')).slogans;
    const messages = ItemListSchema.parse(await viewer.json('/api/items?kind=message')).items;
    expect(messages.length).toBeGreaterThan(0);
    expect(slogans.map((s) => s.id)).not.toContain(messages[0]!.id);
    expect((await audit.verify()).intact).toBe(true);
  });
});
