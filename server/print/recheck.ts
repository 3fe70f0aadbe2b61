/** What a print job prints, checked again before each run of it (the first, a resume, a takeover). */
import type { PrintJob } from '../protocol/print.js';
import { backdropItem, panelItem, recheckBackdrop } from './artworks.js';
import type { RenderItem } from './engine.js';
import { PrintError } from './errors.js';
import type { PrintRunnerOptions } from './job-runner.js';
import { printableItem } from './slogans.js';

/**
 * Only approved content is printed: at every (re)start each item must still be approved at the
 * very revision the job recorded, with the same text; a backdrop's congress must still bear the
 * recorded name, a panel's photos must all still be uploaded. A job with free text must have
 * been approved (the queue already skips it otherwise; this holds if a query ever does not).
 */
export async function recheckJob(job: PrintJob, o: Pick<PrintRunnerOptions, 'content' | 'schedules' | 'photos' | 'photoFiles'>): Promise<RenderItem[]> {
  if (job.approval && job.approval.decision !== 'approved') {
    throw new PrintError('not-approved', `Lệnh in ${job.id} chưa được duyệt`, `print job ${job.id} is not approved`);
  }
  if (job.backdrop) {
    await recheckBackdrop(o.schedules, job.backdrop);
    return [backdropItem(job.backdrop)];
  }
  if (job.panel) return [await panelItem(job.panel, o.photos, o.photoFiles)];
  const approved = new Map((await o.content.listApprovedSlogans()).map((s) => [s.id, s]));
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
