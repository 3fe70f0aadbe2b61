import { z } from 'zod';
import { defineRoute } from '../http/route.js';
import { HttpProblem, validationProblem } from '../http/problem.js';
import { sendStoredFile } from '../http/send-file.js';
import { MediaIdSchema } from '../protocol/media.js';
import type { DisplayRepository } from '../db/display-repository.js';
import type { MediaDelivery } from '../media/media-delivery.js';
import type { MediaUrlSigner } from '../media/url-signing.js';
import type { MediaFetchLimit } from '../media/fetch-limit.js';

export interface MediaRouteDeps {
  signer: MediaUrlSigner;
  delivery: Pick<MediaDelivery, 'granted'>;
  displays: Pick<DisplayRepository, 'findById'>;
  limit: MediaFetchLimit;
}

const SignedQuerySchema = z
  .object({
    d: z.string().max(64).regex(/^[A-Za-z0-9-]+$/),
    e: z.string().regex(/^\d{1,15}$/).transform(Number),
    s: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  })
  .strict();

/** The same answer for every URL this server did not sign for exactly this file and display. */
const NOT_SIGNED = new HttpProblem(403, 'Liên kết không hợp lệ', 'Liên kết tệp này không do máy chủ cấp cho màn hình này. (This link was not issued for this screen.)');

/**
 * A screen fetches the pictures and clips of its timeline with URLs signed for it (see
 * media/url-signing.ts): no cookie, no token. Express never logs a query, and Pano logs requests only
 * by path, so signatures stay out of the logs.
 */
export function mediaRoutes(deps: MediaRouteDeps) {
  return [
    defineRoute({
      method: 'get',
      path: '/media/:sha256',
      summary: 'Tệp ảnh hoặc đoạn phim cho một màn hình, qua liên kết có chữ ký (?d=&e=&s=) do máy chủ gửi cho màn hình đó; không cần đăng nhập',
      tag: 'media',
      access: 'public',
      response: z.unknown().describe('The rendition bytes; ETag is its SHA-256'),
      problems: [400, 403, 410, 429],
      handler: async ({ req, res, params }) => {
        const sha256 = MediaIdSchema.safeParse(params.sha256);
        if (!sha256.success) throw validationProblem(sha256.error, 'path');
        const query = SignedQuerySchema.safeParse(req.query);
        if (!query.success) throw validationProblem(query.error, 'query');
        const { d: displayId, e: expiresAt, s } = query.data;
        if (!deps.signer.verify({ sha256: sha256.data, displayId, expiresAt }, s)) throw NOT_SIGNED;
        if (expiresAt <= Date.now()) throw new HttpProblem(410, 'Liên kết đã hết hạn', 'Màn hình sẽ nhận liên kết mới từ máy chủ. (This link has expired; the screen gets a new one.)');
        const display = await deps.displays.findById(displayId);
        if (!display || display.revokedAt) throw new HttpProblem(403, 'Màn hình đã bị thu hồi', 'Màn hình này không còn được ghép nối. (This screen is no longer paired.)');
        const file = deps.delivery.granted(displayId, sha256.data);
        if (!file) throw new HttpProblem(410, 'Tệp không còn trong lịch phát', 'Lịch phát hiện tại của màn hình này không cần tệp này. (The screen’s current timeline does not need this file.)');
        const etag = `"${file.sha256}"`;
        const headers = {
          'Content-Type': file.mime,
          ETag: etag,
          // The screen keeps its own verified copy (Cache API): the browser's HTTP cache need not hold a second one.
          'Cache-Control': 'private, no-cache',
          'X-Content-Type-Options': 'nosniff',
          'Content-Disposition': 'inline',
        };
        const notModified = req.headers['if-none-match'] === etag;
        const wait = deps.limit.take(displayId, notModified ? 0 : file.bytes);
        if (wait > 0) {
          throw new HttpProblem(429, 'Màn hình tải tệp quá nhiều', 'Màn hình này đã tải quá nhiều tệp trong thời gian ngắn. (Too many media requests from this screen.)', undefined, { 'Retry-After': String(wait) });
        }
        if (notModified) {
          res.status(304).set(headers).end();
          return;
        }
        await sendStoredFile(res, file.path, { headers, etag: false, lastModified: false }, new HttpProblem(410, 'Tệp không còn trên máy chủ', 'Tệp này không còn trên máy chủ. (The file is gone from the server.)'));
      },
    }),
  ];
}
