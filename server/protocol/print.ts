/**
 * The print contract: banner presets, print settings, job requests and job views. Pure (no node:,
 * no DOM): the server validates with it, the control panel builds its form and preview from it.
 */
import { z } from 'zod';
import { PhotoIdSchema } from '../photos/protocol.js';
import { Id, vietnameseText } from './text.js';

export const MM_PER_INCH = 25.4;
export const PT_PER_INCH = 72;
/** No banner is longer than 50 m; beyond that the input is a typo (mm for cm). */
export const MAX_SIDE_MM = 50_000;
/** Acrobat caps a page at 200 in; print shops take larger work at 1:10. */
export const MAX_PDF_SIDE_MM = 200 * MM_PER_INCH;
export const MIN_DPI = 10;
export const MAX_DPI = 600;
/** Banners are viewed from metres away: 100–150 dpi is the print shops' practice. */
export const DEFAULT_DPI = 150;
export const DEFAULT_BLEED_MM = 10;
export const MAX_BLEED_MM = 100;
/** Hems and eyelets: text stays this far inside the trim. */
export const DEFAULT_SAFE_MM = 50;
export const MAX_SAFE_MM = 1000;
export const MAX_SCALE = 100;
/** The scale print shops take for work larger than a PDF page allows. */
export const LARGE_WORK_SCALE = 10;
export const MAX_BATCH_ITEMS = 200;

export const PRESET_IDS = [
  'bang-ron-3x1',
  'bang-ron-5x0.8',
  'bang-ron-5x1.5',
  'bang-ron-6x0.9',
  'bang-ron-10x2',
  'phuon-0.8x2.5',
  'phuon-0.8x2.4',
  'pa-no-2.4x1.2',
  'phong-hoi-truong-12x5',
  'a3',
  'a4',
] as const;
export const PresetIdSchema = z.enum(PRESET_IDS);
export type PresetId = z.infer<typeof PresetIdSchema>;

export interface PrintPreset {
  id: PresetId;
  name: { vi: string; en: string };
  widthMm: number;
  heightMm: number;
  /** Review copies on office paper: the printer's own margins stand in for bleed and hems. */
  bleedMm: number;
  safeMm: number;
}

const banner = (id: PresetId, vi: string, en: string, widthMm: number, heightMm: number): PrintPreset => ({
  id,
  name: { vi, en },
  widthMm,
  heightMm,
  bleedMm: DEFAULT_BLEED_MM,
  safeMm: DEFAULT_SAFE_MM,
});

export const PRESETS: readonly PrintPreset[] = [
  banner('bang-ron-3x1', 'Băng rôn ngang 3 × 1 m', 'Horizontal banner 3 × 1 m', 3000, 1000),
  banner('bang-ron-5x0.8', 'Băng rôn ngang 5 × 0,8 m', 'Horizontal banner 5 × 0.8 m', 5000, 800),
  banner('bang-ron-5x1.5', 'Băng rôn ngang 5 × 1,5 m', 'Horizontal banner 5 × 1.5 m', 5000, 1500),
  banner('bang-ron-6x0.9', 'Băng rôn ngang 6 × 0,9 m', 'Horizontal banner 6 × 0.9 m', 6000, 900),
  banner('bang-ron-10x2', 'Băng rôn ngang 10 × 2 m', 'Horizontal banner 10 × 2 m', 10000, 2000),
  banner('phuon-0.8x2.5', 'Phướn dọc 0,8 × 2,5 m', 'Vertical pennant 0.8 × 2.5 m', 800, 2500),
  banner('phuon-0.8x2.4', 'Phướn dọc 0,8 × 2,4 m', 'Vertical pennant 0.8 × 2.4 m', 800, 2400),
  banner('pa-no-2.4x1.2', 'Pa nô 2,4 × 1,2 m', 'Panel 2.4 × 1.2 m', 2400, 1200),
  banner('phong-hoi-truong-12x5', 'Phông hội trường 12 × 5 m', 'Hall backdrop 12 × 5 m', 12000, 5000),
  { id: 'a3', name: { vi: 'A3 ngang (bản duyệt)', en: 'A3 landscape (review copy)' }, widthMm: 420, heightMm: 297, bleedMm: 3, safeMm: 10 },
  { id: 'a4', name: { vi: 'A4 ngang (bản duyệt)', en: 'A4 landscape (review copy)' }, widthMm: 297, heightMm: 210, bleedMm: 3, safeMm: 10 },
];

export function findPreset(id: PresetId): PrintPreset {
  return PRESETS.find((p) => p.id === id)!;
}

export const PrintFormatSchema = z.enum(['pdf', 'png']);
export type PrintFormat = z.infer<typeof PrintFormatSchema>;

// Finite numbers in range: NaN, 1e9 and negatives stop here, before the print service sees them.
const mm = (max: number) => z.number().finite().gt(0).max(max);

/**
 * What to print, size and finish, shared by the HTTP request and the CLI. A preset fills in the
 * size, bleed and safe margin; explicit values override it.
 */
export const PrintSettingsSchema = z
  .object({
    preset: PresetIdSchema.optional(),
    widthMm: mm(MAX_SIDE_MM).optional(),
    heightMm: mm(MAX_SIDE_MM).optional(),
    format: PrintFormatSchema,
    /** PNG only. */
    dpi: z.number().int().min(MIN_DPI).max(MAX_DPI).optional(),
    bleedMm: z.number().finite().min(0).max(MAX_BLEED_MM).optional(),
    safeMm: z.number().finite().min(0).max(MAX_SAFE_MM).optional(),
    /** Crop marks at the trim corners, outside the bleed. */
    marks: z.boolean().default(false),
    /**
     * One line outside the trim: file, size, scale, date, item revision. Absent: on for scaled
     * prints (a 1:10 proof must say it is 1:10 on the paper), off at 1:1; false turns it off.
     */
    slug: z.boolean().optional(),
    /** 1:scale; absent: 1:1, or 1:10 for a PDF too large for one page. */
    scale: z.number().int().min(1).max(MAX_SCALE).optional(),
    /** Also a ZIP of one file per item. */
    zip: z.boolean().default(false),
    /** PDF only: a CMYK copy through Ghostscript, flag colours pinned to print values. */
    cmyk: z.boolean().default(false),
    /** PDF only: text as outlines (no fonts needed at the print shop; no longer extractable). */
    outlines: z.boolean().default(false),
  })
  .strict();
export type PrintSettingsInput = z.input<typeof PrintSettingsSchema>;
export type PrintSettings = z.output<typeof PrintSettingsSchema>;

/** Settings with the preset applied: every size known. */
export interface ResolvedSettings extends Omit<PrintSettings, 'preset' | 'widthMm' | 'heightMm' | 'bleedMm' | 'safeMm'> {
  preset: PresetId | undefined;
  widthMm: number;
  heightMm: number;
  bleedMm: number;
  safeMm: number;
}

/** Applies the preset; undefined when neither a preset nor both sides are given. */
export function resolveSettings(s: PrintSettings): ResolvedSettings | undefined {
  const preset = s.preset ? findPreset(s.preset) : undefined;
  const widthMm = s.widthMm ?? preset?.widthMm;
  const heightMm = s.heightMm ?? preset?.heightMm;
  if (widthMm === undefined || heightMm === undefined) return undefined;
  return {
    ...s,
    preset: s.preset,
    widthMm,
    heightMm,
    bleedMm: s.bleedMm ?? preset?.bleedMm ?? DEFAULT_BLEED_MM,
    safeMm: s.safeMm ?? preset?.safeMm ?? DEFAULT_SAFE_MM,
  };
}

/** What a job prints: register slogans, a congress backdrop, or a photo panel of uploaded photos. */
export const ARTWORKS = ['banner', 'backdrop', 'photo-panel'] as const;
export const ArtworkSchema = z.enum(ARTWORKS);
export type Artwork = z.infer<typeof ArtworkSchema>;

/** The size each artwork is usually made in; a request without a size gets it (banners must choose). */
export const DEFAULT_ARTWORK_PRESETS: Record<Exclude<Artwork, 'banner'>, PresetId> = {
  backdrop: 'phong-hoi-truong-12x5',
  'photo-panel': 'pa-no-2.4x1.2',
};
/** A photo panel beyond 12 pictures has captions too small to read at exhibition distance. */
export const MAX_PANEL_PHOTOS = 12;
/** Where the plan's offices hold their congresses: the default place of a backdrop's date line. */
export const DEFAULT_BACKDROP_PLACE = 'Hà Nội';

// '' leaves the line out; anything else is checked like every Vietnamese text (NFC, no bidi).
const optionalLine = z.union([z.literal(''), vietnameseText({ maxLength: 200 })]).optional();

const BannerJobRequestSchema = PrintSettingsSchema.extend({
  /** Absent in requests made before there were other artworks: they stay banners. */
  artwork: z.literal('banner').default('banner'),
  /** Slogan ids from the approved register, printed in this order, one page or file each. */
  items: z.array(z.number().int().positive()).min(1).max(MAX_BATCH_ITEMS),
}).strict();

const BackdropJobRequestSchema = PrintSettingsSchema.extend({
  artwork: z.literal('backdrop'),
  /** A congress of the event register: its name gives the title lines. */
  eventId: Id,
  /** Default: the Party slogan the renderer puts there; '' leaves it out. */
  topLine: optionalLine,
  /** Default: "Hà Nội, ngày … tháng … năm …" from the event's dates; '' leaves it out. */
  datePlace: optionalLine,
}).strict();

const PanelJobRequestSchema = PrintSettingsSchema.extend({
  artwork: z.literal('photo-panel'),
  title: vietnameseText({ maxLength: 200 }),
  /** Uploaded photos in reading order; their captions are the photos' own. */
  photoIds: z
    .array(PhotoIdSchema)
    .min(1, { error: 'Chọn ít nhất một ảnh' })
    .max(MAX_PANEL_PHOTOS, { error: `Một pa nô có tối đa ${MAX_PANEL_PHOTOS} ảnh` }),
}).strict();

export const PrintJobRequestSchema = z
  .discriminatedUnion('artwork', [BannerJobRequestSchema, BackdropJobRequestSchema, PanelJobRequestSchema])
  .transform((r) =>
    r.artwork !== 'banner' && !r.preset && r.widthMm === undefined && r.heightMm === undefined ? { ...r, preset: DEFAULT_ARTWORK_PRESETS[r.artwork] } : r,
  )
  .refine((r) => resolveSettings(r) !== undefined, { error: 'Chọn khổ mẫu hoặc nhập đủ chiều rộng và chiều cao (mm)', path: ['widthMm'] });
export type PrintJobRequestInput = z.input<typeof PrintJobRequestSchema>;
export type PrintJobRequest = z.output<typeof PrintJobRequestSchema>;

// Not strict: what the request prints (items, event, photos) is stripped, the settings kept.
const SettingsOfRequestSchema = z.object(PrintSettingsSchema.shape);

/** The print settings of a request, without what it prints. */
export function requestSettings(r: PrintJobRequest): PrintSettings {
  return SettingsOfRequestSchema.parse(r);
}

/**
 * 'awaiting-approval' is derived, never stored: a job with free text stays queued in the database
 * until an approver other than its creator approves it, and the runner skips it until then.
 */
export const PRINT_JOB_STATUSES = ['awaiting-approval', 'queued', 'running', 'done', 'failed', 'cancelled'] as const;
export const PrintJobStatusSchema = z.enum(PRINT_JOB_STATUSES);
export type PrintJobStatus = z.infer<typeof PrintJobStatusSchema>;

export const ProgressUnitSchema = z.enum(['page', 'strip']);

export const PrintProgressSchema = z.object({
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  unit: ProgressUnitSchema,
  /** Estimated seconds left from the pace so far; null before the first unit. */
  etaSeconds: z.number().nonnegative().nullable(),
});
export type PrintProgress = z.infer<typeof PrintProgressSchema>;

export const PrintJobItemSchema = z.object({
  itemId: z.number().int().positive(),
  key: z.string(),
  revisionId: z.number().int().positive(),
  /** SHA-256 of the printed (NFC) text: what was printed, provably. */
  textSha256: z.string(),
  text: z.string(),
});
export type PrintJobItem = z.infer<typeof PrintJobItemSchema>;

export const PrintFileSchema = z.object({ name: z.string(), bytes: z.number().int().nonnegative() });
export type PrintFile = z.infer<typeof PrintFileSchema>;

/** A backdrop job's record: the event and the lines exactly as drawn (NFC, capitals where drawn so). */
export const BackdropRecordSchema = z.object({
  eventId: z.string(),
  eventName: z.string(),
  topLine: z.string(),
  titleLines: z.array(z.string()),
  datePlace: z.string(),
  /** SHA-256 of backdropText(record): what was printed, provably. */
  textSha256: z.string(),
});
export type BackdropRecord = z.infer<typeof BackdropRecordSchema>;

export const PanelPhotoRecordSchema = z.object({
  /** SHA-256 of the photo's bytes. */
  id: z.string(),
  caption: z.string(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
});
/** A photo panel job's record: the title as drawn and the photos, in order, with their captions. */
export const PanelRecordSchema = z.object({
  title: z.string(),
  photos: z.array(PanelPhotoRecordSchema),
  /** SHA-256 of panelText(record). */
  textSha256: z.string(),
});
export type PanelRecord = z.infer<typeof PanelRecordSchema>;

/** The printed lines of a backdrop, one per line (empty ones kept, so the hash is unambiguous). */
export function backdropText(r: Pick<BackdropRecord, 'topLine' | 'titleLines' | 'datePlace'>): string {
  return [r.topLine, ...r.titleLines, r.datePlace].join('\n');
}

/** The title, then each photo's id and caption: a changed photo, order or caption changes the hash. */
export function panelText(r: Pick<PanelRecord, 'title' | 'photos'>): string {
  return [r.title, ...r.photos.map((p) => `${p.id} ${p.caption}`)].join('\n');
}

/** The four-eyes decision on a job with free text; all null until an approver decides. */
export const PrintApprovalSchema = z.object({
  decision: z.enum(['approved', 'rejected']).nullable(),
  by: z.string().nullable(),
  at: z.string().nullable(),
  reason: z.string().nullable(),
});
export type PrintApproval = z.infer<typeof PrintApprovalSchema>;

/** An approver's approval or rejection of a job: the reason is recorded with it and audited. */
export const PrintDecisionRequestSchema = z.strictObject({
  reason: vietnameseText({ maxLength: 1000, multiline: true }),
});

export const PrintJobSchema = z.object({
  id: z.number().int().positive(),
  status: PrintJobStatusSchema,
  artwork: ArtworkSchema,
  settings: PrintSettingsSchema,
  /** Banners: the slogans; empty for the other artworks. */
  items: z.array(PrintJobItemSchema),
  backdrop: BackdropRecordSchema.nullable(),
  panel: PanelRecordSchema.nullable(),
  createdBy: z.string(),
  /** The creator's user id (null: deleted user): the control panel offers approval to others only. */
  createdById: z.number().int().positive().nullable(),
  createdAt: z.string(),
  /** null: nothing free-text to approve (banners, backdrops with the default lines). */
  approval: PrintApprovalSchema.nullable(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  progress: PrintProgressSchema,
  error: z.string().nullable(),
  files: z.array(PrintFileSchema),
  /** Files removed by a user; the record stays for the audit trail. */
  deleted: z.boolean(),
});
export type PrintJob = z.infer<typeof PrintJobSchema>;

export const PrintJobListSchema = z.object({ jobs: z.array(PrintJobSchema) });

/** An approved slogan as the print page lists it: the text is the approved revision's. */
export const PrintableItemSchema = z.object({
  id: z.number().int().positive(),
  key: z.string(),
  text: z.string(),
  revisionId: z.number().int().positive(),
  tags: z.array(z.string()),
  events: z.array(z.string()),
  /** Section of the plan, e.g. "II.1 Đợt 1": the phase. */
  section: z.string(),
  document: z.string(),
});
export type PrintableItem = z.infer<typeof PrintableItemSchema>;
export const PrintableItemListSchema = z.object({ items: z.array(PrintableItemSchema) });

export const PrintCapabilitiesSchema = z.object({
  /** Ghostscript's version; null when it is not installed (no CMYK). */
  ghostscript: z.string().nullable(),
});
export type PrintCapabilities = z.infer<typeof PrintCapabilitiesSchema>;

/** Pushed to every control panel while a job runs and when it ends. */
export const PrintProgressMessageSchema = z
  .object({
    type: z.literal('print-progress'),
    jobId: z.number().int().positive(),
    status: PrintJobStatusSchema,
    progress: PrintProgressSchema,
    error: z.string().nullable(),
  })
  .strict();
export type PrintProgressMessage = z.infer<typeof PrintProgressMessageSchema>;

/**
 * Lines allowed for the slogan on a banner of this shape: two across a long banner, more down a
 * vertical pennant. Print and the control panel's preview share it, so the preview breaks alike.
 */
export function bannerMaxLines(widthMm: number, heightMm: number): number {
  const aspect = widthMm / heightMm;
  if (aspect >= 2) return 2;
  if (aspect >= 1) return 3;
  // Tall formats (a phướn, 800 × 2400 mm): many short lines, so the text can grow until the
  // widest word or protected phrase fills the width, not stop at a third of the height.
  return Math.min(16, Math.ceil(4 / aspect));
}

/**
 * The date of an event as a backdrop writes it, "ngày 19 - 20 tháng 8 năm 2020", from local
 * "YYYY-MM-DDTHH:mm" bounds; `closes` is exclusive, so a close at 00:00 ends the day before.
 * Days under 10 and months 1 and 2 take a leading zero, as Decree 30/2020/NĐ-CP sets for dates
 * in administrative documents.
 */
export function eventDateWords(opens: string, closes: string): string {
  const [y1, m1, d1] = ymd(opens);
  let last = ymd(closes);
  if (closes.endsWith('T00:00') && closes.slice(0, 10) > opens.slice(0, 10)) {
    const before = new Date(Date.UTC(last[0], last[1] - 1, last[2] - 1));
    last = [before.getUTCFullYear(), before.getUTCMonth() + 1, before.getUTCDate()];
  }
  const [y2, m2, d2] = last;
  const day = (d: number) => String(d).padStart(2, '0');
  const month = (m: number) => (m <= 2 ? `0${m}` : String(m));
  if (y1 === y2 && m1 === m2 && d1 === d2) return `ngày ${day(d1)} tháng ${month(m1)} năm ${y1}`;
  if (y1 === y2 && m1 === m2) return `ngày ${day(d1)} - ${day(d2)} tháng ${month(m1)} năm ${y1}`;
  if (y1 === y2) return `ngày ${day(d1)} tháng ${month(m1)} - ${day(d2)} tháng ${month(m2)} năm ${y1}`;
  return `ngày ${day(d1)} tháng ${month(m1)} năm ${y1} - ${day(d2)} tháng ${month(m2)} năm ${y2}`;
}

/** "Hà Nội, ngày 19 - 20 tháng 8 năm 2020": the backdrop's default date and place line. */
export function backdropDatePlace(event: { opens: string; closes: string }, place = DEFAULT_BACKDROP_PLACE): string {
  return `${place}, ${eventDateWords(event.opens, event.closes)}`;
}

function ymd(local: string): [number, number, number] {
  return [Number(local.slice(0, 4)), Number(local.slice(5, 7)), Number(local.slice(8, 10))];
}
