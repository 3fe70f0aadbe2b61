/**
 * The PostgreSQL schema equal in meaning to the SQLite schema at version 18 (migrations 001–018),
 * so that one copy of each query runs on both engines:
 *  - the same table and column names;
 *  - timestamps stay ISO-8601 text, JSON stays text (the audit chain hashes its bytes, and jsonb
 *    would reorder them) with a CHECK that it parses;
 *  - flags stay integer 0/1 with the same CHECKs (booleans come back as numbers from both engines);
 *  - integer primary keys are identities BY DEFAULT, so a copy from SQLite and the audit log's
 *    gapless appends can write explicit ids (whoever does must then move the identity on with
 *    setval, or the next default id collides);
 *  - every CHECK, foreign key, UNIQUE and index is carried over; foreign keys are DEFERRABLE
 *    (still checked per statement by default) so a copy may SET CONSTRAINTS ALL DEFERRED;
 *  - SQLite's triggers become PL/pgSQL functions refusing the same changes with the same message.
 * audit_log additionally has UNIQUE (prev_sha256): two appends that read the same head cannot both
 * commit, so the chain never forks.
 *
 * Values that fit 32 bits are `integer` (node-postgres returns int8 as a string unless the engine
 * parses it); only proof_of_play's id, which grows with every play of every screen, is `bigint`.
 */

import { BUILT_IN_NATIONAL_DAYS_SQL } from '../migrations/011-national-calendar.js';
import { TABLES } from './baseline-tables.js';

const FUNCTIONS = `
-- SQLite's json_valid: false (a CHECK violation) rather than a cast error for text that does not parse.
CREATE FUNCTION pano_json_valid(value text) RETURNS boolean
  LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
BEGIN
  PERFORM value::json;
  RETURN true;
EXCEPTION WHEN invalid_text_representation THEN
  RETURN false;
END $$;

-- SQLite's COLLATE NOCASE on users.username: the same name in another case is the same user.
-- Case-insensitive in all scripts (NOCASE folds ASCII only); accents stay significant.
CREATE COLLATION pano_nocase (provider = icu, locale = 'und-u-ks-level2', deterministic = false);

-- One function per refusal message: SQLite's RAISE(ABORT, message) triggers.
CREATE FUNCTION pano_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION USING MESSAGE = TG_ARGV[0], ERRCODE = 'restrict_violation';
END $$;

CREATE FUNCTION content_revision_media_reviewed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- SQLite: WHEN (SELECT status FROM content_revisions WHERE id = OLD.revision_id) != 'draft'.
  IF (SELECT status FROM content_revisions WHERE id = OLD.revision_id) <> 'draft' THEN
    RAISE EXCEPTION USING MESSAGE = 'content_revision_media: a reviewed file is immutable', ERRCODE = 'restrict_violation';
  END IF;
  RETURN NEW;
END $$;
`;

const INDEXES = `
CREATE INDEX audit_log_action ON audit_log(action);
CREATE INDEX clips_uploaded_at ON clips(uploaded_at);
CREATE INDEX content_decisions_item ON content_decisions(item_id, id);
CREATE INDEX content_items_status ON content_items(status);
CREATE INDEX content_revision_media_file ON content_revision_media(media_id);
CREATE INDEX content_revisions_item ON content_revisions(item_id, revision);
CREATE INDEX delivered_timelines_version ON delivered_timelines(version);
CREATE INDEX displays_zone ON displays(zone_id) WHERE revoked_at IS NULL;
CREATE INDEX events_plan ON events(plan_id);
CREATE INDEX media_deliveries_last_sent ON media_deliveries(last_sent_at);
CREATE INDEX phases_plan ON phases(plan_id);
CREATE INDEX photo_renditions_sha256 ON photo_renditions(sha256);
CREATE INDEX photos_uploaded_at ON photos(uploaded_at);
CREATE INDEX plan_items_item ON plan_items(item_id);
CREATE INDEX print_job_items_revision ON print_job_items(revision_id);
CREATE INDEX print_jobs_status ON print_jobs(status);
CREATE INDEX proof_of_play_display ON proof_of_play(display_id, started_at);
CREATE INDEX proof_of_play_started ON proof_of_play(started_at);
CREATE INDEX sessions_user ON sessions(user_id);
`;

/** SQLite's eight triggers, by the same names, with the same messages. */
const refuse = (name: string, when: string, table: string, message: string) =>
  `CREATE TRIGGER ${name} BEFORE ${when} ON ${table} FOR EACH ROW EXECUTE FUNCTION pano_refuse('${message}');`;

const TRIGGERS = `
${refuse('audit_log_no_update', 'UPDATE', 'audit_log', 'audit_log is append-only')}
${refuse('audit_log_no_delete', 'DELETE', 'audit_log', 'audit_log is append-only')}
-- Row triggers do not fire on TRUNCATE; a statement trigger closes that way round the log too.
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION pano_refuse('audit_log is append-only');
${refuse('content_decisions_no_update', 'UPDATE', 'content_decisions', 'content_decisions is append-only')}
${refuse('content_decisions_no_delete', 'DELETE', 'content_decisions', 'content_decisions is append-only')}
${refuse('content_revision_media_no_delete', 'DELETE', 'content_revision_media', 'content_revision_media: revisions are history')}
CREATE TRIGGER content_revision_media_reviewed BEFORE UPDATE ON content_revision_media
  FOR EACH ROW EXECUTE FUNCTION content_revision_media_reviewed();
${refuse('content_revisions_no_delete', 'DELETE', 'content_revisions', 'content_revisions: revisions are history')}
CREATE TRIGGER content_revisions_reviewed_text BEFORE UPDATE OF text, title, text_sha256 ON content_revisions
  FOR EACH ROW WHEN (OLD.status <> 'draft') EXECUTE FUNCTION pano_refuse('content_revisions: reviewed text is immutable');
`;

/** The SQLite schema version this baseline equals; PostgreSQL migrations after it start at +1. */
export const BASELINE_VERSION = 18;

/** Rows SQLite's migrations insert: the built-in national days and the web channel's settings row. */
const ROWS = `
${BUILT_IN_NATIONAL_DAYS_SQL}
INSERT INTO web_channel_settings (id) VALUES (1);
`;

/** The whole baseline, one script, run in one transaction on an empty database. */
export const BASELINE_SQL = [FUNCTIONS, TABLES, INDEXES, TRIGGERS, ROWS].join('\n');
