import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, actionLabel, actorLabel, auditTimeLabel, describeChanges, formatAuditValue, targetLabel } from '../../control/audit-format.js';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Every action literal the server writes, plus the values its templates take. */
function serverActions(): string[] {
  const found = new Set<string>();
  for (const file of sourceFiles('server')) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/action: '([a-z-]+\.[a-z.-]+)'/g)) found.add(m[1]!);
    for (const m of text.matchAll(/record\(ctx, '([a-z-]+\.[a-z.-]+)'/g)) found.add(m[1]!);
  }
  // Templates: item.${WorkflowAction}, display.${command}, print.job-${decision|status}, plan.${state} (branch plans).
  for (const a of ['revise', 'submit', 'approve', 'reject', 'retire']) found.add(`item.${a}`);
  for (const a of ['identify', 'reload']) found.add(`display.${a}`);
  for (const a of ['approve', 'reject', 'done', 'failed']) found.add(`print.job-${a}`);
  for (const a of ['activate', 'end', 'draft']) found.add(`plan.${a}`);
  return [...found];
}


describe('audit actions in words', () => {
  it('names every action the server writes, in Vietnamese and English', () => {
    const actions = serverActions();
    expect(actions.length).toBeGreaterThan(40);
    for (const action of actions) {
      expect(AUDIT_ACTIONS, action).toContain(action);
      const vi = actionLabel(action, 'vi');
      const en = actionLabel(action, 'en');
      expect(vi).not.toBe(en);
      expect(vi).not.toContain(action);
      expect(en).not.toContain(action);
    }
    expect(actionLabel('plan.import', 'vi')).toBe('Nhập kế hoạch');
    expect(actionLabel('print.job-create', 'en')).toBe('Print job created');
  });

  it('reads an action it does not know as a generic label, never its code', () => {
    expect(actionLabel('widget.frobnicate', 'vi')).toBe('Thay đổi khác');
    expect(actionLabel('widget.frobnicate', 'en')).toBe('Other change');
  });

  it('names system, command-line and screen actors', () => {
    expect(actorLabel('system', 'vi')).toBe('Hệ thống (tự động)');
    expect(actorLabel('system', 'en')).toBe('System (automatic)');
    expect(actorLabel('cli:nguyenvana', 'vi')).toBe('nguyenvana (dòng lệnh trên máy chủ)');
    expect(actorLabel('cli:nguyenvana', 'en')).toBe('nguyenvana (command line on the server)');
    expect(actorLabel('display:sanh-chinh', 'vi')).toBe('Màn hình sanh-chinh');
    expect(actorLabel('anonymous', 'en')).toBe('Not signed in');
    expect(actorLabel('admin', 'vi')).toBe('admin');
  });

  it('names targets', () => {
    expect(targetLabel('item:12', 'vi')).toBe('Nội dung số 12');
    expect(targetLabel('print-job:3', 'en')).toBe('Print job no. 3');
    expect(targetLabel('display:?', 'vi')).toBe('Màn hình (không rõ)');
    // A screen's random id is never shown: its name when the row has it, else "a screen".
    const uuid = 'a15051f9-2f37-4cb7-a583-1f2084e99a3a';
    expect(targetLabel(`display:${uuid}`, 'vi', 'Sảnh tầng 1')).toBe('Màn hình “Sảnh tầng 1”');
    expect(targetLabel(`display:${uuid}`, 'en')).toBe('A screen');
    expect(actorLabel(`display:${uuid}`, 'vi')).toBe('Một màn hình');
    expect(JSON.stringify(describeChanges(null, { id: uuid, key: 'greet-grassroots-congresses', name: 'Sảnh' }, 'vi'))).not.toMatch(/a15051f9|greet-grassroots/);
    expect(targetLabel('mourning', 'en')).toBe('National mourning');
  });
});

describe('audit values in words', () => {
  it('shows a plan import without [object Object]: nested objects flattened, lists joined', () => {
    const after = { document: 'Kế hoạch 38-KH/ĐU', items: [{ key: 'k1', text: 'ĐẢNG CỘNG SẢN VIỆT NAM QUANG VINH MUÔN NĂM!' }, { key: 'k2', text: 'NHIỆT LIỆT CHÀO MỪNG ĐẠI HỘI ĐẢNG BỘ' }] };
    const changes = describeChanges(null, after, 'vi');
    const text = JSON.stringify(changes);
    expect(text).not.toContain('[object Object]');
    // Item keys identify; they are not shown (the row's target names the object).
    expect(changes).toContainEqual({ label: 'Khẩu hiệu', after: 'Nội dung: ĐẢNG CỘNG SẢN VIỆT NAM QUANG VINH MUÔN NĂM!; Nội dung: NHIỆT LIỆT CHÀO MỪNG ĐẠI HỘI ĐẢNG BỘ' });
    expect(changes).toContainEqual({ label: 'Văn bản', after: 'Kế hoạch 38-KH/ĐU' });
  });

  it('shows a finished print job’s files as names and sizes', () => {
    const changes = describeChanges(null, { status: 'done', files: [{ name: 'bang-ron.pdf', bytes: 123456 }] }, 'en');
    expect(changes).toEqual([
      { label: 'Status', after: 'Done' },
      { label: 'Files', after: 'Name: bang-ron.pdf, Size (bytes): 123,456' },
    ]);
  });

  it('lists only changed fields with labels in both languages, booleans có/không, dates in Hà Nội', () => {
    const before = { username: 'bt', roles: ['operator'], disabled: false, revokedAt: null };
    const after = { username: 'bt', roles: ['operator', 'approver'], disabled: true, revokedAt: '2026-09-01T17:30:00.000Z' };
    expect(describeChanges(before, after, 'vi')).toEqual([
      { label: 'Vai trò', before: 'Vận hành', after: 'Vận hành, Duyệt nội dung' },
      { label: 'Đã khóa', before: 'không', after: 'có' },
      { label: 'Thu hồi lúc', before: '—', after: '02/09/2026 00:30' },
    ]);
    expect(describeChanges(before, after, 'en')[1]).toEqual({ label: 'Disabled', before: 'no', after: 'yes' });
    expect(formatAuditValue('2026-09-02T08:00', 'vi')).toBe('02/09/2026 08:00');
    expect(formatAuditValue('2026-09-02', 'vi')).toBe('02/09/2026');
    // A schedule showing a photo panel, and a picture item: kinds in words, never their enum value.
    expect(formatAuditValue({ kind: 'photo-panel', printJobId: 3 }, 'vi')).toBe('Loại: Pa nô ảnh, Pa nô ảnh (lệnh in số): 3');
    expect(formatAuditValue('picture', 'en', 'kind')).toBe('Picture');
  });

  it('writes times as dd/mm/yyyy HH:mm in Hà Nội, never ISO UTC', () => {
    expect(auditTimeLabel('2026-12-31T17:05:09.123Z')).toBe('01/01/2027 00:05');
  });
});
