import type { Duplex } from 'node:stream';

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

/** Answers an upgrade the hub will not take, before any WebSocket handshake, and closes it. */
export function refuseUpgrade(socket: Duplex, status: number, text: string): void {
  socket.write(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  socket.destroy();
}
