import { z } from 'zod';
import {
  MourningRequestSchema,
  MourningViewSchema,
  RehearsalRequestSchema,
  RehearsalViewSchema,
  TakeoverRequestSchema,
  TakeoverViewSchema,
  type TakeoverView,
} from '../protocol/schedule.js';
import { ScheduleRepository } from '../db/schedule-repository.js';
import { assertFound, defineRoute } from '../http/route.js';
import { auditedChange } from '../http/audited.js';
import { HttpProblem } from '../http/problem.js';
import type { ScheduleDeps } from './schedules.js';
import { fieldProblem } from './calendar.js';

const IdParam = z.coerce.number().int().positive();
const Ok = z.object({ ok: z.literal(true) });

/** Takeover (put this on now), national mourning (quốc tang) and rehearsal (tổng duyệt). */
export function overrideRoutes(d: ScheduleDeps) {
  const checkItems = async (ids: readonly number[], path: string) => {
    for (const [i, id] of ids.entries()) {
      if (!(await d.itemExists(id))) throw fieldProblem(`${path}.${i}`, `Không có nội dung số ${id}`);
    }
  };
  const checkFuture = (until: string | undefined, from: Date, path: string) => {
    if (until && Date.parse(until) <= from.getTime()) throw fieldProblem(path, 'Thời điểm kết thúc phải ở tương lai');
  };
  return [
    defineRoute({
      method: 'get',
      path: '/api/takeovers',
      summary: 'Nội dung đang chiếm màn hình (active takeovers)',
      tag: 'schedule',
      access: 'signed-in',
      response: z.object({ takeovers: z.array(TakeoverViewSchema) }),
      handler: async () => ({ takeovers: await d.schedules.listTakeovers(new Date()) }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/takeovers',
      summary: 'Đưa nội dung lên ngay một khu vực hoặc mọi khu vực, đến khi gỡ hoặc đến một thời điểm',
      tag: 'schedule',
      access: ['operator', 'admin'],
      body: TakeoverRequestSchema,
      response: TakeoverViewSchema,
      status: 201,
      handler: async (ctx) => {
        const now = new Date();
        if (ctx.body.zoneIds !== 'all') {
          for (const [i, z] of ctx.body.zoneIds.entries()) {
            if (!(await d.plans.zoneExists(z))) throw fieldProblem(`body.zoneIds.${i}`, `Không có khu vực "${z}"`);
          }
        }
        await checkItems(ctx.body.itemIds, 'body.itemIds');
        checkFuture(ctx.body.until, now, 'body.until');
        const created = await auditedChange(d, ctx, { action: 'takeover.start', target: (t: TakeoverView) => `takeover:${t.id}` }, (tx) =>
          new ScheduleRepository(tx).createTakeover({ ...ctx.body, from: now }, ctx.principal!.user.id),
        );
        return created;
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/takeovers/:id/clear',
      summary: 'Gỡ nội dung chiếm màn hình',
      tag: 'schedule',
      access: ['operator', 'admin'],
      response: TakeoverViewSchema,
      problems: [404, 409],
      handler: async (ctx) => {
        const id = IdParam.safeParse(ctx.params.id);
        const before = assertFound(id.success ? await d.schedules.findTakeover(id.data) : undefined, `nội dung chiếm màn hình "${ctx.params.id}"`);
        if (before.clearedAt) throw new HttpProblem(409, 'Đã gỡ từ trước', `Đã gỡ lúc ${before.clearedAt}.`);
        const after = await auditedChange(d, ctx, { action: 'takeover.clear', target: `takeover:${before.id}`, before }, (tx) =>
          new ScheduleRepository(tx).clearTakeover(before.id, new Date()),
        );
        return after;
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/mourning',
      summary: 'Quốc tang: the mourning period, if one is set',
      tag: 'schedule',
      access: 'signed-in',
      response: MourningViewSchema,
      handler: async () => ({ mourning: (await d.schedules.getMourning()) ?? null }),
    }),
    defineRoute({
      method: 'put',
      path: '/api/mourning',
      summary: 'Bật quốc tang (admin): every celebratory item leaves every screen; zones show the mourning template',
      tag: 'schedule',
      access: ['admin'],
      body: MourningRequestSchema,
      response: MourningViewSchema,
      handler: async (ctx) => {
        const now = new Date();
        const from = ctx.body.from ?? now.toISOString();
        if (ctx.body.until && ctx.body.until <= from) throw fieldProblem('body.until', 'Thời điểm kết thúc phải sau thời điểm bắt đầu');
        await checkItems(ctx.body.messageItemIds, 'body.messageItemIds');
        const before = (await d.schedules.getMourning()) ?? null;
        const mourning = await auditedChange(d, ctx, { action: 'mourning.set', target: 'mourning', before }, (tx) =>
          new ScheduleRepository(tx).setMourning({ ...ctx.body, from }, ctx.principal!.user.id, now),
        );
        return { mourning };
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/api/mourning',
      summary: 'Tắt quốc tang (admin)',
      tag: 'schedule',
      access: ['admin'],
      response: Ok,
      problems: [404],
      handler: async (ctx) => {
        const before = assertFound(await d.schedules.getMourning(), 'quốc tang đang bật');
        await auditedChange(d, ctx, { action: 'mourning.clear', target: 'mourning', before }, (tx) => new ScheduleRepository(tx).clearMourning());
        return { ok: true as const };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/rehearsals',
      summary: 'Tổng duyệt đang chạy (zones playing as of another moment)',
      tag: 'schedule',
      access: 'signed-in',
      response: z.object({ rehearsals: z.array(RehearsalViewSchema) }),
      handler: async () => ({ rehearsals: await d.schedules.listRehearsals() }),
    }),
    defineRoute({
      method: 'put',
      path: '/api/rehearsals/:zoneId',
      summary: 'Bắt đầu tổng duyệt: the zone plays as of asOf (e.g. the congress opening) while the others play now',
      tag: 'schedule',
      access: ['operator', 'admin'],
      body: RehearsalRequestSchema,
      response: RehearsalViewSchema,
      problems: [404],
      handler: async (ctx) => {
        const zoneId = ctx.params.zoneId ?? '';
        if (!(await d.plans.zoneExists(zoneId))) throw new HttpProblem(404, 'Không tìm thấy', `Không có khu vực "${zoneId}".`);
        const now = new Date();
        checkFuture(ctx.body.until, now, 'body.until');
        const before = (await d.schedules.listRehearsals()).find((r) => r.zoneId === zoneId) ?? null;
        const after = await auditedChange(d, ctx, { action: 'rehearsal.start', target: `zone:${zoneId}`, before }, (tx) =>
          new ScheduleRepository(tx).setRehearsal(zoneId, ctx.body.asOf, ctx.body.until, ctx.principal!.user.id, now),
        );
        return after;
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/api/rehearsals/:zoneId',
      summary: 'Kết thúc tổng duyệt: the zone returns to now',
      tag: 'schedule',
      access: ['operator', 'admin'],
      response: Ok,
      problems: [404],
      handler: async (ctx) => {
        const zoneId = ctx.params.zoneId ?? '';
        const before = assertFound((await d.schedules.listRehearsals()).find((r) => r.zoneId === zoneId), `tổng duyệt ở khu vực "${zoneId}"`);
        await auditedChange(d, ctx, { action: 'rehearsal.end', target: `zone:${zoneId}`, before }, (tx) => new ScheduleRepository(tx).clearRehearsal(zoneId));
        return { ok: true as const };
      },
    }),
  ];
}
