/**
 * The web zone's public channel, the first routes without sign-in: what the web zone shows now and
 * next (JSON), its rotation as an Atom feed, its timeline for the embeddable banner, and the
 * banner page itself; the admin switches it on and lists the portals that may embed it.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Request, RequestHandler, Response } from 'express';
import { z } from 'zod';
import { TimelineSchema, type Timeline } from '../protocol/timeline.js';
import { WebChannelSettingsRequestSchema, WebChannelViewSchema, WebNowSchema, type WebChannelSettings } from '../protocol/web-channel.js';
import { defineRoute, type RouteContext } from '../http/route.js';
import { auditedChange } from '../http/audited.js';
import { HttpProblem } from '../http/problem.js';
import { sendStoredFile } from '../http/send-file.js';
import type { Engine } from '../db/engine.js';
import { WebChannelRepository } from '../db/web-channel-repository.js';
import { AttemptLimiter } from '../auth/rate-limit.js';
import { networkOf } from '../auth/network.js';
import { showsPicture, webNow, withoutDatabaseIds, WEB_PICTURE_SCREEN, type PictureUrl, type WebChannel, type WebZone } from '../web/channel.js';
import { RenditionError, type Renditions } from '../media/renditions.js';
import { ATOM_TYPE, atomFeed } from '../web/atom.js';

export interface WebChannelDeps {
  engine: Engine;
  settings: WebChannelRepository;
  channel: WebChannel;
  /** Counts every public request per client address. */
  limiter: PublicLimiter;
  /** Pictures the web zone shows are served as renditions, never as uploaded. */
  renditions: Pick<Renditions, 'renditionFor'>;
}

/** Browsers and proxies may keep an answer this long; the banner polls at the same pace. */
export const PUBLIC_MAX_AGE_S = 30;
/** The feed changes when the rotation does; readers poll every few minutes anyway. */
const FEED_MAX_AGE_S = 60;

/** Requests per minute per client: an IPv4 address, or an IPv6 /64 (one device holds many of those addresses). */
export class PublicLimiter {
  private readonly attempts: AttemptLimiter;

  constructor(perMinute: number) {
    this.attempts = new AttemptLimiter(perMinute, 60_000);
  }

  check(remoteAddress: string, now = Date.now()): void {
    const key = remoteAddress.includes('.') ? remoteAddress : networkOf(remoteAddress);
    const wait = this.attempts.retryAfter(key, now);
    if (wait > 0) {
      throw new HttpProblem(429, 'Quá nhiều yêu cầu', `Hãy thử lại sau ${wait} giây. (Too many requests: try again in ${wait} s.)`, undefined, { 'Retry-After': String(wait) });
    }
    this.attempts.record(key, now);
  }
}

const SWITCHED_OFF = new HttpProblem(404, 'Không tìm thấy', 'Kênh công khai của trang tin đang tắt. (The web channel is switched off.)');

/**
 * The checks every public request passes, in this order: the rate limit (counted even when
 * switched off), the switch, then the zone, which must be a web zone.
 */
async function openZone(d: WebChannelDeps, req: Request, remoteAddress: string): Promise<{ zone: WebZone; settings: WebChannelSettings }> {
  d.limiter.check(remoteAddress);
  const settings = await d.settings.get();
  if (!settings.enabled) throw SWITCHED_OFF;
  const zone = await d.channel.zone(String(req.params.zoneId ?? ''));
  if (!zone) throw new HttpProblem(404, 'Không tìm thấy', `Không có kênh web "${String(req.params.zoneId ?? '')}". (No such web channel.)`);
  return { zone, settings };
}

/** The zone's timeline from now; a web zone always has one (the compiler knows every zone). */
async function timelineOf(d: WebChannelDeps, zone: WebZone, now: number): Promise<Timeline> {
  const timeline = await d.channel.timeline(zone.id, now);
  if (!timeline) throw new HttpProblem(404, 'Không tìm thấy', `Không có kênh web "${zone.id}".`);
  return timeline;
}

/** CORS for the listed portals only: any other page's script cannot read the answer. */
function allowListedOrigin(res: Response, req: Request, settings: WebChannelSettings): void {
  res.vary('Origin');
  const origin = req.headers.origin;
  if (origin && settings.allowedOrigins.includes(origin)) res.setHeader('Access-Control-Allow-Origin', origin);
}

/** A strong ETag from the bytes: equal content, equal tag, whoever asks and whenever. */
export function strongEtag(body: string): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
}

/** Sends with ETag and Cache-Control; a matching If-None-Match gets 304 with no body. */
function sendCacheable(req: Request, res: Response, type: string, body: string, maxAgeSeconds: number): void {
  res.setHeader('Cache-Control', `public, max-age=${maxAgeSeconds}`);
  res.setHeader('ETag', strongEtag(body));
  res.type(type);
  // req.fresh compares If-None-Match with the ETag just set (the `fresh` package, as Express does).
  if (req.fresh) {
    res.status(304).end();
    return;
  }
  res.send(body);
}

function absolute(req: Request, pathname: string): string {
  return `${req.protocol}://${req.get('host')}${pathname}`;
}

function pictureUrl(req: Request, zone: WebZone): PictureUrl {
  return (mediaId) => absolute(req, `/api/public/web/${encodeURIComponent(zone.id)}/pictures/${mediaId}`);
}

export function webChannelRoutes(d: WebChannelDeps) {
  const publicGet = <R extends z.ZodType>(
    suffix: string,
    summary: string,
    response: R,
    send: (ctx: RouteContext<unknown>, zone: WebZone, now: number) => Promise<void>,
  ) =>
    defineRoute({
      method: 'get',
      path: `/api/public/web/:zoneId${suffix}`,
      summary,
      tag: 'web',
      access: 'public',
      response,
      problems: [404, 429],
      handler: async (ctx) => {
        const { zone, settings } = await openZone(d, ctx.req, ctx.remoteAddress);
        allowListedOrigin(ctx.res, ctx.req, settings);
        await send(ctx, zone, Date.now());
        // Sent above (ETag, 304 or body, its own content type): mountRoutes sends nothing more.
        return undefined as z.infer<R>;
      },
    });
  return [
    defineRoute({
      method: 'get',
      path: '/api/web-channel',
      summary: 'Kênh công khai của trang tin: bật/tắt, các trang được nhúng, các khu vực web (admin)',
      tag: 'web',
      access: ['admin'],
      response: WebChannelViewSchema,
      handler: async () => ({ settings: await d.settings.get(), zones: await d.channel.webZones() }),
    }),
    defineRoute({
      method: 'put',
      path: '/api/web-channel',
      summary: 'Bật/tắt kênh công khai của trang tin và đặt các trang (origin) được nhúng (admin)',
      tag: 'web',
      access: ['admin'],
      body: WebChannelSettingsRequestSchema,
      response: WebChannelViewSchema,
      handler: async (ctx) => {
        const before = await d.settings.get();
        const settings = await auditedChange(d, ctx, { action: 'web-channel.update', target: 'web-channel', before }, (tx) =>
          new WebChannelRepository(tx).set(ctx.body, ctx.principal!.user.id, new Date()),
        );
        return { settings, zones: await d.channel.webZones() };
      },
    }),
    publicGet('', 'Trang tin: mục đang hiện và các mục kế tiếp của khu vực web (công khai, chỉ nội dung đã duyệt)', WebNowSchema, async (ctx, zone, now) => {
      const current = webNow(zone, await timelineOf(d, zone, now), now, pictureUrl(ctx.req, zone));
      // Never past the current item's end: a cache must not hold it after the zone moved on.
      const left = current.now ? Math.ceil((Date.parse(current.now.until) - now) / 1000) : PUBLIC_MAX_AGE_S;
      sendCacheable(ctx.req, ctx.res, 'application/json', JSON.stringify(current), Math.max(1, Math.min(PUBLIC_MAX_AGE_S, left)));
    }),
    publicGet('/timeline', 'Trang tin: lịch phát của khu vực web trong một ngày tới, cho băng rôn nhúng (công khai)', TimelineSchema, async (ctx, zone, now) => {
      sendCacheable(ctx.req, ctx.res, 'application/json', JSON.stringify(withoutDatabaseIds(await timelineOf(d, zone, now))), PUBLIC_MAX_AGE_S);
    }),
    publicGet('/feed.atom', 'Trang tin: các mục đang luân phiên, dạng Atom (RFC 4287; công khai)', z.string(), async (ctx, zone, now) => {
      const links = { self: absolute(ctx.req, `/api/public/web/${encodeURIComponent(zone.id)}/feed.atom`), banner: absolute(ctx.req, `/embed/${encodeURIComponent(zone.id)}`) };
      const timeline = await timelineOf(d, zone, now);
      const dates = await d.channel.revisionDates();
      const feed = atomFeed(zone, timeline, now, links, (id) => dates.get(id), pictureUrl(ctx.req, zone));
      sendCacheable(ctx.req, ctx.res, ATOM_TYPE, feed, FEED_MAX_AGE_S);
    }),
    defineRoute({
      method: 'get',
      path: '/api/public/web/:zoneId/pictures/:mediaId',
      summary: 'Trang tin: ảnh của một mục ảnh khu vực web đang hoặc sắp hiện (bản WebP, cạnh dài tối đa 1280; công khai)',
      tag: 'web',
      access: 'public',
      response: z.unknown().describe('The rendition bytes (image/webp)'),
      problems: [404, 429],
      handler: async (ctx) => {
        const { zone, settings } = await openZone(d, ctx.req, ctx.remoteAddress);
        const mediaId = String(ctx.params.mediaId ?? '');
        // Only a picture on the web zone's own timeline: never another zone's, a draft's, or any stored photo.
        if (!showsPicture(await timelineOf(d, zone, Date.now()), mediaId)) throw new HttpProblem(404, 'Không tìm thấy', 'Trang tin không hiện ảnh này. (The web page does not show this picture.)');
        let rendition;
        try {
          rendition = await d.renditions.renditionFor(mediaId, WEB_PICTURE_SCREEN);
        } catch (err) {
          if (err instanceof RenditionError) throw new HttpProblem(404, 'Không tìm thấy', 'Tệp ảnh không còn trên máy chủ. (The picture file is gone.)');
          throw err;
        }
        allowListedOrigin(ctx.res, ctx.req, settings);
        ctx.res.set({
          'Content-Type': rendition.mime,
          ETag: `"${rendition.sha256}"`,
          'Cache-Control': `public, max-age=${PUBLIC_MAX_AGE_S}`,
          // The portal's own pages show it in an <img>: a public picture any page may draw.
          'Cross-Origin-Resource-Policy': 'cross-origin',
          'Content-Disposition': 'inline',
        });
        if (ctx.req.fresh) {
          ctx.res.status(304).end();
          return undefined;
        }
        await sendStoredFile(ctx.res, rendition.path, { etag: false, lastModified: false }, new HttpProblem(404, 'Không tìm thấy', 'Tệp ảnh không còn trên máy chủ.'));
        return undefined;
      },
    }),
  ];
}

/**
 * The banner page (dist/web/display/embed.html) at /embed/<zone>: only the listed portals (and
 * Pano itself, for the admin's preview) may frame it, by CSP frame-ancestors; X-Frame-Options,
 * which cannot list origins, is dropped.
 */
export function embedPage(d: WebChannelDeps, webDir: string): RequestHandler {
  return async (req, res, next) => {
    try {
      const { settings } = await openZone(d, req, req.ip ?? req.socket.remoteAddress ?? '');
      const csp = String(res.getHeader('Content-Security-Policy') ?? '')
        .split(';')
        .map((s) => s.trim())
        .filter((s) => s !== '' && !s.startsWith('frame-ancestors'));
      csp.push(['frame-ancestors', "'self'", ...settings.allowedOrigins].join(' '));
      res.setHeader('Content-Security-Policy', csp.join(';'));
      res.removeHeader('X-Frame-Options');
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(path.join(webDir, 'display', 'embed.html'));
    } catch (err) {
      next(err);
    }
  };
}
