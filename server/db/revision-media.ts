/**
 * The file a picture or clip revision shows (content_revision_media): its columns as read with a
 * revision, and the one statement that writes them. A draft's file may be replaced; a reviewed
 * one cannot (a trigger refuses it).
 */
import type { Db } from './database.js';
import type { FocusBox, RevisionMedia } from '../protocol/media.js';
import { WHOLE_PICTURE } from '../protocol/media.js';

/** The columns SELECT_REVISIONS adds, all null for a text revision. */
export const REVISION_MEDIA_COLUMNS = `m.kind AS media_kind, m.media_id, m.credit AS media_credit, m.taken_on AS media_taken_on,
  m.focus_json AS media_focus_json, m.width AS media_width, m.height AS media_height, m.duration_ms AS media_duration_ms`;
export const REVISION_MEDIA_JOIN = 'LEFT JOIN content_revision_media m ON m.revision_id = r.id';

export interface RevisionMediaColumns {
  media_kind: 'picture' | 'clip' | null;
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
export function saveRevisionMedia(db: Db, revisionId: number, media: RevisionMedia): void {
  db.prepare(
    `INSERT INTO content_revision_media (revision_id, kind, media_id, credit, taken_on, focus_json, width, height, duration_ms)
     VALUES (@revisionId, @kind, @mediaId, @credit, @takenOn, @focus, @width, @height, @durationMs)
     ON CONFLICT (revision_id) DO UPDATE SET kind = excluded.kind, media_id = excluded.media_id, credit = excluded.credit,
       taken_on = excluded.taken_on, focus_json = excluded.focus_json, width = excluded.width, height = excluded.height,
       duration_ms = excluded.duration_ms`,
  ).run({
    revisionId,
    kind: media.kind,
    mediaId: media.mediaId,
    credit: media.credit,
    takenOn: media.kind === 'picture' ? media.takenOn : null,
    focus: media.kind === 'picture' ? JSON.stringify(media.focus) : null,
    width: media.width,
    height: media.height,
    durationMs: media.kind === 'clip' ? media.durationMs : null,
  });
}
