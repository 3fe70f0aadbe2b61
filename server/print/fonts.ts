/**
 * Registers the full Be Vietnam Pro TTFs with node-canvas. Must run before the first canvas is
 * created: Cairo/Pango resolve fonts when a context first draws text. The same files are served
 * to browsers under /fonts/ so screen, preview and print measure identical glyphs.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { registerFont } from 'canvas';
import { FONT_FAMILY } from '../../display/render/fonts.js';
import type { FontWeight } from '../../display/render/types.js';

export interface FontFile {
  file: string;
  weight: FontWeight;
}

export const FONT_FILES: readonly FontFile[] = [
  { file: 'BeVietnamPro_400Regular.ttf', weight: 400 },
  { file: 'BeVietnamPro_500Medium.ttf', weight: 500 },
  { file: 'BeVietnamPro_700Bold.ttf', weight: 700 },
  { file: 'BeVietnamPro_800ExtraBold.ttf', weight: 800 },
];

/** Walks up from this module to the directory holding package.json: works from source and dist/. */
function findProjectRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`package.json not found above ${start}`);
  }
}

export const PROJECT_ROOT = findProjectRoot(dirname(fileURLToPath(import.meta.url)));
export const ASSETS_FONTS_DIR = join(PROJECT_ROOT, 'assets', 'fonts');

export function fontPath(file: FontFile): string {
  return join(ASSETS_FONTS_DIR, file.file);
}

let registered = false;

/** Idempotent; throws if a font file is missing rather than silently falling back. */
export function registerFonts(): void {
  if (registered) return;
  for (const f of FONT_FILES) {
    const path = fontPath(f);
    if (!existsSync(path)) throw new Error(`font file missing: ${path}`);
    registerFont(path, { family: FONT_FAMILY, weight: String(f.weight) });
  }
  registered = true;
}
