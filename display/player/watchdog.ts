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
  private failures = 0;

  constructor(private readonly reload: (reason: string) => void) {
    setInterval(() => {
      if (document.visibilityState === 'visible' && performance.now() - this.lastFrame > STALL_MS) this.reload('drawing stalled');
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
