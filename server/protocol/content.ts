// The content register's HTTP contract: items (slogans and messages), their revisions and the
// decisions taken on them. Pure: imported by the server routes and the control panel.
import { z } from 'zod';
import { ContentStatusSchema, SourceSchema } from './api.js';
import { AnchorSchema, celebratoryFlag, ITEM_TAGS, LocalDate } from './plan.js';
import { RevisionMediaInputSchema, RevisionMediaSchema } from './media.js';
import { Id, vietnameseText } from './text.js';

/** Slogans and messages are text; pictures and clips are a file with a caption (the revision's text). */
export const ITEM_KINDS = ['slogan', 'message', 'picture', 'clip'] as const;
export const ItemKindSchema = z.enum(ITEM_KINDS);
export type ItemKind = z.infer<typeof ItemKindSchema>;

export const REVISION_STATUSES = ['draft', 'submitted', 'approved', 'rejected'] as const;
export const RevisionStatusSchema = z.enum(REVISION_STATUSES);
export type RevisionStatus = z.infer<typeof RevisionStatusSchema>;

export const DECISIONS = ['submit', 'approve', 'reject', 'retire'] as const;
export const DecisionKindSchema = z.enum(DECISIONS);
export type DecisionKind = z.infer<typeof DecisionKindSchema>;

/** The same limits as a plan file, so whatever the register holds can be exported as a plan. */
export const SLOGAN_MAX = 300;
export const MESSAGE_TITLE_MAX = 200;
export const MESSAGE_MAX = 2000;
/** A picture's or clip's caption: one line, like a slogan, so it also runs as a gate ticker. */
export const CAPTION_MAX = 300;

const sloganText = () => vietnameseText({ maxLength: SLOGAN_MAX });
const messageTitle = () => vietnameseText({ maxLength: MESSAGE_TITLE_MAX });
const messageText = () => vietnameseText({ maxLength: MESSAGE_MAX, multiline: true });
const captionText = () => vietnameseText({ maxLength: CAPTION_MAX });
const unique = <T extends z.ZodType>(item: T, max: number) =>
  z
    .array(item)
    .max(max)
    .refine((list) => new Set(list).size === list.length, { message: 'Danh sách có phần tử trùng' });

export const SourceInputSchema = z.strictObject({
  document: vietnameseText({ maxLength: 50 }).describe('Document number, e.g. 38-KH/ĐU'),
  issuer: vietnameseText({ maxLength: 200 }).optional(),
  issuedOn: LocalDate.optional(),
  section: vietnameseText({ maxLength: 50 }).optional(),
});

const metadata = {
  /** Omitted: derived from the text (a slug), made unique by the server. */
  key: Id.optional(),
  tags: unique(z.enum(ITEM_TAGS), ITEM_TAGS.length).default([]),
  /** Required: mourning takes every celebratory item off the screens, whatever its tags. */
  celebratory: celebratoryFlag(),
  events: unique(Id, 20).default([]),
  places: unique(Id, 20).default([]),
  validFrom: AnchorSchema.optional(),
  /** Exclusive. */
  validUntil: AnchorSchema.optional(),
  source: SourceInputSchema.optional(),
};

export const CreateItemRequestSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('slogan'), text: sloganText(), ...metadata }),
  z.strictObject({ kind: z.literal('message'), title: messageTitle(), text: messageText(), ...metadata }),
  z.strictObject({ kind: z.literal('picture'), text: captionText(), media: RevisionMediaInputSchema.options[0], ...metadata }),
  z.strictObject({ kind: z.literal('clip'), text: captionText(), media: RevisionMediaInputSchema.options[1], ...metadata }),
]);
export type CreateItemRequest = z.input<typeof CreateItemRequestSchema>;

/**
 * A new revision of an item: the body's shape; it is checked by the item's kind (`revisionSchema`).
 * A picture or clip revision restates its file (the same or another), credit and focus box.
 */
export const ReviseItemRequestSchema = z.strictObject({
  text: z.string().max(MESSAGE_MAX * 4),
  title: z.string().max(MESSAGE_TITLE_MAX * 4).optional(),
  media: z.looseObject({}).optional(),
});

export type RevisionInput = { text: string; title?: string; media?: z.infer<typeof RevisionMediaInputSchema> };

/**
 * The rules of a revision: a slogan is one line with no title, a message has both, a picture or
 * a clip has a one-line caption and its file.
 */
export function revisionSchema(kind: ItemKind): z.ZodType<RevisionInput> {
  switch (kind) {
    case 'slogan':
      return z.strictObject({ text: sloganText() });
    case 'message':
      return z.strictObject({ text: messageText(), title: messageTitle() });
    case 'picture':
      return z.strictObject({ text: captionText(), media: RevisionMediaInputSchema.options[0] });
    case 'clip':
      return z.strictObject({ text: captionText(), media: RevisionMediaInputSchema.options[1] });
  }
}

export const EmptyRequestSchema = z.strictObject({});

export const DecisionRequestSchema = z.strictObject({
  reason: vietnameseText({ maxLength: 1000, multiline: true }),
});

export const ItemListQuerySchema = z.strictObject({
  status: ContentStatusSchema.optional(),
  kind: ItemKindSchema.optional(),
  event: Id.optional(),
  tag: z.enum(ITEM_TAGS).optional(),
  /** Source document number, exact. */
  source: z.string().max(50).transform((s) => s.normalize('NFC')).optional(),
  /** Words in the text or title. */
  q: z.string().max(200).optional(),
});
export type ItemListQuery = z.infer<typeof ItemListQuerySchema>;

export const RevisionSchema = z.object({
  id: z.number().int().positive(),
  number: z.number().int().positive(),
  text: z.string(),
  title: z.string().nullable(),
  /** Picture and clip items: the file this revision shows; null for text items. */
  media: RevisionMediaSchema.nullable(),
  sha256: z.string(),
  status: RevisionStatusSchema,
  /** null: came from the plan document itself. */
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  submittedBy: z.string().nullable(),
  submittedAt: z.string().nullable(),
});
export type Revision = z.infer<typeof RevisionSchema>;

export const DecisionSchema = z.object({
  id: z.number().int().positive(),
  revisionId: z.number().int().positive(),
  revisionNumber: z.number().int().positive(),
  decision: DecisionKindSchema,
  reason: z.string(),
  by: z.string(),
  at: z.string(),
});
export type Decision = z.infer<typeof DecisionSchema>;

export const ItemSchema = z.object({
  id: z.number().int().positive(),
  key: z.string(),
  kind: ItemKindSchema,
  /** What screens do with it: 'approved' while an approved revision plays, even with an edit pending. */
  status: ContentStatusSchema,
  tags: z.array(z.string()),
  /** Leaves every screen during national mourning. */
  celebratory: z.boolean(),
  events: z.array(z.string()),
  places: z.array(z.string()),
  validFrom: AnchorSchema.nullable(),
  validUntil: AnchorSchema.nullable(),
  source: SourceSchema,
  /** The revision screens and prints use; null until one is approved. */
  approved: RevisionSchema.nullable(),
  /** The newest revision: the approved one, or an edit in progress. */
  latest: RevisionSchema,
  updatedAt: z.string(),
});
export type Item = z.infer<typeof ItemSchema>;

export const ItemListSchema = z.object({ items: z.array(ItemSchema) });

export const ItemDetailSchema = ItemSchema.extend({
  revisions: z.array(RevisionSchema),
  decisions: z.array(DecisionSchema),
});
export type ItemDetail = z.infer<typeof ItemDetailSchema>;

export const PlanSummarySchema = z.object({
  id: z.number().int().positive(),
  number: z.string(),
  title: z.string(),
  issuer: z.string(),
  issuedOn: z.string(),
  importedAt: z.string(),
});
export type PlanSummary = z.infer<typeof PlanSummarySchema>;
export const PlanListSchema = z.object({ plans: z.array(PlanSummarySchema) });

export const PlanImportResultSchema = z.object({
  plan: PlanSummarySchema,
  /** Items created, each awaiting approval by someone other than the importer. */
  items: z.number().int(),
  zones: z.number().int(),
});
