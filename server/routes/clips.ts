/**
 * Short clips for screens, served as uploaded (never transcoded).
 * Upload: POST /api/clips, the file's bytes as the raw body (any Content-Type: the type is read
 * from the bytes). The body streams to a temporary file, cut off at 100 MB; MediaInfo then reads
 * the container in a worker thread (server/media/clip-probe.ts); a refused clip leaves nothing.
 */
import type { RequestHandler, Response } from 'express';
import { continueAdmitted } from '../http/upload-continue.js';
import { z } from 'zod';
import type { Engine } from '../db/engine.js';
import { ClipRepository } from '../db/clip-repository.js';
import { hasAnyRole, type AuthService } from '../auth/auth-service.js';
import type { Role } from '../protocol/auth.js';
import { auditedChange } from '../http/audited.js';
import { HttpProblem } from '../http/problem.js';
import { sendStoredFile } from '../http/send-file.js';
import { isDiskFull } from '../http/disk-space.js';
import { assertFound, defineRoute, signedIn, type RouteContext } from '../http/route.js';
import { readCookie, SESSION_COOKIE } from '../http/session.js';
import type { OriginPolicy } from '../http/origin.js';
import { ClipTooLarge, type ReceivedClip } from '../media/clip-files.js';
import type { ClipUploads } from '../media/media-library.js';
import { CLIP_LIMITS, checkProbedClip, sniffClipContainer, tooManyBytes, wrongType, type ClipRefusal } from '../media/clip-limits.js';
import { ProbeFailed } from '../media/clip-probe.js';
import { KeyedTurns } from '../media/turns.js';
import { ClipListSchema, ClipSchema, type Clip } from '../media/clip-protocol.js';
import { MediaIdSchema } from '../protocol/media.js';

export const CLIP_UPLOAD_PATH = '/api/clips';
/** The roles that may upload photos. */
const EDITORS: readonly Role[] = ['operator', 'admin'];

export interface ClipDeps {
  engine: Engine;
  clips: ClipRepository;
  uploads: ClipUploads;
}

const refused = (r: ClipRefusal) => new HttpProblem(r.status, r.title, r.detail);

/** The received upload, which clipUploadBody leaves for the route. */
const received = (res: Response): ReceivedClip | undefined => (res.locals as { clip?: ReceivedClip }).clip;

/**
 * The upload's body reader; mount it on POST CLIP_UPLOAD_PATH before the JSON parser. It reads
 * the bytes only for a caller who may upload, from an allowed origin, and has a place under the
 * upload limits (the route or the origin guard answers others 401/403, a user over the limits gets
 * 429 before the body is read), so a page elsewhere cannot make a signed-in browser fill the disk.
 * A declared length over the limit is refused unread; otherwise reading stops at the limit. The
 * place and the temporary file are held until the response ends.
 */
export function clipUploadBody(auth: AuthService, uploads: ClipUploads, originAllowed: OriginPolicy): RequestHandler {
  return async (req, res, next) => {
    if (!originAllowed(req.headers.origin, req.headers.host)) return next();
    const principal = await auth.authenticate(readCookie(req, SESSION_COOKIE));
    // Gone while its session was looked up: a place taken now would never be given back.
    if (res.closed) return;
    if (!principal || !hasAnyRole(principal.user, EDITORS)) return next();
    const admitted = uploads.gate.admit(principal.user.id);
    if (!admitted.ok) return next(tooManyClips(admitted.reason, admitted.retryAfterSeconds));
    res.once('close', admitted.release);
    continueAdmitted(req, res);
    const tooLarge = () => {
      // The rest of the body is read and dropped, so the client sees the answer, then the connection closes.
      res.setHeader('Connection', 'close');
      req.resume();
      next(refused(tooManyBytes()));
    };
    if (Number(req.headers['content-length'] ?? 0) > CLIP_LIMITS.maxBytes) return tooLarge();
    uploads.files.receive(req, CLIP_LIMITS.maxBytes).then(
      (clip) => {
        // The client may have gone while the file was being finished: its temporary file goes at once.
        if (res.closed) return uploads.files.discard(clip);
        (res.locals as { clip?: ReceivedClip }).clip = clip;
        res.once('close', () => uploads.files.discard(clip));
        next();
      },
      (err: unknown) => {
        if (err instanceof ClipTooLarge) return tooLarge();
        // A full disk goes to the error handler (507); anything else is the body breaking off.
        if (isDiskFull(err)) return next(err);
        next(new HttpProblem(400, 'Tải lên bị ngắt giữa chừng (upload interrupted)', 'Tệp phim không được gửi hết; hãy thử lại. (The clip was not sent completely; try again.)'));
      },
    );
  };
}

function tooManyClips(reason: 'user' | 'overall', retryAfterSeconds: number): HttpProblem {
  const detail =
    reason === 'user'
      ? `Bạn đang tải lên một đoạn phim; hãy chờ đoạn đó xong rồi thử lại sau ${retryAfterSeconds} giây. (You already have a clip upload in progress; retry in ${retryAfterSeconds} s.)`
      : `Máy chủ đang xử lý nhiều đoạn phim tải lên; hãy thử lại sau ${retryAfterSeconds} giây. (The server is busy with other clip uploads; retry in ${retryAfterSeconds} s.)`;
  return new HttpProblem(429, 'Đang tải lên quá nhiều đoạn phim (too many uploads)', detail, undefined, { 'Retry-After': String(retryAfterSeconds) });
}

const PROBE_FAILURES: Record<ProbeFailed['reason'], ClipRefusal> = {
  unreadable: { status: 400, title: 'Đoạn phim bị hỏng hoặc không đầy đủ (broken clip)', detail: 'Không đọc được cấu trúc tệp phim. (The clip\'s container cannot be read.)' },
  'too-slow': { status: 413, title: 'Đoạn phim quá phức tạp (clip too complex)', detail: 'Đọc cấu trúc tệp phim quá lâu; Pano đã dừng. (Reading the clip took too long; Pano stopped.)' },
  'too-big': { status: 413, title: 'Đoạn phim quá phức tạp (clip too complex)', detail: 'Cấu trúc tệp phim cần quá nhiều bộ nhớ để đọc. (Reading the clip needed too much memory.)' },
};

export function clipRoutes(deps: ClipDeps) {
  const { clips, uploads } = deps;
  const turns = new KeyedTurns();

  const upload = async (ctx: RouteContext<unknown>): Promise<Clip> => {
    const clip = received(ctx.res);
    if (!clip || clip.bytes === 0) throw refused({ ...wrongType, detail: 'Không nhận được dữ liệu nào; hãy gửi nội dung tệp phim. (No bytes were received.)' });
    const container = sniffClipContainer(uploads.files.head(clip.file));
    if (!container) throw refused(wrongType);
    // The same bytes again cost no probe: they were checked when first stored.
    if (await clips.find(clip.sha256)) return sameBytes(ctx, clip);
    let probe;
    try {
      probe = await uploads.prober.probe(clip.file);
    } catch (err) {
      if (err instanceof ProbeFailed) throw refused(PROBE_FAILURES[err.reason]);
      throw err;
    }
    const checked = checkProbedClip(container, probe);
    if (!checked.ok) throw refused(checked.refusal);
    // From here on in turn with other uploads of these bytes: the file and its row appear together
    // for every other request.
    return turns.run(clip.sha256, async () => {
      if (await clips.find(clip.sha256)) return sameBytes(ctx, clip);
      uploads.files.commit(clip, container);
      try {
        return await auditedChange(deps, ctx, { action: 'clip.upload', target: `clip:${clip.sha256}` }, (tx) =>
          new ClipRepository(tx).insert({ id: clip.sha256, ...checked.facts, bytes: clip.bytes, uploadedBy: signedIn(ctx).user.id }, new Date()),
        );
      } catch (err) {
        // The same bytes stored by another node in the meantime (its row refused this one): that
        // copy stands, and so does the file they share. A database that cannot answer: the first error.
        if (await clips.find(clip.sha256).catch(() => undefined)) return sameBytes(ctx, clip);
        uploads.files.remove(clip.sha256, container);
        throw err;
      }
    });
  };

  /** One copy; the file is restored if it went missing. */
  const sameBytes = async (ctx: RouteContext<unknown>, clip: ReceivedClip): Promise<Clip> => {
    const existing = (await clips.find(clip.sha256))!;
    if (!uploads.files.exists(existing.id, existing.container)) uploads.files.commit(clip, existing.container);
    ctx.res.status(200).json(existing);
    return existing;
  };

  return [
    defineRoute({
      method: 'post',
      path: CLIP_UPLOAD_PATH,
      summary:
        'Tải đoạn phim lên (WebM VP9/AV1 + Opus/Vorbis, MP4 H.264 + AAC; 1 đến 60 giây, tối đa 100 MB, 3840 × 2160): raw body = the file; 201 new, 200 if the same bytes exist; 429 + Retry-After past 1 upload in flight per user or 2 overall',
      tag: 'clips',
      access: EDITORS,
      response: ClipSchema,
      status: 201,
      problems: [400, 413, 429, 507],
      handler: upload,
    }),
    defineRoute({
      method: 'get',
      path: '/api/clips',
      summary: 'Danh sách đoạn phim đã tải lên, mới nhất trước',
      tag: 'clips',
      access: 'signed-in',
      response: ClipListSchema,
      handler: async () => ({ clips: await clips.list() }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/clips/:id',
      summary: 'Nội dung tệp phim (video/webm or video/mp4), as uploaded; Range requests answered 206',
      tag: 'clips',
      access: 'signed-in',
      response: z.unknown().describe('The clip bytes'),
      problems: [404, 416],
      handler: async ({ params, res }) => {
        const id = MediaIdSchema.safeParse(params.id);
        const clip = assertFound(id.success ? await clips.find(id.data) : undefined, `đoạn phim "${params.id}"`);
        // send (behind sendFile) answers Range requests with 206 and If-Range/ETag: a <video> seeks without the whole file.
        await sendStoredFile(
          res,
          uploads.files.pathFor(clip.id, clip.container),
          {
            headers: {
              'Content-Type': clip.mime,
              'X-Content-Type-Options': 'nosniff',
              'Content-Disposition': 'inline',
              // Content-addressed: these bytes never change under this URL.
              'Cache-Control': 'private, max-age=31536000, immutable',
            },
          },
          new HttpProblem(404, 'Không tìm thấy', 'Tệp phim không còn trên máy chủ.'),
        );
      },
    }),
  ];
}
