import { z } from 'zod';
import { vietnameseText } from './text.js';
import { DisplayRoleSchema, DisplayStatusSchema, ZoneIdSchema } from './messages.js';

/** HTTP bodies and answers of the displays and proof-of-play routes. */

const DisplayName = vietnameseText({ maxLength: 80 });

/** The code as read off the screen: case and a separating space or dash do not matter. */
const TypedPairingCode = z.string().min(6).max(9);

export const PairDisplayRequestSchema = z
  .object({ code: TypedPairingCode, name: DisplayName, zoneId: ZoneIdSchema, role: DisplayRoleSchema.nullable().optional() })
  .strict();
export type PairDisplayRequest = z.infer<typeof PairDisplayRequestSchema>;

export const UpdateDisplayRequestSchema = z
  .object({ name: DisplayName.optional(), zoneId: ZoneIdSchema.optional(), role: DisplayRoleSchema.nullable().optional() })
  .strict()
  .refine((b) => Object.keys(b).length > 0, { message: 'Không có thay đổi nào.' });

export const DisplayListSchema = z.object({ displays: z.array(DisplayStatusSchema) });

/** Commands and revocation need no body; an empty object keeps every POST strict. */
export const EmptyBodySchema = z.object({}).strict();

export const CommandResultSchema = z.object({ delivered: z.boolean() });

/** A screen's capture of what it draws now, beside what the server believes it shows. */
export const CaptureResultSchema = z.object({
  jpegBase64: z.string(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  capturedAt: z.iso.datetime(),
  /** What the server's timeline says is on that screen at the same moment. */
  showing: DisplayStatusSchema.shape.showing,
});
export type CaptureResult = z.infer<typeof CaptureResultSchema>;

export const ProofReportQuerySchema = z
  .object({
    from: z.iso.datetime(),
    to: z.iso.datetime(),
    /** Language of a CSV's header and numbers. */
    lang: z.enum(['vi', 'en']).default('vi'),
  })
  .strict()
  .refine((q) => Date.parse(q.from) < Date.parse(q.to), { message: '"from" phải trước "to".' });

export const ProofReportRowSchema = z.object({
  campaign: z.string(),
  phase: z.string(),
  zoneId: z.string(),
  zoneName: z.string(),
  itemId: z.number(),
  itemKey: z.string(),
  text: z.string(),
  hoursShown: z.number(),
  screens: z.number(),
  firstShown: z.string(),
  lastShown: z.string(),
  mismatches: z.number(),
});
export const ProofReportSchema = z.object({ from: z.string(), to: z.string(), rows: z.array(ProofReportRowSchema) });
export type ProofReport = z.infer<typeof ProofReportSchema>;
