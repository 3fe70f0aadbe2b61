import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The repository root, found by walking up to Pano's package.json, so that the same code finds
 * assets/ and dist/web/ whether it runs from source (tsx, Vitest) or from the tsc build in dist/.
 */
function findRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'pano') {
      return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('Không tìm thấy thư mục gốc của Pano (package.json)');
    dir = parent;
  }
}

export const ROOT_DIR = findRoot();
export const ASSETS_DIR = path.join(ROOT_DIR, 'assets');
export const FONTS_DIR = path.join(ASSETS_DIR, 'fonts');
export const PLANS_DIR = path.join(ASSETS_DIR, 'plans');
export const WEB_DIR = path.join(ROOT_DIR, 'dist', 'web');
export const APP_VERSION = (JSON.parse(readFileSync(path.join(ROOT_DIR, 'package.json'), 'utf8')) as { version: string }).version;
