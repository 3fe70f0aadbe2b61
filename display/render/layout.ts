import type { TextMeasurer } from './types.js';
import type { Layout, TemplateId } from './layout-types.js';
import type { SlideFields, SlideInput } from './slide.js';
import { DEFAULT_PROTECTED_PHRASES, literalPhrase } from './text/phrases.js';
import { normalizeText } from './text/normalize.js';
import type { TemplateContext, TemplateResult } from './templates/common.js';
import { bannerTemplate } from './templates/banner.js';
import { backdropTemplate } from './templates/backdrop.js';
import { lobbyCardTemplate } from './templates/lobby-card.js';
import { gateTickerTemplate } from './templates/gate-ticker.js';
import { mourningTemplate } from './templates/mourning.js';
import { photoPanelTemplate } from './templates/photo-panel.js';
import { PICTURE_PALETTES, pictureTemplate } from './templates/picture.js';
import { isStrip } from './templates/gate-ticker.js';

const TEMPLATES: Record<TemplateId, (ctx: TemplateContext) => TemplateResult> = {
  banner: bannerTemplate,
  backdrop: backdropTemplate,
  'lobby-card': lobbyCardTemplate,
  'gate-ticker': gateTickerTemplate,
  mourning: mourningTemplate,
  'photo-panel': photoPanelTemplate,
};

/** Pure and deterministic: the same input and measurer give the same display list. */
export function layoutSlide(input: SlideInput, measurer: TextMeasurer): Layout {
  if (!TEMPLATES[input.template]) throw new Error(`unknown template: ${String(input.template)}`);
  const width = Math.max(0, Math.floor(input.width));
  const height = Math.max(0, Math.floor(input.height));
  const fields = normalizeFields(input.fields ?? {});
  const phrases = [...DEFAULT_PROTECTED_PHRASES, ...(input.options?.protectedPhrases ?? []).map(literalPhrase)];
  const ctx = { input: { ...input, width, height, text: normalizeText(input.text), fields }, measurer, phrases };
  const palette = fields.media ? PICTURE_PALETTES[input.template as keyof typeof PICTURE_PALETTES] : undefined;
  // A mourning gate board (a strip) keeps its ticker; the compiler sends gates no media anyway.
  const result = fields.media && palette && !(input.template === 'mourning' && isStrip(ctx.input)) ? pictureTemplate(ctx, fields.media, palette) : TEMPLATES[input.template](ctx);
  return { width, height, template: input.template, ...result };
}

function normalizeFields(f: SlideFields): SlideFields {
  const out: SlideFields = { ...f };
  for (const key of ['caption', 'date', 'clock', 'topLine', 'datePlace'] as const) {
    const v = f[key];
    if (v !== undefined) out[key] = normalizeText(v);
  }
  if (f.titleLines) out.titleLines = f.titleLines.map(normalizeText);
  if (f.media?.credit !== undefined) out.media = { ...f.media, credit: normalizeText(f.media.credit) };
  if (f.photos) out.photos = f.photos.map((p) => ({ ...p, caption: normalizeText(p.caption) }));
  return out;
}
