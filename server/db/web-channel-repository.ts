import type { Queryable } from './engine.js';
import type { WebChannelSettings, WebChannelSettingsRequest } from '../protocol/web-channel.js';

/** The web channel's one row of settings (migration 016 creates it, switched off). */
export class WebChannelRepository {
  constructor(private readonly q: Queryable) {}

  async get(): Promise<WebChannelSettings> {
    const row = await this.q
      .selectFrom('web_channel_settings')
      .select(['enabled', 'allowed_origins_json', 'updated_at'])
      .where('id', '=', 1)
      .executeTakeFirstOrThrow();
    return { enabled: row.enabled === 1, allowedOrigins: JSON.parse(row.allowed_origins_json) as string[], updatedAt: row.updated_at };
  }

  async set(settings: WebChannelSettingsRequest, by: number, at: Date): Promise<WebChannelSettings> {
    await this.q
      .updateTable('web_channel_settings')
      .set({ enabled: settings.enabled ? 1 : 0, allowed_origins_json: JSON.stringify(settings.allowedOrigins), updated_at: at.toISOString(), updated_by: by })
      .where('id', '=', 1)
      .execute();
    return this.get();
  }
}
