import { AuditPageSchema, ChainReportSchema, type AuditPage, type AuditSearchInput, type ChainReportBody } from '../../server/protocol/audit.js';
import { request } from './http.js';

/** Filters as the page's form holds them; empty fields are left out of the URL. */
export type AuditFilters = Pick<AuditSearchInput, 'q' | 'action' | 'actor' | 'from' | 'to'>;

function queryString(params: AuditSearchInput): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && String(value).trim() !== '') search.set(key, String(value));
  }
  const s = search.toString();
  return s ? `?${s}` : '';
}

/** One page of matching rows, newest first; pass the last page's nextBefore to get the next. */
export function searchAudit(filters: AuditFilters, before?: number): Promise<AuditPage> {
  return request('GET', `/api/audit${queryString({ ...filters, ...(before ? { before } : {}) })}`, AuditPageSchema);
}

export function verifyAuditChain(): Promise<ChainReportBody> {
  return request('GET', '/api/audit/verify', ChainReportSchema);
}

/** A plain link target: the browser downloads it with the session cookie, no script needed. */
export function auditCsvUrl(filters: AuditFilters): string {
  return `/api/audit/export.csv${queryString(filters)}`;
}
