import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { freshDelivery, pushTimeline, type CompiledTimeline } from '../../server/ws/delivery.js';

/** A real server socket whose client stops reading, so the server's send buffer backs up. */
async function stalledPair(): Promise<{ server: WebSocket; client: WebSocket; received: string[]; close(): void }> {
  const wss = new WebSocketServer({ port: 0, perMessageDeflate: false });
  await new Promise((r) => wss.once('listening', r));
  const serverSide = new Promise<WebSocket>((r) => wss.once('connection', r));
  const client = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`, { perMessageDeflate: false });
  await new Promise((r) => client.once('open', r));
  const server = await serverSide;
  const received: string[] = [];
  client.on('message', (d) => received.push(d.toString().slice(0, 40)));
  (client as unknown as { _socket: { pause(): void } })._socket.pause();
  return { server, client, received, close: () => (client.terminate(), wss.close()) };
}

const frame = (version: string, bytes: number): CompiledTimeline => ({
  version,
  timeline: null,
  frame: JSON.stringify({ type: 'timeline', version, pad: 'x'.repeat(bytes) }),
});

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

describe('timeline backpressure on a slow display', () => {
  it('keeps only the newest timeline while the socket is backed up, and sends it once it drains', async () => {
    const pair = await stalledPair();
    cleanup = pair.close;
    const delivery = freshDelivery();
    let dropped = false;
    const sent: string[] = [];
    const hooks = { slowDisplayMs: 60_000, tooSlow: () => (dropped = true), sent: (n: { version: string }) => sent.push(n.version) };
    // Fill the socket: many large frames until the unsent bytes pass the queueing threshold.
    for (let i = 0; pair.server.bufferedAmount <= 64 * 1024 && i < 200; i++) {
      pushTimeline(pair.server, delivery, frame(`fill-${i}`, 1 << 20), hooks);
    }
    expect(pair.server.bufferedAmount).toBeGreaterThan(64 * 1024);
    pushTimeline(pair.server, delivery, frame('v2', 10), hooks);
    pushTimeline(pair.server, delivery, frame('v3', 10), hooks);
    expect(delivery.queued?.version).toBe('v3');

    (pair.client as unknown as { _socket: { resume(): void } })._socket.resume();
    await expect.poll(() => pair.received.some((r) => r.includes('"v3"')), { timeout: 20_000 }).toBe(true);
    expect(pair.received.some((r) => r.includes('"v2"'))).toBe(false);
    expect(delivery.timelineVersion).toBe('v3');
    // Deliveries (what proof of play is checked against) are what went out, not what was dropped.
    expect(sent).toContain('v3');
    expect(sent).not.toContain('v2');
    expect(dropped).toBe(false);
  });

  it('gives up on a display that stays backed up', async () => {
    const pair = await stalledPair();
    cleanup = pair.close;
    const delivery = freshDelivery();
    let dropped = false;
    const hooks = { slowDisplayMs: 300, tooSlow: () => (dropped = true), sent: () => undefined };
    for (let i = 0; pair.server.bufferedAmount <= 64 * 1024 && i < 200; i++) {
      pushTimeline(pair.server, delivery, frame(`fill-${i}`, 1 << 20), hooks);
    }
    pushTimeline(pair.server, delivery, frame('late', 10), hooks);
    await expect.poll(() => dropped, { timeout: 5_000 }).toBe(true);
  });
});
