/**
 * HTTPS served by Pano itself (TLS_CERT_FILE, TLS_KEY_FILE): the API, the session cookie marked
 * Secure, and display sockets over wss, with a certificate made by openssl for this test; a
 * certificate close to its end is warned about at start. Bad TLS files stop the server process
 * with exit 78 and the setting's name, but only the server reads them: `pano` commands do not.
 */
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ConfigError, parseConfig } from '../../server/config.js';
import { loadTls } from '../../server/tls.js';
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

describe('certificate expiry', () => {
  it('warns at start, with the date in Vietnam, about a certificate that ends within 30 days', () => {
    const validTo = new Date(new X509Certificate(ca).validTo);
    const expires = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric' }).format(validTo);
    const warnings = server.logs
      .map((line) => JSON.parse(line) as { level: string; msg: string; expires?: string; daysLeft?: number; detail?: string })
      .filter((l) => l.msg.startsWith('tls certificate'));
    expect(warnings).toEqual([expect.objectContaining({ level: 'warn', msg: 'tls certificate expires soon', expires, daysLeft: 2 })]);
    expect(warnings[0]!.detail).toContain(`Chứng chỉ TLS hết hạn ngày ${expires} (còn 2 ngày)`);
    expect(warnings[0]!.detail).toContain(`(the TLS certificate expires on ${expires}, in 2 days; renew it, then restart Pano)`);
  });
});

describe('bad TLS settings', () => {
  const load = (certFile: string, keyFile: string) => () => loadTls(parseConfig({ TLS_CERT_FILE: certFile, TLS_KEY_FILE: keyFile }));

  it('needs both files', () => {
    expect(() => parseConfig({ TLS_CERT_FILE: pem.cert })).toThrow(ConfigError);
    expect(() => parseConfig({ TLS_CERT_FILE: pem.cert })).toThrow(/TLS_KEY_FILE: TLS_CERT_FILE và TLS_KEY_FILE phải đặt cùng nhau/);
    expect(() => parseConfig({ TLS_KEY_FILE: pem.key })).toThrow(/TLS_CERT_FILE:/);
  });

  it('leaves the files to the server: the config carries only their paths', () => {
    expect(parseConfig({ TLS_CERT_FILE: file('missing.crt'), TLS_KEY_FILE: file('missing.key') }).tls).toEqual({
      certFile: file('missing.crt'),
      keyFile: file('missing.key'),
    });
  });

  it('names a file it cannot read', () => {
    expect(load(file('missing.crt'), pem.key)).toThrow(ConfigError);
    expect(load(file('missing.crt'), pem.key)).toThrow(/TLS_CERT_FILE: không đọc được tệp .*missing\.crt \(cannot read the file: ENOENT\)/);
    expect(load(pem.cert, dir)).toThrow(/TLS_KEY_FILE: không đọc được tệp .* \(cannot read the file: EISDIR\)/);
  });

  it('refuses a key that is not the certificate’s, or a file that is not PEM', () => {
    const other = makeCertificate('other');
    expect(load(pem.cert, other.key)).toThrow(/TLS_KEY_FILE: chứng chỉ và khóa không dùng được cùng nhau/);
    writeFileSync(file('not-pem.crt'), 'Khẩu hiệu, không phải chứng chỉ');
    expect(load(file('not-pem.crt'), pem.key)).toThrow(/TLS_CERT_FILE: tệp .*not-pem\.crt không phải chứng chỉ PEM/);
    expect(load(pem.cert, file('not-pem.crt'))).toThrow(/TLS_KEY_FILE: chứng chỉ và khóa không dùng được cùng nhau/);
  });

  it('gives the certificate’s end of validity', () => {
    expect(loadTls(parseConfig({ TLS_CERT_FILE: pem.cert, TLS_KEY_FILE: pem.key }))?.validTo).toEqual(new Date(new X509Certificate(ca).validTo));
    expect(loadTls(parseConfig({}))).toBeUndefined();
  });

  it('stops the server process with exit 78', async () => {
    const data = mkdtempSync(path.join(os.tmpdir(), 'pano-tls-proc-'));
    try {
      const result = await spawnTs('server/main.ts', [], { PORT: '0', DATA_DIR: data, TLS_CERT_FILE: file('missing.crt'), TLS_KEY_FILE: pem.key }).done;
      expect(result.code).toBe(78);
      expect(result.stderr).toContain('Cấu hình không hợp lệ (invalid configuration)');
      expect(result.stderr).toContain('TLS_CERT_FILE: không đọc được tệp');
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
  });

  it('does not stop `pano` commands run from a shell whose TLS files are missing or unreadable', async () => {
    // As root nothing is unreadable by mode; a directory cannot be read as a file by anyone.
    const unreadable = file('khoa-rieng');
    mkdirSync(unreadable);
    const run = await spawnTs('server/cli/pano.ts', ['audit', 'verify'], {
      DATA_DIR: server.dataDir,
      ...(server.databaseUrl ? { DATABASE_URL: server.databaseUrl } : {}),
      TLS_CERT_FILE: file('missing.crt'),
      TLS_KEY_FILE: unreadable,
    }).done;
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Chuỗi nhật ký nguyên vẹn');
    expect(run.stderr).not.toContain('TLS_');
  });
});
