import { sql } from 'kysely';
import { z } from 'zod';
import { HealthSchema } from '../protocol/api.js';
import { defineRoute } from '../http/route.js';
import { HttpProblem } from '../http/problem.js';
import type { Engine } from '../db/engine.js';
import type { DiskSpace } from '../http/disk-space.js';

/**
 * What /healthz says beside the shared health fields: which node answered (several nodes stand
 * behind one load balancer) and which database engine it uses.
 */
export const NodeHealthSchema = HealthSchema.extend({
  node: z.string().describe('The node that answered: PANO_NODE_ID, or its host name'),
  database: z.object({ engine: z.enum(['sqlite', 'postgres']), ok: z.literal(true) }),
});

export function healthRoutes(deps: { engine: Engine; node: string; version: string; startedAt: number; displaysConnected: () => number; disk: DiskSpace }) {
  return [
    defineRoute({
      method: 'get',
      path: '/healthz',
      summary: 'Liveness and readiness: the process answers and the database is reachable; degraded when the data disk is full',
      tag: 'system',
      access: 'public',
      response: NodeHealthSchema,
      problems: [503],
      handler: async () => {
        if (!(await databaseAnswers(deps.engine))) throw new HttpProblem(503, 'Cơ sở dữ liệu không sẵn sàng');
        const disk = deps.disk.state();
        return {
          status: disk.ok ? ('ok' as const) : ('degraded' as const),
          node: deps.node,
          version: deps.version,
          uptimeSeconds: Math.round((Date.now() - deps.startedAt) / 1000),
          database: { engine: deps.engine.kind, ok: true as const },
          disk: { status: disk.ok ? ('ok' as const) : ('full' as const), freeBytes: disk.freeBytes },
          reasons: disk.reason ? [disk.reason] : [],
          displaysConnected: deps.displaysConnected(),
        };
      },
    }),
  ];
}

/** A `SELECT 1` on the root: false when the database does not answer (PostgreSQL down, a lost file). */
async function databaseAnswers(engine: Engine): Promise<boolean> {
  try {
    const result = await sql<{ ok: number }>`SELECT 1 AS ok`.execute(engine.db);
    return result.rows.length === 1;
  } catch {
    return false;
  }
}
