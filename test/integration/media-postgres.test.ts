/** The media repositories and the media library on PostgreSQL: the same checks as on SQLite (test/support/media-repository-checks.ts). */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openPostgresEngine } from '../../server/db/engine.js';
import { mediaRepositoryChecks } from '../support/media-repository-checks.js';
import { usePostgres } from '../support/postgres.js';

mediaRepositoryChecks(async () => {
  const server = await usePostgres();
  const engine = await openPostgresEngine(await server.createDatabase(), { poolSize: 2 });
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pano-media-pg-'));
  return {
    engine,
    dataDir,
    async close() {
      await engine.close();
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
});
