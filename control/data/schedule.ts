import { z } from 'zod';
import { SloganListSchema, type Slogan } from '../../server/protocol/api.js';
import {
  EventSchema,
  MourningViewSchema,
  PhaseViewSchema,
  PhotoPanelListSchema,
  PreviewSchema,
  RehearsalViewSchema,
  ScheduleViewSchema,
  TakeoverViewSchema,
  ZoneSchema,
  type EventView,
  type PhaseView,
  type PhotoPanel,
  type Preview,
  type RehearsalView,
  type ScheduleRequest,
  type ScheduleView,
  type TakeoverView,
} from '../../server/protocol/schedule.js';
import { TimelineSchema, type Timeline } from '../../server/protocol/timeline.js';
import type { Anchor } from '../../server/protocol/plan.js';
import { request } from './http.js';

/** Every scheduling call of the control panel: events, phases, zones, entries, overrides, preview. */

export type Zone = z.infer<typeof ZoneSchema>;
export type Mourning = z.infer<typeof MourningViewSchema>['mourning'];
const Ok = z.object({ ok: z.literal(true) });

export async function fetchEvents(): Promise<EventView[]> {
  return (await request('GET', '/api/events', z.object({ events: z.array(EventSchema) }))).events;
}

export function updateEvent(id: string, changes: { opens?: string; closes?: string; note?: string }): Promise<EventView> {
  return request('PATCH', `/api/events/${encodeURIComponent(id)}`, EventSchema, changes);
}

/** Photo panels a schedule may show as a slideshow, with how many of their photos screens can show. */
export async function fetchPhotoPanels(): Promise<PhotoPanel[]> {
  return (await request('GET', '/api/photo-panels', PhotoPanelListSchema)).panels;
}

export async function fetchPhases(): Promise<PhaseView[]> {
  return (await request('GET', '/api/phases', z.object({ phases: z.array(PhaseViewSchema) }))).phases;
}

export function updatePhase(id: string, changes: { starts?: Anchor; ends?: Anchor | null }): Promise<PhaseView> {
  return request('PATCH', `/api/phases/${encodeURIComponent(id)}`, PhaseViewSchema, changes);
}

export async function fetchZones(): Promise<Zone[]> {
  return (await request('GET', '/api/zones', z.object({ zones: z.array(ZoneSchema) }))).zones;
}

export function createZone(zone: Zone): Promise<Zone> {
  return request('POST', '/api/zones', ZoneSchema, zone);
}

/** What a zone's screens will play from `from` (UTC instant) for `days` days, compiled by the server. */
export function fetchZoneTimeline(zoneId: string, from: string, days: number): Promise<Timeline> {
  return request('GET', `/api/zones/${encodeURIComponent(zoneId)}/timeline?from=${encodeURIComponent(from)}&days=${days}`, TimelineSchema);
}

/** What every zone shows at one instant (UTC), for the scrubber. */
export function fetchPreview(at: string): Promise<Preview> {
  return request('GET', `/api/preview?at=${encodeURIComponent(at)}`, PreviewSchema);
}

export async function fetchSchedules(): Promise<ScheduleView[]> {
  return (await request('GET', '/api/schedules', z.object({ schedules: z.array(ScheduleViewSchema) }))).schedules;
}

export function createSchedule(entry: ScheduleRequest): Promise<ScheduleView> {
  return request('POST', '/api/schedules', ScheduleViewSchema, entry);
}

export function replaceSchedule(id: number, entry: ScheduleRequest): Promise<ScheduleView> {
  return request('PUT', `/api/schedules/${id}`, ScheduleViewSchema, entry);
}

export async function deleteSchedule(id: number): Promise<void> {
  await request('DELETE', `/api/schedules/${id}`, Ok);
}

/** The slogans a schedule, takeover or mourning message may name: approved ones only. */
export async function fetchApprovedSlogans(): Promise<Slogan[]> {
  return (await request('GET', '/api/slogans', SloganListSchema)).slogans.filter((s) => s.status === 'approved');
}

export async function fetchTakeovers(): Promise<TakeoverView[]> {
  return (await request('GET', '/api/takeovers', z.object({ takeovers: z.array(TakeoverViewSchema) }))).takeovers;
}

export function startTakeover(input: { zoneIds: 'all' | string[]; itemIds: number[]; until?: string }): Promise<TakeoverView> {
  return request('POST', '/api/takeovers', TakeoverViewSchema, input);
}

export function clearTakeover(id: number): Promise<TakeoverView> {
  return request('POST', `/api/takeovers/${id}/clear`, TakeoverViewSchema, {});
}

export async function fetchMourning(): Promise<Mourning> {
  return (await request('GET', '/api/mourning', MourningViewSchema)).mourning;
}

export async function setMourning(input: { from?: string; until?: string; messageItemIds: number[] }): Promise<Mourning> {
  return (await request('PUT', '/api/mourning', MourningViewSchema, input)).mourning;
}

export async function clearMourning(): Promise<void> {
  await request('DELETE', '/api/mourning', Ok);
}

export async function fetchRehearsals(): Promise<RehearsalView[]> {
  return (await request('GET', '/api/rehearsals', z.object({ rehearsals: z.array(RehearsalViewSchema) }))).rehearsals;
}

export function startRehearsal(zoneId: string, asOf: string): Promise<RehearsalView> {
  return request('PUT', `/api/rehearsals/${encodeURIComponent(zoneId)}`, RehearsalViewSchema, { asOf });
}

export async function endRehearsal(zoneId: string): Promise<void> {
  await request('DELETE', `/api/rehearsals/${encodeURIComponent(zoneId)}`, Ok);
}
