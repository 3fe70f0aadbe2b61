/**
 * Recording how a print job ended, with its audit row, only while this node holds the job. A
 * result the database refuses (a full disk, a lock held too long) is told to control panels at
 * once and offered to the database again until it takes it.
 */
import { AuditRepository } from '../db/audit-repository.js';
import { PrintJobRepository } from '../db/print-job-repository.js';
import type { PrintJob } from '../protocol/print.js';
import type { PrintRunnerOptions } from './job-runner.js';

/** Results the database could not take (a full disk, a lock held too long), kept until it can. */
interface UnsavedResult {
  status: 'done' | 'failed';
  result: { files?: PrintJob['files']; error?: string };
}

/** How often results the database refused are offered to it again. */
const RETRY_UNSAVED_MS = 1000;

export class JobResults {
  private readonly unsaved = new Map<number, UnsavedResult>();
  private retryTimer: NodeJS.Timeout | undefined;
  /** A retry of unsaved results is under way: the next tick waits for it. */
  private retrying = false;

  constructor(private readonly o: Pick<PrintRunnerOptions, 'engine' | 'jobs' | 'log' | 'onProgress'> & { nodeId: string }) {}

  stop(): void {
    clearInterval(this.retryTimer);
  }

  /**
   * Records a job's end with its audit row. If the database refuses (a full disk), control panels
   * hear the outcome now and the row is written once the database takes it; never throws.
   */
  async end(id: number, status: 'done' | 'failed', result: UnsavedResult['result']): Promise<void> {
    let ended: boolean;
    try {
      ended = await this.o.engine.transaction(async (tx) => {
        // Only while this node holds the job: one that lost it never records a result.
        if (!(await new PrintJobRepository(tx).finish(id, status, new Date(), result, this.o.nodeId))) return false;
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

  /** Tells control panels where a job stands; a finished one at its full bar. */
  async report(job: PrintJob): Promise<void> {
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
