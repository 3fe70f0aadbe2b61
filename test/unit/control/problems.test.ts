import { describe, expect, it } from 'vitest';
import { ApiError, describeProblem } from '../../../control/data/http.js';
import { fieldLabel } from '../../../server/protocol/field-labels.js';

describe('validation messages name the field, not its path (issue 12 D13)', () => {
  it('labels the innermost known field, in both languages, skipping list positions', () => {
    expect(fieldLabel('body.reason')).toBe('Lý do');
    expect(fieldLabel('body.reason', 'en')).toBe('Reason');
    expect(fieldLabel('body.items.2.events.0')).toBe('Sự kiện');
    expect(fieldLabel('body.validFrom.event', 'en')).toBe('Event');
    expect(fieldLabel('body')).toBe('Dữ liệu gửi lên');
    expect(fieldLabel('body.somethingNew', 'en')).toBe('Submitted data');
  });

  it('a problem reads as a sentence with labels', () => {
    const err = new ApiError(400, 'Dữ liệu không hợp lệ', 'Có 1 lỗi trong dữ liệu gửi lên.', [{ path: 'body.reason', message: 'Văn bản trống' }]);
    const said = describeProblem(err);
    expect(said).toBe('Có 1 lỗi trong dữ liệu gửi lên. — Lý do: Văn bản trống');
    expect(said).not.toContain('body.');
  });
});
