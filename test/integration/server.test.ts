import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { SloganListSchema } from '../../server/protocol/api.js';
import { loginAdmin, type ApiClient } from '../support/session.js';

let server: TestServer;
let admin: ApiClient;

beforeAll(async () => {
  server = await startTestServer();
  admin = await loginAdmin(server.url);
});
afterAll(async () => {
  await server.cleanup();
});

describe('HTTP API', () => {
  it('answers /healthz with JSON', async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect(await res.json()).toMatchObject({ status: 'ok', database: { engine: expect.any(String), ok: true }, displaysConnected: 0 });
  });

  it('lists the plan slogans as approved, with the document as source', async () => {
    const res = await admin.get('/api/slogans');
    const { slogans } = SloganListSchema.parse(await res.json());
    expect(slogans).toHaveLength(15);
    for (const s of slogans) {
      expect(s.status).toBe('approved');
      expect(s.source).toMatchObject({ document: '38-KH/ĐU', issuer: 'Đảng ủy Văn phòng Chính phủ', issuedOn: '2020-02-17' });
      expect(s.text).toBe(s.text.normalize('NFC'));
    }
    expect(slogans.map((s) => s.text)).toContain(
      'Nhiệt liệt chào mừng Đại hội đại biểu Đảng bộ Văn phòng Chính phủ lần thứ XXVI, nhiệm kỳ 2020 - 2025!',
    );
    expect(slogans.filter((s) => s.source.section === 'II.3')).toHaveLength(14);
  });

  it('finds one slogan by id and by plan key, and 404s an unknown one as problem+json', async () => {
    const { slogans } = SloganListSchema.parse(await (await admin.get('/api/slogans')).json());
    const first = slogans[0]!;
    expect(await (await admin.get(`/api/slogans/${first.id}`)).json()).toEqual(first);
    expect(await (await admin.get(`/api/slogans/${first.key}`)).json()).toEqual(first);
    const missing = await admin.get('/api/slogans/khong-co');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(await missing.json()).toMatchObject({ status: 404, title: 'Không tìm thấy' });
  });

  it('serves an OpenAPI 3.1 document generated from the schemas', async () => {
    const doc = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as {
      openapi: string;
      paths: Record<string, Record<string, { responses: Record<string, { content: Record<string, { schema: unknown }> }> }>>;
    };
    expect(doc.openapi).toBe('3.1.0');
    const schema = doc.paths['/api/slogans']!.get!.responses['200']!.content['application/json']!.schema as {
      properties: { slogans: { items: { required: string[] } } };
    };
    expect(schema.properties.slogans.items.required).toEqual(expect.arrayContaining(['id', 'text', 'status', 'source']));
    expect(doc.paths['/api/slogans/{ref}']!.get!.responses['404']).toBeDefined();
  });

  it('refuses a state-changing request from a foreign Origin', async () => {
    const res = await fetch(`${server.url}/api/slogans`, {
      method: 'POST',
      headers: { Origin: 'http://evil.example', 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
  });

  it('answers malformed and oversize JSON with problem+json', async () => {
    const bad = await fetch(`${server.url}/api/slogans`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"a":' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ title: 'JSON không hợp lệ' });
    const big = await fetch(`${server.url}/api/slogans`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ text: 'x'.repeat(300 * 1024) }),
    });
    expect(big.status).toBe(413);
  });

  it('sends security headers with a content security policy', async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    // Kiosks load Pano over plain HTTP on the LAN: nothing may be upgraded to https.
    expect(res.headers.get('content-security-policy')).not.toContain('upgrade-insecure-requests');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('serves the same font files the print renderer registers', async () => {
    const res = await fetch(`${server.url}/fonts/BeVietnamPro_700Bold.ttf`);
    expect(res.status).toBe(200);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(bytes.length).toBeGreaterThan(100_000);
    expect([...bytes.slice(0, 4)]).toEqual([0, 1, 0, 0]);
  });
});

describe('restart', () => {
  it('imports the plan once: a second start over the same data keeps 15 slogans with the same ids', async () => {
    const before = SloganListSchema.parse(await (await admin.get('/api/slogans')).json());
    // One server per data directory: the second start comes after the first has stopped.
    await server.stop();
    const again = await startTestServer({}, server.dataDir);
    try {
      const after = SloganListSchema.parse(await (await (await loginAdmin(again.url)).get('/api/slogans')).json());
      expect(after).toEqual(before);
    } finally {
      await again.stop();
    }
  });
});
