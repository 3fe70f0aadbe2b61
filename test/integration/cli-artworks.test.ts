/**
 * `pano backdrop` and `pano panel` as the operator runs them: a child process with its own
 * DATA_DIR. Neither prints free text no approver saw: backdrops take the default lines only,
 * panels come from a print job another person approved.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCanvas } from 'canvas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PhotoRepository } from '../../server/db/photo-repository.js';
import { PrintJobRepository } from '../../server/db/print-job-repository.js';
import { findPhotos, panelRecord } from '../../server/print/index.js';
import { PrintSettingsSchema } from '../../server/protocol/print.js';
import { openStore } from '../../server/store.js';
import { runPano } from '../support/spawn.js';


let tmp: string;
let dataDir: string;
let photoIds: string[];
/** Panel jobs as the control panel leaves them: approved by a second person, awaiting, rejected. */
let jobs: { approved: number; approvedPdf: number; awaiting: number; rejected: number };

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pano-cli-art-'));
  dataDir = path.join(tmp, 'data');
  // Two photos as the upload route stores them: a row, and the bytes at photos/<sha256>.png.
  const store = await openStore(dataDir, 'NORMAL');
  const now = new Date().toISOString();
  const user = async (username: string, display_name: string, roles_json: string) =>
    (await store.engine.db.insertInto('users').values({ username, display_name, roles_json, created_at: now, updated_at: now }).returning('id').executeTakeFirstOrThrow()).id;
  const uploader = await user('anh', 'Ảnh', '["operator"]');
  fs.mkdirSync(path.join(dataDir, 'photos'));
  photoIds = [];
  for (const [i, colour] of ['#0000FF', '#00C000'].entries()) {
    const canvas = createCanvas(300 + 100 * i, 200);
    const g = canvas.getContext('2d');
    g.fillStyle = colour;
    g.fillRect(0, 0, canvas.width, canvas.height);
    const bytes = canvas.toBuffer('image/png');
    const id = createHash('sha256').update(bytes).digest('hex');
    fs.writeFileSync(path.join(dataDir, 'photos', `${id}.png`), bytes);
    await new PhotoRepository(store.engine.db).insert({ id, mime: 'image/png', width: canvas.width, height: 200, bytes: bytes.length, caption: `Ảnh số ${i + 1}`, uploadedBy: uploader }, new Date());
    photoIds.push(id);
  }
  const approver = await user('duyet', 'Duyệt', '["approver"]');
  const repo = new PrintJobRepository(store.engine.db);
  const photos = new PhotoRepository(store.engine.db);
  const settings = PrintSettingsSchema.parse({ preset: 'pa-no-2.4x1.2', format: 'png', dpi: 20 });
  const panel = async (title: string, ids: string[]) =>
    (await repo.create({ settings, items: [], artwork: { panel: panelRecord(title, await findPhotos(photos, ids)) }, createdBy: { id: uploader, name: 'Ảnh' }, approvalRequired: true }, new Date())).id;
  const decision = { by: { id: approver, name: 'Duyệt' }, reason: 'Đúng kế hoạch', at: new Date() };
  jobs = {
    approved: await panel('Thành tựu 90 năm', photoIds),
    approvedPdf: await panel('Triển lãm ảnh', [photoIds[1]!]),
    awaiting: await panel('Chưa duyệt', photoIds),
    rejected: await panel('Bị từ chối', photoIds),
  };
  await repo.approve(jobs.approved, decision);
  await repo.approve(jobs.approvedPdf, decision);
  await repo.reject(jobs.rejected, decision);
  await store.close();
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function pano(args: string[]) {
  return runPano(args, dataDir, tmp);
}

function outDir(name: string): string {
  const dir = path.join(tmp, name);
  fs.mkdirSync(dir);
  return dir;
}

describe('pano backdrop', () => {
  it('prints a congress backdrop at its default 12 × 5 m, 1:10, with the title lines as text', async () => {
    const dir = outDir('backdrop');
    const out = path.join(dir, 'phong.pdf');
    const r = await pano(['backdrop', '--event', 'vpcp-congress-xxvi', '--marks', '--slug', '--out', out]);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(/^Đã ghi .*phong\.pdf: "phong-vpcp-congress-xxvi", 12000 × 5000 mm \+ xuất huyết 10 mm, tỉ lệ 1:10, PDF 3493 × 1509 pt\nsha256 [0-9a-f]{64}\n$/);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', out, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    for (const line of ['ĐẢNG CỘNG SẢN VIỆT NAM QUANG VINH MUÔN NĂM', 'LẦN THỨ XXVI', 'NHIỆM KỲ 2020 - 2025', 'Hà Nội, ngày 19 - 20 tháng 8 năm 2020', 'sự kiện vpcp-congress-xxvi']) {
      expect(text).toContain(line);
    }
    expect(fs.readdirSync(dir)).toEqual(['phong.pdf']);
  });

  it('takes its own size, as a PNG', async () => {
    const dir = outDir('backdrop-png');
    const r = await pano(['backdrop', '--event', 'national-congress-xiii', '--width', '6000', '--height', '2500', '--dpi', '10', '--out', 'backdrop-png/p.png']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(/PNG 2370 × 992 px, 10 dpi/);
    expect(fs.readdirSync(dir)).toEqual(['p.png']);
  });
});

describe('pano panel', () => {
  it('prints an approved job on the default 2.4 × 1.2 m panel', async () => {
    const dir = outDir('panel');
    const r = await pano(['panel', '--job', String(jobs.approved), '--dpi', '20', '--out', path.join(dir, 'pa-no.png')]);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(/"pa-no-thanh-tuu-90-nam", 2400 × 1200 mm \+ xuất huyết 10 mm, PNG 1906 × 961 px, 20 dpi/);
    expect(fs.readdirSync(dir)).toEqual(['pa-no.png']);
  });

  it('prints a PDF with the captions as text', async () => {
    const dir = outDir('panel-pdf');
    const out = path.join(dir, 'pa-no.pdf');
    const r = await pano(['panel', '--job', String(jobs.approvedPdf), '--preset', 'a4', '--out', out]);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', out, '-'], { encoding: 'utf8' });
    expect(text).toContain('TRIỂN LÃM ẢNH');
    expect(text).toContain('Ảnh số 2');
  });
});

describe.concurrent('pano backdrop and panel, refusals', () => {
  const cases: { name: string; args: (dir: string) => string[]; code: number; vi: RegExp; en: RegExp }[] = [
    { name: 'unknown event', args: (d) => ['backdrop', '--event', 'khong-co', '--out', `${d}/a.pdf`], code: 1, vi: /Không có sự kiện "khong-co"/, en: /no event "khong-co"/ },
    { name: 'event not a congress', args: (d) => ['backdrop', '--event', 'tet-canh-ty-2020', '--out', `${d}/a.pdf`], code: 1, vi: /không phải là đại hội/, en: /not a congress/ },
    { name: 'missing event', args: (d) => ['backdrop', '--out', `${d}/a.pdf`], code: 2, vi: /Thiếu tùy chọn --event/, en: /missing --event/ },
    { name: 'one side only', args: (d) => ['backdrop', '--event', 'vpcp-congress-xxvi', '--width', '6000', '--out', `${d}/a.pdf`], code: 2, vi: /Thiếu tùy chọn --height/, en: /missing --height/ },
    { name: 'own top line', args: (d) => ['backdrop', '--event', 'vpcp-congress-xxvi', '--top-line', 'Chào mừng', '--out', `${d}/a.pdf`], code: 2, vi: /--top-line: dòng tự nhập phải được Ban Tuyên giáo duyệt/, en: /own lines need the committee's approval/ },
    { name: 'own date line, even empty', args: (d) => ['backdrop', '--event', 'vpcp-congress-xxvi', '--date-place', '', '--out', `${d}/a.pdf`], code: 2, vi: /--date-place: dòng tự nhập/, en: /own lines need/ },
    { name: 'free-text panel flags', args: (d) => ['panel', '--title', 'Pa nô', '--photos', 'a'.repeat(64), '--out', `${d}/a.pdf`], code: 2, vi: /Không có tùy chọn --title/, en: /Unknown option '--title'/ },
    { name: 'missing job', args: (d) => ['panel', '--out', `${d}/a.pdf`], code: 2, vi: /Thiếu tùy chọn --job/, en: /missing --job/ },
    { name: 'job not a number', args: (d) => ['panel', '--job', '#12', '--out', `${d}/a.pdf`], code: 2, vi: /--job phải là số lệnh in/, en: /must be a job number/ },
    { name: 'unknown job', args: (d) => ['panel', '--job', '999', '--out', `${d}/a.pdf`], code: 1, vi: /Không có lệnh in pa nô ảnh số 999/, en: /no photo panel job 999/ },
    { name: 'job awaiting approval', args: (d) => ['panel', '--job', String(jobs.awaiting), '--out', `${d}/a.pdf`], code: 1, vi: /chưa được Ban Tuyên giáo duyệt/, en: /is not approved/ },
    { name: 'rejected job', args: (d) => ['panel', '--job', String(jobs.rejected), '--out', `${d}/a.pdf`], code: 1, vi: /chưa được Ban Tuyên giáo duyệt/, en: /is not approved/ },
    { name: 'unknown extension', args: (d) => ['panel', '--job', String(jobs.approved), '--out', `${d}/a.jpg`], code: 2, vi: /phải kết thúc bằng \.pdf hoặc \.png/, en: /must end in/ },
  ];

  it.each(cases)('$name: exit $code, Vietnamese then English, nothing written', async ({ name, args, code, vi, en }) => {
    const dir = outDir(`refused-${name.replace(/\W+/g, '-')}`);
    const r = await pano(args(dir));
    expect(r.code).toBe(code);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^Lỗi: /);
    expect(r.stderr).toMatch(vi);
    expect(r.stderr).toMatch(en);
    expect(r.stderr.search(vi)).toBeLessThan(r.stderr.search(en));
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('backdrop --help and panel --help are in Vietnamese', async () => {
    for (const command of ['backdrop', 'panel']) {
      const r = await pano([command, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^Cách dùng: pano ${command}`));
      expect(r.stdout).toMatch(/Mã thoát/);
      expect(r.stdout).toMatch(/Ban Tuyên giáo duyệt/);
      // The free-text flags are no longer offered (backdrop's exit codes still say why they are refused).
      expect(r.stdout).not.toMatch(/--top-line <|--date-place <|--title <|--photos </);
    }
  });
});
