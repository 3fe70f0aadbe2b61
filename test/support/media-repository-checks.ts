/**
 * The media repositories and the media library against one engine: the same checks run on SQLite
 * (test/integration/media-repositories.test.ts) and on PostgreSQL (media-postgres.test.ts), so the
 * one copy of each query is proved on both.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClipRepository } from '../../server/db/clip-repository.js';
import { RootInTransactionError, type Engine } from '../../server/db/engine.js';
import { PhotoRepository } from '../../server/db/photo-repository.js';
import { RenditionRepository } from '../../server/db/rendition-repository.js';
import { WebChannelRepository } from '../../server/db/web-channel-repository.js';
import { openMediaLibrary } from '../../server/media/media-library.js';
import { encodePng, storedPicture } from './exif-images.js';

export interface MediaEngine {
  engine: Engine;
  /** DATA_DIR: where the media files go, whichever engine holds the rows. */
  dataDir: string;
  close(): Promise<void>;
}

const sha = (text: string) => createHash('sha256').update(text).digest('hex');
const AT = new Date('2026-12-03T02:00:00.000Z');
const LATER = new Date('2026-12-03T03:00:00.000Z');

export function mediaRepositoryChecks(open: () => Promise<MediaEngine>): void {
  let m: MediaEngine;
  let uploader: number;

  beforeAll(async () => {
    m = await open();
    const user = await m.engine.db
      .insertInto('users')
      .values({ username: 'nguoi-van-hanh', display_name: 'Người vận hành', created_at: AT.toISOString(), updated_at: AT.toISOString() })
      .returning('id')
      .executeTakeFirstOrThrow();
    uploader = user.id;
  });
  afterAll(() => m?.close());

  describe('photos', () => {
    const older = sha('ảnh cũ');
    const newer = sha('ảnh mới');

    it('stores, finds and lists photos newest first, with the uploader by name', async () => {
      const photos = new PhotoRepository(m.engine.db);
      const caption = 'ĐỂ VỮNG BƯỚC, TIẾN LÊN — Đại hội Đảng bộ lần thứ XVIII';
      const first = await photos.insert({ id: older, mime: 'image/png', width: 640, height: 480, bytes: 1000, caption, uploadedBy: uploader }, AT);
      expect(first).toEqual({
        id: older,
        mime: 'image/png',
        width: 640,
        height: 480,
        bytes: 1000,
        caption,
        uploadedBy: 'nguoi-van-hanh',
        uploadedAt: AT.toISOString(),
        url: `/api/photos/${older}`,
      });
      await photos.insert({ id: newer, mime: 'image/jpeg', width: 800, height: 600, bytes: 2000, caption: '', uploadedBy: uploader }, LATER);
      expect((await photos.list()).map((p) => p.id)).toEqual([newer, older]);
      expect(await photos.find(sha('không có'))).toBeUndefined();
      expect((await photos.setCaption(newer, 'Chào mừng Quốc khánh — ỄỂẪẬ'))?.caption).toBe('Chào mừng Quốc khánh — ỄỂẪẬ');
      expect(await photos.setCaption(sha('không có'), 'x')).toBeUndefined();
    });

    it('names the picture items not retired that show a photo, by their newest revision', async () => {
      const db = m.engine.db;
      const item = async (key: string, status: string, texts: string[], mediaId: string) => {
        const { id } = await db
          .insertInto('content_items')
          .values({ key, kind: 'picture', status, created_at: AT.toISOString(), updated_at: AT.toISOString() })
          .returning('id')
          .executeTakeFirstOrThrow();
        for (const [i, text] of texts.entries()) {
          const revision = await db
            .insertInto('content_revisions')
            .values({ item_id: id, revision: i + 1, text, text_sha256: sha(text), created_at: AT.toISOString() })
            .returning('id')
            .executeTakeFirstOrThrow();
          // Only the first revision shows the photo: any revision counts.
          if (i === 0) await db.insertInto('content_revision_media').values({ revision_id: revision.id, kind: 'picture', media_id: mediaId, width: 640, height: 480 }).execute();
        }
      };
      await item('anh-1', 'approved', ['Ảnh cũ', 'ẢNH HỘI NGHỊ — BẢN MỚI'], older);
      await item('anh-2', 'retired', ['Ảnh đã ngừng dùng'], older);
      await item('anh-3', 'draft', ['Ảnh khác'], newer);
      expect(await new PhotoRepository(db).pictureItemsShowing(older)).toEqual(['ẢNH HỘI NGHỊ — BẢN MỚI']);
      expect(await new PhotoRepository(db).pictureItemsShowing(sha('không có'))).toEqual([]);
    });

    it('deletes a photo once, and its renditions with it', async () => {
      const photos = new PhotoRepository(m.engine.db);
      const renditions = new RenditionRepository(m.engine.db);
      const gone = sha('ảnh sẽ xóa');
      await photos.insert({ id: gone, mime: 'image/webp', width: 100, height: 100, bytes: 10, caption: '', uploadedBy: uploader }, AT);
      await renditions.save({ photoId: gone, bucket: 1280, sha256: sha('bản 1280'), width: 100, height: 100, bytes: 5 }, AT);
      expect(await photos.delete(gone)).toBe(true);
      expect(await photos.delete(gone)).toBe(false);
      expect(await renditions.find(gone, 1280)).toBeUndefined();
    });
  });

  describe('renditions', () => {
    it('saves one row per photo and bucket, replaced when made again, and lists the hashes in use once', async () => {
      const photos = new PhotoRepository(m.engine.db);
      const records = new RenditionRepository(m.engine.db);
      const a = sha('ảnh A');
      const b = sha('ảnh B');
      for (const id of [a, b]) await photos.insert({ id, mime: 'image/png', width: 4000, height: 3000, bytes: 100, caption: '', uploadedBy: uploader }, AT);
      const shared = sha('cùng một bản');
      await records.save({ photoId: a, bucket: 1920, sha256: sha('bản cũ'), width: 1920, height: 1440, bytes: 9 }, AT);
      await records.save({ photoId: a, bucket: 1920, sha256: shared, width: 1920, height: 1440, bytes: 8 }, LATER);
      await records.save({ photoId: b, bucket: 1920, sha256: shared, width: 1920, height: 1440, bytes: 8 }, AT);
      expect(await records.find(a, 1920)).toEqual({ photoId: a, bucket: 1920, sha256: shared, width: 1920, height: 1440, bytes: 8 });
      expect(await records.find(a, 1280)).toBeUndefined();
      const inUse = await records.hashesInUse();
      expect(inUse.has(shared)).toBe(true);
      expect(inUse.has(sha('bản cũ'))).toBe(false);
    });
  });

  describe('clips', () => {
    it('stores, finds and lists clips newest first', async () => {
      const clips = new ClipRepository(m.engine.db);
      const webm = sha('phim webm');
      const mp4 = sha('phim mp4');
      const facts = { width: 1920, height: 1080, durationMs: 12_000 };
      const stored = await clips.insert({ id: webm, mime: 'video/webm', container: 'webm', videoCodec: 'vp9', audioCodec: null, ...facts, bytes: 5_000_000, uploadedBy: uploader }, AT);
      expect(stored).toEqual({
        id: webm,
        mime: 'video/webm',
        container: 'webm',
        videoCodec: 'vp9',
        audioCodec: null,
        ...facts,
        bytes: 5_000_000,
        uploadedBy: 'nguoi-van-hanh',
        uploadedAt: AT.toISOString(),
        url: `/api/clips/${webm}`,
      });
      await clips.insert({ id: mp4, mime: 'video/mp4', container: 'mp4', videoCodec: 'h264', audioCodec: 'aac', ...facts, bytes: 7_000_000, uploadedBy: uploader }, LATER);
      expect((await clips.list()).map((c) => [c.id, c.audioCodec])).toEqual([
        [mp4, 'aac'],
        [webm, null],
      ]);
      expect(await clips.find(sha('không có'))).toBeUndefined();
    });
  });

  describe('the web channel settings', () => {
    it('start switched off, and keep what the admin sets', async () => {
      const settings = new WebChannelRepository(m.engine.db);
      expect(await settings.get()).toEqual({ enabled: false, allowedOrigins: [], updatedAt: null });
      const set = await settings.set({ enabled: true, allowedOrigins: ['https://cong-thong-tin.gov.vn'] }, uploader, AT);
      expect(set).toEqual({ enabled: true, allowedOrigins: ['https://cong-thong-tin.gov.vn'], updatedAt: AT.toISOString() });
      expect(await settings.get()).toEqual(set);
    });
  });

  describe('transactions', () => {
    it('refuse a repository made over the root inside them, and roll back what ran on tx', async () => {
      const id = sha('ảnh trong giao dịch');
      const rootBound = new PhotoRepository(m.engine.db);
      await expect(m.engine.transaction(() => rootBound.find(id))).rejects.toBeInstanceOf(RootInTransactionError);
      await expect(
        m.engine.transaction(async (tx) => {
          await new PhotoRepository(tx).insert({ id, mime: 'image/png', width: 1, height: 1, bytes: 1, caption: '', uploadedBy: uploader }, AT);
          throw new Error('bỏ');
        }),
      ).rejects.toThrow('bỏ');
      expect(await rootBound.find(id)).toBeUndefined();
    });
  });

  describe('the media library', () => {
    it('gives a screen a picture\'s rendition, stores its row, and removes its file once the photo is gone', async () => {
      const library = openMediaLibrary(m.engine.db, m.dataDir);
      const png = encodePng(storedPicture(1));
      const id = createHash('sha256').update(png).digest('hex');
      await library.photos.insert({ id, mime: 'image/png', width: 160, height: 96, bytes: png.length, caption: 'Ảnh màn hình', uploadedBy: uploader }, AT);
      writeFileSync(library.photoFiles.pathFor(id, 'image/png'), png);
      const file = await library.screenFile('picture', id, { width: 1920, height: 1080 });
      expect(file).toMatchObject({ mime: 'image/webp', width: 160, height: 96 });
      expect(existsSync(file!.path)).toBe(true);
      expect(await new RenditionRepository(m.engine.db).find(id, 1920)).toMatchObject({ sha256: file!.sha256 });
      // Made once: asked again, the same file from its row.
      expect(await library.screenFile('picture', id, { width: 1920, height: 1080 })).toEqual(file);
      expect(await library.screenFile('picture', sha('không có'), { width: 1920, height: 1080 })).toBeUndefined();

      await library.photos.delete(id);
      expect(await library.renditions.removeUnused()).toBe(1);
      expect(existsSync(file!.path)).toBe(false);
      expect(readdirSync(path.dirname(file!.path))).toEqual([]);
    });
  });
}
