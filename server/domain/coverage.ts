import type { Timeline, TemplateId } from '../protocol/timeline.js';
import { afterHorizonInterval } from '../protocol/playback.js';

/** A stretch of time during which a timeline let one revision be on screen with one template. */
export interface Coverage {
  revisionId: number;
  template: TemplateId;
  startsAt: string;
  endsAt: string;
  /** The phase label of the interval the stretch starts in ('' outside phases), and its kind. */
  phase: string;
  intervalKind: string | null;
}

/**
 * Where a timeline lets each revision play. Neighbouring intervals that keep a revision with the
 * same template join into one stretch, since a screen reports that as one play (a new phase or
 * timeline does not split it). The after-horizon rotation covers from the horizon on, without end.
 */
export function coverageOf(timeline: Timeline): Coverage[] {
  const out: Coverage[] = [];
  const last = new Map<string, Coverage>();
  const after = afterHorizonInterval(timeline);
  for (const interval of after ? [...timeline.intervals, after] : timeline.intervals) {
    for (const entry of interval.playlist) {
      const key = `${entry.revisionId}|${interval.template}`;
      const run = last.get(key);
      if (run?.endsAt === interval.end) continue; // listed twice in one playlist
      if (run?.endsAt === interval.start) {
        run.endsAt = interval.end;
        continue;
      }
      const stretch: Coverage = {
        revisionId: entry.revisionId,
        template: interval.template,
        startsAt: interval.start,
        endsAt: interval.end,
        phase: entry.caption ?? '',
        intervalKind: interval.kind ?? null,
      };
      out.push(stretch);
      last.set(key, stretch);
    }
  }
  return out;
}
