/**
 * The plan's report (báo cáo kết quả), as pure rules: what was shown, where and for how long, per
 * đợt and per item, from proof of play; what was printed per đợt, from finished print jobs.
 *
 * A showing or a print belongs to one đợt: the phase its item is linked to, if the moment falls in
 * it; else the first of the plan's phases (in plan order) running at that moment; else none (shown
 * outside every đợt, e.g. an evergreen slogan). So per-đợt totals add up to the plan's total.
 */
import { resolveAnchor, type Anchor, type LocalDateTime } from '../protocol/plan.js';
import type { PlanReport, PlanView, ReportPrintRow, ReportRow } from '../protocol/plans.js';
import type { ItemKind } from '../protocol/content.js';
import { localToMs } from './compiler/resolve.js';

export interface ReportPhase {
  id: string;
  label: string;
  starts: Anchor;
  ends: Anchor | null;
}

export interface ReportInput {
  plan: PlanView;
  timeZone: string;
  events: readonly { id: string; opens: LocalDateTime; closes: LocalDateTime }[];
  phases: readonly ReportPhase[];
  itemTexts: ReadonlyMap<number, string>;
  /** Pictures and clips count like text: per item, labelled by kind. */
  itemKinds: ReadonlyMap<number, ItemKind>;
  spans: Iterable<{ itemId: number; zoneId: string; zoneName: string; displayId: string; startedAt: string; endedAt: string; linkPhaseId: string | null }>;
  pieces: readonly { jobId: number; artwork: string; settingsJson: string; finishedAt: string; itemId: number | null; eventName: string | null; linkPhaseId: string | null }[];
  from: string | null;
  until: string | null;
  now: Date;
}

interface Window {
  id: string;
  label: string;
  starts: LocalDateTime | undefined;
  ends: LocalDateTime | undefined;
  from: number;
  until: number;
}

export function buildPlanReport(input: ReportInput): PlanReport {
  const windows: Window[] = input.phases.map((p) => {
    const starts = resolveAnchor(input.events, p.starts);
    const ends = p.ends ? resolveAnchor(input.events, p.ends) : undefined;
    return {
      id: p.id,
      label: p.label,
      starts,
      ends,
      // An anchor whose event is unknown never runs; an open end runs on.
      from: starts ? localToMs(starts, input.timeZone) : Infinity,
      until: p.ends ? (ends ? localToMs(ends, input.timeZone) : -Infinity) : Infinity,
    };
  });
  const byId = new Map(windows.map((w) => [w.id, w]));
  const phaseAt = (t: number, linked: string | null): Window | undefined => {
    const own = linked ? byId.get(linked) : undefined;
    if (own && own.from <= t && t < own.until) return own;
    return windows.find((w) => w.from <= t && t < w.until);
  };

  const shown = new Map<string, ReportRow & { displaySet: Set<string> }>();
  for (const s of input.spans) {
    const start = Date.parse(s.startedAt);
    const seconds = Math.max(0, (Date.parse(s.endedAt) - start) / 1000);
    const phase = phaseAt(start, s.linkPhaseId);
    const key = `${phase?.id ?? ''}\u0000${s.itemId}\u0000${s.zoneId}`;
    let row = shown.get(key);
    if (!row) {
      row = {
        phaseId: phase?.id ?? null,
        phaseLabel: phase?.label ?? null,
        itemId: s.itemId,
        itemText: input.itemTexts.get(s.itemId) ?? '',
        itemKind: input.itemKinds.get(s.itemId) ?? 'slogan',
        zoneId: s.zoneId,
        zoneName: s.zoneName,
        displays: 0,
        shows: 0,
        seconds: 0,
        firstShown: s.startedAt,
        lastShown: s.startedAt,
        displaySet: new Set(),
      };
      shown.set(key, row);
    }
    row.displaySet.add(s.displayId);
    row.shows++;
    row.seconds += seconds;
    if (s.startedAt < row.firstShown) row.firstShown = s.startedAt;
    if (s.startedAt > row.lastShown) row.lastShown = s.startedAt;
  }
  const shownRows: ReportRow[] = [...shown.values()].map(({ displaySet, ...r }) => ({ ...r, displays: displaySet.size, seconds: Math.round(r.seconds) }));

  const printed = new Map<string, ReportPrintRow & { jobSet: Set<number> }>();
  for (const p of input.pieces) {
    const phase = phaseAt(Date.parse(p.finishedAt), p.linkPhaseId);
    const size = JSON.parse(p.settingsJson) as { widthMm?: number; heightMm?: number };
    const key = `${phase?.id ?? ''}\u0000${p.artwork}\u0000${p.itemId ?? p.eventName}\u0000${size.widthMm}x${size.heightMm}`;
    let row = printed.get(key);
    if (!row) {
      row = {
        phaseId: phase?.id ?? null,
        phaseLabel: phase?.label ?? null,
        artwork: p.artwork,
        itemId: p.itemId,
        itemText: p.itemId !== null ? (input.itemTexts.get(p.itemId) ?? '') : (p.eventName ?? ''),
        jobs: 0,
        pieces: 0,
        widthMm: size.widthMm ?? null,
        heightMm: size.heightMm ?? null,
        lastPrinted: p.finishedAt,
        jobSet: new Set(),
      };
      printed.set(key, row);
    }
    row.jobSet.add(p.jobId);
    row.pieces++;
    if (p.finishedAt > row.lastPrinted) row.lastPrinted = p.finishedAt;
  }
  const printedRows: ReportPrintRow[] = [...printed.values()].map(({ jobSet, ...r }) => ({ ...r, jobs: jobSet.size }));

  const sum = <T>(rows: readonly T[], pick: (r: T) => number) => rows.reduce((n, r) => n + pick(r), 0);
  const phases = windows.map((w) => {
    const own = shownRows.filter((r) => r.phaseId === w.id);
    return {
      id: w.id,
      label: w.label,
      starts: w.starts ?? null,
      ends: w.ends ?? null,
      shows: sum(own, (r) => r.shows),
      seconds: sum(own, (r) => r.seconds),
      printed: sum(printedRows.filter((r) => r.phaseId === w.id), (r) => r.pieces),
    };
  });
  const itemIds = [...new Set(shownRows.map((r) => r.itemId))].sort((a, b) => a - b);
  const items = itemIds.map((itemId) => {
    const own = shownRows.filter((r) => r.itemId === itemId);
    return { itemId, text: input.itemTexts.get(itemId) ?? '', kind: input.itemKinds.get(itemId) ?? 'slogan', shows: sum(own, (r) => r.shows), seconds: sum(own, (r) => r.seconds), zones: new Set(own.map((r) => r.zoneId)).size };
  });
  const order = new Map(windows.map((w, i) => [w.id, i]));
  const byPhase = (a: { phaseId: string | null }, b: { phaseId: string | null }) =>
    (a.phaseId === null ? Infinity : order.get(a.phaseId)!) - (b.phaseId === null ? Infinity : order.get(b.phaseId)!);
  return {
    plan: input.plan,
    from: input.from,
    until: input.until,
    generatedAt: input.now.toISOString(),
    phases,
    items,
    shown: shownRows.sort((a, b) => byPhase(a, b) || a.itemId - b.itemId || a.zoneId.localeCompare(b.zoneId)),
    printed: printedRows.sort((a, b) => byPhase(a, b) || a.lastPrinted.localeCompare(b.lastPrinted)),
  };
}
