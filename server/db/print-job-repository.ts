import type { ExpressionBuilder } from 'kysely';
import { atomically, engineKind, type Queryable, type Schema } from './engine.js';
import {
  BackdropRecordSchema,
  PanelRecordSchema,
  PrintSettingsSchema,
  type Artwork,
  type BackdropRecord,
  type PanelRecord,
  type PrintFile,
  type PrintJob,
  type PrintJobItem,
  type PrintJobStatus,
  type PrintSettings,
} from '../protocol/print.js';

interface JobRow {
  id: number;
  status: Exclude<PrintJobStatus, 'awaiting-approval'>;
  settings_json: string;
  created_by: number | null;
  created_by_name: string;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  progress_done: number;
  progress_total: number;
  progress_unit: 'page' | 'strip';
  error: string | null;
  files_json: string;
  deleted_at: string | null;
  artwork: Artwork;
  artwork_json: string | null;
  approval_required: 0 | 1;
  approval_decision: 'approved' | 'rejected' | null;
  approval_by_name: string | null;
  approval_at: string | null;
  approval_reason: string | null;
  progress_eta_at: string | null;
}

interface ItemRow {
  item_id: number;
  key: string;
  revision_id: number;
  text_sha256: string;
  text: string;
}

export interface NewPrintJob {
  settings: PrintSettings;
  /** Banners, in print order; each an approved revision and the hash of the text that will be drawn. */
  items: readonly Omit<PrintJobItem, 'text' | 'key'>[];
  /** Other artworks: what will be drawn, recorded whole. */
  artwork?: { backdrop: BackdropRecord } | { panel: PanelRecord };
  createdBy: { id: number; name: string };
  /** Free text no approver has seen: the job waits for an approver other than its creator. */
  approvalRequired?: boolean;
}

export interface PrintDecision {
  by: { id: number; name: string };
  reason: string;
  at: Date;
}

/** A node's hold on a running job: until `at` + `ms`, renewed by its heartbeat. */
export interface Lease {
  nodeId: string;
  at: Date;
  ms: number;
}

/** What a heartbeat found: still ours, cancelled meanwhile (ours to clean up), or another node's. */
export type LeaseState = 'held' | 'cancelled' | 'lost';

export interface ClaimCandidate {
  id: number;
  owner: number | null;
}

/** A photo panel job as a slideshow sees it. */
export interface PhotoPanelRecord {
  id: number;
  title: string;
  createdAt: string;
  /** Photo ids (SHA-256) in the panel's reading order. */
  photoIds: string[];
}

function toPanel(r: { id: number; created_at: string; artwork_json: string }): PhotoPanelRecord {
  const panel = PanelRecordSchema.parse(JSON.parse(r.artwork_json));
  return { id: r.id, title: panel.title, createdAt: r.created_at, photoIds: panel.photos.map((p) => p.id) };
}

/** A job may run when it needs no approval or has it; the runner's queries all use this. */
const runnable = (eb: ExpressionBuilder<Schema, 'print_jobs'>) => eb.or([eb('approval_required', '=', 0), eb('approval_decision', '=', 'approved')]);

/** Not created by `userId` (a job of a deleted user has no creator): four eyes. */
const notCreatedBy = (userId: number) => (eb: ExpressionBuilder<Schema, 'print_jobs'>) => eb.or([eb('created_by', 'is', null), eb('created_by', '<>', userId)]);

/** Print jobs and the revisions they print. Callers wrap changes in a transaction with their audit row. */
export class PrintJobRepository {
  constructor(private readonly q: Queryable) {}

  create(job: NewPrintJob, at: Date): Promise<PrintJob> {
    const [artwork, record]: [Artwork, unknown] = !job.artwork
      ? ['banner', null]
      : 'backdrop' in job.artwork
        ? ['backdrop', job.artwork.backdrop]
        : ['photo-panel', job.artwork.panel];
    return atomically(this.q, async (tx) => {
      const { id } = await tx
        .insertInto('print_jobs')
        .values({
          status: 'queued',
          settings_json: JSON.stringify(job.settings),
          created_by: job.createdBy.id,
          created_by_name: job.createdBy.name,
          created_at: at.toISOString(),
          artwork,
          artwork_json: record === null ? null : JSON.stringify(record),
          approval_required: job.approvalRequired ? 1 : 0,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (job.items.length > 0) {
        await tx
          .insertInto('print_job_items')
          .values(job.items.map((item, position) => ({ job_id: id, position, item_id: item.itemId, revision_id: item.revisionId, text_sha256: item.textSha256 })))
          .execute();
      }
      return (await new PrintJobRepository(tx).get(id))!;
    });
  }

  async get(id: number): Promise<PrintJob | undefined> {
    const row = await this.q.selectFrom('print_jobs').selectAll().where('id', '=', id).executeTakeFirst();
    return row && this.toJob(row as JobRow);
  }

  /** Newest first. */
  async list(limit: number): Promise<PrintJob[]> {
    const rows = await this.q.selectFrom('print_jobs').selectAll().orderBy('id', 'desc').limit(limit).execute();
    return Promise.all(rows.map((r) => this.toJob(r as JobRow)));
  }

  /** Jobs waiting to run with their creators, oldest first; the runner picks among them in a fair order. */
  queuedJobs(): Promise<{ id: number; owner: number | null }[]> {
    return this.q
      .selectFrom('print_jobs')
      .select(['id', 'created_by as owner'])
      .where('status', '=', 'queued')
      .where(runnable)
      .orderBy('id')
      .execute();
  }

  /**
   * A user's jobs not yet ended (queued, awaiting approval or running): their settings and page
   * counts. In a transaction on PostgreSQL the user's row is locked first, so that two requests
   * of one user checking their limits take turns (SQLite's IMMEDIATE transaction already does).
   */
  async pendingOf(userId: number): Promise<{ settings: PrintSettings; pages: number }[]> {
    if (this.q.isTransaction && engineKind(this.q) === 'postgres') {
      await this.q.selectFrom('users').select('id').where('id', '=', userId).forUpdate().execute();
    }
    const rows = await this.q
      .selectFrom('print_jobs')
      .select((eb) => [
        'settings_json',
        eb.selectFrom('print_job_items').select((e) => e.fn.countAll<number>().as('n')).whereRef('print_job_items.job_id', '=', 'print_jobs.id').as('pages'),
      ])
      .where('created_by', '=', userId)
      .where('status', 'in', ['queued', 'running'])
      .execute();
    return rows.map((r) => ({ settings: PrintSettingsSchema.parse(JSON.parse(r.settings_json)), pages: Number(r.pages) }));
  }

  /**
   * Takes the next job for `lease.nodeId`: a queued job that may run, or a running one whose lease
   * ran out (its node died, or stopped and gave it up); `pick` chooses among them (the fair order).
   * The job resumes from its finished files. The chosen job is locked by one statement, on
   * PostgreSQL FOR UPDATE SKIP LOCKED: a job another node is claiming at this moment is skipped
   * (the next choice is tried) instead of waited for; on SQLite the IMMEDIATE transaction already
   * serialises claims. Undefined: nothing to claim.
   */
  claim(lease: Lease, pick: (candidates: ClaimCandidate[]) => ClaimCandidate | undefined): Promise<{ job: PrintJob; owner: number | null; previous: string | null } | undefined> {
    const now = lease.at.toISOString();
    const claimable = (eb: ExpressionBuilder<Schema, 'print_jobs'>) =>
      eb.and([runnable(eb), eb.or([eb('status', '=', 'queued'), eb.and([eb('status', '=', 'running'), eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)])])])]);
    return atomically(this.q, async (tx) => {
      let candidates = await tx.selectFrom('print_jobs').select(['id', 'created_by as owner']).where(claimable).orderBy('id').execute();
      for (;;) {
        const chosen = pick(candidates);
        if (!chosen) return undefined;
        let lock = tx.selectFrom('print_jobs').select(['id', 'claimed_by']).where('id', '=', chosen.id).where(claimable);
        if (engineKind(tx) === 'postgres') lock = lock.forUpdate().skipLocked();
        const locked = await lock.executeTakeFirst();
        if (!locked) {
          candidates = candidates.filter((c) => c.id !== chosen.id);
          continue;
        }
        await tx
          .updateTable('print_jobs')
          .set((eb) => ({
            status: 'running',
            started_at: eb.fn.coalesce('started_at', eb.val(now)),
            error: null,
            claimed_by: lease.nodeId,
            lease_until: new Date(lease.at.getTime() + lease.ms).toISOString(),
            heartbeat_at: now,
          }))
          .where('id', '=', chosen.id)
          .execute();
        return { job: (await new PrintJobRepository(tx).get(chosen.id))!, owner: chosen.owner, previous: locked.claimed_by };
      }
    });
  }

  /** The heartbeat: extends the lease while the job runs under it (an expired lease no other node took is still ours). */
  async renewLease(id: number, lease: Lease): Promise<LeaseState> {
    const renewed = await this.q
      .updateTable('print_jobs')
      .set({ lease_until: new Date(lease.at.getTime() + lease.ms).toISOString(), heartbeat_at: lease.at.toISOString() })
      .where('id', '=', id)
      .where('claimed_by', '=', lease.nodeId)
      .where('status', '=', 'running')
      .executeTakeFirst();
    if (Number(renewed.numUpdatedRows) === 1) return 'held';
    const row = await this.q.selectFrom('print_jobs').select(['status', 'claimed_by']).where('id', '=', id).executeTakeFirst();
    return row?.status === 'cancelled' && row.claimed_by === lease.nodeId ? 'cancelled' : 'lost';
  }

  /** Gives a job up: one still running is at once free for any node (a shutdown, a cancel cleaned up). */
  async release(id: number, nodeId: string): Promise<void> {
    await this.q.updateTable('print_jobs').set({ claimed_by: null, lease_until: null }).where('id', '=', id).where('claimed_by', '=', nodeId).execute();
  }

  /** Who holds job `id` and until when; undefined when no such job. */
  async lease(id: number): Promise<{ claimedBy: string | null; until: string | null } | undefined> {
    const row = await this.q.selectFrom('print_jobs').select(['claimed_by', 'lease_until']).where('id', '=', id).executeTakeFirst();
    return row && { claimedBy: row.claimed_by, until: row.lease_until };
  }

  /** The nodes holding running jobs. */
  async leaseHolders(): Promise<string[]> {
    const rows = await this.q.selectFrom('print_jobs').select('claimed_by').distinct().where('status', '=', 'running').where('claimed_by', 'is not', null).execute();
    return rows.map((r) => r.claimed_by!);
  }

  /** Ends the leases of nodes known dead (a restarted process of this machine): their jobs resume at once. */
  async expireLeases(nodeIds: readonly string[]): Promise<number> {
    if (nodeIds.length === 0) return 0;
    const result = await this.q.updateTable('print_jobs').set({ lease_until: null }).where('status', '=', 'running').where('claimed_by', 'in', nodeIds).executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /**
   * Saves how far a job is. With `by`, only while that node holds the job (a node that lost it must
   * not overwrite its successor's progress), and with when it expects to finish, so that any node
   * answers the job's ETA.
   */
  async setProgress(id: number, done: number, total: number, unit: 'page' | 'strip', by?: { nodeId: string; etaAt: string | null }): Promise<void> {
    let update = this.q
      .updateTable('print_jobs')
      .set({ progress_done: done, progress_total: total, progress_unit: unit, ...(by ? { progress_eta_at: by.etaAt } : {}) })
      .where('id', '=', id);
    if (by) update = update.where('claimed_by', '=', by.nodeId);
    await update.execute();
  }

  /**
   * Ends a job that is still queued or running; false if it had already ended. With `holder`, only
   * while that node holds the job's lease, checked in this very statement: a node that lost the
   * job never records its result. The holder gives the lease up with it.
   */
  async finish(id: number, status: 'done' | 'failed' | 'cancelled', at: Date, result: { files?: PrintFile[]; error?: string } = {}, holder?: string): Promise<boolean> {
    let update = this.q
      .updateTable('print_jobs')
      .set({
        status,
        finished_at: at.toISOString(),
        files_json: JSON.stringify(result.files ?? []),
        error: result.error ?? null,
        ...(holder ? { claimed_by: null, lease_until: null } : {}),
      })
      .where('id', '=', id);
    update = holder ? update.where('status', '=', 'running').where('claimed_by', '=', holder) : update.where('status', 'in', ['queued', 'running']);
    const updated = await update.executeTakeFirst();
    return Number(updated.numUpdatedRows) === 1;
  }

  /**
   * Approves a job awaiting approval; false if it is not awaiting (decided, cancelled) or the
   * approver created it: four eyes are kept here too, not only by the route.
   */
  approve(id: number, d: PrintDecision): Promise<boolean> {
    return this.decide(id, d, { approval_decision: 'approved' });
  }

  /** Rejects a job awaiting approval: it ends cancelled, never having run. Same guards as approve. */
  reject(id: number, d: PrintDecision): Promise<boolean> {
    return this.decide(id, d, { approval_decision: 'rejected', status: 'cancelled', finished_at: d.at.toISOString() });
  }

  /** One decision on a job still awaiting one, never by the job's creator. */
  private async decide(
    id: number,
    d: PrintDecision,
    outcome: { approval_decision: 'approved' | 'rejected'; status?: 'cancelled'; finished_at?: string },
  ): Promise<boolean> {
    const result = await this.q
      .updateTable('print_jobs')
      .set({ ...outcome, approval_by: d.by.id, approval_by_name: d.by.name, approval_at: d.at.toISOString(), approval_reason: d.reason })
      .where('id', '=', id)
      .where('status', '=', 'queued')
      .where('approval_required', '=', 1)
      .where('approval_decision', 'is', null)
      .where(notCreatedBy(d.by.id))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /**
   * Photo panels whose files are not deleted, newest first: what a schedule may show as a
   * slideshow. Only the photos' order is needed there; the title names the panel to a person.
   */
  async photoPanels(): Promise<PhotoPanelRecord[]> {
    const rows = await this.q
      .selectFrom('print_jobs')
      .select(['id', 'created_at', 'artwork_json'])
      .where('artwork', '=', 'photo-panel')
      .where('deleted_at', 'is', null)
      .orderBy('id', 'desc')
      .execute();
    return rows.map((r) => toPanel(r as { id: number; created_at: string; artwork_json: string }));
  }

  async photoPanel(id: number): Promise<PhotoPanelRecord | undefined> {
    const row = await this.q
      .selectFrom('print_jobs')
      .select(['id', 'created_at', 'artwork_json'])
      .where('id', '=', id)
      .where('artwork', '=', 'photo-panel')
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    return row && toPanel(row as { id: number; created_at: string; artwork_json: string });
  }

  async markDeleted(id: number, at: Date): Promise<void> {
    await this.q.updateTable('print_jobs').set({ deleted_at: at.toISOString(), files_json: '[]' }).where('id', '=', id).execute();
  }

  private async toJob(row: JobRow): Promise<PrintJob> {
    const items: ItemRow[] = await this.q
      .selectFrom('print_job_items as p')
      .innerJoin('content_items as i', 'i.id', 'p.item_id')
      .innerJoin('content_revisions as r', 'r.id', 'p.revision_id')
      .select(['p.item_id', 'i.key', 'p.revision_id', 'p.text_sha256', 'r.text'])
      .where('p.job_id', '=', row.id)
      .orderBy('p.position')
      .execute();
    const awaiting = row.status === 'queued' && row.approval_required === 1 && row.approval_decision !== 'approved';
    return {
      id: row.id,
      status: awaiting ? 'awaiting-approval' : row.status,
      artwork: row.artwork,
      settings: PrintSettingsSchema.parse(JSON.parse(row.settings_json)),
      items: items.map((i) => ({ itemId: i.item_id, key: i.key, revisionId: i.revision_id, textSha256: i.text_sha256, text: i.text })),
      backdrop: row.artwork === 'backdrop' ? BackdropRecordSchema.parse(JSON.parse(row.artwork_json!)) : null,
      panel: row.artwork === 'photo-panel' ? PanelRecordSchema.parse(JSON.parse(row.artwork_json!)) : null,
      createdBy: row.created_by_name,
      createdById: row.created_by,
      createdAt: row.created_at,
      approval:
        row.approval_required === 1
          ? { decision: row.approval_decision, by: row.approval_by_name, at: row.approval_at, reason: row.approval_reason }
          : null,
      startedAt: row.started_at,
      finishedAt: row.finished_at,
      progress: { done: row.progress_done, total: row.progress_total, unit: row.progress_unit, etaSeconds: etaSeconds(row) },
      error: row.error,
      files: JSON.parse(row.files_json) as PrintFile[],
      deleted: row.deleted_at !== null,
    };
  }
}

/** Seconds left by the running node's last estimate, counted from now on whichever node answers. */
function etaSeconds(row: Pick<JobRow, 'status' | 'progress_eta_at'>): number | null {
  if (row.status !== 'running' || !row.progress_eta_at) return null;
  return Math.max(0, Math.round((Date.parse(row.progress_eta_at) - Date.now()) / 1000));
}
