/** Print jobs and photos through the real API, as the control panel drives them. */
import type { Photo } from '../../server/photos/protocol.js';
import type { PrintJob } from '../../server/protocol/print.js';
import type { ApiClient } from './session.js';

/** Polls a job until `done` holds; the queue runs one job at a time, so a deadline of a minute is generous. */
export async function untilJob(client: ApiClient, id: number, done: (j: PrintJob) => boolean, timeoutMs = 60_000): Promise<PrintJob> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await client.json<PrintJob>(`/api/print/jobs/${id}`);
    if (done(job)) return job;
    if (Date.now() > deadline) throw new Error(`print job ${id}: condition not met within ${timeoutMs} ms (status ${job.status})`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export const jobEnded = (j: PrintJob): boolean => j.status === 'done' || j.status === 'failed' || j.status === 'cancelled';

/** Uploads an image's bytes as the panel does (raw body, optional caption); the stored photo. */
export async function uploadPhoto(client: ApiClient, bytes: Uint8Array, caption?: string): Promise<Photo> {
  const query = caption === undefined ? '' : `?caption=${encodeURIComponent(caption)}`;
  const res = await fetch(`${client.baseUrl}/api/photos${query}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/octet-stream', ...(client.cookie ? { Cookie: client.cookie } : {}) },
    body: new Uint8Array(bytes),
  });
  if (res.status !== 201) throw new Error(`photo upload: ${res.status} ${await res.text()}`);
  return (await res.json()) as Photo;
}
