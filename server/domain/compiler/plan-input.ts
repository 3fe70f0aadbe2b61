/** Builds the compiler's default input from a parsed plan and the register's approved items. */
import type { Plan } from '../../protocol/plan.js';
import type { PlaylistMedia } from '../../protocol/media.js';
import {
  DEFAULT_SETTINGS,
  type CompilerDisplay,
  type CompilerEvent,
  type CompilerInput,
  type CompilerItem,
  type CompilerSettings,
  type CompilerZone,
} from './model.js';

/** One row of the content register: its approved revision and the plan item it came from. */
export interface ApprovedContent {
  id: number;
  /** The plan's item id; content added outside the plan has a key the plan does not know. */
  key: string;
  revisionId: number;
  status: CompilerItem['status'];
  text: string;
  kind?: CompilerItem['kind'];
  /** A picture's or clip's approved file. */
  media?: PlaylistMedia;
  tags?: readonly string[];
  celebratory?: boolean;
}

export interface PlanInputOptions {
  zones?: readonly CompilerZone[];
  displays?: readonly CompilerDisplay[];
  /** Events whose hall backdrop Pano shows; default: every congress of the plan. */
  backdropEventIds?: readonly string[];
  settings?: CompilerSettings;
}

const LEAD_IN = 'Đại hội đại biểu ';

/**
 * The backdrop title lines of a congress from its name, the way a phông is set:
 * "Đại hội đại biểu Đảng bộ X lần thứ XXVI, nhiệm kỳ 2020 - 2025" →
 * ["ĐẠI HỘI ĐẠI BIỂU", "ĐẢNG BỘ X LẦN THỨ XXVI", "NHIỆM KỲ 2020 - 2025"].
 */
export function congressTitleLines(name: string): string[] {
  const upper = (s: string) => s.trim().toLocaleUpperCase('vi');
  const [head = name, ...rest] = name.split(/,\s*(?=nhiệm kỳ)/iu);
  const lines = head.toLowerCase().startsWith(LEAD_IN.toLowerCase())
    ? [upper(LEAD_IN), upper(head.slice(LEAD_IN.length))]
    : [upper(head)];
  return [...lines, ...rest.map(upper)];
}

export function planToCompilerInput(
  plan: Plan,
  approved: readonly ApprovedContent[],
  options: PlanInputOptions = {},
): CompilerInput {
  const backdropIds = new Set(options.backdropEventIds ?? plan.events.filter((e) => e.kind === 'congress').map((e) => e.id));
  const events: CompilerEvent[] = plan.events.map((e) => ({
    id: e.id,
    name: e.name,
    kind: e.kind,
    opens: e.opens,
    closes: e.closes,
    ...(backdropIds.has(e.id) ? { backdrop: { titleLines: congressTitleLines(e.name) } } : {}),
  }));
  const planItems = new Map(plan.items.map((it) => [it.id, it]));
  const items = approved.map((row): CompilerItem => {
    const planned = planItems.get(row.key);
    return {
      id: row.id,
      key: row.key,
      revisionId: row.revisionId,
      status: row.status,
      kind: row.kind ?? planned?.kind ?? 'slogan',
      // The register's approved revision is what plays, never the plan file's text.
      text: row.text,
      ...(row.media ? { media: row.media } : {}),
      tags: row.tags ?? planned?.tags ?? [],
      celebratory: row.celebratory ?? planned?.celebratory ?? false,
      places: planned?.places ?? [],
      ...(planned?.validFrom ? { validFrom: planned.validFrom } : {}),
      ...(planned?.validUntil ? { validUntil: planned.validUntil } : {}),
    };
  });
  return {
    timeZone: plan.timeZone,
    events,
    campaigns: plan.campaigns.map((c) => ({
      id: c.id,
      phases: c.phases.map((p) => ({ id: p.id, label: `${c.section} ${p.title}`, starts: p.starts, ends: p.ends })),
    })),
    items,
    zones: options.zones ?? plan.places.map((p) => ({ id: p.id, kind: p.kind })),
    displays: options.displays ?? [],
    schedules: [],
    takeovers: [],
    rehearsals: [],
    settings: options.settings ?? DEFAULT_SETTINGS,
  };
}
