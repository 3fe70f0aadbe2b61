import { DisplayCommandRepository, DISPLAYS_CHANNEL, localDisplaySignals, type DisplayCommand, type DisplaySignal } from '../db/display-command-repository.js';
import type { Engine } from '../db/engine.js';
import type { NotificationListener } from '../db/postgres/listener.js';
import type { Logger } from '../log.js';
import { COMMAND_RETENTION_MS } from './node.js';

/** How often a node reads recent commands itself, for notifications lost while it was not listening. */
const DEFAULT_COMMAND_POLL_MS = 3000;

/**
 * Brings commands for the sockets this node holds (identify, reload, revoke, a pairing completed
 * through another node) to `apply`, once each, whichever node issued them: from this process's
 * own commits at once, from PostgreSQL notifications, and from reading the last minute's commands
 * every few seconds. A command issued before the feed started is not applied (it was for sockets
 * of another time).
 */
export class DisplayCommandFeed {
  /** Ids already taken (applied or not ours), with when they were issued, forgotten after the retention. */
  private readonly seen = new Map<number, number>();
  private startedAt = 0;
  private poller: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;
  private readonly onLocal = (signal: DisplaySignal) => this.signal(signal);

  constructor(
    private readonly deps: {
      engine: Engine;
      /** PostgreSQL: the node's listening connection, shared with its other feeds; none on SQLite. */
      listener?: NotificationListener;
      pollMs?: number;
      /** Whether this node holds the socket a signal is for (its display, or its waiting screen). */
      holds: (signal: { displayId: string; waiterId?: string }) => boolean;
      apply: (command: DisplayCommand) => Promise<void> | void;
      log: Logger;
      now?: () => number;
    },
  ) {}

  start(): void {
    this.startedAt = this.now();
    localDisplaySignals(this.deps.engine).on('signal', this.onLocal);
    this.unsubscribe = this.deps.listener?.subscribe(DISPLAYS_CHANNEL, { notified: (payload) => this.notified(payload), listening: () => void this.poll() });
    this.poller = setInterval(() => void this.poll(), this.deps.pollMs ?? DEFAULT_COMMAND_POLL_MS);
    this.poller.unref();
  }

  stop(): void {
    clearInterval(this.poller);
    localDisplaySignals(this.deps.engine).off('signal', this.onLocal);
    this.unsubscribe?.();
  }

  /** Reads the last minute's commands now (also what the timer does). */
  async poll(): Promise<void> {
    try {
      const now = this.now();
      for (const [id, issuedAtMs] of this.seen) if (issuedAtMs < now - 2 * COMMAND_RETENTION_MS) this.seen.delete(id);
      const commands = await new DisplayCommandRepository(this.deps.engine.db).issuedSince(Math.max(this.startedAt, now - COMMAND_RETENTION_MS) - 1);
      for (const command of commands) {
        if (this.seen.has(command.id) || command.issuedAtMs < this.startedAt) continue;
        this.take(command);
      }
    } catch (err) {
      this.deps.log.warn('display command poll failed', { error: (err as Error).message });
    }
  }

  private notified(payload: string): void {
    let signal: DisplaySignal;
    try {
      signal = JSON.parse(payload) as DisplaySignal;
    } catch {
      this.deps.log.warn('display command notification is not JSON', { payload: payload.slice(0, 200) });
      return;
    }
    if (!Number.isSafeInteger(signal.commandId) || typeof signal.displayId !== 'string') return;
    this.signal(signal);
  }

  private signal(signal: DisplaySignal): void {
    if (this.seen.has(signal.commandId) || !this.deps.holds(signal)) return;
    void new DisplayCommandRepository(this.deps.engine.db).byId(signal.commandId).then(
      (command) => {
        if (command && !this.seen.has(command.id)) this.take(command);
      },
      (err: unknown) => this.deps.log.warn('display command not read (the poll retries)', { error: (err as Error).message, command: signal.commandId }),
    );
  }

  private take(command: DisplayCommand): void {
    this.seen.set(command.id, command.issuedAtMs);
    const waiterId = typeof command.payload.waiterId === 'string' ? command.payload.waiterId : undefined;
    if (!this.deps.holds({ displayId: command.displayId, ...(waiterId ? { waiterId } : {}) })) return;
    Promise.resolve()
      .then(() => this.deps.apply(command))
      .catch((err: unknown) => this.deps.log.error('display command failed', { error: (err as Error).message, command: command.id, kind: command.command }));
  }

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }
}
