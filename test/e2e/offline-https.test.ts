/**
 * A kiosk on the LAN, not on the server's own machine: only a secure origin gives it a service
 * worker, so only over HTTPS can it restart while the server is down. The kiosk reaches Pano by
 * the office's name for it (Chromium resolves the name to this machine, as the office DNS would;
 * loopback addresses themselves count as secure even over plain HTTP). Pano serves TLS itself with
 * an office certificate made here by openssl; the kiosk trusts it as a kiosk with the office CA
 * installed would (Chromium pinned to the certificate's key).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { request, type APIRequestContext, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { freeLowPort, startServerProcess, type ServerProcess } from '../support/server-process.js';
import { ADMIN_PASSWORD } from '../support/session.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'pano-offline-https-'));
/** The name the kiosk uses; Pano accepts it through ALLOWED_HOSTS, as an office would set it. */
const host = 'pano.vpcp.lan';
const named = { ALLOWED_HOSTS: host };
let browser: Browser;
let spki: string;
let tls: Record<string, string>;

beforeAll(async () => {
  const [cert, key] = [path.join(dir, 'pano.crt'), path.join(dir, 'pano.key')];
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '30', '-subj', '/CN=pano.test', '-addext', `subjectAltName=DNS:${host}`, '-keyout', key, '-out', cert], { stdio: 'ignore' });
  const publicKey = execFileSync('openssl', ['x509', '-in', cert, '-pubkey', '-noout']);
  const der = execFileSync('openssl', ['pkey', '-pubin', '-outform', 'der'], { input: publicKey });
  spki = execFileSync('openssl', ['dgst', '-sha256', '-binary'], { input: der }).toString('base64');
  tls = { TLS_CERT_FILE: cert, TLS_KEY_FILE: key };
  browser = await launchChromium([`--host-resolver-rules=MAP ${host} 127.0.0.1`, `--ignore-certificate-errors-spki-list=${spki}`]);
});
afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The admin's API session; Playwright's client, since Node's fetch cannot be told to trust one certificate. */
async function adminApi(baseURL: string): Promise<APIRequestContext> {
  const api = await request.newContext({ baseURL, ignoreHTTPSErrors: true });
  const login = await api.post('/api/auth/login', { data: { username: 'admin', password: ADMIN_PASSWORD } });
  expect(login.status()).toBe(200);
  return api;
}

describe('a kiosk on the LAN', () => {
  it('over plain HTTP loads the display and the panel, but gets no service worker to restart offline', async () => {
    const port = await freeLowPort();
    const server = await startServerProcess(port, path.join(dir, 'plain'), named);
    try {
      const page = await browser.newPage();
      await page.goto(`http://${host}:${port}/display/`);
      await expect.poll(() => page.evaluate(() => window.pano?.pairingCode)).toMatch(/^[A-HJ-NP-Z2-9]{6}$/);
      expect(await page.evaluate(() => ({ secure: window.isSecureContext, worker: 'serviceWorker' in navigator }))).toEqual({ secure: false, worker: false });
      await page.goto(`http://${host}:${port}/`);
      await page.locator('ctl-login input[name=username]').waitFor();
      await page.close();
    } finally {
      await server.kill();
    }
  });

  it('over Pano’s own HTTPS restarts and plays while the server is down', async () => {
    const port = await freeLowPort();
    const origin = `https://${host}:${port}`;
    let server: ServerProcess | undefined = await startServerProcess(port, path.join(dir, 'tls'), { ...named, ...tls });
    try {
      const page = await browser.newPage({ viewport: { width: 960, height: 540 } });
      await page.goto(`${origin}/display/`);
      await expect.poll(() => page.evaluate(() => window.pano?.pairingCode), { timeout: 15_000 }).toBeTruthy();
      const api = await adminApi(`https://127.0.0.1:${port}`);
      const paired = await api.post('/api/displays/pair', { data: { code: await page.evaluate(() => window.pano!.pairingCode), name: 'Cổng cơ quan', zoneId: 'gate' } });
      expect(paired.status()).toBe(201);
      await api.dispose();
      await page.waitForFunction(() => window.pano?.screen === 'slide', undefined, { timeout: 20_000 });
      expect(await page.evaluate(() => window.isSecureContext)).toBe(true);
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 20_000 });

      await server.kill();
      server = undefined;
      // The kiosk reboots while the server is still down: the app starts from its cache and plays.
      await page.reload();
      await page.waitForFunction(() => window.pano?.screen === 'slide' && window.pano.showing, undefined, { timeout: 20_000 });
      expect(await page.evaluate(() => localStorage.getItem('pano.display.token'))).toBeTruthy();
      await page.close();
    } finally {
      await server?.kill();
    }
  }, 120_000);
});
