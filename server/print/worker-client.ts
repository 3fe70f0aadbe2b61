/** Runs renderJob in a worker thread and relays its progress; stop() ends it (cancel, shutdown). */
// node-canvas must stay loaded in this thread: when the last thread that loaded its native module
// exits, the module is unloaded and the whole process crashes (a segmentation fault as the render
// worker ends), which happened in any process that rendered without drawing on the main thread.
import 'canvas';
import { startWorker } from '../threads/start-worker.js';
import type { PrintFile } from '../protocol/print.js';
import type { RenderProgress, RenderSpec } from './engine.js';
import { PrintError, type PrintErrorCode } from './errors.js';

export type WorkerMessage =
  | { type: 'progress'; progress: RenderProgress }
  | { type: 'done'; files: PrintFile[] }
  | { type: 'error'; code: PrintErrorCode; vi: string; en: string };

export interface RenderHandle {
  result: Promise<PrintFile[]>;
  /**
   * Stops the worker at its next strip or page (a cancel, or shutdown: the job resumes later) and
   * resolves once the thread has exited. Worker.terminate() is only the last resort after a grace
   * period: terminating a thread inside a node-canvas call aborts the whole process (node-addon-api
   * cannot throw into a terminating thread: "FATAL ERROR: Error::ThrowAsJavaScriptException").
   */
  stop(): Promise<void>;
}

const STOP_GRACE_MS = 10_000;

export function renderInWorker(spec: RenderSpec, onProgress: (p: RenderProgress) => void): RenderHandle {
  const worker = startWorker(import.meta.url, 'worker', { workerData: spec });
  // Settled only when the thread has exited, so that no write of it can follow: a cancelled
  // job's temp files can then be removed for good.
  let outcome: { files: PrintFile[] } | { error: PrintError } | undefined;
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  const result = new Promise<PrintFile[]>((resolve, reject) => {
    worker.on('message', (msg: WorkerMessage) => {
      if (msg.type === 'progress') onProgress(msg.progress);
      else if (msg.type === 'done') outcome ??= { files: msg.files };
      else outcome ??= { error: new PrintError(msg.code, msg.vi, msg.en) };
    });
    worker.on('error', (err) => {
      outcome ??= { error: new PrintError('render-failed', `Luồng in bị lỗi: ${err.message}`, `print worker failed: ${err.message}`, { cause: err }) };
    });
    worker.on('exit', (code) => {
      if (outcome && 'files' in outcome) resolve(outcome.files);
      else reject(outcome?.error ?? new PrintError('cancelled', 'Đã dừng bản in', `print worker exited (${code})`));
    });
  });
  return {
    result,
    async stop() {
      worker.postMessage({ type: 'cancel' });
      const lastResort = setTimeout(() => void worker.terminate(), STOP_GRACE_MS);
      try {
        await exited;
      } finally {
        clearTimeout(lastResort);
      }
    },
  };
}
