/**
 * Reads a clip's container in a worker thread, bounded: one probe at a time (the others wait their
 * turn), a bounded JavaScript heap, and a time limit after which the thread is ended and the clip
 * refused. MediaInfo's WebAssembly memory lives outside the heap bound; it holds the parser's
 * state and one chunk, not the file, and the time limit ends a parser that keeps growing.
 */
import { startWorker } from '../threads/start-worker.js';
import type { ProbedClip } from './clip-limits.js';
import type { ProbeReply } from './clip-probe-worker.js';

export interface ProbeLimits {
  timeoutMs: number;
  /** Probes running at once. */
  concurrency: number;
}

export const PROBE_LIMITS: ProbeLimits = { timeoutMs: 20_000, concurrency: 1 };

const PROBE_RESOURCE_LIMITS = { maxOldGenerationSizeMb: 96, maxYoungGenerationSizeMb: 16, stackSizeMb: 4 };

/** Why a probe gave no facts: the file could not be parsed, or the parser ran out of time or heap. */
export class ProbeFailed extends Error {
  constructor(readonly reason: 'unreadable' | 'too-slow' | 'too-big') {
    super(`clip probe failed: ${reason}`);
  }
}

export class ClipProber {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly limits: ProbeLimits = PROBE_LIMITS) {}

  /** The container's facts of the file at `file`; rejects with ProbeFailed. */
  async probe(file: string): Promise<ProbedClip> {
    // A finished probe hands its slot straight to the next in line, so none can slip in between.
    if (this.running >= this.limits.concurrency) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running++;
    try {
      return await probeInWorker(file, this.limits.timeoutMs);
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}

function probeInWorker(file: string, timeoutMs: number): Promise<ProbedClip> {
  return new Promise((resolve, reject) => {
    const worker = startWorker(import.meta.url, 'clip-probe-worker', { workerData: { file }, resourceLimits: PROBE_RESOURCE_LIMITS });
    let reply: ProbeReply | undefined;
    let failure: ProbeFailed | undefined;
    const timer = setTimeout(() => {
      failure ??= new ProbeFailed('too-slow');
      void worker.terminate();
    }, timeoutMs);
    worker.once('message', (msg: ProbeReply) => (reply = msg));
    worker.once('error', (err) => {
      failure ??= new ProbeFailed((err as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'too-big' : 'unreadable');
    });
    worker.once('exit', () => {
      clearTimeout(timer);
      if (reply?.ok) resolve(reply.probe);
      else reject(failure ?? new ProbeFailed('unreadable'));
    });
  });
}
