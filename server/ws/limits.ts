import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { HostPolicy, OriginPolicy } from '../http/origin.js';
import type { Logger } from '../log.js';

/** Frames a socket sent in the current one-second window: above the limit it is disconnected. */
export class FrameRate {
  private windowStart = Date.now();
  private count = 0;

  constructor(private readonly maxPerSecond: number) {}

  allow(now: number = Date.now()): boolean {
    if (now - this.windowStart >= 1000) {
      this.windowStart = now;
      this.count = 0;
    }
    this.count++;
    return this.count <= this.maxPerSecond;
  }
}

/**
 * Whether the hub takes an upgrade: its path, Host and Origin are checked before the handshake,
 * and a refused one is answered and closed here. Runs outside Express: it must never throw.
 */
export function admitUpgrade(
  req: IncomingMessage,
  socket: Duplex,
  policy: { hostAllowed: HostPolicy; originAllowed: OriginPolicy; log: Logger },
): boolean {
  let pathname: string;
  try {
    pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
  } catch {
    return refuse(socket, 400, 'Bad Request');
  }
  if (pathname !== '/ws') return refuse(socket, 404, 'Not Found');
  if (!policy.hostAllowed(req.headers.host)) return refuse(socket, 421, 'Misdirected Request');
  if (!policy.originAllowed(req.headers.origin, req.headers.host)) {
    policy.log.warn('ws upgrade refused: origin', { origin: req.headers.origin, remote: req.socket.remoteAddress });
    return refuse(socket, 403, 'Forbidden');
  }
  return true;
}

/** Answers an upgrade the hub will not take, before any WebSocket handshake, and closes it. */
function refuse(socket: Duplex, status: number, text: string): false {
  socket.write(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  socket.destroy();
  return false;
}
