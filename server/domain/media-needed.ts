import type { PlaylistMedia } from '../protocol/media.js';
import type { Timeline } from '../protocol/timeline.js';
import { afterHorizonInterval } from '../protocol/playback.js';

/**
 * The pictures and clips a display's timeline can still put on screen from `now` on: every
 * interval of the horizon that has not ended, then the rotation played past the horizon. Each
 * original once, soonest first, so a screen short of space fetches what it plays next. The gate
 * board's ticker shows only captions, so its intervals need no file.
 */
export function mediaNeeded(timeline: Timeline, now: number): PlaylistMedia[] {
  const out = new Map<string, PlaylistMedia>();
  const after = afterHorizonInterval(timeline);
  for (const interval of after ? [...timeline.intervals, after] : timeline.intervals) {
    if (Date.parse(interval.end) <= now || interval.template === 'gate-ticker') continue;
    for (const entry of interval.playlist) if (entry.media && !out.has(entry.media.id)) out.set(entry.media.id, entry.media);
  }
  return [...out.values()];
}
