import pg from 'pg';
import { CHANGES_CHANNEL } from '../change-generation-repository.js';

export type ListenerState = 'connecting' | 'listening' | 'disconnected' | 'stopped';

export interface ListenerStatus {
  state: ListenerState;
  /** When it entered this state (ISO). */
  since: string;
  /** The last connection error, without the URL. */
  lastError?: string;
}

const RETRY_MIN_MS = 500;
const RETRY_MAX_MS = 15_000;

/**
 * Listens for generation notifications on its own direct connection, outside the pool: LISTEN
 * belongs to a session, so it must never go through a transaction-mode pooler (PgBouncer would
 * hand the session to someone else). A lost connection is retried with backoff; `onReconnect`
 * then asks the caller to poll, because notifications sent while it was down are gone.
 */
export class ChangeListener {
  private client: pg.Client | undefined;
  private status: ListenerStatus = { state: 'stopped', since: new Date().toISOString() };
  private retryMs = RETRY_MIN_MS;
  private timer: NodeJS.Timeout | undefined;
  private stopped = true;

  constructor(
    private readonly url: string,
    /** Shown in pg_stat_activity, so a DBA sees which node's listener a connection is. */
    private readonly applicationName: string,
    private readonly handlers: {
      onGeneration: (generation: number) => void;
      onReconnect: () => void;
      onError: (message: string) => void;
      /** More channels on the same connection (e.g. pano_displays), each with its payload's handler. */
      channels?: Record<string, (payload: string) => void>;
    },
  ) {}

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
      this.handlers.onError(message);
      this.timer = setTimeout(() => void this.connect(), this.retryMs);
      this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS);
    };
    client.on('error', onLost);
    client.on('end', () => onLost());
    client.on('notification', (message) => {
      const generation = Number(message.payload);
      if (message.channel === CHANGES_CHANNEL && Number.isSafeInteger(generation)) this.handlers.onGeneration(generation);
      else if (message.channel !== CHANGES_CHANNEL) this.handlers.channels?.[message.channel]?.(message.payload ?? '');
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANGES_CHANNEL}`);
      for (const channel of Object.keys(this.handlers.channels ?? {})) await client.query(`LISTEN "${channel.replaceAll('"', '""')}"`);
    } catch (err) {
      onLost(err as Error);
      return;
    }
    if (this.stopped || lost) return;
    this.retryMs = RETRY_MIN_MS;
    this.enter('listening');
    this.handlers.onReconnect();
  }
}
