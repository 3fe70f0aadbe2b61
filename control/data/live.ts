import { PROTOCOL_VERSION, ServerMessageSchema, type DisplayStatus } from '../../server/protocol/messages.js';
import type { PrintProgressMessage } from '../../server/protocol/print.js';
import { reconnectDelay } from '../../server/protocol/reconnect.js';

type Listener<T> = (value: T) => void;

/**
 * The control panel's one live socket, shared by every page: connected displays and content
 * changes, pushed by the server. Subscriptions survive reconnects; the last value is replayed.
 */
class LiveChannel {
  private socket: WebSocket | undefined;
  private attempt = 0;
  private running = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private displays: DisplayStatus[] = [];
  private online = false;
  private readonly displayListeners = new Set<Listener<DisplayStatus[]>>();
  private readonly contentListeners = new Set<Listener<void>>();
  private readonly printListeners = new Set<Listener<PrintProgressMessage>>();
  private readonly connectionListeners = new Set<Listener<boolean>>();

  start(): void {
    if (this.running) return;
    this.running = true;
    this.open();
  }

  stop(): void {
    this.running = false;
    clearTimeout(this.timer);
    this.socket?.close(1000);
    this.socket = undefined;
  }

  subscribeDisplays(listener: Listener<DisplayStatus[]>): () => void {
    this.displayListeners.add(listener);
    listener(this.displays);
    return () => this.displayListeners.delete(listener);
  }

  subscribePrintProgress(listener: Listener<PrintProgressMessage>): () => void {
    this.printListeners.add(listener);
    return () => this.printListeners.delete(listener);
  }

  subscribeContentChanged(listener: Listener<void>): () => void {
    this.contentListeners.add(listener);
    return () => this.contentListeners.delete(listener);
  }

  subscribeConnection(listener: Listener<boolean>): () => void {
    this.connectionListeners.add(listener);
    listener(this.online);
    return () => this.connectionListeners.delete(listener);
  }

  private setOnline(online: boolean): void {
    this.online = online;
    this.connectionListeners.forEach((l) => l(online));
  }

  private open(): void {
    const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const ws = new WebSocket(`${proto}//${location.host}/ws`);
    this.socket = ws;
    ws.addEventListener('open', () => {
      ws.send(JSON.stringify({ type: 'hello', protocol: PROTOCOL_VERSION, role: 'control' }));
    });
    ws.addEventListener('message', (ev) => {
      const parsed = ServerMessageSchema.safeParse(safeJson(ev.data));
      if (!parsed.success) return;
      const msg = parsed.data;
      if (msg.type === 'welcome') {
        this.attempt = 0;
        this.setOnline(true);
      } else if (msg.type === 'displays') {
        this.displays = msg.displays;
        this.displayListeners.forEach((l) => l(msg.displays));
      } else if (msg.type === 'slogans-changed') {
        this.contentListeners.forEach((l) => l());
      } else if (msg.type === 'print-progress') {
        this.printListeners.forEach((l) => l(msg));
      }
    });
    ws.addEventListener('close', () => {
      if (this.socket === ws) this.socket = undefined;
      this.setOnline(false);
      if (this.running) this.timer = setTimeout(() => this.open(), reconnectDelay(this.attempt++));
    });
  }
}

function safeJson(data: unknown): unknown {
  if (typeof data !== 'string') return undefined;
  try {
    return JSON.parse(data);
  } catch {
    return undefined;
  }
}

export const live = new LiveChannel();
