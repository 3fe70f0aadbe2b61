import type { Migration } from './index.js';

/**
 * The national calendar: days that recur every year, solar or lunar, that plans and schedules
 * anchor to. Pano ships the days of law and the anniversaries offices mark (built_in: their dates
 * cannot change); the admin adds the agency's own (its founding day). Schedules gain a recurring
 * window around one of these days ("the 10 days before Tết, every year").
 *
 * Numbered 011 for the merge; its version follows the last one on this branch.
 */
const DAYS: [id: string, nameVi: string, nameEn: string, kind: 'holiday' | 'anniversary', calendar: 'solar' | 'lunar', month: number, day: number][] = [
  ['tet-duong-lich', 'Tết Dương lịch', "New Year's Day", 'holiday', 'solar', 1, 1],
  ['tet-nguyen-dan', 'Tết Nguyên đán', 'Lunar New Year (Tết)', 'holiday', 'lunar', 1, 1],
  ['thanh-lap-dang', 'Ngày thành lập Đảng Cộng sản Việt Nam', 'Founding of the Communist Party of Viet Nam', 'anniversary', 'solar', 2, 3],
  ['thay-thuoc-viet-nam', 'Ngày Thầy thuốc Việt Nam', "Vietnamese Doctors' Day", 'anniversary', 'solar', 2, 27],
  ['quoc-te-phu-nu', 'Ngày Quốc tế Phụ nữ', "International Women's Day", 'anniversary', 'solar', 3, 8],
  ['thanh-lap-doan', 'Ngày thành lập Đoàn TNCS Hồ Chí Minh', 'Founding of the Ho Chi Minh Communist Youth Union', 'anniversary', 'solar', 3, 26],
  ['gio-to-hung-vuong', 'Giỗ Tổ Hùng Vương', "Hung Kings' Commemoration Day", 'holiday', 'lunar', 3, 10],
  ['giai-phong-mien-nam', 'Ngày Giải phóng miền Nam, thống nhất đất nước', 'Liberation of the South and National Reunification Day', 'holiday', 'solar', 4, 30],
  ['quoc-te-lao-dong', 'Ngày Quốc tế Lao động', "International Workers' Day", 'holiday', 'solar', 5, 1],
  ['chien-thang-dien-bien-phu', 'Ngày Chiến thắng Điện Biên Phủ', 'Dien Bien Phu Victory Day', 'anniversary', 'solar', 5, 7],
  ['sinh-nhat-bac-ho', 'Ngày sinh Chủ tịch Hồ Chí Minh', "President Ho Chi Minh's Birthday", 'anniversary', 'solar', 5, 19],
  ['quoc-te-thieu-nhi', 'Ngày Quốc tế Thiếu nhi', "International Children's Day", 'anniversary', 'solar', 6, 1],
  ['bao-chi-cach-mang', 'Ngày Báo chí Cách mạng Việt Nam', 'Vietnam Revolutionary Press Day', 'anniversary', 'solar', 6, 21],
  ['gia-dinh-viet-nam', 'Ngày Gia đình Việt Nam', 'Vietnamese Family Day', 'anniversary', 'solar', 6, 28],
  ['thuong-binh-liet-si', 'Ngày Thương binh – Liệt sĩ', "War Invalids and Martyrs' Day", 'anniversary', 'solar', 7, 27],
  ['cach-mang-thang-tam', 'Ngày Cách mạng tháng Tám thành công', 'August Revolution Day', 'anniversary', 'solar', 8, 19],
  ['quoc-khanh', 'Quốc khánh', 'National Day', 'holiday', 'solar', 9, 2],
  ['phu-nu-viet-nam', 'Ngày Phụ nữ Việt Nam', "Vietnamese Women's Day", 'anniversary', 'solar', 10, 20],
  ['phap-luat', 'Ngày Pháp luật Việt Nam', 'Vietnam Law Day', 'anniversary', 'solar', 11, 9],
  ['dai-doan-ket', 'Ngày hội Đại đoàn kết toàn dân tộc', 'National Great Unity Day', 'anniversary', 'solar', 11, 18],
  ['nha-giao-viet-nam', 'Ngày Nhà giáo Việt Nam', "Vietnamese Teachers' Day", 'anniversary', 'solar', 11, 20],
  ['quan-doi-nhan-dan', 'Ngày thành lập Quân đội nhân dân Việt Nam, Ngày hội Quốc phòng toàn dân', "Founding of the Vietnam People's Army, National Defence Day", 'anniversary', 'solar', 12, 22],
];

const sql = (s: string) => `'${s.normalize('NFC').replaceAll("'", "''")}'`;

/** The built-in days as one INSERT, the same SQL on SQLite and PostgreSQL (its baseline reuses it). */
export const BUILT_IN_NATIONAL_DAYS_SQL = `INSERT INTO national_days (id, name_vi, name_en, kind, calendar, month, day, built_in, updated_at) VALUES
      ${DAYS.map(([id, vi, en, kind, cal, m, d]) => `(${sql(id)}, ${sql(vi)}, ${sql(en)}, '${kind}', '${cal}', ${m}, ${d}, 1, '2026-12-03T00:00:00.000Z')`).join(',\n      ')};`;

export const migration: Migration = {
  version: 11,
  name: 'national calendar',
  sql: `
    CREATE TABLE national_days (
      id TEXT PRIMARY KEY,
      name_vi TEXT NOT NULL,
      name_en TEXT NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('holiday', 'anniversary')),
      calendar TEXT NOT NULL CHECK (calendar IN ('solar', 'lunar')),
      month INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
      day INTEGER NOT NULL CHECK (day BETWEEN 1 AND 31),
      note TEXT,
      built_in INTEGER NOT NULL DEFAULT 0 CHECK (built_in IN (0, 1)),
      updated_at TEXT NOT NULL
    );
    ${BUILT_IN_NATIONAL_DAYS_SQL}
    ALTER TABLE schedules ADD COLUMN recurring_json TEXT;
  `,
};
