import { z } from 'zod';
import { CaptureResultSchema, CommandResultSchema, DisplayListSchema, type CaptureResult, ProofReportSchema, type ProofReport } from '../../server/protocol/displays.js';
import { DisplayStatusSchema, type DisplayRole, type DisplayStatus } from '../../server/protocol/messages.js';
import { request } from './http.js';

/** Zones a display can be put in; only the fields this page needs. */
const ZoneListSchema = z.object({ zones: z.array(z.object({ id: z.string(), name: z.string(), kind: z.string() }).loose()) });
export type ZoneOption = { id: string; name: string; kind: string };

export async function listDisplays(): Promise<DisplayStatus[]> {
  return (await request('GET', '/api/displays', DisplayListSchema)).displays;
}

export async function listZones(): Promise<ZoneOption[]> {
  return (await request('GET', '/api/zones', ZoneListSchema)).zones;
}

/** Claims the code shown on a screen and registers the screen under this name and zone. */
export function pairDisplay(input: { code: string; name: string; zoneId: string; role: DisplayRole | null }): Promise<DisplayStatus> {
  return request('POST', '/api/displays/pair', DisplayStatusSchema, input);
}

export function updateDisplay(id: string, changes: { name?: string; zoneId?: string; role?: DisplayRole | null }): Promise<DisplayStatus> {
  return request('PATCH', `/api/displays/${encodeURIComponent(id)}`, DisplayStatusSchema, changes);
}

export async function revokeDisplay(id: string): Promise<void> {
  await request('POST', `/api/displays/${encodeURIComponent(id)}/revoke`, z.object({ revoked: z.literal(true) }), {});
}

/** Identify (name shown big for 10 s) or reload; false when the display is offline. */
export async function commandDisplay(id: string, command: 'identify' | 'reload'): Promise<boolean> {
  return (await request('POST', `/api/displays/${encodeURIComponent(id)}/${command}`, CommandResultSchema, {})).delivered;
}

/** Asks the screen for a JPEG of what it draws now, with what the server believes it shows. */
export function captureDisplay(id: string): Promise<CaptureResult> {
  return request('POST', `/api/displays/${encodeURIComponent(id)}/capture`, CaptureResultSchema, {});
}

export function proofReport(from: Date, to: Date): Promise<ProofReport> {
  return request('GET', `/api/proof-of-play?${reportQuery(from, to)}`, ProofReportSchema);
}

/** The CSV export's address, for a plain download link (the browser sends the session cookie). */
export function proofReportCsvUrl(from: Date, to: Date, lang: 'vi' | 'en'): string {
  return `/api/proof-of-play.csv?${reportQuery(from, to)}&lang=${lang}`;
}

function reportQuery(from: Date, to: Date): string {
  return new URLSearchParams({ from: from.toISOString(), to: to.toISOString() }).toString();
}
