/**
 * Print cost at the sizes the plan asks for. Each render runs in its own child process so that its
 * peak RSS is its own, not the bench runner's:
 *  - 5 m × 0.8 m at 150 dpi PNG, striped (the product) beside a naive single-surface node-canvas
 *    render of the same page (the baseline; the target is 2× faster at half the memory);
 *  - 12 m × 5 m at 100 dpi PNG, 47244 × 19685 px, which no single surface can hold;
 *  - every approved plan slogan as one 5 m × 0.8 m PDF batch, pages per second (target: under 1 s).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ROOT_DIR } from '../../server/paths.js';
import type { BenchRow } from './table.js';

type Mode = 'strip-5m' | 'naive-5m' | 'strip-12m' | 'batch-pdf';

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
  const store = openStore(dataDir, 'NORMAL');
  const approved = store.content.listApprovedSlogans().map(printableItem);
  store.close();
  const congress = approved.find((i) => i.key === 'greet-vpcp-congress-xxvi')!;
  registerFonts();
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
    ];
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [mode, dataDir, out] = process.argv.slice(2) as [Mode, string, string];
  await child(mode, dataDir, out);
}
