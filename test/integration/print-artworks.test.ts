/**
 * Backdrops and photo panels through the print API, as the control panel and the print shop see
 * them: the XXVI congress backdrop as a 1:10 PDF whose text is the congress title, a photo panel
 * PNG whose pictures are where the layout put them and whose strips join exactly, what each job
 * records and audits, and refusals that store nothing. Jobs with free text (the panel, the
 * backdrop with its own lines) are approved by a second person first; print-approval.test.ts
 * covers that step itself.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createCanvas, loadImage } from 'canvas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contextMeasurer, type DrawingContext } from '../../display/render/index.js';
import { congressTitleLines } from '../../server/domain/compiler/plan-input.js';
import type { Photo } from '../../server/photos/protocol.js';
import { composePage, drawPage } from '../../server/print/artwork.js';
import { registerFonts } from '../../server/print/fonts.js';
import { StripPhotos } from '../../server/print/photos.js';
import { planStrips } from '../../server/print/png.js';
import { MARK_MARGIN_MM, planPage } from '../../server/print/size.js';
import { backdropText, PrintSettingsSchema, resolveSettings, type PrintJob } from '../../server/protocol/print.js';
import { untilJob, uploadPhoto } from '../support/print-jobs.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { ApiClient, loginAdmin, userWithRoles } from '../support/session.js';

const PT_PER_MM = 72 / 25.4;
/** Pure colours far from the flag red and yellow of the panel's ground and title. */
const COLOURS = [
  { hex: '#0000FF', rgb: [0, 0, 255], w: 400, h: 300, caption: 'Ảnh xanh lam' },
  { hex: '#00C000', rgb: [0, 192, 0], w: 300, h: 400, caption: 'Ảnh xanh lá' },
  { hex: '#FF00FF', rgb: [255, 0, 255], w: 500, h: 250, caption: 'Ảnh hồng' },
];

let server: TestServer;
let admin: ApiClient;
let operator: ApiClient;
let approver: ApiClient;
let photos: Photo[];

beforeAll(async () => {
  server = await startTestServer();
  admin = await loginAdmin(server.url);
  operator = await userWithRoles(admin, 'van-hanh', ['operator']);
  approver = await userWithRoles(admin, 'duyet', ['approver']);
  photos = [];
  for (const c of COLOURS) {
    const canvas = createCanvas(c.w, c.h);
    const g = canvas.getContext('2d');
    g.fillStyle = c.hex;
    g.fillRect(0, 0, c.w, c.h);
    photos.push(await uploadPhoto(operator, canvas.toBuffer('image/png'), c.caption));
  }
});
afterAll(() => server.cleanup());

async function finished(body: unknown): Promise<{ job: PrintJob; file: string }> {
  const res = await operator.post('/api/print/jobs', body);
  expect(res.status, await res.clone().text()).toBe(201);
  const created = (await res.json()) as PrintJob;
  if (created.status === 'awaiting-approval') expect((await approver.post(`/api/print/jobs/${created.id}/approve`, { reason: 'Đúng nội dung đã thống nhất' })).status).toBe(200);
  const job = await untilJob(operator, created.id, (j) => j.status === 'done' || j.status === 'failed');
  expect(job.error).toBeNull();
  const download = await operator.get(`/api/print/jobs/${job.id}/files/${encodeURIComponent(job.files[0]!.name)}`);
  expect(download.status).toBe(200);
  const file = path.join(server.dataDir, `download-${job.id}-${job.files[0]!.name}`);
  fs.writeFileSync(file, Buffer.from(await download.arrayBuffer()));
  return { job, file };
}

const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8' });

describe('congress backdrop, XXVI congress of the Government Office, 12 × 5 m', () => {
  let job: PrintJob;
  let file: string;
  beforeAll(async () => {
    ({ job, file } = await finished({ artwork: 'backdrop', eventId: 'vpcp-congress-xxvi', format: 'pdf' }));
  });

  it('defaults to the hall backdrop preset and prints it at 1:10, trim + 2 × 10 mm bleed, with the slug scaled prints get by default', () => {
    expect(job.settings.preset).toBe('phong-hoi-truong-12x5');
    expect(job.files[0]!.name).toBe('phong-vpcp-congress-xxvi_12000x5000mm_1-10.pdf');
    const info = run('pdfinfo', [file]);
    const [, w, h] = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info)!;
    // 1:10 art plus the 15 mm paper margin on each side that holds the slug.
    expect(Math.abs(Number(w) / PT_PER_MM - (1202 + 2 * MARK_MARGIN_MM))).toBeLessThan(0.4);
    expect(Math.abs(Number(h) / PT_PER_MM - (502 + 2 * MARK_MARGIN_MM))).toBeLessThan(0.4);
    expect(info).toMatch(/^Subject:\s+tỉ lệ 1:10 \(scale 1:10\)/m);
    expect(run('pdftotext', ['-enc', 'UTF-8', file, '-'])).toContain('tỉ lệ 1:10');
  });

  it('embeds every font it uses', () => {
    const rows = run('pdffonts', [file]).trim().split('\n').slice(2);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row).toMatch(/^[A-Z]{6}\+BeVietnamPro-/);
      expect(row.trim().split(/\s+/).at(-5)).toBe('yes');
    }
  });

  it('keeps the top line, the title lines and the date line extractable, in NFC capitals', () => {
    const text = run('pdftotext', ['-enc', 'UTF-8', file, '-']);
    expect(text).toBe(text.normalize('NFC'));
    const flat = text.replace(/\s+/g, ' ');
    for (const line of ['ĐẢNG CỘNG SẢN VIỆT NAM QUANG VINH MUÔN NĂM', 'ĐẠI HỘI ĐẠI BIỂU', 'ĐẢNG BỘ VĂN PHÒNG CHÍNH PHỦ LẦN THỨ XXVI', 'NHIỆM KỲ 2020 - 2025', 'Hà Nội, ngày 19 - 20 tháng 8 năm 2020']) {
      expect(flat).toContain(line);
    }
  });

  it('records the event and the exact lines with their hash, and audits them', async () => {
    expect(job.artwork).toBe('backdrop');
    expect(job.items).toEqual([]);
    const b = job.backdrop!;
    expect(b.eventId).toBe('vpcp-congress-xxvi');
    expect(b.titleLines).toEqual(congressTitleLines(b.eventName));
    expect(b.textSha256).toBe(createHash('sha256').update(backdropText(b)).digest('hex'));
    const audit = await admin.json<{ rows: { target: string; after: unknown }[] }>('/api/audit?action=print.job-create');
    const row = audit.rows.find((e) => e.target === `print-job:${job.id}`)!;
    expect(JSON.stringify(row.after)).toContain(b.textSha256);
    expect(JSON.stringify(row.after)).toContain('"eventId":"vpcp-congress-xxvi"');
  });

  it('takes an edited top line and leaves out an empty date line', async () => {
    const { job: edited, file: pdf } = await finished({ artwork: 'backdrop', eventId: 'khoi-congress-xiii', topLine: 'Đảng Cộng sản Việt Nam quang vinh muôn năm!', datePlace: '', preset: 'a3', format: 'pdf' });
    expect(edited.backdrop).toMatchObject({ topLine: 'ĐẢNG CỘNG SẢN VIỆT NAM QUANG VINH MUÔN NĂM!', datePlace: '' });
    const flat = run('pdftotext', ['-enc', 'UTF-8', pdf, '-']).replace(/\s+/g, ' ');
    expect(flat).toContain('KHỐI CÁC CƠ QUAN TRUNG ƯƠNG LẦN THỨ XIII');
    expect(flat).not.toContain('Hà Nội');
  });
});

describe('photo panel, 2.4 × 1.2 m PNG of three uploaded photos', () => {
  let job: PrintJob;
  let file: string;
  const dpi = 60;
  beforeAll(async () => {
    ({ job, file } = await finished({ artwork: 'photo-panel', title: 'Thành tựu 90 năm', photoIds: photos.map((p) => p.id), format: 'png', dpi, marks: true, slug: true }));
  });

  it('records the photos by SHA-256 with their captions, in order', () => {
    expect(job.settings.preset).toBe('pa-no-2.4x1.2');
    expect(job.panel!.title).toBe('THÀNH TỰU 90 NĂM');
    expect(job.panel!.photos.map((p) => [p.id, p.caption])).toEqual(photos.map((p) => [p.id, p.caption]));
    expect(job.files[0]!.name).toMatch(/^pa-no-thanh-tuu-90-nam_2400x1200mm_60dpi\.png$/);
  });

  it('puts each photo where the layout put it, and the strips equal one single-surface render', async () => {
    registerFonts();
    const settings = resolveSettings(PrintSettingsSchema.parse({ preset: 'pa-no-2.4x1.2', format: 'png', dpi, marks: true, slug: true }))!;
    const page = planPage(settings);
    expect(planStrips(page.width, page.height).bands).toBeGreaterThan(2);
    const measurer = contextMeasurer(createCanvas(1, 1).getContext('2d') as unknown as DrawingContext);
    const content = {
      template: 'photo-panel' as const,
      title: job.panel!.title,
      photos: job.panel!.photos.map((p, i) => ({ ...p, file: path.join(server.dataDir, 'photos', `${photos[i]!.id}.png`) })),
    };
    const art = composePage(page, content, slugOf(job), measurer);
    const decoded = createCanvas(page.width, page.height);
    decoded.getContext('2d').drawImage(await loadImage(file), 0, 0);
    const printed = decoded.getContext('2d').getImageData(0, 0, page.width, page.height).data;
    const pixel = (x: number, y: number) => [...printed.subarray((y * page.width + x) * 4, (y * page.width + x) * 4 + 3)];

    const pictures = art.layout.ops.filter((op) => op.kind === 'image');
    expect(pictures.map((op) => op.imageId)).toEqual(photos.map((p) => p.id));
    pictures.forEach((op, i) => {
      const x = page.art.x + op.x;
      const y = page.art.y + op.y;
      for (const [px, py] of [[x + 1, y + 1], [x + op.w - 2, y + op.h - 2], [x + Math.floor(op.w / 2), y + Math.floor(op.h / 2)]] as const) {
        expect(pixel(px, py), `photo ${i + 1} at ${px},${py}`).toEqual(COLOURS[i]!.rgb);
      }
      // Just outside the picture is its mat, not the photo.
      expect(pixel(x - 1, y + Math.floor(op.h / 2))).not.toEqual(COLOURS[i]!.rgb);
    });

    const strip = new StripPhotos(art, content.photos);
    await strip.prepare(0, page.height);
    const single = createCanvas(page.width, page.height);
    drawPage(single.getContext('2d', { alpha: false }) as unknown as DrawingContext, { ...art, images: strip.lookup });
    const reference = single.getContext('2d').getImageData(0, 0, page.width, page.height).data;
    let off = 0;
    for (let i = 0; i < printed.length; i++) if (Math.abs(printed[i]! - reference[i]!) > 1) off++;
    expect(off).toBe(0);
  });
});

describe('refusals store nothing', () => {
  const count = async () => (await operator.json<{ jobs: PrintJob[] }>('/api/print/jobs')).jobs.length;
  const audited = async () => (await admin.json<{ rows: unknown[] }>('/api/audit?action=print.job-create')).rows.length;

  it.each([
    { name: 'unknown event', body: { artwork: 'backdrop', eventId: 'dai-hoi-khong-co', format: 'pdf' }, path: 'body.eventId', detail: /Không có sự kiện/ },
    { name: 'not a congress', body: { artwork: 'backdrop', eventId: 'tet-canh-ty-2020', format: 'pdf' }, path: 'body.eventId', detail: /không phải là đại hội/ },
    { name: 'unknown photo', body: () => ({ artwork: 'photo-panel', title: 'Pa nô', photoIds: [photos[0]!.id, 'f'.repeat(64)], format: 'pdf' }), path: 'body.photoIds.1', detail: /Không có ảnh/ },
    { name: 'a photo twice', body: () => ({ artwork: 'photo-panel', title: 'Pa nô', photoIds: [photos[0]!.id, photos[0]!.id], format: 'pdf' }), path: 'body.photoIds.1', detail: /hai lần/ },
    { name: 'thirteen photos', body: () => ({ artwork: 'photo-panel', title: 'Pa nô', photoIds: Array.from({ length: 13 }, (_, i) => i.toString(16).padStart(64, '0')), format: 'pdf' }), path: 'body.photoIds', detail: /lỗi/ },
    { name: 'no photo', body: { artwork: 'photo-panel', title: 'Pa nô', photoIds: [], format: 'pdf' }, path: 'body.photoIds', detail: /lỗi/ },
    { name: 'empty title', body: () => ({ artwork: 'photo-panel', title: ' ', photoIds: [photos[0]!.id], format: 'pdf' }), path: 'body.title', detail: /lỗi/ },
    { name: 'unknown artwork', body: { artwork: 'poster', items: [1], preset: 'a4', format: 'pdf' }, path: 'body.artwork', detail: /lỗi/ },
    { name: 'backdrop with slogans', body: { artwork: 'backdrop', eventId: 'vpcp-congress-xxvi', items: [1], format: 'pdf' }, path: 'body', detail: /lỗi/ },
  ])('$name: 400 at $path', async ({ body, path: at, detail }) => {
    const [jobs, rows] = [await count(), await audited()];
    const res = await operator.post('/api/print/jobs', typeof body === 'function' ? body() : body);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/problem\+json/);
    const problem = (await res.json()) as { detail: string; errors?: { path: string; message: string }[] };
    expect(problem.detail).toMatch(detail);
    expect(problem.errors?.map((e) => e.path)).toContain(at);
    expect([await count(), await audited()]).toEqual([jobs, rows]);
  });
});

/** The slug the job's single file carries (the date is the job's, in Hà Nội). */
function slugOf(job: PrintJob): string {
  const name = job.files[0]!.name;
  const date = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric' }).format(new Date(job.createdAt));
  return `${name} · 2400 × 1200 mm, xuất huyết 10 mm · tỉ lệ 1:1 · 60 dpi · ${date} · ${name.split('_')[0]} 3 ảnh sha256 ${job.panel!.textSha256.slice(0, 12)}`;
}
