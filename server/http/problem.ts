import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { z } from 'zod';
import type { Problem } from '../protocol/api.js';
import type { Logger } from '../log.js';
import { isCorruption } from '../db/database.js';
import { diskFullProblem, isDiskFull, type DiskSpace } from './disk-space.js';

/** An error that becomes an RFC 9457 problem+json response. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail?: string,
    readonly errors?: { path: string; message: string }[],
    readonly headers: Record<string, string> = {},
  ) {
    super(detail ?? title);
  }
}

export function validationProblem(error: z.ZodError, where: string): HttpProblem {
  const errors = error.issues.map((i) => ({ path: [where, ...i.path.map(String)].join('.'), message: i.message }));
  return new HttpProblem(400, 'Dữ liệu không hợp lệ', `Có ${errors.length} lỗi trong dữ liệu gửi lên.`, errors);
}

function problemType(status: number): string {
  return `https://pano.local/problems/${status}`;
}

export function sendProblem(res: Parameters<RequestHandler>[1], p: HttpProblem, instance?: string): void {
  const body: Problem = { type: problemType(p.status), title: p.title, status: p.status };
  if (p.detail) body.detail = p.detail;
  if (instance) body.instance = instance;
  if (p.errors) body.errors = p.errors;
  for (const [k, v] of Object.entries(p.headers)) res.setHeader(k, v);
  res.status(p.status).type('application/problem+json').send(JSON.stringify(body));
}

const DATABASE_BUSY = new HttpProblem(
  503,
  'Cơ sở dữ liệu đang bận (database busy)',
  'Cơ sở dữ liệu đang bị một tác vụ khác giữ (sao lưu, lệnh pano); thay đổi chưa được lưu, hãy thử lại sau ít giây. (The database is held by another task; this change was not saved, try again in a few seconds.)',
  undefined,
  { 'Retry-After': '5' },
);

const DATABASE_CORRUPT = new HttpProblem(
  500,
  'Cơ sở dữ liệu bị hỏng (database corrupt)',
  'Tệp cơ sở dữ liệu của Pano bị hỏng; thay đổi chưa được lưu. Quản trị viên dừng máy chủ và khôi phục bản sao lưu gần nhất bằng lệnh pano restore. (The database file is corrupt: stop the server and restore the latest backup with pano restore.)',
);

export const notFound: RequestHandler = (req, res) => {
  sendProblem(res, new HttpProblem(404, 'Không tìm thấy', `Không có tài nguyên ${req.method} ${req.originalUrl}.`), req.originalUrl);
};

/**
 * Last middleware: maps body-parser errors and HttpProblem to problem+json; a full disk to 507,
 * a database locked past its busy timeout to 503, a corrupt one to a message on how to restore;
 * hides internals of anything else.
 */
export function errorHandler(log: Logger, disk?: DiskSpace): ErrorRequestHandler {
  return (err, req, res, next) => {
    if (res.headersSent) return next(err);
    if (err instanceof HttpProblem) return sendProblem(res, err, req.originalUrl);
    if (isDiskFull(err)) {
      disk?.noteFull();
      log.error('disk full', { err, method: req.method, path: req.path });
      return sendProblem(res, diskFullProblem(disk?.state()), req.originalUrl);
    }
    const code = (err as { code?: unknown } | null)?.code;
    if (typeof code === 'string' && code.startsWith('SQLITE_BUSY')) {
      log.warn('database busy', { method: req.method, path: req.path });
      return sendProblem(res, DATABASE_BUSY, req.originalUrl);
    }
    if (isCorruption(err)) {
      log.error('database corrupt', { err, method: req.method, path: req.path, advice: 'pano restore <backup file>' });
      return sendProblem(res, DATABASE_CORRUPT, req.originalUrl);
    }
    const status = typeof err?.status === 'number' ? err.status : 500;
    if (err?.type === 'entity.too.large') {
      return sendProblem(res, new HttpProblem(413, 'Dữ liệu quá lớn', 'Nội dung gửi lên vượt quá giới hạn cho phép.'), req.originalUrl);
    }
    if (err?.type === 'entity.parse.failed') {
      return sendProblem(res, new HttpProblem(400, 'JSON không hợp lệ', 'Không đọc được nội dung JSON gửi lên.'), req.originalUrl);
    }
    if (status >= 400 && status < 500) {
      return sendProblem(res, new HttpProblem(status, 'Yêu cầu không hợp lệ', String(err?.message ?? '')), req.originalUrl);
    }
    log.error('request failed', { err, method: req.method, path: req.path });
    sendProblem(res, new HttpProblem(500, 'Lỗi máy chủ', 'Máy chủ gặp lỗi; chi tiết đã ghi vào nhật ký.'), req.originalUrl);
  };
}
