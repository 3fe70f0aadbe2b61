/**
 * Phone photos through the print API: uploaded with an EXIF orientation, a photo panel printed as
 * PNG and as PDF shows each picture upright, where the layout put it, at the size as shown.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createCanvas, loadImage } from 'canvas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contextMeasurer, type DrawingContext } from '../../display/render/index.js';
import type { Photo } from '../../server/photos/protocol.js';
import { composePage } from '../../server/print/artwork.js';
import { registerFonts } from '../../server/print/fonts.js';
import { planPage } from '../../server/print/size.js';
import { PrintSettingsSchema, resolveSettings, type PrintJob, type PrintSettingsInput } from '../../server/protocol/print.js';
import { untilJob, uploadPhoto } from '../support/print-jobs.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { ApiClient, loginAdmin, userWithRoles } from '../support/session.js';
import { SCENE, UPRIGHT, cornersIn, orientedJpeg, orientedPng } from '../support/exif-images.js';

/** JPEGs turned a quarter either way, half a turn, mirrored and turned, upright; a PNG whose eXIf turns it. */
const UPLOADS = [
  ...([6, 8, 3, 5, 1] as const).map((o) => ({ name: `JPEG orientation ${o}`, bytes: orientedJpeg(o) })),
  { name: 'PNG eXIf orientation 6', bytes: orientedPng(6) },
];

let server: TestServer;
let operator: ApiClient;
let approver: ApiClient;
let photos: Photo[];

beforeAll(async () => {
  server = await startTestServer();
  const admin = await loginAdmin(server.url);
  operator = await userWithRoles(admin, 'van-hanh', ['operator']);
  approver = await userWithRoles(admin, 'duyet', ['approver']);
  photos = [];
  for (const upload of UPLOADS) photos.push(await uploadPhoto(operator, upload.bytes));
});
afterAll(() => server.cleanup());

async function printed(settings: PrintSettingsInput): Promise<{ job: PrintJob; file: string }> {
  const res = await operator.post('/api/print/jobs', { artwork: 'photo-panel', title: 'Ảnh điện thoại', photoIds: photos.map((p) => p.id), ...settings });
  expect(res.status, await res.clone().text()).toBe(201);
  let job = (await res.json()) as PrintJob;
  if (job.status === 'awaiting-approval') expect((await approver.post(`/api/print/jobs/${job.id}/approve`, { reason: 'Đúng ảnh đã chọn' })).status).toBe(200);
  job = await untilJob(operator, job.id, (j) => j.status === 'done' || j.status === 'failed');
  expect(job.error).toBeNull();
  const download = await operator.get(`/api/print/jobs/${job.id}/files/${encodeURIComponent(job.files[0]!.name)}`);
  expect(download.status).toBe(200);
  const file = path.join(server.dataDir, `download-${job.id}-${job.files[0]!.name}`);
  fs.writeFileSync(file, Buffer.from(await download.arrayBuffer()));
  return { job, file };
}

/** Every picture's quadrant colours in a page rendered `pxPerUnit` output pixels per page unit. */
async function pictureCorners(settings: PrintSettingsInput, job: PrintJob, image: string, pxPerUnit: number) {
  registerFonts();
  const page = planPage(resolveSettings(PrintSettingsSchema.parse(settings))!);
  const measurer = contextMeasurer(createCanvas(1, 1).getContext('2d') as unknown as DrawingContext);
  const content = { template: 'photo-panel' as const, title: job.panel!.title, photos: job.panel!.photos.map((p) => ({ ...p, file: '' })) };
  const art = composePage(page, content, undefined, measurer);
  const decoded = await loadImage(image);
  const canvas = createCanvas(decoded.width, decoded.height);
  canvas.getContext('2d').drawImage(decoded, 0, 0);
  const rgba = canvas.getContext('2d').getImageData(0, 0, decoded.width, decoded.height).data;
  return art.layout.ops.flatMap((op) => {
    if (op.kind !== 'image') return [];
    const [x, y, w, h] = [page.art.x + op.x, page.art.y + op.y, op.w, op.h].map((v) => Math.round(v * pxPerUnit)) as [number, number, number, number];
    return [{ id: op.imageId, aspect: op.w / op.h, corners: cornersIn(rgba, decoded.width, x, y, w, h) }];
  });
}

describe('photo panel of phone photos with EXIF orientations', () => {
  it('records each photo at the size as shown', () => {
    for (const p of photos) expect([p.width, p.height]).toEqual([SCENE.width, SCENE.height]);
  });

  it('prints every picture upright in the PNG, with the aspect as shown', async () => {
    const settings = { preset: 'a3', format: 'png', dpi: 60 } as const;
    const { job, file } = await printed(settings);
    const pictures = await pictureCorners(settings, job, file, 1);
    expect(pictures.map((p) => p.id)).toEqual(photos.map((p) => p.id));
    for (const [i, p] of pictures.entries()) {
      expect(p.aspect, UPLOADS[i]!.name).toBeCloseTo(SCENE.width / SCENE.height, 1);
      expect(p.corners, UPLOADS[i]!.name).toEqual(UPRIGHT);
    }
  });

  it('prints every picture upright in the PDF', async () => {
    const settings = { preset: 'a3', format: 'pdf' } as const;
    const { job, file } = await printed(settings);
    // 72 dpi: one pixel per point, the PDF's page unit.
    execFileSync('pdftoppm', ['-png', '-r', '72', '-singlefile', file, file]);
    const pictures = await pictureCorners(settings, job, `${file}.png`, 1);
    expect(pictures).toHaveLength(UPLOADS.length);
    for (const [i, p] of pictures.entries()) expect(p.corners, UPLOADS[i]!.name).toEqual(UPRIGHT);
  });
});
