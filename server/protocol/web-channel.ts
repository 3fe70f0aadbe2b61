/**
 * The web zone's public channel: what the agency's web page shows (JSON, Atom feed, embeddable
 * banner) and the admin's settings for it. Pure: zod only.
 */
import { z } from 'zod';
import { InstantSchema } from './timeline.js';

/** A portal the banner may be framed by, and whose pages may read the JSON: https://host[:port]. */
export const WebOriginSchema = z
  .string()
  .trim()
  .max(200)
  .refine(isWebOrigin, {
    message:
      'Nguồn phải có dạng https://tên-máy hoặc https://tên-máy:cổng, không có đường dẫn (http:// chỉ dùng cho localhost). ' +
      '(An origin is https://host or https://host:port, with no path; http:// only for localhost.)',
  })
  .transform((s) => new URL(s).origin);

/** At most this many portals: an office embeds its banner on a handful of sites. */
export const WEB_ORIGINS_MAX = 20;

export const WebChannelSettingsRequestSchema = z
  .object({
    enabled: z.boolean(),
    allowedOrigins: z
      .array(WebOriginSchema)
      .max(WEB_ORIGINS_MAX, { message: `Tối đa ${WEB_ORIGINS_MAX} nguồn. (At most ${WEB_ORIGINS_MAX} origins.)` })
      .refine((list) => new Set(list).size === list.length, { message: 'Mỗi nguồn chỉ ghi một lần. (Each origin once.)' }),
  })
  .strict();
export type WebChannelSettingsRequest = z.infer<typeof WebChannelSettingsRequestSchema>;

export const WebChannelSettingsSchema = z.object({
  enabled: z.boolean(),
  allowedOrigins: z.array(z.string()),
  /** When the admin last changed them; null: never (the channel ships switched off). */
  updatedAt: InstantSchema.nullable(),
});
export type WebChannelSettings = z.infer<typeof WebChannelSettingsSchema>;

/** What the admin's page shows: the settings and the web zones whose channel they govern. */
export const WebChannelViewSchema = z.object({
  settings: WebChannelSettingsSchema,
  zones: z.array(z.object({ id: z.string(), name: z.string() })),
});
export type WebChannelView = z.infer<typeof WebChannelViewSchema>;

/** A picture item's picture as the web page gets it: a rendition (WebP, long side at most 1280 px). */
export const WebPictureSchema = z.object({
  url: z.string(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  credit: z.string().optional(),
});
export type WebPicture = z.infer<typeof WebPictureSchema>;

/** One item as the web zone plays it; `id` names the item's approved revision (a URN, no database number). */
export const WebSlotSchema = z.object({
  id: z.string(),
  /** A slogan's or message's text; a picture's caption. */
  text: z.string(),
  caption: z.string().optional(),
  picture: WebPictureSchema.optional(),
  from: InstantSchema,
  until: InstantSchema,
  /** National mourning: the page should look sober too. */
  mourning: z.boolean(),
});
export type WebSlot = z.infer<typeof WebSlotSchema>;

/** How many items after the current one the channel announces. */
export const WEB_NEXT_MAX = 5;

export const WebNowSchema = z.object({
  zone: z.object({ name: z.string() }),
  timeZone: z.string(),
  /** null: the zone shows nothing now. */
  now: WebSlotSchema.nullable(),
  next: z.array(WebSlotSchema).max(WEB_NEXT_MAX),
});
export type WebNow = z.infer<typeof WebNowSchema>;

function isWebOrigin(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  const bare = url.username === '' && url.password === '' && url.search === '' && url.hash === '' && url.pathname === '/';
  // Only the origin itself: "https://host/" or "https://host", nothing after it.
  const noPath = value.replace(/\/$/, '').toLowerCase() === url.origin.toLowerCase();
  const scheme = url.protocol === 'https:' || (url.protocol === 'http:' && url.hostname === 'localhost');
  return bare && noPath && scheme;
}
