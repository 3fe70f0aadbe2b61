/**
 * `npx tsx test/unit/render/support/write-golden.ts`: draws the contact sheet of every plan
 * slogan on every template (test/render-contact-sheet.png) and writes the golden layouts
 * (test/unit/render/golden-layouts.json). Look at the sheet before committing the JSON.
 */
import { writeFileSync } from 'node:fs';
import { createCanvas } from 'canvas';
import { layoutSlide } from '../../../../display/render/index.js';
import { GOLDEN_COLUMNS, goldenCases, summarize, type GoldenSummary } from './golden-cases.js';
import { drawToCanvas, nodeMeasurer, solidImages } from './node-canvas.js';

const COL_W = 480;
const ROW_H = 280;
const GAP = 12;
const measurer = nodeMeasurer();
const cases = goldenCases();
const rows = cases.length / GOLDEN_COLUMNS.length;
const sheet = createCanvas(GOLDEN_COLUMNS.length * (COL_W + GAP) + GAP, rows * (ROW_H + GAP) + GAP);
const g = sheet.getContext('2d');
g.fillStyle = '#808080';
g.fillRect(0, 0, sheet.width, sheet.height);
const golden: Record<string, GoldenSummary> = {};
cases.forEach((c, k) => {
  const layout = layoutSlide(c.input, measurer);
  golden[c.name] = summarize(layout);
  const tile = drawToCanvas(layout, solidImages(c.input.fields?.photos ?? []));
  // Small surfaces are shown at an integer zoom so their pixels stay visible.
  const scale = Math.min(COL_W / tile.width, ROW_H / tile.height);
  const s = scale >= 1 ? Math.floor(scale) : scale;
  const col = k % GOLDEN_COLUMNS.length;
  const row = Math.floor(k / GOLDEN_COLUMNS.length);
  g.imageSmoothingEnabled = s < 1;
  g.drawImage(tile, GAP + col * (COL_W + GAP), GAP + row * (ROW_H + GAP), tile.width * s, tile.height * s);
});
writeFileSync(new URL('../../../render-contact-sheet.png', import.meta.url), sheet.toBuffer('image/png'));
writeFileSync(new URL('../golden-layouts.json', import.meta.url), JSON.stringify(golden, null, 1) + '\n');
console.log(`${cases.length} layouts`);
