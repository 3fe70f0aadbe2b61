// A campaign plan as data (format "pano-plan/1"): the document it comes from, its places, the
// events its phases and slogans hang on, the campaigns with their phases (đợt), and the items.
// Pure: imported by the server (import, timeline compiler), the control panel and the CLI.
import { z } from 'zod';
import { Id, vietnameseText } from './text.js';
import { CalendarYear } from './national-calendar.js';

export const PLAN_FORMAT = 'pano-plan/1';
export const DEFAULT_TIME_ZONE = 'Asia/Ho_Chi_Minh';

const text = (maxLength: number) => vietnameseText({ maxLength });
const note = () => vietnameseText({ maxLength: 2000, multiline: true }).optional();

function isCalendarDate(y: number, m: number, d: number): boolean {
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

// One check per string (format, then calendar) so a bad date yields one issue, and a
// non-aborting one: inside the Anchor union zod then reports it at `.date`, not as a bare union miss.
function localTimeString(pattern: RegExp, format: string) {
  return z.string().superRefine((s, ctx) => {
    if (!pattern.test(s)) ctx.addIssue({ code: 'custom', message: `Phải có dạng ${format}` });
    else if (!isCalendarDate(+s.slice(0, 4), +s.slice(5, 7), +s.slice(8, 10))) {
      ctx.addIssue({ code: 'custom', message: `Ngày ${s.slice(0, 10)} không có trong lịch` });
    }
  });
}

/** Calendar date "YYYY-MM-DD" in the plan's time zone. */
export const LocalDate = localTimeString(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
export type LocalDate = z.infer<typeof LocalDate>;

/** Wall-clock time "YYYY-MM-DDTHH:mm" in the plan's time zone. */
export const LocalDateTime = localTimeString(/^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d$/, 'YYYY-MM-DDTHH:mm');
export type LocalDateTime = z.infer<typeof LocalDateTime>;

/** IANA time-zone name, checked against the runtime's own tz database. */
export const TimeZone = z.string().refine(
  (tz) => {
    // Offsets like "+07:00" are accepted by newer Intl but are not zones: DST rules need a name.
    if (!/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(tz)) return false;
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'Múi giờ không hợp lệ (cần tên IANA, ví dụ Asia/Ho_Chi_Minh)' },
);

/**
 * A moment of the plan: the start of a calendar day, an edge of an event shifted by whole days,
 * or the start of a day of the national calendar in a given year shifted by whole days (Tết of
 * the lunar year 2027 − 10 days). Anchoring to events is what lets one postponed congress move
 * every phase with it.
 */
export const AnchorSchema = z.union([
  z.strictObject({ date: LocalDate }),
  z.strictObject({
    event: Id,
    edge: z.enum(['opens', 'closes']),
    offsetDays: z.number().int().min(-3660).max(3660).optional(),
  }),
  z.strictObject({
    nationalDay: Id,
    /** The day's year in its own calendar: for a lunar day, the lunar year. */
    year: CalendarYear,
    offsetDays: z.number().int().min(-3660).max(3660).optional(),
  }),
]);
export type Anchor = z.infer<typeof AnchorSchema>;

export const PLACE_KINDS = ['gate', 'lobby', 'hall', 'web'] as const;
export type PlaceKind = (typeof PLACE_KINDS)[number];

export const PlaceSchema = z.strictObject({
  id: Id,
  name: text(200),
  kind: z.enum(PLACE_KINDS),
});
export type Place = z.infer<typeof PlaceSchema>;

export const EVENT_KINDS = ['holiday', 'anniversary', 'congress', 'other'] as const;
/** Where a date comes from: only 'operator-entry' dates are guesses to be confirmed. */
export const DATE_SOURCES = ['public-record', 'plan', 'operator-entry'] as const;

export const PlanEventSchema = z.strictObject({
  id: Id,
  name: text(300),
  kind: z.enum(EVENT_KINDS),
  opens: LocalDateTime,
  /** The moment it ends (exclusive): a one-day holiday closes at 00:00 the next day. */
  closes: LocalDateTime,
  dateSource: z.enum(DATE_SOURCES),
  note: note(),
});
export type PlanEvent = z.infer<typeof PlanEventSchema>;

export const PhaseSchema = z.strictObject({
  id: Id,
  number: z.number().int().positive(),
  title: text(50),
  /** What the đợt is about; optional for a đợt written in the panel with only a title. */
  summary: text(500).optional(),
  starts: AnchorSchema,
  /** Exclusive; null when the plan leaves the phase open-ended. */
  ends: AnchorSchema.nullable(),
  themes: z.array(text(2000)),
  note: note(),
});
export type Phase = z.infer<typeof PhaseSchema>;

export const CampaignSchema = z.strictObject({
  id: Id,
  /** Section of the plan document, e.g. "II.1". */
  section: z.string().regex(/^[IVX]+(\.\d+)*$/, { message: 'Mục phải có dạng II.1' }),
  title: text(500),
  phases: z.array(PhaseSchema).min(1),
  note: note(),
});
export type Campaign = z.infer<typeof CampaignSchema>;

export const ITEM_TAGS = [
  /**
   * Legacy: read into an item's `celebratory` flag by migration 14. Mourning decides on the flag,
   * which every item must state; a file that still carries this tag must also set the flag.
   */
  'celebratory',
  /** "Chào mừng" an upcoming event. */
  'greeting',
  /** "Chào mừng thành công": after the event. */
  'success',
  /** "Thi đua" emulation calls. */
  'emulation',
  /** Carrying out a congress's resolutions: from its close on. */
  'resolution',
  /** General political slogans, a fallback on any day. */
  'evergreen',
] as const;
export type ItemTag = (typeof ITEM_TAGS)[number];

/** A yes/no every proposal and plan item must state; the message says what it decides. */
export function celebratoryFlag() {
  return z.boolean({ error: 'Cần chọn mục này có tính chất mừng, cổ vũ hay không (quyết định việc tắt khi quốc tang)' });
}

/** An item tagged 'celebratory' (legacy) cannot say it is not. */
const flagAgreesWithTag = (item: { tags: readonly string[]; celebratory: boolean }) => item.celebratory || !item.tags.includes('celebratory');
const FLAG_TAG_MESSAGE = { path: ['celebratory'], message: 'Mục gắn thẻ "celebratory" phải có celebratory: true' };

const itemFields = {
  id: Id,
  /** Where in the plan document it comes from: "II.3", "II.1 Đợt 1". */
  section: text(50),
  tags: z.array(z.enum(ITEM_TAGS)),
  /**
   * Celebratory by nature (greetings, cheers, "muôn năm"): such an item leaves every screen during
   * national mourning. Required, so nobody can forget it the way a tag is forgotten.
   */
  celebratory: celebratoryFlag(),
  events: z.array(Id),
  places: z.array(Id),
  validFrom: AnchorSchema.optional(),
  /** Exclusive. */
  validUntil: AnchorSchema.optional(),
};

export const PlanItemSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('slogan'), text: text(300), ...itemFields }).refine(flagAgreesWithTag, FLAG_TAG_MESSAGE),
  z
    .strictObject({
      kind: z.literal('message'),
      title: text(200),
      text: vietnameseText({ maxLength: 2000, multiline: true }),
      ...itemFields,
    })
    .refine(flagAgreesWithTag, FLAG_TAG_MESSAGE),
]);
export type PlanItem = z.infer<typeof PlanItemSchema>;

export const PlanDocumentSchema = z.strictObject({
  number: text(50),
  title: text(500),
  issuer: text(200),
  issuedOn: LocalDate,
  place: text(100),
  signedBy: z.strictObject({ name: text(100), position: text(200) }),
  /** Corrections made while transcribing the document. */
  note: note(),
});
export type PlanDocument = z.infer<typeof PlanDocumentSchema>;

function addDays(t: LocalDateTime, days: number): LocalDateTime {
  // Wall-clock arithmetic: UTC is used only as a calendar without DST.
  const d = new Date(Date.UTC(+t.slice(0, 4), +t.slice(5, 7) - 1, +t.slice(8, 10) + days, +t.slice(11, 13), +t.slice(14, 16)));
  return d.toISOString().slice(0, 16);
}

/** The solar date of a national-calendar day in a year, or undefined for an unknown day. */
export type NationalDateOf = (nationalDay: string, year: number) => LocalDate | undefined;

/**
 * The wall-clock moment an anchor stands for, or undefined when its event (or national day) is
 * unknown. National days resolve only through `nationalDate` (the lunar calendar is computed in
 * server/domain); without it they are unknown.
 */
export function resolveAnchor(
  events: readonly Pick<PlanEvent, 'id' | 'opens' | 'closes'>[],
  anchor: Anchor,
  nationalDate?: NationalDateOf,
): LocalDateTime | undefined {
  if ('date' in anchor) return `${anchor.date}T00:00`;
  if ('nationalDay' in anchor) {
    const date = nationalDate?.(anchor.nationalDay, anchor.year);
    return date && addDays(`${date}T00:00`, anchor.offsetDays ?? 0);
  }
  const event = events.find((e) => e.id === anchor.event);
  return event && addDays(event[anchor.edge], anchor.offsetDays ?? 0);
}

type Path = (string | number)[];

export const PlanSchema = z
  .strictObject({
    format: z.literal(PLAN_FORMAT),
    timeZone: TimeZone.default(DEFAULT_TIME_ZONE),
    document: PlanDocumentSchema,
    places: z.array(PlaceSchema),
    events: z.array(PlanEventSchema),
    campaigns: z.array(CampaignSchema),
    items: z.array(PlanItemSchema),
  })
  // Cross-checks run only on well-formed fields: comparing a malformed date would only add noise.
  .superRefine((plan, ctx) => {
    const issue = (path: Path, message: string) => ctx.addIssue({ code: 'custom', path, message });

    const uniqueIds = (list: { id: string; path: Path }[], what: string) => {
      const seen = new Set<string>();
      for (const { id, path } of list) {
        if (seen.has(id)) issue([...path, 'id'], `Mã ${what} "${id}" bị trùng`);
        seen.add(id);
      }
    };
    uniqueIds(plan.places.map((p, i) => ({ id: p.id, path: ['places', i] })), 'địa điểm');
    uniqueIds(plan.events.map((e, i) => ({ id: e.id, path: ['events', i] })), 'sự kiện');
    uniqueIds(plan.campaigns.map((c, i) => ({ id: c.id, path: ['campaigns', i] })), 'chiến dịch');
    // Phase ids are unique across campaigns so a phase can be named without its campaign.
    uniqueIds(
      plan.campaigns.flatMap((c, i) => c.phases.map((p, j) => ({ id: p.id, path: ['campaigns', i, 'phases', j] }))),
      'đợt',
    );
    uniqueIds(plan.items.map((it, i) => ({ id: it.id, path: ['items', i] })), 'mục');

    const eventIds = new Set(plan.events.map((e) => e.id));
    const placeIds = new Set(plan.places.map((p) => p.id));

    plan.events.forEach((e, i) => {
      if (e.closes < e.opens) issue(['events', i, 'closes'], 'Sự kiện kết thúc trước khi bắt đầu');
    });

    // Resolves an anchor, reporting an unknown event at the anchor's own path.
    const at = (anchor: Anchor, path: Path): LocalDateTime | undefined => {
      if ('event' in anchor && !eventIds.has(anchor.event)) {
        issue([...path, 'event'], `Không có sự kiện "${anchor.event}"`);
      }
      return resolveAnchor(plan.events, anchor);
    };
    const ordered = (from: LocalDateTime | undefined, until: LocalDateTime | undefined, path: Path, message: string) => {
      if (from && until && until < from) issue(path, message);
    };

    plan.campaigns.forEach((c, i) => {
      c.phases.forEach((p, j) => {
        const path: Path = ['campaigns', i, 'phases', j];
        if (p.number !== j + 1) issue([...path, 'number'], `Đợt thứ ${j + 1} phải mang số ${j + 1}`);
        const starts = at(p.starts, [...path, 'starts']);
        const ends = p.ends ? at(p.ends, [...path, 'ends']) : undefined;
        ordered(starts, ends, [...path, 'ends'], 'Đợt kết thúc trước khi bắt đầu');
      });
    });

    plan.items.forEach((it, i) => {
      it.events.forEach((id, j) => {
        if (!eventIds.has(id)) issue(['items', i, 'events', j], `Không có sự kiện "${id}"`);
      });
      it.places.forEach((id, j) => {
        if (!placeIds.has(id)) issue(['items', i, 'places', j], `Không có địa điểm "${id}"`);
      });
      const from = it.validFrom && at(it.validFrom, ['items', i, 'validFrom']);
      const until = it.validUntil && at(it.validUntil, ['items', i, 'validUntil']);
      ordered(from, until, ['items', i, 'validUntil'], 'Hết hiệu lực trước khi có hiệu lực');
    });
  }, { when: (payload) => payload.issues.length === 0 });

export type Plan = z.infer<typeof PlanSchema>;
/** A plan as written in a file (timeZone may be omitted). */
export type PlanInput = z.input<typeof PlanSchema>;
