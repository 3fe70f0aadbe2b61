/**
 * Worker thread entry: renders one job off the server's event loop, so pushes to displays stay
 * timely during a big render. node-canvas works in workers; fonts are registered here, per thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { renderJob, type RenderSpec } from './engine.js';
import { causedByFullDisk, diskFullError, PrintError } from './errors.js';
import type { WorkerMessage } from './worker-client.js';

const port = parentPort!;
// A cancel (or shutdown) stops the render between strips or pages; the thread is never terminated
// inside a canvas call (worker-client.ts says why).
const abort = new AbortController();
port.on('message', (msg: { type: 'cancel' }) => {
  if (msg.type === 'cancel') abort.abort();
});

const post = (msg: WorkerMessage) => port.postMessage(msg);

try {
  const files = await renderJob(workerData as RenderSpec, {
    signal: abort.signal,
    onProgress: (progress) => post({ type: 'progress', progress }),
  });
  post({ type: 'done', files });
} catch (err) {
  if (abort.signal.aborted) post({ type: 'error', code: 'cancelled', vi: 'Đã hủy', en: 'cancelled' });
  else if (causedByFullDisk(err)) {
    const full = diskFullError();
    post({ type: 'error', code: full.code, vi: full.vi, en: full.en });
  } else if (err instanceof PrintError) post({ type: 'error', code: err.code, vi: err.vi, en: err.en });
  else {
    const reason = err instanceof Error ? err.message : String(err);
    post({ type: 'error', code: 'render-failed', vi: `Không dựng được bản in: ${reason}`, en: `rendering failed: ${reason}` });
  }
}
port.close();
