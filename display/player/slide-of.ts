import type { Timeline } from '../../server/protocol/timeline.js';
import type { NowShowing } from '../../server/protocol/playback.js';
import { formatClock, formatDate } from '../../server/protocol/wall-clock.js';

/** Ticker speed in screen heights per second: readable on a 32 px gate board and on a TV alike. */
const TICKER_HEIGHTS_PER_SECOND = 1.5;

/** The slide a timeline's current item makes: screens and the web banner draw the same. */
export function slideOf(timeline: Timeline, showing: NowShowing, now: number, height: number) {
  return { template: showing.interval.template, text: showing.entry.text, fields: fieldsFor(timeline, showing, now, height) };
}

function fieldsFor(timeline: Timeline, showing: NowShowing, now: number, height: number) {
  const caption = showing.entry.caption ?? showing.interval.fields?.caption;
  return {
    ...showing.interval.fields,
    ...(caption ? { caption } : {}),
    date: formatDate(now, timeline.timeZone),
    clock: formatClock(now, timeline.timeZone),
    // Mourning on a gate board scrolls like the ticker; other templates ignore the offset.
    ...(showing.interval.template === 'gate-ticker' || showing.interval.template === 'mourning' ? { tickerOffsetPx: Math.floor((now / 1000) * height * TICKER_HEIGHTS_PER_SECOND) } : {}),
  };
}
