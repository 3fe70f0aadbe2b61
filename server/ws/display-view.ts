import type { z } from 'zod';
import { DisplayStatusSchema, type DisplayClock, type DisplayStatus } from '../protocol/messages.js';
import type { MediaCacheStatus } from '../protocol/media.js';
import type { Timeline, TimelineInterval, PlaylistEntry } from '../protocol/timeline.js';
import type { DisplayRecord } from '../db/display-repository.js';
import type { DisplayHello } from '../protocol/messages.js';
import { freshDelivery, type DeliveryState } from './delivery.js';
import { outOfStep, type ClockCheck } from './clock-check.js';
import { afterHorizonInterval } from '../protocol/playback.js';

/** What a connected display's socket adds to its stored record. */
export interface LiveDisplay {
  remoteAddress: string;
  lastSeenAt: Date;
  app: string;
  screen: { width: number; height: number };
  /** As the display reported it (measuredAt: ISO); null before its first sync. */
  clock: { offsetMs: number; roundTripMs: number | null; measuredAt: string | null; uncertain: boolean } | null;
  /** The server's check awaiting its answer, and the last answered. */
  pendingCheck: { id: number; sentAt: number } | null;
  check: ClockCheck | null;
  delivery: DeliveryState;
  showing: DisplayStatus['showing'];
  /** Its media cache as last reported; null before its first report (kept for the connection only). */
  media: MediaCacheStatus | null;
  /** When the signed URLs it was last sent expire; null before any. */
  mediaUntil: number | null;
}

/** A display's live state from its hello, before anything was sent to it. */
export function liveDisplay(remoteAddress: string, hello: DisplayHello): LiveDisplay {
  return {
    remoteAddress,
    lastSeenAt: new Date(),
    app: hello.app,
    screen: hello.screen,
    clock: null,
    pendingCheck: null,
    check: null,
    delivery: freshDelivery(),
    showing: null,
    media: null,
    mediaUntil: null,
  };
}

/** What a live socket tells of its display beyond the stored record: written for the other nodes' lists. */
export const LiveStatusSchema = DisplayStatusSchema.pick({
  lastSeenAt: true,
  remoteAddress: true,
  app: true,
  screen: true,
  clock: true,
  timelineVersion: true,
  ackedVersion: true,
  ackLatencyMs: true,
  showing: true,
  horizonEnd: true,
  media: true,
}).partial();
export type LiveStatus = z.infer<typeof LiveStatusSchema>;

/** The live part of a connected display's row (horizonEnd only once it applied what it was sent). */
export function liveStatus(live: LiveDisplay): LiveStatus {
  return {
    lastSeenAt: live.lastSeenAt.toISOString(),
    remoteAddress: live.remoteAddress,
    app: live.app,
    screen: live.screen,
    clock: liveClock(live),
    timelineVersion: live.delivery.timelineVersion,
    ackedVersion: live.delivery.ackedVersion,
    ackLatencyMs: live.delivery.ackLatencyMs,
    showing: live.showing,
    ...(live.delivery.ackedVersion === live.delivery.timelineVersion ? { horizonEnd: live.delivery.timeline?.horizonEnd ?? null } : {}),
    ...(live.media ? { media: live.media } : {}),
  };
}

/**
 * The control panel's row: the registration, overlaid with the live socket when there is one —
 * on this node (its LiveDisplay) or on another (the status that node last wrote).
 */
export function displayStatus(record: DisplayRecord, live: LiveDisplay | LiveStatus | undefined): DisplayStatus {
  const overlay = live === undefined ? undefined : 'delivery' in live ? liveStatus(live) : live;
  return {
    id: record.id,
    name: record.name,
    zoneId: record.zoneId,
    role: record.role,
    pairedAt: record.pairedAt,
    online: overlay !== undefined,
    lastSeenAt: record.lastSeenAt,
    remoteAddress: record.lastAddress,
    app: record.appVersion,
    screen: record.screen,
    clock: storedClock(record),
    timelineVersion: null,
    ackedVersion: record.ackedVersion,
    ackLatencyMs: record.ackLatencyMs,
    showing: null,
    refusedPlays: record.refusedPlays,
    lastRefusedAt: record.lastRefusedAt,
    horizonEnd: record.horizonEnd,
    ...overlay,
  };
}

function liveClock(live: LiveDisplay): DisplayClock | null {
  if (!live.clock) return null;
  const check = live.check && { errorMs: live.check.errorMs, boundMs: live.check.boundMs, at: live.check.at.toISOString() };
  return { ...live.clock, check, outOfStep: outOfStep(live.check) };
}

/** Offline: what it last reported; nobody can check a clock that is not connected. */
function storedClock(record: DisplayRecord): DisplayClock | null {
  if (record.clockOffsetMs === null) return null;
  return {
    offsetMs: record.clockOffsetMs,
    roundTripMs: record.clockRoundTripMs,
    measuredAt: record.clockMeasuredAt,
    uncertain: record.clockUncertain,
    check: null,
    outOfStep: false,
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
