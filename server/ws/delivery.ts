import { createHash } from 'node:crypto';
import { WebSocket } from 'ws';
import type { Timeline } from '../protocol/timeline.js';

/** A timeline with its version and its frame, serialised once however many displays get it. */
export interface CompiledTimeline {
  version: string;
  timeline: Timeline | null;
  frame: string;
}

const cache = new WeakMap<Timeline, CompiledTimeline>();
const NOTHING = frameFor(null);

/**
 * Version = hash of the content, so recompiling the same thing gives the same version and nothing
 * is pushed. A compiler that hands the same object to every display of a zone pays the
 * serialisation once per zone, not once per display.
 */
export function compiled(timeline: Timeline | undefined): CompiledTimeline {
  if (!timeline) return NOTHING;
  let hit = cache.get(timeline);
  if (!hit) {
    hit = frameFor(timeline);
    cache.set(timeline, hit);
  }
  return hit;
}

function frameFor(timeline: Timeline | null): CompiledTimeline {
  const json = JSON.stringify(timeline);
  const version = createHash('sha256').update(json).digest('hex').slice(0, 16);
  return { version, timeline, frame: `{"type":"timeline","version":"${version}","timeline":${json}}` };
}

/** Where a display stands in delivery: what was pushed, what it applied, how long that took. */
export interface DeliveryState {
  timelineVersion: string | null;
  timeline: Timeline | null;
  ackedVersion: string | null;
  /** performance.now() of the last push not yet acknowledged. */
  pushedAt: number | undefined;
  ackLatencyMs: number | null;
  /** A newer timeline waiting for the socket to drain; replaces any older one waiting. */
  queued: CompiledTimeline | undefined;
  /** When the socket's buffer first stayed above the queueing threshold. */
  slowSince: number | undefined;
}

export function freshDelivery(): DeliveryState {
  return {
    timelineVersion: null,
    timeline: null,
    ackedVersion: null,
    pushedAt: undefined,
    ackLatencyMs: null,
    queued: undefined,
    slowSince: undefined,
  };
}

/** Records an ack; returns the push → ack latency when it acknowledges the latest push. */
export function acknowledge(state: DeliveryState, version: string, now: number): number | undefined {
  state.ackedVersion = version;
  if (version !== state.timelineVersion || state.pushedAt === undefined) return undefined;
  state.ackLatencyMs = Math.round((now - state.pushedAt) * 10) / 10;
  state.pushedAt = undefined;
  return state.ackLatencyMs;
}

/** Latencies of the most recent acks across all displays, for percentiles; bounded memory. */
export class LatencyLog {
  private readonly values: number[] = [];
  private next = 0;

  constructor(private readonly capacity = 20_000) {}

  add(ms: number): void {
    if (this.values.length < this.capacity) this.values.push(ms);
    else this.values[this.next] = ms;
    this.next = (this.next + 1) % this.capacity;
  }

  /** Takes the recorded latencies and starts over. */
  drain(): number[] {
    const out = this.values.splice(0);
    this.next = 0;
    return out;
  }
}

/** Above this many unsent bytes a new timeline waits (and is replaced by any newer one). */
const QUEUE_THRESHOLD_BYTES = 64 * 1024;
const DRAIN_CHECK_MS = 250;

/**
 * Backpressure for one display: send now, or, while its socket is backed up, keep only the newest
 * timeline waiting (an older one would be stale on arrival). A display that stays backed up for
 * `slowDisplayMs` is given up on through `tooSlow`, so it cannot grow the server's memory.
 */
export interface PushHooks {
  slowDisplayMs: number;
  tooSlow: () => void;
  /** The frame went out: proof of play is checked against what was sent. */
  sent: (next: CompiledTimeline) => void;
}

export function pushTimeline(ws: WebSocket, delivery: DeliveryState, next: CompiledTimeline, hooks: PushHooks): void {
  if (ws.readyState !== WebSocket.OPEN) return;
  if (ws.bufferedAmount > QUEUE_THRESHOLD_BYTES) {
    const waiting = delivery.queued !== undefined;
    delivery.queued = next;
    delivery.slowSince ??= Date.now();
    if (!waiting) setTimeout(() => drain(ws, delivery, hooks), DRAIN_CHECK_MS).unref();
    return;
  }
  delivery.queued = undefined;
  delivery.slowSince = undefined;
  delivery.timelineVersion = next.version;
  delivery.timeline = next.timeline;
  delivery.pushedAt = performance.now();
  ws.send(next.frame);
  hooks.sent(next);
}

function drain(ws: WebSocket, delivery: DeliveryState, hooks: PushHooks): void {
  const next = delivery.queued;
  if (!next || ws.readyState !== WebSocket.OPEN) return;
  if (ws.bufferedAmount > QUEUE_THRESHOLD_BYTES) {
    if (Date.now() - delivery.slowSince! > hooks.slowDisplayMs) return hooks.tooSlow();
    setTimeout(() => drain(ws, delivery, hooks), DRAIN_CHECK_MS).unref();
    return;
  }
  delivery.queued = undefined;
  pushTimeline(ws, delivery, next, hooks);
}
