/** The playback rule every client shares: screens play by it, the preview and the panel show by it. */
import type { PlaylistEntry, Timeline, TimelineInterval } from './timeline.js';

/** The end of an interval that has none: the after-horizon rotation plays until the server is back. */
export const OPEN_END = '9999-12-31T23:59:59.999Z';

/** The after-horizon rotation as an interval from horizonEnd on (kind 'fallback'), if the timeline has one. */
export function afterHorizonInterval(timeline: Timeline): TimelineInterval | undefined {
  const a = timeline.afterHorizon;
  return a && { start: timeline.horizonEnd, end: OPEN_END, template: a.template, secondsPerItem: a.secondsPerItem, epoch: a.epoch, playlist: a.playlist, kind: 'fallback' };
}

/** Whether `now` lies past what the server compiled (the screen then says so). */
export function pastHorizon(timeline: Timeline, now: number): boolean {
  return now >= Date.parse(timeline.horizonEnd);
}

function afterHorizonAt(timeline: Timeline, now: number): TimelineInterval | undefined {
  return pastHorizon(timeline, now) ? afterHorizonInterval(timeline) : undefined;
}

export interface NowShowing {
  interval: TimelineInterval;
  entry: PlaylistEntry;
  index: number;
  /** When this item came on and when it goes off (ms since the Unix epoch, server time). */
  since: number;
  until: number;
}

/** How long an entry holds the screen: a clip its own length, anything else the interval's time per item. */
export function slotLengthMs(interval: Pick<TimelineInterval, 'secondsPerItem'>, entry: PlaylistEntry): number {
  return entry.media?.kind === 'clip' ? entry.media.durationMs : interval.secondsPerItem * 1000;
}

/**
 * The item on screen at server time `now`: a pure function of the timeline and the clock, so every
 * display of a zone holding the same timeline shows the same item, with no master and no message.
 * The playlist plays in a cycle from the interval's epoch; an entry's slot lasts slotLengthMs.
 */
export function nowShowing(timeline: Timeline, now: number): NowShowing | undefined {
  const interval = timeline.intervals.find((i) => Date.parse(i.start) <= now && now < Date.parse(i.end)) ?? afterHorizonAt(timeline, now);
  if (!interval || interval.playlist.length === 0) return undefined;
  const lengths = interval.playlist.map((e) => slotLengthMs(interval, e));
  const cycleMs = lengths.reduce((a, b) => a + b, 0);
  const epoch = Date.parse(interval.epoch);
  const cycleStart = epoch + Math.floor((now - epoch) / cycleMs) * cycleMs;
  let index = 0;
  let slotStart = cycleStart;
  while (slotStart + lengths[index]! <= now) {
    slotStart += lengths[index]!;
    index += 1;
  }
  const since = Math.max(slotStart, Date.parse(interval.start));
  const until = Math.min(slotStart + lengths[index]!, Date.parse(interval.end));
  return { interval, entry: interval.playlist[index]!, index, since, until };
}
