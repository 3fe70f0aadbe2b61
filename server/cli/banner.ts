/** `pano banner`: one approved slogan to a print-ready PDF or PNG, true size or 1:n. */
import path from 'node:path';
import { z } from 'zod';
import { normalizeText } from '../protocol/text.js';
import { checkDestination, checkSpec, findPrintableSlogan, printableItem, removeOrphanedPartials, renderBanner } from '../print/index.js';
import type { PrintFormat } from '../protocol/print.js';
import { auditCliPrint, openServerStore } from './store.js';
import { progressBar, requireSize, settingsFromFlags, SIZE_FLAGS, SIZE_HELP, SizeFlagsSchema } from './print-flags.js';
import { EXIT_OK, parseFlags, validateFlags, type CliIo } from './usage.js';

export const BANNER_HELP = `Cách dùng: pano banner --slogan <mã|khóa> (--preset <mã> | --width <mm> --height <mm>) --out <tệp.pdf|tệp.png> [tùy chọn]

In một khẩu hiệu ĐÃ DUYỆT thành băng rôn: nền đỏ chữ vàng, khổ thật (hoặc tỉ lệ 1:n), có lề
xuất huyết; chữ nằm trong lề an toàn. Định dạng theo phần mở rộng của --out:
  .pdf  PDF vector, 1 đơn vị = 1 pt, nhúng phông Be Vietnam Pro, chữ tìm kiếm được (NFC)
  .png  ảnh PNG ghi sẵn độ phân giải (dpi) cho phần mềm in

Khẩu hiệu và tệp:
  --slogan <mã|khóa>  số thứ tự hoặc khóa của khẩu hiệu, ví dụ 3 hoặc greet-vpcp-congress-xxvi
  --out <tệp>         tệp kết quả; chỉ xuất hiện khi đã ghi xong

${SIZE_HELP}

  -h, --help          hiện hướng dẫn này

Biến môi trường: DATA_DIR  thư mục dữ liệu (mặc định ./data)

Mã thoát: 0 thành công; 1 không in được (khẩu hiệu không có hoặc chưa duyệt, không ghi được tệp,
          thiếu Ghostscript); 2 dòng lệnh sai (tùy chọn lạ hoặc thiếu, kích thước không hợp lệ)

Ví dụ: pano banner --slogan greet-vpcp-congress-xxvi --preset bang-ron-5x0.8 --marks --slug --out bang-ron.pdf
       pano banner --slogan 3 --width 12000 --height 5000 --dpi 100 --out phong.png
`;

const EXTENSIONS: Record<string, PrintFormat> = { '.pdf': 'pdf', '.png': 'png' };

const BannerFlagsSchema = SizeFlagsSchema.extend({
  slogan: z
    .string({ error: 'Thiếu tùy chọn --slogan (missing --slogan)' })
    .transform((s) => normalizeText(s))
    .pipe(z.string().min(1, { error: '--slogan không được để trống (--slogan is empty)' })),
  out: z.string({ error: 'Thiếu tùy chọn --out (missing --out)' }).refine((file) => path.extname(file).toLowerCase() in EXTENSIONS, {
    error: '--out phải kết thúc bằng .pdf hoặc .png (--out must end in .pdf or .png)',
  }),
}).superRefine(requireSize);

export async function runBanner(args: string[], io: CliIo): Promise<number> {
  const flags = validateFlags(BannerFlagsSchema, parseFlags(args, { ...SIZE_FLAGS, slogan: { type: 'string' }, out: { type: 'string' } }));
  const settings = settingsFromFlags(flags, EXTENSIONS[path.extname(flags.out).toLowerCase()]!, false);
  // Cheap checks first, so a wrong request fails before the database is opened.
  await checkSpec(settings);
  checkDestination(flags.out);
  await removeOrphanedPartials(path.dirname(path.resolve(flags.out)));
  const { store, config } = await openServerStore(io);
  try {
    const slogan = await findPrintableSlogan(store.content, flags.slogan);
    const bar = progressBar(io.stderr, io.isTty ?? false);
    const result = await renderBanner({ slogan, settings, out: flags.out, timeZone: config.PANO_TIME_ZONE, onProgress: (done, total) => bar.update(done, total, 'strip') });
    bar.end();
    await auditCliPrint(store, { artwork: 'banner', items: [printableItem(slogan)], settings, files: [result.file] });
    const { page } = result;
    const surface = page.format === 'pdf' ? `PDF ${page.width} × ${page.height} pt` : `PNG ${page.width} × ${page.height} px, ${page.dpi} dpi`;
    const scale = page.scale > 1 ? `, tỉ lệ 1:${page.scale}` : '';
    io.stdout(
      `Đã ghi ${path.resolve(result.file)}: "${slogan.key}", ${settings.widthMm} × ${settings.heightMm} mm + xuất huyết ${settings.bleedMm} mm${scale}, ${surface}${settings.cmyk ? ', CMYK' : ''}\n`,
    );
    return EXIT_OK;
  } finally {
    await store.close();
  }
}
