import type { Response } from 'express';
import { z } from 'zod';
import {
  AUDIT_CSV_HEADER,
  AUDIT_TIME_ZONE,
  AuditExportQuerySchema,
  AuditPageSchema,
  AuditSearchQuerySchema,
  AuditVerifyQuerySchema,
  ChainReportSchema,
  CSV_BOM,
  auditCsvRecord,
  csvLine,
  type AuditExportQuery,
  type AuditRow,
} from '../protocol/audit.js';
import { defineRoute } from '../http/route.js';
import { HttpProblem, validationProblem } from '../http/problem.js';
import { AuditRepository, type AuditQuery, type AuditRow as StoredAuditRow } from '../db/audit-repository.js';
import type { Engine } from '../db/engine.js';
import { addDays, fromLocal, toLocal } from '../domain/time.js';

/** Rows read from the database per step of an export, so memory stays flat however long the log. */
const EXPORT_PAGE = 500;

type Filters = Omit<AuditQuery, 'limit' | 'beforeId'>;

export function auditRoutes(deps: { engine: Engine; audit: AuditRepository }) {
  const { engine, audit } = deps;
  return [
    defineRoute({
      method: 'get',
      path: '/api/audit',
      summary: 'Tìm trong nhật ký thay đổi (admin): q, action, actor, from, to (YYYY-MM-DD giờ Việt Nam hoặc ISO), limit, before (keyset paging, newest first)',
      tag: 'audit',
      access: ['admin'],
      response: AuditPageSchema,
      problems: [400],
      handler: async ({ req }) => {
        const query = parseQuery(AuditSearchQuerySchema, req.query);
        // One row more than asked says whether another page exists without a COUNT.
        const found = await audit.search({ ...toFilters(query), limit: query.limit + 1, ...(query.before ? { beforeId: query.before } : {}) });
        const rows = found.slice(0, query.limit).map(toApiRow);
        return { rows, nextBefore: found.length > query.limit ? rows.at(-1)!.id : null };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/audit/export.csv',
      summary: 'Xuất nhật ký ra CSV (admin): text/csv, UTF-8 with BOM, RFC 4180, same filters as /api/audit, newest first',
      tag: 'audit',
      access: ['admin'],
      response: z.string().describe('text/csv'),
      problems: [400],
      handler: async ({ req, res }) => {
        const filters = toFilters(parseQuery(AuditExportQuerySchema, req.query));
        res.status(200);
        res.setHeader('Content-Type', 'text/csv; charset=utf-8; header=present');
        res.setHeader('Content-Disposition', `attachment; filename="${exportFileName(new Date())}"`);
        res.setHeader('Cache-Control', 'no-store');
        await writeAll(res, auditCsvChunks(audit, filters));
        return '';
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/audit/verify',
      summary: 'Kiểm tra chuỗi băm của nhật ký (admin): intact, or the first row where it breaks and why',
      tag: 'audit',
      access: ['admin'],
      response: ChainReportSchema,
      problems: [400],
      handler: async ({ req }) => {
        parseQuery(AuditVerifyQuerySchema, req.query);
        return verifyChain(engine);
      },
    }),
  ];
}

function parseQuery<S extends z.ZodType>(schema: S, query: unknown): z.output<S> {
  const parsed = schema.safeParse(query);
  if (!parsed.success) throw validationProblem(parsed.error, 'query');
  return parsed.data;
}

/** The API's filters as the repository compares them: UTC instants in toISOString() form. */
export function toFilters(query: AuditExportQuery): Filters {
  const from = query.from === undefined ? undefined : toInstant(query.from, 'from');
  const to = query.to === undefined ? undefined : toInstant(query.to, 'to');
  if (from && to && from >= to) {
    throw new HttpProblem(400, 'Dữ liệu không hợp lệ', 'Khoảng thời gian rỗng hoặc ngược: "to" phải sau "from" (to must be after from).', [
      { path: 'query.to', message: 'Phải sau "from" (must be after from)' },
    ]);
  }
  return {
    ...(query.q ? { q: query.q } : {}),
    ...(query.action ? { action: query.action } : {}),
    ...(query.actor ? { actor: query.actor } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
  };
}

/** A calendar date covers its whole local day: "from" its midnight, "to" the next midnight (exclusive). */
function toInstant(bound: string, edge: 'from' | 'to'): string {
  if (bound.includes('T')) return new Date(bound).toISOString();
  const [year, month, day] = bound.split('-').map(Number) as [number, number, number];
  const midnight = { year, month, day, hour: 0, minute: 0 };
  return fromLocal(edge === 'from' ? midnight : addDays(midnight, 1), AUDIT_TIME_ZONE).toISOString();
}

export function toApiRow(row: StoredAuditRow): AuditRow {
  return {
    id: row.id,
    at: row.at,
    actorId: row.actor_id,
    actor: row.actor,
    action: row.action,
    target: row.target,
    before: parseStoredJson(row.before_json),
    after: parseStoredJson(row.after_json),
    remoteAddress: row.remote_address,
    prevSha256: row.prev_sha256,
    rowSha256: row.row_sha256,
  };
}

/** A row edited behind the application's back may hold anything: show it as text rather than fail. */
function parseStoredJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The whole chain checked from one snapshot (rows and head read at the same moment). */
export function verifyChain(engine: Engine) {
  return engine.transaction((tx) => new AuditRepository(tx).verify(), { readOnly: true });
}

/** The whole CSV export, BOM and header first, one page of rows at a time (shared with `pano audit export`). */
export async function* auditCsvChunks(audit: AuditRepository, filters: Filters): AsyncGenerator<string> {
  yield CSV_BOM + csvLine(AUDIT_CSV_HEADER);
  let beforeId: number | undefined;
  for (;;) {
    const rows = await audit.search({ ...filters, limit: EXPORT_PAGE, ...(beforeId ? { beforeId } : {}) });
    if (rows.length > 0) yield rows.map((r) => auditCsvRecord(toApiRow(r))).join('');
    if (rows.length < EXPORT_PAGE) return;
    beforeId = rows.at(-1)!.id;
  }
}

/** nhat-ky-pano-20200203-0815.csv, stamped in Vietnamese local time. */
export function exportFileName(now: Date): string {
  const l = toLocal(now, AUDIT_TIME_ZONE);
  const two = (n: number) => String(n).padStart(2, '0');
  return `nhat-ky-pano-${l.year}${two(l.month)}${two(l.day)}-${two(l.hour)}${two(l.minute)}.csv`;
}

/** Honours back-pressure, and stops if the browser goes away mid-download. */
async function writeAll(res: Response, chunks: AsyncIterable<string>): Promise<void> {
  for await (const chunk of chunks) {
    if (res.destroyed) return;
    if (!res.write(chunk)) {
      await new Promise<void>((resolve) => {
        const done = () => {
          res.off('drain', done);
          res.off('close', done);
          resolve();
        };
        res.on('drain', done);
        res.on('close', done);
      });
    }
  }
  res.end();
}
