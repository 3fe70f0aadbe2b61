/**
 * What a display was sent is forgotten only once it is no longer sent: a picture that rotates for
 * months keeps its first sending, so every play of it stays believed (a real SQLite file).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteEngine, type Engine } from '../../server/db/engine.js';
import { DisplayRepository } from '../../server/db/display-repository.js';
import { MediaDeliveryRepository } from '../../server/db/media-delivery-repository.js';

const DAY = 24 * 60 * 60 * 1000;
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function database(): Engine {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pano-media-deliveries-'));
  dirs.push(dir);
  return openSqliteEngine(dir);
}

const rows = (engine: Engine) => engine.db.selectFrom('media_deliveries').select(['media_id', 'first_sent_at', 'last_sent_at']).orderBy('media_id').execute();

describe('media deliveries', () => {
  it('keep the first sending of a rendition still sent after months, and forget one no longer sent', async () => {
    const engine = database();
    await engine.db.insertInto('zones').values({ id: 'sanh', name: 'Sảnh', kind: 'lobby' }).execute();
    const zone = 'sanh';
    await new DisplayRepository(engine.db).create({ id: 'sanh-1', name: 'Sảnh 1', zoneId: zone, role: null, tokenSha256: 'a'.repeat(64), pairedBy: null }, new Date(0));
    const deliveries = new MediaDeliveryRepository(engine.db);
    const t0 = Date.parse('2026-01-01T00:00:00.000Z');
    const rotating = { mediaId: '1'.repeat(64), sha256: 'b'.repeat(64) };
    const dropped = { mediaId: '2'.repeat(64), sha256: 'c'.repeat(64) };
    await deliveries.record([{ displayId: 'sanh-1', files: [rotating, dropped], at: new Date(t0) }]);
    // Sent again every day for 100 days; the other left the timeline on day 1.
    for (let day = 1; day <= 100; day++) await deliveries.record([{ displayId: 'sanh-1', files: [rotating], at: new Date(t0 + day * DAY) }]);
    expect(await rows(engine)).toEqual([{ media_id: rotating.mediaId, first_sent_at: new Date(t0).toISOString(), last_sent_at: new Date(t0 + 100 * DAY).toISOString() }]);
    await engine.close();
  });
});
