/**
 * A picture or clip revision names an uploaded file; the register stores it together with the
 * file's own facts (upright size, a clip's length), read from the stored file, never from the request.
 */
import type { RevisionMedia, RevisionMediaInput } from '../protocol/media.js';
import { WHOLE_PICTURE } from '../protocol/media.js';
import { HttpProblem } from '../http/problem.js';

/**
 * What the server knows of uploaded files: undefined for an id nobody uploaded. Asked before the
 * change's transaction opens (its repositories are made over the root).
 */
export interface MediaLookup {
  picture(id: string): Promise<{ width: number; height: number } | undefined>;
  clip(id: string): Promise<{ width: number; height: number; durationMs: number } | undefined>;
}

/** The stored form of a revision's file, or a 422 naming the field when the file was never uploaded. */
export async function resolveRevisionMedia(lookup: MediaLookup, input: RevisionMediaInput, path: string): Promise<RevisionMedia> {
  const credit = input.credit ?? '';
  if (input.kind === 'picture') {
    const photo = await lookup.picture(input.mediaId);
    if (!photo) throw unknownFile(path, 'Ảnh chưa được tải lên', 'No uploaded photo has this id.');
    return { kind: 'picture', mediaId: input.mediaId, credit, takenOn: input.takenOn ?? null, focus: input.focus ?? WHOLE_PICTURE, width: photo.width, height: photo.height };
  }
  const clip = await lookup.clip(input.mediaId);
  if (!clip) throw unknownFile(path, 'Đoạn phim chưa được tải lên', 'No uploaded clip has this id.');
  return { kind: 'clip', mediaId: input.mediaId, credit, width: clip.width, height: clip.height, durationMs: clip.durationMs };
}

function unknownFile(path: string, message: string, english: string): HttpProblem {
  return new HttpProblem(422, 'Tệp không có trong Pano', `${message}. (${english})`, [{ path: `${path}.mediaId`, message }]);
}
