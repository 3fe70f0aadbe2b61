import { describe, expect, it } from 'vitest';
import { reportCsv } from '../../../server/routes/plan-report.js';
import type { PlanReport, ReportRow } from '../../../server/protocol/plans.js';

const row = (itemKind: ReportRow['itemKind'], itemText: string, seconds: number): ReportRow => ({
  phaseId: 'dot-3',
  phaseLabel: 'II.3 Đợt 3',
  itemId: 1,
  itemText,
  itemKind,
  zoneId: 'lobby',
  zoneName: 'Sảnh',
  displays: 2,
  shows: 12,
  seconds,
  firstShown: '2020-10-26T01:00:00.000Z',
  lastShown: '2020-10-28T09:00:00.000Z',
});

describe("the plan's report CSV", () => {
  it('says in words whether each row is a slogan, a message, a picture or a clip, and counts them alike', () => {
    const report = {
      shown: [
        row('slogan', 'NHIỆT LIỆT CHÀO MỪNG ĐẠI HỘI ĐẢNG BỘ KHỐI LẦN THỨ XIII', 3600),
        row('picture', 'Pa nô ảnh: thành tựu xây dựng Đảng — Ễ Ể Ẫ Ậ', 1800),
        row('clip', 'Phim tư liệu Đại hội', 90),
        row('message', 'Thông báo lịch họp', 36),
      ],
      printed: [],
    } as unknown as PlanReport;
    const lines = reportCsv(report, 'Asia/Ho_Chi_Minh').slice(1).split('\r\n');
    expect(lines[0]).toContain(',Loại nội dung,');
    expect(lines.slice(1, 5).map((l) => l.split(',')[3])).toEqual(['Khẩu hiệu', 'Ảnh', 'Đoạn phim', 'Thông điệp']);
    expect(lines[2]).toContain(',Sảnh,2,12,"0,5",26/10/2020,28/10/2020');
  });
});
