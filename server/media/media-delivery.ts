import type { MediaFile, MediaKind } from '../protocol/media.js';
import type { Timeline } from '../protocol/timeline.js';
import type { Logger } from '../log.js';
import type { MediaDeliveryRepository, MediaSending } from '../db/media-delivery-repository.js';
import { TurnBatch } from '../turn-batch.js';
import { mediaNeeded } from '../domain/media-needed.js';
import type { MediaLibrary, ScreenFile } from './media-library.js';
import type { MediaUrlSigner } from './url-signing.js';

/** Signed URLs last this long; they are sent again when half of it has passed. */
export const MEDIA_URL_TTL_MS = 6 * 60 * 60 * 1000;
/**
 * The most a screen is sent to hold, soonest first (the screen lowers it to what its browser
 * grants). A 7-day rotation of pictures and clips of this office fits many times over.
 */
export const MEDIA_BUDGET_BYTES = 2 * 1024 ** 3;

export interface MediaFilesMessage {
  files: MediaFile[];
  expiresAt: number;
}

interface Grant {
  files: Map<string, ScreenFile & { mediaId: string }>;
  /** Bumped per request: a slower, older request must not replace a newer grant. */
  seq: number;
}

/**
 * Which files each display may fetch: the renditions, for its screen, of every picture and clip its
 * current timeline needs, each with a URL signed for it. The grant is replaced with each new
 * timeline, so a file that left the display's timeline can no longer be fetched by it.
 */
export class MediaDelivery {
  private readonly grants = new Map<string, Grant>();
  /** Lookups in flight, by file and screen size: a reconnect storm's screens of one zone share each. */
  private readonly lookups = new Map<string, Promise<ScreenFile | undefined>>();
  /** The sendings answered in one turn (a reconnect storm) are written in one transaction. */
  private readonly sendings = new TurnBatch<MediaSending, void>((batch) => this.deps.sent.record(batch));

  constructor(
    private readonly deps: {
      signer: MediaUrlSigner;
      /** A picture's rendition for the screen's size, a clip as uploaded. */
      files: Pick<MediaLibrary, 'screenFile'>;
      sent: Pick<MediaDeliveryRepository, 'record'>;
      log: Logger;
      ttlMs?: number;
      budgetBytes?: number;
    },
  ) {}

  /**
   * The media-files message for a display holding `timeline` on a screen of `screen`, or undefined
   * when a newer call for the same display overtook this one (its answer is the one to send).
   */
  async filesFor(displayId: string, timeline: Timeline | null, screen: { width: number; height: number }, now = Date.now()): Promise<MediaFilesMessage | undefined> {
    const grant = this.grants.get(displayId) ?? { files: new Map(), seq: 0 };
    this.grants.set(displayId, grant);
    const seq = ++grant.seq;
    const expiresAt = now + (this.deps.ttlMs ?? MEDIA_URL_TTL_MS);
    const budget = this.deps.budgetBytes ?? MEDIA_BUDGET_BYTES;
    const files = new Map<string, ScreenFile & { mediaId: string }>();
    const out: MediaFile[] = [];
    let bytes = 0;
    for (const media of timeline ? mediaNeeded(timeline, now) : []) {
      let rendition: ScreenFile | undefined;
      try {
        rendition = await this.screenFile(media.kind, media.id, screen);
      } catch (err) {
        this.deps.log.error('media rendition failed', { err, media: media.id });
      }
      // A missing file is left out: the screen plays the next item in its slot.
      if (!rendition || bytes + rendition.bytes > budget) continue;
      bytes += rendition.bytes;
      files.set(rendition.sha256, { ...rendition, mediaId: media.id });
      const { sha256, mime, width, height } = rendition;
      out.push({ mediaId: media.id, kind: media.kind, sha256, mime, bytes: rendition.bytes, width, height, url: this.deps.signer.url({ sha256, displayId, expiresAt }) });
    }
    if (grant.seq !== seq || this.grants.get(displayId) !== grant) return undefined;
    grant.files = files;
    if (out.length > 0) await this.sendings.add({ displayId, files: out, at: new Date(now) });
    // Overtaken while the sending was written: only the newest answer goes to the screen.
    if (grant.seq !== seq || this.grants.get(displayId) !== grant) return undefined;
    return { files: out, expiresAt };
  }

  /** The file for this screen, asked once however many displays ask for it at the same time. */
  private screenFile(kind: MediaKind, id: string, screen: { width: number; height: number }): Promise<ScreenFile | undefined> {
    const key = `${kind}|${id}|${screen.width}x${screen.height}`;
    let lookup = this.lookups.get(key);
    if (!lookup) {
      lookup = this.deps.files.screenFile(kind, id, screen).finally(() => this.lookups.delete(key));
      this.lookups.set(key, lookup);
    }
    return lookup;
  }

  /** The file this display was last sent under this name, if its current timeline still needs it. */
  granted(displayId: string, sha256: string): ScreenFile | undefined {
    return this.grants.get(displayId)?.files.get(sha256);
  }

  /** A revoked display: nothing it was sent opens any more. */
  forget(displayId: string): void {
    this.grants.delete(displayId);
  }
}
