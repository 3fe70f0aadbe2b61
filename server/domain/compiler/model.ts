/**
 * The timeline compiler's input: plain data the server maps its rows to (no DB, no zod here).
 *
 * Times come in two kinds, on purpose:
 * - plan times (event opens/closes, `{ date }` anchors) are LOCAL wall-clock strings in
 *   `timeZone`, because the plan is written that way and moving an event means editing one string;
 * - operator actions (takeovers, mourning, rehearsal, absolute schedule windows) are INSTANTS,
 *   ISO 8601 UTC strings as `Date#toISOString` writes them, because they happen at a real moment.
 */
import type { Anchor, LocalDate, LocalDateTime } from '../../protocol/plan.js';
import type { NationalDayRule, RecurringWindow } from '../../protocol/national-calendar.js';
import type { TemplateId, TimelineFields } from '../../protocol/timeline.js';
import type { PlaylistMedia } from '../../protocol/media.js';

export type { Anchor, LocalDate, LocalDateTime, NationalDayRule, RecurringWindow, TemplateId, TimelineFields };

/** ISO 8601 instant in UTC, e.g. "2021-01-25T01:00:00.000Z". */
export type Instant = string;

export type ZoneKind = 'gate' | 'lobby' | 'hall' | 'web' | 'other';

export interface CompilerEvent {
  id: string;
  name: string;
  kind: 'holiday' | 'anniversary' | 'congress' | 'other';
  /** Local wall-clock time in the input's zone; moving the event = changing these two strings. */
  opens: LocalDateTime;
  /** Exclusive. */
  closes: LocalDateTime;
  /**
   * Set for events whose hall backdrop (phông) Pano shows while the event is open: hall displays
   * other than side screens then play the backdrop template with these fields.
   */
  backdrop?: { topLine?: string; titleLines: string[]; datePlace?: string };
}

export interface CompilerPhase {
  id: string;
  /** Short label, shown as the caption of its items on lobby cards: "II.1 Đợt 2". */
  label: string;
  starts: Anchor;
  /** Exclusive; null = open-ended. */
  ends: Anchor | null;
}

export interface CompilerCampaign {
  id: string;
  /** The plan it belongs to; absent when the input is one plan. */
  plan?: string;
  phases: CompilerPhase[];
}

export interface CompilerItem {
  /** content_items.id; what playlists carry. */
  id: number;
  /** The plan's item id ("greet-vpcp-congress-xxvi"), for phase lists and tests. */
  key: string;
  /** The approved revision: the only text that may reach a screen. */
  revisionId: number;
  /**
   * Must be 'approved'. The caller passes approved items only; the compiler still drops any other
   * status (defence in depth: a retired or draft item never reaches a playlist).
   */
  status: 'draft' | 'submitted' | 'approved' | 'rejected' | 'retired';
  kind: 'slogan' | 'message' | 'picture' | 'clip';
  /** A slogan's or message's text; a picture's or clip's caption. */
  text: string;
  /** Picture and clip items: the approved revision's file, as playlists carry it. */
  media?: PlaylistMedia;
  /** Plan tags: 'evergreen' is the fallback. */
  tags: readonly string[];
  /** Stated for every item: a celebratory one leaves every screen during national mourning. */
  celebratory: boolean;
  /** Zone ids or zone kinds it is meant for (the plan's place ids are zone ids); empty = any. */
  places: readonly string[];
  validFrom?: Anchor;
  /** Exclusive. */
  validUntil?: Anchor;
  /**
   * Phase ids it belongs to. Absent = derived at compile time: the phases whose window overlaps
   * the item's validity window (so a moved event moves membership too). Evergreen items without a
   * window overlap every phase and play alongside it.
   */
  phaseIds?: readonly string[];
  /**
   * The plans it is linked to: its phases are derived among those plans' campaigns only. Absent =
   * every campaign (an item of the register that no plan names).
   */
  plans?: readonly string[];
}

export interface CompilerZone {
  id: string;
  kind: ZoneKind;
}

export interface CompilerDisplay {
  id: string;
  zoneId: string;
  /** Hall only: 'side' screens keep rotating banners while a 'backdrop' (default) shows the phông. */
  role?: 'backdrop' | 'side';
}

/** A window edge: an anchor of the plan (moves with its event) or an absolute instant. */
export type WindowEdge = Anchor | { instant: Instant };

export type ScheduleContent =
  | { kind: 'items'; itemIds: readonly number[] }
  /** The phase's item set as the default rule computes it, filtered for the zone. */
  | { kind: 'phase'; phaseId: string }
  /** A template with its fields (e.g. a backdrop's title lines) over the given items. */
  | { kind: 'template'; fields: TimelineFields; itemIds: readonly number[] };

export interface ScheduleEntry {
  id: string;
  target: { zoneId: string } | { displayId: string };
  content: ScheduleContent;
  /** Absent edges are unbounded. */
  window?: { from?: WindowEdge; until?: WindowEdge };
  /**
   * Local "HH:mm" range each day, until exclusive; until <= from runs past midnight and belongs to
   * the weekday it starts on. Absent = all day.
   */
  daily?: { from: string; until: string };
  /** ISO weekdays 1 (Monday) … 7 (Sunday); absent = every day. */
  weekdays?: readonly number[];
  /**
   * Every year, `days` local days from `offsetDays` after a day of the national calendar ("the 10
   * days before Tết"); absent = no yearly rule. Combines with window, daily and weekdays.
   */
  recurring?: RecurringWindow;
  /** Higher wins where entries overlap; equal priorities merge into one rotation. */
  priority: number;
  secondsPerItem?: number;
  template?: TemplateId;
}

/** "Put this on now": wins over schedules and rehearsal, yields only to mourning. */
export interface Takeover {
  id: string;
  zoneIds: readonly string[] | 'all';
  itemIds: readonly number[];
  template?: TemplateId;
  fields?: TimelineFields;
  secondsPerItem?: number;
  from: Instant;
  /** Absent = until cleared (the caller removes it). */
  until?: Instant;
}

/** Quốc tang: the switch with its time range. */
export interface Mourning {
  from: Instant;
  until?: Instant;
  /** Approved message items shown first (the official mourning message). */
  messageItemIds: readonly number[];
}

/** Tổng duyệt: from startedAt (until `until` or cleared) the zone plays as of asOf. */
export interface Rehearsal {
  zoneId: string;
  asOf: Instant;
  startedAt: Instant;
  until?: Instant;
}

export interface CompilerSettings {
  /** Seconds per item of default rotations, by zone kind. */
  secondsPerItem: Record<ZoneKind, number>;
}

export interface CompilerInput {
  /** IANA zone of plan dates; Asia/Ho_Chi_Minh by default (planToCompilerInput). */
  timeZone: string;
  events: readonly CompilerEvent[];
  campaigns: readonly CompilerCampaign[];
  items: readonly CompilerItem[];
  zones: readonly CompilerZone[];
  displays: readonly CompilerDisplay[];
  schedules: readonly ScheduleEntry[];
  takeovers: readonly Takeover[];
  mourning?: Mourning;
  rehearsals: readonly Rehearsal[];
  settings: CompilerSettings;
  /** Days of the national calendar that anchors and recurring windows name; absent = none. */
  nationalDays?: readonly (NationalDayRule & { id: string })[];
}

export const DEFAULT_SETTINGS: CompilerSettings = {
  secondsPerItem: { gate: 20, lobby: 10, hall: 15, web: 10, other: 10 },
};
