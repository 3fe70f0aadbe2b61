import { ChangeGenerationRepository, CHANGES_CHANNEL } from '../db/change-generation-repository.js';
import type { Engine } from '../db/engine.js';
import type { ListenerStatus, NotificationListener } from '../db/postgres/listener.js';
import type { Logger } from '../log.js';

/** How often a node reads the generation itself, for notifications lost while it was not listening. */
const DEFAULT_POLL_MS = 3000;
/** The shortest pause between the end of one reload and the start of the next, during a burst. */
const MIN_RELOAD_GAP_MS = 250;

export interface ChangeFeedStatus {
  generation: number;
  /** PostgreSQL only: the node's one listening connection (also the display commands'); absent on SQLite (one node, told in-process). */
  listener?: ListenerStatus;
  lastPollAt?: string;
}

/**
 * Tells this node that something screens must see has changed, whichever node changed it: from
 * its own commits at once, from PostgreSQL notifications, and from polling the generation every
 * few seconds. `onAdvance` runs once per advance however many signals arrive, never twice at the
 * same time: a burst of changes costs one reload while one is running, and one after it. That one
 * waits out a pause as long as the reload before it took (at least MIN_RELOAD_GAP_MS), so a burst
 * (many clerks at once, a script) leaves a node at least half its time to answer requests; a single
 * change still reloads at once.
 */
export class ChangeFeed {
  private seen = 0;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private poller: NodeJS.Timeout | undefined;
  private lastPollAt: string | undefined;
  private unsubscribe: (() => void) | undefined;
  private readonly onCommitted = (generation: number) => this.observe(generation);

  constructor(
    private readonly deps: {
      engine: Engine;
      /** PostgreSQL: the node's listening connection, shared with its other feeds; none on SQLite. */
      listener?: NotificationListener;
      pollMs?: number;
      onAdvance: (generation: number) => Promise<void>;
      log: Logger;
    },
  ) {}

  async start(): Promise<void> {
    this.seen = await new ChangeGenerationRepository(this.deps.engine.db).current();
    this.deps.engine.committed.on('generation', this.onCommitted);
    this.unsubscribe = this.deps.listener?.subscribe(CHANGES_CHANNEL, {
      notified: (payload) => {
        const generation = Number(payload);
        if (Number.isSafeInteger(generation)) this.observe(generation);
      },
      listening: () => void this.poll(),
    });
    this.poller = setInterval(() => void this.poll(), this.deps.pollMs ?? DEFAULT_POLL_MS);
    this.poller.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.poller);
    this.deps.engine.committed.off('generation', this.onCommitted);
    this.unsubscribe?.();
    await this.running;
  }

  status(): ChangeFeedStatus {
    return {
      generation: this.seen,
      ...(this.deps.listener ? { listener: this.deps.listener.state() } : {}),
      ...(this.lastPollAt ? { lastPollAt: this.lastPollAt } : {}),
    };
  }

  /** Reads the generation now (also what the timer does). */
  async poll(): Promise<void> {
    try {
      const generation = await new ChangeGenerationRepository(this.deps.engine.db).current();
      this.lastPollAt = new Date().toISOString();
      this.observe(generation);
    } catch (err) {
      this.deps.log.warn('change generation poll failed', { error: (err as Error).message });
    }
  }

  private observe(generation: number): void {
    if (generation <= this.seen) return;
    this.seen = generation;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.advance().finally(() => (this.running = undefined));
  }

  private async advance(): Promise<void> {
    for (;;) {
      this.again = false;
      const started = performance.now();
      try {
        await this.deps.onAdvance(this.seen);
      } catch (err) {
        this.deps.log.error('reloading after a change failed', { error: (err as Error).message, generation: this.seen });
      }
      if (!this.again || this.stopped) return;
      const ended = performance.now();
      const resumeAt = ended + Math.max(MIN_RELOAD_GAP_MS, ended - started);
      // Timers count from the event loop's cached time and may fire early by a busy turn's length:
      // the pause is checked against the clock itself.
      while (!this.stopped && performance.now() < resumeAt) await new Promise((resolve) => setTimeout(resolve, Math.ceil(resumeAt - performance.now())));
      if (this.stopped) return;
    }
  }
}
