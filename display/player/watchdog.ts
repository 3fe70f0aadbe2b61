/** Drawing that stops for this long (page visible) means something is wrong: reload the page. */
const STALL_MS = 20_000;
const CHECK_MS = 5_000;
/** Consecutive failed frames before the page is reloaded. */
const MAX_FAILURES = 30;

/**
 * Keeps a kiosk from freezing on a stuck frame loop or a draw that keeps throwing: both end in a
 * reload, which brings back the app shell (from the service worker when the server is down) and
 * the stored timeline. Nobody is standing at a lobby TV to press F5.
 */
export class Watchdog {
  private lastFrame = performance.now();
  private lastCheck = performance.now();
  private failures = 0;

  constructor(private readonly reload: (reason: string) => void) {
    setInterval(() => {
      const now = performance.now();
      // A check that itself ran late means the whole page was suspended (the TV slept, the clock
      // jumped): timers did not run either, so drawing did not stall. Start counting afresh.
      const suspended = now - this.lastCheck > 2 * CHECK_MS;
      this.lastCheck = now;
      if (suspended) this.lastFrame = now;
      else if (document.visibilityState === 'visible' && now - this.lastFrame > STALL_MS) this.reload('drawing stalled');
    }, CHECK_MS);
  }

  frameDone(): void {
    this.lastFrame = performance.now();
    this.failures = 0;
  }

  frameFailed(): void {
    this.lastFrame = performance.now();
    if (++this.failures >= MAX_FAILURES) this.reload('drawing keeps failing');
  }
}
