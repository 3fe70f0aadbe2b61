import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkText, detectLegacyEncoding, Id, normalizeText, vietnameseText } from '../../../server/protocol/text.js';

const codes = (s: string, opts?: Parameters<typeof checkText>[1]) => checkText(s, opts).map((p) => p.code);

describe('normalizeText', () => {
  it('composes NFD into NFC', () => {
    const nfd = 'Nhiệt liệt chào mừng'.normalize('NFD');
    expect(nfd).not.toBe(nfd.normalize('NFC'));
    expect(normalizeText(nfd)).toBe('Nhiệt liệt chào mừng');
  });

  it('trims and collapses ordinary whitespace, keeping no-break spaces', () => {
    expect(normalizeText('  Đảng\u00A0Cộng\u00A0sản \t\n Việt\u2003Nam  ')).toBe('Đảng\u00A0Cộng\u00A0sản Việt Nam');
  });

  it('maps no-break spaces the font lacks to U+00A0', () => {
    expect(normalizeText('LẦN THỨ\u202FXIII')).toBe('LẦN THỨ\u00A0XIII');
  });

  it('keeps line breaks when multiline, one blank line at most', () => {
    expect(normalizeText('  dòng 1  \r\n\r\n\r\n  dòng   2 \n', { multiline: true })).toBe('dòng 1\n\ndòng 2');
  });

  it('leaves zero-width and bidi characters for checkText to reject', () => {
    expect(normalizeText('a\u200Bb\u202Ec\uFEFF')).toBe('a\u200Bb\u202Ec\uFEFF');
  });
});

describe('checkText', () => {
  it('accepts Vietnamese with typographic punctuation', () => {
    expect(checkText('“Hướng tới Đại hội” – 90 năm • 3/2/1930 - 3/2/2020… 25°')).toEqual([]);
    expect(checkText('ĐẢNG CỘNG SẢN VIỆT NAM QUANG VINH MUÔN NĂM')).toEqual([]);
  });

  it('reports empty and too long text', () => {
    expect(codes('')).toEqual(['empty']);
    expect(codes(' \u00A0 ')).toEqual(['empty']);
    expect(codes('ệ'.repeat(11), { maxLength: 10 })).toEqual(['too-long']);
    expect(codes('ệ'.repeat(10), { maxLength: 10 })).toEqual([]);
  });

  it('reports control characters; \\n only when multiline', () => {
    expect(checkText('a\u0007b')).toMatchObject([{ code: 'control-char', index: 1, message: expect.stringContaining('ký tự điều khiển') }]);
    expect(codes('a\u0085b')).toEqual(['control-char']);
    expect(codes('a\nb')).toEqual(['control-char']);
    expect(codes('a\nb', { multiline: true })).toEqual([]);
    expect(codes('a\tb', { multiline: true })).toEqual(['control-char']);
  });

  it.each(['\u202A', '\u202E', '\u2066', '\u2069', '\u200E', '\u200F', '\u061C'])('reports bidi control %#', (ch) => {
    expect(checkText(`Việt${ch}Nam`)).toMatchObject([{ code: 'bidi-control', index: 4 }]);
  });

  it.each(['\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF'])('reports zero-width character %#', (ch) => {
    expect(checkText(`Việt${ch}Nam`)).toMatchObject([{ code: 'zero-width', index: 4 }]);
  });

  it('reports emoji, CJK and other characters outside the font, naming them', () => {
    const [p] = checkText('Chào mừng 🎉');
    expect(p).toMatchObject({ code: 'unsupported-char', index: 10 });
    expect(p!.message).toContain('🎉');
    expect(p!.message).toContain('U+1F389');
    expect(p!.messageEn).toContain('unsupported');
    expect(codes('越南')).toEqual(['unsupported-char', 'unsupported-char']);
    expect(codes('naïve')).toEqual(['unsupported-char']);
    expect(codes('Vie\u0302\u0323t')).toEqual(['unsupported-char', 'unsupported-char']);
  });

  it('reports each offending character once', () => {
    expect(codes('🎉🎉🎉 a\u200Bb\u200Bc')).toEqual(['unsupported-char', 'zero-width']);
  });

  it('accepts English and French words the font covers', () => {
    expect(checkText('café, déjà vu, the Government Office')).toEqual([]);
  });
});

describe('legacy encodings (TCVN3/ABC, VNI)', () => {
  it.each([
    ['NhiÖt liÖt chµo mõng', 'TCVN3'],
    ['NHIÖT LIÖT CHµO MõNG', 'TCVN3'],
    ['§¶ng Céng s¶n ViÖt Nam quang vinh mu«n n¨m', 'TCVN3'],
    ['Hµ Néi', 'TCVN3'],
    ['Nhieät lieät chaøo möøng', 'VNI'],
    ['Ñaûng Coäng saûn Vieät Nam quang vinh muoân naêm', 'VNI'],
    ['Haø Noäi', 'VNI'],
  ] as const)('%s is %s', (text, encoding) => {
    expect(detectLegacyEncoding(text)).toBe(encoding);
    const problems = checkText(text);
    // One clear report: the Latin-1 characters are explained by it, not listed one by one.
    expect(problems.map((p) => p.code)).toEqual(['legacy-encoding']);
    expect(problems[0]!.message).toContain(encoding);
    expect(problems[0]!.message).toContain('Unicode');
    expect(problems[0]!.messageEn).toContain(encoding);
  });

  it.each(['café', 'naïve', 'Müller Straße', '5 µm', '© 2020 Pano', 'Nhiệt liệt chào mừng', 'Garçon « très » cher'])(
    'does not flag %s',
    (text) => {
      expect(detectLegacyEncoding(text)).toBeUndefined();
      expect(codes(text)).not.toContain('legacy-encoding');
    },
  );

  it('still reports characters the legacy encoding does not explain', () => {
    expect(codes('NhiÖt liÖt chµo mõng 🎉')).toEqual(['legacy-encoding', 'unsupported-char']);
  });

  it('never flags text made of characters Vietnamese Unicode uses', () => {
    const alphabet = [
      ...'aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂBCDĐEÊGHIKLMNOÔƠPQRSTUƯVXYfjwzFJWZ0123456789',
      ...'àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝĨĩŨũ',
      ...Array.from({ length: 0x1ef9 - 0x1ea0 + 1 }, (_, i) => String.fromCodePoint(0x1ea0 + i)),
      ...' \u00A0.,;:!?-()/“”‘’–—…•·°',
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...alphabet), { minLength: 1, maxLength: 60 }), (chars) => {
        const problems = checkText(normalizeText(chars.join('')));
        return problems.every((p) => p.code === 'empty');
      }),
    );
  });
});

describe('vietnameseText', () => {
  it('normalises then validates', () => {
    const schema = vietnameseText();
    expect(schema.parse('  Nhie\u0302\u0323t   liệt ')).toBe('Nhiệt liệt');
  });

  it('adds one issue per problem, Vietnamese message, code and English in params', () => {
    const r = vietnameseText().safeParse('a\u202Eb🎉');
    expect(r.success).toBe(false);
    expect(r.error!.issues).toHaveLength(2);
    expect(r.error!.issues[0]).toMatchObject({
      code: 'custom',
      path: [],
      message: expect.stringContaining('điều khiển hướng chữ'),
      params: { code: 'bidi-control', messageEn: expect.stringContaining('bidirectional'), index: 1 },
    });
    expect(r.error!.issues[1]).toMatchObject({ params: { code: 'unsupported-char' } });
  });

  it('rejects whitespace-only and over-long text', () => {
    expect(vietnameseText().safeParse(' \n ').error!.issues[0]).toMatchObject({ params: { code: 'empty' } });
    expect(vietnameseText({ maxLength: 3 }).safeParse('abcd').error!.issues[0]).toMatchObject({ params: { code: 'too-long' } });
  });

  it('keeps line breaks only when multiline', () => {
    expect(vietnameseText().parse('dòng 1\ndòng 2')).toBe('dòng 1 dòng 2');
    expect(vietnameseText({ multiline: true }).parse('dòng 1\ndòng 2')).toBe('dòng 1\ndòng 2');
  });
});

describe('Id', () => {
  it.each(['gate', 'vpcp-congress-xxvi', '38-kh-du', 'a'.repeat(64)])('accepts %s', (id) => {
    expect(Id.safeParse(id).success).toBe(true);
  });
  it.each(['', '-gate', 'Gate', 'cổng', 'a b', 'a_b', 'a'.repeat(65)])('rejects %j', (id) => {
    expect(Id.safeParse(id).success).toBe(false);
  });
});
