// What Pano proposes after reading a plan document (POST /api/plans/read), before anyone confirms
// it: every proposal with the line of the document it came from. The operator corrects it in the
// panel; readingToPlan turns it into an ordinary `pano-plan/1` plan, which the plan import stores.
// Pure: imported by the server's reader, the control panel and the tests.
import { z } from 'zod';
import {
  AnchorSchema,
  DEFAULT_TIME_ZONE,
  EVENT_KINDS,
  ITEM_TAGS,
  LocalDateTime,
  PLACE_KINDS,
  PLAN_FORMAT,
  type PlanInput,
} from './plan.js';
import { Id } from './text.js';

/** The line of the document a proposal came from (1-based, as the reader numbered the text). */
export const SourceSchema = z.strictObject({
  line: z.number().int().positive(),
  /** The line as written, or several lines joined by "\n" when a proposal was wrapped over them. */
  text: z.string().max(5000),
});
export type Source = z.infer<typeof SourceSchema>;

/** One field of the document's heading: the value read (empty when none was found) and where. */
export const ReadFieldSchema = z.strictObject({
  value: z.string().max(500),
  source: SourceSchema.nullable(),
});
export type ReadField = z.infer<typeof ReadFieldSchema>;

export const ReadDocumentSchema = z.strictObject({
  number: ReadFieldSchema,
  title: ReadFieldSchema,
  issuer: ReadFieldSchema,
  /** "YYYY-MM-DD", or empty. */
  issuedOn: ReadFieldSchema,
  place: ReadFieldSchema,
  signer: ReadFieldSchema,
  signerPosition: ReadFieldSchema,
});
export type ReadDocument = z.infer<typeof ReadDocumentSchema>;

export const ReadPlaceSchema = z.strictObject({
  id: Id,
  name: z.string().max(200),
  kind: z.enum(PLACE_KINDS),
  source: SourceSchema,
});
export type ReadPlace = z.infer<typeof ReadPlaceSchema>;

export const ReadEventSchema = z.strictObject({
  id: Id,
  name: z.string().max(300),
  kind: z.enum(EVENT_KINDS),
  /** Null when the document gives no date: an operator must enter it before confirming. */
  opens: LocalDateTime.nullable(),
  closes: LocalDateTime.nullable(),
  /** 'plan' when the document states the date, 'operator-entry' once a person entered it. */
  dateSource: z.enum(['plan', 'operator-entry']),
  /** What the document says about the date when it gives no exact one ("cuối tháng 10/2020"). */
  hint: z.string().max(200).optional(),
  source: SourceSchema,
});
export type ReadEvent = z.infer<typeof ReadEventSchema>;

export const ReadPhaseSchema = z.strictObject({
  id: Id,
  title: z.string().max(50),
  /** The phase's heading without its "Đợt 1:" label: its time phrase and subject. */
  summary: z.string().max(500),
  starts: AnchorSchema,
  ends: AnchorSchema.nullable(),
  themes: z.array(z.string().max(2000)),
  /** Why an anchor is a guess (the document gives no start), for the operator to check. */
  note: z.string().max(2000).optional(),
  source: SourceSchema,
});
export type ReadPhase = z.infer<typeof ReadPhaseSchema>;

export const ReadCampaignSchema = z.strictObject({
  id: Id,
  section: z.string().regex(/^[IVX]+(\.\d+)*$/),
  title: z.string().max(500),
  phases: z.array(ReadPhaseSchema),
  source: SourceSchema,
});
export type ReadCampaign = z.infer<typeof ReadCampaignSchema>;

export const ReadSloganSchema = z.strictObject({
  id: Id,
  text: z.string().max(1000),
  /** "II.3", "II.1 Đợt 1". */
  section: z.string().max(50),
  tags: z.array(z.enum(ITEM_TAGS)),
  /**
   * Celebratory by nature (mourning takes such items off every screen): the reader's guess from the
   * wording, which the operator confirms or changes; null for a slogan added by hand until the
   * operator states it.
   */
  celebratory: z.boolean().nullable(),
  events: z.array(Id),
  source: SourceSchema,
});
export type ReadSlogan = z.infer<typeof ReadSloganSchema>;

export const PlanReadingSchema = z.strictObject({
  document: ReadDocumentSchema,
  places: z.array(ReadPlaceSchema),
  events: z.array(ReadEventSchema),
  campaigns: z.array(ReadCampaignSchema),
  slogans: z.array(ReadSloganSchema),
});
export type PlanReading = z.infer<typeof PlanReadingSchema>;

/** The answer of POST /api/plans/read: what the document looked like, and the proposals. */
export const PlanReadResultSchema = z.strictObject({
  format: z.enum(['text', 'docx', 'pdf']),
  lines: z.number().int().nonnegative(),
  reading: PlanReadingSchema,
});
export type PlanReadResult = z.infer<typeof PlanReadResultSchema>;

/** What still keeps a reading from being a plan, in the operator's words (Vietnamese, English). */
export interface ReadingGap {
  vi: string;
  en: string;
}

export function readingGaps(r: PlanReading): ReadingGap[] {
  const gaps: ReadingGap[] = [];
  const field = (f: ReadField, vi: string, en: string) => {
    if (!f.value.trim()) gaps.push({ vi: `Chưa có ${vi}`, en: `${en} is missing` });
  };
  field(r.document.number, 'số kế hoạch', 'The plan number');
  field(r.document.title, 'trích yếu', 'The title');
  field(r.document.issuer, 'cơ quan ban hành', 'The issuer');
  field(r.document.issuedOn, 'ngày ban hành', 'The date of issue');
  field(r.document.place, 'địa danh', 'The place of issue');
  field(r.document.signer, 'người ký', 'The signer');
  if (r.places.length === 0) gaps.push({ vi: 'Chưa có nơi treo, trình chiếu nào', en: 'No place to show slogans' });
  for (const e of r.events) {
    if (!e.opens || !e.closes) gaps.push({ vi: `Chưa có ngày của sự kiện “${e.name}”`, en: `“${e.name}” has no date yet` });
  }
  const eventIds = new Set(r.events.map((e) => e.id));
  for (const c of r.campaigns) {
    for (const p of c.phases) {
      if (p.themes.length === 0) gaps.push({ vi: `${p.title} của mục ${c.section} chưa có nội dung`, en: `${p.title} of ${c.section} has no themes` });
      if ([p.starts, p.ends].some((a) => a && 'event' in a && !eventIds.has(a.event))) {
        gaps.push({ vi: `${p.title} của mục ${c.section} neo vào một sự kiện đã bỏ`, en: `${p.title} of ${c.section} is anchored to a dropped event` });
      }
    }
  }
  r.slogans.forEach((s, i) => {
    if (!s.text.trim()) gaps.push({ vi: `Khẩu hiệu thứ ${i + 1} đang trống`, en: `Slogan ${i + 1} is empty` });
    if (s.celebratory === null) {
      gaps.push({ vi: `Khẩu hiệu thứ ${i + 1} chưa chọn có tính chất mừng, cổ vũ hay không`, en: `Slogan ${i + 1} does not say whether it is celebratory` });
    }
  });
  return gaps;
}

/** A reading with no gaps as a `pano-plan/1` plan; the import validates it like any plan file. */
export function readingToPlan(r: PlanReading): PlanInput {
  const unstated = r.slogans.findIndex((s) => s.celebratory === null);
  // The review refuses to confirm before then; nothing may default a flag that mourning reads.
  if (unstated >= 0) throw new Error(`Slogan ${unstated + 1} does not state its celebratory nature`);
  const placeIds = r.places.map((p) => p.id);
  const eventIds = new Set(r.events.map((e) => e.id));
  return {
    format: PLAN_FORMAT,
    timeZone: DEFAULT_TIME_ZONE,
    document: {
      number: r.document.number.value,
      title: r.document.title.value,
      issuer: r.document.issuer.value,
      issuedOn: r.document.issuedOn.value,
      place: r.document.place.value,
      signedBy: { name: r.document.signer.value, position: r.document.signerPosition.value || 'Người ký' },
      note: 'Đọc từ văn bản kế hoạch và được người vận hành soát lại trước khi nhập. — EN: Read from the plan document and reviewed by an operator before import.',
    },
    places: r.places.map(({ id, name, kind }) => ({ id, name, kind })),
    events: r.events.map((e) => ({
      id: e.id,
      name: e.name,
      kind: e.kind,
      opens: e.opens ?? '',
      closes: e.closes ?? '',
      dateSource: e.dateSource,
      ...(e.hint ? { note: `Kế hoạch ghi: ${e.hint}` } : {}),
    })),
    campaigns: r.campaigns
      .filter((c) => c.phases.length > 0)
      .map((c) => ({
        id: c.id,
        section: c.section,
        title: c.title,
        phases: c.phases.map((p, i) => ({
          id: p.id,
          number: i + 1,
          title: p.title,
          summary: p.summary,
          starts: p.starts,
          ends: p.ends,
          themes: p.themes,
          ...(p.note ? { note: p.note } : {}),
        })),
      })),
    items: r.slogans.map((s) => ({
      kind: 'slogan' as const,
      id: s.id,
      text: s.text,
      section: s.section,
      // The flag states the nature; the legacy tag would contradict an operator who said "no".
      tags: s.tags.filter((t) => t !== 'celebratory'),
      celebratory: s.celebratory === true,
      // An event the operator dropped is no longer named by the slogan.
      events: s.events.filter((id) => eventIds.has(id)),
      places: placeIds,
    })),
  };
}
