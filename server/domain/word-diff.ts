/**
 * Word-level diff of two texts, for showing two revisions side by side. Pure; shared by the
 * control panel. Tokens are words and the whitespace between them, so joining the 'same' and
 * 'removed' parts gives back the old text and 'same' and 'added' the new one.
 */
export type DiffPart = { kind: 'same' | 'removed' | 'added'; text: string };

/** Tokens beyond this (per side) are compared as one block: an LCS table must stay small. */
const MAX_TOKENS = 3000;

function tokenize(s: string): string[] {
  return s.normalize('NFC').match(/\s+|[^\s]+/gu) ?? [];
}

export function wordDiff(before: string, after: string): DiffPart[] {
  const a = tokenize(before);
  const b = tokenize(after);
  if (a.length > MAX_TOKENS || b.length > MAX_TOKENS) {
    return before === after ? [{ kind: 'same', text: before }] : [{ kind: 'removed', text: before }, { kind: 'added', text: after }];
  }
  // lcs[i][j] = length of the longest common subsequence of a[i..] and b[j..].
  const lcs = Array.from({ length: a.length + 1 }, () => new Uint16Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const parts: DiffPart[] = [];
  const push = (kind: DiffPart['kind'], text: string) => {
    const last = parts[parts.length - 1];
    if (last?.kind === kind) last.text += text;
    else parts.push({ kind, text });
  };
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) (push('same', a[i]!), i++, j++);
    else if (j < b.length && (i === a.length || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) push('added', b[j++]!);
    else push('removed', a[i++]!);
  }
  return parts;
}
