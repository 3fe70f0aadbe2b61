/**
 * Reading a plan document: POST /api/plans/read, the document's bytes as the raw body (.txt,
 * .docx or a PDF with a text layer; pasted text is sent as text/plain). The answer is proposals
 * with their source lines; nothing is stored. Confirming is the ordinary plan import
 * (POST /api/plans/import), which validates, audits and stores the plan.
 */
import express, { type RequestHandler } from 'express';
import { hasAnyRole, type AuthService } from '../auth/auth-service.js';
import { AttemptLimiter } from '../auth/rate-limit.js';
import type { Role } from '../protocol/auth.js';
import { PlanReadResultSchema } from '../protocol/plan-reading.js';
import { HttpProblem } from '../http/problem.js';
import { defineRoute, signedIn } from '../http/route.js';
import { readCookie, SESSION_COOKIE } from '../http/session.js';
import { PlanReadError } from '../plan-documents/errors.js';
import { readPlanDocument } from '../plan-documents/reader-client.js';

export const PLAN_READ_PATH = '/api/plans/read';
/** Who may read a document into a plan: those who may import plans (routes/plans.ts). */
const READERS: readonly Role[] = ['admin', 'approver'];

export const PLAN_DOCUMENT_LIMITS = {
  /** 10 MiB: a plan's .docx is tens of KB, a PDF of it a few hundred; photos inside add a few MB. */
  maxBytes: 10 * 1024 * 1024,
  /** Reads per user per minute: each costs a worker thread for up to its time bound. */
  perMinute: 20,
} as const;

/**
 * The body parser; mount it on POST PLAN_READ_PATH before the JSON parser. Only a caller who may
 * read gets their bytes buffered; the route answers everyone else 401/403.
 */
export function planDocumentBody(auth: AuthService): RequestHandler {
  const raw = express.raw({ type: () => true, limit: PLAN_DOCUMENT_LIMITS.maxBytes });
  // Express 5 passes a rejection of this handler (the session lookup failing) to the error handler.
  return async (req, res, next) => {
    const principal = await auth.authenticate(readCookie(req, SESSION_COOKIE));
    if (!principal || !hasAnyRole(principal.user, READERS)) return next();
    raw(req, res, (err?: unknown) => {
      if ((err as { type?: string } | undefined)?.type === 'entity.too.large') {
        const mb = PLAN_DOCUMENT_LIMITS.maxBytes / (1024 * 1024);
        return next(new HttpProblem(413, 'Tệp quá lớn', `Văn bản kế hoạch tối đa ${mb} MB. — EN: A plan document may be at most ${mb} MB.`));
      }
      next(err);
    });
  };
}

/** The year in Hà Nội now: stands in for a plan that names no year at all. */
function currentYear(now: Date): number {
  return Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric' }).format(now));
}

export function planReaderRoutes() {
  const limiter = new AttemptLimiter(PLAN_DOCUMENT_LIMITS.perMinute, 60_000);
  return [
    defineRoute({
      method: 'post',
      path: PLAN_READ_PATH,
      summary:
        'Đọc văn bản kế hoạch (.txt UTF-8, .docx, PDF có lớp chữ; tối đa 10 MB): raw body = the file or pasted text; proposals with their source lines, nothing stored',
      tag: 'plans',
      access: READERS,
      response: PlanReadResultSchema,
      problems: [400, 413, 422, 429, 503],
      handler: async (ctx) => {
        const user = signedIn(ctx).user;
        const now = Date.now();
        const wait = limiter.retryAfter(String(user.id), now);
        if (wait > 0) {
          throw new HttpProblem(429, 'Đọc văn bản quá nhiều lần', `Hãy thử lại sau ${wait} giây. — EN: Too many documents read; try again in ${wait} s.`, undefined, {
            'Retry-After': String(wait),
          });
        }
        limiter.record(String(user.id), now);
        // Anything but raw bytes (a JSON body parsed on the way) is read as no document at all.
        const bytes = Buffer.isBuffer(ctx.req.body) ? ctx.req.body : Buffer.alloc(0);
        if (bytes.length === 0) throw new HttpProblem(400, 'Không đọc được văn bản kế hoạch', 'Tệp trống: không có gì để đọc. — EN: The file is empty: there is nothing to read.');
        try {
          return await readPlanDocument(bytes, currentYear(new Date(now)));
        } catch (err) {
          if (!(err instanceof PlanReadError)) throw err;
          throw new HttpProblem(err.status, 'Không đọc được văn bản kế hoạch', `${err.vi} — EN: ${err.en}`);
        }
      },
    }),
  ];
}
