import type { DisplayStatus } from '../protocol/messages.js';
import type { Timeline, TimelineInterval, PlaylistEntry } from '../protocol/timeline.js';
import type { DisplayRecord } from '../db/display-repository.js';
import type { DeliveryState } from './delivery.js';
import { afterHorizonInterval } from '../protocol/playback.js';

/** What a connected display's socket adds to its stored record. */
export interface LiveDisplay {
  remoteAddress: string;
  lastSeenAt: Date;
  app: string;
  screen: { width: number; height: number };
  clockOffsetMs: number | null;
  delivery: DeliveryState;
  showing: DisplayStatus['showing'];
}

/** The control panel's row: the registration, overlaid with the live socket when there is one. */
export function displayStatus(record: DisplayRecord, live: LiveDisplay | undefined): DisplayStatus {
  return {
    id: record.id,
    name: record.name,
    zoneId: record.zoneId,
    role: record.role,
    pairedAt: record.pairedAt,
    online: live !== undefined,
    lastSeenAt: live ? live.lastSeenAt.toISOString() : record.lastSeenAt,
    remoteAddress: live ? live.remoteAddress : record.lastAddress,
    app: live ? live.app : record.appVersion,
    screen: live ? live.screen : record.screen,
    clockOffsetMs: live ? live.clockOffsetMs : record.clockOffsetMs,
    timelineVersion: live ? live.delivery.timelineVersion : null,
    ackedVersion: live ? live.delivery.ackedVersion : record.ackedVersion,
    ackLatencyMs: live ? live.delivery.ackLatencyMs : record.ackLatencyMs,
    showing: live ? live.showing : null,
    refusedPlays: record.refusedPlays,
    lastRefusedAt: record.lastRefusedAt,
    horizonEnd: live && live.delivery.ackedVersion === live.delivery.timelineVersion ? (live.delivery.timeline?.horizonEnd ?? null) : record.horizonEnd,
  };
}

/** The interval and entry a display says it played at `at`, looked up in the timeline we sent it. */
export function findPlayed(
  timeline: Timeline | null,
  revisionId: number,
  at: number,
): { interval: TimelineInterval; entry: PlaylistEntry } | undefined {
  if (!timeline) return undefined;
  const after = afterHorizonInterval(timeline);
  for (const interval of after ? [...timeline.intervals, after] : timeline.intervals) {
    if (at < Date.parse(interval.start) || at >= Date.parse(interval.end)) continue;
    const entry = interval.playlist.find((p) => p.revisionId === revisionId);
    if (entry) return { interval, entry };
  }
  return undefined;
}
