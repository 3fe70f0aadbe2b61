import type { ProofReport } from '../../server/protocol/displays.js';
import { addDays, localToMs } from '../time.js';

export { proofReport, proofReportCsvUrl } from './displays.js';

type ReportRow = ProofReport['rows'][number];

/** How the report's rows are rolled up; 'detail' is the server's own grain. */
export const PROOF_GROUPINGS = ['detail', 'campaign', 'phase', 'zone', 'item'] as const;
export type ProofGrouping = (typeof PROOF_GROUPINGS)[number];

/** One line of the table: the columns the grouping keeps, and the figures summed over its rows. */
export interface ProofLine {
  key: string;
  campaign?: string;
  phase?: string;
  zoneId?: string;
  zoneName?: string;
  itemId?: number;
  itemKey?: string;
  text?: string;
  hoursShown: number;
  /**
   * Screens of the busiest detail row: the report counts distinct screens per item and zone only,
   * so a rolled-up line knows a lower bound, never a sum (one screen shows many items).
   */
  screens: number;
  firstShown: string;
  lastShown: string;
  mismatches: number;
}

const keyOf: Record<ProofGrouping, (r: ReportRow) => string> = {
  detail: (r) => `${r.campaign}|${r.phase}|${r.zoneId}|${r.itemId}`,
  campaign: (r) => r.campaign,
  phase: (r) => `${r.campaign}|${r.phase}`,
  zone: (r) => r.zoneId,
  item: (r) => String(r.itemId),
};

function columns(grouping: ProofGrouping, r: ReportRow): Omit<ProofLine, 'key' | 'hoursShown' | 'screens' | 'firstShown' | 'lastShown' | 'mismatches'> {
  switch (grouping) {
    case 'detail':
      return { campaign: r.campaign, phase: r.phase, zoneId: r.zoneId, zoneName: r.zoneName, itemId: r.itemId, itemKey: r.itemKey, text: r.text };
    case 'campaign':
      return { campaign: r.campaign };
    case 'phase':
      return { campaign: r.campaign, phase: r.phase };
    case 'zone':
      return { zoneId: r.zoneId, zoneName: r.zoneName };
    case 'item':
      return { itemId: r.itemId, itemKey: r.itemKey, text: r.text };
  }
}

/** Rows rolled up by the grouping, in the server's order of first appearance. */
export function groupProof(rows: ReportRow[], grouping: ProofGrouping): ProofLine[] {
  const lines = new Map<string, ProofLine>();
  for (const r of rows) {
    const key = keyOf[grouping](r);
    const line = lines.get(key);
    if (line) add(line, r);
    else lines.set(key, { key, ...columns(grouping, r), ...figures(r) });
  }
  return [...lines.values()];
}

/** The whole report in one line, by the same rules as a group. */
export function proofTotal(rows: ReportRow[]): ProofLine | undefined {
  const [first, ...rest] = rows;
  if (!first) return undefined;
  const total: ProofLine = { key: 'total', ...figures(first) };
  for (const r of rest) add(total, r);
  return total;
}

function figures(r: ReportRow) {
  return { hoursShown: r.hoursShown, screens: r.screens, firstShown: r.firstShown, lastShown: r.lastShown, mismatches: r.mismatches };
}

function add(line: ProofLine, r: ReportRow): void {
  line.hoursShown += r.hoursShown;
  line.screens = Math.max(line.screens, r.screens);
  if (r.firstShown < line.firstShown) line.firstShown = r.firstShown;
  if (r.lastShown > line.lastShown) line.lastShown = r.lastShown;
  line.mismatches += r.mismatches;
}

/** A range of whole days in Hà Nội ("YYYY-MM-DD", both inclusive) → the instants the API takes. */
export function dayRange(fromDate: string, toDate: string): { from: Date; to: Date } {
  return { from: new Date(localToMs(`${fromDate}T00:00`)), to: new Date(localToMs(`${addDays(toDate, 1)}T00:00`)) };
}

export { formatHours } from '../../server/protocol/number-format.js';
