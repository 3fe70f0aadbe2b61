import { sql } from 'kysely';
import { HealthSchema, type Health } from '../protocol/api.js';
import { defineRoute } from '../http/route.js';
import { HttpProblem } from '../http/problem.js';
import type { Engine } from '../db/engine.js';
import type { DiskSpace } from '../http/disk-space.js';

import { ChangeGenerationRepository } from '../db/change-generation-repository.js';
import type { ChangeFeedStatus } from '../cluster/change-feed.js';

/** Beyond a second apart, screens on two nodes visibly leave step: worth an administrator's look. */
const CLOCK_OFFSET_WARN_MS = 1000;

export interface HealthDeps {
  engine: Engine;
  node: string;
  version: string;
  startedAt: number;
  displaysConnected: () => number;
  disk: DiskSpace;
  changes: () => ChangeFeedStatus;
}

export function healthRoutes(deps: HealthDeps) {
  return [
    defineRoute({
      method: 'get',
      path: '/healthz',
      summary: 'Liveness and readiness: the process answers and the database is reachable; degraded when the data disk is full',
      tag: 'system',
      access: 'public',
      response: HealthSchema,
      problems: [503],
      handler: async (): Promise<Health> => {
        if (!(await databaseAnswers(deps.engine))) throw new HttpProblem(503, 'Cơ sở dữ liệu không sẵn sàng');
        const disk = deps.disk.state();
        const changes = deps.changes();
        const offsetMs = (await new ChangeGenerationRepository(deps.engine.db).clockOffsetMs().catch(() => undefined)) ?? null;
        const reasons = [
          ...(disk.reason ? [disk.reason] : []),
          ...(changes.listener && changes.listener.state !== 'listening'
            ? [{
                vi: `Nút này không nghe được thông báo thay đổi và lệnh cho màn hình (từ ${changes.listener.since}); nó vẫn đọc chúng mỗi vài giây.`,
                en: `This node is not listening for notifications of changes and screen commands (since ${changes.listener.since}); it still reads them every few seconds.`,
              }]
            : []),
          ...(offsetMs !== null && Math.abs(offsetMs) > CLOCK_OFFSET_WARN_MS
            ? [{ vi: `Đồng hồ của nút lệch ${offsetMs} ms so với máy chủ cơ sở dữ liệu: hãy bật NTP.`, en: `This node's clock is ${offsetMs} ms off the database server's: enable NTP.` }]
            : []),
        ];
        return {
          status: reasons.length === 0 ? 'ok' : 'degraded',
          node: deps.node,
          version: deps.version,
          uptimeSeconds: Math.round((Date.now() - deps.startedAt) / 1000),
          database: { engine: deps.engine.kind, ok: true },
          changes,
          clock: { offsetMs },
          disk: { status: disk.ok ? 'ok' : 'full', freeBytes: disk.freeBytes },
          reasons,
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
