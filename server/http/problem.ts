import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { z } from 'zod';
import type { Problem } from '../protocol/api.js';
import type { Logger } from '../log.js';

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

export const notFound: RequestHandler = (req, res) => {
  sendProblem(res, new HttpProblem(404, 'Không tìm thấy', `Không có tài nguyên ${req.method} ${req.originalUrl}.`), req.originalUrl);
};

/** Last middleware: maps body-parser errors and HttpProblem to problem+json; hides internals of anything else. */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err, req, res, next) => {
    if (res.headersSent) return next(err);
    if (err instanceof HttpProblem) return sendProblem(res, err, req.originalUrl);
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
