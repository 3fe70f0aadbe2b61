import { z } from 'zod';
import { AnchorSchema, DATE_SOURCES, EVENT_KINDS, LocalDateTime } from './plan.js';
import { Id, vietnameseText } from './text.js';
import { RecurringWindowSchema } from './national-calendar.js';
import { InstantSchema, IntervalKindSchema, PlaylistEntrySchema, TemplateIdSchema, TimelineFieldsSchema } from './timeline.js';

/**
 * The scheduling API's bodies and answers: events and phases of the plan (editable), zones,
 * schedule entries, takeovers, national mourning and rehearsals.
 */

export const ZONE_KINDS = ['gate', 'lobby', 'hall', 'web', 'other'] as const;
export const ZoneKindSchema = z.enum(ZONE_KINDS);

/** Which plan an event or phase belongs to (events of every active plan are listed together). */
const planOf = {
  planId: z.number().int(),
  planNumber: z.string(),
  planTitle: z.string(),
};

export const EventSchema = z.object({
  id: z.string(),
  ...planOf,
  name: z.string(),
  kind: z.enum(EVENT_KINDS),
  opens: LocalDateTime,
  closes: LocalDateTime,
  dateSource: z.enum(DATE_SOURCES),
  note: z.string().nullable(),
});
export type EventView = z.infer<typeof EventSchema>;

/**
 * Moving an event: every phase, validity window and schedule anchored to it moves with it. Its name
 * is not editable here: a congress's name becomes the hall backdrop's title, so it comes only from
 * a plan, imported by an approver or admin and approved item by item.
 */
export const UpdateEventRequestSchema = z
  .strictObject({
    opens: LocalDateTime.optional(),
    closes: LocalDateTime.optional(),
    note: vietnameseText({ maxLength: 1000 }).optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'Không có thay đổi nào');

export const PhaseViewSchema = z.object({
  id: z.string(),
  ...planOf,
  campaignId: z.string(),
  label: z.string(),
  position: z.number().int(),
  starts: AnchorSchema,
  ends: AnchorSchema.nullable(),
});
export type PhaseView = z.infer<typeof PhaseViewSchema>;

export const UpdatePhaseRequestSchema = z
  .strictObject({ starts: AnchorSchema.optional(), ends: AnchorSchema.nullable().optional() })
  .refine((v) => Object.keys(v).length > 0, 'Không có thay đổi nào');

export const ZoneSchema = z.object({ id: z.string(), name: z.string(), kind: ZoneKindSchema });
export const CreateZoneRequestSchema = z.strictObject({ id: Id, name: vietnameseText({ maxLength: 100 }), kind: ZoneKindSchema });

export const WindowEdgeSchema = z.union([AnchorSchema, z.strictObject({ instant: InstantSchema })]);
const HourMinute = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Giờ theo dạng HH:mm, ví dụ 07:30');
const ItemIds = z.array(z.number().int().positive()).min(1, 'Chọn ít nhất một nội dung').max(200);

/**
 * A template's text fields name register items, never free text: what a screen shows around the
 * playlist (a backdrop's title lines, a caption) is approved like everything else. An item's text
 * lines become the field's lines; an item that is not approved leaves its field out.
 */
const ItemRef = z.number().int().positive();
export const TemplateFieldRefsSchema = z.strictObject({
  topLineItemId: ItemRef.optional(),
  titleItemId: ItemRef.optional(),
  captionItemId: ItemRef.optional(),
  datePlaceItemId: ItemRef.optional(),
  star: z.boolean().optional(),
});
export type TemplateFieldRefs = z.infer<typeof TemplateFieldRefsSchema>;

export const ScheduleContentSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('items'), itemIds: ItemIds }),
  z.strictObject({ kind: z.literal('phase'), phaseId: Id }),
  z.strictObject({ kind: z.literal('template'), fields: TemplateFieldRefsSchema, itemIds: ItemIds }),
  /**
   * A photo panel (pa nô ảnh, a print job) as a slideshow: in the panel's order, the picture items
   * whose approved revision shows one of its photos. Resolved when timelines are compiled, so an
   * approval later puts its picture in; a photo no approved picture shows is skipped.
   */
  z.strictObject({ kind: z.literal('photo-panel'), printJobId: z.number().int().positive() }),
]);
export type ScheduleContent = z.infer<typeof ScheduleContentSchema>;

export const ScheduleRequestSchema = z.strictObject({
  name: vietnameseText({ maxLength: 120 }),
  target: z.union([z.strictObject({ zoneId: Id }), z.strictObject({ displayId: z.string().min(1).max(64) })]),
  content: ScheduleContentSchema,
  window: z.strictObject({ from: WindowEdgeSchema.optional(), until: WindowEdgeSchema.optional() }).optional(),
  daily: z.strictObject({ from: HourMinute, until: HourMinute }).optional(),
  weekdays: z.array(z.number().int().min(1).max(7)).min(1).max(7).optional(),
  /** Every year around a day of the national calendar; `window`, if set, still bounds it. */
  recurring: RecurringWindowSchema.optional(),
  priority: z.number().int().min(-100).max(100),
  secondsPerItem: z.number().int().min(3).max(3600).optional(),
  template: TemplateIdSchema.optional(),
});
export type ScheduleRequest = z.infer<typeof ScheduleRequestSchema>;

export const ScheduleViewSchema = ScheduleRequestSchema.extend({
  id: z.number().int(),
  createdAt: InstantSchema,
  updatedAt: InstantSchema,
});
export type ScheduleView = z.infer<typeof ScheduleViewSchema>;

export const TakeoverRequestSchema = z.strictObject({
  zoneIds: z.union([z.literal('all'), z.array(Id).min(1).max(50)]),
  itemIds: ItemIds,
  template: TemplateIdSchema.optional(),
  until: InstantSchema.optional(),
});

export const TakeoverViewSchema = z.object({
  id: z.number().int(),
  zoneIds: z.union([z.literal('all'), z.array(z.string())]),
  itemIds: z.array(z.number().int()),
  template: TemplateIdSchema.nullable(),
  from: InstantSchema,
  until: InstantSchema.nullable(),
  clearedAt: InstantSchema.nullable(),
});
export type TakeoverView = z.infer<typeof TakeoverViewSchema>;

export const MourningRequestSchema = z.strictObject({
  from: InstantSchema.optional(),
  until: InstantSchema.optional(),
  messageItemIds: z.array(z.number().int().positive()).max(20).default([]),
});

export const MourningViewSchema = z.object({
  mourning: z
    .object({ from: InstantSchema, until: InstantSchema.nullable(), messageItemIds: z.array(z.number().int()), setAt: InstantSchema })
    .nullable(),
});

export const RehearsalRequestSchema = z.strictObject({ asOf: InstantSchema, until: InstantSchema.optional() });
export const RehearsalViewSchema = z.object({
  zoneId: z.string(),
  asOf: InstantSchema,
  startedAt: InstantSchema,
  until: InstantSchema.nullable(),
});
export type RehearsalView = z.infer<typeof RehearsalViewSchema>;

/** A photo panel as the schedule editor offers it: its title, and how many of its photos screens can show. */
export const PhotoPanelSchema = z.object({
  /** The print job that holds the panel. */
  printJobId: z.number().int().positive(),
  title: z.string(),
  createdAt: InstantSchema,
  photos: z.number().int().nonnegative(),
  /** Photos an approved picture item shows: the slideshow plays these, the rest are skipped. */
  showable: z.number().int().nonnegative(),
});
export type PhotoPanel = z.infer<typeof PhotoPanelSchema>;
export const PhotoPanelListSchema = z.object({ panels: z.array(PhotoPanelSchema) });

/** What every zone shows at one instant: the scrubber's answer. */
export const PreviewSchema = z.object({
  at: InstantSchema,
  zones: z.array(
    z.object({
      zoneId: z.string(),
      zoneName: z.string(),
      zoneKind: ZoneKindSchema,
      intervalKind: IntervalKindSchema.nullable(),
      template: TemplateIdSchema.nullable(),
      fields: TimelineFieldsSchema.nullable(),
      entry: PlaylistEntrySchema.nullable(),
      playlistLength: z.number().int(),
      rehearsalAsOf: InstantSchema.nullable(),
    }),
  ),
});
export type Preview = z.infer<typeof PreviewSchema>;
