/**
 * The player's pictures and clips: which entry a slot can play with what this screen holds, the
 * decoded pictures and the <video> elements the renderer draws from, clips kept in step with the
 * shared clock, and everything released as soon as it leaves (ImageBitmap.close, the video's
 * decoder). A clip's blob: URL belongs to the media cache, which revokes it when it evicts the file.
 */
import type { ImageLookup, ImageSource } from '../render/index.js';
import type { PlaylistEntry, TimelineInterval } from '../../server/protocol/timeline.js';
import type { MediaStore } from './media-store.js';

/**
 * How far a clip may run from the shared clock before it is sought back: every screen of a zone
 * then shows the same frame within this, and one seek (a stall of a frame or two) is rare.
 */
export const CLIP_SYNC_TARGET_MS = 100;

/** HTMLMediaElement.HAVE_CURRENT_DATA: a frame is there to draw. */
const HAVE_CURRENT_DATA = 2;

export class MediaPlayback {
  private readonly pictures = new Map<string, ImageBitmap>();
  private readonly clips = new Map<string, HTMLVideoElement>();
  /** Files being read from the store, so one is never read twice at once. */
  private readonly loading = new Set<string>();
  /** What the screen needs now (what is on and what comes next); anything else is released. */
  private wanted = new Set<string>();
  /** Seeks made to bring a clip back in step (tests and the bench read it). */
  seeks = 0;

  constructor(private readonly store: MediaStore) {}

  /** The renderer's lookup: a decoded picture, or a clip's current frame (its <video>) once it has one. */
  readonly images: ImageLookup = (id: string): ImageSource | undefined => {
    const picture = this.pictures.get(id);
    if (picture) return picture;
    const video = this.clips.get(id);
    return video && video.readyState >= HAVE_CURRENT_DATA ? video : undefined;
  };

  /** Starts reading an entry's file if this screen holds it, and keeps it until the next `keep`. */
  want(entry: PlaylistEntry | undefined): void {
    const id = entry?.media?.id;
    if (id === undefined) return;
    this.wanted.add(id);
    this.load(entry!);
  }

  /**
   * What plays in the slot of playlist entry `index`: that entry when it can be drawn now, else
   * the next one in the playlist that can (text, or a file held and decoded here). Only the first
   * held file that is not decoded yet starts decoding, so a cold start does not decode the whole
   * playlist at once. When nothing can play, the scheduled entry's caption as text: the screen is
   * never blank and never shows a missing picture.
   */
  choose(interval: TimelineInterval, index: number): PlaylistEntry {
    const list = interval.playlist;
    let started = false;
    for (let k = 0; k < list.length; k++) {
      const entry = list[(index + k) % list.length]!;
      if (!entry.media) return entry;
      if (this.images(entry.media.id)) {
        this.wanted.add(entry.media.id);
        return entry;
      }
      if (!started && this.store.has(entry.media.id)) {
        this.want(entry);
        started = true;
      }
    }
    const { media: _media, ...caption } = list[index]!;
    return caption;
  }

  /** Keeps the files of these entries (on screen and next) and releases every other one. */
  keep(entries: readonly (PlaylistEntry | undefined)[]): void {
    this.wanted = new Set(entries.flatMap((e) => (e?.media ? [e.media.id] : [])));
    for (const [id, bitmap] of this.pictures) {
      if (this.wanted.has(id)) continue;
      bitmap.close();
      this.pictures.delete(id);
    }
    for (const [id, video] of this.clips) {
      if (!this.wanted.has(id)) this.releaseClip(id, video);
    }
    for (const e of entries) if (e) this.load(e);
  }

  /**
   * Keeps a clip at `positionMs` into its slot by the shared clock: playing, and sought back when it
   * has drifted beyond the sync target. Past its end it rests on its last frame.
   */
  syncClip(id: string, positionMs: number): void {
    const video = this.clips.get(id);
    if (!video || video.readyState < HAVE_CURRENT_DATA) return;
    const target = positionMs / 1000;
    const end = Number.isFinite(video.duration) ? video.duration : Infinity;
    if (target >= end) {
      if (!video.paused) video.pause();
      return;
    }
    if (Math.abs(video.currentTime - target) * 1000 > CLIP_SYNC_TARGET_MS && !video.seeking) {
      video.currentTime = target;
      this.seeks += 1;
    }
    // Muted and inline, a kiosk may autoplay; a refusal is retried next frame.
    if (video.paused) video.play().catch(() => undefined);
  }

  /** A clip waiting for its slot rests on its first frame, paused, so it starts in step. */
  cue(id: string): void {
    const video = this.clips.get(id);
    if (!video || video.readyState < HAVE_CURRENT_DATA) return;
    if (!video.paused) video.pause();
    if (video.currentTime !== 0 && !video.seeking) video.currentTime = 0;
  }

  /** Position of a clip on screen (tests check it follows the clock). */
  clipTime(id: string): number | undefined {
    return this.clips.get(id)?.currentTime;
  }

  /** Counts for the memory bench: what is held decoded right now. */
  get held(): { pictures: number; clips: number } {
    return { pictures: this.pictures.size, clips: this.clips.size };
  }

  private load(entry: PlaylistEntry): void {
    const media = entry.media;
    if (!media || this.loading.has(media.id) || this.pictures.has(media.id) || this.clips.has(media.id)) return;
    if (!this.store.has(media.id)) return;
    this.loading.add(media.id);
    const done = () => this.loading.delete(media.id);
    if (media.kind === 'picture') {
      void this.store
        .picture(media.id)
        .then((bitmap) => {
          if (!bitmap) return;
          // Left the screen while it was decoding: let it go at once.
          if (this.wanted.has(media.id)) this.pictures.set(media.id, bitmap);
          else bitmap.close();
        })
        .catch(() => undefined)
        .finally(done);
      return;
    }
    void this.store
      .clipUrl(media.id)
      .then((url) => {
        if (url && this.wanted.has(media.id)) this.clips.set(media.id, clipElement(url));
      })
      .catch(() => undefined)
      .finally(done);
  }

  private releaseClip(id: string, video: HTMLVideoElement): void {
    video.pause();
    // Emptying src and loading frees the decoder and its buffers now, not at garbage collection.
    video.removeAttribute('src');
    video.load();
    this.clips.delete(id);
  }
}

/** A muted, inline, preloading <video>: what kiosks may play without a gesture. Drawn to the canvas, never shown itself. */
function clipElement(url: string): HTMLVideoElement {
  const video = document.createElement('video');
  video.muted = true;
  video.defaultMuted = true;
  video.playsInline = true;
  video.preload = 'auto';
  video.setAttribute('muted', '');
  video.setAttribute('playsinline', '');
  // Chromium stops a paused, detached video at its metadata; a seek makes it decode the first
  // frame, so the clip has a picture to draw before it plays.
  video.addEventListener('loadedmetadata', () => (video.currentTime = 0), { once: true });
  video.src = url;
  return video;
}
