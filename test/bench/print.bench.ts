/**
 * Banner print cost at the size the plan asks for, 5 m × 0.8 m. Each render runs in its own child
 * process so that its peak RSS is its own, not the bench runner's.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ROOT_DIR } from '../../server/paths.js';
import type { BannerSize } from '../../server/print/index.js';
import type { BenchRow } from './table.js';

const SLOGAN = 'greet-vpcp-congress-xxvi';
const RUNS = 3;

interface ChildResult {
  ms: number;
  bytes: number;
  width: number;
  height: number;
  /** Peak RSS before and after the render, MB. */
  baselineMb: number;
  peakMb: number;
}

const maxRssMb = () => process.resourceUsage().maxRSS / 1024;

/** In the child: one render, timed, reported as JSON on stdout. */
async function child(size: BannerSize, dataDir: string, out: string): Promise<void> {
  const { openStore } = await import('../../server/store.js');
  const { findPrintableSlogan, renderBanner } = await import('../../server/print/index.js');
  const { registerFonts } = await import('../../server/print/fonts.js');
  const store = openStore(dataDir, 'NORMAL');
  const slogan = findPrintableSlogan(store.content, SLOGAN);
  store.close();
  registerFonts();
  const baselineMb = maxRssMb();
  const start = performance.now();
  const result = await renderBanner({ ...size, slogan, out });
  const ms = performance.now() - start;
  const report: ChildResult = { ms, bytes: result.bytes, width: result.width, height: result.height, baselineMb, peakMb: maxRssMb() };
  process.stdout.write(JSON.stringify(report));
}

function runChild(size: BannerSize, dataDir: string, out: string): ChildResult {
  const tsx = path.join(ROOT_DIR, 'node_modules', '.bin', 'tsx');
  const stdout = execFileSync(tsx, [fileURLToPath(import.meta.url), JSON.stringify(size), dataDir, out], { encoding: 'utf8' });
  return JSON.parse(stdout) as ChildResult;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export default async function printBench(): Promise<BenchRow[]> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pano-bench-print-'));
  try {
    const dataDir = path.join(tmp, 'data');
    const measure = (size: BannerSize, file: string) => Array.from({ length: RUNS }, () => runChild(size, dataDir, path.join(tmp, file)));
    const pdf = measure({ format: 'pdf', widthMm: 5000, heightMm: 800 }, 'b.pdf');
    const png = measure({ format: 'png', widthMm: 5000, heightMm: 800, dpi: 150 }, 'b.png');
    const px = `${png[0]!.width} × ${png[0]!.height} px`;
    return [
      { bench: 'print', case: 'PDF 5000 × 800 mm', value: median(pdf.map((r) => r.ms)), unit: 'ms', note: `median of ${RUNS}, ${Math.round(pdf[0]!.bytes / 1024)} KB` },
      { bench: 'print', case: 'PNG 5000 × 800 mm @150 dpi, one surface', value: median(png.map((r) => r.ms)), unit: 'ms', note: `${px}, median of ${RUNS}, ${Math.round(png[0]!.bytes / 1024)} KB` },
      {
        bench: 'print',
        case: 'PNG 5000 × 800 mm @150 dpi, peak RSS',
        value: Math.max(...png.map((r) => r.peakMb)),
        unit: 'MB',
        note: `child process; ${Math.round(median(png.map((r) => r.baselineMb)))} MB before rendering`,
      },
    ];
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [size, dataDir, out] = process.argv.slice(2) as [string, string, string];
  await child(JSON.parse(size) as BannerSize, dataDir, out);
}
