/**
 * Screens of one zone on one machine, for the clock sync's browser test and bench. Every screen
 * here shares the device clock, so the true offset to the server is 0 and a switch's device time
 * (window.pano.shownAtDevice) compares screens exactly; the server-time stamp would hide each
 * screen's own clock error.
 */
import type { BrowserContext, Page } from 'playwright-core';

/** localStorage flag: the page's next load is janked through its first clock burst. */
export const JANK_FLAG = 'test.jank-clock-sync';

/**
 * Runs before the player in every page of a context. It records every clock sample as the page
 * sees it (window.__clockSamples), and, when JANK_FLAG is set, makes the page busy with a long
 * task (150–250 ms) in front of every clock reply until the first burst has been judged: each
 * reply is handled that much late, as on a kiosk busy drawing while it syncs.
 */
export function clockPageScript(flag: string): void {
  const w = window as unknown as { __clockSamples: { t0: number; t1: number; t2: number; t3: number }[]; pano?: { clock?: { bursts: number } } };
  w.__clockSamples = [];
  let jank = false;
  try {
    jank = localStorage.getItem(flag) !== null;
    localStorage.removeItem(flag);
  } catch {
    // Storage off: no jank.
  }
  const Native = window.WebSocket;
  class Recording extends Native {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      // Added before the player's own listener, so it runs first.
      this.addEventListener('message', (ev: MessageEvent) => {
        if (typeof ev.data !== 'string' || !ev.data.includes('"clock-reply"')) return;
        if (jank && (w.pano?.clock?.bursts ?? 0) === 0) {
          const end = performance.now() + 150 + Math.random() * 100;
          while (performance.now() < end) {
            // A long task: layout and drawing on a slow kiosk.
          }
        }
        // As the player stamps it, when its own listener runs next.
        const m = JSON.parse(ev.data) as { t0: number; t1: number; t2: number };
        w.__clockSamples.push({ t0: m.t0, t1: m.t1, t2: m.t2, t3: Date.now() });
      });
    }
  }
  window.WebSocket = Recording;
}

export async function addClockPageScript(context: BrowserContext): Promise<void> {
  // tsx and vitest compile with esbuild's keepNames, which wraps inner functions of the scripts
  // sent to the page in __name(): the page needs that helper.
  await context.addInitScript({ content: `globalThis.__name ??= (fn) => fn; (${clockPageScript.toString()})(${JSON.stringify(JANK_FLAG)});` });
}

export interface ClockState {
  bursts: number;
  rejected: number;
  uncertain: boolean;
  slewing: boolean;
  offsetMs: number;
  roundTripMs: number | null;
}

export function clockState(page: Page): Promise<ClockState> {
  return page.evaluate(() => {
    const p = window.pano!;
    return { ...p.clock!, offsetMs: p.clockOffsetMs };
  });
}

/** Waits until the page has judged at least `bursts` bursts and trusts its estimate, slewed in full. */
export async function clockSettled(page: Page, bursts = 1, timeout = 60_000): Promise<void> {
  await page.waitForFunction(
    (n) => {
      const c = window.pano?.clock;
      return c !== undefined && c.bursts >= n && !c.uncertain && !c.slewing;
    },
    bursts,
    { timeout, polling: 100 },
  );
}

export interface Switch {
  revisionId: number;
  /** Device time of the frame that first drew it. */
  at: number;
}

/**
 * The next `count` item switches of a page, as the player stamped them. Polls the player's own
 * stamp every frame, so the time is the player's, not the poll's.
 */
export function nextSwitches(page: Page, count: number, timeout = 60_000): Promise<Switch[]> {
  return page.evaluate(
    ({ count, timeout }) =>
      new Promise<Switch[]>((resolve, reject) => {
        const seen: Switch[] = [];
        let last = window.pano?.shownAtDevice;
        const timer = setTimeout(() => reject(new Error(`${seen.length} of ${count} switches within ${timeout} ms`)), timeout);
        const tick = () => {
          const p = window.pano;
          if (p?.shownAtDevice !== undefined && p.shownAtDevice !== last && p.showing) {
            last = p.shownAtDevice;
            seen.push({ revisionId: p.showing.revisionId, at: p.shownAtDevice });
          }
          if (seen.length >= count) {
            clearTimeout(timer);
            return resolve(seen);
          }
          requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      }),
    { count, timeout },
  );
}

/**
 * Skew of each switch across screens (latest − earliest, ms). Switches are matched by item and
 * time: the same item coming on within half a slide of the first screen's switch.
 */
export function switchSkews(perPage: Switch[][], slideMs: number): number[] {
  const [first, ...others] = perPage;
  const skews: number[] = [];
  for (const s of first!) {
    const times = [s.at];
    for (const page of others) {
      const match = page.find((o) => o.revisionId === s.revisionId && Math.abs(o.at - s.at) < slideMs / 2);
      if (match) times.push(match.at);
    }
    if (times.length === perPage.length) skews.push(Math.max(...times) - Math.min(...times));
  }
  return skews;
}

/** The recorded samples, split into bursts (a burst's requests are 150 ms apart; bursts seconds apart). */
export async function recordedBursts(page: Page): Promise<{ t0: number; t1: number; t2: number; t3: number }[][]> {
  const samples = await page.evaluate(() => (window as unknown as { __clockSamples: { t0: number; t1: number; t2: number; t3: number }[] }).__clockSamples);
  const bursts: (typeof samples)[] = [];
  for (const s of samples) {
    const current = bursts.at(-1);
    if (current && s.t0 - current.at(-1)!.t0 < 1_000) current.push(s);
    else bursts.push([s]);
  }
  return bursts;
}
