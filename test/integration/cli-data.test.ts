/**
 * `pano` beside a running server, as an operator uses it: it prints from the server's database
 * or refuses, records each print in the audit log, and leaves nothing behind in the folders it writes.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { loginAdmin } from '../support/session.js';
import { runPano, spawnTs } from '../support/spawn.js';

let server: TestServer;
let tmp: string;
beforeAll(async () => {
  server = await startTestServer();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pano-cli-data-'));
});
afterAll(async () => {
  await server.cleanup();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const SIZE = ['--width', '1000', '--height', '200', '--dpi', '10'];

/** The pid of a process that has exited: nothing runs under it any more. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid!;
}

describe('pano and the server’s data', () => {
  it('refuses to create a database, naming the folder it looked in and how to set DATA_DIR', async () => {
    const missing = path.join(tmp, 'khong-co-du-lieu');
    const r = await runPano(['banner', '--slogan', '3', ...SIZE, '--out', path.join(tmp, 'x.png')], missing, tmp);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`không có cơ sở dữ liệu Pano ở ${path.join(missing, 'pano.sqlite3')}`);
    expect(r.stderr).toContain('DATA_DIR=');
    expect(r.stderr).toContain('set DATA_DIR');
    expect(fs.existsSync(missing)).toBe(false);
    expect(fs.existsSync(path.join(tmp, 'x.png'))).toBe(false);
  });

  it('records every print in the audit log under the operating-system user', async () => {
    const out = path.join(tmp, 'audited.png');
    const r = await runPano(['banner', '--slogan', 'greet-vpcp-congress-xxvi', ...SIZE, '--out', out], server.dataDir, tmp, server.databaseUrl);
    expect(r).toMatchObject({ code: 0 });
    const batchDir = path.join(tmp, 'in', 'dot-2');
    const batch = await runPano(['batch', '--slogans', '3,4', ...SIZE, '--format', 'png', '--out-dir', batchDir], server.dataDir, tmp, server.databaseUrl);
    expect(batch).toMatchObject({ code: 0 });
    // The output folder did not exist: the batch made it.
    expect(fs.readdirSync(batchDir)).toHaveLength(2);

    const admin = await loginAdmin(server.url);
    const { rows } = await admin.json<{ rows: { actor: string; action: string; after: { items: { key: string }[]; files: string[] } }[] }>(
      '/api/audit?action=print.cli',
    );
    expect(rows.map((row) => row.actor)).toEqual([`cli:${os.userInfo().username}`, `cli:${os.userInfo().username}`]);
    const [batchRow, bannerRow] = rows;
    expect(bannerRow!.after.items.map((i) => i.key)).toEqual(['greet-vpcp-congress-xxvi']);
    expect(bannerRow!.after.files).toEqual([out]);
    expect(batchRow!.after.items).toHaveLength(2);
    expect((await admin.json<{ intact: boolean }>('/api/audit/verify')).intact).toBe(true);
  });

  it('clears what a killed print left in its folder, and only that', async () => {
    const dir = path.join(tmp, 'killed');
    fs.mkdirSync(dir);
    const dead = await deadPid();
    const staleFile = `.bang-ron.pdf.${dead}-0badf00d.part`;
    const staleFolder = `.pano-batch-${dead}-Xy12ab`;
    // A print still running (this test process) keeps its temp file.
    const live = `.phong.pdf.${process.pid}-1234abcd.part`;
    fs.writeFileSync(path.join(dir, staleFile), 'half a PDF');
    fs.mkdirSync(path.join(dir, staleFolder));
    fs.writeFileSync(path.join(dir, staleFolder, 'a.png'), 'half a PNG');
    fs.writeFileSync(path.join(dir, live), 'still being written');

    const r = await runPano(['banner', '--slogan', '3', ...SIZE, '--out', path.join(dir, 'moi.png')], server.dataDir, tmp, server.databaseUrl);
    expect(r).toMatchObject({ code: 0 });
    expect(fs.readdirSync(dir).sort()).toEqual([live, 'moi.png'].sort());
  });

  it('stops quietly when the reader of its output goes away (pano audit verify | head -1)', async () => {
    const { child, done } = spawnTs('server/cli/pano.ts', ['audit', 'verify'], { DATA_DIR: server.dataDir, ...(server.databaseUrl ? { DATABASE_URL: server.databaseUrl } : {}) }, tmp);
    child.stdout!.destroy();
    const r = await done;
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});
