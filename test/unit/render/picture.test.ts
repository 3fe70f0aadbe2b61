/**
 * Pictures and clips on screens, drawn with node-canvas: full-bleed with a caption band (16:9 and
 * 9:16), beside the caption on a wide strip, the focus box always on screen, captions with stacked
 * marks wholly inside their band, a missing picture drawn as a flat placeholder.
 */
import { describe, expect, it } from 'vitest';
import { createCanvas, type Canvas, type CanvasRenderingContext2D } from 'canvas';
import { IMAGE_PLACEHOLDER_FILL, layoutSlide, type DrawOp, type Layout, type SlideMedia } from '../../../display/render/index.js';
import { drawToCanvas, nodeMeasurer } from './support/node-canvas.js';

const measurer = nodeMeasurer();
const CAPTION = 'Lễ kỷ niệm 90 năm Ngày thành lập Đảng Cộng sản Việt Nam — NHIỆT LIỆT CHÀO MỪNG ĐẠI HỘI ỄỂẪẬ';
const BLUE = [0x1e, 0x88, 0xe5];
const GREEN = [0x43, 0xa0, 0x47];
const SCREEN_RED = [0x9e, 0x1b, 0x16];
const YELLOW = [0xff, 0xff, 0x00];
const BLACK = [0, 0, 0];

/** A blue picture of w × h with its focus box painted green (so sampling tells the two apart). */
function picture(w: number, h: number, focus = { x: 0, y: 0, width: 1, height: 1 }): Canvas {
  const c = createCanvas(w, h);
  const ctx = c.getContext('2d');
  ctx.fillStyle = '#1E88E5';
  ctx.fillRect(0, 0, w, h);
  ctx.fillStyle = '#43A047';
  ctx.fillRect(Math.round(focus.x * w), Math.round(focus.y * h), Math.round(focus.width * w), Math.round(focus.height * h));
  return c;
}

function draw(template: 'lobby-card' | 'banner' | 'mourning', width: number, height: number, media: SlideMedia, image: Canvas | undefined) {
  const layout = layoutSlide({ template, width, height, text: CAPTION, fields: { media, caption: 'II.1 Đợt 2' } }, measurer);
  const canvas = drawToCanvas(layout, (id) => (id === media.id ? image : undefined));
  const ctx = canvas.getContext('2d') as CanvasRenderingContext2D;
  const at = (x: number, y: number) => [...ctx.getImageData(Math.floor(x), Math.floor(y), 1, 1).data.slice(0, 3)];
  return { layout, ctx, at };
}

const imageOp = (l: Layout) => l.ops.find((o): o is Extract<DrawOp, { kind: 'image' }> => o.kind === 'image')!;
const near = (a: number[], b: number[]) => a.every((v, i) => Math.abs(v - b[i]!) <= 8);

/** Count of pixels of `colour` in a rectangle. */
function count(ctx: CanvasRenderingContext2D, x: number, y: number, w: number, h: number, colour: number[]): number {
  const { data } = ctx.getImageData(Math.floor(x), Math.floor(y), Math.max(1, Math.floor(w)), Math.max(1, Math.floor(h)));
  let n = 0;
  for (let i = 0; i < data.length; i += 4) if (near([data[i]!, data[i + 1]!, data[i + 2]!], colour)) n++;
  return n;
}

describe('picture layouts', () => {
  for (const [width, height] of [
    [1920, 1080],
    [1080, 1920],
  ] as const) {
    it(`${width}×${height}: the picture bleeds to the top corners, the caption band holds the whole caption`, () => {
      const focus = { x: 0.3, y: 0.3, width: 0.4, height: 0.4 };
      const media: SlideMedia = { kind: 'picture', id: 'p', width: 4000, height: 3000, focus, credit: 'Ảnh: Trần Văn Ẩn' };
      const { layout, ctx, at } = draw('lobby-card', width, height, media, picture(400, 300, focus));
      // Top corners: the picture (blue outside its focus box), no margin.
      expect(at(1, 1)).toEqual(BLUE);
      expect(at(width - 2, 1)).toEqual(BLUE);
      const clip = imageOp(layout).clip!;
      const bandTop = clip.y + clip.h;
      expect(clip).toMatchObject({ x: 0, y: 0, w: width });
      expect(bandTop).toBeLessThan(height);
      // Bottom corners: the band's ground.
      expect(at(1, height - 2)).toEqual(SCREEN_RED);
      expect(at(width - 2, height - 2)).toEqual(SCREEN_RED);
      // The caption's ink, stacked marks included, lies inside the band; none spills on the picture.
      const caption = layout.blocks.find((b) => b.role === 'caption')!;
      expect(caption.lines.length).toBeGreaterThan(0);
      expect(caption.lines.map((l) => l.text).join(' ')).toContain('ỄỂẪẬ');
      for (const l of caption.lines) {
        expect(l.baseline - l.ascent).toBeGreaterThanOrEqual(bandTop);
        expect(l.baseline + l.descent).toBeLessThanOrEqual(height);
      }
      expect(count(ctx, 0, bandTop, width, height - bandTop, YELLOW)).toBeGreaterThan(100);
      expect(count(ctx, 0, 0, width, bandTop, YELLOW)).toBe(0);
      expect(layout.blocks.find((b) => b.role === 'credit')!.lines[0]!.text).toBe('Ảnh: Trần Văn Ẩn');
    });
  }

  it('crops a wide photo only outside its focus box: the green box is wholly on screen, never squeezed', () => {
    const focus = { x: 0.15, y: 0.1, width: 0.8, height: 0.8 };
    const media: SlideMedia = { kind: 'picture', id: 'p', width: 6000, height: 1500, focus };
    const { layout, at } = draw('lobby-card', 1920, 1080, media, picture(600, 150, focus));
    const op = imageOp(layout);
    // Aspect kept.
    expect(op.w / op.h).toBeCloseTo(4, 6);
    // The focus box mapped to the screen lies inside the visible part.
    const box = { x: op.x + focus.x * op.w, y: op.y + focus.y * op.h, w: focus.width * op.w, h: focus.height * op.h };
    const clip = op.clip!;
    expect(box.x).toBeGreaterThanOrEqual(clip.x - 1e-6);
    expect(box.x + box.w).toBeLessThanOrEqual(clip.x + clip.w + 1e-6);
    expect(box.y).toBeGreaterThanOrEqual(clip.y - 1e-6);
    expect(box.y + box.h).toBeLessThanOrEqual(clip.y + clip.h + 1e-6);
    // Pixels: green at the box's four inner corners and centre.
    for (const [fx, fy] of [[0.05, 0.05], [0.95, 0.05], [0.05, 0.95], [0.95, 0.95], [0.5, 0.5]] as const) {
      expect(at(box.x + fx * box.w, box.y + fy * box.h)).toEqual(GREEN);
    }
    // The box is wider than the frame allows at cover scale: black mat above and below, no stretch.
    expect(clip.h).toBeLessThan(1080);
    expect(at(960, 2)).toEqual(BLACK);
  });

  it('a wide strip (hall side banner) sets the picture at the left and the caption beside it', () => {
    const media: SlideMedia = { kind: 'picture', id: 'p', width: 3000, height: 2000 };
    const { layout, ctx, at } = draw('banner', 2400, 480, media, picture(300, 200));
    const clip = imageOp(layout).clip!;
    expect(clip).toEqual({ x: 0, y: 0, w: 720, h: 480 });
    expect(at(2, 2)).toEqual(GREEN);
    expect(at(719, 478)).toEqual(GREEN);
    expect(count(ctx, 720, 0, 2400 - 720, 480, YELLOW)).toBeGreaterThan(100);
    expect(count(ctx, 0, 0, 720, 480, YELLOW)).toBe(0);
    const caption = layout.blocks.find((b) => b.role === 'caption')!;
    for (const l of caption.lines) expect(l.x).toBeGreaterThanOrEqual(720);
  });

  it("a clip is drawn whole from the platform's current frame, with a mat where its shape leaves room", () => {
    const media: SlideMedia = { kind: 'clip', id: 'c', width: 1920, height: 1080 };
    const { layout, at } = draw('lobby-card', 1080, 1920, media, picture(192, 108));
    const op = imageOp(layout);
    expect(op.clip).toEqual({ x: op.x, y: op.y, w: op.w, h: op.h });
    expect(op.w).toBe(1080);
    expect(at(540, op.y + op.h / 2)).toEqual(GREEN);
    expect(at(540, 2)).toEqual(BLACK);
  });

  it('mourning shows a sober picture on its dark ground and grey-white caption; a mourning strip keeps its ticker', () => {
    const media: SlideMedia = { kind: 'picture', id: 'p', width: 1600, height: 900 };
    const { layout, at } = draw('mourning', 1920, 1080, media, picture(160, 90));
    expect(at(1, 1078)).toEqual([0x14, 0x14, 0x14]);
    expect(layout.blocks.find((b) => b.role === 'caption')!.fill).toBe('#EDEDED');
    const strip = layoutSlide({ template: 'mourning', width: 192, height: 32, text: CAPTION, fields: { media } }, measurer);
    expect(strip.ops.some((o) => o.kind === 'image')).toBe(false);
    expect(strip.blocks[0]!.role).toBe('ticker');
  });

  it('the gate ticker, backdrop and photo panel leave media aside', () => {
    const media: SlideMedia = { kind: 'picture', id: 'p', width: 1600, height: 900 };
    for (const template of ['gate-ticker', 'backdrop', 'photo-panel'] as const) {
      const l = layoutSlide({ template, width: 1920, height: 1080, text: CAPTION, fields: { media } }, measurer);
      expect(l.ops.some((o) => o.kind === 'image')).toBe(false);
    }
  });

  it('a picture not held (or broken) is a flat placeholder, and the caption still shows', () => {
    const media: SlideMedia = { kind: 'picture', id: 'p', width: 4000, height: 3000 };
    for (const image of [undefined, { broken: true } as unknown as Canvas]) {
      const { ctx, at } = draw('lobby-card', 1920, 1080, media, image);
      const grey = [0x8c, 0x8c, 0x8c];
      expect(IMAGE_PLACEHOLDER_FILL).toBe('#8C8C8C');
      expect(at(960, 400)).toEqual(grey);
      expect(count(ctx, 0, 864, 1920, 216, YELLOW)).toBeGreaterThan(100);
    }
  });
});
