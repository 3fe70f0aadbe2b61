import pg from 'pg';
import type { Logger } from '../../log.js';

export type ListenerState = 'connecting' | 'listening' | 'disconnected' | 'stopped';

export interface ListenerStatus {
  state: ListenerState;
  /** When it entered this state (ISO). */
  since: string;
  /** The last connection error, without the URL. */
  lastError?: string;
}

/** One subscriber's part: what it does with a notification, and after each (re)connection. */
export interface Subscriber {
  notified(payload: string): void;
  /** The connection is listening (again): notifications sent while it was not are gone, so read the state. */
  listening(): void;
}

const RETRY_MIN_MS = 500;
const RETRY_MAX_MS = 15_000;

/**
 * A node's one listening connection, shared by every feed that waits on a channel (change
 * generations, display commands). It is direct, outside the pool: LISTEN belongs to a session, so
 * it must never go through a transaction-mode pooler (PgBouncer would hand the session to someone
 * else). After each (re)connection it LISTENs on every subscribed channel and tells every
 * subscriber to read the state; a lost connection is retried with backoff.
 */
export class NotificationListener {
  private client: pg.Client | undefined;
  private status: ListenerStatus = { state: 'stopped', since: new Date().toISOString() };
  private retryMs = RETRY_MIN_MS;
  private timer: NodeJS.Timeout | undefined;
  private stopped = true;
  private readonly subscribers = new Map<string, Set<Subscriber>>();

  constructor(
    private readonly url: string,
    /** Shown in pg_stat_activity, so a DBA sees which node's listener a connection is. */
    private readonly applicationName: string,
    private readonly log: Logger,
  ) {}

  /**
   * Adds a subscriber to a channel, before or after start. Returns what removes it: a feed that
   * stops hears nothing more.
   */
  subscribe(channel: string, subscriber: Subscriber): () => void {
    let set = this.subscribers.get(channel);
    if (!set) this.subscribers.set(channel, (set = new Set()));
    set.add(subscriber);
    // On a live connection: LISTEN now (again is harmless), then the subscriber reads what came
    // before it. While connecting, connect() reaches the channel and tells it once listening; a
    // connection lost meanwhile does both again when it is back.
    const client = this.client;
    if (this.status.state === 'listening' && client) {
      this.listen(client, channel).then(
        () => {
          if (set.has(subscriber) && this.client === client) subscriber.listening();
        },
        () => undefined,
      );
    }
    return () => {
      set.delete(subscriber);
      if (set.size === 0 && this.subscribers.get(channel) === set) this.subscribers.delete(channel);
    };
  }

  start(): void {
    this.stopped = false;
    void this.connect();
  }

  state(): ListenerStatus {
    return { ...this.status };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    const client = this.client;
    this.client = undefined;
    this.enter('stopped');
    await client?.end().catch(() => undefined);
  }

  private enter(state: ListenerState, lastError?: string): void {
    this.status = { state, since: new Date().toISOString(), ...(lastError ? { lastError } : {}) };
  }

  private listen(client: pg.Client, channel: string): Promise<unknown> {
    return client.query(`LISTEN ${client.escapeIdentifier(channel)}`);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    this.enter('connecting', this.status.lastError);
    const client = new pg.Client({ connectionString: this.url, application_name: this.applicationName });
    this.client = client;
    let lost = false;
    const onLost = (err?: Error) => {
      if (lost) return;
      lost = true;
      if (this.client === client) this.client = undefined;
      client.removeAllListeners('notification');
      void client.end().catch(() => undefined);
      if (this.stopped) return;
      const message = err?.message ?? 'connection ended';
      this.enter('disconnected', message);
      this.log.warn('listening connection lost', { error: message, retryMs: this.retryMs });
      this.timer = setTimeout(() => void this.connect(), this.retryMs);
      this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS);
    };
    client.on('error', onLost);
    client.on('end', () => onLost());
    client.on('notification', (message) => {
      for (const subscriber of this.subscribers.get(message.channel) ?? []) subscriber.notified(message.payload ?? '');
    });
    try {
      await client.connect();
      // A Map's iteration also visits channels subscribed while it runs.
      for (const channel of this.subscribers.keys()) await this.listen(client, channel);
    } catch (err) {
      onLost(err as Error);
      return;
    }
    if (this.stopped || lost) return;
    this.retryMs = RETRY_MIN_MS;
    this.enter('listening');
    for (const set of this.subscribers.values()) for (const subscriber of set) subscriber.listening();
  }
}
