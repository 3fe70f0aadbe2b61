import type { Role } from '../../../server/protocol/auth.js';
import type { PlanState } from '../../../server/protocol/plans.js';

/** Who writes plans in the panel (the server enforces the same on every route): not viewers. */
export const PLAN_EDITOR_ROLES: readonly Role[] = ['operator', 'approver', 'admin'];

/**
 * Who may move a plan into each state. What an active plan shows is content, so only an approver
 * makes one play; ending (or taking back to draft) is also the admin's.
 */
export const STATE_ROLES: Record<PlanState, readonly Role[]> = {
  active: ['approver'],
  ended: ['approver', 'admin'],
  draft: ['approver', 'admin'],
};
