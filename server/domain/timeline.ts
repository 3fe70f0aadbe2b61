import type { Timeline, TemplateId, PlaylistEntry } from '../protocol/timeline.js';
import { addDays, fromLocal, startOfLocalDay, toLocal } from './time.js';

export interface ZoneInfo {
  id: string;
  kind: string;
}

export interface PlayableText {
  itemId: number;
  revisionId: number;
  text: string;
}

export interface CompileInput {
  zone: ZoneInfo;
  /** Approved revisions only; the caller gets them from the register's approved view. */
  items: PlayableText[];
  now: Date;
  timeZone: string;
  horizonDays: number;
  secondsPerItem: number;
}

/** A fixed rotation epoch shared by every display, so rotation position depends on time alone. */
export const ROTATION_EPOCH = '2020-01-01T00:00:00.000Z';

const TEMPLATE_BY_ZONE_KIND: Record<string, TemplateId> = {
  gate: 'gate-ticker',
  lobby: 'lobby-card',
  hall: 'banner',
};

/**
 * Compiles the timeline one display plays by itself: from local midnight today over the horizon.
 * Pure and deterministic: the same input gives the same output, byte for byte.
 */
export function compileTimeline(input: CompileInput): Timeline {
  const start = startOfLocalDay(input.now, input.timeZone);
  const endLocal = addDays({ ...toLocal(start, input.timeZone), hour: 0, minute: 0 }, input.horizonDays);
  const end = fromLocal(endLocal, input.timeZone);
  const playlist: PlaylistEntry[] = input.items.map((i) => ({ itemId: i.itemId, revisionId: i.revisionId, text: i.text }));
  return {
    zone: input.zone.id,
    timeZone: input.timeZone,
    horizonStart: start.toISOString(),
    horizonEnd: end.toISOString(),
    intervals: [
      {
        start: start.toISOString(),
        end: end.toISOString(),
        template: TEMPLATE_BY_ZONE_KIND[input.zone.kind] ?? 'lobby-card',
        secondsPerItem: input.secondsPerItem,
        epoch: ROTATION_EPOCH,
        playlist,
      },
    ],
  };
}
