import { randomUUID } from 'node:crypto';
import { jpegSegments, u16 } from '../photos/jpeg.js';
import { CAPTURE_MAX_JPEG_BYTES, CAPTURE_MAX_SIDE } from '../protocol/messages.js';
import { AttemptLimiter } from '../auth/rate-limit.js';

/** A display gets this long to answer; then the request fails (the screen may be frozen). */
export const CAPTURE_TIMEOUT_MS = 10_000;
/** Captures per display: 6 a minute, whoever asks. */
const CAPTURES_PER_MINUTE = 6;

export type CaptureOutcome =
  | { ok: true; jpeg: Buffer; width: number; height: number }
  | { ok: false; reason: 'offline' | 'throttled' | 'timeout' | 'invalid'; retryAfterSeconds?: number };

interface Pending {
  displayId: string;
  resolve: (o: CaptureOutcome) => void;
  timer: NodeJS.Timeout;
}

/**
 * Screen captures in flight: one at a time per display, rate-limited, answered only by the
 * display that was asked, with the request id it was given; anything else is not a capture.
 */
export class Captures {
  private readonly pending = new Map<string, Pending>();
  private readonly limiter = new AttemptLimiter(CAPTURES_PER_MINUTE, 60_000);

  constructor(private readonly timeoutMs = CAPTURE_TIMEOUT_MS) {}

  /** Starts a capture; `send` delivers the command (false: the display is not connected). */
  request(displayId: string, send: (requestId: string) => boolean): Promise<CaptureOutcome> {
    const now = Date.now();
    const wait = this.limiter.retryAfter(displayId, now);
    if (wait > 0 || this.awaiting(displayId)) return Promise.resolve({ ok: false, reason: 'throttled', retryAfterSeconds: Math.max(wait, 1) });
    const requestId = randomUUID();
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.settle(requestId, { ok: false, reason: 'timeout' }), this.timeoutMs);
      timer.unref();
      this.pending.set(requestId, { displayId, resolve, timer });
      if (!send(requestId)) return this.settle(requestId, { ok: false, reason: 'offline' });
      this.limiter.record(displayId, now);
    });
  }

  /** Whether this display was asked and has not answered: only then may it send a capture-sized frame. */
  awaiting(displayId: string): boolean {
    for (const p of this.pending.values()) if (p.displayId === displayId) return true;
    return false;
  }

  /** A capture frame from a display; false when nobody asked this display for it. */
  receive(displayId: string, requestId: string, jpegBase64: string): boolean {
    const p = this.pending.get(requestId);
    if (!p || p.displayId !== displayId) return false;
    const jpeg = Buffer.from(jpegBase64, 'base64');
    const size = jpegSize(jpeg);
    this.settle(requestId, size ? { ok: true, jpeg, ...size } : { ok: false, reason: 'invalid' });
    return true;
  }

  /** The display went away: its captures fail now rather than at the timeout. */
  drop(displayId: string): void {
    for (const [id, p] of this.pending) if (p.displayId === displayId) this.settle(id, { ok: false, reason: 'offline' });
  }

  private settle(requestId: string, outcome: CaptureOutcome): void {
    const p = this.pending.get(requestId);
    if (!p) return;
    this.pending.delete(requestId);
    clearTimeout(p.timer);
    p.resolve(outcome);
  }
}

/**
 * Width and height of a baseline or progressive JPEG within the capture limits, or undefined:
 * the bytes must start with SOI, end with EOI and declare a frame (SOF) no larger than allowed.
 */
export function jpegSize(b: Uint8Array): { width: number; height: number } | undefined {
  if (b.length < 4 || b.length > CAPTURE_MAX_JPEG_BYTES || b[b.length - 2] !== 0xff || b[b.length - 1] !== 0xd9) return undefined;
  for (const s of jpegSegments(b)) {
    if (s.marker !== 0xc0 && s.marker !== 0xc1 && s.marker !== 0xc2) continue;
    const height = u16(b, s.start + 1);
    const width = u16(b, s.start + 3);
    const fits = width > 0 && height > 0 && width <= CAPTURE_MAX_SIDE && height <= CAPTURE_MAX_SIDE && s.end <= b.length;
    return fits ? { width, height } : undefined;
  }
  return undefined;
}
