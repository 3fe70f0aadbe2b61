import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { databaseLabel, type Config } from './config.js';
import type { Logger } from './log.js';
import { openStore, type Store } from './store.js';
import { lockDataDir } from './db/data-dir-lock.js';
import { DiskSpace } from './http/disk-space.js';
import { ChangeFeed } from './cluster/change-feed.js';
import { NotificationListener } from './db/postgres/listener.js';
import { deferUploadContinue } from './http/upload-continue.js';
import { createApp } from './app.js';
import { Hub, type HubOptions } from './ws/hub.js';
import { newNodeId } from './cluster/node.js';
import { createHostPolicy, createOriginPolicy } from './http/origin.js';
import { playableItems, TimelineService } from './timelines.js';
import { AuthService } from './auth/auth-service.js';
import { readCookie, SESSION_COOKIE } from './http/session.js';
import { APP_VERSION, FONTS_DIR, WEB_DIR } from './paths.js';
import { DisplayRepository } from './db/display-repository.js';
import { ProofOfPlayRepository } from './db/proof-of-play-repository.js';
import { DeliveryRepository } from './db/delivery-repository.js';
import { PrintJobRepository } from './db/print-job-repository.js';
import { createPrintRunner } from './print/job-runner.js';
import { describeChain } from './protocol/audit.js';
import { verifyChain } from './routes/audit.js';
import { loadTls, warnCertificateExpiry } from './tls.js';
import { MediaUrlSigner } from './media/url-signing.js';
import { MediaDelivery } from './media/media-delivery.js';
import { openMediaLibrary } from './media/media-library.js';
import { MediaFetchLimit } from './media/fetch-limit.js';
import { MediaDeliveryRepository } from './db/media-delivery-repository.js';
import { WebChannel } from './web/channel.js';
import { PublicLimiter } from './routes/web-channel.js';

export interface RunningServer {
  url: string;
  port: number;
  hub: Hub;
  /** The one-time admin setup token, when the admin has no password yet. */
  setupToken: string | undefined;
  close(): Promise<void>;
}

/**
 * Timelines run from local midnight today for 8 local days, so a screen cut off from the server
 * at any moment still holds at least 7 full days; past that it plays the zone's evergreen rotation.
 */
const HORIZON_DAYS = 8;
/** Timelines start at local midnight: recompiling hourly keeps the horizon ahead of the clock. */
const RECOMPILE_EVERY_MS = 60 * 60 * 1000;
/** From local midnight: today and tomorrow, enough for the web channel's day ahead at any hour. */
const WEB_HORIZON_DAYS = 2;
/**
 * Daily: the audit anchor (the log, stdout or journald, keeps it off the database, so a rewritten
 * chain shows) and the certificate's expiry, for servers that run for months without a restart.
 */
const DAILY_CHECKS_EVERY_MS = 24 * 60 * 60 * 1000;

/** Socket timings; production uses the hub's defaults, tests shorten them. */
export type HubTuning = Pick<HubOptions, 'heartbeatMs' | 'helloTimeoutMs' | 'maxMessagesPerSecond' | 'pairingCodeTtlMs'>;

/**
 * Composition: database, plan import, HTTP app and WebSocket hub on one port. Unusable TLS files
 * throw a ConfigError before anything opens.
 */
export async function startServer(config: Config, log: Logger, tuning: HubTuning = {}): Promise<RunningServer> {
  const tls = loadTls(config);
  // One SQLite database, one server. On PostgreSQL several nodes share the database by design,
  // and DATA_DIR keeps only files: no lock.
  const lock = config.DATABASE_URL ? undefined : lockDataDir(config.DATA_DIR);
  let store: Store;
  try {
    store = await openStore(config.DATA_DIR, config.DB_SYNCHRONOUS, config.DB_BUSY_TIMEOUT_MS, config.DATABASE_URL);
  } catch (err) {
    lock?.release();
    throw err;
  }
  const { engine, plans, content } = store;
  if (store.seed) log.info('plan imported', { plan: store.seed.planId, items: store.seed.items });
  // Every audited action is also a log line (the log is what operators forward), without its
  // before/after values: who, what, on what, from where. Told after the commit, never on a rollback.
  engine.committed.on('audit-appended', (row) => {
    const fields = { id: row.id, action: row.action, actor: row.actor, target: row.target, ...(row.remote_address ? { from: row.remote_address } : {}) };
    if (/(failed|throttled)$/.test(row.action)) log.warn('audit', fields);
    else log.info('audit', fields);
  });

  let hub: Hub | undefined;
  const auth = new AuthService({
    engine,
    users: store.users,
    sessions: store.sessions,
    audit: store.audit,
    onSessionsEnded: (ended) => hub?.closeSessions(ended),
  });
  const { setupToken } = await auth.bootstrap(config.ADMIN_USER, config.ADMIN_PASSWORD);
  await store.sessions.deleteExpired(new Date());
  const displays = new DisplayRepository(engine.db);
  const proofs = new ProofOfPlayRepository(engine.db);

  const printJobs = new PrintJobRepository(engine.db);
  const timelines = new TimelineService({
    schedules: store.schedules,
    plans,
    approvedItems: async () => playableItems(await content.listItems({})),
    photoPanel: async (id) => (await printJobs.photoPanel(id))?.photoIds,
    displays: async () => (await displays.listActive()).map((d) => ({ id: d.id, zoneId: d.zoneId, ...(d.role ? { role: d.role } : {}) })),
    timeZone: config.PANO_TIME_ZONE,
    horizonDays: HORIZON_DAYS,
    generation: () => changes.status().generation,
  });

  // Screens fetch pictures and clips with URLs signed by a secret kept in DATA_DIR.
  const signer = MediaUrlSigner.forDataDir(config.DATA_DIR);
  const library = openMediaLibrary(engine.db, config.DATA_DIR);
  const media = new MediaDelivery({
    signer,
    files: library,
    sent: new MediaDeliveryRepository(engine.db),
    log: log.child({ part: 'media' }),
  });

  // The web zone's public channel compiles what the zone's screens would play, a day ahead at most.
  const webChannel = new WebChannel({
    zones: () => plans.listZones(),
    compile: (zoneId, now) => timelines.forZone(zoneId, now, WEB_HORIZON_DAYS),
    revisionDates: async () => new Map((await content.listItems({})).flatMap((i) => (i.approved ? [[i.approved.id, i.approved.createdAt] as const] : []))),
  });

  const originAllowed = createOriginPolicy(config.ALLOWED_ORIGINS);
  const hostAllowed = createHostPolicy(config.ALLOWED_HOSTS, config.ALLOWED_ORIGINS);
  // PostgreSQL: one direct connection per node LISTENs for every feed (changes, display commands);
  // it starts once both have subscribed. SQLite has one node, told in-process.
  const listener = config.DATABASE_URL ? new NotificationListener(config.DATABASE_URL, `pano-listener:${config.PANO_NODE_ID}`, log.child({ part: 'listener' })) : undefined;
  hub = new Hub({
    ...tuning,
    log: log.child({ part: 'ws' }),
    originAllowed,
    hostAllowed,
    authenticate: (req) => auth.authenticate(readCookie(req, SESSION_COOKIE)),
    sessionActive: (sessionSha256) => auth.isActive(sessionSha256),
    displays,
    proofs,
    deliveries: new DeliveryRepository(engine.db),
    media,
    // A display whose zone is gone gets none: the compiler's input (read once per change) knows the zones.
    compileTimeline: (display) => timelines.forDisplay(display),
    // Pairing codes, the live list and display commands shared with the other nodes on the database.
    cluster: { engine, nodeId: newNodeId(config.PANO_NODE_ID), ...(listener ? { listener } : {}) },
  });
  // Timers and change callbacks have no caller to fail to: a recompile that fails is logged.
  const refreshTimelines = () => {
    Promise.resolve(hub?.refreshTimelines()).catch((err: unknown) => log.error('timeline refresh failed', { err }));
  };
  const recompile = setInterval(refreshTimelines, RECOMPILE_EVERY_MS);
  recompile.unref();
  // A change through any node (this one, another behind the load balancer, a pano command) moves
  // the change generation; this node then reloads the compiler's input once and pushes to its screens.
  const changes = new ChangeFeed({
    engine,
    ...(listener ? { listener } : {}),
    log: log.child({ part: 'changes' }),
    onAdvance: async () => {
      webChannel.invalidate();
      await hub!.refreshTimelines();
    },
  });
  await changes.start();
  listener?.start();

  const disk = new DiskSpace(config.DATA_DIR, config.DISK_RESERVE_MB * 1024 * 1024);
  // Print jobs render in worker threads; their progress goes to every control panel.
  const printRunner = createPrintRunner(store, printJobs, {
    dataDir: config.DATA_DIR,
    timeZone: config.PANO_TIME_ZONE,
    log: log.child({ part: 'print' }),
    onProgress: (msg) => hub!.broadcastControl(msg),
    // Unique per process: a node restarted on the same machine is another holder.
    nodeId: `${config.PANO_NODE_ID}:${process.pid}`,
  });

  const app = createApp({
    changes: () => changes.status(),
    log: log.child({ part: 'http' }),
    engine,
    node: config.PANO_NODE_ID,
    dataDir: config.DATA_DIR,
    content,
    plans,
    users: store.users,
    audit: store.audit,
    auth,
    trustProxy: config.TRUST_PROXY,
    schedules: store.schedules,
    timelines,
    displays: {
      registry: displays,
      proofs,
      zoneExists: (zoneId) => plans.zoneExists(zoneId),
      hub,
      list: () => hub!.listDisplays(),
      count: () => hub!.displayCount(),
      timeZone: config.PANO_TIME_ZONE,
    },
    print: { jobs: printJobs, runner: printRunner },
    media: { signer, delivery: media, limit: new MediaFetchLimit(), library },
    originAllowed,
    hostAllowed,
    version: APP_VERSION,
    startedAt: Date.now(),
    fontsDir: FONTS_DIR,
    webDir: WEB_DIR,
    disk,
    web: { channel: webChannel, limiter: new PublicLimiter(config.WEB_CHANNEL_REQUESTS_PER_MINUTE) },
  });
  const server = tls ? https.createServer({ cert: tls.cert, key: tls.key }, app) : http.createServer(app);
  deferUploadContinue(server);
  server.on('upgrade', hub.handleUpgrade);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.PORT, config.HOST, () => resolve());
  });
  await printRunner.start();
  const { port } = server.address() as AddressInfo;
  const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST;
  const url = `${tls ? 'https' : 'http'}://${host}:${port}`;
  log.info('pano listening', { url, dataDir: config.DATA_DIR, database: databaseLabel(config), node: config.PANO_NODE_ID, version: APP_VERSION });
  const dailyChecks = async () => {
    // An anchor only from a verified chain: one rewritten while the server was stopped must not
    // be logged as if it were the real head.
    const report = await verifyChain(engine);
    if (!report.intact) {
      const text = describeChain(report);
      log.error('audit chain broken', { brokenAt: report.brokenAt, reason: report.reason, rows: report.rows, detail: `${text.vi} (${text.en})` });
    } else if (report.anchor) {
      log.info('audit anchor', { anchor: report.anchor, rows: report.rows });
    }
    if (tls) warnCertificateExpiry(tls, config.PANO_TIME_ZONE, log);
  };
  // A timer's failure (the database gone for a moment) is logged, never an unhandled rejection.
  const runDailyChecks = () => dailyChecks().catch((err: unknown) => log.error('daily checks failed', { err }));
  await runDailyChecks();
  const daily = setInterval(runDailyChecks, DAILY_CHECKS_EVERY_MS);
  daily.unref();
  if (setupToken) {
    log.warn('admin password not set: open the setup link once to set it', {
      admin: config.ADMIN_USER,
      setupUrl: `${url}/#setup=${setupToken}`,
    });
  }

  return {
    url,
    port,
    hub,
    setupToken,
    async close() {
      clearInterval(recompile);
      clearInterval(daily);
      await changes.stop();
      await printRunner.stop();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await hub.close();
      // Requests in flight get a few seconds to finish; then their connections are cut.
      const timer = setTimeout(() => server.closeAllConnections(), 5000);
      await closed;
      clearTimeout(timer);
      // After both feeds stopped listening.
      await listener?.stop();
      await store.close();
      lock?.release();
    },
  };
}
