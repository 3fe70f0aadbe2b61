/** Uploads of pictures and clips as raw bodies, and the crafted clip fixtures (test/fixtures/media). */
import http from 'node:http';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { ApiClient } from './session.js';

export const MEDIA_FIXTURES = path.join(import.meta.dirname, '../fixtures/media');
export const mediaFixture = (name: string): Buffer => readFileSync(path.join(MEDIA_FIXTURES, name));

export function uploadRaw(client: ApiClient, route: '/api/clips' | '/api/photos', bytes: Uint8Array): Promise<Response> {
  return fetch(`${client.baseUrl}${route}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/octet-stream', ...(client.cookie ? { Cookie: client.cookie } : {}) },
    body: new Uint8Array(bytes),
  });
}

export interface StreamedAnswer {
  status: number;
  body: string;
  /** Bytes the client had handed to the socket when the answer came. */
  sent: number;
}

/**
 * Streams `total` bytes (the `head`, then zeros from one reused 1 MiB buffer, never the whole body
 * in memory) to POST `route`, chunked unless `declareLength`; resolves with the answer, which may
 * come before the body is all sent.
 */
export function streamUpload(client: ApiClient, route: string, head: Buffer, total: number, declareLength = false): Promise<StreamedAnswer> {
  const zeros = Buffer.alloc(1024 * 1024);
  let sent = 0;
  const body = Readable.from(
    (function* () {
      yield head;
      sent += head.length;
      while (sent < total) {
        const chunk = zeros.subarray(0, Math.min(zeros.length, total - sent));
        sent += chunk.length;
        yield chunk;
      }
    })(),
  );
  const url = new URL(route, client.baseUrl);
  return new Promise((resolve, reject) => {
    const req = http.request(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/octet-stream', Cookie: client.cookie!, ...(declareLength ? { 'Content-Length': total } : {}) },
    });
    let answered = false;
    req.once('response', (res) => {
      answered = true;
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.once('end', () => resolve({ status: res.statusCode!, body: Buffer.concat(parts).toString('utf8'), sent }));
    });
    // Once the server has answered and closed, the rest of the body may fail to send: that is expected.
    req.on('error', (err) => {
      if (!answered) reject(err);
    });
    body.pipe(req);
  });
}
