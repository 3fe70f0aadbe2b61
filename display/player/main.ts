import { FONT_WEIGHTS, fontCss, fontFace } from '../render/index.js';
import type { Timeline } from '../../server/protocol/timeline.js';
import { DisplayConnection } from './connection.js';
import { ServerClock } from './clock.js';
import { nowShowing } from './playback.js';
import { Stage } from './stage.js';
import { loadTimeline, saveTimeline } from './timeline-cache.js';
import { formatClock, formatDate } from './format.js';

const APP_VERSION = 'display/0.1.0';

/** What the screen shows right now, for the control panel, tests and anyone debugging a kiosk. */
declare global {
  interface Window {
    pano?: { showing?: { itemId: number; revisionId: number; text: string }; timelineVersion?: string; clockOffsetMs: number };
  }
}

async function boot(): Promise<void> {
  const params = new URLSearchParams(location.search);
  const zone = params.get('zone') ?? 'lobby';
  const status = document.getElementById('status')!;
  const stage = new Stage(document.getElementById('stage') as HTMLCanvasElement);
  const clock = new ServerClock();

  // Measuring before the fonts arrive would lay out with a fallback font's widths.
  await Promise.all(FONT_WEIGHTS.map((w) => document.fonts.load(fontCss(fontFace(w), 48), 'Ểễậ')));

  let current = loadTimeline(localStorage);
  let drawnKey = '';

  const frame = () => {
    requestAnimationFrame(frame);
    const resized = stage.fit();
    const now = clock.now();
    const showing = current ? nowShowing(current.timeline, now) : undefined;
    window.pano = { ...window.pano, clockOffsetMs: clock.offset, timelineVersion: current?.version };
    if (!showing || !current) return;
    const template = showing.interval.template;
    const minute = Math.floor(now / 60_000);
    const key = `${current.version}|${showing.entry.revisionId}|${showing.since}|${minute}`;
    if (!resized && key === drawnKey && template !== 'gate-ticker') return;
    drawnKey = key;
    stage.draw({
      template,
      text: showing.entry.text,
      fields: fieldsFor(current.timeline, showing.entry.caption, now, stage.size.height),
    });
    const { itemId, revisionId, text } = showing.entry;
    window.pano.showing = { itemId, revisionId, text };
    document.documentElement.dataset.showing = text;
  };

  const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const connection = new DisplayConnection(`${proto}//${location.host}/ws`, zone, APP_VERSION, clock, {
    onTimeline: (version, msg) => {
      current = { version, timeline: msg.timeline };
      saveTimeline(localStorage, current);
      drawnKey = '';
      connection.ack(version);
    },
    onStatus: (state) => {
      status.hidden = state === 'online';
      status.textContent = state === 'connecting' ? 'Đang kết nối máy chủ…' : 'Mất kết nối — vẫn đang phát lịch đã lưu';
    },
  });
  connection.start();
  requestAnimationFrame(frame);
}

/** Ticker speed in screen heights per second: readable on a 32 px gate board and on a TV alike. */
const TICKER_HEIGHTS_PER_SECOND = 1.5;

function fieldsFor(timeline: Timeline, caption: string | undefined, now: number, height: number) {
  return {
    ...(caption ? { caption } : {}),
    date: formatDate(now, timeline.timeZone),
    clock: formatClock(now, timeline.timeZone),
    tickerOffsetPx: Math.floor((now / 1000) * height * TICKER_HEIGHTS_PER_SECOND),
  };
}

void boot();
