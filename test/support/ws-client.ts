import WebSocket from 'ws';
import { ServerMessageSchema, type ServerMessage } from '../../server/protocol/messages.js';

/** A real ws client that queues the server's messages so a test can await them in order. */
export class TestClient {
  readonly messages: ServerMessage[] = [];
  private waiters: { type: string; resolve: (m: ServerMessage) => void }[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const msg = ServerMessageSchema.parse(JSON.parse(data.toString()));
      // The oldest waiter for this type takes the message; otherwise it queues for a later next().
      const waiter = this.waiters.findIndex((w) => w.type === msg.type);
      if (waiter >= 0) this.waiters.splice(waiter, 1)[0]!.resolve(msg);
      else this.messages.push(msg);
    });
    this.closed = new Promise((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  }

  static connect(url: string, opts: { origin?: string; cookie?: string } = {}): Promise<TestClient> {
    const ws = new WebSocket(url.replace(/^http/, 'ws') + '/ws', {
      ...(opts.origin ? { origin: opts.origin } : {}),
      ...(opts.cookie ? { headers: { Cookie: opts.cookie } } : {}),
    });
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new TestClient(ws)));
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    });
  }

  send(msg: unknown): void {
    this.ws.send(typeof msg === 'string' ? msg : JSON.stringify(msg));
  }

  /** The next message of this type, or one already received and not yet taken. */
  next<T extends ServerMessage['type']>(type: T, timeoutMs = 5000): Promise<Extract<ServerMessage, { type: T }>> {
    const seen = this.messages.findIndex((m) => m.type === type);
    if (seen >= 0) return Promise.resolve(this.messages.splice(seen, 1)[0] as Extract<ServerMessage, { type: T }>);
    return new Promise((resolve, reject) => {
      const waiter = {
        type,
        resolve: (m: ServerMessage) => {
          clearTimeout(timer);
          resolve(m as Extract<ServerMessage, { type: T }>);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`no "${type}" message within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  close(): void {
    this.ws.close();
  }
}

/** A display's hello: without a token it asks to be paired; with one it says which timeline it holds. */
export const displayHello = (token?: string, timelineVersion: string | null = null) => ({
  type: 'hello',
  protocol: 2,
  role: 'display',
  ...(token ? { token } : {}),
  app: 'test/1',
  screen: { width: 1920, height: 1080 },
  timelineVersion,
});
