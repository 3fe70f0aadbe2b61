import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  DEFAULT_PROTECTED_PHRASES,
  balancedBreaks,
  greedyBreaks,
  lineWidths,
  literalPhrase,
  segmentUnits,
  uppercaseVi,
  type BreakItem,
} from '../../../display/render/index.js';

const texts = (text: string, phrases = DEFAULT_PROTECTED_PHRASES) => segmentUnits(text, phrases).map((u) => u.text);
const item = (width: number, extra: Partial<BreakItem> = {}): BreakItem => ({ width, words: 1, clauseEnd: false, keepWithNext: false, ...extra });

describe('segmentUnits: protected phrases', () => {
  it('keeps congress ordinals, terms, names and dates whole', () => {
    const units = texts('Đại hội đại biểu toàn quốc lần thứ XIII Đảng Cộng sản Việt Nam nhiệm kỳ 2020 - 2025 ngày 03/02/2020');
    expect(units).toContain('lần thứ XIII');
    expect(units).toContain('Đảng Cộng sản Việt Nam');
    expect(units).toContain('nhiệm kỳ 2020 - 2025');
    expect(units).toContain('ngày 03/02/2020');
  });

  it('matches the uppercased text the same way', () => {
    const units = texts(uppercaseVi('Chủ tịch Hồ Chí Minh vĩ đại, lần thứ XXVI, nhiệm kỳ 2020 - 2025!'));
    expect(units).toContain('CHỦ TỊCH');
    expect(units).toContain('HỒ CHÍ MINH');
    expect(units).toContain('LẦN THỨ XXVI,');
    expect(units).toContain('NHIỆM KỲ 2020 - 2025!');
  });

  it('never lets a dash between years start or end a line', () => {
    expect(texts('giai đoạn 2020 – 2025 và 2025-2030')).toEqual(['giai', 'đoạn', '2020 – 2025', 'và', '2025-2030']);
  });

  it('keeps numbers with their units', () => {
    expect(texts('treo 20 m băng rôn, 90 năm, 50 %')).toEqual(['treo', '20 m', 'băng', 'rôn,', '90 năm,', '50 %']);
  });

  it('attaches a lone dash and bare punctuation to the syllable before', () => {
    const units = segmentUnits('Đảng Cộng sản Việt Nam - Người lãnh đạo !', DEFAULT_PROTECTED_PHRASES);
    expect(units.map((u) => u.text)).toEqual(['Đảng Cộng sản Việt Nam -', 'Người', 'lãnh', 'đạo !']);
    expect(units[0]!.clauseEnd).toBe(true);
    expect(units[0]!.words).toBe(5);
  });

  it('takes extra phrases as data', () => {
    const phrases = [...DEFAULT_PROTECTED_PHRASES, literalPhrase('Khối các cơ quan')];
    expect(texts('Đảng bộ khối các cơ quan Trung ương', phrases)).toEqual(['Đảng', 'bộ', 'khối các cơ quan', 'Trung ương']);
  });

  it('marks compound words as costly but possible breaks', () => {
    const units = segmentUnits('chào mừng đại hội', DEFAULT_PROTECTED_PHRASES);
    expect(units.map((u) => u.keepWithNext)).toEqual([true, false, true, false]);
  });
});

describe('balancedBreaks', () => {
  it('balances where greedy leaves a ragged tail', () => {
    const items = [10, 10, 10, 10, 10, 10, 10].map((w) => item(w));
    const greedy = greedyBreaks(items, 1, 65);
    expect(lineWidths(items, 1, greedy)).toEqual([65, 10]);
    const balanced = balancedBreaks(items, 1, 2)!;
    expect(lineWidths(items, 1, balanced).sort()).toEqual([32, 43]);
  });

  it('minimises raggedness over all lines, not just the longest', () => {
    const items = [30, 5, 5, 20, 10, 10, 20].map((w) => item(w));
    const breaks = balancedBreaks(items, 1, 3)!;
    const widths = lineWidths(items, 1, breaks);
    expect(Math.max(...widths) - Math.min(...widths)).toBeLessThanOrEqual(10);
  });

  it('prefers a break after a comma or dash when balance is equal', () => {
    const five = (commaAt: number) => [0, 1, 2, 3, 4].map((k) => item(10, { clauseEnd: k === commaAt }));
    expect(balancedBreaks(five(-1), 0, 2)).toEqual([0, 2]);
    expect(balancedBreaks(five(2), 0, 2)).toEqual([0, 3]);
    expect(balancedBreaks(five(1), 0, 2)).toEqual([0, 2]);
  });

  it('avoids splitting a compound when an almost equal break exists', () => {
    const items = (keep: boolean) => [item(20), item(1, { keepWithNext: keep }), item(20), item(1)];
    expect(balancedBreaks(items(false), 0, 2)).toEqual([0, 2]);
    expect(balancedBreaks(items(true), 0, 2)).toEqual([0, 1]);
  });

  it('never leaves a single syllable on the last line', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ width: fc.integer({ min: 1, max: 50 }), words: fc.integer({ min: 1, max: 3 }) }), { minLength: 1, maxLength: 14 }),
        fc.integer({ min: 2, max: 4 }),
        (raw, lines) => {
          const items = raw.map((r) => item(r.width, { words: r.words }));
          const breaks = balancedBreaks(items, 3, lines);
          if (!breaks) return;
          expect(breaks).toHaveLength(lines);
          const last = items.slice(breaks[lines - 1]!).reduce((n, it) => n + it.words, 0);
          expect(last).toBeGreaterThanOrEqual(2);
        },
      ),
    );
  });

  it('returns null when the orphan rule cannot be met', () => {
    expect(balancedBreaks([item(10), item(10)], 1, 2)).toBeNull();
    expect(balancedBreaks([item(10)], 1, 2)).toBeNull();
  });

  it('keeps the longest line as short as any arrangement allows (within its tolerance)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 4, maxLength: 10 }), (ws) => {
        const items = ws.map((w) => item(w));
        const breaks = balancedBreaks(items, 2, 2);
        if (!breaks) return;
        let best = Infinity;
        for (let cut = 1; cut < ws.length - 1; cut++) best = Math.min(best, Math.max(...lineWidths(items, 2, [0, cut])));
        expect(Math.max(...lineWidths(items, 2, breaks))).toBeLessThanOrEqual(best * 1.08 + 1e-9);
      }),
    );
  });
});

describe('uppercaseVi', () => {
  it('uppercases Vietnamese to precomposed capitals', () => {
    expect(uppercaseVi('đảng cộng sản việt nam quang vinh muôn năm')).toBe('ĐẢNG CỘNG SẢN VIỆT NAM QUANG VINH MUÔN NĂM');
    const nfd = 'nhiệm kỳ'.normalize('NFD');
    expect(uppercaseVi(nfd)).toBe('NHIỆM KỲ'.normalize('NFC'));
    expect(uppercaseVi(nfd).length).toBe(8);
  });
});
