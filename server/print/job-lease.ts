/**
 * A node's lease on the print job it runs. Any node may run any job: the node that claimed a job
 * renews its lease while it works (the heartbeat); a node that dies stops renewing, and once the
 * lease has run out another node claims the job and resumes it from its finished files. A node
 * that finds its lease gone (another node took the job) or the job cancelled stops its worker.
 */
import os from 'node:os';
import type { LeaseState, PrintJobRepository } from '../db/print-job-repository.js';
import type { Logger } from '../log.js';
import { isRunning } from './output.js';

/** How long a claim holds without a heartbeat: a dead node's job waits this long for another. */
export const DEFAULT_LEASE_MS = 30_000;

/** This process as a print node: the machine's name and the process id. */
export function defaultNodeId(): string {
  return `${os.hostname()}:${process.pid}`;
}

/**
 * A node id of an earlier process of this machine that no longer runs (a restart, a crash): its
 * leases need not run out before its jobs resume.
 */
export function deadLocalNode(nodeId: string): boolean {
  const match = /^(.*):(\d+)$/.exec(nodeId);
  if (!match || match[1] !== os.hostname()) return false;
  const pid = Number(match[2]);
  return pid !== process.pid && !isRunning(pid);
}

export class JobLease {
  /** Until when (epoch ms) the last renewal holds the job. */
  private until: number;
  private state: LeaseState = 'held';
  private readonly timer: NodeJS.Timeout;
  private beating = false;
  /** The job is being recorded or left: a renewal answered after that means nothing. */
  private stopped = false;

  constructor(
    private readonly o: {
      jobs: Pick<PrintJobRepository, 'renewLease'>;
      jobId: number;
      nodeId: string;
      ms: number;
      log: Logger;
      /** Called once when the job is no longer this node's to run: cancelled elsewhere, or taken over. */
      onEnd: (state: Exclude<LeaseState, 'held'>) => void;
    },
    claimedAt: Date,
  ) {
    this.until = claimedAt.getTime() + o.ms;
    // Three renewals per lease: one late or failed renewal does not lose the job.
    this.timer = setInterval(() => void this.beat(), Math.max(1, Math.floor(o.ms / 3)));
    this.timer.unref();
  }

  /** Until when this node holds the job by its last renewal; undefined once it no longer does. */
  heldUntil(): number | undefined {
    return this.state === 'held' && Date.now() < this.until ? this.until : undefined;
  }

  /** No more renewals: the job's result is being recorded (which gives the lease up), or the job left. */
  stop(): void {
    this.stopped = true;
    clearInterval(this.timer);
  }

  private async beat(): Promise<void> {
    if (this.beating || this.state !== 'held') return;
    this.beating = true;
    const at = new Date();
    try {
      const state = await this.o.jobs.renewLease(this.o.jobId, { nodeId: this.o.nodeId, at, ms: this.o.ms });
      if (state === 'held') this.until = at.getTime() + this.o.ms;
      else this.end(state);
    } catch (err) {
      // The database is out of reach: work on while the lease lasts; past it, another node may
      // have the job, and this one must not touch it any more.
      this.o.log.warn('print job lease not renewed', { job: this.o.jobId, err: err instanceof Error ? err.message : String(err) });
      if (Date.now() >= this.until) this.end('lost');
    } finally {
      this.beating = false;
    }
  }

  private end(state: Exclude<LeaseState, 'held'>): void {
    if (this.state !== 'held' || this.stopped) return;
    this.state = state;
    clearInterval(this.timer);
    if (state === 'lost') this.o.log.warn('print job lease lost', { job: this.o.jobId, node: this.o.nodeId });
    this.o.onEnd(state);
  }
}
