import type { Db } from '../db/database.js';
import type { AuditRepository } from '../db/audit-repository.js';
import { signedIn, type RouteContext } from './route.js';

/**
 * Applies a change and appends its audit row in one transaction: either both are stored or
 * neither. The change's return value is recorded as "after".
 */
export function auditedChange<T>(
  deps: { db: Db; audit: AuditRepository },
  ctx: RouteContext<unknown>,
  /** `target` may be computed from the result, for creations whose id the change assigns. */
  what: { action: string; target: string | ((after: T) => string); before?: unknown },
  apply: () => T,
): T {
  const user = signedIn(ctx).user;
  return deps.db.transaction(() => {
    const after = apply();
    deps.audit.append({
      actorId: user.id,
      actor: user.username,
      action: what.action,
      target: typeof what.target === 'function' ? what.target(after) : what.target,
      before: what.before,
      after: after === undefined ? null : after,
      remoteAddress: ctx.remoteAddress,
    });
    return after;
  })();
}
