/** NFC with runs of whitespace collapsed to one space: the form every layout step works on. */
export function normalizeText(s: string): string {
  return s.normalize('NFC').replace(/\s+/gu, ' ').trim();
}

/** Vietnamese capitals; NFC first so precomposed letters (ệ → Ệ) stay precomposed. */
export function uppercaseVi(s: string): string {
  return s.normalize('NFC').toLocaleUpperCase('vi').normalize('NFC');
}
