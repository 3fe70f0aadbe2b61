/**
 * The print queue: one job at a time per node, each in a worker thread, users served in turn (queue.ts), progress persisted and reported
 * through a callback (the server forwards it to control panels). Any node runs any job: it claims
 * the job with a lease and renews it while it works (job-lease.ts). Jobs survive restarts and dead
 * nodes: a job whose node stopped or died is claimed again and resumes, keeping the files it had
 * finished (in the file store, which every node sees).
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { ContentRepository } from '../db/content-repository.js';
import type { Engine, Tx } from '../db/engine.js';
import { PhotoRepository } from '../db/photo-repository.js';
import { PrintJobRepository } from '../db/print-job-repository.js';
import type { ScheduleRepository } from '../db/schedule-repository.js';
import type { Logger } from '../log.js';
import { PhotoFiles } from '../photos/files.js';
import { resolveSettings, type PrintJob, type PrintProgressMessage } from '../protocol/print.js';
import type { RenderProgress } from './engine.js';
import { causedByFullDisk, diskFullError, PrintError } from './errors.js';
import { DirectoryFileStore } from './file-store.js';
import { deadLocalNode, DEFAULT_LEASE_MS, defaultNodeId, JobLease } from './job-lease.js';
import { JobResults } from './job-results.js';
import { removeStalePartials } from './output.js';
import { nextFairJob } from './queue.js';
import { recheckJob } from './recheck.js';
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
  /** Jobs' files, one folder (prefix) per job; rendered in place, so another node resumes from them. */
  files: DirectoryFileStore;
  /** This node, as leases name it; default the machine's name and the process id. */
  nodeId?: string;
  /** How long a claim holds without a heartbeat (default 30 s). */
  leaseMs?: number;
  /** How often the queue is read for jobs queued through other nodes or left by a dead one (default 5 s). */
  pollMs?: number;
  timeZone: string;
  log: Logger;
  onProgress: (msg: PrintProgressMessage) => void;
}

/** The runner over a store and its DATA_DIR, wired as the server runs it (tests build it the same way). */
export function createPrintRunner(
  store: { engine: Engine; content: Pick<ContentRepository, 'listApprovedSlogans'>; schedules: Pick<ScheduleRepository, 'findEvent'> },
  jobs: PrintJobRepository,
  o: Pick<PrintRunnerOptions, 'timeZone' | 'log' | 'onProgress' | 'nodeId' | 'leaseMs' | 'pollMs'> & { dataDir: string; files?: DirectoryFileStore },
): PrintJobRunner {
  return new PrintJobRunner({
    engine: store.engine,
    jobs,
    content: store.content,
    schedules: store.schedules,
    photos: new PhotoRepository(store.engine.db),
    photoFiles: new PhotoFiles(path.join(o.dataDir, 'photos')),
    files: o.files ?? new DirectoryFileStore(path.join(o.dataDir, 'print')),
    nodeId: o.nodeId,
    leaseMs: o.leaseMs,
    pollMs: o.pollMs,
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
  /** Another node took the job over (this one's lease ran out): nothing of it is this node's to touch. */
  lost: boolean;
  lease: JobLease;
  /** Why the runner stopped the worker itself (its progress could not be saved). */
  failure?: PrintError;
  finished: Promise<void>;
}

const DEFAULT_POLL_MS = 5000;
/** How often a cancel waits for another node to let go of the job it runs. */
const RELEASE_POLL_MS = 100;

export class PrintJobRunner {
  private current: RunningJob | undefined;
  private stopped = false;
  /** The queue being run, while it is. */
  private pumping: Promise<void> | undefined;
  /** A kick came while the queue was being read: read it again before resting. */
  private kicked = false;
  /** Fair order: the turn at which each user's job last started. */
  private readonly served = new Map<number | null, number>();
  private turn = 0;
  private readonly results: JobResults;
  private pollTimer: NodeJS.Timeout | undefined;
  readonly nodeId: string;
  private readonly leaseMs: number;

  constructor(private readonly o: PrintRunnerOptions) {
    this.nodeId = o.nodeId ?? defaultNodeId();
    this.leaseMs = o.leaseMs ?? DEFAULT_LEASE_MS;
    this.results = new JobResults({ ...o, nodeId: this.nodeId });
  }

  /** Where job `id`'s files are (the store's folder for it). */
  jobDir(id: number): string {
    return this.o.files.localPath(`${id}/`);
  }

  /**
   * At server start: jobs an earlier process of this machine was running resume at once (no need
   * to wait for its lease), then the queue runs, and is read again every few seconds for jobs
   * queued through other nodes or left by a dead one.
   */
  async start(): Promise<void> {
    const dead = (await this.o.jobs.leaseHolders()).filter(deadLocalNode);
    const resumed = await this.o.jobs.expireLeases(dead);
    if (resumed > 0) this.o.log.info('print jobs resumed', { jobs: resumed });
    this.pollTimer = setInterval(() => this.kick(), this.o.pollMs ?? DEFAULT_POLL_MS).unref();
    this.kick();
  }

  /** The job this node holds and until when (epoch ms), by its last heartbeat. */
  leases(): { jobId: number; until: number }[] {
    const until = this.current?.lease.heldUntil();
    return this.current && until !== undefined ? [{ jobId: this.current.id, until }] : [];
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
    if (job) await this.results.report(job);
    if (current) {
      await current.handle?.stop();
      await current.finished;
    } else {
      await this.untilReleased(id);
      await this.removeJobDir(id);
    }
  }

  /** Waits while another node holds job `id`: it stops its worker and removes the files itself, then lets go. */
  private async untilReleased(id: number): Promise<void> {
    for (;;) {
      const lease = await this.o.jobs.lease(id);
      if (!lease?.claimedBy || lease.claimedBy === this.nodeId || !lease.until || lease.until < new Date().toISOString()) return;
      await new Promise((r) => setTimeout(r, RELEASE_POLL_MS));
    }
  }

  /** Resolves once job `id` is not running: its worker has exited and, if cancelled, its files are gone. */
  async settled(id: number): Promise<void> {
    if (this.current?.id === id) await this.current.finished;
  }

  /** Tells control panels a job changed outside the runner (created awaiting approval, approved, rejected). */
  async announce(id: number): Promise<void> {
    const job = await this.o.jobs.get(id);
    if (job) await this.results.report(job);
  }

  /** Removes a finished job's files; a running job must be cancelled first. */
  async deleteFiles(id: number): Promise<void> {
    await this.settled(id);
    await this.o.files.remove(`${id}/`);
  }

  /** Server shutdown: the running job is interrupted (even while being prepared) and will resume at the next start. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.results.stop();
    clearInterval(this.pollTimer);
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
      const at = new Date();
      const claimed = await this.o.jobs.claim({ nodeId: this.nodeId, at, ms: this.leaseMs }, (queued) => nextFairJob(queued, this.served));
      if (!claimed) {
        // A job queued while the list was read may be missing from it.
        if (this.kicked && !this.stopped) continue;
        return;
      }
      if (claimed.previous && claimed.previous !== this.nodeId) this.o.log.info('print job taken over', { job: claimed.job.id, from: claimed.previous, node: this.nodeId });
      this.served.set(claimed.owner, ++this.turn);
      await this.run(claimed.job, at);
    }
  }

  private async run(job: PrintJob, claimedAt: Date): Promise<void> {
    let markFinished!: () => void;
    const current: RunningJob = {
      id: job.id,
      cancelled: false,
      lost: false,
      lease: new JobLease(
        {
          jobs: this.o.jobs,
          jobId: job.id,
          nodeId: this.nodeId,
          ms: this.leaseMs,
          log: this.o.log,
          onEnd: (state) => {
            // Cancelled through another node: this one stops and cleans up as for its own cancel.
            if (state === 'cancelled') current.cancelled = true;
            else current.lost = true;
            void current.handle?.stop();
          },
        },
        claimedAt,
      ),
      finished: new Promise<void>((r) => (markFinished = r)),
    };
    this.current = current;
    try {
      await this.render(job, current);
    } finally {
      current.lease.stop();
      this.current = undefined;
      markFinished();
    }
  }

  /**
   * Whether this node still holds the job, checked in the database; when the database cannot
   * answer (a full disk, a lost connection), by the last renewal: no other node claims the job
   * before that lease ends.
   */
  private async holds(current: RunningJob): Promise<boolean> {
    if (current.lost) return false;
    try {
      return (await this.o.jobs.renewLease(current.id, { nodeId: this.nodeId, at: new Date(), ms: this.leaseMs })) === 'held';
    } catch {
      return current.lease.heldUntil() !== undefined;
    }
  }

  /** Lets go of job `id`, so that any node may take it at once; logged, never thrown (a shutdown goes on). */
  private async giveUp(id: number): Promise<void> {
    try {
      await this.o.jobs.release(id, this.nodeId);
    } catch (err) {
      this.o.log.warn('print job lease not released', { job: id, err: err instanceof Error ? err.message : String(err) });
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
        let etaSeconds: number | null;
        try {
          const rate = (p.done - begun.done) / Math.max(1, now - begun.at);
          etaSeconds = rate > 0 ? Math.round((p.total - p.done) / rate / 1000) : null;
          const etaAt = etaSeconds === null ? null : new Date(now + etaSeconds * 1000).toISOString();
          await this.o.jobs.setProgress(job.id, p.done, p.total, p.unit, { nodeId: this.nodeId, etaAt });
        } catch (err) {
          // Called from the worker's message event, where a rejection would end the whole server:
          // the job stops instead, and fails with the reason.
          current.failure ??= causedByFullDisk(err)
            ? diskFullError(err)
            : new PrintError('render-failed', `Không lưu được tiến độ lệnh in: ${(err as Error).message}`, `the job's progress could not be saved: ${(err as Error).message}`, { cause: err });
          void current.handle?.stop();
          return;
        }
        this.o.onProgress({ type: 'print-progress', jobId: job.id, status: 'running', progress: { ...p, etaSeconds }, error: null });
      });
    };
    try {
      const items = await recheckJob(job, this.o);
      await mkdir(dir, { recursive: true });
      await removeStalePartials(dir);
      // Cancelled, shut down or taken over while being prepared: no worker may start now.
      if (current.cancelled || this.stopped || current.lost) throw new PrintError('cancelled', 'Đã hủy', 'cancelled');
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
      current.lease.stop();
      await this.results.end(job.id, 'done', { files });
    } catch (err) {
      await saving;
      // Interrupted by a shutdown: the job stays running, free for any node (this one after a restart) to resume.
      if (this.stopped && !current.cancelled) return this.giveUp(job.id);
      // Taken over, or the database is out of reach: the files are another node's, or will be.
      if (!current.cancelled && !(await this.holds(current))) return;
      // A job that did not finish lists no files: whatever it wrote goes, cancelled or failed.
      await this.removeJobDir(job.id);
      if (current.cancelled) return this.giveUp(job.id);
      const failure = current.failure ?? (causedByFullDisk(err) ? diskFullError(err) : err);
      const message = failure instanceof Error ? failure.message : String(failure);
      this.o.log.warn('print job failed', { job: job.id, err: message });
      current.lease.stop();
      await this.results.end(job.id, 'failed', { error: message });
    }
  }

  /** A cancelled job lists no files, so none are kept; a folder that will not go is logged, not fatal. */
  private async removeJobDir(id: number): Promise<void> {
    try {
      await this.o.files.remove(`${id}/`);
    } catch (err) {
      this.o.log.warn('print job folder not removed', { job: id, err: err instanceof Error ? err.message : String(err) });
    }
  }
}
