import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { loginAdmin, userWithRoles, type ApiClient } from '../support/session.js';

let server: TestServer;
let operator: ApiClient;

beforeAll(async () => {
  server = await startTestServer();
  const admin = await loginAdmin(server.url);
  operator = await userWithRoles(admin, 'van-hanh', ['operator']);
});
afterAll(() => server?.cleanup());

const count = async () => (await operator.json<{ items: unknown[] }>('/api/items')).items.length;

describe('request bodies that are not what a route reads (issue 12 D13)', () => {
  it('a text/plain body is answered 415 in Vietnamese, and stores nothing', async () => {
    const before = await count();
    const res = await operator.request('POST', '/api/items', 'Nhiệt liệt chào mừng Đại hội XIII', { 'Content-Type': 'text/plain' });
    expect(res.status).toBe(415);
    expect(res.headers.get('content-type')).toMatch(/problem\+json/);
    const body = (await res.json()) as { title: string; detail: string };
    expect(body.title).toBe('Kiểu nội dung không được hỗ trợ');
    expect(body.detail).toContain('application/json');
    expect(await count()).toBe(before);
  });

  it('zod’s own messages (missing field, wrong type) are Vietnamese too', async () => {
    const res = await operator.post('/api/items', { kind: 'slogan', celebratory: 'có', text: 42 });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: { path: string; message: string }[] };
    expect(body.errors.map((e) => e.path).sort()).toEqual(['body.celebratory', 'body.text']);
    for (const e of body.errors) expect(e.message).not.toMatch(/Invalid|expected|received/);
  });
});
