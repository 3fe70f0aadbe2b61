/** The real 38-KH/ĐU plan as compiler input, with every plan item approved (ids 1…n in plan order). */
import { readFileSync } from 'node:fs';
import { PlanSchema, type Plan } from '../../../../server/protocol/plan.js';
import { planToCompilerInput, type ApprovedContent, type CompilerInput } from '../../../../server/domain/compiler/index.js';
import type { Timeline, TimelineInterval } from '../../../../server/protocol/timeline.js';

export const plan: Plan = PlanSchema.parse(
  JSON.parse(readFileSync(new URL('../../../../assets/plans/38-KH-DU.json', import.meta.url), 'utf8')),
);

export const approved: ApprovedContent[] = plan.items.map((it, i) => ({
  id: i + 1,
  key: it.id,
  revisionId: 1000 + i + 1,
  status: 'approved',
  text: it.text,
}));

export const idOf = (key: string): number => approved.find((a) => a.key === key)!.id;

export const DISPLAYS = [
  { id: 'gate-1', zoneId: 'gate' },
  { id: 'lobby-1', zoneId: 'lobby' },
  { id: 'lobby-2', zoneId: 'lobby' },
  { id: 'hall-backdrop', zoneId: 'hall' },
  { id: 'hall-side', zoneId: 'hall', role: 'side' as const },
];

export function seedInput(over: Partial<CompilerInput> = {}): CompilerInput {
  return { ...planToCompilerInput(plan, approved, { displays: DISPLAYS }), ...over };
}

/** "2020-08-10T09:00" in Hà Nội (UTC+7, no DST) as a Date. */
export const hanoi = (local: string): Date => new Date(`${local}:00.000+07:00`);

export function intervalAt(t: Timeline, at: Date): TimelineInterval {
  const ms = at.getTime();
  const found = t.intervals.find((i) => Date.parse(i.start) <= ms && ms < Date.parse(i.end));
  if (!found) throw new Error(`no interval at ${at.toISOString()}`);
  return found;
}

export const keysAt = (t: Timeline, at: Date): string[] =>
  intervalAt(t, at).playlist.map((p) => approved.find((a) => a.id === p.itemId)!.key);
