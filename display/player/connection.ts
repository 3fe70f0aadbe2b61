import {
  CLOSE_DISPLAY_UNKNOWN,
  CLOSE_PROTOCOL_VERSION,
  PROTOCOL_VERSION,
  ServerMessageSchema,
  type PlayRecord,
  type ServerMessage,
  type ServerMessageOf,
} from '../../server/protocol/messages.js';
import type { Timeline } from '../../server/protocol/timeline.js';
import { reconnectDelay } from '../../server/protocol/reconnect.js';
import type { ServerClock } from './clock.js';

export interface ConnectionEvents {
  onTimeline(version: string, timeline: Timeline | null): void;
  onPairingCode(code: string, expiresAt: number): void;
  onPaired(token: string, display: ServerMessageOf<'paired'>['display']): void;
  onWelcome(display: ServerMessageOf<'welcome'>['display']): void;
  /** The server no longer knows this display's token (revoked): back to pairing. */
  onForgotten(): void;
  onCommand(command: ServerMessageOf<'command'>): void;
  onProofAck(seq: number): void;
  onClockSynced(): void;
  onStatus(state: 'connecting' | 'online' | 'offline'): void;
}

export interface DisplayIdentity {
  token: () => string | undefined;
  heldVersion: () => string | null;
  app: string;
}

const CLOCK_SAMPLES = 8;
const CLOCK_SAMPLE_GAP_MS = 150;
/** Clocks drift; a fresh estimate every few minutes keeps zones switching together. */
const CLOCK_RESYNC_MS = 5 * 60 * 1000;

/** The display's one socket: hello (with its token, if paired), clock sync, timelines, acks, reconnection. */
export class DisplayConnection {
  private socket: WebSocket | undefined;
  private attempt = 0;
  private clockId = 0;
  private readonly pending = new Map<number, number>();
  private clockTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly url: string,
    private readonly identity: DisplayIdentity,
    private readonly clock: ServerClock,
    private readonly events: ConnectionEvents,
  ) {}

  start(): void {
    this.open();
  }

  get online(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  ack(version: string): void {
    this.send({ type: 'ack', timelineVersion: version });
  }

  status(showing: { itemId: number; revisionId: number; template: string; since: number } | null): void {
    this.send({ type: 'status', clockOffsetMs: this.clock.synced ? this.clock.offset : null, roundTripMs: this.clock.roundTrip, showing });
  }

  proof(seq: number, plays: PlayRecord[]): boolean {
    return this.send({ type: 'proof', seq, plays });
  }

  reportError(message: string): void {
    this.send({ type: 'error', message: message.slice(0, 500) });
  }

  private open(): void {
    this.events.onStatus('connecting');
    const ws = new WebSocket(this.url);
    this.socket = ws;
    ws.addEventListener('open', () => {
      const token = this.identity.token();
      this.send({
        type: 'hello',
        protocol: PROTOCOL_VERSION,
        role: 'display',
        ...(token ? { token } : {}),
        app: this.identity.app,
        screen: { width: Math.round(screen.width * devicePixelRatio), height: Math.round(screen.height * devicePixelRatio) },
        timelineVersion: token ? this.identity.heldVersion() : null,
      });
    });
    ws.addEventListener('message', (ev) => this.receive(ev.data));
    ws.addEventListener('close', (ev) => {
      this.socket = undefined;
      this.pending.clear();
      clearTimeout(this.clockTimer);
      this.events.onStatus('offline');
      if (ev.code === CLOSE_DISPLAY_UNKNOWN) {
        this.attempt = 0;
        this.events.onForgotten();
      }
      // A server speaking another protocol version serves a newer app: fetch it.
      if (ev.code === CLOSE_PROTOCOL_VERSION) return location.reload();
      setTimeout(() => this.open(), ev.code === CLOSE_DISPLAY_UNKNOWN ? 0 : reconnectDelay(this.attempt++));
    });
  }

  private receive(data: unknown): void {
    if (typeof data !== 'string') return;
    let raw: unknown;
    try {
      raw = JSON.parse(data);
    } catch {
      return;
    }
    const parsed = ServerMessageSchema.safeParse(raw);
    if (!parsed.success) return;
    this.dispatch(parsed.data);
  }

  private dispatch(msg: ServerMessage): void {
    switch (msg.type) {
      case 'welcome':
        this.attempt = 0;
        this.events.onStatus('online');
        this.events.onWelcome(msg.display);
        this.syncClock();
        break;
      case 'pairing-code':
        this.attempt = 0;
        // The server answered: the screen is connected, only waiting to be paired.
        this.events.onStatus('online');
        this.events.onPairingCode(msg.code, msg.expiresAt);
        break;
      case 'paired':
        this.events.onPaired(msg.token, msg.display);
        break;
      case 'timeline':
        this.events.onTimeline(msg.version, msg.timeline);
        break;
      case 'command':
        this.events.onCommand(msg);
        break;
      case 'proof-ack':
        this.events.onProofAck(msg.seq);
        break;
      case 'clock-reply': {
        const t0 = this.pending.get(msg.id);
        if (t0 === undefined) break;
        this.pending.delete(msg.id);
        this.clock.addSample({ t0, t1: msg.t1, t2: msg.t2, t3: Date.now() });
        if (this.pending.size === 0) this.events.onClockSynced();
        break;
      }
      default:
        break;
    }
  }

  /** A burst of samples (the shortest round trip wins), then again every few minutes. */
  private syncClock(): void {
    for (let i = 0; i < CLOCK_SAMPLES; i++) {
      setTimeout(() => {
        const id = this.clockId++;
        const t0 = Date.now();
        if (this.send({ type: 'clock-request', id, t0 })) this.pending.set(id, t0);
      }, i * CLOCK_SAMPLE_GAP_MS);
    }
    clearTimeout(this.clockTimer);
    this.clockTimer = setTimeout(() => this.syncClock(), CLOCK_RESYNC_MS);
  }

  private send(msg: object): boolean {
    if (this.socket?.readyState !== WebSocket.OPEN) return false;
    this.socket.send(JSON.stringify(msg));
    return true;
  }
}
