import './protocol/zod-locale.js';
import express, { type RequestHandler } from 'express';
import helmet from 'helmet';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from './log.js';
import type { Engine } from './db/engine.js';
import type { ContentRepository } from './db/content-repository.js';
import type { UserRepository } from './db/user-repository.js';
import type { AuditRepository } from './db/audit-repository.js';
import type { AuthService } from './auth/auth-service.js';
import { sessionMiddleware } from './http/session.js';
import { authRoutes } from './routes/auth.js';
import { userRoutes } from './routes/users.js';
import { calendarRoutes } from './routes/calendar.js';
import { nationalDayRoutes } from './routes/national-days.js';
import { scheduleRoutes, type ScheduleDeps } from './routes/schedules.js';
import { overrideRoutes } from './routes/overrides.js';
import type { ScheduleRepository } from './db/schedule-repository.js';
import type { TimelineService } from './timelines.js';
import type { ProofOfPlayRepository } from './db/proof-of-play-repository.js';
import type { DisplayStatus } from './protocol/messages.js';
import { errorHandler, HttpProblem, notFound, sendProblem } from './http/problem.js';
import { diskGuard, type DiskSpace } from './http/disk-space.js';
import type { HostPolicy, OriginPolicy } from './http/origin.js';
import { buildOpenApi, mountRoutes, type RouteSpec } from './http/route.js';
import { healthRoutes } from './routes/health.js';
import type { ChangeFeedStatus } from './cluster/change-feed.js';
import { sloganRoutes } from './routes/slogans.js';
import { displayRoutes, type DisplayRouteDeps } from './routes/displays.js';
import { proofOfPlayRoutes } from './routes/proof-of-play.js';
import { contentRoutes } from './routes/content.js';
import { photoPanelRoutes } from './routes/photo-panels.js';
import type { MediaLookup } from './routes/revision-media.js';
import { planRoutes } from './routes/plans.js';
import type { PlanRepository } from './db/plan-repository.js';
import { PlanTransfer } from './db/plan-transfer.js';
import { PlanReportRepository } from './db/plan-report-repository.js';
import { auditRoutes } from './routes/audit.js';
import { printRoutes, type PrintRouteDeps } from './routes/print.js';
import { PHOTO_UPLOAD_PATH, photoRoutes, photoUploadBody } from './routes/photos.js';
import { PLAN_READ_PATH, planDocumentBody, planReaderRoutes } from './routes/plan-reader.js';
import { PhotoRepository } from './db/photo-repository.js';
import { UploadGate } from './photos/upload-gate.js';
import { mediaRoutes, type MediaRouteDeps } from './routes/media.js';
import { CLIP_UPLOAD_PATH, clipRoutes, clipUploadBody } from './routes/clips.js';
import { ClipRepository } from './db/clip-repository.js';
import { openMediaLibrary, type MediaLibrary } from './media/media-library.js';
import { embedPage, webChannelRoutes, type PublicLimiter, type WebChannelDeps } from './routes/web-channel.js';
import { WebChannelRepository } from './db/web-channel-repository.js';
import type { WebChannel } from './web/channel.js';

export interface AppDeps {
  log: Logger;
  engine: Engine;
  /** How this node hears of changes made through any node (/healthz shows it). */
  changes: () => ChangeFeedStatus;
  /** Which node this is (PANO_NODE_ID): /healthz names it. */
  node: string;
  /** Where uploaded files live (photos, clips, renditions): DATA_DIR, whichever the database engine. */
  dataDir: string;
  content: ContentRepository;
  plans: PlanRepository;
  users: UserRepository;
  audit: AuditRepository;
  auth: AuthService;
  schedules: ScheduleRepository;
  timelines: TimelineService;
  /** Behind a TLS proxy: req.secure from X-Forwarded-Proto, so the session cookie is Secure. */
  trustProxy: boolean;
  /** Paired displays (registry, pairing, commands) and their proof-of-play log. */
  displays: Omit<DisplayRouteDeps, 'engine' | 'audit'> & {
    list: () => Promise<DisplayStatus[]>;
    count: () => number;
    proofs: ProofOfPlayRepository;
    timeZone: string;
  };
  /** Print jobs: their records and the queue that renders them. */
  print: Pick<PrintRouteDeps, 'jobs' | 'runner'>;
  originAllowed: OriginPolicy;
  hostAllowed: HostPolicy;
  version: string;
  startedAt: number;
  fontsDir: string;
  /** Free space on DATA_DIR's disk: health reports it, writes are refused below the reserve. */
  disk: DiskSpace;
  /**
   * Pictures and clips fetched by screens with URLs signed for them; `library`, the media files
   * opened once per server, is shared with the hub that sends screens their lists.
   */
  media: Omit<MediaRouteDeps, 'displays'> & { library?: MediaLibrary };
  /** Built control panel and display pages (dist/web); absent in API-only tests. */
  webDir?: string;
  /** The web zone's public channel and its per-client request limit. */
  web: { channel: WebChannel; limiter: PublicLimiter };
}

/** Largest JSON body accepted; the biggest legitimate body (a whole plan) is far below it. */
export const JSON_BODY_LIMIT = '256kb';

/** `media`: the media files beside the database (DATA_DIR/photos, clips, renditions), opened once per server. */
export function allRoutes(deps: AppDeps, uploads = new UploadGate(), media: MediaLibrary = openMediaLibrary(deps.engine.db, deps.dataDir)): RouteSpec[] {
  return [
    ...healthRoutes({
      engine: deps.engine,
      node: deps.node,
      version: deps.version,
      startedAt: deps.startedAt,
      displaysConnected: deps.displays.count,
      disk: deps.disk,
      changes: deps.changes,
    }),
    ...authRoutes({ auth: deps.auth }),
    ...userRoutes({ engine: deps.engine, users: deps.users, auth: deps.auth }),
    ...sloganRoutes({ content: deps.content }),
    ...contentRoutes({ engine: deps.engine, content: deps.content, plans: deps.plans, media: mediaLookup(deps.engine.db) }),
    ...planRoutes({
      engine: deps.engine,
      plans: deps.plans,
      transfer: new PlanTransfer(deps.engine.db, deps.plans),
      content: deps.content,
      audit: deps.audit,
      report: { reports: new PlanReportRepository(deps.engine.db) },
    }),
    ...planReaderRoutes(),
    ...displayRoutes({ engine: deps.engine, audit: deps.audit, ...deps.displays }),
    ...proofOfPlayRoutes(deps.displays),
    ...calendarRoutes(deps),
    ...nationalDayRoutes(deps),
    ...scheduleRoutes(scheduleDeps(deps)),
    ...photoPanelRoutes(scheduleDeps(deps)),
    ...overrideRoutes(scheduleDeps(deps)),
    ...auditRoutes({ engine: deps.engine, audit: deps.audit }),
    ...printRoutes({ engine: deps.engine, content: deps.content, schedules: deps.schedules, photos: new PhotoRepository(deps.engine.db), ...deps.print }),
    ...photoRoutes({ engine: deps.engine, photos: media.photos, files: media.photoFiles, uploads, renditions: media.renditions }),
    ...clipRoutes({ engine: deps.engine, clips: media.clips, uploads: media.clipUploads }),
    ...mediaRoutes({ ...deps.media, displays: deps.displays.registry }),
    ...webChannelRoutes(webChannelDeps(deps, media)),
  ];
}

function webChannelDeps(deps: AppDeps, media: MediaLibrary): WebChannelDeps {
  return { engine: deps.engine, settings: new WebChannelRepository(deps.engine.db), renditions: media.renditions, ...deps.web };
}

/** The uploaded files picture and clip items may name. */
function mediaLookup(db: Engine['db']): MediaLookup {
  const photos = new PhotoRepository(db);
  const clips = new ClipRepository(db);
  return { picture: (id) => photos.find(id), clip: (id) => clips.find(id) };
}

function scheduleDeps(deps: AppDeps): ScheduleDeps {
  return {
    ...deps,
    plans: deps.plans,
    itemExists: async (id) => (await deps.content.getItem(id)) !== undefined,
    photoPanels: deps.print.jobs,
    displayExists: async (id) => (await deps.displays.registry.findById(id)) !== undefined,
  };
}

/** The Express app without listen(), so tests can mount it on port 0. */
export function createApp(deps: AppDeps): express.Express {
  const app = express();
  const uploads = new UploadGate();
  const media = deps.media.library ?? openMediaLibrary(deps.engine.db, deps.dataDir);
  app.disable('x-powered-by');
  app.set('trust proxy', deps.trustProxy ? 1 : false);
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          connectSrc: ["'self'"],
          fontSrc: ["'self'"],
          imgSrc: ["'self'", 'data:', 'blob:'],
          // Screens play clips from their media cache as blob: URLs; the panel previews /api/clips.
          mediaSrc: ["'self'", 'blob:'],
          styleSrc: ["'self'", "'unsafe-inline'"],
          scriptSrc: ["'self'"],
          workerSrc: ["'self'"],
          // Helmet's default would make browsers fetch every script over https: on a kiosk reaching
          // Pano at http://<LAN address>, the display and the panel would never load.
          upgradeInsecureRequests: null,
        },
      },
      // Displays load over plain HTTP on a LAN; HSTS would lock them out.
      strictTransportSecurity: false,
    }),
  );
  // Before any body is read: on a full disk a 15 MB upload is refused unread.
  app.use(diskGuard(deps.disk));
  // Photo uploads are raw bytes up to 15 MB: their own parser, ahead of the JSON one.
  app.post(PHOTO_UPLOAD_PATH, photoUploadBody(deps.auth, uploads));
  // Clips up to 100 MB stream to a temporary file, never into memory.
  app.post(CLIP_UPLOAD_PATH, clipUploadBody(deps.auth, media.clipUploads, deps.originAllowed));
  // Plan documents (.txt, .docx, PDF) up to 10 MB, likewise raw.
  app.post(PLAN_READ_PATH, planDocumentBody(deps.auth));
  app.use(express.json({ limit: JSON_BODY_LIMIT }));
  app.use(hostGuard(deps.hostAllowed, deps.log));
  app.use(originGuard(deps.originAllowed, deps.log));
  app.use(sessionMiddleware(deps.auth));

  const routes = allRoutes(deps, uploads, media);
  const openApi = buildOpenApi(routes, { title: 'Pano API', version: deps.version });
  const router = express.Router();
  mountRoutes(router, routes);
  router.get('/api/openapi.json', (_req, res) => {
    res.json(openApi);
  });
  app.use(router);
  app.use('/api', notFound);

  app.use('/fonts', express.static(deps.fontsDir, { immutable: true, maxAge: '30d', fallthrough: false }));
  if (deps.webDir && existsSync(deps.webDir)) mountWeb(app, deps.webDir, webChannelDeps(deps, media));
  app.use(notFound);
  app.use(errorHandler(deps.log, deps.disk));
  return app;
}

function mountWeb(app: express.Express, webDir: string, web: WebChannelDeps): void {
  app.use('/assets', express.static(path.join(webDir, 'assets'), { immutable: true, maxAge: '365d' }));
  const page = (name: string): RequestHandler => (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(path.join(webDir, name, 'index.html'));
  };
  // Strict routing: "/display" and "/display/" are different paths, so the redirect cannot loop.
  const pages = express.Router({ strict: true });
  pages.get('/display', (req, res) => {
    const query = req.url.indexOf('?');
    res.redirect(301, '/display/' + (query >= 0 ? req.url.slice(query) : ''));
  });
  pages.get('/display/', page('display'));
  // The display's service worker; no-cache so a new build's worker is picked up on the next load.
  pages.get('/display/sw.js', (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(path.join(webDir, 'display', 'sw.js'));
  });
  pages.get('/', page('control'));
  // The web zone's banner, framed by the agency's portal (CSP frame-ancestors from the admin's list).
  pages.get('/embed/:zoneId', embedPage(web, webDir));
  app.use(pages);
}

function hostGuard(allowed: HostPolicy, log: Logger): RequestHandler {
  return (req, res, next) => {
    if (allowed(req.headers.host)) return next();
    log.warn('request refused: host', { host: req.headers.host, path: req.path });
    sendProblem(
      res,
      new HttpProblem(421, 'Tên máy không được phép', `Pano không phục vụ tên máy "${req.headers.host ?? ''}". Quản trị viên thêm tên này vào ALLOWED_HOSTS.`),
      req.originalUrl,
    );
  };
}

function originGuard(allowed: OriginPolicy, log: Logger): RequestHandler {
  return (req, res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return next();
    if (allowed(req.headers.origin, req.headers.host)) return next();
    log.warn('request refused: origin', { origin: req.headers.origin, path: req.path });
    sendProblem(res, new HttpProblem(403, 'Nguồn gửi không được phép', 'Yêu cầu đến từ một trang không được phép (Origin).'), req.originalUrl);
  };
}
