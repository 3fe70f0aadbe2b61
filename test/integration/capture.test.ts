import { describe, expect, it } from 'vitest';
import { createCanvas, loadImage } from 'canvas';
import { useTestApp } from '../support/app.js';
import { pairDisplay, type PairedDisplay } from '../support/displays.js';
import { MAX_CLIENT_FRAME_BYTES } from '../../server/protocol/messages.js';
import type { CaptureResult } from '../../server/protocol/displays.js';

/** "The office sees the real screen": the Màn hình page asks a screen for a JPEG of its canvas. */
const app = useTestApp({ operator: ['van-hanh', ['operator']], viewer: ['nguoi-xem', ['viewer']] });

function jpeg(width: number, height: number): Buffer {
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#DA251D';
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = '#FFFF00';
  ctx.font = 'bold 24px sans-serif';
  ctx.fillText('ĐẢNG CỘNG SẢN VIỆT NAM QUANG VINH MUÔN NĂM', 10, height / 2);
  return canvas.toBuffer('image/jpeg', { quality: 0.7 });
}

/** Asks for a capture and answers it from the display's socket with `reply` (base64) when given. */
async function captureWith(d: PairedDisplay, reply?: (requestId: string) => string | undefined): Promise<Response> {
  const answer = app.operator.post(`/api/displays/${d.display.id}/capture`, {});
  const cmd = await d.client.next('command');
  if (cmd.command !== 'capture') throw new Error(`unexpected command ${cmd.command}`);
  const jpegBase64 = reply?.(cmd.requestId);
  if (jpegBase64 !== undefined) d.client.send({ type: 'capture', requestId: cmd.requestId, jpegBase64 });
  return answer;
}

describe('screen capture', () => {
  it('returns the JPEG the screen sent, with what the server believes it shows', async () => {
    const d = await pairDisplay(app.server.url, app.operator, { zoneId: 'lobby' });
    d.client.send({ type: 'status', clockOffsetMs: 0, roundTripMs: 1, showing: null });
    const sent = jpeg(480, 270);
    const res = await captureWith(d, () => sent.toString('base64'));
    expect(res.status).toBe(200);
    const shot = (await res.json()) as CaptureResult;
    expect(shot).toMatchObject({ width: 480, height: 270, showing: null });
    const image = await loadImage(Buffer.from(shot.jpegBase64, 'base64'));
    expect([image.width, image.height]).toEqual([480, 270]);
    d.client.close();
  });

  it('refuses what is not a small JPEG: another format, or a picture over 640 px a side', async () => {
    const d = await pairDisplay(app.server.url, app.operator, { zoneId: 'gate' });
    const png = createCanvas(100, 50).toBuffer('image/png');
    expect((await captureWith(d, () => png.toString('base64'))).status).toBe(502);
    expect((await captureWith(d, () => jpeg(800, 200).toString('base64'))).status).toBe(502);
    const truncated = jpeg(200, 100).subarray(0, 600);
    expect((await captureWith(d, () => truncated.toString('base64'))).status).toBe(502);
    d.client.close();
  });

  it('limits captures per display (429 with Retry-After) and refuses an offline display (409)', async () => {
    const d = await pairDisplay(app.server.url, app.operator, { zoneId: 'hall' });
    const small = jpeg(64, 36).toString('base64');
    for (let i = 0; i < 6; i++) expect((await captureWith(d, () => small)).status).toBe(200);
    const limited = await app.operator.post(`/api/displays/${d.display.id}/capture`, {});
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    d.client.close();
    await d.client.closed;
    const other = await pairDisplay(app.server.url, app.operator, { zoneId: 'hall' });
    other.client.close();
    await other.client.closed;
    expect((await app.operator.post(`/api/displays/${other.display.id}/capture`, {})).status).toBe(409);
  });

  it('a capture nobody asked for closes the socket; so does a capture-sized frame', async () => {
    const unasked = await pairDisplay(app.server.url, app.operator, { zoneId: 'lobby' });
    unasked.client.send({ type: 'capture', requestId: '00000000-0000-4000-8000-000000000000', jpegBase64: jpeg(64, 36).toString('base64') });
    expect((await unasked.client.closed).code).toBe(1008);
    const big = await pairDisplay(app.server.url, app.operator, { zoneId: 'lobby' });
    big.client.send({ type: 'capture', requestId: '00000000-0000-4000-8000-000000000000', jpegBase64: 'A'.repeat(MAX_CLIENT_FRAME_BYTES + 10) });
    expect((await big.client.closed).code).toBe(1009);
  });

  it('only operators and admins may ask', async () => {
    const d = await pairDisplay(app.server.url, app.operator, { zoneId: 'lobby' });
    expect((await app.viewer.post(`/api/displays/${d.display.id}/capture`, {})).status).toBe(403);
    d.client.close();
  });
});
