/**
 * Photos for photo panels (pa nô ảnh).
 * Upload: POST /api/photos, the file's bytes as the raw body (any Content-Type: the type is read
 * from the bytes), the caption as the query parameter `caption` (percent-encoded UTF-8, optional).
 */
import { createHash } from 'node:crypto';
import { continueAdmitted } from '../http/upload-continue.js';
import express, { type RequestHandler } from 'express';
import { z } from 'zod';
import type { Engine } from '../db/engine.js';
import { PhotoRepository } from '../db/photo-repository.js';
import { hasAnyRole, type AuthService } from '../auth/auth-service.js';
import type { Role } from '../protocol/auth.js';
import { auditedChange } from '../http/audited.js';
import { HttpProblem, validationProblem } from '../http/problem.js';
import { sendStoredFile } from '../http/send-file.js';
import { assertFound, defineRoute, signedIn, type RouteContext } from '../http/route.js';
import { readCookie, SESSION_COOKIE } from '../http/session.js';
import type { PhotoFiles } from '../photos/files.js';
import { checkPhotoHeader, PHOTO_LIMITS, validatePhoto, type PhotoRefusal } from '../photos/validate.js';
import type { UploadGate, UploadLimits } from '../photos/upload-gate.js';
import { RenditionError, type Renditions } from '../media/renditions.js';
import { KeyedTurns } from '../media/turns.js';
import {
  PhotoCaptionRequestSchema,
  PhotoIdSchema,
  PhotoListSchema,
  PhotoSchema,
  PhotoUploadQuerySchema,
  type Photo,
  type PhotoMime,
} from '../photos/protocol.js';

const refused = (r: PhotoRefusal) => new HttpProblem(r.status, r.title, r.detail);

export interface PhotoDeps {
  engine: Engine;
  photos: PhotoRepository;
  files: PhotoFiles;
  /** Upload limits and the decoding threads. */
  uploads: UploadGate;
  /** Each photo scaled for screen sizes. */
  renditions: Renditions;
}

/** A screen's size in pixels, for the rendition it would get. */
const RenditionQuerySchema = z
  .object({
    width: z.coerce.number().int().min(1).max(16_384),
    height: z.coerce.number().int().min(1).max(16_384),
  })
  .strict();

export const PHOTO_UPLOAD_PATH = '/api/photos';
const EDITORS: readonly Role[] = ['operator', 'admin'];

/**
 * The upload's body parser; mount it on POST PHOTO_UPLOAD_PATH before the JSON parser. It reads
 * the bytes (up to the size limit) only for a caller who may upload and has a place under the
 * upload limits: a stranger's 15 MB is never buffered (the route itself answers them 401/403),
 * and a user over the limits gets 429 before the body is read. The place is held until the
 * response ends.
 */
export function photoUploadBody(auth: AuthService, uploads: UploadGate): RequestHandler {
  const raw = express.raw({ type: () => true, limit: PHOTO_LIMITS.maxBytes });
  return async (req, res, next) => {
    const principal = await auth.authenticate(readCookie(req, SESSION_COOKIE));
    // Gone while its session was looked up: a place taken now would never be given back.
    if (res.closed) return;
    if (!principal || !hasAnyRole(principal.user, EDITORS)) return next();
    const admitted = uploads.admit(principal.user.id);
    if (!admitted.ok) return next(tooManyUploads(admitted.reason, admitted.retryAfterSeconds, uploads.limits));
    res.once('close', admitted.release);
    continueAdmitted(req, res);
    raw(req, res, (err?: unknown) => {
      if ((err as { type?: string } | undefined)?.type === 'entity.too.large') {
        return next(new HttpProblem(413, 'Ảnh quá lớn', `Tệp vượt giới hạn ${PHOTO_LIMITS.maxBytes / (1024 * 1024)} MB.`));
      }
      next(err);
    });
  };
}

function tooManyUploads(reason: 'user' | 'overall', retryAfterSeconds: number, limits: UploadLimits): HttpProblem {
  const detail =
    reason === 'user'
      ? `Bạn đang tải lên ${limits.perUser} ảnh cùng lúc, mức tối đa; hãy chờ các ảnh đó xong rồi thử lại sau ${retryAfterSeconds} giây. ` +
        `(You already have ${limits.perUser} uploads in progress; wait for them and retry in ${retryAfterSeconds} s.)`
      : `Máy chủ đang xử lý nhiều ảnh tải lên; hãy thử lại sau ${retryAfterSeconds} giây. (The server is busy with other uploads; retry in ${retryAfterSeconds} s.)`;
  return new HttpProblem(429, 'Đang tải lên quá nhiều ảnh (too many uploads)', detail, undefined, { 'Retry-After': String(retryAfterSeconds) });
}

export function photoRoutes(deps: PhotoDeps) {
  const { photos, files, uploads, renditions } = deps;
  const turns = new KeyedTurns();

  const findPhoto = async (raw: string | undefined): Promise<Photo> => {
    const id = PhotoIdSchema.safeParse(raw);
    return assertFound(id.success ? await photos.find(id.data) : undefined, `ảnh "${raw}"`);
  };

  const upload = async (ctx: RouteContext<unknown>): Promise<Photo> => {
    const query = PhotoUploadQuerySchema.safeParse(ctx.req.query);
    if (!query.success) throw validationProblem(query.error, 'query');
    // Anything but raw bytes (a JSON body parsed on the way) is, by its content, not an image.
    const bytes = Buffer.isBuffer(ctx.req.body) ? ctx.req.body : Buffer.alloc(0);
    const header = checkPhotoHeader(bytes);
    if (!header.ok) throw refused(header.refusal);
    const id = createHash('sha256').update(bytes).digest('hex');
    // The same bytes again cost no decode: they were proved an image when first stored.
    if (await photos.find(id)) return sameBytes(ctx, id, header.header.mime, bytes);
    const checked = await validatePhoto(bytes, uploads.decode);
    if (!checked.ok) throw refused(checked.refusal);
    const { mime, width, height } = checked.header;
    // From here on in turn with other uploads and deletes of these bytes: the file and its row
    // appear together for every other request.
    return turns.run(id, async () => {
      // The same bytes may have been stored while this upload was decoding.
      if (await photos.find(id)) return sameBytes(ctx, id, mime, bytes);
      files.write(id, mime, bytes);
      try {
        return await auditedChange(deps, ctx, { action: 'photo.upload', target: `photo:${id}` }, (tx) =>
          new PhotoRepository(tx).insert({ id, mime, width, height, bytes: bytes.length, caption: query.data.caption, uploadedBy: signedIn(ctx).user.id }, new Date()),
        );
      } catch (err) {
        // The same bytes stored by another node in the meantime (its row refused this one): that
        // copy stands, and so does the file they share. A database that cannot answer: the first error.
        if (await photos.find(id).catch(() => undefined)) return sameBytes(ctx, id, mime, bytes);
        files.remove(id, mime);
        throw err;
      }
    });
  };

  /** One copy, the first caption; the file is restored if it went missing. */
  const sameBytes = async (ctx: RouteContext<unknown>, id: string, mime: PhotoMime, bytes: Buffer): Promise<Photo> => {
    const existing = (await photos.find(id))!;
    if (!files.exists(id, mime)) files.write(id, mime, bytes);
    ctx.res.status(200).json(existing);
    return existing;
  };

  return [
    defineRoute({
      method: 'post',
      path: PHOTO_UPLOAD_PATH,
      summary:
        'Tải ảnh lên (JPEG/PNG/WebP tĩnh, tối đa 15 MB, 12 000 điểm ảnh mỗi chiều, 50 megapixel): raw body = the file, ?caption= percent-encoded; 201 new, 200 if the same bytes exist; 429 + Retry-After past 2 uploads in flight per user or 4 overall',
      tag: 'photos',
      access: EDITORS,
      response: PhotoSchema,
      status: 201,
      problems: [400, 413, 429, 507],
      handler: upload,
    }),
    defineRoute({
      method: 'get',
      path: '/api/photos',
      summary: 'Danh sách ảnh đã tải lên, mới nhất trước',
      tag: 'photos',
      access: 'signed-in',
      response: PhotoListSchema,
      handler: async () => ({ photos: await photos.list() }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/photos/:id',
      summary: 'Nội dung tệp ảnh (image/jpeg, image/png or image/webp), as uploaded',
      tag: 'photos',
      access: 'signed-in',
      response: z.unknown().describe('The image bytes'),
      problems: [404],
      handler: async ({ params, res }) => {
        const photo = await findPhoto(params.id);
        await sendStoredFile(
          res,
          files.pathFor(photo.id, photo.mime),
          {
            headers: {
              'Content-Type': photo.mime,
              'X-Content-Type-Options': 'nosniff',
              'Content-Disposition': 'inline',
              // Content-addressed: these bytes never change under this URL.
              'Cache-Control': 'private, max-age=31536000, immutable',
            },
          },
          new HttpProblem(404, 'Không tìm thấy', 'Tệp ảnh không còn trên máy chủ.'),
        );
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/photos/:id/rendition',
      summary:
        'Ảnh như một màn hình cỡ width × height nhận: đã xoay thẳng theo EXIF, thu nhỏ theo cỡ màn hình (cạnh dài 1280, 1920, 2560 hoặc 3840, không phóng to), image/webp; ETag = SHA-256 of the rendition',
      tag: 'photos',
      access: 'signed-in',
      response: z.unknown().describe('The rendition bytes (image/webp)'),
      problems: [400, 404],
      handler: async ({ params, req, res }) => {
        const photo = await findPhoto(params.id);
        const screen = RenditionQuerySchema.safeParse(req.query);
        if (!screen.success) throw validationProblem(screen.error, 'query');
        let rendition;
        try {
          rendition = await renditions.renditionFor(photo.id, screen.data);
        } catch (err) {
          if (err instanceof RenditionError) throw new HttpProblem(404, 'Không tìm thấy', 'Tệp ảnh không còn trên máy chủ, hoặc đã bị thay đổi.');
          throw err;
        }
        // Set before sending, so a request whose If-None-Match names these bytes gets 304.
        res.set({
          'Content-Type': rendition.mime,
          ETag: `"${rendition.sha256}"`,
          'X-Content-Type-Options': 'nosniff',
          'Content-Disposition': 'inline',
          // The URL names the photo and the screen size, not these bytes: a new encoder may change them.
          'Cache-Control': 'private, no-cache',
        });
        await sendStoredFile(res, rendition.path, { etag: false, lastModified: false }, new HttpProblem(404, 'Không tìm thấy', 'Tệp ảnh không còn trên máy chủ.'));
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/api/photos/:id',
      summary: 'Sửa chú thích ảnh',
      tag: 'photos',
      access: EDITORS,
      body: PhotoCaptionRequestSchema,
      response: PhotoSchema,
      problems: [404],
      handler: async (ctx) => {
        const before = await findPhoto(ctx.params.id);
        return auditedChange(deps, ctx, { action: 'photo.caption', target: `photo:${before.id}`, before }, async (tx) =>
          (await new PhotoRepository(tx).setCaption(before.id, ctx.body.caption))!,
        );
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/api/photos/:id',
      summary: 'Xóa ảnh (bản ghi và tệp)',
      tag: 'photos',
      access: EDITORS,
      response: z.object({ ok: z.literal(true) }),
      problems: [404, 409],
      handler: async (ctx) => {
        const before = await findPhoto(ctx.params.id);
        await turns.run(before.id, async () => {
          await auditedChange(deps, ctx, { action: 'photo.delete', target: `photo:${before.id}`, before }, async (tx) => {
            const photosTx = new PhotoRepository(tx);
            // In the same transaction as the delete: no picture item can take the photo in between.
            const shownBy = await photosTx.pictureItemsShowing(before.id);
            if (shownBy.length > 0) {
              throw new HttpProblem(
                409,
                'Ảnh đang được dùng',
                `Ảnh là tệp của ${shownBy.length} mục ảnh trong sổ nội dung (${shownBy.map((t) => `"${t}"`).join(', ')}); hãy ngừng dùng các mục đó trước. ` +
                  `(The photo is the file of ${shownBy.length} picture item(s) in the register; retire them first.)`,
              );
            }
            await photosTx.delete(before.id);
          });
          // After the row is gone, in turn with uploads of the same bytes: none can interleave.
          files.remove(before.id, before.mime);
        });
        // Its renditions' rows went with it (ON DELETE CASCADE); their files follow.
        await renditions.removeUnused();
        return { ok: true as const };
      },
    }),
  ];
}
