/**
 * The approval workflow of the content register, as pure rules (no database, no HTTP).
 *
 * A revision goes draft → submitted → approved | rejected. An item is 'approved' while it has an
 * approved revision (that revision keeps playing while a newer one is in review), 'retired' for
 * good once retired, and otherwise in the state of its newest revision.
 */
import type { ContentStatus } from '../protocol/api.js';
import { canApprove, type Role } from '../protocol/auth.js';
import type { RevisionStatus } from '../protocol/content.js';

export type WorkflowAction = 'create' | 'revise' | 'submit' | 'approve' | 'reject' | 'retire';

/**
 * Who may do what. Approvers (the propaganda committee) may also propose; admins run the system
 * and may retire an item in an emergency (it only takes content away) but never approve.
 */
export const ACTION_ROLES: Record<WorkflowAction, readonly Role[]> = {
  create: ['operator', 'approver'],
  revise: ['operator', 'approver'],
  submit: ['operator', 'approver'],
  approve: ['approver'],
  reject: ['approver'],
  retire: ['approver', 'admin'],
};

export interface WorkflowState {
  retired: boolean;
  /** An approved revision exists (screens play it). */
  hasApproved: boolean;
  latest: {
    status: RevisionStatus;
    /** null: the revision came from the plan document. */
    createdBy: number | null;
    submittedBy: number | null;
  };
}

export type RefusalCode = 'retired' | 'in-review' | 'not-draft' | 'not-submitted' | 'four-eyes';

export interface Refusal {
  code: RefusalCode;
  /** Vietnamese, for the problem's title. */
  title: string;
  detail: string;
}

const REFUSALS: Record<RefusalCode, Omit<Refusal, 'code'>> = {
  retired: { title: 'Mục đã thu hồi', detail: 'Mục đã thu hồi không thể sửa, gửi duyệt hay duyệt lại; hãy tạo mục mới.' },
  'in-review': {
    title: 'Bản sửa đang chờ duyệt',
    detail: 'Đã có một bản đang chờ duyệt; cần duyệt hoặc từ chối bản đó trước khi sửa tiếp.',
  },
  'not-draft': { title: 'Không có bản nháp để gửi duyệt', detail: 'Chỉ bản nháp mới gửi duyệt được; hãy sửa nội dung để tạo bản mới.' },
  'not-submitted': { title: 'Không có bản chờ duyệt', detail: 'Chỉ bản đã gửi duyệt mới được duyệt hoặc từ chối.' },
  'four-eyes': {
    title: 'Không được tự duyệt',
    detail: 'Người soạn hoặc người gửi duyệt một bản không được duyệt chính bản đó (nguyên tắc bốn mắt).',
  },
};

function refuse(code: RefusalCode): Refusal {
  return { code, ...REFUSALS[code] };
}

export function itemStatus(state: WorkflowState): ContentStatus {
  if (state.retired) return 'retired';
  if (state.hasApproved) return 'approved';
  return state.latest.status;
}

/**
 * Why `actorId` may not do `action` to an item in `state`, or undefined when they may. Roles are
 * checked separately (ACTION_ROLES, at the route); this is the object-level rule.
 */
export function refusal(state: WorkflowState, action: Exclude<WorkflowAction, 'create'>, actorId: number): Refusal | undefined {
  if (state.retired) return refuse('retired');
  const latest = state.latest;
  switch (action) {
    case 'revise':
      return latest.status === 'submitted' ? refuse('in-review') : undefined;
    case 'submit':
      return latest.status === 'draft' ? undefined : refuse('not-draft');
    case 'approve':
      if (latest.status !== 'submitted') return refuse('not-submitted');
      return latest.createdBy === actorId || latest.submittedBy === actorId ? refuse('four-eyes') : undefined;
    case 'reject':
      // Rejecting one's own submission is allowed: it can only keep text off the screens.
      return latest.status === 'submitted' ? undefined : refuse('not-submitted');
    case 'retire':
      return undefined;
  }
}

/**
 * A revise on a draft rewrites that draft (nobody has reviewed it yet, and the audit log keeps the
 * old text); after a decision it starts a new revision, so decided text is never changed.
 */
export function reviseCreatesRevision(latest: RevisionStatus): boolean {
  return latest !== 'draft';
}

/**
 * An account that holds both admin and approver (made before the rule that forbids it) may neither
 * approve nor reject: otherwise an admin could grant itself the role, decide, and take it back.
 */
export function decisionRoleRefusal(roles: readonly Role[]): Refusal | undefined {
  if (canApprove(roles)) return undefined;
  return {
    code: 'four-eyes',
    title: 'Quản trị viên không được duyệt',
    detail: 'Tài khoản vừa là quản trị viên vừa là người duyệt không được duyệt hay từ chối; quản trị viên khác cần bỏ một trong hai vai trò.',
  };
}
