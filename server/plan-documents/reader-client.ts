/**
 * Reads a plan document in a worker thread bounded in time and memory: a document that takes too
 * long or too much heap ends its worker, and the caller gets a PlanReadError, never a stuck server.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { PlanReadResult } from '../protocol/plan-reading.js';
import { PlanReadError } from './errors.js';

export interface ReaderInput {
  bytes: Uint8Array;
  /** The current year, for a plan that names none. */
  fallbackYear: number;
}

export type ReaderMessage =
  | { type: 'done'; result: PlanReadResult }
  | { type: 'error'; status: PlanReadError['status']; code: string; vi: string; en: string };

export interface ReaderLimits {
  timeoutMs: number;
  maxOldGenerationSizeMb: number;
  maxYoungGenerationSizeMb: number;
}

export const READER_LIMITS: ReaderLimits = {
  timeoutMs: 30_000,
  /** Heap of the worker: mammoth's XML tree of a 32 MB document fits; a bomb's does not. */
  maxOldGenerationSizeMb: 512,
  maxYoungGenerationSizeMb: 32,
};

/** As in print/worker-client.ts: the compiled worker.js from the build, worker.ts through tsx from source. */
function startWorker(input: ReaderInput, limits: ReaderLimits): Worker {
  const resourceLimits = { maxOldGenerationSizeMb: limits.maxOldGenerationSizeMb, maxYoungGenerationSizeMb: limits.maxYoungGenerationSizeMb };
  const options = { workerData: input, transferList: [input.bytes.buffer as ArrayBuffer], resourceLimits };
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./worker.js', import.meta.url), options);
  const tsxApi = pathToFileURL(path.join(path.dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/esm/api/index.mjs')).href;
  const entry = new URL('./worker.ts', import.meta.url).href;
  const boot = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(boot, { ...options, eval: true });
}

const tooBig = () =>
  new PlanReadError(413, 'too-large', 'Văn bản quá lớn hoặc quá phức tạp để đọc.', 'The document is too large or too complex to read.');

/** Reads at once: each may hold a worker's heap bound, and the machine has few cores. */
export const MAX_CONCURRENT_READS = 2;
let running = 0;

export async function readPlanDocument(bytes: Uint8Array, fallbackYear: number, limits: ReaderLimits = READER_LIMITS): Promise<PlanReadResult> {
  if (running >= MAX_CONCURRENT_READS) {
    throw new PlanReadError(503, 'busy', 'Pano đang đọc văn bản khác; hãy thử lại sau ít giây.', 'Pano is reading other documents; try again in a few seconds.');
  }
  running++;
  try {
    return await readInWorker(bytes, fallbackYear, limits);
  } finally {
    running--;
  }
}

function readInWorker(bytes: Uint8Array, fallbackYear: number, limits: ReaderLimits): Promise<PlanReadResult> {
  // A copy the worker owns: the request's buffer may be a slice of a pooled one.
  const input: ReaderInput = { bytes: new Uint8Array(bytes), fallbackYear };
  const worker = startWorker(input, limits);
  return new Promise<PlanReadResult>((resolve, reject) => {
    let outcome: { result: PlanReadResult } | { error: PlanReadError } | undefined;
    const timer = setTimeout(() => {
      outcome ??= { error: new PlanReadError(413, 'too-slow', 'Đọc văn bản quá lâu; Pano đã dừng.', 'Reading the document took too long; Pano stopped.') };
      void worker.terminate();
    }, limits.timeoutMs);
    worker.on('message', (msg: ReaderMessage) => {
      if (msg.type === 'done') outcome ??= { result: msg.result };
      else outcome ??= { error: new PlanReadError(msg.status, msg.code, msg.vi, msg.en) };
    });
    worker.on('error', (err) => {
      // ERR_WORKER_OUT_OF_MEMORY: the heap bound was reached.
      outcome ??= { error: (err as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY' ? tooBig() : new PlanReadError(400, 'unreadable', `Không đọc được văn bản: ${err.message}`, `The document cannot be read: ${err.message}`) };
    });
    worker.on('exit', () => {
      clearTimeout(timer);
      if (outcome && 'result' in outcome) resolve(outcome.result);
      else reject(outcome?.error ?? tooBig());
    });
  });
}
