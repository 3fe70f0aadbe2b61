import { AuditRepository } from '../db/audit-repository.js';
import type { Engine, Tx } from '../db/engine.js';
import { signedIn, type RouteContext } from './route.js';

/**
 * Applies a change and appends its audit row in one transaction: either both are stored or
 * neither. The change runs on `tx` (its repositories made over it) and its return value is
 * recorded as "after". Appending moves the change generation in the same transaction, so every
 * node (this one included) reloads what screens play once it commits.
 */
export function auditedChange<T>(
  deps: { engine: Engine },
  ctx: RouteContext<unknown>,
  /** `target` may be computed from the result, for creations whose id the change assigns. */
  what: { action: string; target: string | ((after: T) => string); before?: unknown },
  apply: (tx: Tx) => Promise<T>,
): Promise<T> {
  const user = signedIn(ctx).user;
  return deps.engine.transaction(async (tx) => {
    const after = await apply(tx);
    await new AuditRepository(tx).append({
      actorId: user.id,
      actor: user.username,
      action: what.action,
      target: typeof what.target === 'function' ? what.target(after) : what.target,
      before: what.before,
      after: after === undefined ? null : after,
      remoteAddress: ctx.remoteAddress,
    });
    return after;
  });
}
