/** One measured figure of a benchmark; `npm run bench` prints every row in one table. */
export interface BenchRow {
  bench: string;
  case: string;
  value: number;
  unit: string;
  note?: string;
}

export type Bench = () => Promise<BenchRow[]>;

export function formatTable(rows: BenchRow[]): string {
  const header = ['bench', 'case', 'value', 'unit', 'note'];
  const cells = rows.map((r) => [r.bench, r.case, formatValue(r.value), r.unit, r.note ?? '']);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => c.map((v, i) => (i === 2 ? v.padStart(widths[i]!) : v.padEnd(widths[i]!))).join(' | ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...cells.map(line)].join('\n');
}

function formatValue(v: number): string {
  if (Number.isInteger(v)) return String(v);
  return Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(2);
}
