import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { loginAdmin, userWithRoles, type ApiClient } from '../support/session.js';
import { openSqliteEngine, type Engine } from '../../server/db/engine.js';

let server: TestServer;
let operator: ApiClient;
let approver: ApiClient;
let engine: Engine;
let itemId: number;

/** Rows of every table a register change writes: a refused request must leave each count as it was. */
async function counts(): Promise<Record<string, number>> {
  const tables = ['content_items', 'content_revisions', 'content_decisions', 'audit_log', 'plan_documents', 'zones'] as const;
  const rows = await Promise.all(tables.map((t) => engine.db.selectFrom(t).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()));
  return Object.fromEntries(tables.map((t, i) => [t, Number(rows[i]!.n)]));
}

beforeAll(async () => {
  server = await startTestServer();
  const admin = await loginAdmin(server.url);
  operator = await userWithRoles(admin, 'van-hanh', ['operator']);
  approver = await userWithRoles(admin, 'duyet', ['approver']);
  engine = openSqliteEngine(server.dataDir, { synchronous: 'NORMAL' });
  const created = await operator.post('/api/items', { kind: 'slogan', celebratory: false, text: 'Bản nháp để sửa' });
  itemId = ((await created.json()) as { id: number }).id;
});
afterAll(async () => {
  await engine?.close();
  await server?.cleanup();
});

let before: Record<string, number>;
beforeEach(async () => {
  before = await counts();
});

async function refused(res: Response, status = 400): Promise<{ title: string; errors?: { path: string; message: string }[] }> {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const body = (await res.json()) as { title: string; status: number; errors?: { path: string; message: string }[] };
  expect(body.status).toBe(status);
  expect(await counts()).toEqual(before);
  return body;
}

const TCVN3 = 'NhiÖt liÖt chµo mõng §¹i héi'; // "Nhiệt liệt chào mừng Đại hội" typed in TCVN3
const VNI = 'Nhieät lieät chaøo möøng Ñaïi hoäi'; // the same typed in VNI

describe('bad input to the register: a clear 4xx problem and nothing stored', () => {
  it('malformed JSON', async () => {
    const body = await refused(await operator.request('POST', '/api/items', '{"kind": "slogan", "text": '));
    expect(body.title).toBe('JSON không hợp lệ');
  });

  it('unknown keys, at the top and inside the source', async () => {
    const body = await refused(
      await operator.post('/api/items', { kind: 'slogan', celebratory: false, text: 'Hợp lệ', status: 'approved', source: { document: '38-KH/ĐU', signer: 'x' } }),
    );
    expect(body.errors!.map((e) => e.path).sort()).toEqual(['body', 'body.source']);
    expect(body.errors!.map((e) => e.message).join()).toMatch(/status/);
  });

  it('__proto__ keys are unknown keys, not a way into the object', async () => {
    const raw = '{"kind":"slogan","text":"Hợp lệ","__proto__":{"status":"approved","isAdmin":true}}';
    const body = await refused(await operator.request('POST', '/api/items', raw));
    expect(JSON.stringify(body.errors)).toMatch(/__proto__/);
    await refused(await approver.request('POST', `/api/items/${itemId}/revisions`, '{"text":"Hợp lệ","__proto__":{"title":"x"}}'));
    await refused(await approver.request('POST', '/api/plans/import', '{"__proto__":{"format":"pano-plan/1"}}'));
    expect(({} as Record<string, unknown>).status).toBeUndefined();
  });

  it('oversize text, by code points after NFC, with the limit in the message', async () => {
    const body = await refused(await operator.post('/api/items', { kind: 'slogan', celebratory: false, text: 'Đ'.repeat(301) }));
    expect(body.errors).toEqual([{ path: 'body.text', message: 'Văn bản dài 301 ký tự, vượt quá giới hạn 300 ký tự' }]);
    // 300 letters typed decomposed are 600 UTF-16 units, but 300 characters after NFC: accepted.
    const ok = await operator.post('/api/items', { kind: 'slogan', celebratory: false, text: 'Ệ'.normalize('NFD').repeat(300) });
    expect(ok.status).toBe(201);
    before = await counts();
    await refused(await operator.post(`/api/items/${itemId}/revisions`, { text: 'â'.repeat(301) }));
    await refused(await approver.post(`/api/items/${itemId}/reject`, { reason: 'x'.repeat(1001) }));
  });

  it('a body over the size limit', async () => {
    await refused(await operator.post('/api/items', { kind: 'message', celebratory: false, title: 'Lớn', text: 'a'.repeat(300_000) }), 413);
  });

  it.each([
    ['TCVN3', TCVN3],
    ['VNI', VNI],
  ])('text typed in the legacy %s encoding, named in the message', async (encoding, text) => {
    const body = await refused(await operator.post('/api/items', { kind: 'slogan', celebratory: false, text }));
    expect(body.errors![0]!.path).toBe('body.text');
    expect(body.errors![0]!.message).toContain(`bảng mã ${encoding}`);
    expect(body.errors![0]!.message).toMatch(/hãy gõ lại bằng Unicode/);
  });

  it.each([
    ['bidi override', 'Chào mừng \u202Egnừm oàhC', 'điều khiển hướng chữ'],
    ['zero-width space', 'Chào\u200Bmừng', 'vô hình'],
    ['control character', 'Chào\u0007mừng', 'điều khiển'],
    ['a script the font lacks', 'Chào mừng Đại hội 大会', 'không được hỗ trợ'],
  ])('%s', async (_name, text, message) => {
    const body = await refused(await operator.post('/api/items', { kind: 'slogan', celebratory: false, text }));
    expect(body.errors![0]!.message).toContain(message);
    await refused(await operator.post(`/api/items/${itemId}/revisions`, { text }));
  });

  it('empty or blank text, and a reason that is only spaces', async () => {
    await refused(await operator.post('/api/items', { kind: 'slogan', celebratory: false, text: ' \t ' }));
    await refused(await operator.post('/api/items', { kind: 'message', celebratory: false, text: 'Có nội dung' }));
    await refused(await approver.post(`/api/items/${itemId}/approve`, { reason: '   ' }));
  });

  it('unknown tags, events, places and anchors, each with its path', async () => {
    const body = await refused(
      await operator.post('/api/items', {
        kind: 'slogan',
        celebratory: true,
        text: 'Hợp lệ',
        tags: ['celebratory', 'fun'],
        events: ['national-congress-xiii', 'dai-hoi-xiv'],
        places: ['lobby', 'roof'],
      }),
    );
    expect(body.errors!.map((e) => e.path)).toEqual(['body.tags.1']);
    const refs = await refused(
      await operator.post('/api/items', {
        kind: 'slogan',
        celebratory: false,
        text: 'Hợp lệ',
        events: ['dai-hoi-xiv'],
        places: ['roof'],
        validFrom: { event: 'dai-hoi-xiv', edge: 'closes' },
      }),
    );
    expect(refs.errors!.map((e) => e.path)).toEqual(['body.events.0', 'body.places.0', 'body.validFrom.event']);
  });

  it('what is stored is NFC, trimmed, single-spaced', async () => {
    const res = await operator.post('/api/items', { kind: 'slogan', celebratory: false, text: '  Mừng  Đảng,\u00A0mừng Xuân '.normalize('NFD') + '\n' });
    const item = (await res.json()) as { latest: { text: string } };
    expect(item.latest.text).toBe('Mừng Đảng,\u00A0mừng Xuân');
    expect(item.latest.text.normalize('NFC')).toBe(item.latest.text);
  });
});
