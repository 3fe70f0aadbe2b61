/** `pano` as the operator runs it: a child process from source, with its own DATA_DIR. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../server/store.js';
import { SHARED_POSTGRES_ENV, usePostgres } from '../support/postgres.js';
import { runPano } from '../support/spawn.js';
import { approveSeedInStore } from '../support/seed-approval.js';


let tmp: string;
let dataDir: string;
/** The database's PostgreSQL URL when the suite runs there; SQLite in dataDir otherwise. */
let databaseUrl: string | undefined;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pano-cli-'));
  dataDir = path.join(tmp, 'data');
  // Seed once here, so the concurrent runs below only read; add one slogan awaiting approval.
  databaseUrl = process.env[SHARED_POSTGRES_ENV] ? await (await usePostgres()).createDatabase() : undefined;
  const store = await openStore(dataDir, 'NORMAL', undefined, databaseUrl);
  await approveSeedInStore(store);
  const now = new Date().toISOString();
  const item = await store.engine.db
    .insertInto('content_items')
    .values({ key: 'awaiting', kind: 'slogan', status: 'submitted', created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  await store.engine.db.insertInto('content_revisions').values({ item_id: item.id, revision: 1, text: 'Chưa duyệt', text_sha256: '', created_at: now }).execute();
  await store.close();
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function pano(args: string[]) {
  return runPano(args, dataDir, tmp, databaseUrl);
}

/** A fresh output folder per case, so "nothing left behind" means an empty folder. */
function outDir(name: string): string {
  const dir = path.join(tmp, name);
  fs.mkdirSync(dir);
  return dir;
}

describe('pano banner, happy path', () => {
  it('writes a PDF of trim + bleed and reports it', async () => {
    const dir = outDir('ok-pdf');
    const out = path.join(dir, 'bang-ron.pdf');
    const r = await pano(['banner', '--slogan', 'greet-vpcp-congress-xxvi', '--width', '5000', '--height', '800', '--out', out]);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(/^Đã ghi .*bang-ron\.pdf: "greet-vpcp-congress-xxvi", 5000 × 800 mm \+ xuất huyết 10 mm, PDF 14230 × 2324 pt\n$/);
    expect(execFileSync('pdfinfo', [out], { encoding: 'utf8' })).toMatch(/Page size:\s+14230 x 2324 pts/);
    expect(fs.readdirSync(dir)).toEqual(['bang-ron.pdf']);
  });

  it('takes a preset, marks, slug and prints a 12 × 5 m backdrop at 1:10', async () => {
    const dir = outDir('ok-scaled');
    const out = path.join(dir, 'phong.pdf');
    const r = await pano(['banner', '--slogan', '3', '--preset', 'phong-hoi-truong-12x5', '--marks', '--slug', '--out', out]);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(/tỉ lệ 1:10, PDF 3493 × 1509 pt/);
    expect(execFileSync('pdftotext', ['-enc', 'UTF-8', out, '-'], { encoding: 'utf8' })).toMatch(/phong\.pdf · 12000 × 5000 mm, xuất huyết 10 mm · tỉ lệ 1:10/);
  });

  it('says 1:10 in the PDF title and subject, and prints the slug by default at 1:10 (--no-slug turns it off)', async () => {
    const dir = outDir('scaled-no-flag');
    const out = path.join(dir, 'phong.pdf');
    const r = await pano(['banner', '--slogan', '3', '--preset', 'phong-hoi-truong-12x5', '--out', out]);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const info = execFileSync('pdfinfo', [out], { encoding: 'utf8' });
    expect(info).toMatch(/^Title:\s+.+ — tỉ lệ 1:10$/m);
    expect(info).toMatch(/^Subject:\s+tỉ lệ 1:10 \(scale 1:10\), thành phẩm 12000 × 5000 mm/m);
    expect(execFileSync('pdftotext', ['-enc', 'UTF-8', out, '-'], { encoding: 'utf8' })).toMatch(/phong\.pdf · 12000 × 5000 mm, xuất huyết 10 mm · tỉ lệ 1:10/);

    const bare = path.join(dir, 'phong-tron.pdf');
    expect(await pano(['banner', '--slogan', '3', '--preset', 'phong-hoi-truong-12x5', '--no-slug', '--out', bare])).toMatchObject({ code: 0, stderr: '' });
    expect(execFileSync('pdfinfo', [bare], { encoding: 'utf8' })).toMatch(/^Subject:\s+tỉ lệ 1:10 \(scale 1:10\)/m);
    expect(execFileSync('pdftotext', ['-enc', 'UTF-8', bare, '-'], { encoding: 'utf8' })).not.toContain('tỉ lệ 1:10');

    const both = await pano(['banner', '--slogan', '3', '--preset', 'phong-hoi-truong-12x5', '--slug', '--no-slug', '--out', path.join(dir, 'x.pdf')]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--slug and --no-slug together');
  });

  it('writes a PNG by numeric id, relative to the working directory', async () => {
    const dir = outDir('ok-png');
    const r = await pano(['banner', '--slogan', '3', '--width', '812.5', '--height', '200', '--dpi', '20', '--out', 'ok-png/b.PNG']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(/PNG 656 × 173 px, 20 dpi/);
    expect(fs.readFileSync(path.join(dir, 'b.PNG')).subarray(1, 4).toString()).toBe('PNG');
    expect(fs.readdirSync(dir)).toEqual(['b.PNG']);
  });
});

describe('pano batch', () => {
  it('prints every approved slogan as one multi-page PDF and a ZIP, named by item and size', async () => {
    const dir = outDir('batch');
    const r = await pano(['batch', '--all', '--preset', 'bang-ron-5x0.8', '--zip', '--out-dir', dir]);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(fs.readdirSync(dir).sort()).toEqual(['bang-ron_5000x800mm.pdf', 'bang-ron_5000x800mm.zip']);
    const approved = Number(/Đã in (\d+) khẩu hiệu/.exec(r.stdout)![1]);
    expect(approved).toBeGreaterThan(5);
    expect(execFileSync('pdfinfo', [path.join(dir, 'bang-ron_5000x800mm.pdf')], { encoding: 'utf8' })).toContain(`Pages:           ${approved}\n`);
    expect(execFileSync('unzip', ['-l', path.join(dir, 'bang-ron_5000x800mm.zip')], { encoding: 'utf8' })).toContain('greet-vpcp-congress-xxvi_5000x800mm.pdf');
  });

  it('prints chosen slogans as PNGs, replacing older files of the same name', async () => {
    const dir = outDir('batch-png');
    fs.writeFileSync(path.join(dir, '3-old.txt'), 'x');
    const r = await pano(['batch', '--slogans', 'greet-vpcp-congress-xxvi,1', '--preset', 'a4', '--format', 'png', '--dpi', '20', '--out-dir', dir]);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const pngs = fs.readdirSync(dir).filter((f) => f.endsWith('.png'));
    expect(pngs).toHaveLength(2);
    expect(pngs).toContain('greet-vpcp-congress-xxvi_297x210mm_20dpi.png');
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('.'))).toEqual([]);
  });
});

describe('pano help', () => {
  it.each([[['--help']], [['-h']]])('%s prints the Vietnamese overview', async (args) => {
    const r = await pano(args);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Pano .*\n\nCách dùng: pano <lệnh>/);
    expect(r.stdout).toContain('banner');
  });

  it('banner --help explains every flag in Vietnamese, even with other flags present', async () => {
    const r = await pano(['banner', '--slogan', 'x', '--help']);
    expect(r.code).toBe(0);
    for (const flag of ['--slogan', '--width', '--height', '--dpi', '--out']) expect(r.stdout).toContain(flag);
    expect(r.stdout).toMatch(/Cách dùng: pano banner/);
    expect(r.stdout).toMatch(/Mã thoát/);
  });
});

describe.concurrent('pano banner, refusals', () => {
  const base = (out: string) => ['banner', '--slogan', 'greet-vpcp-congress-xxvi', '--width', '1000', '--height', '200', '--out', out];
  const cases: { name: string; args: (dir: string) => string[]; code: number; vi: RegExp; en: RegExp }[] = [
    { name: 'unknown slogan', args: (d) => ['banner', '--slogan', 'kh-99', '--width', '1000', '--height', '200', '--out', `${d}/a.pdf`], code: 1, vi: /Không có khẩu hiệu "kh-99"/, en: /no slogan "kh-99"/ },
    { name: 'slogan not approved', args: (d) => ['banner', '--slogan', 'awaiting', '--width', '1000', '--height', '200', '--out', `${d}/a.pdf`], code: 1, vi: /chưa được duyệt \(chờ duyệt\)/, en: /only approved slogans may be printed/ },
    { name: 'missing folder', args: (d) => base(`${d}/missing/a.pdf`), code: 1, vi: /không tồn tại/, en: /does not exist/ },
    { name: 'file used as folder', args: (d) => (fs.writeFileSync(`${d}/f`, ''), base(`${d}/f/a.pdf`)), code: 1, vi: /không phải là thư mục/, en: /is not a directory/ },
    { name: 'unknown flag', args: (d) => [...base(`${d}/a.pdf`), '--colour', 'red'], code: 2, vi: /Không có tùy chọn --colour/, en: /Unknown option '--colour'/ },
    { name: 'missing slogan', args: (d) => ['banner', '--width', '1000', '--height', '200', '--out', `${d}/a.pdf`], code: 2, vi: /Thiếu tùy chọn --slogan/, en: /missing --slogan/ },
    { name: 'missing size', args: (d) => ['banner', '--slogan', '3', '--out', `${d}/a.pdf`], code: 2, vi: /Thiếu tùy chọn --width[^]*Thiếu tùy chọn --height/, en: /missing --width[^]*missing --height/ },
    { name: 'flag without value', args: () => ['banner', '--slogan', '3', '--width', '1000', '--height', '200', '--out'], code: 2, vi: /--out thiếu giá trị/, en: /argument missing/ },
    { name: 'size not a number', args: (d) => ['banner', '--slogan', '3', '--width', '5m', '--height', '200', '--out', `${d}/a.pdf`], code: 2, vi: /--width phải là số/, en: /--width must be a number/ },
    { name: 'zero size', args: (d) => ['banner', '--slogan', '3', '--width', '0', '--height', '200', '--out', `${d}/a.pdf`], code: 2, vi: /Chiều rộng phải là số dương/, en: /positive number/ },
    { name: 'size over 50 m', args: (d) => ['banner', '--slogan', '3', '--width', '60000', '--height', '200', '--out', `${d}/a.png`], code: 2, vi: /tối đa 50000 mm/, en: /up to 50000/ },
    { name: 'PDF over 200 in at 1:1', args: (d) => ['banner', '--slogan', '3', '--width', '6000', '--height', '800', '--scale', '1', '--out', `${d}/a.pdf`], code: 2, vi: /Trang PDF tối đa 5080 mm/, en: /Acrobat's 200 in/ },
    { name: 'PNG over 4 Gpx', args: (d) => ['banner', '--slogan', '3', '--width', '50000', '--height', '50000', '--dpi', '600', '--out', `${d}/a.png`], code: 2, vi: /vượt giới hạn 4.29 tỉ/, en: /exceeds 4294967296 pixels/ },
    { name: 'unknown preset', args: (d) => ['banner', '--slogan', '3', '--preset', 'bang-ron-9x9', '--out', `${d}/a.pdf`], code: 2, vi: /--preset phải là một trong/, en: /unknown preset/ },
    { name: 'negative bleed', args: (d) => [...base(`${d}/a.pdf`), '--bleed', '-5'], code: 2, vi: /--bleed thiếu giá trị/, en: /ambiguous/ },
    { name: 'CMYK on a PNG', args: (d) => ['banner', '--slogan', '3', '--preset', 'a4', '--cmyk', '--out', `${d}/a.png`], code: 2, vi: /chỉ dùng cho PDF/, en: /apply to PDF only/ },
    { name: 'batch without slogans', args: (d) => ['batch', '--preset', 'a4', '--out-dir', d], code: 2, vi: /--slogans hoặc --all/, en: /either --slogans or --all/ },
    { name: 'dpi out of range', args: (d) => ['banner', '--slogan', '3', '--width', '1000', '--height', '200', '--dpi', '1200', '--out', `${d}/a.png`], code: 2, vi: /từ 10 đến 600 dpi/, en: /from 10 to 600/ },
    { name: 'dpi on a PDF', args: (d) => ['banner', '--slogan', '3', '--width', '1000', '--height', '200', '--dpi', '150', '--out', `${d}/a.pdf`], code: 2, vi: /PDF là định dạng vector/, en: /dpi does not apply/ },
    { name: 'unknown extension', args: (d) => base(`${d}/a.jpg`), code: 2, vi: /phải kết thúc bằng \.pdf hoặc \.png/, en: /must end in \.pdf or \.png/ },
    { name: 'unknown command', args: () => ['poster'], code: 2, vi: /Không có lệnh "poster"/, en: /unknown command/ },
    { name: 'no command', args: () => [], code: 2, vi: /Thiếu lệnh/, en: /missing command/ },
  ];

  it.each(cases)('$name: exit $code, Vietnamese then English, nothing written', async ({ name, args, code, vi, en }) => {
    const dir = outDir(`refused-${name.replace(/\W+/g, '-')}`);
    const argv = args(dir);
    const before = fs.readdirSync(dir);
    const r = await pano(argv);
    expect(r.code).toBe(code);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^Lỗi: /);
    expect(r.stderr).toMatch(vi);
    expect(r.stderr).toMatch(en);
    expect(r.stderr.search(vi)).toBeLessThan(r.stderr.search(en));
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/); // a message, not a stack trace
    expect(fs.readdirSync(dir)).toEqual(before);
  });

  it('keeps an existing file when a print is refused', async () => {
    const dir = outDir('keep');
    const out = path.join(dir, 'a.pdf');
    fs.writeFileSync(out, 'previous');
    const r = await pano(['banner', '--slogan', 'awaiting', '--width', '1000', '--height', '200', '--out', out]);
    expect(r.code).toBe(1);
    expect(fs.readFileSync(out, 'utf8')).toBe('previous');
    expect(fs.readdirSync(dir)).toEqual(['a.pdf']);
  });
});
