import { z } from 'zod';
import { PlaylistMediaSchema } from './media.js';

/** Templates the renderer knows; display/render's TemplateId must equal this union (checked in tests). */
export const TemplateIdSchema = z.enum(['banner', 'backdrop', 'lobby-card', 'gate-ticker', 'mourning', 'photo-panel']);
export type TemplateId = z.infer<typeof TemplateIdSchema>;

/** An instant, always UTC, ISO 8601 with milliseconds (what Date#toISOString writes). */
export const InstantSchema = z.iso.datetime();

/** Why an interval plays what it plays; optional so older timelines stay valid. */
export const IntervalKindSchema = z.enum(['schedule', 'phase', 'takeover', 'mourning', 'rehearsal', 'fallback']);
export type IntervalKind = z.infer<typeof IntervalKindSchema>;

/** Template fields fixed for a whole interval (display/render's SlideFields, minus per-slide ones). */
export const TimelineFieldsSchema = z
  .object({
    caption: z.string().max(300).optional(),
    topLine: z.string().max(300).optional(),
    titleLines: z.array(z.string().max(300)).max(8).optional(),
    datePlace: z.string().max(300).optional(),
    star: z.boolean().optional(),
  })
  .strict();
export type TimelineFields = z.infer<typeof TimelineFieldsSchema>;

export const PlaylistEntrySchema = z
  .object({
    itemId: z.number().int().positive(),
    revisionId: z.number().int().positive(),
    /** The item's text; a picture's or clip's caption. */
    text: z.string().max(2000),
    caption: z.string().max(300).optional(),
    /** A picture or clip item: its file (screens fetch a rendition of it for their size). */
    media: PlaylistMediaSchema.optional(),
  })
  .strict();
export type PlaylistEntry = z.infer<typeof PlaylistEntrySchema>;

/**
 * One stretch of time with one playlist, played in a cycle from epoch: each entry holds the
 * screen for secondsPerItem, a clip for its own length (see nowShowing in playback.ts). What is on
 * screen is a function of the time alone, so every display of a zone that holds the same interval
 * shows the same item at the same moment, with no master.
 */
export const TimelineIntervalSchema = z
  .object({
    start: InstantSchema,
    end: InstantSchema,
    template: TemplateIdSchema,
    secondsPerItem: z.number().int().min(3).max(3600),
    epoch: InstantSchema,
    playlist: z.array(PlaylistEntrySchema).max(500),
    kind: IntervalKindSchema.optional(),
    fields: TimelineFieldsSchema.optional(),
    /** Rehearsal: the instant the zone plays as of at this interval's start. */
    asOf: InstantSchema.optional(),
  })
  .strict();
export type TimelineInterval = z.infer<typeof TimelineIntervalSchema>;

/** The rotation a screen plays past horizonEnd until it hears from the server again. */
export const AfterHorizonSchema = z
  .object({
    template: TemplateIdSchema,
    secondsPerItem: z.number().int().min(3).max(3600),
    epoch: InstantSchema,
    playlist: z.array(PlaylistEntrySchema).min(1).max(500),
  })
  .strict();
export type AfterHorizon = z.infer<typeof AfterHorizonSchema>;

export const TimelineSchema = z
  .object({
    zone: z.string().max(64),
    timeZone: z.string().max(64),
    horizonStart: InstantSchema,
    horizonEnd: InstantSchema,
    intervals: z.array(TimelineIntervalSchema).max(5000),
    /** The zone's evergreen rotation after the horizon; absent when the zone has none. */
    afterHorizon: AfterHorizonSchema.optional(),
  })
  .strict();
export type Timeline = z.infer<typeof TimelineSchema>;
