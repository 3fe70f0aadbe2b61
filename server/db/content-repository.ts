import { createHash } from 'node:crypto';
import type { Db } from './database.js';
import type { ContentStatus, Slogan } from '../protocol/api.js';
import type { Anchor } from '../protocol/plan.js';
import type { Decision, DecisionKind, Item, ItemDetail, ItemKind, ItemListQuery, Revision, RevisionStatus } from '../protocol/content.js';
import type { RevisionMedia } from '../protocol/media.js';
import { itemStatus, type WorkflowState } from '../domain/workflow.js';
import { REVISION_MEDIA_COLUMNS, REVISION_MEDIA_JOIN, revisionMediaOf, saveRevisionMedia, type RevisionMediaColumns } from './revision-media.js';

interface SloganRow {
  id: number;
  key: string;
  status: ContentStatus;
  tags_json: string;
  source_section: string;
  source_number: string;
  source_issuer: string;
  source_issued_on: string;
  text: string;
  revision_id: number;
}

interface ItemRow {
  id: number;
  key: string;
  kind: ItemKind;
  status: ContentStatus;
  tags_json: string;
  celebratory: 0 | 1;
  events_json: string;
  places_json: string;
  valid_from_json: string | null;
  valid_until_json: string | null;
  source_number: string;
  source_issuer: string;
  source_issued_on: string;
  source_section: string;
  source_document_id: number | null;
  approved_revision_id: number | null;
  updated_at: string;
}

interface RevisionRow extends RevisionMediaColumns {
  id: number;
  item_id: number;
  revision: number;
  text: string;
  title: string | null;
  text_sha256: string;
  status: RevisionStatus;
  created_by: number | null;
  created_at: string;
  submitted_by: number | null;
  submitted_at: string | null;
  created_by_name: string | null;
  submitted_by_name: string | null;
}

interface DecisionRow {
  id: number;
  revision_id: number;
  revision: number;
  decision: DecisionKind;
  reason: string;
  actor: string;
  at: string;
}

/** A slogan together with the revision that screens and prints may use. */
export interface PlayableSlogan extends Slogan {
  revisionId: number;
}

/** Who makes a change: the user's id and name, as the audit log records them. */
export interface Actor {
  id: number;
  username: string;
}

export interface NewItem {
  key: string;
  kind: ItemKind;
  text: string;
  title: string | null;
  tags: readonly string[];
  celebratory: boolean;
  events: readonly string[];
  places: readonly string[];
  validFrom?: Anchor | undefined;
  validUntil?: Anchor | undefined;
  source: { document: string; issuer: string; issuedOn: string; section: string };
  sourceDocumentId: number | null;
  /** Picture and clip items: the first revision's file, with its facts read from the stored file. */
  media?: RevisionMedia | undefined;
}

const SELECT_SLOGANS = `
  SELECT i.id, i.key, i.status, i.tags_json, i.source_section, i.source_number, i.source_issuer, i.source_issued_on,
         r.text, r.id AS revision_id
  FROM content_items i
  JOIN content_revisions r ON r.id = COALESCE(i.approved_revision_id,
       (SELECT MAX(id) FROM content_revisions WHERE item_id = i.id))
  WHERE i.kind = 'slogan'`;

const SELECT_REVISIONS = `
  SELECT r.*, cu.username AS created_by_name, su.username AS submitted_by_name, ${REVISION_MEDIA_COLUMNS}
  FROM content_revisions r
  LEFT JOIN users cu ON cu.id = r.created_by
  LEFT JOIN users su ON su.id = r.submitted_by
  ${REVISION_MEDIA_JOIN}`;

export function sha256(s: string): string {
  return createHash('sha256').update(s, 'utf8').digest('hex');
}

/** The register: items, their revisions and decisions. Callers wrap changes in a transaction with their audit row. */
export class ContentRepository {
  private readonly all;
  private readonly approved;
  private readonly sloganByKey;
  private readonly sloganById;

  constructor(private readonly db: Db) {
    this.all = db.prepare<[], SloganRow>(`${SELECT_SLOGANS} ORDER BY i.id`);
    // Both conditions must hold: the item is live and names the revision that was approved.
    this.approved = db.prepare<[], SloganRow>(
      `${SELECT_SLOGANS} AND i.status = 'approved' AND i.approved_revision_id IS NOT NULL ORDER BY i.id`,
    );
    this.sloganByKey = db.prepare<[string], SloganRow>(`${SELECT_SLOGANS} AND i.key = ?`);
    this.sloganById = db.prepare<[number], SloganRow>(`${SELECT_SLOGANS} AND i.id = ?`);
  }

  listSlogans(): PlayableSlogan[] {
    return this.all.all().map(toSlogan);
  }

  /** Only approved items, with their approved revision: the one gate to screens and print. */
  listApprovedSlogans(): PlayableSlogan[] {
    return this.approved.all().map(toSlogan);
  }

  /** Finds a slogan by numeric id or by its plan key (e.g. "kh-01"). */
  findSlogan(ref: string): PlayableSlogan | undefined {
    const row = /^\d+$/.test(ref) ? this.sloganById.get(Number(ref)) : this.sloganByKey.get(ref);
    return row ? toSlogan(row) : undefined;
  }

  listItems(query: ItemListQuery): Item[] {
    const where: string[] = [];
    const params: Record<string, unknown> = {};
    if (query.status) {
      // "submitted" also finds approved items with an edit in review: what an approver looks for.
      where.push(`(i.status = @status OR (SELECT status FROM content_revisions WHERE item_id = i.id ORDER BY revision DESC LIMIT 1) = @status)`);
      params.status = query.status;
    }
    if (query.kind) (where.push('i.kind = @kind'), (params.kind = query.kind));
    if (query.event) (where.push('EXISTS (SELECT 1 FROM json_each(i.events_json) WHERE value = @event)'), (params.event = query.event));
    if (query.tag) (where.push('EXISTS (SELECT 1 FROM json_each(i.tags_json) WHERE value = @tag)'), (params.tag = query.tag));
    if (query.source) (where.push('i.source_number = @source'), (params.source = query.source));
    if (query.q) {
      where.push(`EXISTS (SELECT 1 FROM content_revisions r WHERE r.item_id = i.id AND (r.text LIKE @q ESCAPE '\\' OR r.title LIKE @q ESCAPE '\\'))`);
      params.q = `%${query.q.normalize('NFC').replace(/[\\%_]/g, (c) => '\\' + c)}%`;
    }
    const sql = `SELECT * FROM content_items i ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY i.id`;
    return this.db.prepare<Record<string, unknown>, ItemRow>(sql).all(params).map((row) => this.toItem(row));
  }

  getItem(id: number): Item | undefined {
    const row = this.itemRow(id);
    return row && this.toItem(row);
  }

  getDetail(id: number): ItemDetail | undefined {
    const item = this.getItem(id);
    if (!item) return undefined;
    const revisions = this.db
      .prepare<[number], RevisionRow>(`${SELECT_REVISIONS} WHERE r.item_id = ? ORDER BY r.revision`)
      .all(id)
      .map(toRevision);
    const decisions = this.db
      .prepare<[number], DecisionRow>(
        `SELECT d.id, d.revision_id, r.revision, d.decision, d.reason, d.actor, d.at
         FROM content_decisions d JOIN content_revisions r ON r.id = d.revision_id WHERE d.item_id = ? ORDER BY d.id`,
      )
      .all(id)
      .map(toDecision);
    return { ...item, revisions, decisions };
  }

  findByKey(key: string): Item | undefined {
    const row = this.db.prepare<[string], ItemRow>('SELECT * FROM content_items WHERE key = ?').get(key);
    return row && this.toItem(row);
  }

  /**
   * Approvals no person gave: an approved revision with no 'approve' decision by a user (before
   * version 10 the seed plan's items were stored approved, by the plan itself). Each goes back
   * to submitted, so an approver decides; returns the items changed, for the audit log.
   */
  withdrawApprovalsWithoutPerson(at: Date): { id: number; key: string; revisionId: number }[] {
    const now = at.toISOString();
    const rows = this.db
      .prepare<[], { id: number; key: string; revision_id: number }>(
        `SELECT i.id, i.key, i.approved_revision_id AS revision_id FROM content_items i
         WHERE i.approved_revision_id IS NOT NULL AND NOT EXISTS (
           SELECT 1 FROM content_decisions d
           WHERE d.revision_id = i.approved_revision_id AND d.decision = 'approve' AND d.user_id IS NOT NULL)
         ORDER BY i.id`,
      )
      .all();
    for (const r of rows) {
      this.db.prepare(`UPDATE content_revisions SET status = 'submitted', submitted_at = COALESCE(submitted_at, ?) WHERE id = ?`).run(now, r.revision_id);
      this.db.prepare('UPDATE content_items SET approved_revision_id = NULL WHERE id = ?').run(r.id);
      this.refreshStatus(r.id, now);
    }
    return rows.map((r) => ({ id: r.id, key: r.key, revisionId: r.revision_id }));
  }

  keyExists(key: string): boolean {
    return this.db.prepare('SELECT 1 FROM content_items WHERE key = ?').get(key) !== undefined;
  }

  /** `base`, or `base-2`, `base-3` … whichever is free. */
  freeKey(base: string): string {
    let key = base;
    for (let n = 2; this.keyExists(key); n++) key = `${base.slice(0, 60)}-${n}`;
    return key;
  }

  /** What the workflow rules need to know about an item. */
  workflowState(id: number): WorkflowState | undefined {
    const row = this.itemRow(id);
    const latest = row && this.latestRevision(id);
    if (!row || !latest) return undefined;
    return {
      retired: row.status === 'retired',
      hasApproved: row.approved_revision_id !== null,
      latest: { status: latest.status, createdBy: latest.created_by, submittedBy: latest.submitted_by },
    };
  }

  /** A new item with its first revision, a draft or submitted: approval is always a person's decision. */
  create(item: NewItem, by: Actor | null, at: Date, revisionStatus: 'draft' | 'submitted' = 'draft'): number {
    const now = at.toISOString();
    const id = Number(
      this.db
        .prepare(
          `INSERT INTO content_items (key, kind, status, tags_json, celebratory, events_json, places_json, valid_from_json, valid_until_json,
             source_document_id, source_number, source_issuer, source_issued_on, source_section, created_by, created_at, updated_at)
           VALUES (@key, @kind, 'draft', @tags, @celebratory, @events, @places, @validFrom, @validUntil,
             @documentId, @number, @issuer, @issuedOn, @section, @by, @now, @now)`,
        )
        .run({
          key: item.key,
          kind: item.kind,
          tags: JSON.stringify(item.tags),
          celebratory: item.celebratory ? 1 : 0,
          events: JSON.stringify(item.events),
          places: JSON.stringify(item.places),
          validFrom: item.validFrom ? JSON.stringify(item.validFrom) : null,
          validUntil: item.validUntil ? JSON.stringify(item.validUntil) : null,
          documentId: item.sourceDocumentId,
          number: item.source.document,
          issuer: item.source.issuer,
          issuedOn: item.source.issuedOn,
          section: item.source.section,
          by: by?.id ?? null,
          now,
        }).lastInsertRowid,
    );
    const revisionId = this.insertRevision(id, 1, item.text, item.title, by, now);
    if (item.media) saveRevisionMedia(this.db, revisionId, item.media);
    if (revisionStatus === 'submitted') this.markSubmitted(revisionId, by, now);
    this.refreshStatus(id, now);
    return id;
  }

  /** New text (and file): rewrites the open draft, or starts the next revision after a decision. */
  revise(id: number, text: string, title: string | null, by: Actor, at: Date, newRevision: boolean, media?: RevisionMedia): void {
    const now = at.toISOString();
    const latest = this.latestRevision(id)!;
    if (newRevision) {
      const revisionId = this.insertRevision(id, latest.revision + 1, text, title, by, now);
      if (media) saveRevisionMedia(this.db, revisionId, media);
    } else {
      if (media) saveRevisionMedia(this.db, latest.id, media);
      // Whoever rewrites a draft is its author from now on, so they cannot approve it either.
      this.db
        .prepare('UPDATE content_revisions SET text = ?, title = ?, text_sha256 = ?, created_by = ?, created_at = ? WHERE id = ?')
        .run(text, title, sha256(text), by.id, now, latest.id);
    }
    this.refreshStatus(id, now);
  }

  submit(id: number, by: Actor, at: Date): void {
    const now = at.toISOString();
    const latest = this.latestRevision(id)!;
    this.markSubmitted(latest.id, by, now);
    this.recordDecision(id, latest.id, 'submit', '', by, now);
    this.refreshStatus(id, now);
  }

  /** Approves or rejects the revision in review; an approval replaces what screens play. */
  decide(id: number, decision: 'approve' | 'reject', reason: string, by: Actor, at: Date): void {
    const now = at.toISOString();
    const latest = this.latestRevision(id)!;
    this.db
      .prepare('UPDATE content_revisions SET status = ? WHERE id = ?')
      .run(decision === 'approve' ? 'approved' : 'rejected', latest.id);
    if (decision === 'approve') this.db.prepare('UPDATE content_items SET approved_revision_id = ? WHERE id = ?').run(latest.id, id);
    this.recordDecision(id, latest.id, decision, reason, by, now);
    this.refreshStatus(id, now);
  }

  retire(id: number, reason: string, by: Actor, at: Date): void {
    const now = at.toISOString();
    const latest = this.latestRevision(id)!;
    this.db.prepare(`UPDATE content_items SET status = 'retired', updated_at = ? WHERE id = ?`).run(now, id);
    this.recordDecision(id, latest.id, 'retire', reason, by, now);
  }

  private itemRow(id: number): ItemRow | undefined {
    return this.db.prepare<[number], ItemRow>('SELECT * FROM content_items WHERE id = ?').get(id);
  }

  private latestRevision(id: number): RevisionRow | undefined {
    return this.db.prepare<[number], RevisionRow>(`${SELECT_REVISIONS} WHERE r.item_id = ? ORDER BY r.revision DESC LIMIT 1`).get(id);
  }

  private revisionById(id: number): RevisionRow | undefined {
    return this.db.prepare<[number], RevisionRow>(`${SELECT_REVISIONS} WHERE r.id = ?`).get(id);
  }

  private insertRevision(itemId: number, n: number, text: string, title: string | null, by: Actor | null, now: string): number {
    return Number(
      this.db
        .prepare(
          `INSERT INTO content_revisions (item_id, revision, text, title, text_sha256, status, created_by, created_at)
           VALUES (?, ?, ?, ?, ?, 'draft', ?, ?)`,
        )
        .run(itemId, n, text, title, sha256(text), by?.id ?? null, now).lastInsertRowid,
    );
  }

  private markSubmitted(revisionId: number, by: Actor | null, now: string): void {
    this.db
      .prepare(`UPDATE content_revisions SET status = 'submitted', submitted_by = ?, submitted_at = ? WHERE id = ?`)
      .run(by?.id ?? null, now, revisionId);
  }

  private recordDecision(itemId: number, revisionId: number, decision: DecisionKind, reason: string, by: Actor, now: string): void {
    this.db
      .prepare('INSERT INTO content_decisions (item_id, revision_id, decision, reason, user_id, actor, at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(itemId, revisionId, decision, reason, by.id, by.username, now);
  }

  private refreshStatus(id: number, now: string): void {
    const state = this.workflowState(id)!;
    this.db.prepare('UPDATE content_items SET status = ?, updated_at = ? WHERE id = ?').run(itemStatus(state), now, id);
  }

  private toItem(row: ItemRow): Item {
    const latest = this.latestRevision(row.id)!;
    const approved = row.approved_revision_id === null ? undefined : this.revisionById(row.approved_revision_id);
    return {
      id: row.id,
      key: row.key,
      kind: row.kind,
      status: row.status,
      tags: JSON.parse(row.tags_json) as string[],
      celebratory: row.celebratory === 1,
      events: JSON.parse(row.events_json) as string[],
      places: JSON.parse(row.places_json) as string[],
      validFrom: row.valid_from_json ? (JSON.parse(row.valid_from_json) as Anchor) : null,
      validUntil: row.valid_until_json ? (JSON.parse(row.valid_until_json) as Anchor) : null,
      source: { document: row.source_number, issuer: row.source_issuer, issuedOn: row.source_issued_on, section: row.source_section },
      approved: approved ? toRevision(approved) : null,
      latest: toRevision(latest),
      updatedAt: row.updated_at,
    };
  }
}

function toRevision(row: RevisionRow): Revision {
  return {
    id: row.id,
    number: row.revision,
    text: row.text,
    title: row.title,
    media: revisionMediaOf(row),
    sha256: row.text_sha256,
    status: row.status,
    createdBy: row.created_by_name,
    createdAt: row.created_at,
    submittedBy: row.submitted_by_name,
    submittedAt: row.submitted_at,
  };
}

function toDecision(row: DecisionRow): Decision {
  return {
    id: row.id,
    revisionId: row.revision_id,
    revisionNumber: row.revision,
    decision: row.decision,
    reason: row.reason,
    by: row.actor,
    at: row.at,
  };
}

function toSlogan(row: SloganRow): PlayableSlogan {
  return {
    id: row.id,
    key: row.key,
    text: row.text,
    status: row.status,
    tags: JSON.parse(row.tags_json) as string[],
    revisionId: row.revision_id,
    source: { document: row.source_number, issuer: row.source_issuer, issuedOn: row.source_issued_on, section: row.source_section },
  };
}
