/**
 * The files picture and clip items show: photos (the photo store the print pages use) and clips
 * (POST /api/clips with the raw bytes; the server reads type, size and length from the container).
 */
import { z } from 'zod';
import { CLIP_MAX_MS, CLIP_MIN_MS, MediaIdSchema, type MediaKind } from '../../server/protocol/media.js';
import { failure, request } from './http.js';

/** A stored clip as the clip routes answer it; other fields the server adds are kept as they come. */
export const ClipSchema = z.looseObject({
  id: MediaIdSchema,
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  durationMs: z.number().int().min(CLIP_MIN_MS).max(CLIP_MAX_MS),
  bytes: z.number().int().positive(),
  mime: z.string(),
});
export type Clip = z.infer<typeof ClipSchema>;
const ClipListSchema = z.looseObject({ clips: z.array(ClipSchema) });

export async function fetchClips(): Promise<Clip[]> {
  return (await request('GET', '/api/clips', ClipListSchema)).clips;
}

export function uploadClip(file: Blob): Promise<Clip> {
  return uploadRaw('/api/clips', file, ClipSchema);
}

/** Where the panel reads a file's bytes: the original, for the approver's preview. */
export function mediaUrl(kind: MediaKind, id: string): string {
  return kind === 'picture' ? `/api/photos/${id}` : `/api/clips/${id}`;
}

/** The file's bytes as the raw body: the server reads the type from the bytes, never from the name. */
export async function uploadRaw<S extends z.ZodType>(path: string, file: Blob, schema: S): Promise<z.infer<S>> {
  const res = await fetch(path, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { Accept: 'application/json', 'Content-Type': 'application/octet-stream' },
    body: file,
  });
  const json: unknown = await res.json().catch(() => undefined);
  if (!res.ok) throw failure(res, json, path);
  return schema.parse(json);
}
