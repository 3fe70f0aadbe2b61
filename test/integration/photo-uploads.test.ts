/**
 * Issue 13 A1: photo uploads cannot stall everyone. A 49-megapixel PNG is decoded in a worker
 * thread, so the server answers others meanwhile; a user with two uploads in flight, or everyone
 * with four, gets 429 with Retry-After before the body is read; the places come back when the
 * uploads end.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { ApiClient, loginAdmin, userWithRoles } from '../support/session.js';
import { bigPng } from '../support/big-png.js';

let server: TestServer;
let operators: ApiClient[];

beforeAll(async () => {
  server = await startTestServer();
  const admin = await loginAdmin(server.url);
  operators = [];
  for (const name of ['van-hanh-1', 'van-hanh-2', 'van-hanh-3']) operators.push(await userWithRoles(admin, name, ['operator']));
});
afterAll(() => server.cleanup());

function upload(client: ApiClient, bytes: Buffer): Promise<Response> {
  return fetch(`${client.baseUrl}/api/photos`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/octet-stream', Cookie: client.cookie! },
    body: new Uint8Array(bytes),
  });
}

/**
 * An upload whose body is held back: `admitted` resolves once the server has taken its headers
 * (it answers Expect: 100-continue in the same step as the upload limits run), `send` finishes it.
 */
function heldUpload(client: ApiClient, bytes: Buffer): { admitted: Promise<void>; send: () => Promise<number> } {
  const url = new URL('/api/photos', client.baseUrl);
  let answered!: Promise<number>;
  const req = http.request(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': bytes.length, Expect: '100-continue', Cookie: client.cookie! },
  });
  answered = new Promise((resolve, reject) => {
    req.once('response', (res) => (res.resume(), res.once('end', () => resolve(res.statusCode!))));
    req.once('error', reject);
  });
  const admitted = new Promise<void>((resolve, reject) => {
    req.once('continue', () => resolve());
    req.once('response', (res) => reject(new Error(`answered ${res.statusCode} before the body`)));
  });
  req.flushHeaders();
  return {
    admitted,
    send: () => {
      req.end(bytes);
      return answered;
    },
  };
}

async function expectTooMany(res: Response, who: RegExp): Promise<void> {
  expect(res.status).toBe(429);
  expect(res.headers.get('retry-after')).toBe('5');
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  const problem = (await res.json()) as { title: string; detail: string };
  expect(problem.title).toContain('Đang tải lên quá nhiều ảnh');
  expect(problem.detail).toMatch(who);
}

describe('photo uploads under load', () => {
  it('answers /healthz while a 49-megapixel PNG decodes', async () => {
    const big = heldUpload(operators[0]!, bigPng('healthz'));
    await big.admitted;
    let uploadDone = false;
    const uploaded = big.send().then((status) => ((uploadDone = true), status));
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(uploadDone).toBe(false);
    expect(await uploaded).toBe(201);
  });

  it('a user with two uploads in flight gets 429 with Retry-After; the place returns when one ends', async () => {
    const [a, b] = [heldUpload(operators[0]!, bigPng('user-1')), heldUpload(operators[0]!, bigPng('user-2'))];
    await Promise.all([a.admitted, b.admitted]);
    await expectTooMany(await upload(operators[0]!, bigPng('user-3')), /You already have 2 uploads/);
    // Another user is not held back by this one.
    expect((await upload(operators[1]!, bigPng('other-user'))).status).toBe(201);
    expect(await a.send()).toBe(201);
    expect(await b.send()).toBe(201);
    expect((await upload(operators[0]!, bigPng('user-3'))).status).toBe(201);
  });

  it('four uploads in flight in all: a third user gets 429', async () => {
    const held = [0, 0, 1, 1].map((who, i) => heldUpload(operators[who]!, bigPng(`overall-${i}`)));
    await Promise.all(held.map((h) => h.admitted));
    await expectTooMany(await upload(operators[2]!, bigPng('overall-late')), /server is busy/);
    expect(await Promise.all(held.map((h) => h.send()))).toEqual([201, 201, 201, 201]);
    expect((await upload(operators[2]!, bigPng('overall-late'))).status).toBe(201);
  });

  it('the same bytes again are answered from the register: 200, the same photo, no second row', async () => {
    const bytes = bigPng('again');
    const first = await upload(operators[0]!, bytes);
    expect(first.status).toBe(201);
    const stored = (await first.json()) as { id: string };
    const again = await upload(operators[1]!, bytes);
    expect(again.status).toBe(200);
    expect(((await again.json()) as { id: string }).id).toBe(stored.id);
    const list = (await operators[0]!.json<{ photos: { id: string }[] }>('/api/photos')).photos;
    expect(list.filter((p) => p.id === stored.id)).toHaveLength(1);
  });
});
