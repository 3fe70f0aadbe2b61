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

/** What a portal's editor pastes: the banner in an iframe, full width, as tall as the portal wants. */
export function embedCode(origin: string, zone: { id: string; name: string }): string {
  const title = zone.name.replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<iframe src="${origin}/embed/${encodeURIComponent(zone.id)}" title="${title}" width="100%" height="200" style="border:0" loading="lazy"></iframe>`;
}
