import type { Db } from './database.js';
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
const RUNNABLE = `(approval_required = 0 OR approval_decision = 'approved')`;

/** Print jobs and the revisions they print. Callers wrap changes in a transaction with their audit row. */
export class PrintJobRepository {
  constructor(private readonly db: Db) {}

  create(job: NewPrintJob, at: Date): PrintJob {
    const [artwork, record]: [Artwork, unknown] = !job.artwork
      ? ['banner', null]
      : 'backdrop' in job.artwork
        ? ['backdrop', job.artwork.backdrop]
        : ['photo-panel', job.artwork.panel];
    const id = Number(
      this.db
        .prepare(
          `INSERT INTO print_jobs (status, settings_json, created_by, created_by_name, created_at, artwork, artwork_json, approval_required)
           VALUES ('queued', ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          JSON.stringify(job.settings),
          job.createdBy.id,
          job.createdBy.name,
          at.toISOString(),
          artwork,
          record === null ? null : JSON.stringify(record),
          job.approvalRequired ? 1 : 0,
        )
        .lastInsertRowid,
    );
    const insert = this.db.prepare(`INSERT INTO print_job_items (job_id, position, item_id, revision_id, text_sha256) VALUES (?, ?, ?, ?, ?)`);
    job.items.forEach((item, position) => insert.run(id, position, item.itemId, item.revisionId, item.textSha256));
    return this.get(id)!;
  }

  get(id: number): PrintJob | undefined {
    const row = this.db.prepare<[number], JobRow>('SELECT * FROM print_jobs WHERE id = ?').get(id);
    return row && this.toJob(row);
  }

  /** Newest first. */
  list(limit: number): PrintJob[] {
    return this.db.prepare<[number], JobRow>('SELECT * FROM print_jobs ORDER BY id DESC LIMIT ?').all(limit).map((r) => this.toJob(r));
  }

  /** Jobs waiting to run with their creators, oldest first; the runner picks among them in a fair order. */
  queuedJobs(): { id: number; owner: number | null }[] {
    return this.db
      .prepare<[], { id: number; owner: number | null }>(`SELECT id, created_by AS owner FROM print_jobs WHERE status = 'queued' AND ${RUNNABLE} ORDER BY id`)
      .all();
  }

  /** A user's jobs not yet ended (queued, awaiting approval or running): their settings and page counts. */
  pendingOf(userId: number): { settings: PrintSettings; pages: number }[] {
    return this.db
      .prepare<[number], { settings_json: string; pages: number }>(
        `SELECT settings_json, (SELECT count(*) FROM print_job_items WHERE job_id = print_jobs.id) AS pages
         FROM print_jobs WHERE created_by = ? AND status IN ('queued', 'running')`,
      )
      .all(userId)
      .map((r) => ({ settings: PrintSettingsSchema.parse(JSON.parse(r.settings_json)), pages: r.pages }));
  }

  /** After a restart: jobs that were running go back to the queue, to resume. */
  requeueRunning(): number {
    return this.db.prepare(`UPDATE print_jobs SET status = 'queued' WHERE status = 'running'`).run().changes;
  }

  /** queued → running; false if the job is no longer queued (cancelled meanwhile) or not approved. */
  start(id: number, at: Date): boolean {
    return (
      this.db
        .prepare(`UPDATE print_jobs SET status = 'running', started_at = COALESCE(started_at, ?), error = NULL WHERE id = ? AND status = 'queued' AND ${RUNNABLE}`)
        .run(at.toISOString(), id).changes === 1
    );
  }

  setProgress(id: number, done: number, total: number, unit: 'page' | 'strip'): void {
    this.db.prepare('UPDATE print_jobs SET progress_done = ?, progress_total = ?, progress_unit = ? WHERE id = ?').run(done, total, unit, id);
  }

  /** Ends a job that is still queued or running; false if it had already ended. */
  finish(id: number, status: 'done' | 'failed' | 'cancelled', at: Date, result: { files?: PrintFile[]; error?: string } = {}): boolean {
    return (
      this.db
        .prepare(
          `UPDATE print_jobs SET status = ?, finished_at = ?, files_json = ?, error = ?
           WHERE id = ? AND status IN ('queued', 'running')`,
        )
        .run(status, at.toISOString(), JSON.stringify(result.files ?? []), result.error ?? null, id).changes === 1
    );
  }

  /**
   * Approves a job awaiting approval; false if it is not awaiting (decided, cancelled) or the
   * approver created it: four eyes are kept here too, not only by the route.
   */
  approve(id: number, d: PrintDecision): boolean {
    return (
      this.db
        .prepare(
          `UPDATE print_jobs SET approval_decision = 'approved', approval_by = ?, approval_by_name = ?, approval_at = ?, approval_reason = ?
           WHERE id = ? AND status = 'queued' AND approval_required = 1 AND approval_decision IS NULL AND created_by IS NOT ?`,
        )
        .run(d.by.id, d.by.name, d.at.toISOString(), d.reason, id, d.by.id).changes === 1
    );
  }

  /** Rejects a job awaiting approval: it ends cancelled, never having run. Same guards as approve. */
  reject(id: number, d: PrintDecision): boolean {
    return (
      this.db
        .prepare(
          `UPDATE print_jobs SET approval_decision = 'rejected', approval_by = ?, approval_by_name = ?, approval_at = ?, approval_reason = ?,
             status = 'cancelled', finished_at = ?
           WHERE id = ? AND status = 'queued' AND approval_required = 1 AND approval_decision IS NULL AND created_by IS NOT ?`,
        )
        .run(d.by.id, d.by.name, d.at.toISOString(), d.reason, d.at.toISOString(), id, d.by.id).changes === 1
    );
  }

  /**
   * Photo panels whose files are not deleted, newest first: what a schedule may show as a
   * slideshow. Only the photos' order is needed there; the title names the panel to a person.
   */
  photoPanels(): PhotoPanelRecord[] {
    return this.db
      .prepare<[], { id: number; created_at: string; artwork_json: string }>(
        `SELECT id, created_at, artwork_json FROM print_jobs WHERE artwork = 'photo-panel' AND deleted_at IS NULL ORDER BY id DESC`,
      )
      .all()
      .map((r) => toPanel(r));
  }

  photoPanel(id: number): PhotoPanelRecord | undefined {
    const row = this.db
      .prepare<[number], { id: number; created_at: string; artwork_json: string }>(
        `SELECT id, created_at, artwork_json FROM print_jobs WHERE id = ? AND artwork = 'photo-panel' AND deleted_at IS NULL`,
      )
      .get(id);
    return row && toPanel(row);
  }

  markDeleted(id: number, at: Date): void {
    this.db.prepare(`UPDATE print_jobs SET deleted_at = ?, files_json = '[]' WHERE id = ?`).run(at.toISOString(), id);
  }

  private toJob(row: JobRow): PrintJob {
    const items = this.db
      .prepare<[number], ItemRow>(
        `SELECT p.item_id, i.key, p.revision_id, p.text_sha256, r.text
         FROM print_job_items p
         JOIN content_items i ON i.id = p.item_id
         JOIN content_revisions r ON r.id = p.revision_id
         WHERE p.job_id = ? ORDER BY p.position`,
      )
      .all(row.id);
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
      progress: { done: row.progress_done, total: row.progress_total, unit: row.progress_unit, etaSeconds: null },
      error: row.error,
      files: JSON.parse(row.files_json) as PrintFile[],
      deleted: row.deleted_at !== null,
    };
  }
}
