/**
 * The clip API's contract (pure: zod only), for the server routes and the control panel.
 * Upload: POST /api/clips with the file's bytes as the raw body. Clips are served as uploaded,
 * never transcoded: WebM (VP9 or AV1 video, Opus or Vorbis sound or none) and MP4 (H.264 video,
 * AAC sound or none) are what Chromium on every screen plays without help.
 */
import { z } from 'zod';
import { CLIP_MAX_MS, CLIP_MIN_MS, MediaIdSchema } from '../protocol/media.js';

export const CLIP_MIMES = ['video/webm', 'video/mp4'] as const;
export const ClipMimeSchema = z.enum(CLIP_MIMES);
export type ClipMime = z.infer<typeof ClipMimeSchema>;

export const ClipContainerSchema = z.enum(['webm', 'mp4']);
export type ClipContainer = z.infer<typeof ClipContainerSchema>;
export const ClipVideoCodecSchema = z.enum(['vp9', 'av1', 'h264']);
export type ClipVideoCodec = z.infer<typeof ClipVideoCodecSchema>;
export const ClipAudioCodecSchema = z.enum(['opus', 'vorbis', 'aac']);
export type ClipAudioCodec = z.infer<typeof ClipAudioCodecSchema>;

export const ClipSchema = z.object({
  id: MediaIdSchema.describe('SHA-256 of the file'),
  mime: ClipMimeSchema,
  container: ClipContainerSchema,
  videoCodec: ClipVideoCodecSchema,
  audioCodec: ClipAudioCodecSchema.nullable().describe('null: the clip has no sound track'),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  durationMs: z.number().int().min(CLIP_MIN_MS).max(CLIP_MAX_MS).describe('As the container declares it'),
  bytes: z.number().int().positive(),
  uploadedBy: z.string().describe('Username of the uploader; empty if the account is gone'),
  uploadedAt: z.string().describe('Instant, UTC ISO 8601'),
  url: z.string().describe('Where the bytes are served: /api/clips/{id}'),
});
export type Clip = z.infer<typeof ClipSchema>;

export const ClipListSchema = z.object({ clips: z.array(ClipSchema) });
export type ClipList = z.infer<typeof ClipListSchema>;
