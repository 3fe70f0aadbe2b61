/**
 * Pictures and clips on screens: the shapes every part shares (register, compiler, screens,
 * delivery, the web channel). Pure: zod only.
 *
 * A medium is an uploaded file named by the SHA-256 of its bytes (a photo or a clip). A register
 * item of kind 'picture' or 'clip' points at one from each revision, so changing the file, the
 * crop or the credit is a new revision that needs approval again. Screens never get the original:
 * they get a rendition for their screen size, named by its own hash.
 */
import { z } from 'zod';
import { LocalDate } from './plan.js';
import { vietnameseText } from './text.js';

export const MEDIA_KINDS = ['picture', 'clip'] as const;
export const MediaKindSchema = z.enum(MEDIA_KINDS);
export type MediaKind = z.infer<typeof MediaKindSchema>;

/** Lower-case hex SHA-256 of a file's bytes: an original's id, or a rendition's name. */
export const MediaIdSchema = z.string().regex(/^[0-9a-f]{64}$/, { message: 'Mã tệp là SHA-256 của tệp (64 ký tự hex)' });

/** Clip limits, checked from the container (not the name) at upload. */
export const CLIP_MIN_MS = 1000;
export const CLIP_MAX_MS = 60_000;
export const CLIP_MAX_BYTES = 100 * 1024 * 1024;

export const CREDIT_MAX = 200;

/**
 * The part of an upright picture (after EXIF orientation) that must stay visible, as fractions of
 * its width and height. A layout may crop the picture to fill its frame, but never inside this box:
 * what the approver saw outlined is what every screen keeps.
 */
export const FocusBoxSchema = z
  .strictObject({
    x: z.number().min(0).max(1),
    y: z.number().min(0).max(1),
    width: z.number().gt(0).max(1),
    height: z.number().gt(0).max(1),
  })
  .refine((f) => f.x + f.width <= 1 + 1e-9 && f.y + f.height <= 1 + 1e-9, {
    message: 'Vùng giữ nguyên phải nằm trong ảnh',
  });
export type FocusBox = z.infer<typeof FocusBoxSchema>;

/** The whole picture: nothing may be cropped. */
export const WHOLE_PICTURE: FocusBox = { x: 0, y: 0, width: 1, height: 1 };

/** What a revision of a picture or clip item says of its file, besides its caption (the revision's text). */
export const RevisionMediaInputSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('picture'),
    mediaId: MediaIdSchema,
    credit: vietnameseText({ maxLength: CREDIT_MAX }).optional(),
    /** When the photo was taken. */
    takenOn: LocalDate.optional(),
    /** Absent: the whole picture must stay visible. */
    focus: FocusBoxSchema.optional(),
  }),
  z.strictObject({
    kind: z.literal('clip'),
    mediaId: MediaIdSchema,
    credit: vietnameseText({ maxLength: CREDIT_MAX }).optional(),
  }),
]);
export type RevisionMediaInput = z.input<typeof RevisionMediaInputSchema>;

/** A revision's file as stored: the input with the file's upright size (and a clip's length) copied in. */
export const RevisionMediaSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('picture'),
    mediaId: MediaIdSchema,
    credit: z.string(),
    takenOn: z.string().nullable(),
    focus: FocusBoxSchema,
    width: z.number().int().positive(),
    height: z.number().int().positive(),
  }),
  z.object({
    kind: z.literal('clip'),
    mediaId: MediaIdSchema,
    credit: z.string(),
    width: z.number().int().positive(),
    height: z.number().int().positive(),
    durationMs: z.number().int().min(CLIP_MIN_MS).max(CLIP_MAX_MS),
  }),
]);
export type RevisionMedia = z.infer<typeof RevisionMediaSchema>;

/**
 * A picture or clip in a playlist: which original, its upright size and what of it must stay
 * visible. A clip's slot lasts the clip (`durationMs`); a picture's the interval's secondsPerItem.
 * The entry's `text` is the caption.
 */
export const PlaylistMediaSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('picture'),
      id: MediaIdSchema,
      width: z.number().int().positive(),
      height: z.number().int().positive(),
      focus: FocusBoxSchema,
      credit: z.string().max(CREDIT_MAX).optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('clip'),
      id: MediaIdSchema,
      width: z.number().int().positive(),
      height: z.number().int().positive(),
      durationMs: z.number().int().min(CLIP_MIN_MS).max(CLIP_MAX_MS),
      credit: z.string().max(CREDIT_MAX).optional(),
    })
    .strict(),
]);
export type PlaylistMedia = z.infer<typeof PlaylistMediaSchema>;

/**
 * One file a display must hold: the rendition of original `mediaId` for its screen, named by its
 * own hash (the display checks the bytes against it before use), and where to fetch it. The URL
 * is short-lived and signed for this display; it carries no session or display token.
 */
export const MediaFileSchema = z
  .object({
    mediaId: MediaIdSchema,
    kind: MediaKindSchema,
    sha256: MediaIdSchema,
    mime: z.enum(['image/webp', 'image/jpeg', 'image/png', 'video/webm', 'video/mp4']),
    bytes: z.number().int().positive(),
    width: z.number().int().positive(),
    height: z.number().int().positive(),
    url: z.string().max(1000),
  })
  .strict();
export type MediaFile = z.infer<typeof MediaFileSchema>;

/** What a display reports of its media cache; shown per screen on the Màn hình page. */
export const MediaCacheStatusSchema = z
  .object({
    /** Files its timeline needs within the horizon, and how many of them it holds, verified. */
    needed: z.number().int().nonnegative(),
    cached: z.number().int().nonnegative(),
    bytesNeeded: z.number().int().nonnegative(),
    bytesCached: z.number().int().nonnegative(),
    /** The last fetch that failed (network, hash mismatch, over budget), in words, and when (ms). */
    lastError: z.string().max(300).nullable(),
    lastErrorAt: z.number().int().nonnegative().nullable(),
  })
  .strict();
export type MediaCacheStatus = z.infer<typeof MediaCacheStatusSchema>;

/** A revision's file as a playlist carries it (credit only when there is one). */
export function playlistMediaOf(m: RevisionMedia): PlaylistMedia {
  const credit = m.credit ? { credit: m.credit } : {};
  return m.kind === 'clip'
    ? { kind: 'clip', id: m.mediaId, width: m.width, height: m.height, durationMs: m.durationMs, ...credit }
    : { kind: 'picture', id: m.mediaId, width: m.width, height: m.height, focus: m.focus, ...credit };
}
