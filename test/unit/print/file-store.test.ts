/** The directory print file store: files appear whole, read back as written, and a job's prefix removes them all. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { afterAll, describe, expect, it } from 'vitest';
import { DirectoryFileStore } from '../../../server/print/file-store.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pano-print-store-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('DirectoryFileStore', () => {
  const store = new DirectoryFileStore(dir);

  it('stores bytes and streams, reads them back, and says their size', async () => {
    const slogan = 'ĐẢNG CỘNG SẢN VIỆT NAM QUANG VINH MUÔN NĂM! ỄỂẪẬ';
    await store.put('7/kh-01.txt', new TextEncoder().encode(slogan));
    await store.put('7/kh-02.txt', Readable.from([Buffer.from('Nhiệt liệt '), Buffer.from('chào mừng')]));
    expect(await text((await store.get('7/kh-01.txt'))!)).toBe(slogan);
    expect(await text((await store.get('7/kh-02.txt'))!)).toBe('Nhiệt liệt chào mừng');
    expect(await store.stat('7/kh-01.txt')).toEqual({ bytes: Buffer.byteLength(slogan) });
    expect(fs.readdirSync(path.join(dir, '7')).sort()).toEqual(['kh-01.txt', 'kh-02.txt']);
  });

  it('has nothing under a name never stored', async () => {
    expect(await store.get('7/khong-co.pdf')).toBeUndefined();
    expect(await store.stat('7/khong-co.pdf')).toBeUndefined();
    expect(await store.stat('7')).toBeUndefined();
  });

  it('leaves the old file whole when a new one fails half way', async () => {
    await store.put('8/a.txt', Buffer.from('cũ'));
    const failing = new Readable({
      read() {
        this.push(Buffer.from('mới một nửa'));
        this.destroy(new Error('đứt kết nối'));
      },
    });
    await expect(store.put('8/a.txt', failing)).rejects.toThrow('đứt kết nối');
    expect(await text((await store.get('8/a.txt'))!)).toBe('cũ');
    expect(fs.readdirSync(path.join(dir, '8'))).toEqual(['a.txt']);
  });

  it('removes one file, or every file of a job, and refuses names outside the store', async () => {
    await store.remove('7/kh-02.txt');
    expect(await store.stat('7/kh-02.txt')).toBeUndefined();
    expect(await store.stat('7/kh-01.txt')).toBeDefined();
    await store.remove('7/');
    expect(fs.existsSync(path.join(dir, '7'))).toBe(false);
    await store.remove('7/');
    expect(() => store.localPath('../ngoai')).toThrow(/outside the store/);
  });
});
