/** `pano banner`: one slogan to a true-size PDF or PNG for the print shop. */
import path from 'node:path';
import { z } from 'zod';
import { parseConfig } from '../config.js';
import { normalizeText } from '../protocol/text.js';
import {
  checkDestination,
  DEFAULT_DPI,
  findPrintableSlogan,
  MAX_DPI,
  MAX_PDF_SIDE_MM,
  MAX_SIDE_MM,
  MAX_SURFACE_PX,
  MIN_DPI,
  planSurface,
  renderBanner,
  type BannerFormat,
} from '../print/index.js';
import { openStore } from '../store.js';
import { EXIT_OK, parseFlags, validateFlags, type CliIo } from './usage.js';

export const BANNER_HELP = `Cách dùng: pano banner --slogan <mã|khóa> --width <mm> --height <mm> [--dpi <n>] --out <tệp.pdf|tệp.png>

In một khẩu hiệu ĐÃ DUYỆT thành băng rôn đúng kích thước thật, nền đỏ chữ vàng.
Định dạng theo phần mở rộng của --out:
  .pdf  PDF vector, 1 đơn vị = 1 pt, nhúng phông Be Vietnam Pro, chữ tìm kiếm được;
        mỗi cạnh tối đa ${MAX_PDF_SIDE_MM} mm (giới hạn 200 inch của Acrobat)
  .png  ảnh PNG ghi sẵn độ phân giải (dpi) cho phần mềm in; mỗi cạnh tối đa ${MAX_SURFACE_PX} px

Tùy chọn:
  --slogan <mã|khóa>  số thứ tự hoặc khóa của khẩu hiệu trong kế hoạch, ví dụ 3 hoặc greet-vpcp-congress-xxvi
  --width <mm>        chiều rộng băng rôn, mm (lớn hơn 0, tối đa ${MAX_SIDE_MM})
  --height <mm>       chiều cao băng rôn, mm
  --dpi <n>           chỉ cho PNG: ${MIN_DPI}–${MAX_DPI}, mặc định ${DEFAULT_DPI} (băng rôn thường in 100–150 dpi)
  --out <tệp>         tệp kết quả; chỉ xuất hiện khi đã ghi xong
  -h, --help          hiện hướng dẫn này

Biến môi trường: DATA_DIR  thư mục dữ liệu (mặc định ./data)

Mã thoát: 0 thành công; 1 không in được (khẩu hiệu không có hoặc chưa duyệt, không ghi được tệp);
          2 dòng lệnh sai (tùy chọn lạ hoặc thiếu, kích thước không hợp lệ)

Ví dụ: pano banner --slogan greet-vpcp-congress-xxvi --width 5000 --height 800 --out bang-ron.pdf
`;

const FLAGS = {
  slogan: { type: 'string' },
  width: { type: 'string' },
  height: { type: 'string' },
  dpi: { type: 'string' },
  out: { type: 'string' },
} as const;

function required(flag: string) {
  return z.string({ error: `Thiếu tùy chọn --${flag} (missing --${flag})` });
}

function millimetres(flag: string) {
  return required(flag)
    .regex(/^\d+(\.\d+)?$/, { error: `--${flag} phải là số milimét, ví dụ 800 hoặc 812.5 (--${flag} must be a number of mm)` })
    .transform(Number);
}

const EXTENSIONS: Record<string, BannerFormat> = { '.pdf': 'pdf', '.png': 'png' };

const BannerFlagsSchema = z.object({
  slogan: required('slogan')
    .transform((s) => normalizeText(s))
    .pipe(z.string().min(1, { error: '--slogan không được để trống (--slogan is empty)' })),
  width: millimetres('width'),
  height: millimetres('height'),
  dpi: z
    .string()
    .regex(/^\d+$/, { error: `--dpi phải là số nguyên, ví dụ ${DEFAULT_DPI} (--dpi must be an integer)` })
    .transform(Number)
    .optional(),
  out: required('out').refine((file) => path.extname(file).toLowerCase() in EXTENSIONS, {
    error: '--out phải kết thúc bằng .pdf hoặc .png (--out must end in .pdf or .png)',
  }),
});

export async function runBanner(args: string[], io: CliIo): Promise<number> {
  const flags = validateFlags(BannerFlagsSchema, parseFlags(args, FLAGS));
  const size = {
    format: EXTENSIONS[path.extname(flags.out).toLowerCase()]!,
    widthMm: flags.width,
    heightMm: flags.height,
    ...(flags.dpi !== undefined ? { dpi: flags.dpi } : {}),
  };
  // Cheap checks first, so a wrong request fails before the database is opened.
  planSurface(size);
  checkDestination(flags.out);
  const config = parseConfig(io.env);
  const store = openStore(config.DATA_DIR, config.DB_SYNCHRONOUS);
  try {
    const slogan = findPrintableSlogan(store.content, flags.slogan);
    const result = await renderBanner({ ...size, slogan, out: flags.out });
    const surface = result.format === 'pdf' ? `PDF ${result.width} × ${result.height} pt` : `PNG ${result.width} × ${result.height} px, ${result.dpi} dpi`;
    io.stdout(`Đã ghi ${path.resolve(result.file)}: "${slogan.key}", ${flags.width} × ${flags.height} mm, ${surface}\n`);
    return EXIT_OK;
  } finally {
    store.close();
  }
}
