/**
 * The web zone's public view: the compiler's own timeline for the zone (so schedules, phases,
 * takeovers and mourning apply exactly as on screens), cut to what plays from now on, and the
 * items on it now and next. Nothing else of the register or of other zones is reachable from here.
 */
import { createHash } from 'node:crypto';
import { nowShowing, type NowShowing } from '../protocol/playback.js';
import { WEB_NEXT_MAX, type WebNow, type WebPicture, type WebSlot } from '../protocol/web-channel.js';
import type { PlaylistEntry, Timeline } from '../protocol/timeline.js';
import { renditionSize, type PixelSize } from '../media/rendition-buckets.js';

export interface WebZone {
  id: string;
  name: string;
}

export interface WebChannelSources {
  /** Every zone; only those of kind 'web' have a public channel. */
  zones: () => Awaitable<readonly { id: string; name: string; kind: string }[]>;
  /** The zone's compiled timeline as of `now`, as its screens would get it. */
  compile: (zoneId: string, now: Date) => Awaitable<Timeline | undefined>;
  /** When each approved revision was written, by revision id (the feed's `updated`). */
  revisionDates: () => Awaitable<ReadonlyMap<number, string>>;
}

/** What the sources may answer: at once, or once the database has (they read it). */
type Awaitable<T> = T | Promise<T>;

/** A compiled timeline serves requests this long when nothing changed (the compiler runs per zone, not per visitor). */
const RECOMPILE_AFTER_MS = 5 * 60_000;
/** How far ahead the public timeline reaches: the banner refetches long before, and needs no week ahead. */
export const PUBLIC_WINDOW_MS = 24 * 60 * 60_000;

/** Compiles on demand, keeps one timeline per web zone, forgets them all when content changes. */
export class WebChannel {
  /** Held while compiling too: visitors arriving meanwhile share the one compilation. */
  private readonly compiled = new Map<string, { timeline: Promise<Timeline | undefined>; at: number }>();
  private dates: Promise<ReadonlyMap<number, string>> | undefined;

  constructor(private readonly s: WebChannelSources) {}

  /** Call after anything that can change what screens show (the same moment timelines are pushed). */
  invalidate(): void {
    this.compiled.clear();
    this.dates = undefined;
  }

  async webZones(): Promise<WebZone[]> {
    return (await this.s.zones()).flatMap((z) => (z.kind === 'web' ? [{ id: z.id, name: z.name }] : []));
  }

  async zone(zoneId: string): Promise<WebZone | undefined> {
    return (await this.webZones()).find((z) => z.id === zoneId);
  }

  /** The web zone's timeline from `now` for the next day; undefined when `zoneId` is not a web zone. */
  async timeline(zoneId: string, now: number): Promise<Timeline | undefined> {
    if (!(await this.zone(zoneId))) return undefined;
    let held = this.compiled.get(zoneId);
    if (!held || now - held.at > RECOMPILE_AFTER_MS || now < held.at) {
      const entry = { timeline: Promise.resolve(this.s.compile(zoneId, new Date(now))), at: now };
      held = entry;
      this.compiled.set(zoneId, entry);
      // A failed or empty compilation is not kept: the next visitor tries again.
      entry.timeline.then(
        (t) => !t && this.forget(zoneId, entry),
        () => this.forget(zoneId, entry),
      );
    }
    const timeline = await held.timeline;
    return timeline && publicTimeline(timeline, now);
  }

  /** When each approved revision was written, read once until the next invalidate (a failed read is not kept). */
  revisionDates(): Promise<ReadonlyMap<number, string>> {
    if (!this.dates) {
      const dates = Promise.resolve().then(() => this.s.revisionDates());
      this.dates = dates;
      dates.catch(() => {
        if (this.dates === dates) this.dates = undefined;
      });
    }
    return this.dates;
  }

  private forget(zoneId: string, entry: { at: number }): void {
    if (this.compiled.get(zoneId) === entry) this.compiled.delete(zoneId);
  }
}

/**
 * The intervals that play from `now` to a day later, and no rotation past them: a banner cut off
 * for a day shows nothing rather than an evergreen slogan screens might not be showing (mourning).
 */
export function publicTimeline(t: Timeline, now: number): Timeline {
  const intervals = t.intervals.filter((i) => Date.parse(i.end) > now && Date.parse(i.start) < now + PUBLIC_WINDOW_MS);
  return {
    zone: t.zone,
    timeZone: t.timeZone,
    horizonStart: intervals[0]?.start ?? t.horizonStart,
    horizonEnd: intervals[intervals.length - 1]?.end ?? t.horizonStart,
    intervals,
  };
}

/**
 * The public timeline as the banner gets it: item and revision numbers replaced by their order of
 * appearance in this answer (the banner only needs to tell entries apart), so no database number
 * leaves Pano. A clip keeps its file's facts: its length sets the slot, which keeps the banner in
 * step with the screens, although the banner shows only its caption.
 */
export function withoutDatabaseIds(t: Timeline): Timeline {
  const ordinals = new Map<number, number>();
  const ordinal = (revisionId: number) => ordinals.get(revisionId) ?? ordinals.set(revisionId, ordinals.size + 1).get(revisionId)!;
  return {
    ...t,
    intervals: t.intervals.map((i) => ({
      ...i,
      playlist: i.playlist.map((e) => {
        const n = ordinal(e.revisionId);
        return { ...e, itemId: n, revisionId: n };
      }),
    })),
  };
}

/** The item playing at `now` and up to WEB_NEXT_MAX after it, as screens of the zone play them. */
export function upcoming(t: Timeline, now: number): NowShowing[] {
  const out: NowShowing[] = [];
  let at = now;
  while (out.length <= WEB_NEXT_MAX) {
    const showing = nowShowing(t, at);
    if (!showing) break;
    out.push(showing);
    at = showing.until;
  }
  return out;
}

/**
 * A stable public name for an item's approved revision: a name-based UUID (RFC 9562 version 8)
 * from the revision and its text. It changes with every new approved revision and tells nothing
 * of the database.
 */
export function revisionUrn(revisionId: number, text: string): string {
  return hashUrn(`pano:revision:${revisionId}\n${text}`);
}

export function hashUrn(name: string): string {
  const h = createHash('sha256').update(name).digest('hex').slice(0, 32).split('');
  h[12] = '8';
  h[16] = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  const s = h.join('');
  return `urn:uuid:${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

/** The rendition size the web page gets: a 1280 px bucket, enough for a portal's column. */
export const WEB_PICTURE_SCREEN: PixelSize = { width: 1280, height: 720 };

/** Where the web page fetches a picture (clips stay on screens: the channel names only pictures). */
export type PictureUrl = (mediaId: string) => string;

export function pictureOf(entry: PlaylistEntry, url: PictureUrl): WebPicture | undefined {
  const m = entry.media;
  if (m?.kind !== 'picture') return undefined;
  const size = renditionSize({ width: m.width, height: m.height }, 1280);
  return { url: url(m.id), ...size, ...(m.credit ? { credit: m.credit } : {}) };
}

/** Whether `mediaId` is a picture the web zone shows within the public timeline: the only ones it serves. */
export function showsPicture(t: Timeline, mediaId: string): boolean {
  return t.intervals.some((i) => i.playlist.some((e) => e.media?.kind === 'picture' && e.media.id === mediaId));
}

export function slotOf(s: NowShowing, url: PictureUrl): WebSlot {
  const caption = s.entry.caption ?? s.interval.fields?.caption;
  const picture = pictureOf(s.entry, url);
  return {
    id: revisionUrn(s.entry.revisionId, s.entry.text),
    text: s.entry.text,
    ...(caption ? { caption } : {}),
    ...(picture ? { picture } : {}),
    from: new Date(s.since).toISOString(),
    until: new Date(s.until).toISOString(),
    mourning: s.interval.kind === 'mourning',
  };
}

export function webNow(zone: WebZone, t: Timeline, now: number, url: PictureUrl): WebNow {
  const [current, ...next] = upcoming(t, now).map((s) => slotOf(s, url));
  return { zone: { name: zone.name }, timeZone: t.timeZone, now: current ?? null, next };
}
