import { TimelineSchema, type Timeline } from '../../server/protocol/timeline.js';

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

/** The last clock offset, so a display rebooted without a server still switches with its zone. */
export function loadClockOffset(storage: Storage): number {
  const n = Number(read(storage, OFFSET_KEY));
  return Number.isFinite(n) ? n : 0;
}

export function saveClockOffset(storage: Storage, offsetMs: number): void {
  write(storage, OFFSET_KEY, String(Math.round(offsetMs)));
}

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
