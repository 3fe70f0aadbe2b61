import { z } from 'zod';
import {
  PlanDetailSchema,
  PlanReportSchema,
  PlanViewListSchema,
  type CampaignRequest,
  type CreatePlanRequest,
  type EventRequest,
  type PhaseRequest,
  type PlanDetail,
  type PlanReport,
  type PlanState,
  type PlanView,
  type ProposeItemRequest,
  type UpdatePlanEventRequest,
  type UpdatePlanPhaseRequest,
  type UpdatePlanRequest,
} from '../../server/protocol/plans.js';
import { PreviewSchema, type Preview } from '../../server/protocol/schedule.js';
import { TimelineSchema, type Timeline } from '../../server/protocol/timeline.js';
import { request } from './http.js';

/**
 * Plans as the panel writes them: the document, its events, its sections (campaigns) and đợt,
 * the items proposed into it, its state, the draft preview and the report. Every call is here.
 */

/** Answers the panel does not read: it reloads the plan after every change. */
const Answer = z.unknown();
const base = (planId: number) => `/api/plans/${planId}`;
const part = (planId: number, kind: 'events' | 'campaigns' | 'phases', id: string) => `${base(planId)}/${kind}/${encodeURIComponent(id)}`;

export async function listPlans(): Promise<PlanView[]> {
  return (await request('GET', '/api/plans', PlanViewListSchema)).plans;
}

export function fetchPlan(planId: number): Promise<PlanDetail> {
  return request('GET', base(planId), PlanDetailSchema);
}

/** The new plan's id, whether the server answers with the plan or with its detail. */
const CreatedSchema = z.union([z.object({ plan: z.object({ id: z.number().int() }) }).transform((d) => d.plan.id), z.object({ id: z.number().int() }).transform((p) => p.id)]);

/** A new plan starts as a draft: nothing of it plays until it is activated. Resolves to its id. */
export function createPlan(plan: CreatePlanRequest): Promise<number> {
  return request('POST', '/api/plans', CreatedSchema, plan);
}

export async function updatePlan(planId: number, changes: UpdatePlanRequest): Promise<void> {
  await request('PATCH', base(planId), Answer, changes);
}

export async function setPlanState(planId: number, state: PlanState): Promise<void> {
  await request('POST', `${base(planId)}/state`, Answer, { state });
}

export async function addPlanEvent(planId: number, event: EventRequest): Promise<void> {
  await request('POST', `${base(planId)}/events`, Answer, event);
}

export async function updatePlanEvent(planId: number, eventId: string, changes: UpdatePlanEventRequest): Promise<void> {
  await request('PATCH', part(planId, 'events', eventId), Answer, changes);
}

/** Refused (409) while a phase, item or schedule still anchors to the event; the refusal lists them. */
export async function deletePlanEvent(planId: number, eventId: string): Promise<void> {
  await request('DELETE', part(planId, 'events', eventId), Answer);
}

export async function addPlanCampaign(planId: number, campaign: CampaignRequest): Promise<void> {
  await request('POST', `${base(planId)}/campaigns`, Answer, campaign);
}

export async function deletePlanCampaign(planId: number, campaignId: string): Promise<void> {
  await request('DELETE', part(planId, 'campaigns', campaignId), Answer);
}

export async function addPlanPhase(planId: number, phase: PhaseRequest): Promise<void> {
  await request('POST', `${base(planId)}/phases`, Answer, phase);
}

export async function updatePlanPhase(planId: number, phaseId: string, changes: UpdatePlanPhaseRequest): Promise<void> {
  await request('PATCH', part(planId, 'phases', phaseId), Answer, changes);
}

/** Refused (409) while something anchors to the phase or schedules it; the refusal lists them. */
export async function deletePlanPhase(planId: number, phaseId: string): Promise<void> {
  await request('DELETE', part(planId, 'phases', phaseId), Answer);
}

/** A slogan or message proposed straight into the plan: it enters the register submitted, with its provenance. */
export async function proposePlanItem(planId: number, item: ProposeItemRequest): Promise<void> {
  await request('POST', `${base(planId)}/items`, Answer, item);
}

/** The plan's report: what was shown where and how long, per đợt and item, and what was printed. */
export function fetchPlanReport(planId: number, range: { from?: string; until?: string } = {}): Promise<PlanReport> {
  return request('GET', `${base(planId)}/report${rangeQuery(range)}`, PlanReportSchema);
}

/** The same report as CSV, downloaded by the browser (a link, so it carries the session cookie). */
export function planReportCsvUrl(planId: number, range: { from?: string; until?: string } = {}): string {
  return `${base(planId)}/report.csv${rangeQuery(range)}`;
}

function rangeQuery(range: { from?: string; until?: string }): string {
  const params = new URLSearchParams(Object.entries(range).filter((e): e is [string, string] => !!e[1]));
  return params.size ? `?${params}` : '';
}

/** What every zone would show at `at` (UTC) if the draft plan were active. */
export function fetchDraftPreview(planId: number, at: string): Promise<Preview> {
  return request('GET', `/api/preview?at=${encodeURIComponent(at)}&previewPlan=${planId}`, PreviewSchema);
}

/** A zone's compiled timeline as if the draft plan were active. */
export function fetchDraftZoneTimeline(planId: number, zoneId: string, from: string, days: number): Promise<Timeline> {
  return request('GET', `/api/zones/${encodeURIComponent(zoneId)}/timeline?from=${encodeURIComponent(from)}&days=${days}&previewPlan=${planId}`, TimelineSchema);
}
