/**
 * The print queue: one job at a time, each in a worker thread, users served in turn (queue.ts), progress persisted and reported
 * through a callback (the server forwards it to control panels). Jobs survive restarts: a job
 * that was running goes back to the queue and resumes, keeping the files it had finished.
 */
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { AuditRepository } from '../db/audit-repository.js';
import type { ContentRepository } from '../db/content-repository.js';
import type { Engine, Tx } from '../db/engine.js';
import { PhotoRepository } from '../db/photo-repository.js';
import { PrintJobRepository } from '../db/print-job-repository.js';
import type { ScheduleRepository } from '../db/schedule-repository.js';
import type { Logger } from '../log.js';
import { PhotoFiles } from '../photos/files.js';
import { resolveSettings, type PrintJob, type PrintProgressMessage } from '../protocol/print.js';
import { backdropItem, panelItem, recheckBackdrop } from './artworks.js';
import type { RenderItem, RenderProgress } from './engine.js';
import { causedByFullDisk, diskFullError, PrintError } from './errors.js';
import { removeStalePartials } from './output.js';
import { nextFairJob } from './queue.js';
import { printableItem } from './slogans.js';
import { renderInWorker, type RenderHandle } from './worker-client.js';

export interface PrintRunnerOptions {
  engine: Engine;
  jobs: PrintJobRepository;
  /** Banners: the approved slogans, checked again at every run. */
  content: Pick<ContentRepository, 'listApprovedSlogans'>;
  /** Backdrops: the congress they are for. */
  schedules: Pick<ScheduleRepository, 'findEvent'>;
  /** Photo panels: the uploaded photos and where their bytes are. */
  photos: Pick<PhotoRepository, 'find'>;
  photoFiles: Pick<PhotoFiles, 'pathFor'>;
  /** DATA_DIR/print: one folder per job. */
  dir: string;
  timeZone: string;
  log: Logger;
  onProgress: (msg: PrintProgressMessage) => void;
}

/** The runner over a store and its DATA_DIR, wired as the server runs it (tests build it the same way). */
export function createPrintRunner(
  store: { engine: Engine; content: Pick<ContentRepository, 'listApprovedSlogans'>; schedules: Pick<ScheduleRepository, 'findEvent'> },
  jobs: PrintJobRepository,
  o: Pick<PrintRunnerOptions, 'timeZone' | 'log' | 'onProgress'> & { dataDir: string },
): PrintJobRunner {
  return new PrintJobRunner({
    engine: store.engine,
    jobs,
    content: store.content,
    schedules: store.schedules,
    photos: new PhotoRepository(store.engine.db),
    photoFiles: new PhotoFiles(path.join(o.dataDir, 'photos')),
    dir: path.join(o.dataDir, 'print'),
    timeZone: o.timeZone,
    log: o.log,
    onProgress: o.onProgress,
  });
}

/** Progress is saved and pushed at most this often (and always at the end). */
const REPORT_EVERY_MS = 200;

/** The job being run; `finished` settles once its worker has exited and, if it was cancelled, its folder is gone. */
interface RunningJob {
  id: number;
  /** Set once the worker has started. */
  handle?: RenderHandle;
  cancelled: boolean;
  /** Why the runner stopped the worker itself (its progress could not be saved). */
  failure?: PrintError;
  finished: Promise<void>;
}

/** Results the database could not take (a full disk, a lock held too long), kept until it can. */
interface UnsavedResult {
  status: 'done' | 'failed';
  result: { files?: PrintJob['files']; error?: string };
}

/** How often results the database refused are offered to it again. */
const RETRY_UNSAVED_MS = 1000;

export class PrintJobRunner {
  private current: RunningJob | undefined;
  private stopped = false;
  /** The queue being run, while it is. */
  private pumping: Promise<void> | undefined;
  /** A kick came while the queue was being read: read it again before resting. */
  private kicked = false;
  private readonly unsaved = new Map<number, UnsavedResult>();
  /** Fair order: the turn at which each user's job last started. */
  private readonly served = new Map<number | null, number>();
  private turn = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  /** A retry of unsaved results is under way: the next tick waits for it. */
  private retrying = false;

  constructor(private readonly o: PrintRunnerOptions) {}

  jobDir(id: number): string {
    return path.join(this.o.dir, String(id));
  }

  /** At server start: requeue what a crash or restart interrupted, and run the queue. */
  async start(): Promise<void> {
    const resumed = await this.o.jobs.requeueRunning();
    if (resumed > 0) this.o.log.info('print jobs resumed', { jobs: resumed });
    this.kick();
  }

  /** Runs queued jobs, if not already doing so. */
  kick(): void {
    this.kicked = true;
    if (this.pumping || this.stopped) return;
    // Nothing in the queue may take the server down: a failure is logged and the next kick retries.
    this.pumping = this.pump()
      .catch((err: unknown) => this.o.log.error('print queue stopped', { err }))
      .finally(() => (this.pumping = undefined));
  }

  /**
   * The database half of a cancel, for the caller's transaction (with its audit row): a queued or
   * running job ends cancelled. Then call completeCancel(), once that has committed.
   */
  cancel(tx: Tx, id: number): Promise<boolean> {
    return new PrintJobRepository(tx).finish(id, 'cancelled', new Date());
  }

  /**
   * After a committed cancel: tells control panels, stops the worker at its next strip or page and
   * removes the job's folder (a job resumed after a restart may hold finished files even while
   * queued). Resolves when nothing of the job is left.
   */
  async completeCancel(id: number): Promise<void> {
    const current = this.current?.id === id ? this.current : undefined;
    // At once: a job still being prepared must not start its worker meanwhile.
    if (current) current.cancelled = true;
    const job = await this.o.jobs.get(id);
    if (job) await this.report(job);
    if (current) {
      await current.handle?.stop();
      await current.finished;
    } else {
      await this.removeJobDir(id);
    }
  }

  /** Resolves once job `id` is not running: its worker has exited and, if cancelled, its files are gone. */
  async settled(id: number): Promise<void> {
    if (this.current?.id === id) await this.current.finished;
  }

  /** Tells control panels a job changed outside the runner (created awaiting approval, approved, rejected). */
  async announce(id: number): Promise<void> {
    const job = await this.o.jobs.get(id);
    if (job) await this.report(job);
  }

  /** Removes a finished job's files; a running job must be cancelled first. */
  async deleteFiles(id: number): Promise<void> {
    await this.settled(id);
    await rm(this.jobDir(id), { recursive: true, force: true });
  }

  /** Server shutdown: the running job is interrupted (even while being prepared) and will resume at the next start. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.retryTimer);
    const current = this.current;
    await current?.handle?.stop();
    await current?.finished;
    // Nothing of the runner touches the database once stopped: the store may close.
    await this.pumping;
  }

  private async pump(): Promise<void> {
    for (;;) {
      if (this.stopped) return;
      this.kicked = false;
      const next = nextFairJob(await this.o.jobs.queuedJobs(), this.served);
      if (this.stopped) return;
      if (!next) {
        // A job queued while the list was read may be missing from it.
        if (this.kicked) continue;
        return;
      }
      if (!(await this.o.jobs.start(next.id, new Date()))) continue;
      this.served.set(next.owner, ++this.turn);
      await this.run((await this.o.jobs.get(next.id))!);
    }
  }

  private async run(job: PrintJob): Promise<void> {
    let markFinished!: () => void;
    const current: RunningJob = { id: job.id, cancelled: false, finished: new Promise<void>((r) => (markFinished = r)) };
    this.current = current;
    try {
      await this.render(job, current);
    } finally {
      this.current = undefined;
      markFinished();
    }
  }

  private async render(job: PrintJob, current: RunningJob): Promise<void> {
    const dir = this.jobDir(job.id);
    let lastReport = 0;
    const begun = { at: Date.now(), done: job.progress.done };
    // Saves one after the other, so that an older step never overwrites a newer one.
    let saving = Promise.resolve();
    const onProgress = (p: RenderProgress) => {
      const now = Date.now();
      if (now - lastReport < REPORT_EVERY_MS && p.done < p.total) return;
      lastReport = now;
      if (p.done === 0) begun.done = 0;
      saving = saving.then(async () => {
        try {
          await this.o.jobs.setProgress(job.id, p.done, p.total, p.unit);
        } catch (err) {
          // Called from the worker's message event, where a rejection would end the whole server:
          // the job stops instead, and fails with the reason.
          current.failure ??= causedByFullDisk(err)
            ? diskFullError(err)
            : new PrintError('render-failed', `Không lưu được tiến độ lệnh in: ${(err as Error).message}`, `the job's progress could not be saved: ${(err as Error).message}`, { cause: err });
          void current.handle?.stop();
          return;
        }
        const rate = (p.done - begun.done) / Math.max(1, now - begun.at);
        const etaSeconds = rate > 0 ? Math.round((p.total - p.done) / rate / 1000) : null;
        this.o.onProgress({ type: 'print-progress', jobId: job.id, status: 'running', progress: { ...p, etaSeconds }, error: null });
      });
    };
    try {
      const items = await this.recheck(job);
      await mkdir(dir, { recursive: true });
      await removeStalePartials(dir);
      // Cancelled or shut down while being prepared: no worker may start now.
      if (current.cancelled || this.stopped) throw new PrintError('cancelled', 'Đã hủy', 'cancelled');
      current.handle = renderInWorker(
        {
          settings: resolveSettings(job.settings)!,
          items,
          outDir: dir,
          baseName: `lenh-in-${job.id}`,
          createdAt: job.createdAt,
          author: job.createdBy,
          timeZone: this.o.timeZone,
        },
        onProgress,
      );
      const files = await current.handle.result;
      await saving;
      // A worker may finish its last page before it reads the cancel: the job stays cancelled.
      if (current.cancelled) throw new PrintError('cancelled', 'Đã hủy', 'cancelled');
      await this.end(job.id, 'done', { files });
    } catch (err) {
      await saving;
      if (this.stopped) return;
      // A job that did not finish lists no files: whatever it wrote goes, cancelled or failed.
      await this.removeJobDir(job.id);
      if (current.cancelled) return;
      const failure = current.failure ?? (causedByFullDisk(err) ? diskFullError(err) : err);
      const message = failure instanceof Error ? failure.message : String(failure);
      this.o.log.warn('print job failed', { job: job.id, err: message });
      await this.end(job.id, 'failed', { error: message });
    }
  }

  /**
   * Only approved content is printed: at every (re)start each item must still be approved at the
   * very revision the job recorded, with the same text; a backdrop's congress must still bear the
   * recorded name, a panel's photos must all still be uploaded. A job with free text must have
   * been approved (the queue already skips it otherwise; this holds if a query ever does not).
   */
  private async recheck(job: PrintJob): Promise<RenderItem[]> {
    if (job.approval && job.approval.decision !== 'approved') {
      throw new PrintError('not-approved', `Lệnh in ${job.id} chưa được duyệt`, `print job ${job.id} is not approved`);
    }
    if (job.backdrop) {
      await recheckBackdrop(this.o.schedules, job.backdrop);
      return [backdropItem(job.backdrop)];
    }
    if (job.panel) return [await panelItem(job.panel, this.o.photos, this.o.photoFiles)];
    const approved = new Map((await this.o.content.listApprovedSlogans()).map((s) => [s.id, s]));
    return job.items.map((recorded) => {
      const slogan = approved.get(recorded.itemId);
      const item = slogan && printableItem(slogan);
      if (!item || item.revisionId !== recorded.revisionId || item.textSha256 !== recorded.textSha256) {
        throw new PrintError(
          'not-approved',
          `Khẩu hiệu "${recorded.key}" không còn ở bản đã duyệt #${recorded.revisionId}; hãy tạo lệnh in mới`,
          `slogan "${recorded.key}" is no longer approved at revision ${recorded.revisionId}`,
        );
      }
      return item;
    });
  }

  /** A cancelled job lists no files, so none are kept; a folder that will not go is logged, not fatal. */
  private async removeJobDir(id: number): Promise<void> {
    try {
      await rm(this.jobDir(id), { recursive: true, force: true });
    } catch (err) {
      this.o.log.warn('print job folder not removed', { job: id, err: err instanceof Error ? err.message : String(err) });
    }
  }

  /**
   * Records a job's end with its audit row. If the database refuses (a full disk), control panels
   * hear the outcome now and the row is written once the database takes it; never throws.
   */
  private async end(id: number, status: 'done' | 'failed', result: UnsavedResult['result']): Promise<void> {
    let ended: boolean;
    try {
      ended = await this.o.engine.transaction(async (tx) => {
        if (!(await new PrintJobRepository(tx).finish(id, status, new Date(), result))) return false;
        await new AuditRepository(tx).append({ actorId: null, actor: 'system', action: `print.job-${status}`, target: `print-job:${id}`, after: { status, ...result } });
        return true;
      });
    } catch (err) {
      this.o.log.error('print job result not saved, will retry', { job: id, status, err: err instanceof Error ? err.message : String(err) });
      const first = !this.unsaved.has(id);
      this.unsaved.set(id, { status, result });
      if (first) {
        const job = await this.o.jobs.get(id).catch(() => undefined);
        const progress = { ...(job?.progress ?? { done: 0, total: 0, unit: 'page' as const }), etaSeconds: null };
        this.o.onProgress({ type: 'print-progress', jobId: id, status, progress, error: result.error ?? null });
      }
      this.retryTimer ??= setInterval(() => void this.saveUnsaved(), RETRY_UNSAVED_MS).unref();
      return;
    }
    this.unsaved.delete(id);
    if (!ended) return;
    try {
      await this.report((await this.o.jobs.get(id))!);
    } catch (err) {
      // Recorded already: only control panels miss the news, and read it with the job list.
      this.o.log.warn('print job result not announced', { job: id, err: err instanceof Error ? err.message : String(err) });
    }
  }

  private async saveUnsaved(): Promise<void> {
    if (this.retrying) return;
    this.retrying = true;
    try {
      for (const [id, { status, result }] of [...this.unsaved]) await this.end(id, status, result);
    } finally {
      this.retrying = false;
    }
    if (this.unsaved.size === 0) {
      clearInterval(this.retryTimer);
      this.retryTimer = undefined;
    }
  }

  private async report(job: PrintJob): Promise<void> {
    const progress = { ...job.progress, ...(job.status === 'done' ? { done: job.progress.total } : {}), etaSeconds: job.status === 'done' ? 0 : null };
    try {
      if (job.status === 'done') await this.o.jobs.setProgress(job.id, progress.total, progress.total, progress.unit);
    } catch (err) {
      // Only the bar's last step: the job is recorded done with its files.
      this.o.log.warn('print job progress not saved', { job: job.id, err: err instanceof Error ? err.message : String(err) });
    }
    this.o.onProgress({ type: 'print-progress', jobId: job.id, status: job.status, progress, error: job.error });
  }
}
