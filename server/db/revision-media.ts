/**
 * The file a picture or clip revision shows (content_revision_media): its columns as read with a
 * revision, and the one statement that writes them. A draft's file may be replaced; a reviewed
 * one cannot (a trigger refuses it).
 */
import type { Queryable } from './engine.js';
import type { FocusBox, RevisionMedia } from '../protocol/media.js';
import { WHOLE_PICTURE } from '../protocol/media.js';

/**
 * The columns a revision query adds, all null for a text revision; the query joins
 * `content_revision_media as m` on `m.revision_id = r.id` (a left join).
 */
export const REVISION_MEDIA_COLUMNS = [
  'm.kind as media_kind',
  'm.media_id',
  'm.credit as media_credit',
  'm.taken_on as media_taken_on',
  'm.focus_json as media_focus_json',
  'm.width as media_width',
  'm.height as media_height',
  'm.duration_ms as media_duration_ms',
] as const;

export interface RevisionMediaColumns {
  /** 'picture' or 'clip'. */
  media_kind: string | null;
  media_id: string | null;
  media_credit: string | null;
  media_taken_on: string | null;
  media_focus_json: string | null;
  media_width: number | null;
  media_height: number | null;
  media_duration_ms: number | null;
}

export function revisionMediaOf(row: RevisionMediaColumns): RevisionMedia | null {
  if (row.media_kind === null || row.media_id === null || row.media_width === null || row.media_height === null) return null;
  const common = { mediaId: row.media_id, credit: row.media_credit ?? '', width: row.media_width, height: row.media_height };
  return row.media_kind === 'clip'
    ? { kind: 'clip', ...common, durationMs: row.media_duration_ms ?? 0 }
    : {
        kind: 'picture',
        ...common,
        takenOn: row.media_taken_on,
        focus: row.media_focus_json ? (JSON.parse(row.media_focus_json) as FocusBox) : WHOLE_PICTURE,
      };
}

/** Writes (or, for a draft, rewrites) the file of a revision. */
export async function saveRevisionMedia(q: Queryable, revisionId: number, media: RevisionMedia): Promise<void> {
  await q
    .insertInto('content_revision_media')
    .values({
      revision_id: revisionId,
      kind: media.kind,
      media_id: media.mediaId,
      credit: media.credit,
      taken_on: media.kind === 'picture' ? media.takenOn : null,
      focus_json: media.kind === 'picture' ? JSON.stringify(media.focus) : null,
      width: media.width,
      height: media.height,
      duration_ms: media.kind === 'clip' ? media.durationMs : null,
    })
    .onConflict((oc) =>
      oc.column('revision_id').doUpdateSet((eb) => ({
        kind: eb.ref('excluded.kind'),
        media_id: eb.ref('excluded.media_id'),
        credit: eb.ref('excluded.credit'),
        taken_on: eb.ref('excluded.taken_on'),
        focus_json: eb.ref('excluded.focus_json'),
        width: eb.ref('excluded.width'),
        height: eb.ref('excluded.height'),
        duration_ms: eb.ref('excluded.duration_ms'),
      })),
    )
    .execute();
}
