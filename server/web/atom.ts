/**
 * The web zone's rotation as an Atom feed (RFC 4287), for the portal's feed readers and CMS
 * importers. XML is written by fast-xml-parser's builder, which escapes text and attributes.
 */
import { XMLBuilder } from 'fast-xml-parser';
import { nowShowing } from '../protocol/playback.js';
import type { Timeline } from '../protocol/timeline.js';
import { hashUrn, pictureOf, revisionUrn, type PictureUrl, type WebZone } from './channel.js';

export const ATOM_TYPE = 'application/atom+xml; charset=utf-8';

export interface FeedLinks {
  /** The feed's own absolute URL. */
  self: string;
  /** The embeddable banner page, absolute. */
  banner: string;
}

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', format: true, suppressEmptyNode: true });

/**
 * One entry per item of the rotation playing at `now` (each approved revision once, in playlist
 * order). Only the current rotation: during mourning the feed holds exactly what screens show.
 * `updated` of an entry is when its revision was written; of the feed, the latest of those and the
 * moment the current rotation began.
 */
export function atomFeed(zone: WebZone, t: Timeline, now: number, links: FeedLinks, revisionDate: (revisionId: number) => string | undefined, pictureUrl: PictureUrl): string {
  const interval = nowShowing(t, now)?.interval;
  const seen = new Set<number>();
  const entries = (interval?.playlist ?? []).flatMap((e) => {
    if (seen.has(e.revisionId)) return [];
    seen.add(e.revisionId);
    const caption = e.caption ?? interval?.fields?.caption;
    const picture = pictureOf(e, pictureUrl);
    return [
      {
        id: revisionUrn(e.revisionId, e.text),
        title: { '@_type': 'text', '#text': e.text },
        updated: revisionDate(e.revisionId) ?? interval!.start,
        // A picture item's picture, as RFC 4287 names a related resource a reader may fetch.
        ...(picture ? { link: { '@_rel': 'enclosure', '@_type': 'image/webp', '@_href': picture.url } } : {}),
        content: { '@_type': 'text', '#text': caption ? `${e.text}\n${caption}` : e.text },
      },
    ];
  });
  const updated = [interval?.start ?? t.horizonStart, ...entries.map((e) => e.updated)].reduce((a, b) => (Date.parse(b) > Date.parse(a) ? b : a));
  const feed = {
    '?xml': { '@_version': '1.0', '@_encoding': 'utf-8' },
    feed: {
      '@_xmlns': 'http://www.w3.org/2005/Atom',
      '@_xml:lang': 'vi',
      id: hashUrn(`pano:web-zone:${zone.id}`),
      title: { '@_type': 'text', '#text': zone.name },
      updated: new Date(Date.parse(updated)).toISOString(),
      author: { name: zone.name },
      link: [
        { '@_rel': 'self', '@_type': 'application/atom+xml', '@_href': links.self },
        { '@_rel': 'alternate', '@_type': 'text/html', '@_href': links.banner },
      ],
      generator: 'Pano',
      entry: entries.map((e) => ({ ...e, updated: new Date(Date.parse(e.updated)).toISOString() })),
    },
  };
  return builder.build(feed) as string;
}
