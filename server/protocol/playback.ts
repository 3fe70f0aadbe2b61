/** The playback rule every client shares: screens play by it, the preview and the panel show by it. */
import type { PlaylistEntry, Timeline, TimelineInterval } from './timeline.js';

export interface NowShowing {
  interval: TimelineInterval;
  entry: PlaylistEntry;
  index: number;
  /** When this item came on and when it goes off (ms since the Unix epoch, server time). */
  since: number;
  until: number;
}

/**
 * The item on screen at server time `now`: a pure function of the timeline and the clock, so every
 * display of a zone holding the same timeline shows the same item, with no master and no message.
 */
export function nowShowing(timeline: Timeline, now: number): NowShowing | undefined {
  const interval = timeline.intervals.find((i) => Date.parse(i.start) <= now && now < Date.parse(i.end));
  if (!interval || interval.playlist.length === 0) return undefined;
  const slotMs = interval.secondsPerItem * 1000;
  const slot = Math.floor((now - Date.parse(interval.epoch)) / slotMs);
  const index = ((slot % interval.playlist.length) + interval.playlist.length) % interval.playlist.length;
  const slotStart = Date.parse(interval.epoch) + slot * slotMs;
  const since = Math.max(slotStart, Date.parse(interval.start));
  const until = Math.min(slotStart + slotMs, Date.parse(interval.end));
  return { interval, entry: interval.playlist[index]!, index, since, until };
}
