import { z } from 'zod';
import {
  NationalDayViewSchema,
  type CreateNationalDayRequest,
  type NationalDayView,
  type UpdateNationalDayRequest,
} from '../../server/protocol/national-calendar.js';
import { request } from './http.js';

/** The national calendar's calls: everyone reads, the admin adds, edits and deletes. */

/**
 * The days with their solar dates from ten years back to forty ahead (the most one call gives):
 * the panel places plan anchors with these dates instead of computing the lunar calendar itself.
 */
export async function fetchNationalDays(): Promise<NationalDayView[]> {
  const year = new Date().getFullYear();
  const path = `/api/national-days?from=${year - 10}&to=${year + 40}`;
  return (await request('GET', path, z.object({ days: z.array(NationalDayViewSchema) }))).days;
}

export function createNationalDay(day: CreateNationalDayRequest): Promise<NationalDayView> {
  return request('POST', '/api/national-days', NationalDayViewSchema, day);
}

export function updateNationalDay(id: string, changes: UpdateNationalDayRequest): Promise<NationalDayView> {
  return request('PATCH', `/api/national-days/${encodeURIComponent(id)}`, NationalDayViewSchema, changes);
}

export async function deleteNationalDay(id: string): Promise<void> {
  await request('DELETE', `/api/national-days/${encodeURIComponent(id)}`, z.object({ deleted: z.literal(true) }));
}
