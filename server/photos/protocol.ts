/**
 * The photo API's contract (pure: zod only), for the server routes and the control panel.
 * Upload: POST /api/photos with the file's bytes as the raw body and the caption in the query
 * (?caption=..., percent-encoded as any URL query).
 */
import { z } from 'zod';
import { vietnameseText } from '../protocol/text.js';

export const PHOTO_MIMES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export const PhotoMimeSchema = z.enum(PHOTO_MIMES);
export type PhotoMime = z.infer<typeof PhotoMimeSchema>;

/** Lower-case hex SHA-256 of the file's bytes. */
export const PhotoIdSchema = z.string().regex(/^[0-9a-f]{64}$/, { message: 'Mã ảnh là SHA-256 của tệp (64 ký tự hex)' });

/** A caption may be left empty; otherwise it is Vietnamese text like every other (NFC, no bidi). */
export const PhotoCaptionSchema = z
  .preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), vietnameseText({ maxLength: 200 }).optional())
  .transform((v) => v ?? '');

export const PhotoUploadQuerySchema = z.object({ caption: PhotoCaptionSchema }).strict();

export const PhotoCaptionRequestSchema = z.object({ caption: PhotoCaptionSchema }).strict();
export type PhotoCaptionRequest = z.infer<typeof PhotoCaptionRequestSchema>;

export const PhotoSchema = z.object({
  id: PhotoIdSchema,
  mime: PhotoMimeSchema,
  width: z.number().int().positive().describe('Pixels as shown: after the EXIF orientation, which may swap the stored sides'),
  height: z.number().int().positive().describe('Pixels as shown, like width'),
  bytes: z.number().int().positive(),
  caption: z.string(),
  uploadedBy: z.string().describe('Username of the uploader; empty if the account is gone'),
  uploadedAt: z.string().describe('Instant, UTC ISO 8601'),
  url: z.string().describe('Where the bytes are served: /api/photos/{id}'),
});
export type Photo = z.infer<typeof PhotoSchema>;

export const PhotoListSchema = z.object({ photos: z.array(PhotoSchema) });
export type PhotoList = z.infer<typeof PhotoListSchema>;
