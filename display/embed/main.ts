/**
 * The web zone's banner, framed by the agency's portal at /embed/<zone>: the zone's timeline
 * played by the screens' own rule (nowShowing) and drawn by the screens' own renderer, so the
 * web page switches with the lobby and shows the mourning template when screens do. It asks for
 * the timeline again every half minute (most answers are 304s) and shows nothing when the channel
 * is switched off.
 */
import { FONT_WEIGHTS, fontCss, fontFace } from '../render/index.js';
import { TimelineSchema, type Timeline } from '../../server/protocol/timeline.js';
import { nowShowing } from '../../server/protocol/playback.js';
import { Stage } from '../player/stage.js';
import { slideOf } from '../player/slide-of.js';
import { MediaPlayback } from '../player/media-playback.js';
import { PublicPictures } from './public-pictures.js';

/** The server's Cache-Control max-age for the timeline: asking more often would only meet the cache. */
const REFRESH_MS = 30_000;
/** The Date header counts whole seconds: a smaller difference is its rounding, not a clock error. */
const CLOCK_STEP_MS = 1_500;

/** What the banner shows, for tests and anyone debugging a portal page. */
declare global {
  interface Window {
    panoEmbed?: { state: 'loading' | 'showing' | 'empty'; text?: string; template?: string; mediaId?: string };
  }
}

const zone = decodeURIComponent(location.pathname.split('/').filter(Boolean).pop() ?? '');
let timeline: Timeline | undefined;
const pictures = new PublicPictures(zone);
const playback = new MediaPlayback(pictures);
/** Server time minus this device's time: a visitor's clock may be minutes off, the screens' is not. */
let offsetMs = 0;

async function refresh(): Promise<void> {
  const sent = Date.now();
  let res: Response;
  try {
    res = await fetch(`/api/public/web/${encodeURIComponent(zone)}/timeline`, { cache: 'no-cache' });
  } catch {
    return; // Offline: the timeline held plays on, as on a screen.
  }
  const received = Date.now();
  // Switched off (or the zone is gone): nothing, at once. Any other refusal keeps what is held.
  if (res.status === 404) timeline = undefined;
  if (!res.ok) return;
  const parsed = TimelineSchema.safeParse(await res.json().catch(() => undefined));
  if (parsed.success) timeline = parsed.data;
  pictures.follow(timeline);
  const serverDate = Date.parse(res.headers.get('Date') ?? '');
  const offset = serverDate + 500 - (sent + received) / 2;
  if (Number.isFinite(offset) && Math.abs(offset - offsetMs) > CLOCK_STEP_MS) offsetMs = offset;
}

async function boot(): Promise<void> {
  window.panoEmbed = { state: 'loading' };
  const stage = new Stage([...document.querySelectorAll('canvas.layer')] as [HTMLCanvasElement, HTMLCanvasElement]);
  // Measuring before the fonts arrive would lay out with a fallback font's widths.
  await Promise.all([...FONT_WEIGHTS.map((w) => document.fonts.load(fontCss(fontFace(w), 48), 'Ểễậ')), refresh()]);
  setInterval(() => void refresh(), REFRESH_MS);
  let shownKey = '';
  let shownSlot = '';
  const frame = () => {
    requestAnimationFrame(frame);
    const resized = stage.fit();
    const now = Date.now() + offsetMs;
    const showing = timeline && nowShowing(timeline, now);
    document.body.dataset.state = showing ? 'showing' : 'empty';
    if (!showing) {
      shownKey = '';
      window.panoEmbed = { state: 'empty' };
      delete document.documentElement.dataset.showing;
      return;
    }
    // As on a screen: a picture not fetched yet gives its slot to the next item that can play.
    const slot = `${showing.index}|${showing.since}`;
    if (slot !== shownSlot) {
      playback.keep([showing.entry]);
      shownSlot = slot;
    }
    const entry = playback.choose(showing.interval, showing.index);
    const key = `${entry.revisionId}|${entry.media ? 'media' : 'text'}|${showing.since}`;
    stage.show(slideOf(timeline!, showing, entry, now, stage.size.height), key === shownKey && !resized, playback.images);
    shownKey = key;
    window.panoEmbed = { state: 'showing', text: entry.text, template: showing.interval.template, ...(entry.media ? { mediaId: entry.media.id } : {}) };
    document.documentElement.dataset.showing = entry.text;
  };
  requestAnimationFrame(frame);
}

void boot();
