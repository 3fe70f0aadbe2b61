/**
 * HTTPS served by Pano itself (TLS_CERT_FILE, TLS_KEY_FILE): the API, the session cookie marked
 * Secure, and display sockets over wss, with a certificate made by openssl for this test. Bad TLS
 * settings stop the process with exit 78 and the setting's name.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ConfigError, parseConfig } from '../../server/config.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { ADMIN_PASSWORD } from '../support/session.js';
import { spawnTs } from '../support/spawn.js';
import { displayHello } from '../support/ws-client.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'pano-tls-'));
const file = (name: string) => path.join(dir, name);

/** A self-signed certificate for 127.0.0.1 and localhost, as an office would make for its server. */
function makeCertificate(name: string): { cert: string; key: string } {
  const cert = file(`${name}.crt`);
  const key = file(`${name}.key`);
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2',
    '-subj', '/CN=pano.test', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
    '-keyout', key, '-out', cert,
  ], { stdio: 'ignore' });
  return { cert, key };
}

let pem: { cert: string; key: string };
let ca: Buffer;
let server: TestServer;

beforeAll(async () => {
  pem = makeCertificate('pano');
  ca = readFileSync(pem.cert);
  server = await startTestServer({ TLS_CERT_FILE: pem.cert, TLS_KEY_FILE: pem.key });
});
afterAll(async () => {
  await server.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

/** One HTTPS request that trusts only this test's certificate. */
function request(method: string, url: string, body?: unknown): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = https.request(url, { method, ca, headers: payload ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) } : {} }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

describe('HTTPS from Pano itself', () => {
  it('serves the API over https and says so in its URL', async () => {
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const health = await request('GET', `${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(JSON.parse(health.text)).toMatchObject({ status: 'ok' });
  });

  it('marks the session cookie Secure', async () => {
    const res = await request('POST', `${server.url}/api/auth/login`, { username: 'admin', password: ADMIN_PASSWORD });
    expect(res.status).toBe(200);
    const cookie = [res.headers['set-cookie'] ?? []].flat().find((c) => c.startsWith('pano_session='));
    expect(cookie).toMatch(/;\s*Secure/i);
    expect(cookie).toMatch(/;\s*HttpOnly/i);
  });

  it('refuses a client that does not trust the certificate', async () => {
    await expect(
      new Promise((resolve, reject) => https.get(`${server.url}/healthz`, resolve).on('error', reject)),
    ).rejects.toThrow(/self-signed|certificate/i);
  });

  it('pairs a display over wss', async () => {
    const ws = new WebSocket(`${server.url.replace(/^https/, 'wss')}/ws`, { ca });
    const first = new Promise<{ type: string; code?: string }>((resolve, reject) => {
      ws.once('message', (data) => resolve(JSON.parse(data.toString()) as { type: string; code?: string }));
      ws.once('error', reject);
    });
    await new Promise<void>((resolve, reject) => ws.once('open', resolve).once('error', reject));
    ws.send(JSON.stringify(displayHello()));
    const msg = await first;
    expect(msg.type).toBe('pairing-code');
    expect(msg.code).toMatch(/^[A-HJ-NP-Z2-9]{6}$/);
    ws.close();
  });
});

describe('bad TLS settings', () => {
  it('needs both files', () => {
    expect(() => parseConfig({ TLS_CERT_FILE: pem.cert })).toThrow(ConfigError);
    expect(() => parseConfig({ TLS_CERT_FILE: pem.cert })).toThrow(/TLS_KEY_FILE: TLS_CERT_FILE và TLS_KEY_FILE phải đặt cùng nhau/);
    expect(() => parseConfig({ TLS_KEY_FILE: pem.key })).toThrow(/TLS_CERT_FILE:/);
  });

  it('names a file it cannot read', () => {
    expect(() => parseConfig({ TLS_CERT_FILE: file('missing.crt'), TLS_KEY_FILE: pem.key })).toThrow(/TLS_CERT_FILE: không đọc được tệp .*missing\.crt \(ENOENT\)/);
  });

  it('refuses a key that is not the certificate’s, or a file that is not PEM', () => {
    const other = makeCertificate('other');
    expect(() => parseConfig({ TLS_CERT_FILE: pem.cert, TLS_KEY_FILE: other.key })).toThrow(/TLS_KEY_FILE: chứng chỉ và khóa không dùng được cùng nhau/);
    writeFileSync(file('not-pem.crt'), 'Khẩu hiệu, không phải chứng chỉ');
    expect(() => parseConfig({ TLS_CERT_FILE: file('not-pem.crt'), TLS_KEY_FILE: pem.key })).toThrow(/chứng chỉ và khóa không dùng được cùng nhau/);
  });

  it('stops the server process with exit 78', async () => {
    const data = mkdtempSync(path.join(os.tmpdir(), 'pano-tls-proc-'));
    try {
      const result = await spawnTs('server/main.ts', [], { PORT: '0', DATA_DIR: data, TLS_CERT_FILE: file('missing.crt'), TLS_KEY_FILE: pem.key }).done;
      expect(result.code).toBe(78);
      expect(result.stderr).toContain('TLS_CERT_FILE');
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
  });
});
