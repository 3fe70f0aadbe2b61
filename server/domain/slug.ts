/** Lower-case ASCII words joined by "-": "Đại hội XIII" → "dai-hoi-xiii" (may be empty). */
export function asciiSlug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

const KEY_LENGTH = 48;

/** A readable, stable key from the text, cut between words: "Nhiệt liệt chào mừng…" → "nhiet-liet-chao-mung…". */
export function slugify(text: string): string {
  const slug = asciiSlug(text);
  if (slug.length <= KEY_LENGTH) return slug || 'muc';
  const cut = slug.lastIndexOf('-', KEY_LENGTH);
  return slug.slice(0, cut > 0 ? cut : KEY_LENGTH);
}
