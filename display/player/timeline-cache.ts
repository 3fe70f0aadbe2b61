import { z } from 'zod';
import { TimelineSchema, type Timeline } from '../../server/protocol/timeline.js';
import type { Measurement } from './clock-estimator.js';

const TIMELINE_KEY = 'pano.timeline';
const TOKEN_KEY = 'pano.display.token';
const OFFSET_KEY = 'pano.clock.offset';

export interface CachedTimeline {
  version: string;
  timeline: Timeline | null;
}

/** The last timeline received, kept so a display that restarts while the server is down still plays. */
export function loadTimeline(storage: Storage): CachedTimeline | undefined {
  try {
    const raw = JSON.parse(storage.getItem(TIMELINE_KEY) ?? 'null') as { version?: unknown; timeline?: unknown } | null;
    if (!raw || typeof raw.version !== 'string') return undefined;
    if (raw.timeline === null) return { version: raw.version, timeline: null };
    const timeline = TimelineSchema.safeParse(raw.timeline);
    return timeline.success ? { version: raw.version, timeline: timeline.data } : undefined;
  } catch {
    return undefined;
  }
}

export function saveTimeline(storage: Storage, cached: CachedTimeline): void {
  write(storage, TIMELINE_KEY, JSON.stringify(cached));
}

/** The display's own token, given once at pairing; storage is the kiosk's only credential store. */
export function loadToken(storage: Storage): string | undefined {
  return read(storage, TOKEN_KEY) ?? undefined;
}

export function saveToken(storage: Storage, token: string): void {
  write(storage, TOKEN_KEY, token);
}

/** Revoked: forget the identity and everything played under it. */
export function forgetIdentity(storage: Storage): void {
  for (const key of [TOKEN_KEY, TIMELINE_KEY]) {
    try {
      storage.removeItem(key);
    } catch {
      // Disabled storage holds nothing to forget.
    }
  }
}

/**
 * The last trusted clock estimate, so a display rebooted without a server still switches with its
 * zone, and its round trip seeds the next run's judgement of samples. An older app stored the bare
 * offset: it is still applied, but judges nothing.
 */
export function loadClock(storage: Storage): { offsetMs: number; measurement?: Measurement } {
  const raw = read(storage, OFFSET_KEY);
  if (raw === null) return { offsetMs: 0 };
  try {
    const parsed = SavedClockSchema.safeParse(JSON.parse(raw));
    if (parsed.success) return { offsetMs: parsed.data.offsetMs, measurement: parsed.data };
  } catch {
    // Not JSON: an older app's bare number, or garbage.
  }
  const n = Number(raw);
  return { offsetMs: Number.isFinite(n) ? n : 0 };
}

/** Only an adopted estimate is saved: never a provisional one or a rejected burst's. */
export function saveClock(storage: Storage, m: Measurement): void {
  write(storage, OFFSET_KEY, JSON.stringify({ offsetMs: m.offsetMs, roundTripMs: m.roundTripMs, at: m.at }));
}

const SavedClockSchema = z
  .object({ offsetMs: z.number().finite(), roundTripMs: z.number().finite().nonnegative(), at: z.number().finite() })
  .strict();

function read(storage: Storage, key: string): string | null {
  try {
    return storage.getItem(key);
  } catch {
    return null;
  }
}

function write(storage: Storage, key: string, value: string): void {
  try {
    storage.setItem(key, value);
  } catch {
    // A full or disabled storage costs offline resilience only; playback goes on.
  }
}
