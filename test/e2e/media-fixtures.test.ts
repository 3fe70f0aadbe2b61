/**
 * The clips and the phone photo Pano takes play in Debian's Chromium, as the screens' browser:
 * the good fixtures (test/fixtures/media), uploaded through the API and fetched back from it with
 * a signed-in session, play to their end with visible frames, and the phone photo's rendition is
 * upright. The playback tests build on these files.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clip } from '../../server/media/clip-protocol.js';
import type { Photo } from '../../server/photos/protocol.js';
import { launchChromium } from '../support/browser.js';
import { UPRIGHT } from '../support/exif-images.js';
import { mediaFixture, uploadRaw } from '../support/media-uploads.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { loginAdmin, userWithRoles, type ApiClient } from '../support/session.js';

let server: TestServer;
let operator: ApiClient;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  server = await startTestServer();
  operator = await userWithRoles(await loginAdmin(server.url), 'van-hanh', ['operator']);
  browser = await launchChromium(['--autoplay-policy=no-user-gesture-required']);
  const context = await browser.newContext();
  const [name, value] = operator.cookie!.split(';')[0]!.split('=') as [string, string];
  await context.addCookies([{ name, value, url: server.url }]);
  page = await context.newPage();
  // Any page of the server's origin, so the media URLs are same-origin with the session.
  await page.goto(`${server.url}/healthz`);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.cleanup();
});

describe('Chromium plays the clips Pano takes', () => {
  it.each([
    { name: 'good-vp9-opus.webm', seconds: 2.008 },
    { name: 'good-h264-aac.mp4', seconds: 2 },
    { name: 'good-av1.webm', seconds: 1 },
  ])('$name plays to its end with visible frames', async ({ name, seconds }) => {
    const res = await uploadRaw(operator, '/api/clips', mediaFixture(name));
    expect(res.status).toBe(201);
    const clip = (await res.json()) as Clip;
    const played = await page.evaluate(async (src) => {
      const video = document.createElement('video');
      video.muted = true;
      video.src = src;
      document.body.append(video);
      await video.play();
      await new Promise((resolve) => video.addEventListener('ended', resolve, { once: true }));
      const canvas = document.createElement('canvas');
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      const g = canvas.getContext('2d')!;
      g.drawImage(video, 0, 0);
      const pixels = g.getImageData(0, 0, canvas.width, canvas.height).data;
      let lit = 0;
      for (let i = 0; i < pixels.length; i += 4) if (pixels[i]! + pixels[i + 1]! + pixels[i + 2]! > 60) lit++;
      video.remove();
      return { width: video.videoWidth, height: video.videoHeight, duration: video.duration, lit: lit / (pixels.length / 4) };
    }, clip.url);
    expect(played).toMatchObject({ width: 160, height: 90 });
    expect(played.duration).toBeCloseTo(seconds, 1);
    expect(played.lit).toBeGreaterThan(0.5);
  });
});

describe('Chromium shows the phone photo upright', () => {
  it('decodes the orientation-6 rendition at its size as shown, corners where the scene has them', async () => {
    const res = await uploadRaw(operator, '/api/photos', mediaFixture('phone-orientation-6.jpg'));
    expect(res.status).toBe(201);
    const photo = (await res.json()) as Photo;
    expect({ width: photo.width, height: photo.height }).toEqual({ width: 800, height: 480 });
    const shown = await page.evaluate(async (src) => {
      const image = new Image();
      image.src = src;
      await image.decode();
      const canvas = document.createElement('canvas');
      canvas.width = image.naturalWidth;
      canvas.height = image.naturalHeight;
      const g = canvas.getContext('2d')!;
      g.drawImage(image, 0, 0);
      const at = (x: number, y: number) => [...g.getImageData(x, y, 1, 1).data.slice(0, 3)];
      const w = canvas.width;
      const h = canvas.height;
      return { width: w, height: h, tl: at(w / 4, h / 4), tr: at((3 * w) / 4, h / 4), bl: at(w / 4, (3 * h) / 4), br: at((3 * w) / 4, (3 * h) / 4) };
    }, `/api/photos/${photo.id}/rendition?width=1920&height=1080`);
    expect({ width: shown.width, height: shown.height }).toEqual({ width: 800, height: 480 });
    const colour = (rgb: number[]) => (rgb.every((v) => v > 200) ? 'white' : ['red', 'green', 'blue'][rgb.indexOf(Math.max(...rgb))]);
    expect({ tl: colour(shown.tl), tr: colour(shown.tr), bl: colour(shown.bl), br: colour(shown.br) }).toEqual(UPRIGHT);
  });
});
