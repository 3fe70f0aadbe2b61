import {
  ItemDetailSchema,
  ItemListSchema,
  PlanImportResultSchema,
  PlanListSchema,
  type CreateItemRequest,
  type Item,
  type ItemDetail,
  type ItemListQuery,
  type PlanSummary,
} from '../../server/protocol/content.js';
import { PlanSchema, type Plan } from '../../server/protocol/plan.js';
import { MEDIA_LEFT_OUT_HEADER } from '../../server/protocol/plans.js';
import type { RevisionMediaInput } from '../../server/protocol/media.js';
import { describeProblem, failure, request } from './http.js';
import { storedLocale } from '../i18n.js';

/** The content register as the control panel sees it: every call goes through here. */
export async function listItems(query: ItemListQuery = {}): Promise<Item[]> {
  const params = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''));
  const qs = params.toString();
  return (await request('GET', `/api/items${qs ? `?${qs}` : ''}`, ItemListSchema)).items;
}

export function fetchItem(id: number): Promise<ItemDetail> {
  return request('GET', `/api/items/${id}`, ItemDetailSchema);
}

export function proposeItem(input: CreateItemRequest): Promise<ItemDetail> {
  return request('POST', '/api/items', ItemDetailSchema, input);
}

/** A new text; a picture or clip restates its file, credit, date and focus box (the same or changed). */
export function reviseItem(id: number, text: string, title?: string, media?: RevisionMediaInput): Promise<ItemDetail> {
  return request('POST', `/api/items/${id}/revisions`, ItemDetailSchema, { text, ...(title === undefined ? {} : { title }), ...(media ? { media } : {}) });
}

export function submitItem(id: number): Promise<ItemDetail> {
  return request('POST', `/api/items/${id}/submit`, ItemDetailSchema, {});
}

export type Decision = 'approve' | 'reject' | 'retire';

export function decideItem(id: number, decision: Decision, reason: string): Promise<ItemDetail> {
  return request('POST', `/api/items/${id}/${decision}`, ItemDetailSchema, { reason });
}

export async function listPlans(): Promise<PlanSummary[]> {
  return (await request('GET', '/api/plans', PlanListSchema)).plans;
}

export function exportPlan(id: number): Promise<Plan> {
  return request('GET', `/api/plans/${id}/export`, PlanSchema);
}

/**
 * A plan's file for download, and how many approved pictures and clips of the plan it leaves out
 * (the file format carries text only; the server counts them in a header).
 */
export async function exportPlanFile(id: number): Promise<{ plan: Plan; mediaLeftOut: number }> {
  const res = await fetch(`/api/plans/${id}/export`, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  const json: unknown = await res.json().catch(() => undefined);
  if (!res.ok) throw failure(res, json, `/api/plans/${id}/export`);
  return { plan: PlanSchema.parse(json), mediaLeftOut: Number(res.headers.get(MEDIA_LEFT_OUT_HEADER) ?? 0) || 0 };
}

/** Sends a plan file's JSON as it is: the server validates it and reports every problem with its path. */
export function importPlan(plan: unknown) {
  return request('POST', '/api/plans/import', PlanImportResultSchema, plan);
}

/** A failed call as one line: the server's detail (or title) and each field error with its path. */
export function describeError(err: unknown): string {
  return describeProblem(err, storedLocale());
}

/** Events and places items may name, from the stored plans. */
export async function planReferences(): Promise<{ events: { id: string; name: string }[]; places: { id: string; name: string }[]; documents: string[] }> {
  const plans = await Promise.all((await listPlans()).map((p) => exportPlan(p.id)));
  // Plans may share events and places; each is offered once.
  const unique = <T extends { id: string }>(list: T[]) => [...new Map(list.map((x) => [x.id, x])).values()];
  return {
    events: unique(plans.flatMap((p) => p.events.map((e) => ({ id: e.id, name: e.name })))),
    places: unique(plans.flatMap((p) => p.places.map((pl) => ({ id: pl.id, name: pl.name })))),
    documents: plans.map((p) => p.document.number),
  };
}
