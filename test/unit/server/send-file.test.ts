/**
 * Sending a stored file: a client that leaves mid-file is not a server error, a file gone before
 * anything was sent is the given problem (real Express, real sockets, a real file).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import { afterAll, describe, expect, it } from 'vitest';
import { sendStoredFile } from '../../../server/http/send-file.js';
import { HttpProblem } from '../../../server/http/problem.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'pano-send-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const big = path.join(dir, 'big.bin');
writeFileSync(big, Buffer.alloc(64 * 1024 * 1024, 7));
const missing = new HttpProblem(404, 'Không tìm thấy', 'Tệp không còn trên máy chủ.');

/** Serves one file through sendStoredFile and reports how the send settled. */
async function serve(file: string): Promise<{ url: string; settled: Promise<string>; close: () => void }> {
  let settle!: (s: string) => void;
  const settled = new Promise<string>((resolve) => (settle = resolve));
  const app = express();
  app.get('/file', (_req, res) => {
    sendStoredFile(res, file, {}, missing).then(
      () => settle('sent'),
      (err: unknown) => {
        settle(err === missing ? 'missing' : 'error');
        if (!res.headersSent) res.status(404).end();
      },
    );
  });
  const server = app.listen(0);
  await new Promise((resolve) => server.once('listening', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/file`, settled, close: () => server.close() };
}

describe('sendStoredFile', () => {
  it('settles quietly when the client leaves mid-file', async () => {
    const s = await serve(big);
    await new Promise<void>((resolve) => {
      const req = http.get(s.url, (res) => res.once('data', () => (req.destroy(), resolve())));
    });
    expect(await s.settled).toBe('sent');
    s.close();
  });

  it('answers the given problem when the file is gone', async () => {
    const s = await serve(path.join(dir, 'gone.bin'));
    expect((await fetch(s.url)).status).toBe(404);
    expect(await s.settled).toBe('missing');
    s.close();
  });
});
