/**
 * The document's own particulars: number, place and date, title, issuer, signer. Vietnamese
 * administrative documents lay these out the same way (Decree 30/2020/NĐ-CP): the issuer and
 * "Số …" top left, "Hà Nội, ngày … tháng … năm …" top right, the kind of document ("KẾ HOẠCH")
 * and its title centred, the signer's position and name at the end. Pure.
 */
import type { ReadDocument, ReadField } from '../../protocol/plan-reading.js';
import { cleanDocumentNumber, fixArtefacts, positionCase, type Line } from './lines.js';

const source = (l: Line) => ({ line: l.no, text: l.raw });
const field = (value: string, l: Line | undefined): ReadField => ({ value, source: l ? source(l) : null });
const none: ReadField = { value: '', source: null };

const pad = (n: number) => String(n).padStart(2, '0');

/** Index of the "KẾ HOẠCH" line that heads the document, or -1. */
export function planHeadingIndex(lines: readonly Line[]): number {
  return lines.findIndex((l) => /^KẾ HOẠCH$/u.test(l.text));
}

const isCaps = (s: string) => /\p{Lu}/u.test(s) && s === s.toLocaleUpperCase('vi');
// A person's name: two to six words, each capitalised, no digits or punctuation.
const NAME = /^\p{Lu}\p{Ll}*(?: \p{Lu}\p{Ll}*){1,5}$/u;

export function readHeading(lines: readonly Line[]): ReadDocument {
  const head = planHeadingIndex(lines);
  const top = lines.slice(0, head >= 0 ? head : Math.min(lines.length, 40));

  let number: ReadField = none;
  let place: ReadField = none;
  let issuedOn: ReadField = none;
  for (const l of top) {
    const n = /(?:^|\s)Số\s*:?\s*(\d+(?:\s*[-/]\s*[\p{L}\d]+)+)/u.exec(l.text);
    if (n && !number.value) number = field(cleanDocumentNumber(n[1]!), l);
    const d = /(?:^|\s)([\p{L} .]{2,40}?),\s*ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})/u.exec(l.text);
    if (d && !issuedOn.value) {
      place = field(d[1]!.trim(), l);
      issuedOn = field(`${d[4]}-${pad(+d[3]!)}-${pad(+d[2]!)}`, l);
    }
  }

  // The title: the lines after "KẾ HOẠCH" up to the first blank line.
  let title: ReadField = none;
  if (head >= 0) {
    const parts: Line[] = [];
    for (const l of lines.slice(head + 1)) {
      if (!l.text) {
        if (parts.length) break;
        continue;
      }
      if (/^(Thực hiện|Căn cứ|I\.)/u.test(l.text) || parts.length === 3) break;
      parts.push(l);
    }
    if (parts.length) title = { value: fixArtefacts(parts.map((p) => p.text).join(' ')), source: { line: parts[0]!.no, text: parts.map((p) => p.raw).join('\n') } };
  }

  return { number, title, issuer: readIssuer(lines, top), issuedOn, place, ...readSigner(lines) };
}

/** "…, Đảng ủy Văn phòng Chính phủ xây dựng Kế hoạch …"; else the last capitals line of the top-left block. */
function readIssuer(lines: readonly Line[], top: readonly Line[]): ReadField {
  for (const l of lines.slice(0, 80)) {
    const m = /(?:^|,\s*)((?:Ban Thường vụ|Ban Chấp hành|Ban cán sự|Đảng ủy|Đảng đoàn|Chi ủy|Ủy ban|Ban|Bộ|Sở|Văn phòng|Công đoàn|Đoàn)\s[^,;]{3,120}?)\s+(?:xây dựng|ban hành|triển khai)\s+(?:Kế hoạch|kế hoạch)/u.exec(l.text);
    if (m) return field(m[1]!, l);
  }
  const header = top.filter((l) => isCaps(l.text) && /^(ĐẢNG|BAN|ỦY BAN|UBND|BỘ|SỞ|CÔNG ĐOÀN|ĐOÀN|CHI BỘ|VĂN PHÒNG)\b/u.test(l.text));
  const last = header.at(-1);
  return last ? field(last.text, last) : none;
}

/** The signer's name (the last name-like line) and position (the capitals lines just above it). */
function readSigner(lines: readonly Line[]): { signer: ReadField; signerPosition: ReadField } {
  const tail = lines.slice(-30);
  const nameAt = tail.findLastIndex((l) => NAME.test(l.text) && !isCaps(l.text));
  if (nameAt < 0) return { signer: none, signerPosition: none };
  const name = tail[nameAt]!;
  const above = tail.slice(Math.max(0, nameAt - 8), nameAt).filter((l) => l.text && isCaps(l.text) && !/^([-–•]|NƠI NHẬN|[IVX]+\.)/u.test(l.text));
  const onBehalf = above.filter((l) => /^(T\/M|TM\.?|KT\.?|Q\.|TL\.?)\s/u.test(l.text));
  const ranks = above.filter((l) => !onBehalf.includes(l));
  const position = [...ranks, ...onBehalf].map((l) => positionCase(l.text)).join(', ');
  return { signer: field(name.text, name), signerPosition: above[0] ? { value: position, source: source(above[0]) } : none };
}
