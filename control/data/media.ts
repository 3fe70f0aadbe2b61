/**
 * The files picture and clip items show: photos (the photo store the print pages use) and clips
 * (POST /api/clips with the raw bytes; the server reads type, size and length from the container).
 */
import type { z } from 'zod';
import type { MediaKind } from '../../server/protocol/media.js';
import { ClipListSchema, ClipSchema, type Clip } from '../../server/media/clip-protocol.js';
import { failure, request } from './http.js';

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
