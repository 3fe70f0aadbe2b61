import { TimelineSchema, type Timeline } from '../../server/protocol/timeline.js';

const KEY = 'pano.timeline';

export interface CachedTimeline {
  version: string;
  timeline: Timeline;
}

/** The last timeline received, kept so a display that restarts while the server is down still plays. */
export function loadTimeline(storage: Storage): CachedTimeline | undefined {
  try {
    const raw = JSON.parse(storage.getItem(KEY) ?? 'null') as { version?: unknown; timeline?: unknown } | null;
    if (!raw || typeof raw.version !== 'string') return undefined;
    const timeline = TimelineSchema.safeParse(raw.timeline);
    return timeline.success ? { version: raw.version, timeline: timeline.data } : undefined;
  } catch {
    return undefined;
  }
}

export function saveTimeline(storage: Storage, cached: CachedTimeline): void {
  try {
    storage.setItem(KEY, JSON.stringify(cached));
  } catch {
    // A full or disabled storage costs offline resilience only; playback goes on.
  }
}
