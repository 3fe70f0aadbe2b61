import type { Anchor } from '../server/protocol/plan.js';
import type { NationalDayView } from '../server/protocol/national-calendar.js';
import type { EventView, PhaseView } from '../server/protocol/schedule.js';
import { addDays, localToMs } from './time.js';

/**
 * Where the plan's anchors fall, for drawing phases on the timeline's axis. The server compiles
 * the same anchors for the screens; this is only their picture.
 */

/**
 * An anchor as the plan's local "YYYY-MM-DDTHH:mm", or null when its event is unknown, or its
 * national day is unknown or its year outside the dates the server sent.
 */
export function resolveAnchor(anchor: Anchor, events: readonly Pick<EventView, 'id' | 'opens' | 'closes'>[], nationalDays: readonly NationalDayView[] = []): string | null {
  if ('date' in anchor) return `${anchor.date}T00:00`;
  if ('nationalDay' in anchor) {
    const date = nationalDays.find((d) => d.id === anchor.nationalDay)?.dates.find((d) => d.year === anchor.year)?.date;
    return date ? `${addDays(date, anchor.offsetDays ?? 0)}T00:00` : null;
  }
  const event = events.find((e) => e.id === anchor.event);
  if (!event) return null;
  const edge = event[anchor.edge];
  return `${addDays(edge.slice(0, 10), anchor.offsetDays ?? 0)}${edge.slice(10)}`;
}

export interface PhaseSpan {
  id: string;
  label: string;
  startMs: number;
  /** null: open-ended. */
  endMs: number | null;
}

export function phaseSpans(phases: readonly PhaseView[], events: readonly EventView[], nationalDays: readonly NationalDayView[] = []): PhaseSpan[] {
  const spans: PhaseSpan[] = [];
  for (const p of phases) {
    const start = resolveAnchor(p.starts, events, nationalDays);
    const end = p.ends ? resolveAnchor(p.ends, events, nationalDays) : null;
    if (!start || (p.ends && !end)) continue;
    spans.push({ id: p.id, label: p.label, startMs: localToMs(start), endMs: end ? localToMs(end) : null });
  }
  return spans;
}
