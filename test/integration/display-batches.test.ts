/**
 * The many-row statements a reconnect storm runs (issue 15, point 3): tokens looked up together,
 * live rows written and removed together, statuses of many displays in one UPDATE. On SQLite in
 * the integration project, on PostgreSQL in integration-postgres; past 500 rows a batch is cut in
 * chunks, under both engines' limits of bound parameters.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../server/db/engine.js';
import { DisplayRepository } from '../../server/db/display-repository.js';
import { LiveDisplayRepository, type LiveDisplayEntry } from '../../server/db/live-display-repository.js';
import { openTestEngine } from '../support/engine.js';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
/** More than two chunks of 500. */
const MANY = 1100;
const NAMES = ['Cổng chính Ễ', 'Sảnh Ể', 'Hội trường Ẫ', 'Phòng họp Ậ'];

let dir: string;
let engine: Engine;
let ids: string[];

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'pano-batches-'));
  engine = await openTestEngine(dir);
  await engine.db.insertInto('zones').values({ id: 'lobby', kind: 'lobby', name: 'Sảnh' }).onConflict((oc) => oc.column('id').doNothing()).execute();
  ids = Array.from({ length: MANY }, (_, i) => `batch-${String(i).padStart(4, '0')}`);
  await engine.transaction(async (tx) => {
    const displays = new DisplayRepository(tx);
    for (const [i, id] of ids.entries()) {
      await displays.create({ id, name: `${NAMES[i % NAMES.length]} ${i}`, zoneId: 'lobby', role: null, tokenSha256: sha256(`token of ${id}`), pairedBy: null }, new Date('2026-05-19T01:00:00.000Z'));
    }
    await displays.revoke(ids[1]!, null, new Date('2026-05-19T02:00:00.000Z'));
  });
}, 120_000);

afterAll(async () => {
  await engine?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('many displays at once', () => {
  it('looks up many tokens in one call: an unknown or revoked token is absent, each found one keyed by its hash', async () => {
    const asked = [...ids.map((id) => sha256(`token of ${id}`)), sha256('a token nobody holds'), sha256(`token of ${ids[0]}`)];
    const found = await new DisplayRepository(engine.db).findActiveByTokenSha256s(asked);
    expect(found.size).toBe(MANY - 1);
    expect(found.has(sha256(`token of ${ids[1]}`))).toBe(false);
    expect(found.has(sha256('a token nobody holds'))).toBe(false);
    expect(found.get(sha256(`token of ${ids[MANY - 1]}`))).toMatchObject({ id: ids[MANY - 1], name: `Phòng họp Ậ ${MANY - 1}`, zoneId: 'lobby', revokedAt: null });
    // The token's hash never leaves the repository inside a record.
    expect(Object.keys(found.get(sha256(`token of ${ids[0]}`))!)).not.toContain('tokenSha256');
    expect(await new DisplayRepository(engine.db).findActiveByTokenSha256s([])).toEqual(new Map());
  });

  it('writes many statuses together: each display gets its own fields, absent fields keep their value', async () => {
    const displays = new DisplayRepository(engine.db);
    await displays.saveStatuses(ids.map((id, i) => ({ id, lastSeenAt: '2026-05-19T03:00:00.000Z', lastAddress: `10.0.${i >> 8}.${i & 255}`, appVersion: 'pano/2', screen: { width: 1920, height: 1080 } })));
    await displays.saveStatuses([
      { id: ids[0]!, lastSeenAt: '2026-05-19T03:01:00.000Z', clock: { offsetMs: -12, roundTripMs: 4, measuredAt: '2026-05-19T03:00:30.000Z', uncertain: true } },
      { id: ids[MANY - 1]!, lastSeenAt: '2026-05-19T03:02:00.000Z', ackedVersion: 'v9', ackLatencyMs: 7.6, horizonEnd: '2026-05-26T00:00:00.000Z' },
    ]);
    expect(await displays.findById(ids[0]!)).toMatchObject({
      lastSeenAt: '2026-05-19T03:01:00.000Z',
      lastAddress: '10.0.0.0',
      appVersion: 'pano/2',
      screen: { width: 1920, height: 1080 },
      clockOffsetMs: -12,
      clockRoundTripMs: 4,
      clockMeasuredAt: '2026-05-19T03:00:30.000Z',
      clockUncertain: true,
      ackedVersion: null,
    });
    expect(await displays.findById(ids[MANY - 1]!)).toMatchObject({
      lastSeenAt: '2026-05-19T03:02:00.000Z',
      lastAddress: `10.0.${(MANY - 1) >> 8}.${(MANY - 1) & 255}`,
      clockOffsetMs: null,
      ackedVersion: 'v9',
      ackLatencyMs: 8,
      horizonEnd: '2026-05-26T00:00:00.000Z',
    });
    // A display in the middle of the third chunk got its own address, nobody else's.
    expect((await displays.findById(ids[1050]!))?.lastAddress).toBe(`10.0.${1050 >> 8}.${1050 & 255}`);
  });

  it('writes and removes many live rows together; a row another socket took over stays', async () => {
    const live = new LiveDisplayRepository(engine.db);
    const entry = (id: string, nodeId: string, sessionId: string, status: unknown): LiveDisplayEntry => ({
      displayId: id,
      nodeId,
      sessionId,
      connectedAt: '2026-05-19T04:00:00.000Z',
      seenAtMs: Date.parse('2026-05-19T04:00:00.000Z'),
      status,
    });
    const rows = () => live.listFresh(0);
    await live.upsertMany(ids.map((id) => entry(id, 'node-a', `s1-${id}`, { app: 'pano/2' })));
    expect(await rows()).toHaveLength(MANY);
    // The same display twice in one batch (a socket replaced within the turn): the later wins.
    await live.upsertMany([entry(ids[0]!, 'node-a', 's2-first', { app: 'old' }), entry(ids[0]!, 'node-b', 's3-first', { app: 'new' })]);
    expect((await rows()).find((r) => r.displayId === ids[0])).toMatchObject({ nodeId: 'node-b', sessionId: 's3-first', status: { app: 'new' } });

    // node-a's status sync: the row node-b took over is left alone.
    await live.saveStatuses('node-a', ids.map((id) => ({ displayId: id, sessionId: `s1-${id}`, status: { app: 'pano/2', showing: id } })), Date.parse('2026-05-19T04:01:00.000Z'));
    const synced = new Map((await rows()).map((r) => [r.displayId, r]));
    expect(synced.get(ids[0]!)).toMatchObject({ sessionId: 's3-first', status: { app: 'new' } });
    expect(synced.get(ids[1050]!)).toMatchObject({ sessionId: `s1-${ids[1050]}`, status: { app: 'pano/2', showing: ids[1050] }, seenAtMs: Date.parse('2026-05-19T04:01:00.000Z') });

    // Every first socket closes: the display whose row a newer socket holds stays listed.
    await live.removeMany(ids.map((id) => ({ displayId: id, sessionId: `s1-${id}` })));
    expect((await rows()).map((r) => r.displayId)).toEqual([ids[0]]);
    await live.removeMany([{ displayId: ids[0]!, sessionId: 's3-first' }]);
    expect(await rows()).toEqual([]);
  });
});
