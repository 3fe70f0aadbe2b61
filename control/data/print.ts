/** The print page's data: approved items, jobs, downloads and live progress. Photos: photos.ts. */
import {
  PrintCapabilitiesSchema,
  PrintableItemListSchema,
  PrintJobListSchema,
  PrintJobSchema,
  type PrintCapabilities,
  type PrintableItem,
  type PrintJob,
  type PrintJobRequestInput,
  type PrintProgressMessage,
} from '../../server/protocol/print.js';
import { request } from './http.js';
import { live } from './live.js';

export async function fetchPrintableItems(): Promise<PrintableItem[]> {
  return (await request('GET', '/api/print/items', PrintableItemListSchema)).items;
}

export function fetchPrintCapabilities(): Promise<PrintCapabilities> {
  return request('GET', '/api/print/capabilities', PrintCapabilitiesSchema);
}

export async function fetchPrintJobs(): Promise<PrintJob[]> {
  return (await request('GET', '/api/print/jobs', PrintJobListSchema)).jobs;
}

/** A banner of approved slogans, a congress backdrop or a photo panel, with its print settings. */
export function createPrintJob(job: PrintJobRequestInput): Promise<PrintJob> {
  return request('POST', '/api/print/jobs', PrintJobSchema, job);
}

export function cancelPrintJob(id: number): Promise<PrintJob> {
  return request('POST', `/api/print/jobs/${id}/cancel`, PrintJobSchema);
}

export function deletePrintJob(id: number): Promise<PrintJob> {
  return request('DELETE', `/api/print/jobs/${id}`, PrintJobSchema);
}

/** A same-origin link: the session cookie authenticates the download. */
export function printFileUrl(jobId: number, name: string): string {
  return `/api/print/jobs/${jobId}/files/${encodeURIComponent(name)}`;
}

export function subscribePrintProgress(listener: (msg: PrintProgressMessage) => void): () => void {
  return live.subscribePrintProgress(listener);
}

/** Four eyes: an approver other than the job's creator lets it print, with a reason. */
export function approvePrintJob(id: number, reason: string): Promise<PrintJob> {
  return request('POST', `/api/print/jobs/${id}/approve`, PrintJobSchema, { reason });
}

/** The job ends cancelled, never printed; the reason is recorded and audited. */
export function rejectPrintJob(id: number, reason: string): Promise<PrintJob> {
  return request('POST', `/api/print/jobs/${id}/reject`, PrintJobSchema, { reason });
}
