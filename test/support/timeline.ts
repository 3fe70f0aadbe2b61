import { expect } from 'vitest';
import { TimelineSchema, type Timeline } from '../../server/protocol/timeline.js';
import type { ApiClient } from './session.js';

/** A zone's timeline from `from`, read through the API as the panel reads it. */
export async function zoneTimeline(client: ApiClient, zone: string, from: string, days: number): Promise<Timeline> {
  const res = await client.get(`/api/zones/${zone}/timeline?from=${encodeURIComponent(from)}&days=${days}`);
  expect(res.status).toBe(200);
  return TimelineSchema.parse(await res.json());
}

/** The texts of the playlist the timeline plays at the instant `at`. */
export function textsAt(t: Timeline, at: string): string[] {
  const ms = Date.parse(at);
  return t.intervals.find((i) => Date.parse(i.start) <= ms && ms < Date.parse(i.end))?.playlist.map((p) => p.text) ?? [];
}
