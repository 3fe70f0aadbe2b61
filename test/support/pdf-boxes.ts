import { spawnSync } from 'node:child_process';

export type PageBoxes = Record<'MediaBox' | 'TrimBox' | 'BleedBox', number[]>;

/**
 * Every page's MediaBox, TrimBox and BleedBox as poppler reads them (`pdfinfo -box`), in pt.
 * Throws if pdfinfo complains: a repaired file would read right and still be wrong.
 */
export function pageBoxes(file: string, pages = 1): PageBoxes[] {
  const info = spawnSync('pdfinfo', ['-box', '-f', '1', '-l', String(pages), file], { encoding: 'utf8' });
  if (info.status !== 0 || info.stderr !== '') throw new Error(`pdfinfo ${file}: exit ${info.status}\n${info.stderr}`);
  const out = Array.from({ length: pages }, (): PageBoxes => ({ MediaBox: [], TrimBox: [], BleedBox: [] }));
  for (const m of info.stdout.matchAll(/^Page\s+(\d+) (MediaBox|TrimBox|BleedBox):\s+(.+)$/gm)) {
    out[Number(m[1]) - 1]![m[2] as keyof PageBoxes] = m[3]!.trim().split(/\s+/).map(Number);
  }
  return out;
}
