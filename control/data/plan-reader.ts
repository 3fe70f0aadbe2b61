/** Reading a plan document into proposals, and confirming them as a plan import. */
import { ProblemSchema } from '../../server/protocol/api.js';
import { PlanImportResultSchema } from '../../server/protocol/content.js';
import { PlanReadResultSchema, readingToPlan, type PlanReading, type PlanReadResult } from '../../server/protocol/plan-reading.js';
import { ApiError, request } from './http.js';

/**
 * A file (its bytes, the server tells the kind from them) or pasted text, read on the server.
 * Nothing is stored.
 */
export async function readPlanDocument(document: Blob | string): Promise<PlanReadResult> {
  const res = await fetch('/api/plans/read', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { Accept: 'application/json', 'Content-Type': typeof document === 'string' ? 'text/plain; charset=utf-8' : 'application/octet-stream' },
    body: document,
  });
  const json: unknown = await res.json().catch(() => undefined);
  if (!res.ok) {
    const problem = ProblemSchema.safeParse(json);
    throw problem.success ? new ApiError(res.status, problem.data.title, problem.data.detail, problem.data.errors) : new ApiError(res.status, `HTTP ${res.status}`);
  }
  return PlanReadResultSchema.parse(json);
}

/** The reviewed proposals, imported as an ordinary plan: its items arrive submitted for approval. */
export function confirmReading(reading: PlanReading) {
  return request('POST', '/api/plans/import', PlanImportResultSchema, readingToPlan(reading));
}
