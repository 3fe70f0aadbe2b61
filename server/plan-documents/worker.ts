/**
 * Worker thread entry: extracts the document's text and reads the plan off the server's event
 * loop, so a large or hostile document never delays pushes to displays or other requests.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { MAX_PLAN_LINES, readPlan } from '../domain/plan-reader/index.js';
import { PlanReadError } from './errors.js';
import { extractBlocks } from './extract.js';
import type { ReaderInput, ReaderMessage } from './reader-client.js';

const port = parentPort!;
const input = workerData as ReaderInput;

const post = (msg: ReaderMessage) => port.postMessage(msg);

try {
  const { format, blocks } = await extractBlocks(input.bytes);
  const outcome = readPlan(blocks, input.fallbackYear);
  if (outcome.ok) post({ type: 'done', result: { format, lines: outcome.lines, reading: outcome.reading } });
  else if (outcome.reason === 'too-long') {
    post({
      type: 'error',
      status: 413,
      code: 'too-long',
      vi: `Văn bản dài hơn ${MAX_PLAN_LINES} dòng: quá dài cho một kế hoạch.`,
      en: `The document has more than ${MAX_PLAN_LINES} lines: too long for a plan.`,
    });
  } else if (outcome.reason === 'empty') post({ type: 'error', status: 400, code: 'empty', vi: 'Văn bản không có chữ nào để đọc.', en: 'The document holds no text to read.' });
  else {
    post({
      type: 'error',
      status: 422,
      code: 'not-a-plan',
      vi: 'Văn bản này không giống một kế hoạch: không tìm thấy mục Khẩu hiệu hay các đợt tuyên truyền nào.',
      en: 'This document does not look like a plan: no slogans section and no campaign phases were found.',
    });
  }
} catch (err) {
  if (err instanceof PlanReadError) post({ type: 'error', status: err.status, code: err.code, vi: err.vi, en: err.en });
  else {
    const reason = err instanceof Error ? err.message : String(err);
    post({ type: 'error', status: 400, code: 'unreadable', vi: `Không đọc được văn bản: ${reason}`, en: `The document cannot be read: ${reason}` });
  }
}
port.close();
