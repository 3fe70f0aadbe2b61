import { z } from 'zod';
import { NationalDayRepository } from '../db/national-day-repository.js';
import {
  CreateItemRequestSchema,
  DecisionRequestSchema,
  EmptyRequestSchema,
  ItemDetailSchema,
  ItemListQuerySchema,
  ItemListSchema,
  ReviseItemRequestSchema,
  revisionSchema,
  type Item,
  type ItemDetail,
} from '../protocol/content.js';
import type { Anchor } from '../protocol/plan.js';
import { assertFound, defineRoute, signedIn, type RouteContext } from '../http/route.js';
import { HttpProblem, validationProblem } from '../http/problem.js';
import type { Engine } from '../db/engine.js';
import { auditedChange } from '../http/audited.js';
import { ContentRepository, type Actor, type NewItem } from '../db/content-repository.js';
import { PlanRepository } from '../db/plan-repository.js';
import { ACTION_ROLES, decisionRoleRefusal, refusal, reviseCreatesRevision, type WorkflowAction } from '../domain/workflow.js';
import { slugify } from '../domain/slug.js';
import type { RevisionMedia } from '../protocol/media.js';
import { resolveRevisionMedia, type MediaLookup } from './revision-media.js';

export interface ContentDeps {
  engine: Engine;
  content: ContentRepository;
  plans: PlanRepository;
  /** The uploaded pictures and clips that picture and clip items may name. */
  media: MediaLookup;
}

const IdParam = z.coerce.number().int().positive();

/**
 * A proposal's text, metadata and key as the register stores them (from the register or straight
 * into a plan); the caller says where it comes from. Picture and clip items bring their file,
 * resolved before the transaction (resolveRevisionMedia); `content` is the transaction's, so the
 * free key is still free when the item is stored.
 */
export async function newItem(
  content: ContentRepository,
  body: ({ kind: 'slogan'; text: string } | { kind: 'message'; title: string; text: string } | { kind: 'picture' | 'clip'; text: string }) &
    Pick<NewItem, 'tags' | 'celebratory' | 'events' | 'places' | 'validFrom' | 'validUntil'>,
  key: string | undefined,
  provenance: Pick<NewItem, 'source' | 'sourceDocumentId'>,
  media?: RevisionMedia,
): Promise<NewItem> {
  if ((body.kind === 'picture' || body.kind === 'clip') && !media) throw new Error('a picture or clip item needs its resolved file');
  return {
    key: key ?? (await content.freeKey(slugify(body.kind === 'message' ? body.title : body.text))),
    kind: body.kind,
    text: body.text,
    title: body.kind === 'message' ? body.title : null,
    tags: body.tags,
    celebratory: body.celebratory,
    events: body.events,
    places: body.places,
    validFrom: body.validFrom,
    validUntil: body.validUntil,
    ...provenance,
    ...((body.kind === 'picture' || body.kind === 'clip') && media ? { media } : {}),
  };
}

/** The register's routes: list, detail, propose, edit, submit, approve, reject, retire. */
export function contentRoutes(deps: ContentDeps) {
  const { engine, content, plans } = deps;
  const nationalDays = new NationalDayRepository(engine.db);

  const findItem = async (raw: string | undefined): Promise<Item> => {
    const id = IdParam.safeParse(raw);
    return assertFound(id.success ? await content.getItem(id.data) : undefined, `mục nội dung "${raw}"`);
  };
  const actorOf = (ctx: RouteContext<unknown>): Actor => {
    const { id, username } = signedIn(ctx).user;
    return { id, username };
  };

  /**
   * Object-level rule, then the change and its audit row in one transaction, then screens are
   * told. `apply` changes the item through the transaction's repository. The audit row's "before"
   * is the item as read just before the transaction, the state the rule was first checked on.
   */
  const change = async (
    ctx: RouteContext<unknown>,
    action: Exclude<WorkflowAction, 'create'>,
    apply: (content: ContentRepository, itemId: number, by: Actor, at: Date) => Promise<void>,
  ) => {
    const by = actorOf(ctx);
    const item = await findItem(ctx.params.id);
    const roleRefused = action === 'approve' || action === 'reject' ? decisionRoleRefusal(signedIn(ctx).user.roles) : undefined;
    if (roleRefused) throw new HttpProblem(403, roleRefused.title, roleRefused.detail);
    let detail: ItemDetail | undefined;
    await auditedChange(deps, ctx, { action: `item.${action}`, target: `item:${item.id}`, before: item }, async (tx) => {
      const inTx = new ContentRepository(tx);
      // Read again inside the transaction: another request may have decided in between.
      const state = (await inTx.workflowState(item.id))!;
      const refused = refusal(state, action, by.id);
      if (refused) throw new HttpProblem(409, refused.title, refused.detail);
      await apply(inTx, item.id, by, new Date());
      detail = (await inTx.getDetail(item.id))!;
      return inTx.getItem(item.id);
    });
    return detail!;
  };

  /** Events, places and anchors must name what the plans know, so every item can be exported. */
  const checkReferences = async (
    body: { events: string[]; places: string[]; validFrom?: Anchor | undefined; validUntil?: Anchor | undefined },
    documentId: number | null,
  ) => {
    const events = await plans.eventIds(documentId);
    const zones = new Set((await plans.listZones()).map((z) => z.id));
    const errors: { path: string; message: string }[] = [];
    body.events.forEach((e, i) => events.has(e) || errors.push({ path: `body.events.${i}`, message: `Không có sự kiện "${e}"` }));
    body.places.forEach((p, i) => zones.has(p) || errors.push({ path: `body.places.${i}`, message: `Không có địa điểm "${p}"` }));
    for (const edge of ['validFrom', 'validUntil'] as const) {
      const anchor = body[edge];
      if (anchor && 'event' in anchor && !events.has(anchor.event)) {
        errors.push({ path: `body.${edge}.event`, message: `Không có sự kiện "${anchor.event}"` });
      }
      if (anchor && 'nationalDay' in anchor && !(await nationalDays.find(anchor.nationalDay))) {
        errors.push({ path: `body.${edge}.nationalDay`, message: `Không có ngày "${anchor.nationalDay}" trong lịch ngày lễ` });
      }
    }
    if (errors.length) throw new HttpProblem(400, 'Dữ liệu không hợp lệ', `Có ${errors.length} lỗi trong dữ liệu gửi lên.`, errors);
  };

  return [
    defineRoute({
      method: 'get',
      path: '/api/items',
      summary: 'Sổ đăng ký nội dung: khẩu hiệu và thông điệp, lọc theo status, kind, event, tag, source (document number), q',
      tag: 'content',
      access: 'signed-in',
      response: ItemListSchema,
      handler: async ({ req }) => {
        const query = ItemListQuerySchema.safeParse(req.query);
        if (!query.success) throw validationProblem(query.error, 'query');
        return { items: await content.listItems(query.data) };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/items/:id',
      summary: 'Một mục với toàn bộ lịch sử: revisions, decisions and their reasons',
      tag: 'content',
      access: 'signed-in',
      response: ItemDetailSchema,
      problems: [404],
      handler: async ({ params }) => (await content.getDetail((await findItem(params.id)).id))!,
    }),
    defineRoute({
      method: 'post',
      path: '/api/items',
      summary: 'Đề xuất khẩu hiệu hoặc thông điệp mới (a draft; submit it for approval next)',
      tag: 'content',
      access: ACTION_ROLES.create,
      body: CreateItemRequestSchema,
      response: ItemDetailSchema,
      status: 201,
      problems: [409],
      handler: async (ctx) => {
        const by = actorOf(ctx);
        const { body } = ctx;
        const document = body.source ? await plans.findByNumber(body.source.document) : undefined;
        await checkReferences(body, document?.id ?? null);
        const media = body.kind === 'picture' || body.kind === 'clip' ? await resolveRevisionMedia(deps.media, body.media, 'body.media') : undefined;
        let detail: ItemDetail | undefined;
        await auditedChange(deps, ctx, { action: 'item.create', target: (after: Item | undefined) => `item:${after!.id}` }, async (tx) => {
          const inTx = new ContentRepository(tx);
          const plansInTx = new PlanRepository(tx);
          if (body.key && (await inTx.keyExists(body.key))) {
            throw new HttpProblem(409, 'Mã mục đã tồn tại', `Đã có mục "${body.key}" trong sổ đăng ký.`, [
              { path: 'body.key', message: 'Mã mục đã tồn tại' },
            ]);
          }
          const id = await inTx.create(
            await newItem(inTx, body, body.key, {
              source: {
                document: body.source?.document ?? '',
                issuer: body.source?.issuer ?? document?.issuer ?? '',
                issuedOn: body.source?.issuedOn ?? document?.issuedOn ?? '',
                section: body.source?.section ?? '',
              },
              sourceDocumentId: document ? await plansInTx.documentId(document.id) : null,
            }, media),
            by,
            new Date(),
          );
          // An item naming a plan as its source belongs to it (provenance, and it plays with it).
          if (document) await plansInTx.link(document.id, id, { section: body.source?.section ?? '', campaignId: null, phaseId: null }, by, new Date());
          detail = (await inTx.getDetail(id))!;
          return inTx.getItem(id);
        });
        return detail!;
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/items/:id/revisions',
      summary: 'Sửa nội dung: rewrites the open draft, or starts a new revision that needs approval again (screens keep the approved one)',
      tag: 'content',
      access: ACTION_ROLES.revise,
      body: ReviseItemRequestSchema,
      response: ItemDetailSchema,
      problems: [404, 409],
      handler: async (ctx) => {
        const item = await findItem(ctx.params.id);
        const parsed = revisionSchema(item.kind).safeParse(ctx.body);
        if (!parsed.success) throw validationProblem(parsed.error, 'body');
        const title = parsed.data.title ?? null;
        // The file's facts are read before the transaction: no file lookups inside it.
        const media = parsed.data.media && (await resolveRevisionMedia(deps.media, parsed.data.media, 'body.media'));
        return change(ctx, 'revise', async (inTx, id, by, at) => {
          const latest = (await inTx.workflowState(id))!.latest.status;
          await inTx.revise(id, parsed.data.text, title, by, at, reviseCreatesRevision(latest), media);
        });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/items/:id/submit',
      summary: 'Gửi duyệt bản nháp mới nhất (submit the latest draft for approval)',
      tag: 'content',
      access: ACTION_ROLES.submit,
      body: EmptyRequestSchema,
      response: ItemDetailSchema,
      problems: [404, 409],
      handler: (ctx) => change(ctx, 'submit', (inTx, id, by, at) => inTx.submit(id, by, at)),
    }),
    defineRoute({
      method: 'post',
      path: '/api/items/:id/approve',
      summary: 'Duyệt bản chờ duyệt, kèm lý do; four eyes: not by its author or submitter. Screens switch to it.',
      tag: 'content',
      access: ACTION_ROLES.approve,
      body: DecisionRequestSchema,
      response: ItemDetailSchema,
      problems: [404, 409],
      handler: (ctx) => change(ctx, 'approve', (inTx, id, by, at) => inTx.decide(id, 'approve', ctx.body.reason, by, at)),
    }),
    defineRoute({
      method: 'post',
      path: '/api/items/:id/reject',
      summary: 'Từ chối bản chờ duyệt, kèm lý do (an approved earlier revision keeps playing)',
      tag: 'content',
      access: ACTION_ROLES.reject,
      body: DecisionRequestSchema,
      response: ItemDetailSchema,
      problems: [404, 409],
      handler: (ctx) => change(ctx, 'reject', (inTx, id, by, at) => inTx.decide(id, 'reject', ctx.body.reason, by, at)),
    }),
    defineRoute({
      method: 'post',
      path: '/api/items/:id/retire',
      summary: 'Thu hồi mục, kèm lý do: off every screen at once, for good (approver or admin)',
      tag: 'content',
      access: ACTION_ROLES.retire,
      body: DecisionRequestSchema,
      response: ItemDetailSchema,
      problems: [404, 409],
      handler: (ctx) => change(ctx, 'retire', (inTx, id, by, at) => inTx.retire(id, ctx.body.reason, by, at)),
    }),
  ];
}
