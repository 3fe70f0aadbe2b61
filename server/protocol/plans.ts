// The plans API: plans as first-class rows (draft / active / ended), each with its own events,
// sections (campaigns), phases (đợt), places and linked items; the plan's report.
// Pure: imported by the server routes and the control panel's data layer.
//
// Ids. An event, section or phase has a `key` (its id inside its plan, as in a pano-plan file)
// and an `id`, unique across every plan of the installation: the key itself when no other plan
// uses it, otherwise the key with "-p<plan id>" appended. Everything outside the plan file
// (anchors stored in the database, schedules, timelines, proof of play, print) names the `id`;
// export writes keys back, so a plan round-trips to the same file.
import { z } from 'zod';
import {
  AnchorSchema,
  celebratoryFlag,
  DATE_SOURCES,
  EVENT_KINDS,
  ITEM_TAGS,
  LocalDate,
  LocalDateTime,
} from './plan.js';
import { Id, vietnameseText } from './text.js';
import { ItemKindSchema } from './content.js';

export const PLAN_STATES = ['draft', 'active', 'ended'] as const;
export const PlanStateSchema = z.enum(PLAN_STATES);
export type PlanState = z.infer<typeof PlanStateSchema>;

const text = (maxLength: number) => vietnameseText({ maxLength });
const note = () => vietnameseText({ maxLength: 2000, multiline: true });

export const SignerSchema = z.strictObject({ name: text(100), position: text(200) });

/** A plan as the list and detail show it. */
export const PlanViewSchema = z.object({
  id: z.number().int().positive(),
  /** "38-KH/ĐU"; unique across plans. */
  number: z.string(),
  title: z.string(),
  issuer: z.string(),
  /** YYYY-MM-DD (shown dd/mm/yyyy). */
  issuedOn: z.string(),
  place: z.string(),
  signedBy: z.object({ name: z.string(), position: z.string() }),
  note: z.string().nullable(),
  state: PlanStateSchema,
  /** When it was imported or created (ISO instant). */
  importedAt: z.string(),
  updatedAt: z.string(),
  counts: z.object({ events: z.number().int(), phases: z.number().int(), items: z.number().int() }),
});
export type PlanView = z.infer<typeof PlanViewSchema>;
export const PlanViewListSchema = z.object({ plans: z.array(PlanViewSchema) });

export const PlanEventViewSchema = z.object({
  id: z.string(),
  key: z.string(),
  planId: z.number().int(),
  /** The plan's number, for lists that mix plans ("38-KH/ĐU"). */
  planNumber: z.string(),
  planTitle: z.string(),
  name: z.string(),
  kind: z.enum(EVENT_KINDS),
  opens: LocalDateTime,
  closes: LocalDateTime,
  dateSource: z.enum(DATE_SOURCES),
  note: z.string().nullable(),
});
export type PlanEventView = z.infer<typeof PlanEventViewSchema>;

export const PlanPhaseViewSchema = z.object({
  id: z.string(),
  key: z.string(),
  planId: z.number().int(),
  planNumber: z.string(),
  planTitle: z.string(),
  campaignId: z.string(),
  number: z.number().int().positive(),
  title: z.string(),
  /** "II.1 Đợt 2". */
  label: z.string(),
  summary: z.string(),
  themes: z.array(z.string()),
  note: z.string().nullable(),
  position: z.number().int(),
  starts: AnchorSchema,
  ends: AnchorSchema.nullable(),
});
export type PlanPhaseView = z.infer<typeof PlanPhaseViewSchema>;

export const CampaignViewSchema = z.object({
  id: z.string(),
  key: z.string(),
  planId: z.number().int(),
  /** Section of the plan document, "II.1". */
  section: z.string(),
  title: z.string(),
  note: z.string().nullable(),
  phases: z.array(PlanPhaseViewSchema),
});
export type CampaignView = z.infer<typeof CampaignViewSchema>;

/** An item linked to a plan, with where in the plan it sits. */
export const PlanItemLinkSchema = z.object({
  itemId: z.number().int(),
  key: z.string(),
  /** Pictures and clips may be linked too; a plan's own proposals are text. */
  kind: ItemKindSchema,
  /** Text (a picture's or clip's caption) of the approved revision, else of the newest one. */
  text: z.string(),
  status: z.enum(['draft', 'submitted', 'approved', 'rejected', 'retired']),
  section: z.string(),
  campaignId: z.string().nullable(),
  phaseId: z.string().nullable(),
});
export type PlanItemLink = z.infer<typeof PlanItemLinkSchema>;

export const PlanPlaceSchema = z.object({ id: z.string(), name: z.string(), kind: z.string() });

export const PlanDetailSchema = z.object({
  plan: PlanViewSchema,
  places: z.array(PlanPlaceSchema),
  events: z.array(PlanEventViewSchema),
  campaigns: z.array(CampaignViewSchema),
  items: z.array(PlanItemLinkSchema),
});
export type PlanDetail = z.infer<typeof PlanDetailSchema>;

const SectionNumber = z.string().regex(/^[IVX]+(\.\d+)*$/, { message: 'Mục phải có dạng II.1' });

export const CampaignRequestSchema = z.strictObject({
  /** Optional: derived from the section ("ii-1") when absent. */
  key: Id.optional(),
  section: SectionNumber,
  title: text(500),
  note: note().optional(),
});
export type CampaignRequest = z.infer<typeof CampaignRequestSchema>;
export const UpdateCampaignRequestSchema = CampaignRequestSchema.omit({ key: true }).partial();

/** Creating a plan in the panel: it starts as a draft with no events. */
export const CreatePlanRequestSchema = z.strictObject({
  number: text(50),
  title: text(500),
  issuer: text(200),
  issuedOn: LocalDate,
  place: text(100),
  signedBy: SignerSchema,
  note: note().optional(),
  /** Its sections (campaigns), in order. */
  sections: z.array(CampaignRequestSchema).max(50).optional(),
  /** Zone ids where its items are meant to appear (existing zones). */
  places: z.array(Id).max(50).optional(),
});
export type CreatePlanRequest = z.infer<typeof CreatePlanRequestSchema>;

export const UpdatePlanRequestSchema = CreatePlanRequestSchema.omit({ sections: true })
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'Không có thay đổi nào');
export type UpdatePlanRequest = z.infer<typeof UpdatePlanRequestSchema>;

export const PlanStateRequestSchema = z.strictObject({
  state: PlanStateSchema,
  /** Why (kept in the audit log). */
  reason: text(500).optional(),
});

export const EventRequestSchema = z.strictObject({
  /** Optional: derived from the name when absent. */
  key: Id.optional(),
  name: text(300),
  kind: z.enum(EVENT_KINDS),
  opens: LocalDateTime,
  /** Exclusive. */
  closes: LocalDateTime,
  dateSource: z.enum(['public-record', 'operator-entry']),
  note: note().optional(),
});
export type EventRequest = z.infer<typeof EventRequestSchema>;
export const UpdatePlanEventRequestSchema = EventRequestSchema.omit({ key: true })
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'Không có thay đổi nào');
export type UpdatePlanEventRequest = z.infer<typeof UpdatePlanEventRequestSchema>;

/** A phase (đợt): each edge a date or an event edge plus offset days, ends null = open-ended. */
export const PhaseRequestSchema = z.strictObject({
  key: Id.optional(),
  campaignId: z.string().min(1).max(80),
  title: text(50),
  summary: text(500).optional(),
  themes: z.array(text(2000)).max(50).optional(),
  note: note().optional(),
  starts: AnchorSchema,
  ends: AnchorSchema.nullable(),
});
export type PhaseRequest = z.infer<typeof PhaseRequestSchema>;
export const UpdatePlanPhaseRequestSchema = PhaseRequestSchema.omit({ key: true, campaignId: true })
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'Không có thay đổi nào');
export type UpdatePlanPhaseRequest = z.infer<typeof UpdatePlanPhaseRequestSchema>;

const proposalFields = {
  /** Where in the plan it sits; section defaults to the phase's or campaign's label. */
  campaignId: z.string().min(1).max(80).optional(),
  phaseId: z.string().min(1).max(80).optional(),
  section: text(50).optional(),
  tags: z.array(z.enum(ITEM_TAGS)).max(ITEM_TAGS.length).default([]),
  /** Required: mourning takes every celebratory item off the screens, whatever its tags. */
  celebratory: celebratoryFlag(),
  /** Event ids (of any plan) it greets or follows. */
  events: z.array(z.string().min(1).max(80)).max(20).default([]),
  /** Zone ids or kinds; empty = any. */
  places: z.array(z.string().min(1).max(80)).max(20).default([]),
  validFrom: AnchorSchema.optional(),
  validUntil: AnchorSchema.optional(),
};

/** A slogan or message proposed straight into a plan: it enters the register as submitted. */
export const ProposeItemRequestSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('slogan'), text: text(300), ...proposalFields }),
  z.strictObject({
    kind: z.literal('message'),
    title: text(200),
    text: vietnameseText({ maxLength: 2000, multiline: true }),
    ...proposalFields,
  }),
]);
export type ProposeItemRequest = z.infer<typeof ProposeItemRequestSchema>;

/** Links an existing register item to a plan (no copy: one item, one approval). */
export const LinkItemRequestSchema = z.strictObject({
  itemId: z.number().int().positive(),
  campaignId: z.string().min(1).max(80).optional(),
  phaseId: z.string().min(1).max(80).optional(),
  section: text(50).optional(),
});
export type LinkItemRequest = z.infer<typeof LinkItemRequestSchema>;

/** What a refused delete names: everything that still anchors to or uses the event or phase. */
export const DependentSchema = z.object({
  kind: z.enum(['phase', 'item', 'schedule', 'event']),
  id: z.string(),
  /** Human label: "II.1 Đợt 2", the item's text, the schedule's name. */
  label: z.string(),
  planNumber: z.string().nullable(),
});
export type Dependent = z.infer<typeof DependentSchema>;

// ---- Report --------------------------------------------------------------------------------

export const PlanReportQuerySchema = z.strictObject({
  /** Local dates (inclusive) bounding the report; default: the whole record. */
  from: LocalDate.optional(),
  until: LocalDate.optional(),
});
export type PlanReportQuery = z.infer<typeof PlanReportQuerySchema>;

/** One item's showing in one zone during one phase, from proof of play. */
export const ReportRowSchema = z.object({
  /** null: shown while none of the plan's phases ran (e.g. an evergreen slogan). */
  phaseId: z.string().nullable(),
  phaseLabel: z.string().nullable(),
  itemId: z.number().int(),
  itemText: z.string(),
  zoneId: z.string(),
  zoneName: z.string(),
  displays: z.number().int(),
  /** Times it came on screen. */
  shows: z.number().int(),
  /** Total seconds on screen, summed over displays. */
  seconds: z.number(),
  /** First and last showing, ISO instants. */
  firstShown: z.string(),
  lastShown: z.string(),
});
export type ReportRow = z.infer<typeof ReportRowSchema>;

export const ReportPrintRowSchema = z.object({
  phaseId: z.string().nullable(),
  phaseLabel: z.string().nullable(),
  /** 'banner' | 'backdrop' | 'photo-panel' … as print jobs name their artwork. */
  artwork: z.string(),
  itemId: z.number().int().nullable(),
  itemText: z.string(),
  /** Finished print jobs, and the files they produced (pieces). */
  jobs: z.number().int(),
  pieces: z.number().int(),
  /** Size as ordered, millimetres. */
  widthMm: z.number().nullable(),
  heightMm: z.number().nullable(),
  lastPrinted: z.string(),
});
export type ReportPrintRow = z.infer<typeof ReportPrintRowSchema>;

export const PlanReportSchema = z.object({
  plan: PlanViewSchema,
  from: z.string().nullable(),
  until: z.string().nullable(),
  generatedAt: z.string(),
  phases: z.array(
    z.object({
      id: z.string(),
      label: z.string(),
      /** Resolved window, local wall-clock; null when an anchor's event is unknown. */
      starts: z.string().nullable(),
      ends: z.string().nullable(),
      shows: z.number().int(),
      seconds: z.number(),
      printed: z.number().int(),
    }),
  ),
  items: z.array(z.object({ itemId: z.number().int(), text: z.string(), shows: z.number().int(), seconds: z.number(), zones: z.number().int() })),
  shown: z.array(ReportRowSchema),
  printed: z.array(ReportPrintRowSchema),
});
export type PlanReport = z.infer<typeof PlanReportSchema>;

/** `?previewPlan=<id>` on the timeline endpoints: compile as if that draft plan were active. */
export const PreviewPlanQuerySchema = z.coerce.number().int().positive();

/**
 * A plan export's response header: how many approved pictures and clips linked to the plan the file
 * leaves out (pano-plan/1 carries text, not files).
 */
export const MEDIA_LEFT_OUT_HEADER = 'Pano-Media-Left-Out';
