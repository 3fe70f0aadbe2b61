import type { Response } from 'express';
import { HttpProblem } from './problem.js';

type SendFileOptions = Parameters<Response['sendFile']>[1];

/**
 * Sends a stored file and settles when it is sent. A file gone from disk before anything was sent
 * is `missing` (a problem the client reads); a client that leaves mid-file (a screen reloading, a
 * <video> seeking) is not an error of the server's and is not reported as one.
 */
export function sendStoredFile(res: Response, file: string, options: SendFileOptions, missing: HttpProblem): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    res.sendFile(file, options ?? {}, (err?: Error & { code?: string }) => {
      if (!err || err.code === 'ECONNABORTED' || res.destroyed) return resolve();
      reject(res.headersSent ? err : missing);
    });
  });
}
