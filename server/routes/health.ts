import { HealthSchema } from '../protocol/api.js';
import { defineRoute } from '../http/route.js';
import { HttpProblem } from '../http/problem.js';
import { checkDatabase, type Db } from '../db/database.js';

export function healthRoutes(deps: { db: Db; version: string; startedAt: number; displaysConnected: () => number }) {
  return [
    defineRoute({
      method: 'get',
      path: '/healthz',
      summary: 'Liveness and readiness: the process answers and the database is reachable',
      tag: 'system',
      access: 'public',
      response: HealthSchema,
      problems: [503],
      handler: () => {
        if (!checkDatabase(deps.db)) throw new HttpProblem(503, 'Cơ sở dữ liệu không sẵn sàng');
        return {
          status: 'ok' as const,
          version: deps.version,
          uptimeSeconds: Math.round((Date.now() - deps.startedAt) / 1000),
          database: 'ok' as const,
          displaysConnected: deps.displaysConnected(),
        };
      },
    }),
  ];
}
