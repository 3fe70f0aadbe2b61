import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { live } from '../data/live.js';

/**
 * Loads a page's data when the page is connected, and again whenever the server says content
 * changed (another user's edit, an approval, a schedule): one behaviour, reused by every page.
 */
export class ContentReloadController implements ReactiveController {
  private unsubscribe: (() => void) | undefined;

  constructor(
    host: ReactiveControllerHost,
    private readonly load: () => unknown,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    void this.load();
    this.unsubscribe = live.subscribeContentChanged(() => void this.load());
  }

  hostDisconnected(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }
}
