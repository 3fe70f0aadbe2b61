/**
 * Worker thread entry: decodes one uploaded photo off the server's event loop (a 49-megapixel
 * PNG blocked it for half a second) and ends, so the decoded pixels go with the thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { decodeWithCanvas } from './validate.js';

export type DecodeReply = { ok: true; width: number; height: number } | { ok: false };

const bytes = Buffer.from((workerData as { bytes: Uint8Array }).bytes);
let reply: DecodeReply;
try {
  reply = { ok: true, ...(await decodeWithCanvas(bytes)) };
} catch {
  reply = { ok: false };
}
parentPort!.postMessage(reply);
