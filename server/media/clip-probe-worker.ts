/**
 * Worker thread entry: MediaInfo (mediainfo.js, WebAssembly) reads one uploaded clip's container
 * from its file, a chunk at a time where it asks (it seeks past the frames), so a 100 MB clip is
 * never in memory; the thread sends back the few facts that decide (ProbedClip) and ends.
 */
import { open } from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';
import mediaInfoFactory from 'mediainfo.js';
import type { ProbedClip } from './clip-limits.js';

export type ProbeReply = { ok: true; probe: ProbedClip } | { ok: false; message: string };

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

async function probe(file: string): Promise<ProbedClip> {
  const handle = await open(file, 'r');
  const mediainfo = await mediaInfoFactory({ format: 'object' });
  try {
    const { size } = await handle.stat();
    const result = await mediainfo.analyzeData(size, async (length, offset) => {
      const chunk = Buffer.alloc(Math.max(0, Math.min(length, size - offset)));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, offset);
      return chunk.subarray(0, bytesRead);
    });
    const tracks = (result.media?.track ?? []) as unknown as Record<string, unknown>[];
    const general = tracks.find((t) => t['@type'] === 'General') ?? {};
    const extra = (general.extra ?? {}) as Record<string, unknown>;
    return {
      format: str(general.Format),
      duration: num(general.Duration),
      truncated: extra.IsTruncated === 'Yes',
      video: tracks.filter((t) => t['@type'] === 'Video').map((t) => ({ format: str(t.Format), profile: str(t.Format_Profile), width: num(t.Width), height: num(t.Height) })),
      audio: tracks.filter((t) => t['@type'] === 'Audio').map((t) => ({ format: str(t.Format) })),
    };
  } finally {
    mediainfo.close();
    await handle.close();
  }
}

let reply: ProbeReply;
try {
  reply = { ok: true, probe: await probe((workerData as { file: string }).file) };
} catch (err) {
  reply = { ok: false, message: err instanceof Error ? err.message : String(err) };
}
parentPort!.postMessage(reply);
