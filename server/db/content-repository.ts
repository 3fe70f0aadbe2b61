import { createHash } from 'node:crypto';
import type { Anchor } from '../protocol/plan.js';
import type { DecisionKind, Item, ItemDetail, ItemKind, ItemListQuery } from '../protocol/content.js';
import type { RevisionMedia } from '../protocol/media.js';
import { itemStatus, type WorkflowState } from '../domain/workflow.js';
import { atomically, engineKind, type Queryable } from './engine.js';
import { sql, type Expression, type RawBuilder } from 'kysely';
import { jsonArrayHas, likeEscape } from './dialect.js';
import { saveRevisionMedia } from './revision-media.js';
import {
  decisionsOf,
  itemRow,
  latestRevision,
  selectRevisions,
  selectSlogans,
  toItems,
  toRevision,
  toSlogan,
  workflowStateOf,
  type PlayableSlogan,
} from './content-queries.js';

export type { PlayableSlogan } from './content-queries.js';

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

export function sha256(s: string): string {
  return createHash('sha256').update(s, 'utf8').digest('hex');
}

/** The register: items, their revisions and decisions. Callers wrap changes in a transaction with their audit row. */
export class ContentRepository {
  constructor(private readonly q: Queryable) {}

  async listSlogans(): Promise<PlayableSlogan[]> {
    return (await selectSlogans(this.q).orderBy('i.id').execute()).map(toSlogan);
  }

  /** Only approved items, with their approved revision: the one gate to screens and print. */
  async listApprovedSlogans(): Promise<PlayableSlogan[]> {
    // Both conditions must hold: the item is live and names the revision that was approved.
    const rows = await selectSlogans(this.q).where('i.status', '=', 'approved').where('i.approved_revision_id', 'is not', null).orderBy('i.id').execute();
    return rows.map(toSlogan);
  }

  /** Finds a slogan by numeric id or by its plan key (e.g. "kh-01"). */
  async findSlogan(ref: string): Promise<PlayableSlogan | undefined> {
    const row = await (/^\d+$/.test(ref) ? selectSlogans(this.q).where('i.id', '=', Number(ref)) : selectSlogans(this.q).where('i.key', '=', ref)).executeTakeFirst();
    return row ? toSlogan(row) : undefined;
  }

  async listItems(query: ItemListQuery): Promise<Item[]> {
    const kind = engineKind(this.q);
    let select = this.q.selectFrom('content_items as i').selectAll('i');
    if (query.status) {
      const status = query.status;
      // "submitted" also finds approved items with an edit in review: what an approver looks for.
      select = select.where((eb) =>
        eb.or([
          eb('i.status', '=', status),
          eb(eb.selectFrom('content_revisions as newest').select('newest.status').whereRef('newest.item_id', '=', 'i.id').orderBy('newest.revision', 'desc').limit(1), '=', status),
        ]),
      );
    }
    if (query.kind) select = select.where('i.kind', '=', query.kind);
    if (query.event) select = select.where(jsonArrayHas(kind, 'i.events_json', query.event));
    if (query.tag) select = select.where(jsonArrayHas(kind, 'i.tags_json', query.tag));
    if (query.source) select = select.where('i.source_number', '=', query.source);
    if (query.q) {
      const pattern = `%${likeEscape(query.q.normalize('NFC'))}%`;
      select = select.where(({ exists, selectFrom }) =>
        exists(
          selectFrom('content_revisions as r')
            .select('r.id')
            .whereRef('r.item_id', '=', 'i.id')
            .where((eb) => eb.or([containsWords(eb.ref('r.text'), pattern), containsWords(eb.ref('r.title'), pattern)])),
        ),
      );
    }
    return toItems(this.q, await select.orderBy('i.id').execute());
  }

  async getItem(id: number): Promise<Item | undefined> {
    const row = await itemRow(this.q, id);
    return row && (await toItems(this.q, [row]))[0];
  }

  async getDetail(id: number): Promise<ItemDetail | undefined> {
    const item = await this.getItem(id);
    if (!item) return undefined;
    const revisions = (await selectRevisions(this.q).where('r.item_id', '=', id).orderBy('r.revision').execute()).map(toRevision);
    const decisions = await decisionsOf(this.q, id);
    return { ...item, revisions, decisions };
  }

  async findByKey(key: string): Promise<Item | undefined> {
    const row = await this.q.selectFrom('content_items').selectAll().where('key', '=', key).executeTakeFirst();
    return row && (await toItems(this.q, [row]))[0];
  }

  /**
   * Approvals no person gave: an approved revision with no 'approve' decision by a user (before
   * version 10 the seed plan's items were stored approved, by the plan itself). Each goes back
   * to submitted, so an approver decides; returns the items changed, for the audit log.
   */
  withdrawApprovalsWithoutPerson(at: Date): Promise<{ id: number; key: string; revisionId: number }[]> {
    const now = at.toISOString();
    return atomically(this.q, async (tx) => {
      const rows = await tx
        .selectFrom('content_items as i')
        .select(['i.id', 'i.key', 'i.approved_revision_id as revision_id'])
        .where('i.approved_revision_id', 'is not', null)
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('content_decisions as d')
                .select('d.id')
                .whereRef('d.revision_id', '=', 'i.approved_revision_id')
                .where('d.decision', '=', 'approve')
                .where('d.user_id', 'is not', null),
            ),
          ),
        )
        .orderBy('i.id')
        .execute();
      for (const r of rows) {
        await tx
          .updateTable('content_revisions')
          .set((eb) => ({ status: 'submitted', submitted_at: eb.fn.coalesce('submitted_at', eb.val(now)) }))
          .where('id', '=', r.revision_id!)
          .execute();
        await tx.updateTable('content_items').set({ approved_revision_id: null }).where('id', '=', r.id).execute();
        await refreshStatus(tx, r.id, now);
      }
      return rows.map((r) => ({ id: r.id, key: r.key, revisionId: r.revision_id! }));
    });
  }

  async keyExists(key: string): Promise<boolean> {
    return (await this.q.selectFrom('content_items').select('id').where('key', '=', key).executeTakeFirst()) !== undefined;
  }

  /** `base`, or `base-2`, `base-3` … whichever is free. */
  async freeKey(base: string): Promise<string> {
    let key = base;
    for (let n = 2; await this.keyExists(key); n++) key = `${base.slice(0, 60)}-${n}`;
    return key;
  }

  /** What the workflow rules need to know about an item. */
  workflowState(id: number): Promise<WorkflowState | undefined> {
    return workflowStateOf(this.q, id);
  }

  /** A new item with its first revision, a draft or submitted: approval is always a person's decision. */
  create(item: NewItem, by: Actor | null, at: Date, revisionStatus: 'draft' | 'submitted' = 'draft'): Promise<number> {
    const now = at.toISOString();
    return atomically(this.q, async (tx) => {
      const { id } = await tx
        .insertInto('content_items')
        .values({
          key: item.key,
          kind: item.kind,
          status: 'draft',
          tags_json: JSON.stringify(item.tags),
          celebratory: item.celebratory ? 1 : 0,
          events_json: JSON.stringify(item.events),
          places_json: JSON.stringify(item.places),
          valid_from_json: item.validFrom ? JSON.stringify(item.validFrom) : null,
          valid_until_json: item.validUntil ? JSON.stringify(item.validUntil) : null,
          source_document_id: item.sourceDocumentId,
          source_number: item.source.document,
          source_issuer: item.source.issuer,
          source_issued_on: item.source.issuedOn,
          source_section: item.source.section,
          created_by: by?.id ?? null,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const revisionId = await insertRevision(tx, id, 1, item.text, item.title, by, now);
      if (item.media) await saveRevisionMedia(tx, revisionId, item.media);
      if (revisionStatus === 'submitted') await markSubmitted(tx, revisionId, by, now);
      await refreshStatus(tx, id, now);
      return id;
    });
  }

  /** New text (and file): rewrites the open draft, or starts the next revision after a decision. */
  revise(id: number, text: string, title: string | null, by: Actor, at: Date, newRevision: boolean, media?: RevisionMedia): Promise<void> {
    const now = at.toISOString();
    return atomically(this.q, async (tx) => {
      const latest = (await latestRevision(tx, id))!;
      if (newRevision) {
        const revisionId = await insertRevision(tx, id, latest.revision + 1, text, title, by, now);
        if (media) await saveRevisionMedia(tx, revisionId, media);
      } else {
        if (media) await saveRevisionMedia(tx, latest.id, media);
        // Whoever rewrites a draft is its author from now on, so they cannot approve it either.
        await tx
          .updateTable('content_revisions')
          .set({ text, title, text_sha256: sha256(text), created_by: by.id, created_at: now })
          .where('id', '=', latest.id)
          .execute();
      }
      await refreshStatus(tx, id, now);
    });
  }

  submit(id: number, by: Actor, at: Date): Promise<void> {
    const now = at.toISOString();
    return atomically(this.q, async (tx) => {
      const latest = (await latestRevision(tx, id))!;
      await markSubmitted(tx, latest.id, by, now);
      await recordDecision(tx, id, latest.id, 'submit', '', by, now);
      await refreshStatus(tx, id, now);
    });
  }

  /** Approves or rejects the revision in review; an approval replaces what screens play. */
  decide(id: number, decision: 'approve' | 'reject', reason: string, by: Actor, at: Date): Promise<void> {
    const now = at.toISOString();
    return atomically(this.q, async (tx) => {
      const latest = (await latestRevision(tx, id))!;
      await tx
        .updateTable('content_revisions')
        .set({ status: decision === 'approve' ? 'approved' : 'rejected' })
        .where('id', '=', latest.id)
        .execute();
      if (decision === 'approve') await tx.updateTable('content_items').set({ approved_revision_id: latest.id }).where('id', '=', id).execute();
      await recordDecision(tx, id, latest.id, decision, reason, by, now);
      await refreshStatus(tx, id, now);
    });
  }

  retire(id: number, reason: string, by: Actor, at: Date): Promise<void> {
    const now = at.toISOString();
    return atomically(this.q, async (tx) => {
      const latest = (await latestRevision(tx, id))!;
      await tx.updateTable('content_items').set({ status: 'retired', updated_at: now }).where('id', '=', id).execute();
      await recordDecision(tx, id, latest.id, 'retire', reason, by, now);
    });
  }
}

async function insertRevision(q: Queryable, itemId: number, n: number, text: string, title: string | null, by: Actor | null, now: string): Promise<number> {
  const { id } = await q
    .insertInto('content_revisions')
    .values({ item_id: itemId, revision: n, text, title, text_sha256: sha256(text), status: 'draft', created_by: by?.id ?? null, created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

async function markSubmitted(q: Queryable, revisionId: number, by: Actor | null, now: string): Promise<void> {
  await q
    .updateTable('content_revisions')
    .set({ status: 'submitted', submitted_by: by?.id ?? null, submitted_at: now })
    .where('id', '=', revisionId)
    .execute();
}

async function recordDecision(q: Queryable, itemId: number, revisionId: number, decision: DecisionKind, reason: string, by: Actor, now: string): Promise<void> {
  await q
    .insertInto('content_decisions')
    .values({ item_id: itemId, revision_id: revisionId, decision, reason, user_id: by.id, actor: by.username, at: now })
    .execute();
}

async function refreshStatus(q: Queryable, id: number, now: string): Promise<void> {
  const state = (await workflowStateOf(q, id))!;
  await q.updateTable('content_items').set({ status: itemStatus(state), updated_at: now }).where('id', '=', id).execute();
}

/**
 * `column` contains `pattern` (a LIKE pattern, `\` escapes), ignoring case as the engine folds it:
 * lower() on both sides, in SQL, so that both fold alike (SQLite ASCII letters only, PostgreSQL all
 * of Unicode). dialect.ts's containsText lowers the pattern in JavaScript instead, so on SQLite
 * "Đại hội" would no longer find "Đại hội" (its lower() leaves Đ as it is).
 */
function containsWords(column: Expression<string | null>, pattern: string): RawBuilder<boolean> {
  return sql<boolean>`lower(${column}) LIKE lower(${pattern}) ESCAPE '\\'`;
}
