import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, WebSocket, type RawData } from 'ws';
import {
  ClientMessageSchema,
  MAX_CLIENT_FRAME_BYTES,
  type ClientMessage,
  type DisplayStatus,
  type ServerMessage,
} from '../protocol/messages.js';
import type { Timeline } from '../protocol/timeline.js';
import type { Logger } from '../log.js';
import type { OriginPolicy } from '../http/origin.js';
import type { Principal } from '../auth/auth-service.js';

export interface HubOptions {
  log: Logger;
  originAllowed: OriginPolicy;
  /** The signed-in user behind the upgrade's session cookie, if any. */
  authenticate: (req: IncomingMessage) => Principal | undefined;
  /** Compiles the timeline for a zone; undefined when the zone does not exist. */
  compileTimeline: (zone: string) => Timeline | undefined;
  heartbeatMs?: number;
  helloTimeoutMs?: number;
  /** A client above this many frames a second is disconnected. */
  maxMessagesPerSecond?: number;
  /** A client whose unsent data exceeds this is too slow to keep. */
  maxBufferedBytes?: number;
}

interface Session {
  id: string;
  ws: WebSocket;
  role: 'pending' | 'display' | 'control';
  principal: Principal | undefined;
  remoteAddress: string;
  connectedAt: Date;
  lastSeenAt: Date;
  alive: boolean;
  windowStart: number;
  windowCount: number;
  zone?: string;
  app?: string;
  screen?: { width: number; height: number };
  timelineVersion: string | null;
  ackedVersion: string | null;
}

const CLOSE_POLICY = 1008;
/** Application close code: the socket's session is missing or has ended (sign in again). */
export const CLOSE_UNAUTHENTICATED = 4401;

/** Owns every WebSocket: upgrade checks, the hello handshake, validation, heartbeat and pushes. */
export class Hub {
  private readonly wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_CLIENT_FRAME_BYTES,
    perMessageDeflate: false,
  });
  private readonly sessions = new Set<Session>();
  private readonly heartbeat: NodeJS.Timeout;
  private displaysChangedTimer: NodeJS.Timeout | undefined;

  constructor(private readonly opts: HubOptions) {
    this.heartbeat = setInterval(() => this.beat(), opts.heartbeatMs ?? 30_000);
    this.heartbeat.unref();
  }

  /** HTTP upgrade handler: refuses a foreign Origin or a wrong path before the handshake. */
  handleUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== '/ws') return refuse(socket, 404, 'Not Found');
    if (!this.opts.originAllowed(req.headers.origin, req.headers.host)) {
      this.opts.log.warn('ws upgrade refused: origin', { origin: req.headers.origin, remote: req.socket.remoteAddress });
      return refuse(socket, 403, 'Forbidden');
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, req));
  };

  listDisplays(): DisplayStatus[] {
    return [...this.sessions]
      .filter((s) => s.role === 'display')
      .map((s) => ({
        sessionId: s.id,
        zone: s.zone!,
        app: s.app!,
        screen: s.screen!,
        remoteAddress: s.remoteAddress,
        connectedAt: s.connectedAt.toISOString(),
        lastSeenAt: s.lastSeenAt.toISOString(),
        timelineVersion: s.timelineVersion,
        ackedVersion: s.ackedVersion,
      }));
  }

  displayCount(): number {
    let n = 0;
    for (const s of this.sessions) if (s.role === 'display') n++;
    return n;
  }

  /** Recompiles every connected display's timeline and pushes those whose content changed. */
  refreshTimelines(): void {
    const byZone = new Map<string, { version: string; timeline: Timeline } | undefined>();
    for (const s of this.sessions) {
      if (s.role !== 'display') continue;
      if (!byZone.has(s.zone!)) byZone.set(s.zone!, this.compile(s.zone!));
      const compiled = byZone.get(s.zone!);
      if (compiled && compiled.version !== s.timelineVersion) this.pushTimeline(s, compiled);
    }
    this.broadcastControl({ type: 'slogans-changed' });
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
    clearTimeout(this.displaysChangedTimer);
    for (const s of this.sessions) s.ws.close(1001, 'server shutting down');
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    for (const s of this.sessions) s.ws.terminate();
  }

  private accept(ws: WebSocket, req: IncomingMessage): void {
    const now = new Date();
    const session: Session = {
      id: randomUUID(),
      ws,
      role: 'pending',
      principal: this.opts.authenticate(req),
      remoteAddress: req.socket.remoteAddress ?? '',
      connectedAt: now,
      lastSeenAt: now,
      alive: true,
      windowStart: Date.now(),
      windowCount: 0,
      timelineVersion: null,
      ackedVersion: null,
    };
    this.sessions.add(session);
    const helloTimer = setTimeout(() => {
      if (session.role === 'pending') ws.close(CLOSE_POLICY, 'hello expected');
    }, this.opts.helloTimeoutMs ?? 10_000);

    ws.on('pong', () => {
      session.alive = true;
      session.lastSeenAt = new Date();
    });
    ws.on('message', (data, isBinary) => this.receive(session, data, isBinary));
    ws.on('error', (err) => this.opts.log.warn('ws error', { session: session.id, err }));
    ws.on('close', () => {
      clearTimeout(helloTimer);
      this.sessions.delete(session);
      if (session.role === 'display') this.displaysChanged();
    });
  }

  private receive(session: Session, data: RawData, isBinary: boolean): void {
    session.lastSeenAt = new Date();
    session.alive = true;
    if (!this.withinRate(session)) return session.ws.close(CLOSE_POLICY, 'too many messages');
    if (isBinary) return this.reject(session, 'binary frames are not accepted');
    let raw: unknown;
    try {
      raw = JSON.parse(data.toString());
    } catch {
      return this.reject(session, 'malformed JSON');
    }
    const parsed = ClientMessageSchema.safeParse(raw);
    if (!parsed.success) return this.reject(session, 'message does not match the protocol');
    this.handle(session, parsed.data);
  }

  private handle(session: Session, msg: ClientMessage): void {
    if (msg.type === 'hello') {
      if (session.role !== 'pending') return this.reject(session, 'hello sent twice');
      if (msg.role === 'control') {
        if (!session.principal) return this.reject(session, 'sign in first', CLOSE_UNAUTHENTICATED);
        session.role = 'control';
        this.send(session, { type: 'welcome', sessionId: session.id, serverTime: Date.now() });
        this.send(session, { type: 'displays', displays: this.listDisplays() });
        return;
      }
      const compiled = this.compile(msg.zone);
      if (!compiled) return this.reject(session, `unknown zone "${msg.zone}"`);
      Object.assign(session, { role: 'display', zone: msg.zone, app: msg.app, screen: msg.screen });
      this.send(session, { type: 'welcome', sessionId: session.id, serverTime: Date.now() });
      this.pushTimeline(session, compiled);
      this.displaysChanged();
      return;
    }
    if (session.role === 'pending') return this.reject(session, 'hello expected first');
    if (msg.type === 'clock-request') {
      const t1 = Date.now();
      this.send(session, { type: 'clock-reply', id: msg.id, t0: msg.t0, t1, t2: Date.now() });
      return;
    }
    if (msg.type === 'ack' && session.role === 'display') {
      session.ackedVersion = msg.timelineVersion;
      this.displaysChanged();
    }
  }

  private compile(zone: string): { version: string; timeline: Timeline } | undefined {
    const timeline = this.opts.compileTimeline(zone);
    if (!timeline) return undefined;
    const version = createHash('sha256').update(JSON.stringify(timeline)).digest('hex').slice(0, 16);
    return { version, timeline };
  }

  private pushTimeline(session: Session, compiled: { version: string; timeline: Timeline }): void {
    session.timelineVersion = compiled.version;
    this.send(session, { type: 'timeline', version: compiled.version, timeline: compiled.timeline });
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

  private reject(session: Session, reason: string, code = CLOSE_POLICY): void {
    this.opts.log.warn('ws message rejected', { session: session.id, remote: session.remoteAddress, reason });
    this.send(session, { type: 'error', code: code === CLOSE_POLICY ? 'protocol' : 'unauthenticated', message: reason });
    session.ws.close(code, reason.slice(0, 120));
  }

  private withinRate(session: Session): boolean {
    const now = Date.now();
    if (now - session.windowStart >= 1000) {
      session.windowStart = now;
      session.windowCount = 0;
    }
    session.windowCount++;
    return session.windowCount <= (this.opts.maxMessagesPerSecond ?? 20);
  }

  /** Live list for control panels, coalesced so a reconnect storm sends one update, not hundreds. */
  private displaysChanged(): void {
    if (this.displaysChangedTimer) return;
    this.displaysChangedTimer = setTimeout(() => {
      this.displaysChangedTimer = undefined;
      this.broadcastControl({ type: 'displays', displays: this.listDisplays() });
    }, 100);
    this.displaysChangedTimer.unref();
  }

  /** Sends a message to every signed-in control panel (print progress, content changes …). */
  broadcastControl(msg: ServerMessage): void {
    for (const s of this.sessions) if (s.role === 'control') this.send(s, msg);
  }

  private beat(): void {
    for (const s of this.sessions) {
      if (!s.alive) {
        s.ws.terminate();
        continue;
      }
      s.alive = false;
      s.ws.ping();
    }
  }
}

function refuse(socket: Duplex, status: number, text: string): void {
  socket.write(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  socket.destroy();
}
