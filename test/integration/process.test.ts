import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnTs, waitForOutput } from '../support/spawn.js';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pano-proc-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('the server process', () => {
  it.each([
    ['PORT', 'tám nghìn', 'PORT'],
    ['PANO_TIME_ZONE', 'Asia/Hanoi_Nope', 'múi giờ'],
    ['ALLOWED_ORIGINS', 'not a url', 'ALLOWED_ORIGINS'],
    ['LOG_LEVEL', 'chatty', 'LOG_LEVEL'],
  ])('exits with code 78 and says which setting is wrong when %s is bad', async (key, value, expected) => {
    const { done } = spawnTs('server/main.ts', [], { [key]: value, DATA_DIR: dataDir, PORT: key === 'PORT' ? value : '0' });
    const result = await done;
    expect(result.code).toBe(78);
    expect(result.stderr).toContain('Cấu hình không hợp lệ');
    expect(result.stderr).toContain(expected);
  });

  it('logs structured JSON, serves, and shuts down cleanly on SIGTERM', async () => {
    const { child, done } = spawnTs('server/main.ts', [], { PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir });
    const out = await waitForOutput(child, '"pano listening"');
    const listening = out
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { msg: string; url?: string; level: string; time: string })
      .find((l) => l.msg === 'pano listening')!;
    expect(listening.level).toBe('info');
    expect(Date.parse(listening.time)).not.toBeNaN();
    const port = Number(new URL(listening.url!).port);
    expect(port).toBeGreaterThan(0);
    child.kill('SIGTERM');
    const result = await done;
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('"msg":"stopped"');
  });
});
