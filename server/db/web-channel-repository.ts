import type { Db } from './database.js';
import type { WebChannelSettings, WebChannelSettingsRequest } from '../protocol/web-channel.js';

interface SettingsRow {
  enabled: number;
  allowed_origins_json: string;
  updated_at: string | null;
}

/** The web channel's one row of settings (migration 016 creates it, switched off). */
export class WebChannelRepository {
  constructor(private readonly db: Db) {}

  get(): WebChannelSettings {
    const row = this.db.prepare<[], SettingsRow>('SELECT enabled, allowed_origins_json, updated_at FROM web_channel_settings WHERE id = 1').get()!;
    return { enabled: row.enabled === 1, allowedOrigins: JSON.parse(row.allowed_origins_json) as string[], updatedAt: row.updated_at };
  }

  set(settings: WebChannelSettingsRequest, by: number, at: Date): WebChannelSettings {
    this.db
      .prepare('UPDATE web_channel_settings SET enabled = ?, allowed_origins_json = ?, updated_at = ?, updated_by = ? WHERE id = 1')
      .run(settings.enabled ? 1 : 0, JSON.stringify(settings.allowedOrigins), at.toISOString(), by);
    return this.get();
  }
}
