/**
 * Print cost at the sizes the plan asks for. Each render runs in its own child process so that its
 * peak RSS is its own, not the bench runner's:
 *  - 5 m × 0.8 m at 150 dpi PNG, striped (the product) beside a naive single-surface node-canvas
 *    render of the same page (the baseline; the target is 2× faster at half the memory);
 *  - 12 m × 5 m at 100 dpi PNG, 47244 × 19685 px, which no single surface can hold;
 *  - every approved plan slogan as one 5 m × 0.8 m PDF batch, pages per second (target: under 1 s);
 *  - the XXVI congress backdrop, 12 m × 5 m PDF (at 1:10);
 *  - a 2.4 m × 1.2 m photo panel of 12 photos of 4000 × 3000 px (JPEG) at 150 dpi, 14173 × 7087 px,
 *    the photos loaded strip by strip.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ROOT_DIR } from '../../server/paths.js';
import type { BenchRow } from './table.js';

type Mode = 'strip-5m' | 'naive-5m' | 'strip-12m' | 'batch-pdf' | 'backdrop-pdf' | 'panel-png';

const PANEL_PHOTOS = 12;

interface ChildResult {
  ms: number;
  bytes: number;
  width: number;
  height: number;
  pages: number;
  /** Peak RSS before and after the render, MB. */
  baselineMb: number;
  peakMb: number;
}

const maxRssMb = () => process.resourceUsage().maxRSS / 1024;

/** In the child: one render, timed, reported as JSON on stdout. */
async function child(mode: Mode, dataDir: string, out: string): Promise<void> {
  const { openStore } = await import('../../server/store.js');
  const { planPage, printableItem, renderJob } = await import('../../server/print/index.js');
  const { registerFonts } = await import('../../server/print/fonts.js');
  const { composePage, drawPage } = await import('../../server/print/artwork.js');
  const { resolveSettings, PrintSettingsSchema } = await import('../../server/protocol/print.js');
  const { createCanvas } = await import('canvas');
  const { contextMeasurer } = await import('../../display/render/index.js');
  const store = await openStore(dataDir, 'NORMAL');
  const approved = (await store.content.listApprovedSlogans()).map(printableItem);
  await store.close();
  const congress = approved.find((i) => i.key === 'greet-vpcp-congress-xxvi')!;
  registerFonts();
  if (mode === 'backdrop-pdf' || mode === 'panel-png') return artworkChild(mode, dataDir, out);
  // No bleed, so that product and baseline draw exactly 29528 × 4724 px.
  const size =
    mode === 'strip-12m' ? { widthMm: 12000, heightMm: 5000, dpi: 100 } : mode === 'batch-pdf' ? { widthMm: 5000, heightMm: 800 } : { widthMm: 5000, heightMm: 800, dpi: 150 };
  const settings = resolveSettings(PrintSettingsSchema.parse({ ...size, bleedMm: 0, format: mode === 'batch-pdf' ? 'pdf' : 'png' }))!;
  const page = planPage(settings);
  const baselineMb = maxRssMb();
  const start = performance.now();
  let bytes: number;
  if (mode === 'naive-5m') {
    const canvas = createCanvas(page.width, page.height);
    const ctx = canvas.getContext('2d', { alpha: false });
    drawPage(ctx as never, composePage(page, congress.content, undefined, contextMeasurer(ctx as never)));
    const png = canvas.toBuffer('image/png', { resolution: 150 });
    fs.writeFileSync(out, png);
    bytes = png.length;
  } else {
    const dir = fs.mkdtempSync(path.join(path.dirname(out), 'job-'));
    const items = mode === 'batch-pdf' ? approved : [congress];
    const files = await renderJob({ settings, items, outDir: dir, baseName: 'bench', createdAt: new Date().toISOString(), author: 'bench', timeZone: 'Asia/Ho_Chi_Minh' });
    bytes = files.reduce((n, f) => n + f.bytes, 0);
  }
  const ms = performance.now() - start;
  const pages = mode === 'batch-pdf' ? approved.length : 1;
  const report: ChildResult = { ms, bytes, width: page.width, height: page.height, pages, baselineMb, peakMb: maxRssMb() };
  process.stdout.write(JSON.stringify(report));
}

/** The backdrop and the photo panel, each one page through renderJob as a print job renders it. */
async function artworkChild(mode: 'backdrop-pdf' | 'panel-png', dataDir: string, out: string): Promise<void> {
  const { openStore } = await import('../../server/store.js');
  const { backdropItem, backdropRecord, findCongress, panelRecord, planPage, renderJob } = await import('../../server/print/index.js');
  const { resolveSettings, PrintSettingsSchema } = await import('../../server/protocol/print.js');
  let item;
  if (mode === 'backdrop-pdf') {
    const store = await openStore(dataDir, 'NORMAL');
    item = backdropItem(backdropRecord(await findCongress(store.schedules, 'vpcp-congress-xxvi'), {}));
    await store.close();
  } else {
    const files = fs.readdirSync(path.join(dataDir, 'bench-photos')).sort();
    const photos = files.map((f, i) => ({ id: path.basename(f, '.jpg'), caption: `Ảnh số ${i + 1}: hoạt động chào mừng Đại hội`, width: 4000, height: 3000 }));
    const record = panelRecord('Thành tựu 90 năm xây dựng và phát triển', photos as never);
    item = {
      key: 'pa-no-bench',
      textSha256: record.textSha256,
      text: record.title,
      document: '',
      source: `${photos.length} ảnh`,
      content: { template: 'photo-panel' as const, title: record.title, photos: photos.map((p, i) => ({ ...p, file: path.join(dataDir, 'bench-photos', files[i]!) })) },
    };
  }
  const settings = resolveSettings(
    PrintSettingsSchema.parse(mode === 'backdrop-pdf' ? { preset: 'phong-hoi-truong-12x5', format: 'pdf' } : { preset: 'pa-no-2.4x1.2', format: 'png', dpi: 150 }),
  )!;
  const page = planPage(settings);
  const baselineMb = maxRssMb();
  const start = performance.now();
  const dir = fs.mkdtempSync(path.join(path.dirname(out), 'job-'));
  const files = await renderJob({ settings, items: [item], outDir: dir, baseName: 'bench', createdAt: new Date().toISOString(), author: 'bench', timeZone: 'Asia/Ho_Chi_Minh' });
  const ms = performance.now() - start;
  const report: ChildResult = { ms, bytes: files[0]!.bytes, width: page.width, height: page.height, pages: 1, baselineMb, peakMb: maxRssMb() };
  process.stdout.write(JSON.stringify(report));
}

/** Twelve 4000 × 3000 JPEGs with gradients and noise (photo-like, not one flat colour), named by SHA-256. */
async function writeBenchPhotos(dir: string): Promise<void> {
  const { createHash } = await import('node:crypto');
  const { createCanvas } = await import('canvas');
  fs.mkdirSync(dir, { recursive: true });
  for (let k = 0; k < PANEL_PHOTOS; k++) {
    const canvas = createCanvas(4000, 3000);
    const g = canvas.getContext('2d');
    const gradient = g.createLinearGradient(0, 0, 4000, 3000);
    gradient.addColorStop(0, `hsl(${k * 30}, 70%, 40%)`);
    gradient.addColorStop(1, `hsl(${k * 30 + 120}, 70%, 70%)`);
    g.fillStyle = gradient;
    g.fillRect(0, 0, 4000, 3000);
    for (let i = 0; i < 4000; i++) {
      g.fillStyle = `hsla(${(i * 37) % 360}, 80%, 50%, 0.5)`;
      g.fillRect((i * 7919) % 4000, (i * 104729) % 3000, 20 + (i % 90), 20 + (i % 70));
    }
    const bytes = canvas.toBuffer('image/jpeg', { quality: 0.9 });
    fs.writeFileSync(path.join(dir, `${createHash('sha256').update(bytes).digest('hex')}.jpg`), bytes);
  }
}

function runChild(mode: Mode, dataDir: string, out: string): ChildResult {
  const tsx = path.join(ROOT_DIR, 'node_modules', '.bin', 'tsx');
  const stdout = execFileSync(tsx, [fileURLToPath(import.meta.url), mode, dataDir, out], { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(stdout) as ChildResult;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export default async function printBench(): Promise<BenchRow[]> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pano-bench-print-'));
  try {
    const dataDir = path.join(tmp, 'data');
    const measure = (mode: Mode, runs: number) => Array.from({ length: runs }, () => runChild(mode, dataDir, path.join(tmp, `${mode}.out`)));
    const naive = measure('naive-5m', 2);
    const strip = measure('strip-5m', 3);
    const big = measure('strip-12m', 1);
    const batch = measure('batch-pdf', 5);
    const backdrop = measure('backdrop-pdf', 3);
    await writeBenchPhotos(path.join(dataDir, 'bench-photos'));
    const panel = measure('panel-png', 2);
    const px = (r: ChildResult) => `${r.width} × ${r.height} px`;
    const kb = (r: ChildResult) => `${Math.round(r.bytes / 1024)} KB`;
    const naiveMs = median(naive.map((r) => r.ms));
    const stripMs = median(strip.map((r) => r.ms));
    const naiveMb = Math.max(...naive.map((r) => r.peakMb));
    const stripMb = Math.max(...strip.map((r) => r.peakMb));
    const batchMs = median(batch.map((r) => r.ms));
    return [
      { bench: 'print', case: 'PNG 5 × 0.8 m @150 dpi, naive single surface (baseline)', value: naiveMs, unit: 'ms', note: `${px(naive[0]!)}, median of ${naive.length}, ${kb(naive[0]!)}` },
      { bench: 'print', case: 'PNG 5 × 0.8 m @150 dpi, striped', value: stripMs, unit: 'ms', note: `${(naiveMs / stripMs).toFixed(1)}× faster, median of ${strip.length}, ${kb(strip[0]!)}` },
      { bench: 'print', case: 'PNG 5 × 0.8 m @150 dpi, naive peak RSS', value: naiveMb, unit: 'MB', note: `child process; ${Math.round(naive[0]!.baselineMb)} MB before rendering` },
      { bench: 'print', case: 'PNG 5 × 0.8 m @150 dpi, striped peak RSS', value: stripMb, unit: 'MB', note: `${Math.round((stripMb / naiveMb) * 100)} % of naive; ${Math.round(strip[0]!.baselineMb)} MB before rendering` },
      { bench: 'print', case: 'PNG 12 × 5 m @100 dpi, striped', value: big[0]!.ms, unit: 'ms', note: `${px(big[0]!)}, ${kb(big[0]!)}` },
      { bench: 'print', case: 'PNG 12 × 5 m @100 dpi, peak RSS', value: big[0]!.peakMb, unit: 'MB', note: 'target < 512 MB' },
      { bench: 'print', case: `PDF batch, every approved plan slogan, 5 × 0.8 m`, value: batchMs, unit: 'ms', note: `${batch[0]!.pages} pages, ${((batch[0]!.pages * 1000) / batchMs).toFixed(0)} pages/s, median of ${batch.length}` },
      { bench: 'print', case: 'PDF congress backdrop 12 × 5 m (1:10)', value: median(backdrop.map((r) => r.ms)), unit: 'ms', note: `${backdrop[0]!.width} × ${backdrop[0]!.height} pt, ${kb(backdrop[0]!)}, median of ${backdrop.length}` },
      { bench: 'print', case: `PNG photo panel 2.4 × 1.2 m @150 dpi, ${PANEL_PHOTOS} photos 4000 × 3000`, value: median(panel.map((r) => r.ms)), unit: 'ms', note: `${px(panel[0]!)}, ${kb(panel[0]!)}, median of ${panel.length}` },
      { bench: 'print', case: 'PNG photo panel 2.4 × 1.2 m @150 dpi, peak RSS', value: Math.max(...panel.map((r) => r.peakMb)), unit: 'MB', note: `child process; ${Math.round(panel[0]!.baselineMb)} MB before rendering; one full surface would be ${Math.round((panel[0]!.width * panel[0]!.height * 4) / 2 ** 20)} MB` },
    ];
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [mode, dataDir, out] = process.argv.slice(2) as [Mode, string, string];
  await child(mode, dataDir, out);
}
