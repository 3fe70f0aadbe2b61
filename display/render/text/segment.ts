import { COMPOUND_WORDS, protectedSpans } from './phrases.js';

/** An unbreakable run of syllables: a line may only break between units. */
export interface Unit {
  text: string;
  /** Syllables in the unit; a last line needs at least two. */
  words: number;
  /** The unit ends a clause (comma, semicolon, colon, dash): a preferred place to break. */
  clauseEnd: boolean;
  /** The gap after this unit lies inside a compound word. */
  keepWithNext: boolean;
}

const DASH = /^[-–—]$/u;
const NO_LETTER = /^[^\p{L}\p{N}]+$/u;
const CLAUSE_END = /(?:[,;:]|[-–—])$/u;

/**
 * Splits normalised text into units. A gap between syllables is a break opportunity unless it
 * lies inside a protected phrase, or the next token is a dash or bare punctuation (no line may
 * start with one).
 */
export function segmentUnits(
  text: string,
  phrases: readonly string[],
  compounds: readonly string[] = COMPOUND_WORDS,
): Unit[] {
  if (text.length === 0) return [];
  const words = text.split(' ');
  const spans = protectedSpans(text, phrases);
  const soft = protectedSpans(text, compounds);
  const units: Unit[] = [];
  let current: string[] = [words[0]!];
  let offset = words[0]!.length;
  for (let i = 1; i < words.length; i++) {
    const gap = offset;
    const word = words[i]!;
    const inPhrase = spans.some(([s, e]) => s < gap && gap < e);
    if (inPhrase || DASH.test(word) || NO_LETTER.test(word)) {
      current.push(word);
    } else {
      units.push(toUnit(current, soft.some(([s, e]) => s < gap && gap < e)));
      current = [word];
    }
    offset += 1 + word.length;
  }
  units.push(toUnit(current, false));
  return units;
}

function toUnit(words: string[], keepWithNext: boolean): Unit {
  const text = words.join(' ');
  return {
    text,
    words: words.filter((w) => !NO_LETTER.test(w)).length,
    clauseEnd: CLAUSE_END.test(text),
    keepWithNext,
  };
}
