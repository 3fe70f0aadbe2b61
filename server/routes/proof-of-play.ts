import type { Request } from 'express';
import { z } from 'zod';
import { ProofReportQuerySchema, ProofReportSchema, type ProofReport } from '../protocol/displays.js';
import { csvLine } from '../protocol/audit.js';
import { defineRoute } from '../http/route.js';
import { validationProblem } from '../http/problem.js';
import { formatDateTime } from '../protocol/wall-clock.js';
import { DECIMAL_NOTE, formatHours } from '../protocol/number-format.js';
import type { ProofOfPlayRepository } from '../db/proof-of-play-repository.js';

/** Column names per language; the hours column says how its numbers are written. */
const CSV_HEADER = {
  vi: [
    'Kế hoạch',
    'Đợt',
    'Khu vực',
    'Mã khu vực',
    'Mã nội dung',
    'Nội dung',
    `Số giờ hiển thị (${DECIMAL_NOTE.vi})`,
    'Số màn hình',
    'Hiển thị lần đầu',
    'Hiển thị lần cuối',
    'Sai lệch nội dung',
  ],
  en: [
    'Campaign',
    'Phase',
    'Zone',
    'Zone code',
    'Item code',
    'Text',
    `Hours shown (${DECIMAL_NOTE.en})`,
    'Screens',
    'First shown',
    'Last shown',
    'Content mismatches',
  ],
} as const;

/** The proof-of-play report: what was on screen, where, for how long; the basis of the results report. */
export function proofOfPlayRoutes(deps: { proofs: ProofOfPlayRepository; timeZone: string }) {
  const query = (req: Request) => {
    const parsed = ProofReportQuerySchema.safeParse(req.query);
    if (!parsed.success) throw validationProblem(parsed.error, 'query');
    return parsed.data;
  };
  const report = async ({ from, to }: { from: string; to: string }): Promise<ProofReport> => ({ from, to, rows: await deps.proofs.report(new Date(from), new Date(to)) });
  const local = (iso: string) => formatDateTime(iso, deps.timeZone);
  return [
    defineRoute({
      method: 'get',
      path: '/api/proof-of-play',
      summary: 'Báo cáo phát: theo kế hoạch, đợt, khu vực, nội dung (hours shown, screens, first/last) for ?from=&to= (ISO instants)',
      tag: 'proof-of-play',
      access: 'signed-in',
      response: ProofReportSchema,
      problems: [400],
      handler: ({ req }) => report(query(req)),
    }),
    defineRoute({
      method: 'get',
      path: '/api/proof-of-play.csv',
      summary: 'Báo cáo phát dạng CSV: RFC 4180, UTF-8 with BOM, dd/mm/yyyy HH:mm in the plan’s time zone; ?lang=vi|en sets the header and the decimal mark (stated in the header)',
      tag: 'proof-of-play',
      access: 'signed-in',
      response: z.string().describe('text/csv'),
      problems: [400],
      handler: async ({ req, res }) => {
        const asked = query(req);
        const { lang } = asked;
        const { from, rows } = await report(asked);
        const body =
          '\uFEFF' +
          csvLine([...CSV_HEADER[lang]]) +
          rows
            .map((r) =>
              csvLine([r.campaign, r.phase, r.zoneName, r.zoneId, r.itemKey, r.text, formatHours(r.hoursShown, lang), r.screens, local(r.firstShown), local(r.lastShown), r.mismatches]),
            )
            .join('');
        res.status(200);
        res.setHeader('Content-Type', 'text/csv; charset=utf-8; header=present');
        res.setHeader('Content-Disposition', `attachment; filename="bao-cao-phat-${from.slice(0, 10)}.csv"`);
        res.setHeader('Cache-Control', 'no-store');
        res.send(body);
        return '';
      },
    }),
  ];
}
