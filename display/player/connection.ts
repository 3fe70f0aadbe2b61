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
import type { MediaCacheStatus, MediaFile } from '../../server/protocol/media.js';
import { reconnectDelay } from '../../server/protocol/reconnect.js';
import type { ServerClock } from './clock.js';
import type { BurstOutcome, ClockSample } from './clock-estimator.js';

export interface ConnectionEvents {
  onTimeline(version: string, timeline: Timeline | null): void;
  onPairingCode(code: string, expiresAt: number): void;
  onPaired(token: string, display: ServerMessageOf<'paired'>['display']): void;
  onWelcome(display: ServerMessageOf<'welcome'>['display']): void;
  /** The server no longer knows this display's token (revoked): back to pairing. */
  onForgotten(): void;
  onCommand(command: ServerMessageOf<'command'>): void;
  onProofAck(seq: number): void;
  /** The pictures and clips the timeline needs, with URLs signed for this screen. */
  onMediaFiles(files: MediaFile[]): void;
  /** A burst of clock samples was judged (adopted, rejected or provisional). */
  onClockBurst(outcome: BurstOutcome): void;
  onStatus(state: 'connecting' | 'online' | 'offline'): void;
}

export interface DisplayIdentity {
  token: () => string | undefined;
  heldVersion: () => string | null;
  app: string;
}

const CLOCK_SAMPLES = 8;
const CLOCK_SAMPLE_GAP_MS = 150;
/** A reply later than this after the burst's last request is not waited for. */
const CLOCK_REPLY_WAIT_MS = 2_000;

type ShowingReport = { itemId: number; revisionId: number; template: string; since: number } | null;

/** The display's one socket: hello (with its token, if paired), clock sync, timelines, acks, reconnection. */
export class DisplayConnection {
  private socket: WebSocket | undefined;
  private attempt = 0;
  private clockId = 0;
  /** Requests of the burst in flight (id → t0) and the samples it has so far. */
  private readonly pending = new Map<number, number>();
  private samples: ClockSample[] = [];
  private readonly burstTimers: ReturnType<typeof setTimeout>[] = [];
  private clockTimer: ReturnType<typeof setTimeout> | undefined;
  private screenReady = false;
  private welcomed = false;
  private lastShowing: ShowingReport = null;

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

  status(showing: ShowingReport): void {
    this.lastShowing = showing;
    const clock = this.clock.report();
    this.send({
      type: 'status',
      clockOffsetMs: clock ? clock.offsetMs : null,
      roundTripMs: clock ? clock.roundTripMs : null,
      ...(clock ? { clockMeasuredAt: clock.measuredAt, clockUncertain: clock.uncertain } : {}),
      showing,
    });
  }

  /**
   * The first slide is on screen. Clock bursts wait for this: while the timeline arrives and the
   * first slide is laid out, the page is at its busiest and every sample would be delayed.
   */
  firstSlideDrawn(): void {
    if (this.screenReady) return;
    this.screenReady = true;
    if (this.welcomed) this.syncClock();
  }

  proof(seq: number, plays: PlayRecord[]): boolean {
    return this.send({ type: 'proof', seq, plays });
  }

  capture(requestId: string, jpegBase64: string): void {
    this.send({ type: 'capture', requestId, jpegBase64 });
  }

  /** Only once welcomed as a paired display: an unpaired one may say nothing but wait. */
  mediaStatus(status: MediaCacheStatus): void {
    if (!this.welcomed) return;
    this.send({ type: 'media-status', ...status });
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
      this.welcomed = false;
      this.stopClockSync();
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
    // Stamped before parsing: a clock reply's arrival is its t3.
    const arrivedAt = Date.now();
    if (typeof data !== 'string') return;
    let raw: unknown;
    try {
      raw = JSON.parse(data);
    } catch {
      return;
    }
    const parsed = ServerMessageSchema.safeParse(raw);
    if (!parsed.success) return;
    this.dispatch(parsed.data, arrivedAt);
  }

  private dispatch(msg: ServerMessage, arrivedAt: number): void {
    switch (msg.type) {
      case 'welcome':
        this.attempt = 0;
        this.events.onStatus('online');
        this.welcomed = true;
        this.events.onWelcome(msg.display);
        if (this.screenReady) this.syncClock();
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
      case 'media-files':
        this.events.onMediaFiles(msg.files);
        break;
      case 'clock-check':
        // The server checks the clock the screen plays by, as of when its check arrived.
        this.send({ type: 'clock-check-reply', id: msg.id, serverNow: this.clock.at(arrivedAt) });
        break;
      case 'clock-reply': {
        const t0 = this.pending.get(msg.id);
        if (t0 === undefined) break;
        this.pending.delete(msg.id);
        this.samples.push({ t0, t1: msg.t1, t2: msg.t2, t3: arrivedAt });
        if (this.pending.size === 0 && this.samples.length === CLOCK_SAMPLES) this.endBurst();
        break;
      }
      default:
        break;
    }
  }

  /** A burst of samples, judged as a whole; the clock says when the next one is due. */
  private syncClock(): void {
    this.stopClockSync();
    for (let i = 0; i < CLOCK_SAMPLES; i++) {
      this.burstTimers.push(
        setTimeout(() => {
          const id = this.clockId++;
          const t0 = Date.now();
          if (this.send({ type: 'clock-request', id, t0 })) this.pending.set(id, t0);
        }, i * CLOCK_SAMPLE_GAP_MS),
      );
    }
    // Replies lost or very late: judge what came.
    this.burstTimers.push(setTimeout(() => this.endBurst(), (CLOCK_SAMPLES - 1) * CLOCK_SAMPLE_GAP_MS + CLOCK_REPLY_WAIT_MS));
  }

  private endBurst(): void {
    const samples = this.samples;
    this.stopClockSync();
    const outcome = this.clock.burst(samples);
    this.events.onClockBurst(outcome);
    this.status(this.lastShowing);
    // Once a slew is over the clock is where the estimate says: the server checks it then.
    if (this.clock.slewing) this.burstTimers.push(setTimeout(() => this.status(this.lastShowing), this.clock.slewRemainingMs));
    this.clockTimer = setTimeout(() => this.syncClock(), this.clock.nextBurstMs);
  }

  private stopClockSync(): void {
    for (const t of this.burstTimers.splice(0)) clearTimeout(t);
    clearTimeout(this.clockTimer);
    this.pending.clear();
    this.samples = [];
  }

  private send(msg: object): boolean {
    if (this.socket?.readyState !== WebSocket.OPEN) return false;
    this.socket.send(JSON.stringify(msg));
    return true;
  }
}
