/** `pano backdrop` (phông hội trường of a congress) and `pano panel` (pa nô ảnh of uploaded photos). */
import path from 'node:path';
import { z } from 'zod';
import { parseConfig } from '../config.js';
import { PhotoRepository } from '../db/photo-repository.js';
import type { PhotoMime } from '../photos/protocol.js';
import { backdropItem, backdropRecord, checkDestination, checkSpec, findCongress, findPhotos, panelItem, panelRecord, renderArtworkFile, type RenderItem } from '../print/index.js';
import { DEFAULT_ARTWORK_PRESETS, DEFAULT_BACKDROP_PLACE, MAX_PANEL_PHOTOS, type PrintFormat } from '../protocol/print.js';
import { checkText, normalizeText } from '../protocol/text.js';
import { openStore, type Store } from '../store.js';
import { progressBar, settingsFromFlags, SIZE_FLAGS, SIZE_HELP, SizeFlagsSchema } from './print-flags.js';
import { EXIT_OK, parseFlags, validateFlags, type CliIo } from './usage.js';

const COMMON_HELP = `${SIZE_HELP}

  -h, --help          hiện hướng dẫn này

Biến môi trường: DATA_DIR  thư mục dữ liệu (mặc định ./data)`;

export const BACKDROP_HELP = `Cách dùng: pano backdrop --event <mã sự kiện> --out <tệp.pdf|tệp.png> [--preset <mã> | --width <mm> --height <mm>] [tùy chọn]

In phông hội trường của một ĐẠI HỘI trong danh sách sự kiện: dòng trên cùng (mặc định
"ĐẢNG CỘNG SẢN VIỆT NAM QUANG VINH MUÔN NĂM"), tên đại hội thành các dòng "ĐẠI HỘI ĐẠI BIỂU /
ĐẢNG BỘ … LẦN THỨ … / NHIỆM KỲ …" lấy từ tên sự kiện, và dòng ngày, nơi họp. Khổ mặc định
${DEFAULT_ARTWORK_PRESETS.backdrop}; PDF khổ lớn tự in tỉ lệ 1:10.

Nội dung và tệp:
  --event <mã>        mã sự kiện loại đại hội, ví dụ vpcp-congress-xxvi
  --top-line <chữ>    dòng trên cùng; "" để bỏ dòng này
  --date-place <chữ>  dòng ngày và nơi họp; mặc định "${DEFAULT_BACKDROP_PLACE}, ngày … tháng … năm …" theo
                      ngày của sự kiện; "" để bỏ dòng này
  --out <tệp>         tệp kết quả (.pdf hoặc .png); chỉ xuất hiện khi đã ghi xong

${COMMON_HELP}

Mã thoát: 0 thành công; 1 không in được (không có sự kiện, sự kiện không phải đại hội, không ghi
          được tệp); 2 dòng lệnh sai

Ví dụ: pano backdrop --event vpcp-congress-xxvi --marks --slug --out phong-hoi-truong.pdf
       pano backdrop --event khoi-congress-xiii --date-place "Hà Nội, tháng 10 năm 2020" --dpi 50 --out phong.png
`;

export const PANEL_HELP = `Cách dùng: pano panel --title <tiêu đề> --photos <mã,mã,…> --out <tệp.pdf|tệp.png> [--preset <mã> | --width <mm> --height <mm>] [tùy chọn]

In pa nô ảnh (triển lãm ảnh của kế hoạch, Đợt 3): tiêu đề ở trên, các ảnh đã tải lên xếp thành
lưới theo thứ tự, mỗi ảnh kèm chú thích của nó. Khổ mặc định ${DEFAULT_ARTWORK_PRESETS['photo-panel']}.

Nội dung và tệp:
  --title <chữ>       tiêu đề pa nô
  --photos <mã,…>     mã ảnh (SHA-256, như trong trang Ảnh), 1–${MAX_PANEL_PHOTOS} ảnh, theo thứ tự đọc
  --out <tệp>         tệp kết quả (.pdf hoặc .png); chỉ xuất hiện khi đã ghi xong

${COMMON_HELP}

Mã thoát: 0 thành công; 1 không in được (ảnh không có hoặc tệp ảnh bị thay đổi, không ghi được
          tệp); 2 dòng lệnh sai

Ví dụ: pano panel --title "Thành tựu 90 năm" --photos 3f2a…,9c1b… --dpi 150 --out pa-no.png
`;

const EXTENSIONS: Record<string, PrintFormat> = { '.pdf': 'pdf', '.png': 'png' };

const Out = z.string({ error: 'Thiếu tùy chọn --out (missing --out)' }).refine((file) => path.extname(file).toLowerCase() in EXTENSIONS, {
  error: '--out phải kết thúc bằng .pdf hoặc .png (--out must end in .pdf or .png)',
});
const MAX_LINE = 200;

/** A line of text given on the command line: NFC, checked like any Vietnamese text, errors in both languages. */
function textFlag(flag: string, allowEmpty: boolean) {
  return z
    .string({ error: `Thiếu tùy chọn --${flag} (missing --${flag})` })
    .transform((s) => normalizeText(s))
    .superRefine((s, ctx) => {
      if (allowEmpty && s === '') return;
      for (const p of checkText(s, { maxLength: MAX_LINE })) ctx.addIssue({ code: 'custom', message: `--${flag}: ${p.message} (${p.messageEn})` });
    });
}

/** A size is a preset, both sides, or nothing (the artwork's usual preset). */
function sizeOrDefault(flags: { preset?: string | undefined; width?: number | undefined; height?: number | undefined }, ctx: z.RefinementCtx): void {
  if (flags.preset || (flags.width === undefined) === (flags.height === undefined)) return;
  const missing = flags.width === undefined ? 'width' : 'height';
  ctx.addIssue({ code: 'custom', message: `Thiếu tùy chọn --${missing} (hoặc dùng --preset) (missing --${missing}, or use --preset)` });
}

const BackdropFlagsSchema = SizeFlagsSchema.extend({
  event: z.string({ error: 'Thiếu tùy chọn --event (missing --event)' }).min(1, { error: '--event không được để trống (--event is empty)' }),
  'top-line': textFlag('top-line', true).optional(),
  'date-place': textFlag('date-place', true).optional(),
  out: Out,
}).superRefine(sizeOrDefault);

const PanelFlagsSchema = SizeFlagsSchema.extend({
  title: textFlag('title', false),
  photos: z
    .string({ error: 'Thiếu tùy chọn --photos (missing --photos)' })
    .transform((s) => s.split(',').map((id) => id.trim().toLowerCase()).filter(Boolean))
    .pipe(
      z
        .array(z.string().regex(/^[0-9a-f]{64}$/, { error: 'Mã ảnh là SHA-256 của tệp, 64 ký tự hex (a photo id is a 64-hex SHA-256)' }))
        .min(1, { error: 'Chọn ít nhất một ảnh bằng --photos (no photo given)' })
        .max(MAX_PANEL_PHOTOS, { error: `Một pa nô có tối đa ${MAX_PANEL_PHOTOS} ảnh (at most ${MAX_PANEL_PHOTOS} photos)` }),
    ),
  out: Out,
}).superRefine(sizeOrDefault);

export async function runBackdrop(args: string[], io: CliIo): Promise<number> {
  const flags = validateFlags(
    BackdropFlagsSchema,
    parseFlags(args, { ...SIZE_FLAGS, event: { type: 'string' }, 'top-line': { type: 'string' }, 'date-place': { type: 'string' }, out: { type: 'string' } }),
  );
  return render(io, flags, DEFAULT_ARTWORK_PRESETS.backdrop, (store) => {
    const record = backdropRecord(findCongress(store.schedules, flags.event), { topLine: flags['top-line'], datePlace: flags['date-place'] });
    return backdropItem(record);
  });
}

export async function runPanel(args: string[], io: CliIo): Promise<number> {
  const flags = validateFlags(PanelFlagsSchema, parseFlags(args, { ...SIZE_FLAGS, title: { type: 'string' }, photos: { type: 'string' }, out: { type: 'string' } }));
  return render(io, flags, DEFAULT_ARTWORK_PRESETS['photo-panel'], (store, dataDir) => {
    const photos = new PhotoRepository(store.db);
    return panelItem(panelRecord(flags.title, findPhotos(photos, flags.photos)), photos, photoPaths(path.join(dataDir, 'photos')));
  });
}

/**
 * Where the server stores photo bytes (server/photos/files.ts): DATA_DIR/photos/<sha256>.<ext>.
 * Not through PhotoFiles, whose constructor sweeps temp files a running server may be writing.
 */
function photoPaths(dir: string): { pathFor(id: string, mime: PhotoMime): string } {
  return { pathFor: (id, mime) => path.join(dir, `${id}.${mime === 'image/png' ? 'png' : 'jpg'}`) };
}

type SizeAndOut = z.output<typeof SizeFlagsSchema> & { out: string };

async function render(io: CliIo, flags: SizeAndOut, preset: (typeof DEFAULT_ARTWORK_PRESETS)[keyof typeof DEFAULT_ARTWORK_PRESETS], item: (store: Store, dataDir: string) => RenderItem): Promise<number> {
  const sized = flags.preset || flags.width !== undefined ? flags : { ...flags, preset };
  const settings = settingsFromFlags(sized, EXTENSIONS[path.extname(flags.out).toLowerCase()]!, false);
  // Cheap checks first, so a wrong request fails before the database is opened.
  await checkSpec(settings);
  checkDestination(flags.out);
  const config = parseConfig(io.env);
  const store = openStore(config.DATA_DIR, config.DB_SYNCHRONOUS);
  try {
    const content = item(store, config.DATA_DIR);
    const bar = progressBar(io.stderr, io.isTty ?? false);
    const result = await renderArtworkFile(content, { settings, out: flags.out, timeZone: config.PANO_TIME_ZONE, onProgress: (done, total) => bar.update(done, total, 'strip') });
    bar.end();
    const { page } = result;
    const surface = page.format === 'pdf' ? `PDF ${page.width} × ${page.height} pt` : `PNG ${page.width} × ${page.height} px, ${page.dpi} dpi`;
    const scale = page.scale > 1 ? `, tỉ lệ 1:${page.scale}` : '';
    io.stdout(
      `Đã ghi ${path.resolve(result.file)}: "${content.key}", ${settings.widthMm} × ${settings.heightMm} mm + xuất huyết ${settings.bleedMm} mm${scale}, ${surface}${settings.cmyk ? ', CMYK' : ''}\nsha256 ${content.textSha256}\n`,
    );
    return EXIT_OK;
  } finally {
    store.close();
  }
}
