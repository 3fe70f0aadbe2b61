import { PROTOCOL_VERSION, ServerMessageSchema, type ServerMessage } from '../../server/protocol/messages.js';
import { reconnectDelay } from '../../server/protocol/reconnect.js';
import type { ServerClock } from './clock.js';

export interface ConnectionEvents {
  onTimeline(version: string, message: Extract<ServerMessage, { type: 'timeline' }>): void;
  onStatus(state: 'connecting' | 'online' | 'offline', detail?: string): void;
}

const CLOCK_SAMPLES = 5;

/** The display's one socket to the server: hello, clock sync, timelines, acks, and reconnection. */
export class DisplayConnection {
  private socket: WebSocket | undefined;
  private attempt = 0;
  private clockId = 0;
  private readonly pending = new Map<number, number>();
  private stopped = false;

  constructor(
    private readonly url: string,
    private readonly zone: string,
    private readonly appVersion: string,
    private readonly clock: ServerClock,
    private readonly events: ConnectionEvents,
  ) {}

  start(): void {
    this.stopped = false;
    this.open();
  }

  ack(version: string): void {
    this.send({ type: 'ack', timelineVersion: version });
  }

  private open(): void {
    this.events.onStatus('connecting');
    const ws = new WebSocket(this.url);
    this.socket = ws;
    ws.addEventListener('open', () => {
      this.attempt = 0;
      this.send({
        type: 'hello',
        protocol: PROTOCOL_VERSION,
        role: 'display',
        zone: this.zone,
        app: this.appVersion,
        screen: { width: Math.round(screen.width * devicePixelRatio), height: Math.round(screen.height * devicePixelRatio) },
      });
    });
    ws.addEventListener('message', (ev) => this.receive(ev.data));
    ws.addEventListener('close', (ev) => {
      this.socket = undefined;
      this.pending.clear();
      this.events.onStatus('offline', ev.reason);
      if (!this.stopped) setTimeout(() => this.open(), reconnectDelay(this.attempt++));
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
    const msg = parsed.data;
    switch (msg.type) {
      case 'welcome':
        this.events.onStatus('online');
        this.syncClock();
        break;
      case 'timeline':
        this.events.onTimeline(msg.version, msg);
        break;
      case 'clock-reply': {
        const t0 = this.pending.get(msg.id);
        if (t0 === undefined) break;
        this.pending.delete(msg.id);
        this.clock.addSample({ t0, t1: msg.t1, t2: msg.t2, t3: Date.now() });
        break;
      }
      default:
        break;
    }
  }

  private syncClock(): void {
    for (let i = 0; i < CLOCK_SAMPLES; i++) {
      setTimeout(() => {
        const id = this.clockId++;
        const t0 = Date.now();
        this.pending.set(id, t0);
        this.send({ type: 'clock-request', id, t0 });
      }, i * 200);
    }
  }

  private send(msg: object): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(msg));
  }
}
