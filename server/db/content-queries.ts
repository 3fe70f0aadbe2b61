/**
 * The register's reads, shared by ContentRepository's queries and its changes (which read an
 * item's state inside their own transaction): each function runs on the queryable it is given.
 */
import type { Selectable } from 'kysely';
import type { ContentStatus, Slogan } from '../protocol/api.js';
import type { Anchor } from '../protocol/plan.js';
import type { Decision, DecisionKind, Item, ItemKind, Revision, RevisionStatus } from '../protocol/content.js';
import type { WorkflowState } from '../domain/workflow.js';
import type { Queryable } from './engine.js';
import type { ContentItems } from './schema.js';
import { REVISION_MEDIA_COLUMNS, revisionMediaOf } from './revision-media.js';

export type ItemRow = Selectable<ContentItems>;

/** A slogan together with the revision that screens and prints may use. */
export interface PlayableSlogan extends Slogan {
  revisionId: number;
}

/** Slogans with the revision they show: the approved one, else the newest. */
export function selectSlogans(q: Queryable) {
  return q
    .selectFrom('content_items as i')
    .innerJoin('content_revisions as r', (join) =>
      join.on((eb) =>
        eb(
          'r.id',
          '=',
          eb.fn.coalesce(
            'i.approved_revision_id',
            eb
              .selectFrom('content_revisions as newest')
              .select((e) => e.fn.max('newest.id').as('id'))
              .whereRef('newest.item_id', '=', 'i.id'),
          ),
        ),
      ),
    )
    .select(['i.id', 'i.key', 'i.status', 'i.tags_json', 'i.source_section', 'i.source_number', 'i.source_issuer', 'i.source_issued_on', 'r.text', 'r.id as revision_id'])
    .where('i.kind', '=', 'slogan');
}

export type SloganRow = Awaited<ReturnType<ReturnType<typeof selectSlogans>['executeTakeFirstOrThrow']>>;

/** Revisions with their authors' names and their file, if any. */
export function selectRevisions(q: Queryable) {
  return q
    .selectFrom('content_revisions as r')
    .leftJoin('users as cu', 'cu.id', 'r.created_by')
    .leftJoin('users as su', 'su.id', 'r.submitted_by')
    .leftJoin('content_revision_media as m', 'm.revision_id', 'r.id')
    .selectAll('r')
    .select(['cu.username as created_by_name', 'su.username as submitted_by_name', ...REVISION_MEDIA_COLUMNS]);
}

export type RevisionRow = Awaited<ReturnType<ReturnType<typeof selectRevisions>['executeTakeFirstOrThrow']>>;

export function itemRow(q: Queryable, id: number): Promise<ItemRow | undefined> {
  return q.selectFrom('content_items').selectAll().where('id', '=', id).executeTakeFirst();
}

export function latestRevision(q: Queryable, itemId: number): Promise<RevisionRow | undefined> {
  return selectRevisions(q).where('r.item_id', '=', itemId).orderBy('r.revision', 'desc').limit(1).executeTakeFirst();
}

/** What the workflow rules need to know about an item. */
export async function workflowStateOf(q: Queryable, id: number): Promise<WorkflowState | undefined> {
  const row = await itemRow(q, id);
  const latest = row && (await latestRevision(q, id));
  if (!row || !latest) return undefined;
  return {
    retired: row.status === 'retired',
    hasApproved: row.approved_revision_id !== null,
    latest: { status: latest.status as RevisionStatus, createdBy: latest.created_by, submittedBy: latest.submitted_by },
  };
}

/** Items ids per statement when their revisions are read: well under either engine's parameter limit. */
const ITEMS_PER_READ = 500;

/** The items of `rows`, in their order, each with its latest and approved revision (one statement per 500 items). */
export async function toItems(q: Queryable, rows: ItemRow[]): Promise<Item[]> {
  const revisions = new Map<number, RevisionRow>();
  for (let start = 0; start < rows.length; start += ITEMS_PER_READ) {
    const ids = rows.slice(start, start + ITEMS_PER_READ).map((row) => row.id);
    const found = await selectRevisions(q)
      .innerJoin('content_items as i', 'i.id', 'r.item_id')
      .where('r.item_id', 'in', ids)
      .where((eb) =>
        eb.or([
          eb('r.id', '=', eb.ref('i.approved_revision_id')),
          eb('r.revision', '=', eb.selectFrom('content_revisions as newest').select((e) => e.fn.max('newest.revision').as('revision')).whereRef('newest.item_id', '=', 'r.item_id')),
        ]),
      )
      .execute();
    for (const revision of found) revisions.set(revision.id, revision);
  }
  const latestOf = new Map<number, RevisionRow>();
  for (const revision of revisions.values()) {
    const seen = latestOf.get(revision.item_id);
    if (!seen || seen.revision < revision.revision) latestOf.set(revision.item_id, revision);
  }
  return rows.map((row) => {
    const approved = row.approved_revision_id === null ? undefined : revisions.get(row.approved_revision_id);
    return {
      id: row.id,
      key: row.key,
      kind: row.kind as ItemKind,
      status: row.status as ContentStatus,
      tags: JSON.parse(row.tags_json) as string[],
      celebratory: row.celebratory === 1,
      events: JSON.parse(row.events_json) as string[],
      places: JSON.parse(row.places_json) as string[],
      validFrom: row.valid_from_json ? (JSON.parse(row.valid_from_json) as Anchor) : null,
      validUntil: row.valid_until_json ? (JSON.parse(row.valid_until_json) as Anchor) : null,
      source: { document: row.source_number, issuer: row.source_issuer, issuedOn: row.source_issued_on, section: row.source_section },
      approved: approved ? toRevision(approved) : null,
      latest: toRevision(latestOf.get(row.id)!),
      updatedAt: row.updated_at,
    };
  });
}

export function toRevision(row: RevisionRow): Revision {
  return {
    id: row.id,
    number: row.revision,
    text: row.text,
    title: row.title,
    media: revisionMediaOf(row),
    sha256: row.text_sha256,
    status: row.status as RevisionStatus,
    createdBy: row.created_by_name,
    createdAt: row.created_at,
    submittedBy: row.submitted_by_name,
    submittedAt: row.submitted_at,
  };
}

export function decisionsOf(q: Queryable, itemId: number): Promise<Decision[]> {
  return q
    .selectFrom('content_decisions as d')
    .innerJoin('content_revisions as r', 'r.id', 'd.revision_id')
    .select(['d.id', 'd.revision_id', 'r.revision', 'd.decision', 'd.reason', 'd.actor', 'd.at'])
    .where('d.item_id', '=', itemId)
    .orderBy('d.id')
    .execute()
    .then((rows) =>
      rows.map((row) => ({
        id: row.id,
        revisionId: row.revision_id,
        revisionNumber: row.revision,
        decision: row.decision as DecisionKind,
        reason: row.reason,
        by: row.actor,
        at: row.at,
      })),
    );
}

export function toSlogan(row: SloganRow): PlayableSlogan {
  return {
    id: row.id,
    key: row.key,
    text: row.text,
    status: row.status as ContentStatus,
    tags: JSON.parse(row.tags_json) as string[],
    revisionId: row.revision_id,
    source: { document: row.source_number, issuer: row.source_issuer, issuedOn: row.source_issued_on, section: row.source_section },
  };
}
