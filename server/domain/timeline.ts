/**
 * The entry point the server calls today (one zone, a flat list of approved texts), kept while the
 * DB wiring moves to the full compiler in ./compiler/ (planToCompilerInput + compileAll).
 */
import type { Timeline } from '../protocol/timeline.js';
import { compileZoneTimeline, DEFAULT_SETTINGS, type ZoneKind } from './compiler/index.js';

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

const ZONE_KINDS: readonly string[] = ['gate', 'lobby', 'hall', 'web', 'other'] satisfies ZoneKind[];

/**
 * Without a plan every item is untagged and phase-less, so the compiler's fallback plays them all
 * in one rotation over the horizon, with the zone kind's template.
 */
export function compileTimeline(input: CompileInput): Timeline {
  const kind = (ZONE_KINDS.includes(input.zone.kind) ? input.zone.kind : 'other') as ZoneKind;
  const timeline = compileZoneTimeline(
    {
      timeZone: input.timeZone,
      events: [],
      campaigns: [],
      items: input.items.map((i) => ({
        id: i.itemId,
        key: String(i.itemId),
        revisionId: i.revisionId,
        status: 'approved',
        kind: 'slogan',
        text: i.text,
        tags: [],
        places: [],
      })),
      zones: [{ id: input.zone.id, kind }],
      displays: [],
      schedules: [],
      takeovers: [],
      rehearsals: [],
      settings: { secondsPerItem: { ...DEFAULT_SETTINGS.secondsPerItem, [kind]: input.secondsPerItem } },
    },
    input.zone.id,
    input.now,
    input.horizonDays,
  );
  return timeline!;
}
