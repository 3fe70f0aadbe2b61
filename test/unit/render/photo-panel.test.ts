/**
 * Pa nô ảnh: the grid, the aspect-fitted pictures, captions that never touch a picture or clip a
 * stacked mark, and no ink outside the safe area, with pictures present, missing or broken.
 */
import { describe, expect, it } from 'vitest';
import { createCanvas } from 'canvas';
import {
  IMAGE_PLACEHOLDER_FILL,
  chooseGrid,
  drawLayout,
  layoutSlide,
  type DrawOp,
  type DrawingContext,
  type Layout,
  type PanelPhoto,
} from '../../../display/render/index.js';
import { drawToCanvas, nodeMeasurer, solidImages } from './support/node-canvas.js';
import { strayInk } from './support/ink.js';
import { testPhotos } from './support/photos.js';

const TITLE = 'Kết quả thực hiện công tác xây dựng Đảng của Đảng bộ Văn phòng Chính phủ';
const measurer = nodeMeasurer();
const panel = (photos: PanelPhoto[], width = 3840, height = 2160): Layout =>
  layoutSlide({ template: 'photo-panel', width, height, text: TITLE, fields: { photos } }, measurer);
const images = (l: Layout) => l.ops.filter((o): o is Extract<DrawOp, { kind: 'image' }> => o.kind === 'image');
const captions = (l: Layout) => l.blocks.filter((b) => b.role.startsWith('caption-'));

describe('photo panel: no ink outside the safe area', () => {
  for (const [width, height] of [[3840, 2160], [192, 32]] as const) {
    for (const n of [1, 2, 5, 9]) {
      it(`${n} photo(s) at ${width}×${height}, pictures drawn, missing and broken`, () => {
        const photos = testPhotos(n);
        const layout = panel(photos, width, height);
        expect(strayInk(layout, solidImages(photos))).toBe(0);
        expect(strayInk(layout)).toBe(0);
        expect(strayInk(layout, () => ({ not: 'an image' }))).toBe(0);
      });
    }
  }
});

describe('photo panel layout', () => {
  it('puts each photo in a balanced grid, aspect kept, inside the safe area, none overlapping', () => {
    for (const n of [1, 2, 5, 9]) {
      const photos = testPhotos(n);
      const l = panel(photos);
      const pics = images(l);
      expect(pics.map((p) => p.imageId)).toEqual(photos.map((p) => p.id));
      const s = l.safeArea;
      pics.forEach((p, k) => {
        expect(p.x).toBeGreaterThanOrEqual(s.x);
        expect(p.y).toBeGreaterThanOrEqual(s.y);
        expect(p.x + p.w).toBeLessThanOrEqual(s.x + s.w);
        expect(p.y + p.h).toBeLessThanOrEqual(s.y + s.h);
        // Whole pixels, snapped inwards: the aspect is off by at most a pixel's worth.
        expect(Number.isInteger(p.x) && Number.isInteger(p.y) && Number.isInteger(p.w) && Number.isInteger(p.h)).toBe(true);
        expect(Math.abs(p.w / p.h - photos[k]!.width / photos[k]!.height)).toBeLessThan(2 / Math.min(p.w, p.h) + 0.01);
        for (const q of pics.slice(k + 1)) {
          const apart = p.x + p.w <= q.x || q.x + q.w <= p.x || p.y + p.h <= q.y || q.y + q.h <= p.y;
          expect(apart, `${p.imageId} overlaps ${q.imageId}`).toBe(true);
        }
      });
    }
  });

  it('chooses grids without an empty row', () => {
    const area = { x: 0, y: 0, w: 3456, h: 1500 };
    expect(chooseGrid([4 / 3], area, 60)).toEqual({ columns: 1, rows: 1 });
    expect(chooseGrid([4 / 3, 4 / 3], area, 60)).toEqual({ columns: 2, rows: 1 });
    expect(chooseGrid([1, 1, 1, 1], { x: 0, y: 0, w: 1000, h: 1000 }, 20)).toEqual({ columns: 2, rows: 2 });
    for (let n = 1; n <= 12; n++) {
      const { columns, rows } = chooseGrid(Array.from({ length: n }, () => 1.5), area, 60, 0.2);
      expect(columns * rows).toBeGreaterThanOrEqual(n);
      expect((rows - 1) * columns).toBeLessThan(n);
    }
  });

  it('sets captions at one size, under their picture, never clipped, stacked marks included', () => {
    const photos = testPhotos(9);
    for (const [width, height] of [[3840, 2160], [1080, 1920]] as const) {
      const l = panel(photos, width, height);
      const caps = captions(l);
      const drawn = caps.filter((b) => b.lines.length > 0);
      expect(drawn.length).toBe(photos.filter((p) => p.caption !== '').length);
      expect(new Set(drawn.map((b) => b.sizePx)).size).toBe(1);
      expect(l.ops.some((o) => o.kind === 'text' && o.clip !== undefined)).toBe(false);
      const pics = images(l);
      for (const b of drawn) {
        const k = Number(b.role.slice('caption-'.length)) - 1;
        const pic = pics[k]!;
        for (const line of b.lines) {
          const m = measurer.measure(line.text, b.face, line.sizePx);
          // Ink inside its own box, which starts below the picture and its mat.
          expect(line.baseline - m.ascent).toBeGreaterThanOrEqual(b.box.y);
          expect(line.baseline + m.descent).toBeLessThanOrEqual(b.box.y + b.box.h);
          expect(line.baseline - m.ascent).toBeGreaterThan(pic.y + pic.h);
          expect(line.x).toBeGreaterThanOrEqual(b.box.x);
          expect(line.x + Math.max(m.width, m.right ?? 0)).toBeLessThanOrEqual(b.box.x + b.box.w);
        }
      }
      // The tallest marks of the font (Ể/Ẩ/Ỗ 1.16 em) and the deepest (Ệ/Ậ) were set, not dropped.
      expect(drawn.some((b) => b.lines.map((x) => x.text).join(' ') === 'Ễ Ẫ Ể Ẩ Ỗ Ệ Ậ')).toBe(true);
    }
  });

  it('normalises captions to NFC and keeps protected phrases on one line', () => {
    const photo: PanelPhoto = { id: 'a', caption: 'Lễ kỷ niệm 90 năm Ngày thành lập Đảng Cộng sản Việt Nam'.normalize('NFD'), width: 3, height: 2 };
    for (const [width, height] of [[1920, 1080], [1280, 720], [3840, 2160]] as const) {
      const l = panel([photo, { ...photo, id: 'b' }, { ...photo, id: 'c' }], width, height);
      const lines = captions(l)[0]!.lines.map((x) => x.text);
      expect(lines.join(' ')).toBe('Lễ kỷ niệm 90 năm Ngày thành lập Đảng Cộng sản Việt Nam'.normalize('NFC'));
      expect(lines.some((x) => x.includes('Đảng Cộng sản Việt Nam'))).toBe(true);
    }
  });

  it('gives the whole safe area to the title when there are no photos, and leaves out an empty title', () => {
    const titleOnly = panel([]);
    expect(images(titleOnly)).toEqual([]);
    expect(titleOnly.blocks.find((b) => b.role === 'title')!.lines.length).toBeGreaterThan(0);
    const untitled = layoutSlide({ template: 'photo-panel', width: 1920, height: 1080, text: '', fields: { photos: testPhotos(2) } }, measurer);
    expect(untitled.blocks.find((b) => b.role === 'title')!.lines).toEqual([]);
    expect(images(untitled)[0]!.y).toBeLessThan(untitled.safeArea.y + untitled.safeArea.h * 0.2);
  });

  it('treats a photo without a usable size as square', () => {
    const l = panel([{ id: 'x', caption: '', width: 0, height: Number.NaN }]);
    const [pic] = images(l);
    expect(Math.abs(pic!.w - pic!.h)).toBeLessThanOrEqual(1);
  });
});

describe('drawing pictures', () => {
  const photos = testPhotos(2);
  const l = panel(photos, 960, 540);
  const centre = (canvas: ReturnType<typeof drawToCanvas>, k: number) => {
    const p = images(l)[k]!;
    const [r, g, b] = canvas.getContext('2d').getImageData(Math.floor(p.x + p.w / 2), Math.floor(p.y + p.h / 2), 1, 1).data;
    return `#${[r, g, b].map((v) => v!.toString(16).padStart(2, '0').toUpperCase()).join('')}`;
  };

  it('draws each picture in its rectangle', () => {
    const canvas = drawToCanvas(l, solidImages(photos));
    expect(centre(canvas, 0)).toBe('#1E88E5');
    expect(centre(canvas, 1)).toBe('#43A047');
  });

  it('draws a neutral placeholder for a missing or undrawable picture, and never throws', () => {
    const canvas = drawToCanvas(l, (id) => (id === photos[0]!.id ? undefined : { broken: true }));
    expect(centre(canvas, 0)).toBe(IMAGE_PLACEHOLDER_FILL);
    expect(centre(canvas, 1)).toBe(IMAGE_PLACEHOLDER_FILL);
    expect(centre(drawToCanvas(l), 0)).toBe(IMAGE_PLACEHOLDER_FILL);
  });

  it('leaves the caller state as it found it when a picture fails', () => {
    const ctx = createCanvas(960, 540).getContext('2d');
    ctx.translate(2, -5);
    ctx.font = '10px serif';
    drawLayout(ctx as unknown as DrawingContext, l, () => ({ broken: true }));
    expect(ctx.currentTransform.e).toBe(2);
    expect(ctx.currentTransform.f).toBe(-5);
    expect(ctx.font).toBe('10px serif');
  });
});
