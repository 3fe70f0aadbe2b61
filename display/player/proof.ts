import type { PlayRecord } from '../../server/protocol/messages.js';
import type { TemplateId } from '../../server/protocol/timeline.js';
import { sha256Hex } from './sha256.js';

const KEY = 'pano.proof';
/** Two days of a 10-second rotation; beyond that the oldest plays are dropped, never the newest. */
const MAX_QUEUED = 20_000;
const BATCH = 60;
/** A batch not acknowledged within this long is sent again (the server ignores duplicates). */
const RESEND_MS = 15_000;

export interface OnScreen {
  itemId: number;
  revisionId: number;
  template: TemplateId;
  text: string;
  /** A picture or clip: the SHA-256 of the rendition on screen. */
  mediaSha256?: string;
}

/**
 * Proof of play: each item's time on screen (server time) with the hash of the text drawn,
 * queued in storage so plays made while the server was down are reported when it returns.
 */
export class ProofLog {
  private current: (OnScreen & { start: number; sha: string }) | undefined;
  private queue: PlayRecord[];
  private inFlight: { seq: number; count: number; sentAt: number } | undefined;
  private seq = 0;

  constructor(private readonly storage: Storage) {
    this.queue = load(storage);
  }

  /** Called when the screen changes: closes the play that was on, opens the next (or none). */
  observe(next: OnScreen | undefined, now: number): void {
    const same = next && this.current && next.revisionId === this.current.revisionId && next.template === this.current.template;
    if (same) return;
    const prev = this.current;
    // Whole milliseconds, as the protocol has them: a play under a millisecond (a clock step back
    // across a switch) would round to end = start, which the server refuses as a whole batch.
    const start = prev && Math.round(prev.start);
    const end = Math.round(now);
    if (prev && start !== undefined && end > start) {
      const { itemId, revisionId, template, sha, mediaSha256 } = prev;
      this.queue.push({ itemId, revisionId, template, start, end, contentSha256: sha, ...(mediaSha256 ? { mediaSha256 } : {}) });
      if (this.queue.length > MAX_QUEUED) this.queue.splice(0, this.queue.length - MAX_QUEUED);
      this.save();
    }
    this.current = next ? { ...next, start: now, sha: sha256Hex(next.text) } : undefined;
  }

  /** Sends the oldest batch unless one is waiting for its acknowledgement. */
  flush(send: (seq: number, plays: PlayRecord[]) => boolean, nowMs = Date.now()): void {
    if (this.queue.length === 0) return;
    if (this.inFlight && nowMs - this.inFlight.sentAt < RESEND_MS) return;
    const plays = this.queue.slice(0, BATCH);
    const seq = ++this.seq;
    if (send(seq, plays)) this.inFlight = { seq, count: plays.length, sentAt: nowMs };
  }

  acked(seq: number): void {
    if (!this.inFlight || this.inFlight.seq !== seq) return;
    this.queue.splice(0, this.inFlight.count);
    this.inFlight = undefined;
    this.save();
  }

  /** A display that is re-paired starts a new identity: its old plays are not its own. */
  clear(): void {
    this.queue = [];
    this.current = undefined;
    this.inFlight = undefined;
    this.save();
  }

  get pending(): number {
    return this.queue.length;
  }

  private save(): void {
    try {
      this.storage.setItem(KEY, JSON.stringify(this.queue));
    } catch {
      // Full storage: the plays stay in memory and are still sent while this page lives.
    }
  }
}

function load(storage: Storage): PlayRecord[] {
  try {
    const raw = JSON.parse(storage.getItem(KEY) ?? '[]') as unknown;
    return Array.isArray(raw) ? (raw as PlayRecord[]) : [];
  } catch {
    return [];
  }
}
