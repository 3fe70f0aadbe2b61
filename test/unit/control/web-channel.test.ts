import { describe, expect, it } from 'vitest';
import { embedCode } from '../../../control/data/web-channel.js';
import { fieldLabel } from '../../../server/protocol/field-labels.js';

describe('the code editors paste', () => {
  it('frames the zone’s banner with its name as the title, escaped for an attribute', () => {
    expect(embedCode('https://pano.vpcp.gov.vn', { id: 'web', name: 'Trang tin "VPCP" & Đảng bộ' })).toBe(
      '<iframe src="https://pano.vpcp.gov.vn/embed/web" title="Trang tin &#34;VPCP&#34; &#38; Đảng bộ" style="border:0;width:100%;aspect-ratio:3/1" loading="lazy"></iframe>',
    );
  });

  it('names a refused portal address by its label', () => {
    expect(fieldLabel('body.allowedOrigins.1')).toBe('Trang được nhúng');
    expect(fieldLabel('body.allowedOrigins.1', 'en')).toBe('Sites allowed to embed');
  });
});
