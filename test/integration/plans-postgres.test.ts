/**
 * The plan slice's repositories on both engines, one copy of each query: the seed plan imported
 * with PlanTransfer (all or nothing), its parts, dependents found through JSON columns, ids of a
 * second plan suffixed, the export, schedules and overrides with their upserts, and the compiler
 * input the TimelineService assembles from them — the same answers from SQLite and PostgreSQL.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresEngine, openSqliteEngine, type Engine } from '../../server/db/engine.js';
import { PlanConflict, PlanRepository } from '../../server/db/plan-repository.js';
import { PlanTransfer } from '../../server/db/plan-transfer.js';
import { ScheduleRepository } from '../../server/db/schedule-repository.js';
import { loadPlanFile, SEED_PLAN_FILE } from '../../server/plans.js';
import type { Plan } from '../../server/protocol/plan.js';
import type { ScheduleRequest } from '../../server/protocol/schedule.js';
import { TimelineService } from '../../server/timelines.js';
import { usePostgres, type TestPostgres } from '../support/postgres.js';

let postgres: TestPostgres;
const dirs: string[] = [];
const opened: Engine[] = [];
const AT = new Date('2020-06-01T03:00:00.000Z');

beforeAll(async () => {
  postgres = await usePostgres();
}, 120_000);

afterAll(async () => {
  await Promise.all(opened.map((e) => e.close()));
  await postgres?.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const engines: Record<'sqlite' | 'postgres', () => Promise<Engine>> = {
  sqlite: async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pano-plans-'));
    dirs.push(dir);
    const engine = openSqliteEngine(dir, { synchronous: 'NORMAL' });
    opened.push(engine);
    return engine;
  },
  postgres: async () => {
    const engine = await openPostgresEngine(await postgres.createDatabase());
    opened.push(engine);
    return engine;
  },
};

/** The seed imported in one transaction, as the import route and the first start do it. */
function importPlan(engine: Engine, plan: Plan) {
  return engine.transaction((tx) => new PlanTransfer(tx, new PlanRepository(tx)).importPlan(plan, { by: null, at: AT, state: 'active' }));
}

describe.each(['sqlite', 'postgres'] as const)('plan repositories on %s', (kind) => {
  let engine: Engine;
  let plans: PlanRepository;
  let schedules: ScheduleRepository;
  let userId: number;
  const seed = loadPlanFile(SEED_PLAN_FILE);

  beforeAll(async () => {
    engine = await engines[kind]();
    plans = new PlanRepository(engine.db);
    schedules = new ScheduleRepository(engine.db);
    const now = AT.toISOString();
    ({ id: userId } = await engine.db
      .insertInto('users')
      .values({ username: 'van-hanh', display_name: 'Vận hành', roles_json: '["operator"]', password_hash: null, created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow());
  }, 60_000);

  it('imports the seed plan with its places, events, sections, phases and submitted items, and refuses it a second time', async () => {
    const result = await importPlan(engine, seed);
    expect(result).toMatchObject({ imported: true, items: seed.items.length, linked: 0 });
    const [plan] = await plans.listPlans();
    expect(plan).toMatchObject({
      id: result.planId,
      number: '38-KH/ĐU',
      state: 'active',
      counts: { events: seed.events.length, phases: seed.campaigns.flatMap((c) => c.phases).length, items: seed.items.length },
    });
    const detail = (await plans.detail(result.planId))!;
    expect(detail.places.map((z) => z.id)).toEqual(seed.places.map((p) => p.id));
    expect(detail.campaigns.map((c) => [c.section, c.phases.map((p) => p.id)])).toEqual(seed.campaigns.map((c) => [c.section, c.phases.map((p) => p.id)]));
    expect(detail.items.map((i) => i.text).sort()).toEqual(seed.items.map((i) => i.text).sort());
    expect(detail.items.every((i) => i.status === 'submitted')).toBe(true);
    expect(await plans.findByNumber('38-KH/ĐU'.normalize('NFD'))).toMatchObject({ id: result.planId });
    expect(await plans.timeZone(result.planId)).toBe('Asia/Ho_Chi_Minh');
    expect(await plans.documentId(result.planId)).toEqual(expect.any(Number));
    expect(await plans.zoneExists('hall')).toBe(true);
    expect(await plans.zoneExists('khong-co')).toBe(false);

    const again = importPlan(engine, seed);
    await expect(again).rejects.toBeInstanceOf(PlanConflict);
    expect(await plans.listPlans()).toHaveLength(1);
  });

  it('finds what still names an event or a phase through the JSON columns', async () => {
    const plan = (await plans.findByNumber('38-KH/ĐU'))!;
    const phaseId = 'party-congresses-2020-3';
    const request: ScheduleRequest = {
      name: 'Chào mừng Đại hội XXVI',
      target: { zoneId: 'lobby' },
      content: { kind: 'phase', phaseId },
      window: { from: { event: 'vpcp-congress-xxvi', edge: 'opens' } },
      priority: 5,
    };
    const schedule = await schedules.createSchedule(request, userId, AT);
    expect(await schedules.findSchedule(schedule.id)).toMatchObject({ name: 'Chào mừng Đại hội XXVI', content: { kind: 'phase', phaseId } });

    const dependents = await plans.parts.eventDependents('vpcp-congress-xxvi');
    expect(dependents.filter((d) => d.kind === 'phase').map((d) => d.id)).toEqual(['party-congresses-2020-2', 'party-congresses-2020-3']);
    const anchoredTo = (a: unknown, id: string) => (a as { event?: string } | undefined)?.event === id;
    const named = seed.items.filter((i) => i.events.includes('vpcp-congress-xxvi') || anchoredTo(i.validFrom, 'vpcp-congress-xxvi') || anchoredTo(i.validUntil, 'vpcp-congress-xxvi'));
    expect(named.length).toBeGreaterThan(0);
    expect(dependents.filter((d) => d.kind === 'item').map((d) => d.label).sort()).toEqual(named.map((i) => i.text).sort());
    expect(dependents.filter((d) => d.kind === 'schedule')).toEqual([{ kind: 'schedule', id: String(schedule.id), label: 'Chào mừng Đại hội XXVI', planNumber: null }]);
    expect(await plans.parts.phaseDependents(phaseId)).toEqual([{ kind: 'schedule', id: String(schedule.id), label: 'Chào mừng Đại hội XXVI', planNumber: null }]);
    expect(await plans.parts.eventDependents('khong-co')).toEqual([]);
    expect((await plans.eventIds(plan.id)).size).toBe(seed.events.length);
  });

  it('gives a second plan its own ids, keeps the keys, relabels phases with their section and exports what it holds', async () => {
    const second: Plan = { ...seed, document: { ...seed.document, number: '52-KH/ĐU' }, items: [seed.items[1]!] };
    const { planId, items, linked } = await importPlan(engine, second);
    expect([items, linked]).toEqual([0, 1]);
    const events = await plans.parts.planEvents(planId);
    expect(events.map((e) => e.id).sort()).toEqual(seed.events.map((e) => `${e.id}-p${planId}`).sort());
    expect(events.map((e) => e.key).sort()).toEqual(seed.events.map((e) => e.id).sort());
    // The same text under the same key is linked, not copied: one item, one approval.
    const [link] = await plans.linkedItems(planId);
    expect([link!.key, link!.text]).toEqual([seed.items[1]!.id, seed.items[1]!.text]);
    expect((await plans.plansByItem()).get(link!.itemId)?.sort()).toEqual([String((await plans.findByNumber('38-KH/ĐU'))!.id), String(planId)].sort());
    expect(await plans.isLinked(planId, link!.itemId)).toBe(true);

    const campaign = (await plans.parts.planCampaigns(planId))[0]!;
    await plans.parts.updateCampaign(campaign.id, { section: 'II.9' }, AT);
    expect((await plans.parts.planPhases(planId)).filter((p) => p.campaignId === campaign.id).map((p) => p.label)).toEqual(
      seed.campaigns[0]!.phases.map((p) => `II.9 ${p.title}`),
    );
    expect(await plans.parts.misorderedPhases(planId)).toEqual([]);
    expect(await plans.parts.freeKey('events', planId, 'tet-canh-ty-2020')).toBe('tet-canh-ty-2020-2');
    expect(await plans.parts.keyTaken('phases', planId, seed.campaigns[1]!.phases[0]!.id)).toBe(true);

    const exported = (await new PlanTransfer(engine.db, plans).exportPlan(planId))!;
    expect(exported.document.number).toBe('52-KH/ĐU');
    expect(exported.events.map((e) => e.id)).toEqual(events.map((e) => e.key));
    expect(exported.campaigns[0]!.section).toBe('II.9');
    // Items are submitted, not approved: none leaves in the file yet.
    expect(exported.items).toEqual([]);
    expect(await new PlanTransfer(engine.db, plans).mediaLeftOut(planId)).toBe(0);
  });

  it('keeps one mourning and one rehearsal per zone (upserts), lists takeovers still on, and feeds the compiler', async () => {
    await schedules.setMourning({ from: '2020-07-01T00:00:00.000Z', messageItemIds: [] }, userId, AT);
    const mourning = await schedules.setMourning({ from: '2020-07-02T00:00:00.000Z', until: '2020-07-03T00:00:00.000Z', messageItemIds: [1] }, userId, AT);
    expect(mourning).toEqual({ from: '2020-07-02T00:00:00.000Z', until: '2020-07-03T00:00:00.000Z', messageItemIds: [1], setAt: AT.toISOString() });
    await schedules.setRehearsal('hall', '2021-01-25T01:00:00.000Z', undefined, userId, AT);
    const rehearsal = await schedules.setRehearsal('hall', '2021-01-26T01:00:00.000Z', '2020-06-02T00:00:00.000Z', userId, AT);
    expect(rehearsal).toEqual({ zoneId: 'hall', asOf: '2021-01-26T01:00:00.000Z', startedAt: AT.toISOString(), until: '2020-06-02T00:00:00.000Z' });
    const over = await schedules.createTakeover({ zoneIds: ['gate'], itemIds: [1], from: AT, until: '2020-06-01T04:00:00.000Z' }, userId);
    const on = await schedules.createTakeover({ zoneIds: 'all', itemIds: [1], from: AT }, userId);
    expect((await schedules.listTakeovers(new Date('2020-06-01T05:00:00.000Z'))).map((t) => t.id)).toEqual([on.id]);
    expect((await schedules.clearTakeover(over.id, AT)).clearedAt).toBe(AT.toISOString());

    const timelines = new TimelineService({
      schedules,
      plans,
      approvedItems: async () => [],
      photoPanel: async () => undefined,
      displays: async () => [{ id: 'd1', zoneId: 'lobby' }],
      timeZone: 'Asia/Ho_Chi_Minh',
      horizonDays: 2,
    });
    const input = await timelines.input(AT);
    expect(input.zones.map((z) => z.id).sort()).toEqual(['gate', 'hall', 'lobby', 'web']);
    expect(input.events).toHaveLength(seed.events.length * 2);
    expect(input.campaigns.flatMap((c) => c.phases)).toHaveLength(seed.campaigns.flatMap((c) => c.phases).length * 2);
    expect(input.mourning).toEqual({ from: '2020-07-02T00:00:00.000Z', until: '2020-07-03T00:00:00.000Z', messageItemIds: [1] });
    expect(input.takeovers.map((t) => t.id)).toEqual([String(on.id)]);
    expect(input.schedules).toHaveLength(1);
    expect((await timelines.forZones(AT, 1)).get('lobby')).toBeDefined();

    await schedules.clearMourning();
    expect(await schedules.getMourning()).toBeUndefined();
    expect(await schedules.clearRehearsal('hall')).toBe(true);
    expect(await schedules.clearRehearsal('hall')).toBe(false);
  });
});
