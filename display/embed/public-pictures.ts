/**
 * The banner's pictures: the web zone's own renditions, fetched from the public channel as its
 * timeline names them, and handed to the screens' MediaPlayback like a screen's media cache. Kept
 * in memory only (a portal page has no storage of Pano's); clips stay on screens, so a clip's slot
 * plays the next item here, as a screen does when it lacks a file.
 */
import type { Timeline } from '../../server/protocol/timeline.js';
import type { MediaStore } from '../player/media-store.js';

/** A day of a web zone's rotation rarely names more; a runaway timeline cannot fill the visitor's memory. */
const MAX_PICTURES = 40;

export class PublicPictures implements MediaStore {
  private readonly held = new Map<string, Blob>();
  private readonly fetching = new Set<string>();

  constructor(private readonly zone: string) {}

  /** Fetches the pictures the timeline names that are not held, and forgets those it no longer names. */
  follow(timeline: Timeline | undefined): void {
    const named = new Set<string>();
    for (const interval of timeline?.intervals ?? []) {
      for (const e of interval.playlist) if (e.media?.kind === 'picture' && named.size < MAX_PICTURES) named.add(e.media.id);
    }
    for (const id of this.held.keys()) if (!named.has(id)) this.held.delete(id);
    for (const id of named) if (!this.held.has(id)) void this.fetch(id);
  }

  has(mediaId: string): boolean {
    return this.held.has(mediaId);
  }

  async picture(mediaId: string): Promise<ImageBitmap | undefined> {
    const blob = this.held.get(mediaId);
    return blob ? createImageBitmap(blob).catch(() => undefined) : undefined;
  }

  clipUrl(): Promise<string | undefined> {
    return Promise.resolve(undefined);
  }

  renditionSha256(): string | undefined {
    return undefined;
  }

  private async fetch(mediaId: string): Promise<void> {
    if (this.fetching.has(mediaId)) return;
    this.fetching.add(mediaId);
    try {
      const res = await fetch(`/api/public/web/${encodeURIComponent(this.zone)}/pictures/${mediaId}`);
      // Not shown any more, switched off or rate-limited: the slot plays the next item meanwhile.
      if (res.ok) this.held.set(mediaId, await res.blob());
    } catch {
      // Offline: the next refresh tries again.
    } finally {
      this.fetching.delete(mediaId);
    }
  }
}
