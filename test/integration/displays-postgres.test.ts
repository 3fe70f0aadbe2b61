/**
 * The display, delivery, media-delivery and proof-of-play repositories give the same answers on
 * SQLite and on PostgreSQL: one copy of each query, run against a real SQLite file and a
 * throwaway PostgreSQL database.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresEngine, openSqliteEngine, type Engine } from '../../server/db/engine.js';
import { DisplayRepository } from '../../server/db/display-repository.js';
import { DeliveryRepository } from '../../server/db/delivery-repository.js';
import { MediaDeliveryRepository } from '../../server/db/media-delivery-repository.js';
import { ProofOfPlayRepository } from '../../server/db/proof-of-play-repository.js';
import type { Timeline } from '../../server/protocol/timeline.js';
import { usePostgres, type TestPostgres } from '../support/postgres.js';

const SLOGAN = 'NHIỆT LIỆT CHÀO MỪNG ĐẠI HỘI ĐẢNG BỘ LẦN THỨ XỄ, ỂẪẬ';
const hash = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

let postgres: TestPostgres;
const dirs: string[] = [];
beforeAll(async () => {
  postgres = await usePostgres();
}, 120_000);
afterAll(async () => {
  await postgres?.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const engines: [string, () => Promise<Engine>][] = [
  [
    'sqlite',
    async () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'pano-displays-engines-'));
      dirs.push(dir);
      return openSqliteEngine(dir);
    },
  ],
  ['postgres', async () => openPostgresEngine(await postgres.createDatabase())],
];

/** A zone, and one approved slogan whose revision id is returned. */
async function seed(engine: Engine): Promise<{ itemId: number; revisionId: number }> {
  const at = '2026-01-01T00:00:00.000Z';
  await engine.db.insertInto('zones').values({ id: 'sanh', name: 'Sảnh chính', kind: 'lobby' }).execute();
  const item = await engine.db
    .insertInto('content_items')
    .values({ key: 'KH38-01', kind: 'slogan', status: 'approved', created_at: at, updated_at: at })
    .returning('id')
    .executeTakeFirstOrThrow();
  const revision = await engine.db
    .insertInto('content_revisions')
    .values({ item_id: item.id, revision: 1, text: SLOGAN, text_sha256: hash(SLOGAN), created_at: at, status: 'approved' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { itemId: item.id, revisionId: revision.id };
}

function timelineOf(revisionId: number, itemId: number): Timeline {
  return {
    zone: 'sanh',
    timeZone: 'Asia/Ho_Chi_Minh',
    horizonStart: '2026-02-01T00:00:00.000Z',
    horizonEnd: '2026-02-02T00:00:00.000Z',
    intervals: [
      {
        start: '2026-02-01T00:00:00.000Z',
        end: '2026-02-02T00:00:00.000Z',
        template: 'banner',
        secondsPerItem: 10,
        epoch: '2026-02-01T00:00:00.000Z',
        playlist: [{ itemId, revisionId, text: SLOGAN }],
        kind: 'schedule',
      },
    ],
  };
}

describe.each(engines)('display repositories on %s', (_name, open) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await open();
  }, 60_000);
  afterAll(() => engine?.close());

  it('register, list, update, report status and revoke a display', async () => {
    await seed(engine);
    const displays = new DisplayRepository(engine.db);
    const created = await displays.create({ id: 'd-1', name: 'Màn hình Ễ', zoneId: 'sanh', role: null, tokenSha256: 'a'.repeat(64), pairedBy: null }, new Date('2026-01-02T00:00:00.000Z'));
    expect(created).toMatchObject({ id: 'd-1', name: 'Màn hình Ễ', zoneId: 'sanh', pairedAt: '2026-01-02T00:00:00.000Z', clockUncertain: false, refusedPlays: 0, screen: null });
    await displays.create({ id: 'd-2', name: 'Màn hình Ể', zoneId: 'sanh', role: 'backdrop', tokenSha256: 'b'.repeat(64), pairedBy: null }, new Date());
    expect((await displays.findActiveByTokenSha256('b'.repeat(64)))?.id).toBe('d-2');
    expect((await displays.update('d-2', { name: 'Phông Ẫ' })).name).toBe('Phông Ẫ');

    await displays.saveStatuses([
      { id: 'd-1', lastSeenAt: '2026-01-03T00:00:00.000Z', lastAddress: '10.0.0.7', appVersion: 'pano/2', screen: { width: 1920, height: 1080 } },
      { id: 'd-1', lastSeenAt: '2026-01-03T00:01:00.000Z', clock: { offsetMs: 12, roundTripMs: 4, measuredAt: '2026-01-03T00:00:30.000Z', uncertain: true }, ackedVersion: 'v1', ackLatencyMs: 3.5 },
    ]);
    expect(await displays.findById('d-1')).toMatchObject({
      lastSeenAt: '2026-01-03T00:01:00.000Z',
      // Absent fields keep their value.
      lastAddress: '10.0.0.7',
      appVersion: 'pano/2',
      screen: { width: 1920, height: 1080 },
      clockOffsetMs: 12,
      clockUncertain: true,
      ackedVersion: 'v1',
      // Whole milliseconds on both engines (an INTEGER column).
      ackLatencyMs: 4,
    });

    expect((await displays.revoke('d-2', null, new Date('2026-01-04T00:00:00.000Z'))).revokedAt).toBe('2026-01-04T00:00:00.000Z');
    expect(await displays.findActiveByTokenSha256('b'.repeat(64))).toBeUndefined();
    expect((await displays.listActive()).map((d) => d.id)).toEqual(['d-1']);
  });

  it('believe a play only of a timeline sent before it, refuse the rest, and report hours per item', async () => {
    const { itemId, revisionId } = (await engine.db.selectFrom('content_revisions').select(['item_id as itemId', 'id as revisionId']).executeTakeFirstOrThrow());
    const timeline = timelineOf(revisionId, itemId);
    const sentAt = new Date('2026-02-01T00:00:00.000Z');
    const deliveries = new DeliveryRepository(engine.db);
    await deliveries.record([{ displayId: 'd-1', version: 'v1', timeline, at: sentAt }]);
    // The same version again (a resync): stored once.
    await deliveries.record([{ displayId: 'd-1', version: 'v1', timeline, at: new Date('2026-02-01T00:05:00.000Z') }]);
    expect(await engine.db.selectFrom('delivered_timelines').select(['display_id', 'version', 'delivered_at']).execute()).toEqual([
      { display_id: 'd-1', version: 'v1', delivered_at: sentAt.toISOString() },
    ]);

    const proofs = new ProofOfPlayRepository(engine.db);
    const play = (startIso: string, seconds: number, text = SLOGAN) => ({
      itemId,
      revisionId,
      template: 'banner' as const,
      start: new Date(startIso),
      end: new Date(Date.parse(startIso) + seconds * 1000),
      contentSha256: hash(text),
    });
    const outcome = await proofs.record(
      { id: 'd-1', zoneId: 'sanh' },
      [play('2026-02-01T01:00:00.000Z', 1.5), play('2026-02-01T01:00:00.000Z', 1.5), play('2026-02-01T01:00:01.000Z', 10), play('2026-01-31T01:00:00.000Z', 10), play('2026-02-01T02:00:00.000Z', 3600.25, 'khác')],
      new Date('2026-02-01T03:00:00.000Z'),
    );
    // A resend is a duplicate; an overlapping play and one before the timeline was sent are refused.
    expect(outcome).toEqual({ added: 2, duplicates: 1, refused: 2 });
    expect(await new DisplayRepository(engine.db).findById('d-1')).toMatchObject({ refusedPlays: 2, lastRefusedAt: '2026-02-01T03:00:00.000Z' });

    const rows = await proofs.report(new Date('2026-02-01T00:00:00.000Z'), new Date('2026-02-01T02:30:00.000Z'));
    expect(rows).toEqual([
      {
        campaign: '',
        phase: '',
        zoneId: 'sanh',
        zoneName: 'Sảnh chính',
        itemId,
        itemKey: 'KH38-01',
        text: SLOGAN,
        // 1.5 s, and the second play clipped to the half hour before `to`.
        hoursShown: expect.closeTo((1.5 + 1800) / 3600, 9),
        screens: 1,
        firstShown: '2026-02-01T01:00:00.000Z',
        lastShown: '2026-02-01T03:00:00.250Z',
        mismatches: 1,
      },
    ]);
  });

  it('keep the first sending of a rendition and move its last', async () => {
    const media = new MediaDeliveryRepository(engine.db);
    const file = { mediaId: '1'.repeat(64), sha256: '2'.repeat(64) };
    await media.record([{ displayId: 'd-1', files: [file, file], at: new Date('2026-02-01T00:00:00.000Z') }]);
    await media.record([{ displayId: 'd-1', files: [file], at: new Date('2026-02-01T06:00:00.000Z') }]);
    expect(await engine.db.selectFrom('media_deliveries').select(['first_sent_at', 'last_sent_at']).execute()).toEqual([
      { first_sent_at: '2026-02-01T00:00:00.000Z', last_sent_at: '2026-02-01T06:00:00.000Z' },
    ]);
    // Several displays in one batch (a reconnect storm), one of them twice: its later sending counts.
    await media.record([
      { displayId: 'd-1', files: [file], at: new Date('2026-02-01T07:00:00.000Z') },
      { displayId: 'd-2', files: [file], at: new Date('2026-02-01T07:00:00.000Z') },
      { displayId: 'd-1', files: [file], at: new Date('2026-02-01T07:30:00.000Z') },
      { displayId: 'd-2', files: [], at: new Date('2026-02-01T07:30:00.000Z') },
    ]);
    expect(await engine.db.selectFrom('media_deliveries').select(['display_id', 'first_sent_at', 'last_sent_at']).orderBy('display_id').execute()).toEqual([
      { display_id: 'd-1', first_sent_at: '2026-02-01T00:00:00.000Z', last_sent_at: '2026-02-01T07:30:00.000Z' },
      { display_id: 'd-2', first_sent_at: '2026-02-01T07:00:00.000Z', last_sent_at: '2026-02-01T07:00:00.000Z' },
    ]);
  });
});
