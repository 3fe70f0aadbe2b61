import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, WebSocket, type RawData } from 'ws';
import {
  CLOSE_DISPLAY_UNKNOWN,
  CLOSE_REPLACED,
  MAX_CAPTURE_FRAME_BYTES,
  MAX_CLIENT_FRAME_BYTES,
  type ClientMessage,
  type DisplayHello,
  type DisplayStatus,
  type ServerMessage,
} from '../protocol/messages.js';
import type { Timeline } from '../protocol/timeline.js';
import type { Logger } from '../log.js';
import type { HostPolicy, OriginPolicy } from '../http/origin.js';
import type { Principal } from '../auth/auth-service.js';
import { sha256 } from '../auth/auth-service.js';
import type { DisplayRecord, DisplayRepository } from '../db/display-repository.js';
import type { ProofOfPlayRepository } from '../db/proof-of-play-repository.js';
import type { DeliveryRepository } from '../db/delivery-repository.js';
import { applyCommand, ClusterPresence, type ClusterOptions } from './cluster-presence.js';
import type { ClaimedCode } from '../db/pairing-code-repository.js';
import { PairingWaiters } from './pairing-waiters.js';
import { acknowledge, LatencyLog } from './delivery.js';
import { displayStatus, liveDisplay } from './display-view.js';
import { frameBytes, readFrame, type ReadFrame } from './frames.js';
import { DisplayMessages } from './display-messages.js';
import { DisplayTimelines } from './display-timeline.js';
import { admitUpgrade, FrameRate } from './limits.js';
import { Captures, type CaptureOutcome } from './capture.js';
import { TurnBatch } from '../turn-batch.js';
import { beat, CLOSE_UNAUTHENTICATED, drained, enqueue, type Awaitable, type Session } from './session.js';
import type { MediaDelivery } from '../media/media-delivery.js';

export interface HubOptions {
  log: Logger;
  originAllowed: OriginPolicy;
  hostAllowed: HostPolicy;
  /** The signed-in user behind the upgrade's session cookie, if any. */
  authenticate: (req: IncomingMessage) => Awaitable<Principal | undefined>;
  /** Whether a signed-in socket's session still holds (not expired, user not disabled); checked each heartbeat. */
  sessionActive: (sessionSha256: string) => Awaitable<boolean>;
  displays: Pick<DisplayRepository, 'findActiveByTokenSha256' | 'findActiveByTokenSha256s' | 'listActive' | 'saveStatuses'>;
  proofs: Pick<ProofOfPlayRepository, 'record'>;
  /** What was sent to which display: proof of play is checked against it. */
  deliveries: Pick<DeliveryRepository, 'record'>;
  /** The timeline of one paired display; undefined = nothing to play (the display shows its fallback). */
  compileTimeline: (display: { id: string; zoneId: string }) => Awaitable<Timeline | undefined>;
  /** Pictures and clips: the files each display's timeline needs, with URLs signed for it. */
  media?: Pick<MediaDelivery, 'filesFor' | 'forget'>;
  heartbeatMs?: number;
  helloTimeoutMs?: number;
  /** A client above this many frames a second is disconnected. */
  maxMessagesPerSecond?: number;
  /** A client whose unsent data exceeds this is too slow to keep. */
  maxBufferedBytes?: number;
  /** A display whose buffer stays above the queueing threshold this long is dropped. */
  slowDisplayMs?: number;
  pairingCodeTtlMs?: number;
  /** The state shared with the other nodes on the database (pairing codes, live list, commands). */
  cluster: ClusterOptions;
  /** Displays' self-reported status is written to the database in batches this often. */
  statusFlushMs?: number;
}

const CLOSE_POLICY = 1008;

/** Owns every WebSocket: upgrade checks, hello and pairing, validation, heartbeat and pushes. */
export class Hub {
  private readonly wss = new WebSocketServer({
    noServer: true,
    // Only a display asked for a capture may use it all; every other frame is held to MAX_CLIENT_FRAME_BYTES.
    maxPayload: MAX_CAPTURE_FRAME_BYTES,
    perMessageDeflate: false,
  });
  private readonly sessions = new Set<Session>();
  private readonly byDisplay = new Map<string, Session>();
  private readonly cluster: ClusterPresence;
  private readonly waiters: PairingWaiters;
  private readonly latencies = new LatencyLog();
  private readonly heartbeat: NodeJS.Timeout;
  private readonly statusFlush: NodeJS.Timeout;
  private readonly displayMessages: DisplayMessages;
  private readonly timelines: DisplayTimelines;
  private readonly captures = new Captures();
  /** Screens saying hello in one turn (a reconnect storm) are looked up with one query. */
  private readonly tokenLookups: TurnBatch<string, Map<string, DisplayRecord>>;
  private displaysChangedTimer: NodeJS.Timeout | undefined;
  /** Set by close(): sockets closing then leave the shared rows to the node's own removal. */
  private closing = false;
  /** Work started by timers and upgrades, awaited by close() so nothing touches a closed database. */
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly opts: HubOptions) {
    this.cluster = new ClusterPresence({
      ...opts.cluster,
      log: opts.log,
      holds: (signal) => (signal.waiterId !== undefined ? this.waiters.has(signal.waiterId) : this.byDisplay.has(signal.displayId)),
      apply: (command) => applyCommand(command, this),
    });
    this.waiters = new PairingWaiters({
      cluster: this.cluster,
      displays: opts.displays,
      log: opts.log,
      ...(opts.pairingCodeTtlMs !== undefined ? { pairingCodeTtlMs: opts.pairingCodeTtlMs } : {}),
      send: (s, m) => this.send(s, m),
      reject: (s, reason) => this.reject(s, reason),
      background: (what, work) => this.background(what, work),
      becomeDisplay: (s, display) => this.becomeDisplay(s, display, null),
    });
    this.tokenLookups = new TurnBatch((hashes) => opts.displays.findActiveByTokenSha256s(hashes));
    this.displayMessages = new DisplayMessages(opts, (s, m) => this.send(s, m), () => this.notifyDisplaysChanged());
    this.timelines = new DisplayTimelines(opts, this.displayMessages, (s) => this.byDisplay.get(s.display!.id) === s, (s, m) => this.send(s, m));
    this.heartbeat = setInterval(() => {
      this.background('heartbeat failed', beat(this.sessions, opts.sessionActive));
      // Each display's clock is checked as often as it is pinged: the panel flags one out of step.
      for (const s of this.byDisplay.values()) if (s.live!.clock) this.displayMessages.checkClock(s);
      this.timelines.renewMedia(this.byDisplay.values());
    }, opts.heartbeatMs ?? 30_000);
    this.heartbeat.unref();
    this.statusFlush = setInterval(() => {
      this.background('display status not saved', this.displayMessages.flush());
      this.background('live status not shared', this.shareLiveStatus());
    }, opts.statusFlushMs ?? 5000);
    this.statusFlush.unref();
  }

  /** HTTP upgrade handler: refuses a foreign Origin or a wrong path before the handshake. */
  handleUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    if (admitUpgrade(req, socket, this.opts)) this.background('ws upgrade failed', this.upgrade(req, socket, head));
  };

  /** The session cookie is looked up before the handshake: a socket's first message already knows its user. */
  private async upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    try {
      const principal = await this.opts.authenticate(req);
      this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, req, principal));
    } catch (err) {
      this.opts.log.error('ws upgrade failed', { err, remote: req.socket.remoteAddress });
      socket.destroy();
    }
  }

  /** Every paired display, online or not, with its live status. */
  async listDisplays(): Promise<DisplayStatus[]> {
    // Offline rows are read from the database: write what displays reported since the last flush.
    await this.displayMessages.flush();
    const [records, others] = await Promise.all([this.opts.displays.listActive(), this.cluster.others()]);
    return records.map((d) => displayStatus(d, this.byDisplay.get(d.id)?.live ?? others.get(d.id)));
  }

  /** Whether a display is connected, to this node or to another live one. */
  async isOnline(displayId: string): Promise<boolean> {
    return this.byDisplay.has(displayId) || (await this.cluster.others()).has(displayId);
  }

  displayCount(): number {
    return this.byDisplay.size;
  }

  /**
   * Recompiles every connected display's timeline and pushes those whose version changed; resolves
   * once all are pushed, and never rejects (a display's failure is logged in its queue).
   */
  async refreshTimelines(): Promise<void> {
    await Promise.all([...this.byDisplay.values()].map((s) => enqueue(s, this.opts.log, () => this.timelines.deliver(s))));
    this.broadcastControl({ type: 'slogans-changed' });
  }

  /** After a display's zone or role changed: recompile and push its timeline only. */
  async refreshDisplay(displayId: string, display?: { name: string; zoneId: string }): Promise<void> {
    const s = this.byDisplay.get(displayId);
    if (!s || !s.display) return;
    if (display) Object.assign(s.display, display);
    this.notifyDisplaysChanged();
    await enqueue(s, this.opts.log, () => this.timelines.deliver(s));
  }

  /** Whether the screen that showed a claimed code still waits (see PairingWaiters). */
  stillWaiting(claimed: ClaimedCode): boolean {
    return this.waiters.stillWaiting(claimed);
  }

  /**
   * Starts playing on the socket that showed the code, if it waits on this node. Its 'paired'
   * command brings it here from whichever node claimed the code.
   */
  completePairing(waiterId: string): Promise<void> {
    return this.waiters.complete(waiterId);
  }

  /** Closes a revoked display's socket at once; the screen returns to pairing. */
  disconnectDisplay(displayId: string, reason: string): void {
    this.opts.media?.forget(displayId);
    this.byDisplay.get(displayId)?.ws.close(CLOSE_DISPLAY_UNKNOWN, reason);
  }

  /** Sends a command to a display; false when it is not connected. */
  command(displayId: string, msg: Extract<ServerMessage, { type: 'command' }>): boolean {
    const s = this.byDisplay.get(displayId);
    if (!s) return false;
    this.send(s, msg);
    return true;
  }

  /** Asks a display for a JPEG of what it draws now (one at a time per display, rate-limited). */
  capture(displayId: string): Promise<CaptureOutcome> {
    return this.captures.request(displayId, (requestId) => this.command(displayId, { type: 'command', command: 'capture', requestId }));
  }

  /** Push → ack latencies recorded since the last call, and how many displays have not yet applied their latest. */
  deliveryStats(): { latenciesMs: number[]; pending: number } {
    let pending = 0;
    for (const s of this.byDisplay.values()) if (s.live!.delivery.ackedVersion !== s.live!.delivery.timelineVersion) pending++;
    return { latenciesMs: this.latencies.drain(), pending };
  }

  /** Closes at once every socket opened under one of these (ended) sessions. */
  closeSessions(sessionSha256s: string[]): void {
    const ended = new Set(sessionSha256s);
    for (const s of this.sessions) {
      if (s.principal && ended.has(s.principal.sessionSha256)) s.ws.close(CLOSE_UNAUTHENTICATED, 'session ended');
    }
  }

  async close(): Promise<void> {
    clearInterval(this.heartbeat);
    clearInterval(this.statusFlush);
    clearTimeout(this.displaysChangedTimer);
    this.closing = true;
    const sessions = [...this.sessions];
    for (const s of sessions) s.ws.close(1001, 'server shutting down');
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    for (const s of this.sessions) s.ws.terminate();
    // Messages already received are handled and what they reported is written before the store closes.
    await Promise.all([...sessions.map(drained), ...this.running]);
    await this.displayMessages.flush();
    await this.cluster.close();
  }

  private accept(ws: WebSocket, req: IncomingMessage, principal: Principal | undefined): void {
    const now = new Date();
    const session: Session = {
      id: randomUUID(),
      ws,
      role: 'pending',
      principal,
      remoteAddress: req.socket.remoteAddress ?? '',
      connectedAt: now,
      alive: true,
      rate: new FrameRate(this.opts.maxMessagesPerSecond ?? 20),
      queue: Promise.resolve(),
    };
    this.sessions.add(session);
    const helloTimer = setTimeout(() => {
      if (session.role === 'pending') ws.close(CLOSE_POLICY, 'hello expected');
    }, this.opts.helloTimeoutMs ?? 10_000);

    ws.on('pong', () => this.seen(session));
    ws.on('message', (data, isBinary) => this.receive(session, data, isBinary));
    ws.on('error', (err) => this.opts.log.warn('ws error', { session: session.id, err }));
    ws.on('close', () => {
      clearTimeout(helloTimer);
      this.sessions.delete(session);
      this.waiters.closed(session, this.closing);
      if (session.display && this.byDisplay.get(session.display.id) === session) {
        this.byDisplay.delete(session.display.id);
        if (!this.closing) this.background('live display not removed', this.cluster.disconnected(session));
        this.captures.drop(session.display.id);
        this.displayMessages.markSeen(session);
        this.notifyDisplaysChanged();
      }
    });
  }

  private seen(session: Session): void {
    session.alive = true;
    if (session.live) session.live.lastSeenAt = new Date();
  }

  private receive(session: Session, data: RawData, isBinary: boolean): void {
    // A clock request's t1 is its arrival: parsing and validation would add to its error.
    const arrivedAt = Date.now();
    this.seen(session);
    if (!session.rate.allow()) return session.ws.close(CLOSE_POLICY, 'too many messages');
    if (!isBinary && frameBytes(data) > MAX_CLIENT_FRAME_BYTES && !(session.role === 'display' && this.captures.awaiting(session.display!.id))) {
      return session.ws.close(1009, 'frame too big');
    }
    const frame: ReadFrame = isBinary ? { ok: false, reason: 'binary frames are not accepted' } : readFrame(data);
    // A refusal waits its turn too: messages before it are handled first, as they arrived.
    void enqueue(session, this.opts.log, () =>
      frame.ok ? this.handle(session, frame.msg, arrivedAt) : this.reject(session, frame.reason, frame.code, frame.errorCode),
    );
  }

  private async handle(session: Session, msg: ClientMessage, arrivedAt: number): Promise<void> {
    if (msg.type === 'hello') {
      if (session.role !== 'pending') return this.reject(session, 'hello sent twice');
      if (msg.role === 'control') {
        if (!session.principal) return this.reject(session, 'sign in first', CLOSE_UNAUTHENTICATED, 'unauthenticated');
        session.role = 'control';
        this.send(session, { type: 'welcome', sessionId: session.id, serverTime: Date.now() });
        this.send(session, { type: 'displays', displays: await this.listDisplays() });
        return;
      }
      return this.displayHello(session, msg);
    }
    if (session.role === 'pending') return this.reject(session, 'hello expected first');
    if (session.role === 'pairing') return this.reject(session, 'an unpaired display may only wait for pairing');
    if (msg.type === 'clock-request') {
      this.send(session, { type: 'clock-reply', id: msg.id, t0: msg.t0, t1: arrivedAt, t2: Date.now() });
      return;
    }
    if (session.role !== 'display') return this.reject(session, `${msg.type} is for displays only`);
    if (msg.type === 'capture') {
      if (!this.captures.receive(session.display!.id, msg.requestId, msg.jpegBase64)) return this.reject(session, 'capture not requested');
      return;
    }
    if (msg.type === 'ack') {
      const latency = acknowledge(session.live!.delivery, msg.timelineVersion, performance.now());
      if (latency !== undefined) this.latencies.add(latency);
      this.displayMessages.ack(session);
      return;
    }
    await this.displayMessages.handle(session, msg, arrivedAt);
  }

  private async displayHello(session: Session, msg: DisplayHello): Promise<void> {
    if (!msg.token) return this.waiters.start(session, msg);
    const tokenSha256 = sha256(msg.token);
    const display = (await this.tokenLookups.add(tokenSha256)).get(tokenSha256);
    if (!display) return this.reject(session, 'unknown or revoked display token', CLOSE_DISPLAY_UNKNOWN, 'display-unknown');
    await this.becomeDisplay(session, display, msg);
  }

  private async becomeDisplay(session: Session, display: DisplayRecord, hello: DisplayHello | null): Promise<void> {
    // Closed while the database answered: registering it would leave a dead socket listed online.
    if (session.ws.readyState !== WebSocket.OPEN) return;
    const previous = this.byDisplay.get(display.id);
    if (previous && previous !== session) {
      this.opts.log.warn('display connected twice: the older socket is replaced', { display: display.id });
      this.byDisplay.delete(display.id);
      previous.ws.close(CLOSE_REPLACED, 'replaced by a newer connection');
    }
    session.role = 'display';
    session.display = { id: display.id, name: display.name, zoneId: display.zoneId };
    if (hello) session.live = liveDisplay(session.remoteAddress, hello);
    this.byDisplay.set(display.id, session);
    await this.cluster.connected(session);
    this.send(session, { type: 'welcome', sessionId: session.id, serverTime: Date.now(), display: session.display });
    if (hello?.timelineVersion) session.live!.delivery.ackedVersion = hello.timelineVersion;
    this.displayMessages.markSeen(session);
    this.notifyDisplaysChanged();
    await this.timelines.deliver(session, hello?.timelineVersion ?? null);
  }

  /** Writes this node's displays' changed statuses for the other nodes, and hears theirs. */
  private async shareLiveStatus(): Promise<void> {
    await this.cluster.syncStatuses(this.byDisplay.values());
    if ([...this.sessions].some((s) => s.role === 'control') && (await this.cluster.othersChanged())) this.notifyDisplaysChanged();
  }

  /** Runs work no caller awaits: a failure is logged, and close() waits for it to end. */
  private background(what: string, work: Promise<void>): void {
    const running = work.catch((err: unknown) => this.opts.log.error(what, { err }));
    this.running.add(running);
    void running.finally(() => this.running.delete(running));
  }

  private send(session: Session, msg: ServerMessage): void {
    const { ws } = session;
    if (ws.readyState !== WebSocket.OPEN) return;
    if (ws.bufferedAmount > (this.opts.maxBufferedBytes ?? 1 << 20)) {
      this.opts.log.warn('ws client too slow, dropped', { session: session.id, buffered: ws.bufferedAmount });
      ws.terminate();
      return;
    }
    ws.send(JSON.stringify(msg));
  }

  private reject(session: Session, reason: string, code = CLOSE_POLICY, errorCode = 'protocol'): void {
    this.opts.log.warn('ws message rejected', { session: session.id, remote: session.remoteAddress, reason });
    this.send(session, { type: 'error', code: errorCode, message: reason });
    session.ws.close(code, reason.slice(0, 120));
  }

  /** Live list for control panels, coalesced so a reconnect storm sends one update, not hundreds. */
  notifyDisplaysChanged(): void {
    if (this.displaysChangedTimer) return;
    this.displaysChangedTimer = setTimeout(() => {
      this.displaysChangedTimer = undefined;
      if (![...this.sessions].some((s) => s.role === 'control')) return;
      this.background(
        'display list not sent',
        this.listDisplays().then((displays) => this.broadcastControl({ type: 'displays', displays })),
      );
    }, 100);
    this.displaysChangedTimer.unref();
  }

  /** Sends a message to every signed-in control panel (print progress, content changes …). */
  broadcastControl(msg: ServerMessage): void {
    for (const s of this.sessions) if (s.role === 'control') this.send(s, msg);
  }
}
