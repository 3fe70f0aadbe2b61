import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Server } from 'node:http';

/** The uploads whose handlers admit a request (session, upload places) before its body may come. */
const ADMITTED_UPLOADS = new Set(['/api/photos', '/api/clips']);

/**
 * A client that sends `Expect: 100-continue` waits for the server's go-ahead before the body.
 * Node gives it as the request arrives; for an upload the go-ahead waits until its handler has
 * looked up the session and taken an upload place, so a refused upload never sends its megabytes,
 * and places are counted before any body flows whatever the database's speed.
 */
export function deferUploadContinue(server: Server): void {
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '').split('?')[0]!;
    if (!(req.method === 'POST' && ADMITTED_UPLOADS.has(path))) res.writeContinue();
    server.emit('request', req, res);
  });
}

/** The go-ahead for a body the client holds back, once its upload is admitted. */
export function continueAdmitted(req: IncomingMessage, res: ServerResponse): void {
  if (req.headers.expect?.toLowerCase() === '100-continue') res.writeContinue();
}
