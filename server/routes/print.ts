import path from 'node:path';
import { z } from 'zod';
import { AuditRepository } from '../db/audit-repository.js';
import type { ContentRepository } from '../db/content-repository.js';
import type { Engine, Tx } from '../db/engine.js';
import type { PhotoRepository } from '../db/photo-repository.js';
import { PrintJobRepository, type NewPrintJob } from '../db/print-job-repository.js';
import type { ScheduleRepository } from '../db/schedule-repository.js';
import { decisionRoleRefusal } from '../domain/workflow.js';
import { auditedChange } from '../http/audited.js';
import { HttpProblem } from '../http/problem.js';
import { sendStoredFile } from '../http/send-file.js';
import { assertFound, defineRoute, signedIn, type RouteContext } from '../http/route.js';
import {
  backdropHasOwnLines,
  backdropRecord,
  checkSpec,
  findCongress,
  findPhotos,
  findPrintableSlogan,
  ghostscriptVersion,
  panelRecord,
  PrintError,
  printableItem,
} from '../print/index.js';
import type { PrintJobRunner } from '../print/job-runner.js';
import { jobPixels, queueRefusal } from '../print/queue.js';
import {
  PrintCapabilitiesSchema,
  PrintDecisionRequestSchema,
  PrintableItemListSchema,
  PrintJobListSchema,
  PrintJobRequestSchema,
  PrintJobSchema,
  requestSettings,
  resolveSettings,
  type PrintJob,
  type PrintJobRequest,
  type PrintSettings,
} from '../protocol/print.js';

export interface PrintRouteDeps {
  engine: Engine;
  content: ContentRepository;
  /** Backdrops: congresses from the event register. */
  schedules: Pick<ScheduleRepository, 'findEvent'>;
  /** Photo panels: uploaded photos. */
  photos: Pick<PhotoRepository, 'find'>;
  jobs: PrintJobRepository;
  runner: PrintJobRunner;
}

const ACCESS = ['operator', 'admin'] as const;
/** Approvers read jobs to approve them; they neither make nor download them. */
const READ_ACCESS = ['operator', 'admin', 'approver'] as const;
const IdParam = z.coerce.number().int().positive();
const LIST_LIMIT = 100;

export function printRoutes(deps: PrintRouteDeps) {
  const { engine, content, schedules, photos, jobs, runner } = deps;
  const findJob = async (raw: string | undefined): Promise<PrintJob> => {
    const id = IdParam.safeParse(raw);
    return assertFound(id.success ? await jobs.get(id.data) : undefined, `lệnh in "${raw}"`);
  };
  const record = (tx: Tx, ctx: RouteContext<unknown>, action: string, job: PrintJob, after: unknown) => {
    const user = signedIn(ctx).user;
    return new AuditRepository(tx).append({ actorId: user.id, actor: user.username, action, target: `print-job:${job.id}`, after, remoteAddress: ctx.remoteAddress });
  };
  /**
   * The job to make and what its audit row records of the content: revisions and hashes, or the
   * whole record. Free text (a panel's title and captions, a backdrop's own lines) makes it wait
   * for approval. Read before the transaction that stores the job; the runner checks it all again
   * at every run, so content unapproved in between is never printed.
   */
  const planJob = async (
    request: PrintJobRequest,
    settings: PrintSettings,
    createdBy: { id: number; name: string },
  ): Promise<{ job: NewPrintJob; recorded: Record<string, unknown> }> => {
    try {
      switch (request.artwork) {
        case 'banner': {
          const items: ReturnType<typeof printableItem>[] = [];
          for (const id of request.items) items.push(printableItem(await findPrintableSlogan(content, String(id))));
          const job = { settings, items: items.map(({ itemId, revisionId, textSha256 }) => ({ itemId, revisionId, textSha256 })), createdBy };
          return { job, recorded: { items: items.map(({ itemId, key, revisionId, textSha256 }) => ({ itemId, key, revisionId, textSha256 })) } };
        }
        case 'backdrop': {
          const event = await findCongress(schedules, request.eventId);
          const backdrop = backdropRecord(event, request);
          const approvalRequired = backdropHasOwnLines(event, backdrop);
          return { job: { settings, items: [], artwork: { backdrop }, createdBy, approvalRequired }, recorded: { backdrop, approvalRequired } };
        }
        case 'photo-panel': {
          const panel = panelRecord(request.title, await findPhotos(photos, request.photoIds));
          return { job: { settings, items: [], artwork: { panel }, createdBy, approvalRequired: true }, recorded: { panel, approvalRequired: true } };
        }
      }
    } catch (err) {
      throw toProblem(err);
    }
  };
  /**
   * Four eyes on free text: an approver other than the job's creator approves (the job queues) or
   * rejects it (it ends cancelled), with a reason audited in the same transaction.
   */
  const decisionRoute = (decision: 'approve' | 'reject') =>
    defineRoute({
      method: 'post',
      path: `/api/print/jobs/:id/${decision}`,
      summary:
        decision === 'approve'
          ? 'Duyệt lệnh in có chữ tự nhập (pa nô ảnh, phông có dòng riêng); người tạo lệnh không được tự duyệt'
          : 'Từ chối lệnh in đang chờ duyệt (lệnh kết thúc ở trạng thái đã hủy); người tạo lệnh không được tự từ chối',
      tag: 'print',
      access: ['approver'],
      body: PrintDecisionRequestSchema,
      response: PrintJobSchema,
      problems: [404, 409],
      handler: async (ctx) => {
        const job = await findJob(ctx.params.id);
        const user = signedIn(ctx).user;
        const roleRefused = decisionRoleRefusal(user.roles);
        if (roleRefused) throw new HttpProblem(403, roleRefused.title, roleRefused.detail);
        if (job.status !== 'awaiting-approval') {
          throw new HttpProblem(409, 'Lệnh in không chờ duyệt', `Lệnh in ${job.id} đang ở trạng thái ${job.status}, không có gì để duyệt.`);
        }
        if (job.createdById === user.id) {
          throw new HttpProblem(409, 'Không được tự duyệt', 'Người tạo lệnh in không được duyệt hay từ chối chính lệnh đó (nguyên tắc bốn mắt).');
        }
        const by = { id: user.id, name: user.displayName };
        const reason = ctx.body.reason;
        const decided = await auditedChange({ engine }, ctx, { action: `print.job-${decision}`, target: `print-job:${job.id}`, before: { status: job.status } }, async (tx) => {
          const txJobs = new PrintJobRepository(tx);
          const applied = decision === 'approve' ? await txJobs.approve(job.id, { by, reason, at: new Date() }) : await txJobs.reject(job.id, { by, reason, at: new Date() });
          // Decided by someone else in the meantime: nothing changes, and the throw rolls the audit row back.
          if (!applied) throw new HttpProblem(409, 'Lệnh in không chờ duyệt', `Lệnh in ${job.id} vừa được xử lý; hãy tải lại.`);
          const after = (await txJobs.get(job.id))!;
          return { status: after.status, reason, approval: after.approval };
        });
        await runner.announce(job.id);
        if (decided.status === 'queued') runner.kick();
        return (await jobs.get(job.id))!;
      },
    });
  return [
    defineRoute({
      method: 'get',
      path: '/api/print/items',
      summary: 'Khẩu hiệu in được: bản đã duyệt, với thẻ, sự kiện và mục (đợt) để lọc',
      tag: 'print',
      access: ACCESS,
      response: PrintableItemListSchema,
      handler: async () => {
        const events = new Map((await content.listItems({ kind: 'slogan' })).map((i) => [i.id, i.events]));
        return {
          items: (await content.listApprovedSlogans()).map((s) => ({
            id: s.id,
            key: s.key,
            text: s.text,
            revisionId: s.revisionId,
            tags: s.tags,
            events: events.get(s.id) ?? [],
            section: s.source.section,
            document: s.source.document,
          })),
        };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/print/capabilities',
      summary: 'What this server can print: CMYK needs Ghostscript',
      tag: 'print',
      access: ACCESS,
      response: PrintCapabilitiesSchema,
      handler: async () => ({ ghostscript: (await ghostscriptVersion()) ?? null }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/print/jobs',
      summary: 'Lệnh in gần đây, mới nhất trước',
      tag: 'print',
      access: READ_ACCESS,
      response: PrintJobListSchema,
      handler: async () => ({ jobs: await jobs.list(LIST_LIMIT) }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/print/jobs',
      summary:
        'Tạo lệnh in: artwork "banner" (các khẩu hiệu đã duyệt × một khổ), "backdrop" (phông hội trường của một đại hội) hoặc "photo-panel" (pa nô ảnh); chạy nền, tiến độ qua WebSocket (print-progress)',
      tag: 'print',
      access: ACCESS,
      body: PrintJobRequestSchema,
      response: PrintJobSchema,
      status: 201,
      problems: [404, 409, 429],
      handler: async (ctx) => {
        const request = ctx.body;
        const settings = requestSettings(request);
        if (request.artwork === 'banner' && new Set(request.items).size !== request.items.length) {
          throw new HttpProblem(400, 'Dữ liệu không hợp lệ', 'Mỗi khẩu hiệu chỉ chọn một lần.');
        }
        // Sizes, limits and Ghostscript are checked before the job exists: a refused job costs nothing.
        try {
          await checkSpec(resolveSettings(settings)!);
        } catch (err) {
          throw toProblem(err);
        }
        const user = signedIn(ctx).user;
        const pages = request.artwork === 'banner' ? request.items.length : 1;
        // A refusal (full queue) is answered before a wrong item: the planning error waits for the check.
        const planned = await planJob(request, settings, { id: user.id, name: user.displayName }).catch((err: unknown) => ({ failed: err }));
        const created = await engine.transaction(async (tx) => {
          const txJobs = new PrintJobRepository(tx);
          // Inside the transaction: two requests of one user cannot both pass the limits.
          const pending = (await txJobs.pendingOf(user.id)).reduce((sum, j) => ({ jobs: sum.jobs + 1, pixels: sum.pixels + jobPixels(j.settings, j.pages) }), { jobs: 0, pixels: 0 });
          const refusal = queueRefusal(pending, jobPixels(settings, pages));
          if (refusal) throw new HttpProblem(429, 'Hàng đợi in của bạn đã đầy (print queue full)', `${refusal.vi} (${refusal.en})`, undefined, { 'Retry-After': '60' });
          if ('failed' in planned) throw planned.failed;
          const job = await txJobs.create(planned.job, new Date());
          await record(tx, ctx, 'print.job-create', job, { settings, ...planned.recorded });
          return job;
        });
        if (created.status === 'awaiting-approval') await runner.announce(created.id);
        else runner.kick();
        return created;
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/print/jobs/:id',
      summary: 'Một lệnh in: trạng thái, tiến độ, tệp, việc duyệt',
      tag: 'print',
      access: READ_ACCESS,
      response: PrintJobSchema,
      problems: [404],
      handler: ({ params }) => findJob(params.id),
    }),
    decisionRoute('approve'),
    decisionRoute('reject'),
    defineRoute({
      method: 'post',
      path: '/api/print/jobs/:id/cancel',
      summary: 'Hủy lệnh in đang chờ hoặc đang chạy',
      tag: 'print',
      access: ACCESS,
      response: PrintJobSchema,
      problems: [404, 409],
      handler: async (ctx) => {
        const job = await findJob(ctx.params.id);
        const cancelled = await engine.transaction(async (tx) => {
          if (!(await runner.cancel(tx, job.id))) return false;
          await record(tx, ctx, 'print.job-cancel', job, { status: 'cancelled' });
          return true;
        });
        if (!cancelled) throw new HttpProblem(409, 'Lệnh in đã kết thúc', `Lệnh in ${job.id} đã ${job.status}, không hủy được.`);
        // Answer once the worker has stopped and the job's folder is gone, so "cancelled" means nothing is left.
        await runner.completeCancel(job.id);
        return (await jobs.get(job.id))!;
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/api/print/jobs/:id',
      summary: 'Xóa các tệp của lệnh in đã kết thúc (bản ghi vẫn giữ cho nhật ký)',
      tag: 'print',
      access: ACCESS,
      response: PrintJobSchema,
      problems: [404, 409],
      handler: async (ctx) => {
        const job = await findJob(ctx.params.id);
        if (job.status === 'awaiting-approval' || job.status === 'queued' || job.status === 'running') {
          throw new HttpProblem(409, 'Lệnh in chưa kết thúc', 'Hãy hủy lệnh in trước khi xóa tệp.');
        }
        await engine.transaction(async (tx) => {
          await new PrintJobRepository(tx).markDeleted(job.id, new Date());
          await record(tx, ctx, 'print.job-delete', job, { files: job.files.map((f) => f.name) });
        });
        await runner.deleteFiles(job.id);
        return (await jobs.get(job.id))!;
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/print/jobs/:id/files/:name',
      summary: 'Tải một tệp của lệnh in (PDF, PNG, ZIP)',
      tag: 'print',
      access: ACCESS,
      response: z.unknown().describe('The file itself'),
      problems: [404],
      handler: async ({ params, res }) => {
        const job = await findJob(params.id);
        // Only a name the job itself lists: no path from the request reaches the filesystem.
        const file = assertFound(job.files.find((f) => f.name === params.name), `tệp "${params.name}"`);
        await sendStoredFile(
          res,
          path.join(runner.jobDir(job.id), file.name),
          { headers: { 'Content-Disposition': contentDisposition(file.name), 'Cache-Control': 'private, no-store' } },
          new HttpProblem(404, 'Không tìm thấy', `Tệp "${file.name}" không còn trên máy chủ. (The file is gone from the server.)`),
        );
      },
    }),
  ];
}

/** RFC 6266: an ASCII fallback for old clients and the exact name in UTF-8 for the rest. */
export function contentDisposition(name: string): string {
  const ascii = name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

function toProblem(err: unknown): unknown {
  if (!(err instanceof PrintError)) return err;
  // A request field names an event or photo that cannot be printed: the caller's input is wrong.
  if (err.field) return new HttpProblem(400, 'Dữ liệu không hợp lệ', err.vi, [{ path: ['body', ...err.field].join('.'), message: err.vi }]);
  const [status, title]: [number, string] =
    err.code === 'invalid-size' ? [400, 'Kích thước in không hợp lệ'] : err.code === 'unknown-slogan' ? [404, 'Không tìm thấy khẩu hiệu'] : [409, 'Không in được'];
  return new HttpProblem(status, title, err.message);
}
