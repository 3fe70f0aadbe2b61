/**
 * A throwaway PostgreSQL for tests, from Debian's server packages (npm run setup installs them):
 * initdb in a temporary directory, owned by the postgres user when the tests run as root (the
 * server refuses to run as root), listening only on a Unix socket in that directory, durability
 * off. One template database is migrated once; every test database is a copy of it.
 *
 * Several test files share one server when test/support/postgres-global.ts started it for the run
 * (PANO_TEST_POSTGRES holds its base URL); otherwise usePostgres() starts one for the file.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { migratePostgres } from '../../server/db/postgres/migrate.js';

export const TEMPLATE_DATABASE = 'pano_template';
/** The environment variable carrying a shared server's base URL to the test files. */
export const SHARED_POSTGRES_ENV = 'PANO_TEST_POSTGRES';

export interface TestPostgres {
  /** The connection URL of a database on this server (`postgresql://postgres@localhost/name?host=<socket dir>&port=…; the host query parameter wins`). */
  url(database: string): string;
  /** A new database holding the migrated schema and no rows; returns its URL. */
  createDatabase(name?: string): Promise<string>;
  /** Stops the server and removes its files; for a shared server, does nothing. */
  stop(): Promise<void>;
}

export interface StartedPostgres extends TestPostgres {
  /** The URL of the maintenance database `postgres`: what PANO_TEST_POSTGRES carries. */
  baseUrl: string;
}

/** The newest installed PostgreSQL's server programs (Debian: /usr/lib/postgresql/<major>/bin). */
export function postgresBinDir(root = '/usr/lib/postgresql'): string {
  const majors = existsSync(root) ? readdirSync(root).filter((d) => /^\d+$/.test(d)) : [];
  majors.sort((a, b) => Number(b) - Number(a));
  const found = majors.map((m) => path.join(root, m, 'bin')).find((bin) => existsSync(path.join(bin, 'initdb')) && existsSync(path.join(bin, 'postgres')));
  if (!found) {
    throw new Error(`Không thấy PostgreSQL trong ${root}; hãy chạy npm run setup. (PostgreSQL server programs not found under ${root}; run npm run setup)`);
  }
  return found;
}

/** As root, the server programs run as the postgres user; as anyone else, as that user. */
function serverUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

function postgresProgram(program: string, args: string[], bin: string, user: ReturnType<typeof serverUser>): ChildProcess {
  return spawn(program, args, {
    // Node looks the program up in the PATH it gives the child: the server programs come first.
    env: { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`, LC_ALL: 'C.UTF-8' },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(user ?? {}),
  });
}

/** Runs a program to its end; rejects with its output when it fails. */
function finished(child: ChildProcess, what: string): Promise<void> {
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`${what} failed (${code ?? signal}):\n${output}`))));
  });
}

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** The same server, another database: WHATWG URL refuses the empty host of a socket URL, so by hand. */
function urlFor(baseUrl: string, database: string): string {
  return baseUrl.replace(/^(postgresql:\/\/[^/]*\/)[^?]*/, `$1${encodeURIComponent(database)}`);
}

let databases = 0;
const freshName = () => `pano_test_${process.pid}_${++databases}_${Math.random().toString(36).slice(2, 8)}`;

/** Creating databases on a running server whose template is built: what every test file needs. */
function databasesOf(baseUrl: string): Pick<TestPostgres, 'url' | 'createDatabase'> {
  return {
    url: (database) => urlFor(baseUrl, database),
    async createDatabase(name = freshName()) {
      const client = new pg.Client({ connectionString: baseUrl });
      await client.connect();
      try {
        // FILE_COPY copies the template's files instead of logging every block: with fsync off, faster.
        await client.query(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE ${TEMPLATE_DATABASE} STRATEGY FILE_COPY`);
      } finally {
        await client.end();
      }
      return urlFor(baseUrl, name);
    },
  };
}

/** Migrates the template once; connections to it are then refused, as a copy needs it idle. */
async function buildTemplate(baseUrl: string): Promise<void> {
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
    const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: urlFor(baseUrl, TEMPLATE_DATABASE), max: 1 }) }) });
    try {
      await migratePostgres(db);
    } finally {
      await db.destroy();
    }
    await admin.query(`ALTER DATABASE ${TEMPLATE_DATABASE} WITH IS_TEMPLATE true ALLOW_CONNECTIONS false`);
  } finally {
    await admin.end();
  }
}

/** Starts a private server, builds the template database, and returns once both are ready. */
export async function startPostgres(options: { settings?: Record<string, string> } = {}): Promise<StartedPostgres> {
  const bin = postgresBinDir();
  const user = serverUser();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pano-pg-'));
  const dataDir = path.join(dir, 'data');
  const socketDir = path.join(dir, 'socket');
  mkdirSync(socketDir);
  if (user) for (const d of [dir, socketDir]) chownSync(d, user.uid, user.gid);
  // The port only names the socket file: nothing listens on TCP, and the directory is private.
  const port = 20000 + Math.floor(Math.random() * 40000);
  let server: ChildProcess | undefined;
  const removeNow = () => {
    // A process leaving without stop(): immediate shutdown, then the files once the server is gone.
    if (server?.exitCode === null && server.pid !== undefined) {
      server.kill('SIGQUIT');
      waitForExitSync(server.pid);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', removeNow);
  try {
    await finished(
      postgresProgram('initdb', ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale=C.UTF-8', '--no-instructions'], bin, user),
      'initdb',
    );
    server = postgresProgram(
      'postgres',
      ['-D', dataDir, '-k', socketDir, '-p', String(port), '-c', 'listen_addresses=', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'lc_messages=C', '-c', 'max_connections=200',
        // Extra server settings, e.g. a bench's pg_stat_statements (later -c options win).
        ...Object.entries(options.settings ?? {}).flatMap(([name, value]) => ['-c', `${name}=${value}`])],
      bin,
      user,
    );
    await ready(server);
    const baseUrl = `postgresql://postgres@localhost/postgres?host=${encodeURIComponent(socketDir)}&port=${port}`;
    await buildTemplate(baseUrl);
    const running = server;
    return {
      baseUrl,
      ...databasesOf(baseUrl),
      async stop() {
        process.off('exit', removeNow);
        if (running.exitCode === null) {
          // Unreferenced once ready, so a forgotten stop() never holds the run open; a stop is awaited.
          running.ref();
          const exited = new Promise((resolve) => running.once('exit', resolve));
          // Fast shutdown: open sessions are ended, not waited for.
          running.kill('SIGINT');
          await exited;
        }
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    process.off('exit', removeNow);
    removeNow();
    throw err;
  }
}

/**
 * On 'exit' nothing asynchronous runs any more, so this blocks until the postmaster (which first
 * ends its own children) has exited: a zombie of it, which Node can no longer reap, counts as gone.
 * Bounded, so a server that hangs leaves files behind rather than a test run that never ends.
 */
function waitForExitSync(pid: number, limitMs = 10_000): void {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  const gone = () => {
    try {
      return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.startsWith('Z') ?? true;
    } catch {
      return true;
    }
  };
  for (const until = Date.now() + limitMs; !gone() && Date.now() < until; ) Atomics.wait(pause, 0, 0, 20);
}

/** Resolves when the server says it accepts connections; rejects with its log if it exits first. */
function ready(server: ChildProcess): Promise<void> {
  let log = '';
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      log = (log + d.toString()).slice(-8000);
      if (!log.includes('database system is ready to accept connections')) return;
      server.off('exit', onExit);
      // Keep draining the log so the server never blocks on a full pipe, without keeping Node alive.
      server.stderr?.off('data', onData).on('data', () => {});
      (server.stderr as unknown as { unref?: () => void }).unref?.();
      (server.stdout as unknown as { unref?: () => void }).unref?.();
      server.unref();
      resolve();
    };
    const onExit = (code: number | null, signal: string | null) => reject(new Error(`postgres exited (${code ?? signal}) before it was ready:\n${log}`));
    server.stderr?.on('data', onData);
    server.stdout?.resume();
    server.once('exit', onExit);
    server.once('error', reject);
  });
}

/**
 * The PostgreSQL for a test file: the run's shared server when postgres-global.ts started one,
 * otherwise a server of the file's own (stop() in afterAll ends it).
 */
export async function usePostgres(): Promise<TestPostgres> {
  const shared = process.env[SHARED_POSTGRES_ENV];
  if (shared) return { ...databasesOf(shared), stop: async () => {} };
  return startPostgres();
}

/** A Kysely over one database, as the engine builds it for DATABASE_URL=postgres://… */
export function postgresKysely(url: string, max = 4): Kysely<any> {
  return new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max }) }) });
}
