import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PhotoFiles } from '../../../server/photos/files.js';
import { PhotoCaptionSchema } from '../../../server/photos/protocol.js';

const ID = 'a'.repeat(64);
let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('PhotoFiles', () => {
  it('writes whole files under <sha256>.<ext>, leaving no temporary file', () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'pano-photos-'));
    const files = new PhotoFiles(path.join(dir, 'photos'));
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    files.write(ID, 'image/png', bytes);
    expect(readdirSync(files.dir)).toEqual([`${ID}.png`]);
    expect(readFileSync(files.pathFor(ID, 'image/png')).equals(bytes)).toBe(true);
    expect(files.exists(ID, 'image/png')).toBe(true);
    expect(files.exists(ID, 'image/jpeg')).toBe(false);
    files.remove(ID, 'image/png');
    files.remove(ID, 'image/png');
    expect(readdirSync(files.dir)).toEqual([]);
  });

  it('sweeps temporary files a crash left behind, and nothing else', () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'pano-photos-'));
    writeFileSync(path.join(dir, `${ID}.jpg`), 'x');
    writeFileSync(path.join(dir, `${ID}.0b6c.tmp`), 'half');
    new PhotoFiles(dir);
    expect(readdirSync(dir)).toEqual([`${ID}.jpg`]);
  });
});

describe('PhotoCaptionSchema', () => {
  it('allows no caption, normalises to NFC, refuses bidi controls and over 200 characters', () => {
    expect(PhotoCaptionSchema.parse(undefined)).toBe('');
    expect(PhotoCaptionSchema.parse('   ')).toBe('');
    expect(PhotoCaptionSchema.parse(' Lễ  kỷ niệm '.normalize('NFD'))).toBe('Lễ kỷ niệm'.normalize('NFC'));
    expect(PhotoCaptionSchema.safeParse('a\u202Eb').success).toBe(false);
    expect(PhotoCaptionSchema.safeParse('\u200B').success).toBe(false);
    expect(PhotoCaptionSchema.safeParse('x'.repeat(201)).success).toBe(false);
    expect(PhotoCaptionSchema.safeParse('x'.repeat(200)).success).toBe(true);
  });
});
