import { HealthSchema } from '../protocol/api.js';
import { defineRoute } from '../http/route.js';
import { HttpProblem } from '../http/problem.js';
import { checkDatabase, type Db } from '../db/database.js';
import type { DiskSpace } from '../http/disk-space.js';

export function healthRoutes(deps: { db: Db; version: string; startedAt: number; displaysConnected: () => number; disk: DiskSpace }) {
  return [
    defineRoute({
      method: 'get',
      path: '/healthz',
      summary: 'Liveness and readiness: the process answers and the database is reachable; degraded when the data disk is full',
      tag: 'system',
      access: 'public',
      response: HealthSchema,
      problems: [503],
      handler: () => {
        if (!checkDatabase(deps.db)) throw new HttpProblem(503, 'Cơ sở dữ liệu không sẵn sàng');
        const disk = deps.disk.state();
        return {
          status: disk.ok ? ('ok' as const) : ('degraded' as const),
          version: deps.version,
          uptimeSeconds: Math.round((Date.now() - deps.startedAt) / 1000),
          database: 'ok' as const,
          disk: { status: disk.ok ? ('ok' as const) : ('full' as const), freeBytes: disk.freeBytes },
          reasons: disk.reason ? [disk.reason] : [],
          displaysConnected: deps.displaysConnected(),
        };
      },
    }),
  ];
}
