/**
 * What `npm run setup` prints must read as success when it succeeds: the build says nothing that
 * looks like an error, and every setup message is in Vietnamese and English.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../../server/paths.js';

const outDir = mkdtempSync(path.join(os.tmpdir(), 'pano-build-'));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('setup output', () => {
  it('builds the web pages without a warning', async () => {
    const vite = path.join(ROOT_DIR, 'node_modules', '.bin', 'vite');
    const { stdout, stderr } = await promisify(execFile)(vite, ['build', '--outDir', outDir, '--emptyOutDir'], {
      cwd: ROOT_DIR,
      env: { ...process.env, NO_COLOR: '1' },
      maxBuffer: 16 << 20,
    });
    const output = `${stdout}\n${stderr}`;
    expect(output).toMatch(/built in/);
    expect(output).not.toMatch(/didn't resolve|warn|error/i);
    // The fonts stay on the server's URL, the same files print uses.
    const cssFile = readdirSync(path.join(outDir, 'assets')).find((f) => f.startsWith('control-') && f.endsWith('.css'));
    const css = readFileSync(path.join(outDir, 'assets', cssFile!), 'utf8');
    expect(css).toContain('url(/fonts/BeVietnamPro_700Bold.ttf)');
  }, 120_000);

  it('says every setup message in Vietnamese and in English', () => {
    const script = readFileSync(path.join(ROOT_DIR, 'server/setup/setup.sh'), 'utf8').replace(/\\\n\s*/g, ' ');
    const calls = script.split('\n').filter((line) => /(^|[\s{|&])say\s/.test(line));
    expect(calls.length).toBeGreaterThanOrEqual(6);
    for (const call of calls) {
      const args = [...call.slice(call.search(/say\s/)).matchAll(/"([^"]*)"/g)].map((m) => m[1]!);
      expect(args, call).toHaveLength(2);
      expect(args[0], call).toMatch(/[àáảãạăâđêôơưạ-ỹ]/iu);
      expect(args[1], call).not.toMatch(/[àáảãạăâđêôơư]/iu);
    }
  });
});
