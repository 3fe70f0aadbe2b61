/**
 * `npm run bench`: runs every benchmark module listed here and prints one table.
 * Benchmarks measure; they never assert timings (tests do not either).
 */
import { formatTable, type Bench, type BenchRow } from './table.js';

const modules: Record<string, () => Promise<{ default: Bench }>> = {
  render: () => import('./render.bench.js'),
  compiler: () => import('./compiler.bench.js'),
  print: () => import('./print.bench.js'),
  delivery: () => import('./delivery.bench.js'),
  cluster: () => import('./cluster.bench.js'),
  display: () => import('./display.bench.js'),
  plans: () => import('./plans.bench.js'),
  clock: () => import('./clock.bench.js'),
  uploads: () => import('./uploads.bench.js'),
  'print-queue': () => import('./print-queue.bench.js'),
  'offline-frame': () => import('./offline-frame.bench.js'),
  'media-day': () => import('./media-day.bench.js'),
  'media-display': () => import('./media-display.bench.js'),
  renditions: () => import('./renditions.bench.js'),
};

const only = process.argv.slice(2);
const rows: BenchRow[] = [];
for (const [name, load] of Object.entries(modules)) {
  if (only.length > 0 && !only.includes(name)) continue;
  process.stderr.write(`bench: ${name}…\n`);
  const bench = (await load()).default;
  rows.push(...(await bench()));
}
console.log(formatTable(rows));
