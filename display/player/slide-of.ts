import type { PlaylistEntry, Timeline } from '../../server/protocol/timeline.js';
import type { NowShowing } from '../../server/protocol/playback.js';
import { formatClock, formatDate } from '../../server/protocol/wall-clock.js';

/** Ticker speed in screen heights per second: readable on a 32 px gate board and on a TV alike. */
const TICKER_HEIGHTS_PER_SECOND = 1.5;

/**
 * The slide for the slot `showing`, playing `entry` (the scheduled one, or the one that stands in
 * for it when a screen lacks its file): screens and the web banner draw the same.
 */
export function slideOf(timeline: Timeline, showing: NowShowing, entry: PlaylistEntry, now: number, height: number) {
  return { template: showing.interval.template, text: entry.text, fields: fieldsFor(timeline, showing, entry, now, height) };
}

function fieldsFor(timeline: Timeline, showing: NowShowing, entry: PlaylistEntry, now: number, height: number) {
  const caption = entry.caption ?? showing.interval.fields?.caption;
  return {
    ...showing.interval.fields,
    ...(caption ? { caption } : {}),
    ...(entry.media ? { media: entry.media } : {}),
    date: formatDate(now, timeline.timeZone),
    clock: formatClock(now, timeline.timeZone),
    // Mourning on a gate board scrolls like the ticker; other templates ignore the offset.
    ...(showing.interval.template === 'gate-ticker' || showing.interval.template === 'mourning' ? { tickerOffsetPx: Math.floor((now / 1000) * height * TICKER_HEIGHTS_PER_SECOND) } : {}),
  };
}
