/** Runs renderJob in a worker thread and relays its progress; cancel() stops it between strips or pages. */
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
  /** Asks the worker to stop; it is terminated if it has not within a few seconds. */
  cancel(): void;
  /** Ends the worker at once (server shutdown): the job stays unfinished and resumes later. */
  terminate(): Promise<void>;
}

const CANCEL_GRACE_MS = 5000;

export function renderInWorker(spec: RenderSpec, onProgress: (p: RenderProgress) => void): RenderHandle {
  const worker = startWorker(import.meta.url, 'worker', { workerData: spec });
  // Settled only when the thread has exited, so that no write of it can follow: a cancelled
  // job's temp files can then be removed for good.
  let outcome: { files: PrintFile[] } | { error: PrintError } | undefined;
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
    cancel() {
      worker.postMessage({ type: 'cancel' });
      setTimeout(() => void worker.terminate(), CANCEL_GRACE_MS).unref();
    },
    async terminate() {
      await worker.terminate();
    },
  };
}
