/**
 * State several nodes share through the database (issue 15, point 3): pairing codes, the
 * pairing-guess and sign-in limits, the live display list and commands to one display. On
 * PostgreSQL two engines on the same database play two nodes, each with its own pool, node B with
 * its one listening connection shared by its feeds; on SQLite one engine plays both, as one node
 * is all SQLite serves.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresEngine, openSqliteEngine, type Engine, type Queryable } from '../../server/db/engine.js';
import { AttemptRepository } from '../../server/db/attempt-repository.js';
import { claimPairingCode, issuePairingCode } from '../../server/ws/pairing.js';
import { Client as PgClient } from 'pg';
import { ChangeFeed } from '../../server/cluster/change-feed.js';
import { DisplayCommandFeed } from '../../server/cluster/display-feed.js';
import { ChangeGenerationRepository } from '../../server/db/change-generation-repository.js';
import { NotificationListener } from '../../server/db/postgres/listener.js';
import { NODE_STALE_MS, NodeHeartbeat } from '../../server/cluster/node.js';
import { lockLimiters, SharedLimiter } from '../../server/auth/shared-limiter.js';
import { DisplayCommandRepository, type DisplayCommand } from '../../server/db/display-command-repository.js';
import { LiveDisplayRepository } from '../../server/db/live-display-repository.js';
import { PairingCodeRepository } from '../../server/db/pairing-code-repository.js';
import { createLogger } from '../../server/log.js';
import { usePostgres, type TestPostgres } from '../support/postgres.js';

const log = createLogger('error', () => {});
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

interface Nodes {
  a: Engine;
  b: Engine;
  /** PostgreSQL: the database's URL, where a node's listener connects; SQLite: none (commands reach the hub in-process). */
  url?: string;
  close(): Promise<void>;
}

let pg: TestPostgres;

async function sqliteNodes(): Promise<Nodes> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pano-cluster-'));
  const engine = openSqliteEngine(dir);
  return {
    a: engine,
    b: engine,
    async close() {
      await engine.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function postgresNodes(): Promise<Nodes> {
  const url = await pg.createDatabase();
  const a = await openPostgresEngine(url, { poolSize: 6 });
  const b = await openPostgresEngine(url, { poolSize: 6 });
  return {
    a,
    b,
    url,
    async close() {
      await a.close();
      await b.close();
    },
  };
}

beforeAll(async () => {
  pg = await usePostgres();
});

afterAll(async () => {
  await pg?.stop();
});

/** A registered display, as the pairing route creates one (rows the live list and commands refer to). */
async function addDisplay(q: Queryable, id: string, name = 'Sảnh tầng 1'): Promise<void> {
  await q.insertInto('zones').values({ id: 'lobby', kind: 'lobby', name: 'Sảnh' }).onConflict((oc) => oc.column('id').doNothing()).execute();
  await q
    .insertInto('displays')
    .values({ id, name, zone_id: 'lobby', token_sha256: sha256(`token of ${id}`), paired_at: new Date().toISOString() })
    .execute();
}

describe.each([
  ['SQLite', sqliteNodes],
  ['PostgreSQL', postgresNodes],
] as const)('cluster state on %s', (engineName, open) => {
  let nodes: Nodes;

  beforeAll(async () => {
    nodes = await open();
  });

  afterAll(async () => {
    await nodes?.close();
  });

  it('a code shown by a screen on node B is claimed through node A exactly once', async () => {
    const now = Date.now();
    const token = 'the token node B keeps in memory';
    const issued = await issuePairingCode(nodes.b.db, { nodeId: 'node-b', waiterId: 'waiter-1', address: '10.1.0.5', tokenSha256: sha256(token) }, now);
    expect(issued?.code).toMatch(/^[A-Z2-9]{6}$/);
    const typed = `${issued!.code.slice(0, 3).toLowerCase()}-${issued!.code.slice(3)}`;
    // Two operators type the same code at the same moment, through both nodes.
    const claims = await Promise.all(
      [nodes.a, nodes.b].map((engine) =>
        engine.transaction(async (tx) => {
          const displayId = randomUUID();
          const claim = await claimPairingCode(tx, typed, '10.2.0.9', displayId, now + 1000);
          if (claim.ok) {
            await addDisplay(tx, displayId);
            await new DisplayCommandRepository(tx).issue(displayId, 'paired', { waiterId: claim.claimed.waiterId }, now + 1000);
          }
          return claim;
        }),
      ),
    );
    const won = claims.filter((c) => c.ok);
    expect(won).toHaveLength(1);
    expect(won[0]).toEqual({ ok: true, claimed: { nodeId: 'node-b', waiterId: 'waiter-1', tokenSha256: sha256(token) } });
    expect(claims.filter((c) => !c.ok)).toEqual([{ ok: false, reason: 'unknown' }]);
    // Used: a third claim fails like a wrong code.
    expect(await nodes.a.transaction((tx) => claimPairingCode(tx, issued!.code, '10.2.0.9', randomUUID(), now + 2000))).toEqual({ ok: false, reason: 'unknown' });
  });

  it('expired codes and codes of a node that stopped heartbeating cannot be claimed', async () => {
    const now = Date.now();
    const short = await issuePairingCode(nodes.b.db, { nodeId: 'node-b', waiterId: 'waiter-2', address: '10.1.0.6', tokenSha256: sha256('t2') }, now, 5000);
    expect(await nodes.a.transaction((tx) => claimPairingCode(tx, short!.code, '10.3.0.1', randomUUID(), now + 5000))).toEqual({ ok: false, reason: 'unknown' });
    const long = await issuePairingCode(nodes.b.db, { nodeId: 'node-dead', waiterId: 'waiter-3', address: '10.1.0.7', tokenSha256: sha256('t3') }, now);
    // node-dead never beats again: past the staleness its code is gone.
    expect(await nodes.a.transaction((tx) => claimPairingCode(tx, long!.code, '10.3.0.1', randomUUID(), now + NODE_STALE_MS + 1))).toEqual({
      ok: false,
      reason: 'unknown',
    });
  });

  it('counts pairing guesses through both nodes: the global 100 per 15 minutes is reached by 50 + 50', async () => {
    const now = Date.now();
    // The wrong claims of the tests above (some stamped ahead of now) are not counted here.
    await new AttemptRepository(nodes.a.db).prune(now + 60 * 60 * 1000);
    // 110 wrong guesses at once from 11 networks (10 each, the per-network limit), half through each node.
    const guesses = Array.from({ length: 110 }, (_, i) => ({ node: i % 2 === 0 ? nodes.a : nodes.b, address: `172.16.${Math.floor(i / 10)}.${(i % 10) + 1}` }));
    const results = await Promise.all(guesses.map((g) => g.node.transaction((tx) => claimPairingCode(tx, 'ZZZZZZ', g.address, randomUUID(), now))));
    expect(results.filter((r) => !r.ok && r.reason === 'unknown')).toHaveLength(100);
    expect(results.filter((r) => !r.ok && r.reason === 'throttled')).toHaveLength(10);
    // Now even a right code, through either node, from a network that never guessed, waits.
    const issued = await issuePairingCode(nodes.b.db, { nodeId: 'node-b', waiterId: 'waiter-4', address: '10.1.0.8', tokenSha256: sha256('t4') }, now);
    for (const engine of [nodes.a, nodes.b]) {
      const claim = await engine.transaction((tx) => claimPairingCode(tx, issued!.code, '192.168.77.1', randomUUID(), now + 1000));
      expect(claim).toMatchObject({ ok: false, reason: 'throttled' });
      expect((claim as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThan(14 * 60);
    }
    // 15 minutes later the window has passed and the code (still valid with a longer life) works.
    const later = now + 15 * 60 * 1000 + 1;
    await new PairingCodeRepository(nodes.b.db).heartbeat('node-b', later);
    const fresh = await issuePairingCode(nodes.b.db, { nodeId: 'node-b', waiterId: 'waiter-4', address: '10.1.0.8', tokenSha256: sha256('t4') }, later);
    expect(await nodes.a.transaction((tx) => claimPairingCode(tx, fresh!.code, '192.168.77.1', randomUUID(), later))).toMatchObject({ ok: true });
  });

  it('holds a sign-in limit for both nodes together, and forgives only the attempt that succeeded', async () => {
    const now = Date.now();
    const perNetwork = new SharedLimiter(`login.network.${randomUUID()}`, 20, 15 * 60 * 1000);
    const network = '10.9.8.0/24';
    const ids: number[] = [];
    // 20 attempts at once, 10 through each node, each a check and a record under the limiter's lock.
    await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        (i % 2 === 0 ? nodes.a : nodes.b).transaction(async (tx) => {
          await lockLimiters(tx, [[perNetwork, network]]);
          if ((await perNetwork.retryAfter(tx, network, now)) > 0) return;
          ids.push(await perNetwork.record(tx, network, now));
        }),
      ),
    );
    expect(ids).toHaveLength(20);
    expect(await perNetwork.retryAfter(nodes.a.db, network, now + 1000)).toBe(15 * 60 - 1);
    expect(await perNetwork.retryAfter(nodes.b.db, network, now + 1000)).toBe(15 * 60 - 1);
    await perNetwork.forgive(nodes.b.db, ids[0]!);
    expect(await perNetwork.retryAfter(nodes.a.db, network, now + 1000)).toBe(0);
    expect(await perNetwork.has(nodes.a.db, network, now + 1000)).toBe(true);
    expect(await perNetwork.has(nodes.a.db, network, now + 15 * 60 * 1000)).toBe(false);
  });

  it('lists the displays of both nodes, and drops those of a node that stops heartbeating', async () => {
    const now = Date.now();
    await addDisplay(nodes.a.db, 'live-a', 'Sảnh A');
    await addDisplay(nodes.a.db, 'live-b', 'Hội trường B');
    await new LiveDisplayRepository(nodes.a.db).upsertMany([{ displayId: 'live-a', nodeId: 'node-a', sessionId: 's-a', connectedAt: new Date(now).toISOString(), seenAtMs: now, status: { app: 'a' } }]);
    await new LiveDisplayRepository(nodes.b.db).upsertMany([{ displayId: 'live-b', nodeId: 'node-b', sessionId: 's-b', connectedAt: new Date(now).toISOString(), seenAtMs: now, status: { app: 'b' } }]);
    const fresh = async (engine: Engine, at: number) => (await new LiveDisplayRepository(engine.db).listFresh(at - NODE_STALE_MS)).filter((d) => d.displayId.startsWith('live-'));
    expect((await fresh(nodes.a, now)).map((d) => [d.displayId, d.nodeId, d.status])).toEqual([
      ['live-a', 'node-a', { app: 'a' }],
      ['live-b', 'node-b', { app: 'b' }],
    ]);
    expect(await fresh(nodes.b, now)).toEqual(await fresh(nodes.a, now));
    // node-a keeps beating; node-b does not.
    const beatA = new NodeHeartbeat({ engine: nodes.a, nodeId: 'node-a', log, now: () => now + 20_000 });
    await beatA.beat();
    const later = now + NODE_STALE_MS + 5000;
    expect((await fresh(nodes.b, later)).map((d) => d.displayId)).toEqual(['live-a']);
    // A replaced socket's late close leaves the newer one's row; its own close removes it.
    await new LiveDisplayRepository(nodes.b.db).removeMany([{ displayId: 'live-a', sessionId: 's-old' }]);
    expect((await fresh(nodes.b, later)).map((d) => d.displayId)).toEqual(['live-a']);
    await new LiveDisplayRepository(nodes.a.db).removeMany([{ displayId: 'live-a', sessionId: 's-a' }]);
    expect(await fresh(nodes.b, later)).toEqual([]);
  });

  it('brings a command issued through node A to node B: by notification, and by polling when B was not listening', async () => {
    await addDisplay(nodes.a.db, 'cmd-b', 'Cổng');
    const received: DisplayCommand[] = [];
    let arrived: (c: DisplayCommand) => void = () => {};
    const listener = nodes.url ? new NotificationListener(nodes.url, 'pano-listener:node-b', log) : undefined;
    const feed = new DisplayCommandFeed({
      engine: nodes.b,
      ...(listener ? { listener } : {}),
      // No poll during the test: only the notification (or, on SQLite, the in-process signal) can bring it.
      pollMs: 3_600_000,
      holds: (s) => s.displayId === 'cmd-b',
      apply: (c) => {
        received.push(c);
        arrived(c);
      },
      log,
    });
    feed.start();
    listener?.start();
    try {
      if (listener) await expect.poll(() => listener.state().state).toBe('listening');
      const notified = new Promise<DisplayCommand>((resolve) => (arrived = resolve));
      const id = await new DisplayCommandRepository(nodes.a.db).issue('cmd-b', 'identify', { name: 'Cổng', seconds: 10 });
      expect(await notified).toMatchObject({ id, displayId: 'cmd-b', command: 'identify', payload: { name: 'Cổng', seconds: 10 } });
      // A poll does not apply it again.
      await feed.poll();
      expect(received.map((c) => c.id)).toEqual([id]);
    } finally {
      feed.stop();
      await listener?.stop();
    }

    // A node that hears nothing (its listener down) reads the command when it polls.
    const deaf = new DisplayCommandFeed({ engine: nodes.b, pollMs: 3_600_000, holds: (s) => s.displayId === 'cmd-b', apply: (c) => void received.push(c), log });
    deaf.start();
    try {
      const id = await nodes.a.transaction((tx) => new DisplayCommandRepository(tx).issue('cmd-b', 'reload', {}));
      await deaf.poll();
      // On SQLite the in-process signal may have brought it first: once either way.
      await expect.poll(() => received.filter((c) => c.id === id).length).toBe(1);
      expect(received.at(-1)).toMatchObject({ id, command: 'reload' });
    } finally {
      deaf.stop();
    }
  });

  it.runIf(engineName === 'PostgreSQL')(
    'one listening connection serves both feeds of a node; cut while changes commit, it comes back and both feeds read what they missed',
    async () => {
      await addDisplay(nodes.a.db, 'cut-b', 'Cổng phụ');
      const database = new URL(nodes.url!).pathname.slice(1);
      const listener = new NotificationListener(nodes.url!, 'pano-listener:node-b', log);
      const commands: number[] = [];
      const generations: number[] = [];
      // No timed poll: only notifications, and the poll each feed makes when the listener (re)connects, bring anything.
      const displayFeed = new DisplayCommandFeed({ engine: nodes.b, listener, pollMs: 3_600_000, holds: (s) => s.displayId === 'cut-b', apply: (c) => void commands.push(c.id), log });
      const changeFeed = new ChangeFeed({ engine: nodes.b, listener, pollMs: 3_600_000, onAdvance: async (g) => void generations.push(g), log });
      displayFeed.start();
      listener.start();
      const admin = new PgClient({ connectionString: pg.url('postgres') });
      await admin.connect();
      const listening = async () =>
        (await admin.query<{ pid: number; name: string }>(`SELECT pid, application_name AS name FROM pg_stat_activity WHERE datname = $1 AND application_name LIKE 'pano-%'`, [database])).rows;
      const allowConnections = (allow: boolean) => admin.query(`ALTER DATABASE ${admin.escapeIdentifier(database)} ALLOW_CONNECTIONS ${allow}`);
      try {
        await expect.poll(() => listener.state().state).toBe('listening');
        // The change feed subscribes to the live connection: its LISTEN goes at once, then it reads the generation.
        await changeFeed.start();
        await expect.poll(() => changeFeed.status().lastPollAt).toBeDefined();
        // One connection for both (a stopped listener's backend may take a moment to leave the list).
        await expect.poll(async () => (await listening()).map((r) => r.name)).toEqual(['pano-listener:node-b']);
        const [before] = await listening();
        const identify = await new DisplayCommandRepository(nodes.a.db).issue('cut-b', 'identify', { name: 'Cổng phụ', seconds: 10 });
        const first = await new ChangeGenerationRepository(nodes.a.db).bump();
        await expect.poll(() => commands).toEqual([identify]);
        await expect.poll(() => generations.at(-1)).toBe(first);

        // A command and a change written through node A, committed while node B's connection is cut
        // and the database lets it in again only afterwards: their notifications reach no one.
        let release!: () => void;
        const held = new Promise<void>((resolve) => (release = resolve));
        let written!: () => void;
        const wrote = new Promise<void>((resolve) => (written = resolve));
        const committed = nodes.a.transaction(async (tx) => {
          const id = await new DisplayCommandRepository(tx).issue('cut-b', 'reload', {});
          const generation = await new ChangeGenerationRepository(tx).bump();
          written();
          await held;
          return { id, generation };
        });
        await wrote;
        await allowConnections(false);
        let missed: { id: number; generation: number };
        try {
          const cut = await admin.query(`SELECT pg_terminate_backend(pid) AS cut FROM pg_stat_activity WHERE datname = $1 AND application_name = 'pano-listener:node-b'`, [database]);
          expect(cut.rows).toEqual([{ cut: true }]);
          await expect.poll(() => listener.state().state).toBe('disconnected');
          release();
          missed = await committed;
        } finally {
          await allowConnections(true);
        }
        // Back on one new connection (after its backoff), and both feeds polled.
        await expect.poll(() => listener.state().state, { timeout: 20_000 }).toBe('listening');
        await expect.poll(() => commands).toEqual([identify, missed.id]);
        await expect.poll(() => generations.at(-1)).toBe(missed.generation);
        const after = await listening();
        expect(after.map((r) => r.name)).toEqual(['pano-listener:node-b']);
        expect(after[0]!.pid).not.toBe(before!.pid);
      } finally {
        await admin.end();
        displayFeed.stop();
        await changeFeed.stop();
        await listener.stop();
      }
    },
  );
});
