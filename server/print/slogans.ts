/** The print side of "only approved content is printable": every print goes through here. */
import { createHash } from 'node:crypto';
import type { ContentRepository, PlayableSlogan } from '../db/content-repository.js';
import type { ContentStatus } from '../protocol/api.js';
import { normalizeText } from '../protocol/text.js';
import type { SloganItem } from './engine.js';
import { PrintError } from './errors.js';

const STATUS_VI: Record<ContentStatus, string> = {
  draft: 'bản nháp',
  submitted: 'chờ duyệt',
  approved: 'đã duyệt',
  rejected: 'bị từ chối',
  retired: 'đã thôi sử dụng',
};

/**
 * Finds a slogan by id or plan key and returns its approved revision. The approved list is the
 * repository's one gate, so a later unapproved edit of an approved slogan is never printed.
 */
export async function findPrintableSlogan(content: ContentRepository, ref: string): Promise<PlayableSlogan> {
  const slogan = await content.findSlogan(ref);
  if (!slogan) {
    throw new PrintError('unknown-slogan', `Không có khẩu hiệu "${ref}"`, `no slogan "${ref}"`);
  }
  const approved = (await content.listApprovedSlogans()).find((s) => s.id === slogan.id);
  if (!approved) throw notApproved(slogan);
  return approved;
}

export function assertPrintable(slogan: PlayableSlogan): void {
  if (slogan.status !== 'approved') throw notApproved(slogan);
}

function notApproved(slogan: PlayableSlogan): PrintError {
  return new PrintError(
    'not-approved',
    `Khẩu hiệu "${slogan.key}" chưa được duyệt (${STATUS_VI[slogan.status]}); chỉ khẩu hiệu đã duyệt mới được in`,
    `slogan "${slogan.key}" is ${slogan.status}; only approved slogans may be printed`,
  );
}

/**
 * What a print records of an approved slogan: its revision and the SHA-256 of the exact (NFC)
 * text drawn, so that a print can later be matched to what the approver approved.
 */
export function printableItem(slogan: PlayableSlogan): SloganItem {
  assertPrintable(slogan);
  // NFC so that pdftotext and search find the text as typed (NFD renders alike but extracts as NFD).
  const text = normalizeText(slogan.text);
  return {
    itemId: slogan.id,
    key: slogan.key,
    revisionId: slogan.revisionId,
    textSha256: createHash('sha256').update(text, 'utf8').digest('hex'),
    text,
    document: slogan.source.document,
    source: `bản #${slogan.revisionId}`,
    content: { template: 'banner', text },
  };
}
