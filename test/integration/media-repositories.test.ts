/** The media repositories and the media library on SQLite, the embedded default (checks in test/support/media-repository-checks.ts). */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openSqliteEngine } from '../../server/db/engine.js';
import { mediaRepositoryChecks } from '../support/media-repository-checks.js';

mediaRepositoryChecks(async () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pano-media-'));
  const engine = openSqliteEngine(dataDir, { synchronous: 'NORMAL' });
  return {
    engine,
    dataDir,
    async close() {
      await engine.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
});
