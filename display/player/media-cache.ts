import type { MediaCacheStatus, MediaFile } from '../../server/protocol/media.js';
import type { MediaStore } from './media-store.js';
import { Sha256 } from './sha256.js';

/** The Cache API cache holding verified renditions (the service worker keeps its own, for the app). */
export const MEDIA_CACHE = 'pano-media-v1';
/** The last list of files the server sent, without its URLs: what the cache should hold after a reload. */
const INDEX_KEY = 'pano.media';
/** At most this much is kept per screen, lowered to what the browser grants (navigator.storage.estimate). */
export const DEFAULT_BUDGET_BYTES = 2 * 1024 ** 3;
/**
 * Without the Cache API (a kiosk on plain HTTP at a LAN address is no secure context) files are
 * kept in memory only, so the budget is far smaller and a reload fetches again.
 */
const MEMORY_BUDGET_BYTES = 256 * 1024 ** 2;
/** Retries of a failed file: 2 s, 4 s, … up to 5 minutes, with jitter (hundreds of screens retry together). */
const RETRY_FIRST_MS = 2_000;
const RETRY_MAX_MS = 5 * 60_000;
/** Status reports at most this often: a burst of downloads is one report, not one per file. */
const STATUS_EVERY_MS = 2_000;
/** Hashing without crypto.subtle yields to the page between pieces this large, so frames keep coming. */
const HASH_PIECE_BYTES = 1024 * 1024;

type KeptFile = Omit<MediaFile, 'url'>;

interface Held {
  file: KeptFile;
  blob: Blob;
  clipUrl?: string;
}

export interface MediaCacheDeps {
  fetch: typeof fetch;
  /** Undefined where the Cache API is withheld: files are then kept in memory. */
  caches: CacheStorage | undefined;
  storage: Storage;
  /** navigator.storage.estimate, when the browser has it. */
  estimate?: () => Promise<StorageEstimate>;
  /** crypto.subtle, when the page is a secure context. */
  subtle?: SubtleCrypto;
  origin: string;
  onStatus: (status: MediaCacheStatus) => void;
  budgetBytes?: number;
}

/**
 * The screen's copies of the pictures and clips its timeline needs (see MediaStore): fetched ahead
 * from the signed URLs the server sends, soonest first and within the screen's byte budget, each
 * checked against its SHA-256 before it is kept, kept in the Cache API so they play after a reload
 * with the server gone, and dropped once the server's list no longer names them.
 */
export class MediaCache implements MediaStore {
  private readonly held = new Map<string, Held>();
  private wanted: MediaFile[] = [];
  private readonly retries = new Map<string, { failures: number; at: number }>();
  private lastError: { text: string; at: number } | null = null;
  private budget: number;
  private pumping = false;
  private pumpTimer: ReturnType<typeof setTimeout> | undefined;
  private statusTimer: ReturnType<typeof setTimeout> | undefined;
  private lastReported = '';
  private lastReportAt = 0;

  constructor(private readonly deps: MediaCacheDeps) {
    this.budget = Math.min(deps.budgetBytes ?? DEFAULT_BUDGET_BYTES, deps.caches ? Infinity : MEMORY_BUDGET_BYTES);
  }

  has(mediaId: string): boolean {
    return this.held.has(mediaId);
  }

  async picture(mediaId: string): Promise<ImageBitmap | undefined> {
    const h = this.held.get(mediaId);
    if (!h || h.file.kind !== 'picture') return undefined;
    try {
      // Upright as the approver saw it: the rendition's own orientation is applied.
      return await createImageBitmap(h.blob, { imageOrientation: 'from-image' });
    } catch (err) {
      this.failed(`Không giải mã được ảnh (picture not decoded: ${String(err).slice(0, 120)})`);
      return undefined;
    }
  }

  async clipUrl(mediaId: string): Promise<string | undefined> {
    const h = this.held.get(mediaId);
    if (!h || h.file.kind !== 'clip') return undefined;
    h.clipUrl ??= URL.createObjectURL(h.blob);
    return h.clipUrl;
  }

  renditionSha256(mediaId: string): string | undefined {
    return this.held.get(mediaId)?.file.sha256;
  }

  /** For the page's test hooks and the panel: what is held, by original. */
  heldFiles(): { mediaId: string; sha256: string; bytes: number }[] {
    return [...this.held.values()].map((h) => ({ mediaId: h.file.mediaId, sha256: h.file.sha256, bytes: h.file.bytes }));
  }

  status(): MediaCacheStatus {
    const wanted = this.wanted.length > 0 ? this.wanted : this.index();
    const cached = wanted.filter((f) => this.held.get(f.mediaId)?.file.sha256 === f.sha256);
    return {
      needed: wanted.length,
      cached: cached.length,
      bytesNeeded: wanted.reduce((n, f) => n + f.bytes, 0),
      bytesCached: cached.reduce((n, f) => n + f.bytes, 0),
      lastError: this.lastError?.text ?? null,
      lastErrorAt: this.lastError?.at ?? null,
    };
  }

  /**
   * At boot, before (or without) the server: what the cache holds of the last list. The bytes were
   * checked against their hash before they were kept; here only their size is checked.
   */
  async restore(): Promise<void> {
    const kept = this.index();
    await this.fitBudget();
    if (!this.deps.caches) return;
    try {
      const cache = await this.deps.caches.open(MEDIA_CACHE);
      for (const file of kept) {
        const hit = await cache.match(keyOf(file.sha256));
        const blob = hit && (await hit.blob());
        // A list that arrived meanwhile decides what is still wanted.
        const stillWanted = this.wanted.length === 0 || this.wanted.some((f) => f.sha256 === file.sha256);
        if (blob && blob.size === file.bytes && stillWanted && !this.held.has(file.mediaId)) this.held.set(file.mediaId, { file, blob });
      }
      // Anything else in the cache (a list the page never saved, a crash mid-eviction) is dropped,
      // but not what a list that arrived meanwhile wants (it may be being fetched right now).
      const names = new Set([...kept, ...this.wanted].map((f) => keyOf(f.sha256)));
      for (const req of await cache.keys()) if (!names.has(new URL(req.url).pathname)) await cache.delete(req);
    } catch (err) {
      this.failed(`Không đọc được bộ nhớ đệm (cache unreadable: ${String(err).slice(0, 120)})`);
    }
    this.reportSoon();
  }

  /** The server's list for this screen: keep fetching what is missing, drop what left the horizon. */
  async update(files: MediaFile[]): Promise<void> {
    this.wanted = files;
    // New URLs: whatever failed for an expired link may succeed now.
    this.retries.clear();
    writeIndex(this.deps.storage, files);
    const keep = new Map(files.map((f) => [f.mediaId, f.sha256]));
    for (const [mediaId, h] of [...this.held]) if (keep.get(mediaId) !== h.file.sha256) await this.drop(mediaId, h);
    this.reportSoon();
    void this.pump();
  }

  /** A revoked screen: nothing of its old identity is kept. */
  async clear(): Promise<void> {
    this.wanted = [];
    for (const [mediaId, h] of [...this.held]) await this.drop(mediaId, h);
    try {
      this.deps.storage.removeItem(INDEX_KEY);
      await this.deps.caches?.delete(MEDIA_CACHE);
    } catch {
      // Nothing stored to forget.
    }
  }

  private async drop(mediaId: string, h: Held): Promise<void> {
    this.held.delete(mediaId);
    if (h.clipUrl) URL.revokeObjectURL(h.clipUrl);
    try {
      await (await this.deps.caches?.open(MEDIA_CACHE))?.delete(keyOf(h.file.sha256));
    } catch {
      // Evicted from memory; the stale entry goes at the next restore.
    }
  }

  /** Fetches missing files one at a time, soonest first; a failed one waits its turn to retry. */
  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    clearTimeout(this.pumpTimer);
    try {
      for (;;) {
        await this.fitBudget();
        const now = Date.now();
        let used = this.heldBytes();
        let next: MediaFile | undefined;
        let wakeAt = Infinity;
        for (const f of this.wanted) {
          if (this.held.get(f.mediaId)?.file.sha256 === f.sha256) continue;
          if (used + f.bytes > this.budget) {
            this.failed('Không đủ dung lượng dành cho ảnh và phim trên màn hình này (over this screen\'s budget)', true);
            continue;
          }
          const retry = this.retries.get(f.sha256);
          if (retry && retry.at > now) {
            wakeAt = Math.min(wakeAt, retry.at);
            continue;
          }
          next = f;
          used += f.bytes;
          break;
        }
        if (!next) {
          if (wakeAt < Infinity) this.pumpTimer = setTimeout(() => void this.pump(), wakeAt - now);
          return;
        }
        await this.fetchOne(next);
      }
    } finally {
      this.pumping = false;
    }
  }

  private async fetchOne(file: MediaFile): Promise<void> {
    try {
      // No cookie: the signed URL is the screen's only credential for media.
      const res = await this.deps.fetch(new URL(file.url, this.deps.origin), { credentials: 'omit', cache: 'no-store' });
      if (!res.ok) throw new FetchError(`Máy chủ từ chối tệp (server refused: HTTP ${res.status})`);
      const bytes = new Uint8Array(await res.arrayBuffer());
      if (bytes.length !== file.bytes || (await this.digest(bytes)) !== file.sha256) throw new FetchError('Tệp tải về không khớp mã băm, đã bỏ (hash mismatch, discarded)');
      // The list may have changed while the file came: keep it only if still wanted.
      if (!this.wanted.some((f) => f.sha256 === file.sha256)) return;
      const blob = new Blob([bytes], { type: file.mime });
      const { url: _url, ...kept } = file;
      if (this.deps.caches) {
        const cache = await this.deps.caches.open(MEDIA_CACHE);
        await cache.put(keyOf(file.sha256), new Response(blob, { headers: { 'Content-Type': file.mime } }));
        // Served from the cache from now on: the page need not hold the bytes itself.
        const stored = await (await cache.match(keyOf(file.sha256)))?.blob();
        this.held.set(file.mediaId, { file: kept, blob: stored ?? blob });
      } else {
        this.held.set(file.mediaId, { file: kept, blob });
      }
      this.retries.delete(file.sha256);
      this.reportSoon();
    } catch (err) {
      const failures = (this.retries.get(file.sha256)?.failures ?? 0) + 1;
      const wait = Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** (failures - 1)) * (0.75 + Math.random() * 0.5);
      this.retries.set(file.sha256, { failures, at: Date.now() + wait });
      this.failed(err instanceof FetchError ? err.message : quotaOrNetwork(err));
    }
  }

  private async digest(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
    if (this.deps.subtle) {
      const d = new Uint8Array(await this.deps.subtle.digest('SHA-256', bytes));
      return [...d].map((b) => b.toString(16).padStart(2, '0')).join('');
    }
    const hash = new Sha256();
    for (let at = 0; at < bytes.length; at += HASH_PIECE_BYTES) {
      hash.update(bytes.subarray(at, at + HASH_PIECE_BYTES));
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    return hash.hex();
  }

  /** The budget, lowered to what the browser still grants this origin beyond what we hold. */
  private async fitBudget(): Promise<void> {
    if (!this.deps.estimate || !this.deps.caches) return;
    try {
      const { quota, usage } = await this.deps.estimate();
      if (quota === undefined || usage === undefined) return;
      // Keep a tenth of the quota for the app shell, the timeline and the proof log.
      const grantable = quota * 0.9 - (usage - this.heldBytes());
      this.budget = Math.max(0, Math.min(this.deps.budgetBytes ?? DEFAULT_BUDGET_BYTES, grantable));
    } catch {
      // No estimate: the default budget stands.
    }
  }

  private heldBytes(): number {
    let n = 0;
    for (const h of this.held.values()) n += h.file.bytes;
    return n;
  }

  private index(): KeptFile[] {
    try {
      const raw = JSON.parse(this.deps.storage.getItem(INDEX_KEY) ?? '[]') as unknown;
      return Array.isArray(raw) ? (raw as KeptFile[]).filter((f) => typeof f?.sha256 === 'string' && typeof f.mediaId === 'string') : [];
    } catch {
      return [];
    }
  }

  /** `standing`: a condition checked on every pass (over budget), stamped only when it first appears. */
  private failed(text: string, standing = false): void {
    if (standing && this.lastError?.text === text) return;
    this.lastError = { text: text.slice(0, 300), at: Date.now() };
    this.reportSoon();
  }

  /** Reports the status when it changed, at most every STATUS_EVERY_MS. */
  private reportSoon(): void {
    if (this.statusTimer) return;
    const wait = Math.max(0, this.lastReportAt + STATUS_EVERY_MS - Date.now());
    this.statusTimer = setTimeout(() => {
      this.statusTimer = undefined;
      this.report(false);
    }, wait);
  }

  /** Sends the status; `always` after a reconnect, when the server has forgotten it. */
  report(always: boolean): void {
    const status = this.status();
    const text = JSON.stringify(status);
    if (!always && text === this.lastReported) return;
    this.lastReported = text;
    this.lastReportAt = Date.now();
    this.deps.onStatus(status);
  }
}

class FetchError extends Error {}

function keyOf(sha256: string): string {
  return `/media-cache/${sha256}`;
}

function writeIndex(storage: Storage, files: MediaFile[]): void {
  try {
    storage.setItem(INDEX_KEY, JSON.stringify(files.map(({ url: _url, ...kept }) => kept)));
  } catch {
    // Full storage: the files still play until the next reload.
  }
}

function quotaOrNetwork(err: unknown): string {
  if (err instanceof DOMException && err.name === 'QuotaExceededError') return 'Trình duyệt hết dung lượng lưu trữ cho ảnh và phim (browser storage full)';
  return 'Không tải được tệp: mất kết nối máy chủ (server unreachable)';
}
