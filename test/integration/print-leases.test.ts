/**
 * Print jobs on any node (issue 15, point 4): runners on one database (SQLite file, then
 * PostgreSQL) sharing one file store, as nodes do. A node killed mid-job (a real process, SIGKILL)
 * loses the job to another once its lease runs out; the job is resumed from its finished files
 * and recorded done once. Live nodes never hold one job at once; a node that lost a job cannot
 * record its result.
 */
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ContentRepository } from '../../server/db/content-repository.js';
import { openPostgresEngine, openSqliteEngine, type Engine } from '../../server/db/engine.js';
import { PrintJobRepository } from '../../server/db/print-job-repository.js';
import { ScheduleRepository } from '../../server/db/schedule-repository.js';
import { createLogger } from '../../server/log.js';
import { createPrintRunner, type PrintJobRunner } from '../../server/print/job-runner.js';
import { printableItem } from '../../server/print/slogans.js';
import { PrintSettingsSchema, type PrintJob } from '../../server/protocol/print.js';
import { usePostgres, type TestPostgres } from '../support/postgres.js';
import { spawnTs, waitForOutput } from '../support/spawn.js';

/** Real slogans of the plan, stacked diacritics included. */
const SLOGANS = [
  'Nhiệt liệt chào mừng Đại hội đại biểu Đảng bộ Văn phòng Chính phủ lần thứ XXVI!',
  'ĐẢNG CỘNG SẢN VIỆT NAM QUANG VINH MUÔN NĂM!',
  'Toàn Đảng bộ thi đua lập thành tích chào mừng Đại hội đại biểu toàn quốc lần thứ XIV của Đảng!',
  'Tiếp tục đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh — ỄỂẪẬ',
];

interface Nodes {
  /** This process's connection: its runners, and the test's own reads. */
  engine: Engine;
  /** The data folder every node shares (the print file store lives in it; SQLite's file too). */
  dataDir: string;
  /** What a node process needs to reach the same database. */
  env: Record<string, string>;
}

let tmp: string;
let postgres: TestPostgres | undefined;

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pano-print-leases-'));
});
afterAll(async () => {
  await postgres?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const engines: [string, () => Promise<Nodes>][] = [
  [
    'SQLite',
    async () => {
      const dataDir = fs.mkdtempSync(path.join(tmp, 'sqlite-'));
      return { engine: openSqliteEngine(dataDir), dataDir, env: { DATA_DIR: dataDir } };
    },
  ],
  [
    'PostgreSQL',
    async () => {
      postgres ??= await usePostgres();
      const url = await postgres.createDatabase();
      const dataDir = fs.mkdtempSync(path.join(tmp, 'pg-'));
      return { engine: await openPostgresEngine(url, { poolSize: 4 }), dataDir, env: { DATA_DIR: dataDir, DATABASE_URL: url } };
    },
  ],
];

describe.each(engines)('print leases on %s', (_name, open) => {
  let nodes: Nodes;
  let jobs: PrintJobRepository;
  let template: { settings: PrintJob['settings']; items: { itemId: number; revisionId: number; textSha256: string }[]; createdBy: { id: number; name: string } };
  const runners: PrintJobRunner[] = [];
  const processes: ChildProcess[] = [];

  beforeAll(async () => {
    nodes = await open();
    jobs = new PrintJobRepository(nodes.engine.db);
    // Approved slogans, as the approve route leaves them: created by one person, approved by another.
    const at = new Date();
    const user = async (username: string, displayName: string, role: string) => {
      const values = { username, display_name: displayName, roles_json: JSON.stringify([role]), created_at: at.toISOString(), updated_at: at.toISOString() };
      const { id } = await nodes.engine.db.insertInto('users').values(values).returning('id').executeTakeFirstOrThrow();
      return { id, username, displayName };
    };
    const operator = await user('van-hanh', 'Vận hành', 'operator');
    const approver = await user('duyet', 'Ban Tuyên giáo', 'approver');
    const content = new ContentRepository(nodes.engine.db);
    const source = { document: '38-KH/ĐU', issuer: 'Đảng ủy', issuedOn: '2020-03-01', section: 'II' };
    for (const [i, text] of SLOGANS.entries()) {
      const item = { key: `kh-${i + 1}`, kind: 'slogan' as const, text, title: null, tags: [], celebratory: false, events: [], places: [], source, sourceDocumentId: null };
      const id = await content.create(item, { id: operator.id, username: operator.username }, at, 'submitted');
      await content.decide(id, 'approve', 'Đúng kế hoạch', { id: approver.id, username: approver.username }, at);
    }
    const items = (await content.listApprovedSlogans()).map(printableItem);
    expect(items).toHaveLength(SLOGANS.length);
    template = {
      // One PNG per slogan, each long enough to render that a node can be killed between two.
      settings: PrintSettingsSchema.parse({ preset: 'a4', format: 'png', dpi: 150 }),
      items: items.map(({ itemId, revisionId, textSha256 }) => ({ itemId, revisionId, textSha256 })),
      createdBy: { id: operator.id, name: operator.displayName },
    };
  });
  afterEach(async () => {
    for (const child of processes.splice(0)) if (child.exitCode === null && child.signalCode === null) await killNode(child);
    for (const r of runners.splice(0)) await r.stop();
  });
  afterAll(async () => {
    await nodes.engine.close();
  });

  /** A runner as node `nodeId` over `engine`; its log lines are kept for the test to read. */
  function runner(engine: Engine, nodeId: string, leaseMs: number, log: string[] = []): PrintJobRunner {
    const r = createPrintRunner(
      { engine, content: new ContentRepository(engine.db), schedules: new ScheduleRepository(engine.db) },
      new PrintJobRepository(engine.db),
      { dataDir: nodes.dataDir, timeZone: 'Asia/Ho_Chi_Minh', log: createLogger('info', (line) => log.push(line)), onProgress: () => {}, nodeId, leaseMs, pollMs: 50 },
    );
    runners.push(r);
    return r;
  }

  const queue = () => jobs.create(template, new Date());
  const folder = (id: number) => path.join(nodes.dataDir, 'print', String(id));
  const doneRows = async (id: number) =>
    (await nodes.engine.db.selectFrom('audit_log').select(['actor', 'action']).where('target', '=', `print-job:${id}`).where('action', '=', 'print.job-done').execute()).length;

  async function until<T>(get: () => Promise<T | undefined> | T | undefined): Promise<T> {
    for (;;) {
      const value = await get();
      if (value !== undefined && value !== false) return value;
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  it('a job whose node is killed mid-job is taken over after its lease, resumed from its files, and recorded done once', async () => {
    const job = await queue();
    const a = spawnTs('test/support/print-node.ts', [], { ...nodes.env, PRINT_NODE_ID: 'node-a', PRINT_LEASE_MS: '1500' }).child;
    processes.push(a);
    await waitForOutput(a, 'print node ready', 30_000);
    await until(async () => (await jobs.lease(job.id))?.claimedBy === 'node-a');
    const bLog: string[] = [];
    const b = runner(nodes.engine, 'node-b', 1500, bLog);
    await b.start();
    // The first slogan's file is finished: node A dies.
    const first = await until(() => (fs.existsSync(folder(job.id)) ? fs.readdirSync(folder(job.id)).find((n) => !n.startsWith('.') && n.endsWith('.png')) : undefined));
    const firstFile = fs.statSync(path.join(folder(job.id), first));
    await killNode(a);

    const jobsB = jobs;
    const done = await until(async () => {
      const now = (await jobsB.get(job.id))!;
      return now.status === 'done' || now.status === 'failed' ? now : undefined;
    });
    expect(done.status).toBe('done');
    expect(done.files.map((f) => f.name).sort()).toEqual(fs.readdirSync(folder(job.id)).filter((n) => !n.startsWith('.')).sort());
    expect(done.files).toHaveLength(SLOGANS.length);
    // Resumed, not redone: the file node A finished is the very same file.
    const after = fs.statSync(path.join(folder(job.id), first));
    expect([after.ino, after.mtimeMs]).toEqual([firstFile.ino, firstFile.mtimeMs]);
    expect(bLog.some((l) => l.includes('"msg":"print job taken over"') && l.includes('"from":"node-a"'))).toBe(true);
    expect(await doneRows(job.id)).toBe(1);
    expect(await jobsB.lease(job.id)).toEqual({ claimedBy: null, until: null });
  });

  it('two live nodes with a short lease never hold one job at once, and each job is done once', async () => {
    const ids = [(await queue()).id, (await queue()).id, (await queue()).id];
    const jobsB = new PrintJobRepository(nodes.engine.db);
    const x = runner(nodes.engine, 'node-x', 300);
    const y = runner(nodes.engine, 'node-y', 300);
    await Promise.all([x.start(), y.start()]);
    let samples = 0;
    for (;;) {
      const now = Date.now();
      const held = [...x.leases().map((l) => ({ ...l, node: 'node-x' })), ...y.leases().map((l) => ({ ...l, node: 'node-y' }))].filter((l) => l.until > now);
      for (const id of ids) expect(held.filter((l) => l.jobId === id).length).toBeLessThanOrEqual(1);
      for (const l of held) expect([l.node, null]).toContain((await jobsB.lease(l.jobId))!.claimedBy);
      samples++;
      const states = await Promise.all(ids.map(async (id) => (await jobsB.get(id))!.status));
      if (states.every((s) => s !== 'queued' && s !== 'running')) {
        expect(states).toEqual(['done', 'done', 'done']);
        break;
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(samples).toBeGreaterThan(1);
    for (const id of ids) expect(await doneRows(id)).toBe(1);
  });

  it('a cancel through another node stops the running node, which removes the files and lets the job go', async () => {
    const job = await queue();
    const a = spawnTs('test/support/print-node.ts', [], { ...nodes.env, PRINT_NODE_ID: 'node-c', PRINT_LEASE_MS: '1500' }).child;
    processes.push(a);
    await waitForOutput(a, 'print node ready', 30_000);
    await until(async () => (await jobs.lease(job.id))?.claimedBy === 'node-c');
    await until(() => fs.existsSync(folder(job.id)));
    // Node D answers the cancel, as the route does: the row in a transaction, then the rest.
    const d = runner(nodes.engine, 'node-d', 1500);
    expect(await nodes.engine.transaction((tx) => d.cancel(tx, job.id))).toBe(true);
    await d.completeCancel(job.id);
    expect(fs.existsSync(folder(job.id))).toBe(false);
    expect((await jobs.get(job.id))!.status).toBe('cancelled');
    expect((await jobs.lease(job.id))!.claimedBy === 'node-c' && (await jobs.lease(job.id))!.until! > new Date().toISOString()).toBe(false);
    expect(await doneRows(job.id)).toBe(0);
  });

  it('a node that lost its lease cannot write the result, renew, or move the progress', async () => {
    const job = await queue();
    const jobsB = new PrintJobRepository(nodes.engine.db);
    const pickIt = (c: { id: number; owner: number | null }[]) => c.find((j) => j.id === job.id);
    // Node P claimed the job long ago and has not renewed since: its lease is over.
    const stale = await jobsB.claim({ nodeId: 'node-p', at: new Date(Date.now() - 60_000), ms: 1000 }, pickIt);
    expect(stale?.job.id).toBe(job.id);
    const taken = await jobsB.claim({ nodeId: 'node-q', at: new Date(), ms: 60_000 }, pickIt);
    expect(taken).toMatchObject({ job: { id: job.id, status: 'running' }, previous: 'node-p' });
    // While Q holds it, nobody else claims it.
    expect(await jobsB.claim({ nodeId: 'node-r', at: new Date(), ms: 60_000 }, pickIt)).toBeUndefined();

    expect(await jobsB.finish(job.id, 'done', new Date(), { files: [] }, 'node-p')).toBe(false);
    expect(await jobsB.renewLease(job.id, { nodeId: 'node-p', at: new Date(), ms: 1000 })).toBe('lost');
    await jobsB.setProgress(job.id, 3, 4, 'strip', { nodeId: 'node-p', etaAt: null });
    expect((await jobsB.get(job.id))!).toMatchObject({ status: 'running', progress: { done: 0 } });
    expect(await jobsB.lease(job.id)).toMatchObject({ claimedBy: 'node-q' });

    expect(await jobsB.renewLease(job.id, { nodeId: 'node-q', at: new Date(), ms: 60_000 })).toBe('held');
    expect(await jobsB.finish(job.id, 'failed', new Date(), { error: 'thử' }, 'node-q')).toBe(true);
    expect(await jobsB.lease(job.id)).toEqual({ claimedBy: null, until: null });
  });
});

/** SIGKILL, as a machine dies: tsx runs the node in a child process of its own, killed first. */
async function killNode(child: ChildProcess): Promise<void> {
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const children = fs.readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim();
  for (const pid of children ? children.split(/\s+/).map(Number) : []) process.kill(pid, 'SIGKILL');
  child.kill('SIGKILL');
  await closed;
}
