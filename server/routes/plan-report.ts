import type { Request } from 'express';
import { z } from 'zod';
import { PlanReportQuerySchema, PlanReportSchema, type PlanReport } from '../protocol/plans.js';
import { csvLine } from '../protocol/audit.js';
import { DECIMAL_NOTE, formatHours } from '../protocol/number-format.js';
import { formatDate } from '../protocol/wall-clock.js';
import { defineRoute } from '../http/route.js';
import { validationProblem } from '../http/problem.js';
import { localToMs } from '../domain/compiler/resolve.js';
import { buildPlanReport } from '../domain/plan-report.js';
import type { PlanRepository } from '../db/plan-repository.js';
import type { PlanReportRepository, ProofSpan } from '../db/plan-report-repository.js';
import { findPlan } from './plans.js';
import type { ItemKind } from '../protocol/content.js';

export interface ReportDeps {
  plans: PlanRepository;
  reports: PlanReportRepository;
}

const ARTWORK: Record<string, string> = { banner: 'Băng rôn', backdrop: 'Phông hội trường', 'photo-panel': 'Pa nô ảnh' };

/**
 * Numbers in the CSV as the proof-of-play CSV writes them in Vietnamese (one number format per
 * language, server/protocol/number-format.ts): hours with a decimal comma and three significant
 * digits, so a few seconds still show as more than 0; whole counts without grouping; dates
 * dd/mm/yyyy in the plan's time zone. The header of each column says so.
 */
const CSV_HEADER = [
  'Phần (hiển thị / in)',
  'Đợt',
  'Nội dung (ảnh, đoạn phim: chú thích)',
  'Loại nội dung',
  'Khu vực / loại ấn phẩm',
  'Số màn hình / khổ in (mm)',
  'Số lượt hiển thị / số tấm in (số nguyên)',
  `Số giờ hiển thị (${DECIMAL_NOTE.vi})`,
  'Từ ngày (dd/mm/yyyy)',
  'Đến ngày (dd/mm/yyyy)',
];

const OUTSIDE = 'Ngoài các đợt';

/** What an item is, in words: a picture's or clip's text is its caption. */
const KIND: Record<ItemKind, string> = { slogan: 'Khẩu hiệu', message: 'Thông điệp', picture: 'Ảnh', clip: 'Đoạn phim' };

/** The calendar day after a YYYY-MM-DD date (UTC used only as a calendar). */
function nextDay(date: string): string {
  return new Date(Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10) + 1)).toISOString().slice(0, 10);
}

export function reportCsv(r: PlanReport, timeZone: string): string {
  const day = (iso: string) => formatDate(iso, timeZone);
  const lines = [
    ...r.shown.map((s) =>
      csvLine(['Hiển thị', s.phaseLabel ?? OUTSIDE, s.itemText, KIND[s.itemKind], s.zoneName, s.displays, s.shows, formatHours(s.seconds / 3600, 'vi'), day(s.firstShown), day(s.lastShown)]),
    ),
    ...r.printed.map((p) =>
      csvLine([
        'In ấn',
        p.phaseLabel ?? OUTSIDE,
        p.itemText,
        '',
        ARTWORK[p.artwork] ?? p.artwork,
        p.widthMm !== null && p.heightMm !== null ? `${p.widthMm} × ${p.heightMm}` : '',
        p.pieces,
        '',
        day(p.lastPrinted),
        day(p.lastPrinted),
      ]),
    ),
  ];
  return '\uFEFF' + csvLine(CSV_HEADER) + lines.join('');
}

/** The plan's report: per đợt and per item, from proof of play and finished print jobs. */
export function planReportRoutes(d: ReportDeps) {
  const report = async (req: Request, rawId: string | undefined): Promise<{ report: PlanReport; timeZone: string }> => {
    const plan = await findPlan(d.plans, rawId);
    const query = PlanReportQuerySchema.safeParse(req.query);
    if (!query.success) throw validationProblem(query.error, 'query');
    const timeZone = await d.plans.timeZone(plan.id);
    const { from, until } = query.data;
    const fromIso = from ? new Date(localToMs(`${from}T00:00`, timeZone)).toISOString() : null;
    // The last day counts whole: up to the start of the next.
    const untilIso = until ? new Date(localToMs(`${nextDay(until)}T00:00`, timeZone)).toISOString() : null;
    const linked = await d.plans.linkedItems(plan.id);
    const texts = new Map(linked.map((l) => [l.itemId, l.text]));
    // buildPlanReport is pure and synchronous: the showings are gathered first, page by page.
    const spans: ProofSpan[] = [];
    for await (const span of d.reports.proofSpans(plan.id, fromIso, untilIso)) spans.push(span);
    return {
      timeZone,
      report: buildPlanReport({
        plan,
        timeZone,
        events: await d.plans.parts.planEvents(plan.id),
        phases: await d.plans.parts.planPhases(plan.id),
        itemTexts: texts,
        itemKinds: new Map(linked.map((l) => [l.itemId, l.kind])),
        spans,
        pieces: await d.reports.printed(plan.id, fromIso, untilIso),
        from: from ?? null,
        until: until ?? null,
        now: new Date(),
      }),
    };
  };
  return [
    defineRoute({
      method: 'get',
      path: '/api/plans/:id/report',
      summary: 'Báo cáo kết quả kế hoạch: shown per đợt, item and zone (proof of play), printed per đợt (print jobs); ?from=&until= local dates',
      tag: 'plans',
      access: 'signed-in',
      response: PlanReportSchema,
      problems: [400, 404],
      handler: async ({ req, params }) => (await report(req, params.id)).report,
    }),
    defineRoute({
      method: 'get',
      path: '/api/plans/:id/report.csv',
      summary: 'Báo cáo kết quả dạng CSV: UTF-8 with BOM, Vietnamese headers, dd/mm/yyyy, hours with a decimal comma as the header says',
      tag: 'plans',
      access: 'signed-in',
      response: z.string().describe('text/csv'),
      problems: [400, 404],
      handler: async ({ req, res, params }) => {
        const { report: r, timeZone } = await report(req, params.id);
        const file = r.plan.number.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'D').replace(/[^A-Za-z0-9-]+/g, '-');
        res.status(200);
        res.setHeader('Content-Type', 'text/csv; charset=utf-8; header=present');
        res.setHeader('Content-Disposition', `attachment; filename="bao-cao-${file}.csv"`);
        res.setHeader('Cache-Control', 'no-store');
        res.send(reportCsv(r, timeZone));
        return '';
      },
    }),
  ];
}
