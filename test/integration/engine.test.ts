/**
 * The query layer on both engines: the guard against the root connection inside a transaction,
 * commit-only observers, 64-bit integers as numbers, and the audit chain under concurrent appends
 * from several nodes (three engines on one PostgreSQL database), with REPEATABLE READ as the
 * negative control that shows the check can fail.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditRepository } from '../../server/db/audit-repository.js';
import { ChangeGenerationRepository } from '../../server/db/change-generation-repository.js';
import { afterCommit, openPostgresEngine, openSqliteEngine, RootInTransactionError, type Engine } from '../../server/db/engine.js';
import { usePostgres, type TestPostgres } from '../support/postgres.js';

let postgres: TestPostgres;
const dirs: string[] = [];
const opened: Engine[] = [];

beforeAll(async () => {
  postgres = await usePostgres();
}, 120_000);

afterAll(async () => {
  await Promise.all(opened.map((e) => e.close()));
  await postgres?.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function sqliteEngine(): Promise<Engine> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pano-engine-'));
  dirs.push(dir);
  const engine = openSqliteEngine(dir, { synchronous: 'NORMAL' });
  opened.push(engine);
  return engine;
}

async function postgresEngine(url?: string): Promise<Engine> {
  const engine = await openPostgresEngine(url ?? (await postgres.createDatabase()));
  opened.push(engine);
  return engine;
}

const entry = (action: string) => ({ actorId: null, actor: 'system', action, target: 'settings' });

describe.each([
  ['SQLite', sqliteEngine],
  ['PostgreSQL', () => postgresEngine()],
] as const)('the query layer on %s', (_name, open) => {
  it('refuses the root connection inside a transaction, and rolls the transaction back', async () => {
    const engine = await open();
    const audit = new AuditRepository(engine.db);
    await expect(
      engine.transaction(async (tx) => {
        await new AuditRepository(tx).append(entry('test.inside'));
        await audit.head();
      }),
    ).rejects.toBeInstanceOf(RootInTransactionError);
    expect(await audit.head()).toBeUndefined();
    await audit.append(entry('test.after'));
    expect((await audit.head())?.id).toBe(1);
  });

  it('tells observers of a commit only, after it', async () => {
    const engine = await open();
    const seen: string[] = [];
    engine.committed.on('audit-appended', (row) => seen.push(row.action));
    await expect(
      engine.transaction(async (tx) => {
        await new AuditRepository(tx).append(entry('test.rolled-back'));
        throw new Error('no');
      }),
    ).rejects.toThrow('no');
    await engine.transaction(async (tx) => {
      await new AuditRepository(tx).append(entry('test.committed'));
      afterCommit(() => seen.push('after-commit task'));
      expect(seen).toEqual([]);
    });
    expect(seen).toEqual(['test.committed', 'after-commit task']);
  });

  it('moves the change generation as a number', async () => {
    const engine = await open();
    const generations = new ChangeGenerationRepository(engine.db);
    const before = await generations.current();
    const heard: number[] = [];
    engine.committed.on('generation', (g) => heard.push(g));
    expect(await generations.bump()).toBe(before + 1);
    expect(await generations.current()).toBe(before + 1);
    expect(typeof (await generations.current())).toBe('number');
    expect(heard).toEqual([before + 1]);
  });
});

describe('the audit chain with three nodes on one PostgreSQL database', () => {
  let url: string;
  let nodes: Engine[];

  beforeAll(async () => {
    url = await postgres.createDatabase();
    nodes = [await postgresEngine(url), await postgresEngine(url), await postgresEngine(url)];
  }, 60_000);

  it('never forks and leaves no gap: 3 nodes × 10 clients appending at once', async () => {
    const results = await Promise.allSettled(
      nodes.flatMap((node, n) =>
        Array.from({ length: 10 }, async (_, client) => {
          const rows = [];
          for (let i = 0; i < 5; i++) rows.push(await new AuditRepository(node.db).append(entry(`test.node${n}.client${client}.${i}`)));
          return rows;
        }),
      ),
    );
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    const ids = results.flatMap((r) => (r.status === 'fulfilled' ? r.value.map((row) => row.id) : [])).sort((a, b) => a - b);
    expect(ids).toEqual(Array.from({ length: 150 }, (_, i) => i + 1));
    const report = await nodes[1]!.transaction((tx) => new AuditRepository(tx).verify(), { readOnly: true });
    expect(report).toMatchObject({ intact: true, rows: 150 });
  });

  it('would fail under REPEATABLE READ: an append whose snapshot predates the head it must follow is refused', async () => {
    const appendAt = (node: Engine, isolation: 'read committed' | 'repeatable read', action: string, beforeAppend: () => Promise<void>) =>
      node.transaction(
        async (tx) => {
          // The first statement fixes a REPEATABLE READ transaction's snapshot.
          await new AuditRepository(tx).rowSha256(1);
          await beforeAppend();
          return new AuditRepository(tx).append(entry(action));
        },
        { isolation },
      );
    for (const isolation of ['read committed', 'repeatable read'] as const) {
      const head = (await new AuditRepository(nodes[0]!.db).head())!;
      let release!: () => void;
      const otherCommitted = new Promise<void>((resolve) => (release = resolve));
      const late = appendAt(nodes[0]!, isolation, `test.late.${isolation}`, () => otherCommitted);
      // Another node appends and commits after the late transaction took its snapshot.
      await new AuditRepository(nodes[1]!.db).append(entry(`test.other.${isolation}`));
      release();
      if (isolation === 'read committed') {
        await expect(late).resolves.toMatchObject({ id: head.id + 2 });
      } else {
        await expect(late).rejects.toMatchObject({ code: '40001' });
      }
    }
    const report = await nodes[2]!.transaction((tx) => new AuditRepository(tx).verify(), { readOnly: true });
    expect(report.intact).toBe(true);
  });
});
