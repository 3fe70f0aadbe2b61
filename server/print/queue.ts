/**
 * The print queue's rules, so one operator cannot hold everyone's prints: per-user limits on
 * jobs waiting and on the pixels they will render, and a fair order between users (round robin:
 * the next job is the oldest of the user served least recently). Pure, for the route and runner.
 */
import type { PrintSettings } from '../protocol/print.js';
import { resolveSettings } from '../protocol/print.js';
import { planPage } from './size.js';

export const QUEUE_LIMITS = {
  /** Jobs one user may have queued, running or awaiting approval. */
  jobsPerUser: 10,
  /** Pixels those jobs may render in all; a user with nothing waiting may always queue one job. */
  pixelsPerUser: 10e9,
} as const;

/** PDF pages are measured as if rasterised at the print shops' 150 dpi. */
const PDF_DPI = 150;

/** The pixels a job renders: the page (bleed and marks included) times its pages. */
export function jobPixels(settings: PrintSettings, pages: number): number {
  const page = planPage(resolveSettings(settings)!);
  const perPage = page.format === 'png' ? page.width * page.height : page.width * page.height * (PDF_DPI / 72) ** 2 * page.scale ** 2;
  return perPage * Math.max(1, pages);
}

export interface PendingWork {
  jobs: number;
  pixels: number;
}

export type QueueRefusal = { reason: 'jobs' | 'pixels'; vi: string; en: string };

/** Why a new job of `pixels` may not join a user's pending work, or undefined if it may. */
export function queueRefusal(pending: PendingWork, pixels: number, limits = QUEUE_LIMITS): QueueRefusal | undefined {
  if (pending.jobs >= limits.jobsPerUser) {
    return {
      reason: 'jobs',
      vi: `Bạn đã có ${pending.jobs} lệnh in đang chờ hoặc đang chạy, mức tối đa là ${limits.jobsPerUser}. Hãy chờ các lệnh đó xong hoặc hủy bớt.`,
      en: `You already have ${pending.jobs} print jobs waiting or running, the most allowed is ${limits.jobsPerUser}. Wait for them or cancel some.`,
    };
  }
  if (pending.jobs > 0 && pending.pixels + pixels > limits.pixelsPerUser) {
    const gpx = (n: number) => (n / 1e9).toLocaleString('vi-VN', { maximumFractionDigits: 1 });
    return {
      reason: 'pixels',
      vi: `Các lệnh in đang chờ của bạn đã cần ${gpx(pending.pixels)} tỉ điểm ảnh; thêm lệnh này (${gpx(pixels)} tỉ) vượt mức ${gpx(limits.pixelsPerUser)} tỉ. Hãy chờ các lệnh đó xong hoặc hủy bớt.`,
      en: `Your waiting print jobs already need ${gpx(pending.pixels)} billion pixels; this one (${gpx(pixels)} billion) would pass the limit of ${gpx(limits.pixelsPerUser)} billion. Wait for them or cancel some.`,
    };
  }
  return undefined;
}

export interface QueuedJob {
  id: number;
  /** Who created it; jobs of a deleted user share one turn. */
  owner: number | null;
}

/**
 * Round robin: among users with runnable jobs, the one served longest ago (never served first,
 * then the oldest job) runs its oldest job. `lastServed` maps an owner to the turn it last ran.
 */
export function nextFairJob(queued: readonly QueuedJob[], lastServed: ReadonlyMap<number | null, number>): QueuedJob | undefined {
  let best: QueuedJob | undefined;
  let bestTurn = Infinity;
  const seen = new Set<number | null>();
  // Oldest first, so each owner's first appearance is their oldest job.
  for (const job of [...queued].sort((a, b) => a.id - b.id)) {
    if (seen.has(job.owner)) continue;
    seen.add(job.owner);
    const turn = lastServed.get(job.owner) ?? -1;
    if (turn < bestTurn) {
      best = job;
      bestTurn = turn;
    }
  }
  return best;
}
