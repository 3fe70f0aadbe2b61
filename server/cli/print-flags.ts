/** Size and finish flags shared by `pano banner` and `pano batch`, and the terminal progress bar. */
import { z } from 'zod';
import {
  DEFAULT_BLEED_MM,
  DEFAULT_DPI,
  DEFAULT_SAFE_MM,
  LARGE_WORK_SCALE,
  MAX_DPI,
  MAX_PDF_SIDE_MM,
  MAX_SCALE,
  MAX_SIDE_MM,
  MIN_DPI,
  PRESETS,
  PRESET_IDS,
  resolveSettings,
  type PresetId,
  type PrintFormat,
  type ResolvedSettings,
} from '../protocol/print.js';
import { UsageError } from './usage.js';

export const SIZE_FLAGS = {
  preset: { type: 'string' },
  width: { type: 'string' },
  height: { type: 'string' },
  dpi: { type: 'string' },
  bleed: { type: 'string' },
  safe: { type: 'string' },
  scale: { type: 'string' },
  marks: { type: 'boolean' },
  slug: { type: 'boolean' },
  'no-slug': { type: 'boolean' },
  cmyk: { type: 'boolean' },
  outlines: { type: 'boolean' },
} as const;

export const SIZE_HELP = `Khổ (chọn --preset hoặc cả --width và --height):
  --preset <mã>       khổ mẫu:
${PRESETS.map((p) => `                        ${p.id.padEnd(22)} ${p.name.vi}`).join('\n')}
  --width <mm>        chiều rộng thành phẩm, mm (lớn hơn 0, tối đa ${MAX_SIDE_MM})
  --height <mm>       chiều cao thành phẩm, mm
  --bleed <mm>        lề xuất huyết quanh thành phẩm, mặc định ${DEFAULT_BLEED_MM} (A3/A4: 3)
  --safe <mm>         lề an toàn cho viền may, khoen: chữ cách mép thành phẩm, mặc định ${DEFAULT_SAFE_MM}
  --marks             dấu xén ở bốn góc, ngoài vùng xuất huyết
  --slug              dòng ghi chú ngoài thành phẩm: tệp, khổ, tỉ lệ, ngày, bản duyệt
                        (mặc định có khi in theo tỉ lệ 1:n, n > 1; --no-slug để bỏ)
  --no-slug           không in dòng ghi chú, kể cả khi in theo tỉ lệ
  --scale <n>         in tỉ lệ 1:n (1–${MAX_SCALE}); PDF lớn hơn ${MAX_PDF_SIDE_MM} mm tự in 1:${LARGE_WORK_SCALE}
  --dpi <n>           chỉ cho PNG: ${MIN_DPI}–${MAX_DPI}, mặc định ${DEFAULT_DPI}; khổ bao nhiêu cũng được (dựng theo dải)
  --cmyk              chỉ cho PDF: bản CMYK qua Ghostscript, đỏ cờ C0 M83 Y87 K15, vàng C0 M0 Y100 K0
  --outlines          chỉ cho PDF: chữ thành đường nét (nhà in không cần phông)`;

const optional = (flag: string, example: string) =>
  z
    .string()
    .regex(/^\d+(\.\d+)?$/, { error: `--${flag} phải là số, ví dụ ${example} (--${flag} must be a number)` })
    .transform(Number)
    .optional();

const integer = (flag: string, example: string) =>
  z
    .string()
    .regex(/^\d+$/, { error: `--${flag} phải là số nguyên, ví dụ ${example} (--${flag} must be an integer)` })
    .transform(Number)
    .optional();

export const SizeFlagsSchema = z.object({
  preset: z
    .enum(PRESET_IDS, { error: `--preset phải là một trong: ${PRESET_IDS.join(', ')} (unknown preset)` })
    .optional(),
  width: optional('width', '800 hoặc 812.5'),
  height: optional('height', '800'),
  dpi: integer('dpi', String(DEFAULT_DPI)),
  bleed: optional('bleed', '10'),
  safe: optional('safe', '50'),
  scale: integer('scale', '10'),
  marks: z.boolean().optional(),
  slug: z.boolean().optional(),
  'no-slug': z.boolean().optional(),
  cmyk: z.boolean().optional(),
  outlines: z.boolean().optional(),
});
export type SizeFlags = z.output<typeof SizeFlagsSchema>;

/** For a schema's superRefine: a size is a preset or both sides; every missing flag is named. */
export function requireSize(flags: { preset?: string | undefined; width?: number | undefined; height?: number | undefined }, ctx: z.RefinementCtx): void {
  if (flags.preset) return;
  for (const flag of ['width', 'height'] as const) {
    if (flags[flag] === undefined) ctx.addIssue({ code: 'custom', message: `Thiếu tùy chọn --${flag} (hoặc dùng --preset) (missing --${flag}, or use --preset)` });
  }
}

/** Flags → settings; the print service then checks the sizes themselves (bilingual, exit 2). */
export function settingsFromFlags(flags: SizeFlags, format: PrintFormat, zip: boolean): ResolvedSettings {
  if (flags.slug && flags['no-slug']) throw new UsageError(['Chọn --slug hoặc --no-slug, không cả hai (--slug and --no-slug together)']);
  const settings = resolveSettings({
    format,
    zip,
    marks: flags.marks ?? false,
    // Neither flag: the print service decides (on for scaled prints).
    ...(flags.slug ? { slug: true } : flags['no-slug'] ? { slug: false } : {}),
    cmyk: flags.cmyk ?? false,
    outlines: flags.outlines ?? false,
    ...(flags.preset ? { preset: flags.preset as PresetId } : {}),
    ...(flags.width !== undefined ? { widthMm: flags.width } : {}),
    ...(flags.height !== undefined ? { heightMm: flags.height } : {}),
    ...(flags.dpi !== undefined ? { dpi: flags.dpi } : {}),
    ...(flags.bleed !== undefined ? { bleedMm: flags.bleed } : {}),
    ...(flags.safe !== undefined ? { safeMm: flags.safe } : {}),
    ...(flags.scale !== undefined ? { scale: flags.scale } : {}),
  });
  // requireSize has reported a missing side already; this only narrows the type.
  if (!settings) throw new UsageError(['Thiếu khổ: --preset hoặc --width và --height (missing size)']);
  if (format === 'png' && (settings.cmyk || settings.outlines)) {
    throw new UsageError(['--cmyk và --outlines chỉ dùng cho PDF (--cmyk and --outlines apply to PDF only)']);
  }
  return settings;
}

/**
 * A one-line progress bar on a terminal (redrawn with \r), nothing when output is piped: logs
 * and tests get only the final report.
 */
export function progressBar(write: (text: string) => void, isTty: boolean): { update(done: number, total: number, unit: string): void; end(): void } {
  const started = Date.now();
  let drawn = false;
  return {
    update(done, total, unit) {
      if (!isTty || total === 0) return;
      const width = 30;
      const filled = Math.round((done / total) * width);
      const elapsed = (Date.now() - started) / 1000;
      const eta = done > 0 ? Math.round((elapsed / done) * (total - done)) : undefined;
      const units = unit === 'strip' ? 'dải' : 'trang';
      write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.floor((done / total) * 100)).padStart(3)}% ${done}/${total} ${units}${eta !== undefined ? `, còn khoảng ${eta} s` : ''}   `);
      drawn = true;
    },
    end() {
      if (drawn) write('\n');
    },
  };
}
