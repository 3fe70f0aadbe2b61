import type { Role } from '../../../server/protocol/auth.js';

/** Who writes plans in the panel (the server enforces the same on every route): not viewers. */
export const PLAN_EDITOR_ROLES: readonly Role[] = ['operator', 'approver', 'admin'];
