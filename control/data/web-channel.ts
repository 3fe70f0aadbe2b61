import { WebChannelViewSchema, type WebChannelSettingsRequest, type WebChannelView } from '../../server/protocol/web-channel.js';
import { request } from './http.js';

export type { WebChannelView };

/** The web channel's settings and the web zones they govern (admin). */
export function fetchWebChannel(): Promise<WebChannelView> {
  return request('GET', '/api/web-channel', WebChannelViewSchema);
}

export function saveWebChannel(settings: WebChannelSettingsRequest): Promise<WebChannelView> {
  return request('PUT', '/api/web-channel', WebChannelViewSchema, settings);
}

/**
 * What a portal's editor pastes: the banner in an iframe across the column, three times as wide as
 * tall (a banner 4:1 or wider is a strip, where the renderer scrolls one line as on a gate board).
 */
export function embedCode(origin: string, zone: { id: string; name: string }): string {
  const title = zone.name.replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<iframe src="${origin}/embed/${encodeURIComponent(zone.id)}" title="${title}" style="border:0;width:100%;aspect-ratio:3/1" loading="lazy"></iframe>`;
}
