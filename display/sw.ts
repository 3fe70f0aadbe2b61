/**
 * The display's service worker: keeps the app shell, the four fonts and the built assets so a
 * screen that reloads or reboots while the server is down still starts and plays its stored
 * timeline. The shell is network-first (a new build reaches screens on their next load); hashed
 * assets and fonts are cache-first. API and WebSocket traffic is never cached. Pictures and clips
 * are the player's own business (display/player/media-cache.ts): it checks each file's hash before
 * keeping it in its own Cache API cache, so this worker never touches /media/ requests.
 */

// Only what this worker uses of the WebWorker lib (which cannot share a program with the DOM lib).
interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  readonly request: Request;
  respondWith(response: Promise<Response>): void;
}
interface WorkerClients {
  claim(): Promise<void>;
  matchAll(options: { includeUncontrolled: boolean }): Promise<{ postMessage(message: unknown): void }[]>;
}
declare const self: {
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
  skipWaiting(): Promise<void>;
  clients: WorkerClients;
  location: Location;
};

const CACHE = 'pano-display-v1';
const SHELL = '/display/';
const FONTS = [
  '/fonts/BeVietnamPro_400Regular.ttf',
  '/fonts/BeVietnamPro_500Medium.ttf',
  '/fonts/BeVietnamPro_700Bold.ttf',
  '/fonts/BeVietnamPro_800ExtraBold.ttf',
];
/** A server that does not answer within this long is treated as down: the cached shell is used. */
const NETWORK_TIMEOUT_MS = 4000;

self.addEventListener('install', (event) => {
  event.waitUntil(precache().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      // Only this worker's older app caches: the player's media cache (pano-media-*) outlives app updates.
      for (const key of await caches.keys()) if (key.startsWith('pano-display-') && key !== CACHE) await caches.delete(key);
      await self.clients.claim();
      for (const client of await self.clients.matchAll({ includeUncontrolled: true })) client.postMessage({ type: 'offline-ready' });
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (event.request.mode === 'navigate' || url.pathname === SHELL) return event.respondWith(networkFirst(event.request));
  if (url.pathname.startsWith('/assets/') || url.pathname.startsWith('/fonts/')) event.respondWith(cacheFirst(event.request));
});

/** The shell, the assets it names (scripts, preloads, styles) and the fonts. */
async function precache(): Promise<void> {
  const cache = await caches.open(CACHE);
  const shell = await fetch(SHELL, { cache: 'no-cache' });
  if (!shell.ok) throw new Error(`shell: HTTP ${shell.status}`);
  const html = await shell.clone().text();
  await cache.put(SHELL, shell);
  const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!);
  await cache.addAll([...new Set([...assets, ...FONTS])]);
}

async function networkFirst(request: Request): Promise<Response> {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request, { signal: AbortSignal.timeout(NETWORK_TIMEOUT_MS) });
    if (response.ok) await cache.put(SHELL, response.clone());
    return response;
  } catch {
    return (await cache.match(SHELL)) ?? Response.error();
  }
}

async function cacheFirst(request: Request): Promise<Response> {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(request);
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}
