import { describe, expect, it } from 'vitest';
import { ACTION_ROLES, itemStatus, refusal, reviseCreatesRevision, type WorkflowState } from '../../../server/domain/workflow.js';
import type { RevisionStatus } from '../../../server/protocol/content.js';

const AUTHOR = 1;
const SUBMITTER = 2;
const APPROVER = 3;

function state(status: RevisionStatus, o: Partial<WorkflowState> & { createdBy?: number | null; submittedBy?: number | null } = {}): WorkflowState {
  return {
    retired: o.retired ?? false,
    hasApproved: o.hasApproved ?? false,
    latest: { status, createdBy: o.createdBy === undefined ? AUTHOR : o.createdBy, submittedBy: o.submittedBy ?? (status === 'draft' ? null : SUBMITTER) },
  };
}

describe('four eyes', () => {
  it('the submitter of a revision cannot approve it', () => {
    expect(refusal(state('submitted', { createdBy: APPROVER, submittedBy: APPROVER }), 'approve', APPROVER)?.code).toBe('four-eyes');
    expect(refusal(state('submitted', { submittedBy: APPROVER }), 'approve', APPROVER)?.code).toBe('four-eyes');
  });

  it('nor can its author, even when someone else submitted it', () => {
    expect(refusal(state('submitted', { createdBy: APPROVER, submittedBy: SUBMITTER }), 'approve', APPROVER)?.code).toBe('four-eyes');
  });

  it('a third person may approve; text from the plan itself has no author', () => {
    expect(refusal(state('submitted'), 'approve', APPROVER)).toBeUndefined();
    expect(refusal(state('submitted', { createdBy: null }), 'approve', APPROVER)).toBeUndefined();
  });

  it('the submitter may reject (withdraw) their own submission', () => {
    expect(refusal(state('submitted', { submittedBy: APPROVER }), 'reject', APPROVER)).toBeUndefined();
  });
});

describe('transitions', () => {
  const table: [RevisionStatus, 'revise' | 'submit' | 'approve' | 'reject' | 'retire', string | undefined][] = [
    ['draft', 'revise', undefined],
    ['draft', 'submit', undefined],
    ['draft', 'approve', 'not-submitted'],
    ['draft', 'reject', 'not-submitted'],
    ['submitted', 'revise', 'in-review'],
    ['submitted', 'submit', 'not-draft'],
    ['submitted', 'approve', undefined],
    ['submitted', 'reject', undefined],
    ['approved', 'revise', undefined],
    ['approved', 'submit', 'not-draft'],
    ['approved', 'approve', 'not-submitted'],
    ['rejected', 'revise', undefined],
    ['rejected', 'submit', 'not-draft'],
    ['rejected', 'reject', 'not-submitted'],
  ];
  it.each(table)('%s revision: %s → %s', (status, action, code) => {
    expect(refusal(state(status), action, APPROVER)?.code).toBe(code);
  });

  it('every action may retire a live item; nothing at all happens to a retired one', () => {
    for (const status of ['draft', 'submitted', 'approved', 'rejected'] as const) {
      expect(refusal(state(status), 'retire', APPROVER)).toBeUndefined();
      for (const action of ['revise', 'submit', 'approve', 'reject', 'retire'] as const) {
        const refused = refusal(state(status, { retired: true }), action, APPROVER);
        expect(refused?.code).toBe('retired');
        expect(refused?.title).toMatch(/thu hồi/);
      }
    }
  });

  it('editing decided text starts a new revision; editing a draft rewrites it', () => {
    expect(reviseCreatesRevision('approved')).toBe(true);
    expect(reviseCreatesRevision('rejected')).toBe(true);
    expect(reviseCreatesRevision('draft')).toBe(false);
  });
});

describe('item status', () => {
  it('stays approved while an approved revision plays, whatever the newer revision is doing', () => {
    for (const s of ['draft', 'submitted', 'rejected', 'approved'] as const) expect(itemStatus(state(s, { hasApproved: true }))).toBe('approved');
  });
  it('follows the newest revision until one is approved, and retired wins over all', () => {
    expect(itemStatus(state('draft'))).toBe('draft');
    expect(itemStatus(state('submitted'))).toBe('submitted');
    expect(itemStatus(state('rejected'))).toBe('rejected');
    expect(itemStatus(state('approved', { hasApproved: true, retired: true }))).toBe('retired');
  });
});

describe('roles', () => {
  it('only approvers approve or reject; admins may retire but never approve; viewers do nothing', () => {
    expect(ACTION_ROLES.approve).toEqual(['approver']);
    expect(ACTION_ROLES.reject).toEqual(['approver']);
    expect(ACTION_ROLES.retire).toEqual(['approver', 'admin']);
    for (const roles of Object.values(ACTION_ROLES)) expect(roles).not.toContain('viewer');
    expect(ACTION_ROLES.create).toEqual(['operator', 'approver']);
  });
});
