/**
 * Issue 14 point 6: the bytes a 1080p screen downloads for a day of rotation of pictures and clips.
 * A real server gets phone-sized photos (4032 × 3024 JPEG, a few MB each) and the test clips as
 * picture and clip items of the lobby; a paired 1920 × 1080 screen fetches every file of its
 * media-files as the player does (each once, kept after), then reconnects as after a night's
 * restart and fetches only what it lacks. Originals are what it would have cost without renditions.
 */
import { createHash } from 'node:crypto';
import { createCanvas } from 'canvas';
import { startTestServer } from '../support/server.js';
import { loginAdmin, userWithRoles, type ApiClient } from '../support/session.js';
import { TestClient, displayHello } from '../support/ws-client.js';
import { pairDisplay } from '../support/displays.js';
import { mediaFixture, uploadRaw } from '../support/media-uploads.js';
import type { MediaFile } from '../../server/protocol/media.js';
import type { BenchRow } from './table.js';

const PHOTOS = 12;
const CLIPS = ['good-vp9-opus.webm', 'good-h264-aac.mp4'];

/** A photograph-like picture: soft shapes over a gradient, with fine grain (what JPEG finds hard). */
function phonePhoto(seed: number): Buffer {
  const c = createCanvas(4032, 3024);
  const g = c.getContext('2d');
  const sky = g.createLinearGradient(0, 0, 0, 3024);
  sky.addColorStop(0, `hsl(${(seed * 37) % 360}, 60%, 70%)`);
  sky.addColorStop(1, `hsl(${(seed * 53) % 360}, 40%, 30%)`);
  g.fillStyle = sky;
  g.fillRect(0, 0, 4032, 3024);
  let x = seed * 7919;
  const rand = () => ((x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let i = 0; i < 400; i++) {
    g.fillStyle = `hsla(${rand() * 360}, 70%, ${30 + rand() * 50}%, 0.5)`;
    g.beginPath();
    g.arc(rand() * 4032, rand() * 3024, 20 + rand() * 300, 0, Math.PI * 2);
    g.fill();
  }
  const grain = g.getImageData(0, 0, 4032, 3024);
  for (let i = 0; i < grain.data.length; i += 4) {
    const n = (rand() - 0.5) * 16;
    grain.data[i] = grain.data[i]! + n;
    grain.data[i + 1] = grain.data[i + 1]! + n;
    grain.data[i + 2] = grain.data[i + 2]! + n;
  }
  g.putImageData(grain, 0, 0);
  return c.toBuffer('image/jpeg', { quality: 0.85 });
}

async function approvedItem(operator: ApiClient, approver: ApiClient, kind: 'picture' | 'clip', mediaId: string, n: number): Promise<void> {
  const created = await operator.post('/api/items', {
    kind,
    text: `${kind === 'picture' ? 'Ảnh' : 'Phim'} tư liệu số ${n}: thành tựu xây dựng Đảng`,
    media: { kind, mediaId },
    tags: ['evergreen'],
    celebratory: false,
    places: ['lobby'],
  });
  if (created.status !== 201) throw new Error(`item: ${created.status} ${await created.text()}`);
  const { id } = (await created.json()) as { id: number };
  await operator.post(`/api/items/${id}/submit`);
  const approved = await approver.post(`/api/items/${id}/approve`, { reason: 'Đúng sự kiện' });
  if (approved.status !== 200) throw new Error(`approve: ${approved.status}`);
}

/** Fetches, as the player does, each file not yet held; returns the bytes downloaded. */
async function fetchMissing(baseUrl: string, files: MediaFile[], held: Set<string>): Promise<number> {
  let bytes = 0;
  for (const f of files) {
    if (held.has(f.sha256)) continue;
    const body = new Uint8Array(await (await fetch(`${baseUrl}${f.url}`)).arrayBuffer());
    if (createHash('sha256').update(body).digest('hex') !== f.sha256) throw new Error('hash mismatch');
    bytes += body.length;
    held.add(f.sha256);
  }
  return bytes;
}

export default async function bench(): Promise<BenchRow[]> {
  // Made before the server starts: drawing them blocks this process for seconds, long enough for
  // a kept-alive connection to the in-process server to time out under a request.
  const photos = Array.from({ length: PHOTOS }, (_, i) => phonePhoto(i + 1));
  const server = await startTestServer();
  try {
    const admin = await loginAdmin(server.url);
    const operator = await userWithRoles(admin, 'van-hanh', ['operator']);
    const approver = await userWithRoles(admin, 'duyet', ['approver']);
    let originals = 0;
    for (const [i, jpeg] of photos.entries()) {
      const res = await uploadRaw(operator, '/api/photos', jpeg);
      if (res.status !== 201) throw new Error(`photo: ${res.status}`);
      originals += jpeg.length;
      await approvedItem(operator, approver, 'picture', ((await res.json()) as { id: string }).id, i + 1);
    }
    let clipBytes = 0;
    for (const [i, name] of CLIPS.entries()) {
      const bytes = mediaFixture(name);
      const res = await uploadRaw(operator, '/api/clips', bytes);
      if (res.status !== 201) throw new Error(`clip: ${res.status} ${await res.text()}`);
      clipBytes += bytes.length;
      await approvedItem(operator, approver, 'clip', ((await res.json()) as { id: string }).id, i + 1);
    }

    const screen = await pairDisplay(server.url, operator, { zoneId: 'lobby', name: 'Sảnh 1080p' });
    let files: MediaFile[] = [];
    while (files.length < PHOTOS + CLIPS.length) files = (await screen.client.next('media-files', 120_000)).files;
    const held = new Set<string>();
    const firstDay = await fetchMissing(server.url, files, held);
    const pictures = files.filter((f) => f.kind === 'picture');
    // A night's restart: the screen reconnects with its token and timeline, gets its list again.
    screen.client.close();
    await screen.client.closed;
    const again = await TestClient.connect(server.url);
    again.send(displayHello(screen.token, screen.timeline.version));
    const later = await fetchMissing(server.url, (await again.next('media-files', 60_000)).files, held);
    again.close();
    const mb = (n: number) => Math.round((n / 1e6) * 100) / 100;
    return [
      { bench: 'media-day', case: `1080p screen, first day: ${pictures.length} pictures + ${CLIPS.length} clips`, value: mb(firstDay), unit: 'MB', note: `${files.length} files, each fetched once and kept` },
      { bench: 'media-day', case: '  of which pictures (WebP renditions, 1920 px)', value: mb(pictures.reduce((n, f) => n + f.bytes, 0)), unit: 'MB', note: `${PHOTOS} phone photos of 4032 × 3024` },
      { bench: 'media-day', case: '  of which clips (as uploaded)', value: mb(clipBytes), unit: 'MB', note: 'test clips; a clip costs its upload size' },
      { bench: 'media-day', case: '1080p screen, each later day (same rotation)', value: mb(later), unit: 'MB', note: 'after a reconnect: nothing fetched again' },
      { bench: 'media-day', case: 'the same pictures as originals', value: mb(originals), unit: 'MB', note: 'what a screen would fetch without renditions' },
    ];
  } finally {
    await server.cleanup();
  }
}
