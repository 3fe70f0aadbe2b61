/**
 * `pano backdrop` (phông hội trường of a congress, default lines only) and `pano panel` (pa nô ảnh
 * of an approved print job). The CLI runs with the data directory owner's rights and has no
 * second person: it prints no free text, so it cannot be the way around four eyes. Own lines and
 * panels are made in the control panel, where an approver other than their author approves them.
 */
import path from 'node:path';
import { z } from 'zod';
import { PhotoRepository } from '../db/photo-repository.js';
import { PrintJobRepository } from '../db/print-job-repository.js';
import { PHOTO_EXTENSIONS } from '../photos/files.js';
import type { PhotoMime } from '../photos/protocol.js';
import { backdropItem, backdropRecord, checkDestination, checkSpec, findCongress, panelItem, PrintError, removeOrphanedPartials, renderArtworkFile, type RenderItem } from '../print/index.js';
import { DEFAULT_ARTWORK_PRESETS, DEFAULT_BACKDROP_PLACE, type PrintFormat } from '../protocol/print.js';
import type { Store } from '../store.js';
import { auditCliPrint, openServerStore } from './store.js';
import { progressBar, settingsFromFlags, SIZE_FLAGS, SIZE_HELP, SizeFlagsSchema } from './print-flags.js';
import { EXIT_OK, parseFlags, UsageError, validateFlags, type CliIo } from './usage.js';

const COMMON_HELP = `${SIZE_HELP}

  -h, --help          hiện hướng dẫn này

Biến môi trường: DATA_DIR  thư mục dữ liệu (mặc định ./data)`;

export const BACKDROP_HELP = `Cách dùng: pano backdrop --event <mã sự kiện> --out <tệp.pdf|tệp.png> [--preset <mã> | --width <mm> --height <mm>] [tùy chọn]

In phông hội trường của một ĐẠI HỘI trong danh sách sự kiện: dòng trên cùng "ĐẢNG CỘNG SẢN
VIỆT NAM QUANG VINH MUÔN NĂM", tên đại hội thành các dòng "ĐẠI HỘI ĐẠI BIỂU / ĐẢNG BỘ … LẦN
THỨ … / NHIỆM KỲ …" lấy từ tên sự kiện, và dòng "${DEFAULT_BACKDROP_PLACE}, ngày … tháng … năm …" theo ngày
của sự kiện. Khổ mặc định ${DEFAULT_ARTWORK_PRESETS.backdrop}; PDF khổ lớn tự in tỉ lệ 1:10.

Lệnh này chỉ in các dòng mặc định. Phông có dòng trên cùng hoặc dòng ngày, nơi họp tự nhập
phải được Ban Tuyên giáo duyệt: hãy tạo lệnh in ở trang In của bảng điều khiển.

Nội dung và tệp:
  --event <mã>        mã sự kiện loại đại hội, ví dụ vpcp-congress-xxvi
  --out <tệp>         tệp kết quả (.pdf hoặc .png); chỉ xuất hiện khi đã ghi xong

${COMMON_HELP}

Mã thoát: 0 thành công; 1 không in được (không có sự kiện, sự kiện không phải đại hội, không ghi
          được tệp); 2 dòng lệnh sai (kể cả --top-line, --date-place: dòng tự nhập cần duyệt)

Ví dụ: pano backdrop --event vpcp-congress-xxvi --marks --slug --out phong-hoi-truong.pdf
       pano backdrop --event khoi-congress-xiii --dpi 50 --out phong.png
`;

export const PANEL_HELP = `Cách dùng: pano panel --job <số lệnh in> --out <tệp.pdf|tệp.png> [--preset <mã> | --width <mm> --height <mm>] [tùy chọn]

In lại pa nô ảnh (triển lãm ảnh của kế hoạch, Đợt 3) của một lệnh in ĐÃ ĐƯỢC DUYỆT: tiêu đề và
các ảnh, mỗi ảnh kèm chú thích, đúng như lệnh in đã ghi và người duyệt đã xem. Tiêu đề và chú
thích là chữ tự nhập nên phải được Ban Tuyên giáo duyệt: hãy tạo lệnh in pa nô ở trang In của
bảng điều khiển; người tạo lệnh không tự duyệt được. Khổ mặc định ${DEFAULT_ARTWORK_PRESETS['photo-panel']}.

Nội dung và tệp:
  --job <số>          số lệnh in pa nô ảnh đã duyệt, như trong trang In (#12 → --job 12)
  --out <tệp>         tệp kết quả (.pdf hoặc .png); chỉ xuất hiện khi đã ghi xong

${COMMON_HELP}

Mã thoát: 0 thành công; 1 không in được (không có lệnh in, lệnh không phải pa nô ảnh hoặc chưa
          được duyệt, ảnh không có hoặc tệp ảnh bị thay đổi, không ghi được tệp); 2 dòng lệnh sai

Ví dụ: pano panel --job 12 --dpi 150 --out pa-no.png
`;

const EXTENSIONS: Record<string, PrintFormat> = { '.pdf': 'pdf', '.png': 'png' };

const Out = z.string({ error: 'Thiếu tùy chọn --out (missing --out)' }).refine((file) => path.extname(file).toLowerCase() in EXTENSIONS, {
  error: '--out phải kết thúc bằng .pdf hoặc .png (--out must end in .pdf or .png)',
});
/** Flags of free text the CLI once took; recognised only to say why they are refused. */
const OWN_LINE_FLAGS = ['top-line', 'date-place'] as const;

/** A size is a preset, both sides, or nothing (the artwork's usual preset). */
function sizeOrDefault(flags: { preset?: string | undefined; width?: number | undefined; height?: number | undefined }, ctx: z.RefinementCtx): void {
  if (flags.preset || (flags.width === undefined) === (flags.height === undefined)) return;
  const missing = flags.width === undefined ? 'width' : 'height';
  ctx.addIssue({ code: 'custom', message: `Thiếu tùy chọn --${missing} (hoặc dùng --preset) (missing --${missing}, or use --preset)` });
}

const BackdropFlagsSchema = SizeFlagsSchema.extend({
  event: z.string({ error: 'Thiếu tùy chọn --event (missing --event)' }).min(1, { error: '--event không được để trống (--event is empty)' }),
  out: Out,
}).superRefine(sizeOrDefault);

const PanelFlagsSchema = SizeFlagsSchema.extend({
  job: z
    .string({ error: 'Thiếu tùy chọn --job: số lệnh in pa nô đã duyệt (missing --job: the number of an approved panel job)' })
    .regex(/^[1-9]\d*$/, { error: '--job phải là số lệnh in, ví dụ 12 (--job must be a job number)' })
    .transform(Number),
  out: Out,
}).superRefine(sizeOrDefault);

export async function runBackdrop(args: string[], io: CliIo): Promise<number> {
  const parsed = parseFlags(args, { ...SIZE_FLAGS, event: { type: 'string' }, ...Object.fromEntries(OWN_LINE_FLAGS.map((f) => [f, { type: 'string' }])), out: { type: 'string' } });
  const own = OWN_LINE_FLAGS.filter((f) => parsed[f] !== undefined);
  if (own.length > 0) {
    throw new UsageError([
      `${own.map((f) => `--${f}`).join(', ')}: dòng tự nhập phải được Ban Tuyên giáo duyệt; hãy tạo lệnh in phông ở trang In của bảng điều khiển ` +
        `(own lines need the committee's approval; make the backdrop job in the control panel)`,
    ]);
  }
  const flags = validateFlags(BackdropFlagsSchema, parsed);
  return render(io, flags, DEFAULT_ARTWORK_PRESETS.backdrop, async (store) => backdropItem(backdropRecord(await findCongress(store.schedules, flags.event), {})));
}

export async function runPanel(args: string[], io: CliIo): Promise<number> {
  const flags = validateFlags(PanelFlagsSchema, parseFlags(args, { ...SIZE_FLAGS, job: { type: 'string' }, out: { type: 'string' } }));
  return render(io, flags, DEFAULT_ARTWORK_PRESETS['photo-panel'], async (store, dataDir) => {
    const job = await new PrintJobRepository(store.engine.db).get(flags.job);
    if (!job?.panel) throw new PrintError('not-approved', `Không có lệnh in pa nô ảnh số ${flags.job}`, `no photo panel job ${flags.job}`);
    if (job.approval?.decision !== 'approved') {
      throw new PrintError(
        'not-approved',
        `Lệnh in ${job.id} chưa được Ban Tuyên giáo duyệt; người duyệt (không phải người tạo lệnh) duyệt ở trang In`,
        `print job ${job.id} is not approved`,
      );
    }
    return panelItem(job.panel, new PhotoRepository(store.engine.db), photoPaths(path.join(dataDir, 'photos')));
  });
}

/**
 * Where the server stores photo bytes (server/photos/files.ts): DATA_DIR/photos/<sha256>.<ext>.
 * Not through PhotoFiles, whose constructor sweeps temp files a running server may be writing.
 */
function photoPaths(dir: string): { pathFor(id: string, mime: PhotoMime): string } {
  return { pathFor: (id, mime) => path.join(dir, `${id}.${PHOTO_EXTENSIONS[mime]}`) };
}

type SizeAndOut = z.output<typeof SizeFlagsSchema> & { out: string };

async function render(io: CliIo, flags: SizeAndOut, preset: (typeof DEFAULT_ARTWORK_PRESETS)[keyof typeof DEFAULT_ARTWORK_PRESETS], item: (store: Store, dataDir: string) => Promise<RenderItem>): Promise<number> {
  const sized = flags.preset || flags.width !== undefined ? flags : { ...flags, preset };
  const settings = settingsFromFlags(sized, EXTENSIONS[path.extname(flags.out).toLowerCase()]!, false);
  // Cheap checks first, so a wrong request fails before the database is opened.
  await checkSpec(settings);
  checkDestination(flags.out);
  await removeOrphanedPartials(path.dirname(path.resolve(flags.out)));
  const { store, config } = await openServerStore(io);
  try {
    const content = await item(store, config.DATA_DIR);
    const bar = progressBar(io.stderr, io.isTty ?? false);
    const result = await renderArtworkFile(content, { settings, out: flags.out, timeZone: config.PANO_TIME_ZONE, onProgress: (done, total) => bar.update(done, total, 'strip') });
    bar.end();
    await auditCliPrint(store, { artwork: content.content.template, items: [content], settings, files: [result.file] });
    const { page } = result;
    const surface = page.format === 'pdf' ? `PDF ${page.width} × ${page.height} pt` : `PNG ${page.width} × ${page.height} px, ${page.dpi} dpi`;
    const scale = page.scale > 1 ? `, tỉ lệ 1:${page.scale}` : '';
    io.stdout(
      `Đã ghi ${path.resolve(result.file)}: "${content.key}", ${settings.widthMm} × ${settings.heightMm} mm + xuất huyết ${settings.bleedMm} mm${scale}, ${surface}${settings.cmyk ? ', CMYK' : ''}\nsha256 ${content.textSha256}\n`,
    );
    return EXIT_OK;
  } finally {
    await store.close();
  }
}
