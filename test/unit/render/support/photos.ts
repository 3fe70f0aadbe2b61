/**
 * Photo-panel fixtures: photos of assorted shapes with captions full of stacked marks (LỄ, Ỗ,
 * HƯỚNG DẪN, TRIỂN). Pure, so the browser parity page can use them too; the pictures for them
 * are in node-canvas.ts.
 */
import type { PanelPhoto } from '../../../../display/render/index.js';

const SHAPES = [
  [4000, 3000],
  [3000, 2000],
  [2000, 3000],
  [2400, 2400],
  [1920, 1080],
  [1080, 1350],
] as const;

const CAPTIONS = [
  'Lễ kỷ niệm 90 năm Ngày thành lập Đảng Cộng sản Việt Nam (03/02/2020)',
  'Hội nghị Ban Chấp hành Đảng bộ Văn phòng Chính phủ',
  'LỄ TRAO HUY HIỆU ĐẢNG, MỖI CHI BỘ HƯỚNG DẪN TRIỂN KHAI',
  'Đại hội Chi bộ Vụ Tổng hợp nhiệm kỳ 2020 - 2025',
  'Tổng duyệt Đại hội lần thứ XXVI',
  'Ủy ban Kiểm tra Đảng ủy kiểm tra, giám sát năm 2020',
  '',
  'Phong trào thi đua “Dân vận khéo”',
  'Ễ Ẫ Ể Ẩ Ỗ Ệ Ậ',
];

export function testPhotos(n: number): PanelPhoto[] {
  return Array.from({ length: n }, (_, k) => {
    const [width, height] = SHAPES[k % SHAPES.length]!;
    return { id: `anh-${k + 1}`, caption: CAPTIONS[k % CAPTIONS.length]!, width, height };
  });
}
