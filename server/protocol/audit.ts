// The audit trail's contract: search and export queries, rows, the chain report and the CSV
// layout of the export. Pure: imported by the server, the CLI and the control panel.
import { z } from 'zod';
import { LocalDate } from './plan.js';

/** Zone of the dates people type into the search and read in the CSV. */
export const AUDIT_TIME_ZONE = 'Asia/Ho_Chi_Minh';
export const AUDIT_PAGE_DEFAULT = 50;
export const AUDIT_PAGE_MAX = 200;

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * A bound of the time filter: an instant with its offset ("2020-02-03T08:00:00+07:00"), or a
 * calendar date in Asia/Ho_Chi_Minh ("2020-02-03"), which covers that whole local day.
 */
export const AuditTimeBoundSchema = z.union([
  z.string().regex(ISO_INSTANT).refine((s) => !Number.isNaN(Date.parse(s))),
  LocalDate,
], { error: 'Cần ngày YYYY-MM-DD (giờ Việt Nam) hoặc thời điểm ISO 8601 có múi giờ (date YYYY-MM-DD or ISO instant with offset)' });

/** A form sends empty fields as "": they mean "no filter", not a bad value. */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());

const text = () => z.string({ error: 'Mỗi tham số chỉ có một giá trị chữ (one text value per parameter)' });

const filterShape = {
  q: optional(text().trim().max(200, 'Từ khóa dài quá 200 ký tự (search text too long)').transform((s) => s.normalize('NFC'))),
  action: optional(text().regex(/^[a-z][a-z0-9.-]{0,63}$/, 'Hành động có dạng user.login (action looks like user.login)')),
  actor: optional(text().trim().max(64).transform((s) => s.normalize('NFC'))),
  from: optional(AuditTimeBoundSchema),
  to: optional(AuditTimeBoundSchema),
};

/** Strict queries: a misspelt filter must fail loudly, not silently return everything. */
function unknownParameter(issue: z.core.$ZodRawIssue): string | undefined {
  return issue.code === 'unrecognized_keys' ? `Tham số không được hỗ trợ: ${issue.keys.join(', ')} (unknown query parameter)` : undefined;
}

/** GET /api/audit/export.csv: the filters only; the export holds every matching row. */
export const AuditExportQuerySchema = z.strictObject(filterShape, { error: unknownParameter });
export type AuditExportQuery = z.infer<typeof AuditExportQuerySchema>;

/** GET /api/audit: filters plus keyset paging (rows with id below `before`, newest first). */
export const AuditSearchQuerySchema = z.strictObject(
  {
    ...filterShape,
    limit: optional(
      z.coerce.number({ error: `limit là số nguyên từ 1 đến ${AUDIT_PAGE_MAX} (limit is an integer 1–${AUDIT_PAGE_MAX})` }).int().min(1).max(AUDIT_PAGE_MAX),
    ).transform((n) => n ?? AUDIT_PAGE_DEFAULT),
    before: optional(z.coerce.number({ error: 'before là mã dòng, số nguyên dương (before is a row id)' }).int().positive()),
  },
  { error: unknownParameter },
);
export type AuditSearchQuery = z.infer<typeof AuditSearchQuerySchema>;

/** GET /api/audit/verify takes no parameters; one sent anyway is a mistake worth reporting. */
export const AuditVerifyQuerySchema = z.strictObject({}, { error: unknownParameter });
/** What a client may send: every field a string (or number), all optional. */
export type AuditSearchInput = Partial<Record<keyof AuditSearchQuery, string | number>>;

export const AuditRowSchema = z.object({
  id: z.number().int().positive(),
  at: z.string().describe('UTC instant, ISO 8601'),
  actorId: z.number().int().nullable(),
  actor: z.string().describe('Username, "system", "anonymous" or "display:<id>"'),
  action: z.string().describe('Dotted verb, e.g. user.login, login.failed'),
  target: z.string().describe('e.g. user:3, username:an, settings'),
  before: z.unknown().describe('State before the change (JSON), or null'),
  after: z.unknown().describe('State after the change (JSON), or null'),
  remoteAddress: z.string(),
  prevSha256: z.string(),
  rowSha256: z.string(),
});
export type AuditRow = z.infer<typeof AuditRowSchema>;

export const AuditPageSchema = z.object({
  rows: z.array(AuditRowSchema),
  nextBefore: z.number().int().positive().nullable().describe('Pass as `before` for the next page; null on the last page'),
});
export type AuditPage = z.infer<typeof AuditPageSchema>;

export const CHAIN_BREAK_REASONS = ['row-hash', 'chain-link', 'gap', 'truncated'] as const;
export type ChainBreakReason = (typeof CHAIN_BREAK_REASONS)[number];

export const ChainReportSchema = z.discriminatedUnion('intact', [
  z.object({
    intact: z.literal(true),
    rows: z.number().int(),
    anchor: z.string().nullable().describe('The last row as `<id>:<sha256>` (null while empty): keep it off the database; `pano audit verify --anchor` detects a rewritten chain'),
  }),
  z.object({
    intact: z.literal(false),
    rows: z.number().int().describe('Rows read up to and including the break'),
    brokenAt: z.number().int().describe('Id of the row where the chain breaks (for truncated: the first missing id)'),
    reason: z.enum(CHAIN_BREAK_REASONS),
  }),
]);
export type ChainReportBody = z.infer<typeof ChainReportSchema>;

/**
 * A row id and its hash, written `<id>:<sha256>`. Kept off the database (server log, minutes of a
 * congress), it pins the chain up to that row: rewriting the chain changes the row's hash.
 */
export interface AuditAnchor {
  id: number;
  sha256: string;
}

const ANCHOR = /^([1-9][0-9]{0,14}):([0-9a-f]{64})$/i;

export function formatAnchor(anchor: AuditAnchor): string {
  return `${anchor.id}:${anchor.sha256}`;
}

/** Hex case does not matter: an anchor may have been copied by hand. */
export function parseAnchor(text: string): AuditAnchor | undefined {
  const match = ANCHOR.exec(text);
  return match ? { id: Number(match[1]), sha256: match[2]!.toLowerCase() } : undefined;
}

/** What each break means, Vietnamese then English, for the CLI, the API reader and the banner. */
export const CHAIN_BREAK_TEXT: Record<ChainBreakReason, { vi: string; en: string }> = {
  'row-hash': { vi: 'nội dung dòng đã bị sửa', en: 'the row was edited' },
  'chain-link': {
    vi: 'dòng không nối với dòng trước: có dòng bị xóa, chèn hoặc đổi chỗ',
    en: 'the row does not link to the previous one: rows were deleted, inserted or swapped',
  },
  gap: { vi: 'thiếu (các) dòng ngay trước dòng này: đã bị xóa', en: 'rows just before this one are missing: deleted' },
  truncated: { vi: 'các dòng cuối cùng, từ dòng này trở đi, đã bị xóa', en: 'the last rows, from this id on, were deleted' },
};

export function describeChain(report: ChainReportBody): { vi: string; en: string } {
  if (report.intact) {
    return { vi: `Chuỗi nhật ký nguyên vẹn (${report.rows} dòng)`, en: `Audit chain intact (${report.rows} rows)` };
  }
  const why = CHAIN_BREAK_TEXT[report.reason];
  return {
    vi: `Chuỗi nhật ký bị phá vỡ tại dòng #${report.brokenAt}: ${why.vi}`,
    en: `Audit chain broken at row #${report.brokenAt}: ${why.en}`,
  };
}

// ---------------------------------------------------------------------------------------------
// CSV export (RFC 4180). Excel opens UTF-8 CSV as Vietnamese only with a byte-order mark; cells
// that start like a formula are prefixed with ' so a spreadsheet shows them instead of running them.

export const CSV_BOM = '\uFEFF';

export const AUDIT_CSV_HEADER = [
  'Mã dòng (id)',
  'Thời điểm (giờ Việt Nam)',
  'Thời điểm UTC (ISO 8601)',
  'Người thực hiện (actor)',
  'Mã người dùng (actor id)',
  'Hành động (action)',
  'Đối tượng (target)',
  'Trước (before)',
  'Sau (after)',
  'Địa chỉ (remote address)',
  'Băm dòng (row SHA-256)',
];

/** OWASP's list: = + - @ and the tab and carriage return that some spreadsheets skip. */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | null): string {
  let s = value === null ? '' : String(value);
  if (FORMULA_START.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(cells: (string | number | null)[]): string {
  return cells.map(csvCell).join(',') + '\r\n';
}

const vnTime = new Intl.DateTimeFormat('en-GB', {
  timeZone: AUDIT_TIME_ZONE,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** dd/mm/yyyy HH:mm:ss in Asia/Ho_Chi_Minh. */
export function formatAuditTime(iso: string): string {
  const p: Record<string, string> = {};
  for (const part of vnTime.formatToParts(new Date(iso))) p[part.type] = part.value;
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}:${p.second}`;
}

const jsonCell = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));

export function auditCsvRecord(row: AuditRow): string {
  return csvLine([
    row.id,
    formatAuditTime(row.at),
    row.at,
    row.actor,
    row.actorId,
    row.action,
    row.target,
    jsonCell(row.before),
    jsonCell(row.after),
    row.remoteAddress,
    row.rowSha256,
  ]);
}
