import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { wordDiff, type DiffPart } from '../../../server/domain/word-diff.js';

const side = (parts: DiffPart[], drop: DiffPart['kind']) => parts.filter((p) => p.kind !== drop).map((p) => p.text).join('');

describe('wordDiff', () => {
  it('marks a changed word and keeps the rest', () => {
    expect(wordDiff('Nhiệt liệt chào mừng Đại hội XIII', 'Nhiệt liệt chào mừng thành công Đại hội XIII')).toEqual([
      { kind: 'same', text: 'Nhiệt liệt chào mừng ' },
      { kind: 'added', text: 'thành công ' },
      { kind: 'same', text: 'Đại hội XIII' },
    ]);
  });

  it('compares whole words, not letters, and treats NFD like NFC', () => {
    expect(wordDiff('lần thứ XII', 'lần thứ XIII'.normalize('NFD'))).toEqual([
      { kind: 'same', text: 'lần thứ ' },
      { kind: 'added', text: 'XIII' },
      { kind: 'removed', text: 'XII' },
    ]);
  });

  it('gives back both texts from its parts, for any pair', () => {
    const words = fc.array(fc.constantFrom('Đảng', 'Cộng', 'sản', 'Việt', 'Nam', ' ', '  ', '\n'), { maxLength: 30 }).map((w) => w.join(''));
    fc.assert(
      fc.property(words, words, (x, y) => {
        const parts = wordDiff(x, y);
        expect(side(parts, 'added')).toBe(x);
        expect(side(parts, 'removed')).toBe(y);
      }),
    );
  });

  it('identical texts are one unchanged part', () => {
    expect(wordDiff('Muôn năm', 'Muôn năm')).toEqual([{ kind: 'same', text: 'Muôn năm' }]);
  });
});
