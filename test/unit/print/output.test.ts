import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PrintError } from '../../../server/print/errors.js';
import { checkDestination, writeFileAtomically } from '../../../server/print/output.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pano-output-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof PrintError ? err.code : 'other';
  }
  return undefined;
}

describe('checkDestination', () => {
  it('accepts a new file in an existing directory', () => {
    expect(codeOf(() => checkDestination(path.join(dir, 'a.pdf')))).toBeUndefined();
  });

  it('refuses a missing directory, a file used as a directory, and a directory as the target', () => {
    fs.writeFileSync(path.join(dir, 'file'), 'x');
    fs.mkdirSync(path.join(dir, 'sub.pdf'));
    expect(codeOf(() => checkDestination(path.join(dir, 'missing', 'a.pdf')))).toBe('unwritable');
    expect(codeOf(() => checkDestination(path.join(dir, 'file', 'a.pdf')))).toBe('unwritable');
    expect(codeOf(() => checkDestination(path.join(dir, 'sub.pdf')))).toBe('unwritable');
  });
});

describe('writeFileAtomically', () => {
  it('writes the whole file and leaves no temp file', async () => {
    const file = path.join(dir, 'a.png');
    await writeFileAtomically(file, Buffer.from('complete'));
    expect(fs.readFileSync(file, 'utf8')).toBe('complete');
    expect(fs.readdirSync(dir)).toEqual(['a.png']);
  });

  it('replaces an existing file only when the new one is complete', async () => {
    const file = path.join(dir, 'a.pdf');
    fs.writeFileSync(file, 'old');
    await writeFileAtomically(file, Buffer.from('new'));
    expect(fs.readFileSync(file, 'utf8')).toBe('new');
  });

  it('on failure removes its temp file and leaves the target as it was', async () => {
    // A non-empty directory under the target name makes the final rename fail after the write.
    const target = path.join(dir, 'busy.pdf');
    fs.mkdirSync(target);
    fs.writeFileSync(path.join(target, 'keep'), 'x');
    await expect(writeFileAtomically(target, Buffer.alloc(1024))).rejects.toMatchObject({ code: 'unwritable' });
    expect(fs.readdirSync(dir)).toEqual(['busy.pdf']);
    expect(fs.readdirSync(target)).toEqual(['keep']);
  });
});
