import { FONT_WEIGHTS, fontCss, fontFace } from '../render/index.js';
import type { Timeline } from '../../server/protocol/timeline.js';
import { DisplayConnection } from './connection.js';
import { ServerClock } from './clock.js';
import { Stage } from './stage.js';
import {
  forgetIdentity,
  loadClock,
  loadTimeline,
  loadToken,
  saveClock,
  saveTimeline,
  saveToken,
  type CachedTimeline,
} from './timeline-cache.js';
import { ProofLog } from './proof.js';
import { FALLBACK_TEXT, screenFor } from './screen-state.js';
import { nowShowing, pastHorizon, slotLengthMs, type NowShowing } from '../../server/protocol/playback.js';
import type { PlaylistEntry } from '../../server/protocol/timeline.js';
import { MediaPlayback } from './media-playback.js';
import { Watchdog } from './watchdog.js';
import { captureCanvas } from './capture.js';
import { MediaCache } from './media-cache.js';
import type { MediaCacheStatus } from '../../server/protocol/media.js';
import { slideOf } from './slide-of.js';

const APP_VERSION = 'display/0.2.0';
/** Set when the service worker reports the shell, fonts and assets cached. */
let offlineReady = false;

/** What the screen shows right now, for tests and anyone debugging a kiosk. */
declare global {
  interface Window {
    pano?: {
      screen: 'pairing' | 'slide' | 'fallback';
      showing?: { itemId: number; revisionId: number; text: string; mediaId?: string };
      /** The clip on screen: its position (s), when its slot began (server time) and the seeks made to keep it in step. */
      clip?: { id: string; time: number; slotStart: number; seeks: number };
      /** Milliseconds from navigation start to the first picture or clip drawn (the bench's cold and cached figures). */
      firstPictureMs?: number;
      /** Pictures decoded and clips loaded right now (the memory bench watches them). */
      mediaHeld?: { pictures: number; clips: number };
      /** Server time at which the current item was first drawn here. */
      shownAt?: number;
      /**
       * The device clock at that moment: screens on one machine share it, so tests compare their
       * switches by it (the server-time stamp above contains each screen's own clock error).
       */
      shownAtDevice?: number;
      timelineVersion?: string;
      clockOffsetMs: number;
      clock?: { slewing: boolean; bursts: number; rejected: number; roundTripMs: number | null; uncertain: boolean };
      pairingCode?: string;
      displayName?: string;
      proofQueued: number;
      offlineReady?: boolean;
      /** Milliseconds from navigation start to the first slide drawn (fonts, timeline, layout, draw): a kiosk's boot time. */
      firstFrameMs?: number;
      /** The stored timeline has run out: the zone's evergreen rotation (or the built-in slogan) plays. */
      pastHorizon: boolean;
      /** Pictures and clips held here (verified), and the cache's status as last reported. */
      media?: { held: { mediaId: string; sha256: string; bytes: number }[]; status: MediaCacheStatus };
    };
  }
}

async function boot(): Promise<void> {
  registerServiceWorker();
  const statusEl = document.getElementById('status')!;
  const pairingEl = document.getElementById('pairing')!;
  const codeEl = document.getElementById('pairing-code')!;
  const pairingStateEl = document.getElementById('pairing-state')!;
  const identifyEl = document.getElementById('identify')!;
  const stage = new Stage([...document.querySelectorAll('canvas.layer')] as [HTMLCanvasElement, HTMLCanvasElement]);
  const clock = new ServerClock(loadClock(localStorage));
  const proof = new ProofLog(localStorage);
  let mediaState: NonNullable<Window['pano']>['media'];
  const media = new MediaCache({
    fetch: (...args) => fetch(...args),
    // Withheld outside secure contexts (a kiosk on http://<LAN address>): files are then kept in memory.
    caches: 'caches' in window ? caches : undefined,
    storage: localStorage,
    ...(navigator.storage?.estimate ? { estimate: () => navigator.storage.estimate() } : {}),
    ...(crypto.subtle ? { subtle: crypto.subtle } : {}),
    origin: location.origin,
    onStatus: (status) => {
      mediaState = { held: media.heldFiles(), status };
      connection.mediaStatus(status);
    },
  });
  const playback = new MediaPlayback(media);
  const watchdog = new Watchdog((reason) => {
    connection.reportError(`watchdog: ${reason}`);
    location.reload();
  });

  // Measuring before the fonts arrive would lay out with a fallback font's widths.
  await Promise.all(FONT_WEIGHTS.map((w) => document.fonts.load(fontCss(fontFace(w), 48), 'Ểễậ')));
  performance.measure('pano:fonts-ready');

  let token = loadToken(localStorage);
  let current: CachedTimeline | undefined = token ? loadTimeline(localStorage) : undefined;
  let code: string | undefined;
  let name: string | undefined;
  let itemKey = '';
  /** The slot whose entry was chosen, and the entry: kept for the slot once its own file plays. */
  let chosenFor = '';
  let chosen: PlaylistEntry | undefined;
  /** The item whose successor is already drawn in the hidden canvas, and when that item came on here. */
  let preparedFor = '';
  let crossfadeFrom = 0;
  let identifyTimer: ReturnType<typeof setTimeout> | undefined;
  let connectionState: 'connecting' | 'online' | 'offline' = 'connecting';

  /**
   * The corner badge says what is true: while pairing the code's own line speaks instead; offline,
   * it says whether the saved schedule still plays, and past its horizon what plays instead (the
   * zone's evergreen slogans, or the built-in slogan when the timeline carries none).
   */
  const showStatus = (kind: 'pairing' | 'slide' | 'fallback', beyond: boolean) => {
    statusEl.hidden = kind === 'pairing' || (connectionState === 'online' && !beyond);
    const text = beyond
      ? 'Mất kết nối quá lâu — lịch đã lưu đã hết, đang phát khẩu hiệu thường trực'
      : connectionState === 'connecting'
        ? 'Đang kết nối máy chủ…'
        : kind === 'slide'
          ? 'Mất kết nối — vẫn đang phát lịch đã lưu'
          : 'Mất kết nối — lịch đã lưu đã hết, đang hiện khẩu hiệu dự phòng';
    if (statusEl.textContent !== text) statusEl.textContent = text;
  };

  const frame = () => {
    requestAnimationFrame(frame);
    try {
      draw();
      watchdog.frameDone();
      if (window.pano!.screen !== 'pairing' && window.pano!.firstFrameMs === undefined) {
        window.pano!.firstFrameMs = performance.measure('pano:first-frame').duration;
        connection.firstSlideDrawn();
      }
    } catch (err) {
      watchdog.frameFailed();
      connection.reportError(`draw: ${String(err)}`);
    }
  };

  const draw = () => {
    const resized = stage.fit();
    const now = clock.now();
    const screen = screenFor({ paired: token !== undefined, code, timeline: current?.timeline }, now);
    pairingEl.hidden = screen.kind !== 'pairing';
    const beyond = screen.kind !== 'pairing' && current?.timeline ? pastHorizon(current.timeline, now) : false;
    showStatus(screen.kind, beyond);
    window.pano = {
      ...window.pano,
      screen: screen.kind,
      clockOffsetMs: clock.offset,
      clock: clockState(),
      timelineVersion: current?.version,
      pairingCode: code,
      displayName: name,
      proofQueued: proof.pending,
      offlineReady,
      pastHorizon: beyond,
      ...(mediaState ? { media: mediaState } : {}),
    };
    if (screen.kind === 'pairing') {
      codeEl.textContent = code ? `${code.slice(0, 3)} ${code.slice(3)}` : '';
      return;
    }
    if (screen.kind === 'fallback') {
      if (itemKey !== 'fallback') onItemChange('fallback', undefined, undefined, now);
      stage.show({ template: 'banner', text: FALLBACK_TEXT, fields: { star: true } });
      return;
    }
    const { showing } = screen;
    const timeline = current!.timeline!;
    const next = nowShowing(timeline, showing.until);
    const slotKey = `${current!.version}|${showing.index}|${showing.since}`;
    if (slotKey !== chosenFor) {
      // What is on and what comes next stay decoded; everything else is released.
      playback.keep([showing.entry, next?.entry]);
      chosenFor = slotKey;
      chosen = undefined;
    }
    // A slot whose file is not here (yet) plays the next item that can; once its own file is
    // ready it takes the slot over.
    if (chosen !== showing.entry) chosen = playback.choose(showing.interval, showing.index);
    const shown = chosen!;
    const key = `${current!.version}|${shown.revisionId}|${showing.since}`;
    const sameItem = key === itemKey && !resized;
    if (!sameItem) {
      onItemChange(key, showing, shown, now);
      crossfadeFrom = now;
    }
    stage.show(slideOf(timeline, showing, shown, now, stage.size.height), sameItem, playback.images);
    if (shown.media && window.pano!.firstPictureMs === undefined) window.pano!.firstPictureMs = performance.now();
    if (shown.media?.kind === 'clip') {
      const from = shown === showing.entry ? slotStartOf(showing) : showing.since;
      playback.syncClip(shown.media.id, now - from);
      stage.repaint(playback.images);
      window.pano!.clip = { id: shown.media.id, time: playback.clipTime(shown.media.id) ?? 0, slotStart: from, seeks: playback.seeks };
    } else delete window.pano!.clip;
    window.pano!.mediaHeld = playback.held;
    // A clip that comes next rests on its first frame until its slot.
    if (next?.entry.media?.kind === 'clip' && next.entry.media.id !== shown.media?.id) playback.cue(next.entry.media.id);
    // Once the crossfade is over, the next item is drawn into the hidden canvas, so the switch
    // itself costs no drawing (a 4K draw takes longer than a frame).
    if (preparedFor !== key && now - crossfadeFrom > CROSSFADE_MS) {
      preparedFor = key;
      if (next) stage.prepare(slideOf(timeline, next, next.entry, showing.until, stage.size.height), playback.images);
    }
  };

  /** A new item, interval or timeline: proof of play, the panel's status, and the test hooks. */
  const onItemChange = (key: string, showing: NowShowing | undefined, entry: PlaylistEntry | undefined, now: number) => {
    itemKey = key;
    if (entry?.revisionId !== window.pano!.showing?.revisionId) {
      window.pano!.shownAt = now;
      window.pano!.shownAtDevice = Date.now();
    }
    if (entry) {
      window.pano!.showing = { itemId: entry.itemId, revisionId: entry.revisionId, text: entry.text, ...(entry.media ? { mediaId: entry.media.id } : {}) };
      document.documentElement.dataset.showing = entry.text;
    } else {
      delete window.pano!.showing;
      document.documentElement.dataset.showing = FALLBACK_TEXT;
    }
    // The log ignores a "change" to the same revision, so a new timeline does not split a play.
    const mediaSha256 = entry?.media ? media.renditionSha256(entry.media.id) : undefined;
    proof.observe(
      entry && showing ? { itemId: entry.itemId, revisionId: entry.revisionId, template: showing.interval.template, text: entry.text, ...(mediaSha256 ? { mediaSha256 } : {}) } : undefined,
      now,
    );
    reportShowing(showing, entry);
    proof.flush((seq, plays) => connection.proof(seq, plays));
  };

  const clockState = () => {
    const report = clock.report();
    return { slewing: clock.slewing, bursts: clock.bursts, rejected: clock.rejected, roundTripMs: report?.roundTripMs ?? null, uncertain: report?.uncertain ?? true };
  };

  const reportShowing = (showing: NowShowing | undefined, entry: PlaylistEntry | undefined) => {
    connection.status(showing && entry ? { itemId: entry.itemId, revisionId: entry.revisionId, template: showing.interval.template, since: Math.round(showing.since) } : null);
  };

  const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const connection = new DisplayConnection(
    `${proto}//${location.host}/ws`,
    { token: () => token, heldVersion: () => current?.version ?? null, app: APP_VERSION },
    clock,
    {
      onPairingCode: (next) => {
        code = next;
      },
      onPaired: (next, display) => {
        token = next;
        name = display.name;
        code = undefined;
        saveToken(localStorage, next);
      },
      onWelcome: (display) => {
        if (display) name = display.name;
        // The server keeps a report per connection: a new one starts without it.
        if (display) media.report(true);
      },
      onForgotten: () => {
        token = undefined;
        current = undefined;
        name = undefined;
        itemKey = '';
        chosenFor = '';
        playback.keep([]);
        forgetIdentity(localStorage);
        proof.clear();
        void media.clear();
      },
      onTimeline: (version, timeline: Timeline | null) => {
        current = { version, timeline };
        saveTimeline(localStorage, current);
        itemKey = '';
        chosenFor = '';
        connection.ack(version);
      },
      onCommand: (cmd) => {
        if (cmd.command === 'reload') return location.reload();
        if (cmd.command === 'capture') {
          const jpeg = captureCanvas(stage.visible);
          // No answer when no quality fits: the server's request times out and says so.
          if (jpeg) connection.capture(cmd.requestId, jpeg);
          return;
        }
        identifyEl.textContent = cmd.name;
        identifyEl.hidden = false;
        clearTimeout(identifyTimer);
        identifyTimer = setTimeout(() => (identifyEl.hidden = true), cmd.seconds * 1000);
      },
      onMediaFiles: (files) => void media.update(files),
      onProofAck: (seq) => {
        proof.acked(seq);
        proof.flush((s, plays) => connection.proof(s, plays));
      },
      onClockBurst: (outcome) => {
        if (outcome.kind === 'adopted') saveClock(localStorage, outcome.estimate);
      },
      onStatus: (state) => {
        // A retry while cut off is still cut off: the badge keeps saying the saved schedule plays
        // instead of flickering to "connecting" at every attempt.
        connectionState = state === 'connecting' && connectionState === 'offline' ? 'offline' : state;
        // An unpaired screen says where it stands, in both languages, under its code.
        pairingStateEl.dataset.state = state;
        pairingStateEl.textContent = PAIRING_STATE[state];
        if (state === 'online') proof.flush((seq, plays) => connection.proof(seq, plays));
      },
    },
  );
  window.addEventListener('error', (ev) => connection.reportError(`page: ${ev.message}`));
  // What the cache holds plays before (or without) the server. Started once the connection exists:
  // its status report goes through it.
  void media.restore();
  connection.start();
  // What the cache holds plays before (or without) the server. Not earlier: its status report goes
  // to the connection, and reading the cache could finish while the fonts still load.
  void media.restore();
  requestAnimationFrame(frame);
}

const PAIRING_STATE = {
  connecting: 'Đang kết nối máy chủ… · Connecting to the server…',
  online: 'Đã kết nối máy chủ, đang chờ ghép nối · Connected, waiting to be paired',
  offline: 'Mất kết nối máy chủ, đang thử lại · Server connection lost, retrying',
} as const;

/** The stylesheet's opacity transition (600 ms) and some slack: the hidden canvas is free after it. */
const CROSSFADE_MS = 1_000;

/** When the scheduled entry's slot began by the rotation (before `since` when the interval cut into it). */
function slotStartOf(s: NowShowing): number {
  if (s.since > Date.parse(s.interval.start)) return s.since;
  return Math.min(s.since, s.until - slotLengthMs(s.interval, s.entry));
}

/** The app shell, fonts and assets are cached by the service worker so a reboot without a server still plays. */
function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker.addEventListener('message', (ev: MessageEvent<{ type?: string }>) => {
    if (ev.data?.type === 'offline-ready') offlineReady = true;
  });
  navigator.serviceWorker.register('/display/sw.js', { scope: '/display/', type: 'module' }).catch(() => {
    // Plain HTTP on a LAN address is not a secure context: no service worker, the stored timeline still plays.
  });
}

void boot();
