/**
 * Limits on photo uploads, so one user cannot stall everyone: a few uploads in flight per user
 * and overall (the rest get 429 with Retry-After, before their bodies are read), and decodes run
 * in worker threads, a small number at a time, each thread with a bounded JavaScript heap. The
 * pixels themselves are native memory, bounded by the pixel cap times the decode concurrency.
 */
import { startWorker } from '../threads/start-worker.js';
import type { DecodeReply } from './decode-worker.js';
import type { Decoder, ImageSize } from './validate.js';

export interface UploadLimits {
  /** Uploads one user may have in flight (body being read, queued or decoding). */
  perUser: number;
  /** Uploads in flight for everyone together. */
  overall: number;
  /** Decodes running at once; each may hold up to 200 MB of pixels (50 megapixels). */
  decodeConcurrency: number;
  /** Seconds a refused client is told to wait. */
  retryAfterSeconds: number;
}

export const UPLOAD_LIMITS: UploadLimits = { perUser: 2, overall: 4, decodeConcurrency: 1, retryAfterSeconds: 5 };

/** The decoding thread's own heap; the image's pixels live outside it, in Cairo's memory. */
const DECODE_RESOURCE_LIMITS = { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 16, stackSizeMb: 4 };

export type Admission = { ok: true; release: () => void } | { ok: false; reason: 'user' | 'overall'; retryAfterSeconds: number };

export class UploadGate {
  private inFlight = 0;
  private readonly perUser = new Map<number, number>();
  private decoding = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly limits: UploadLimits = UPLOAD_LIMITS) {}

  /** A place for one upload of this user; `release` exactly once when its response has ended. */
  admit(userId: number): Admission {
    const mine = this.perUser.get(userId) ?? 0;
    if (mine >= this.limits.perUser) return { ok: false, reason: 'user', retryAfterSeconds: this.limits.retryAfterSeconds };
    if (this.inFlight >= this.limits.overall) return { ok: false, reason: 'overall', retryAfterSeconds: this.limits.retryAfterSeconds };
    this.inFlight++;
    this.perUser.set(userId, mine + 1);
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        this.inFlight--;
        const left = (this.perUser.get(userId) ?? 1) - 1;
        if (left === 0) this.perUser.delete(userId);
        else this.perUser.set(userId, left);
      },
    };
  }

  /** Decodes in a worker thread once a decode slot is free; rejects if the bytes are not an image. */
  readonly decode: Decoder = async (bytes) => {
    // A finished decode hands its slot straight to the next in line, so none can slip in between.
    if (this.decoding >= this.limits.decodeConcurrency) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.decoding++;
    try {
      return await decodeInWorker(bytes);
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.decoding--;
    }
  };
}

function decodeInWorker(bytes: Buffer): Promise<ImageSize> {
  return new Promise((resolve, reject) => {
    const worker = startWorker(import.meta.url, 'decode-worker', { workerData: { bytes }, resourceLimits: DECODE_RESOURCE_LIMITS });
    let reply: DecodeReply | undefined;
    worker.once('message', (msg: DecodeReply) => (reply = msg));
    // A thread that ran out of its heap, or crashed, proves nothing: the upload is refused as undecodable.
    worker.once('error', () => undefined);
    worker.once('exit', () => (reply?.ok ? resolve({ width: reply.width, height: reply.height }) : reject(new Error('not decodable'))));
  });
}
