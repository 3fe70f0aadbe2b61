/**
 * A print node on its own, as a separate process (tsx test/support/print-node.ts), so that a test
 * can kill it for real (SIGKILL: no heartbeat, no release, no last write) while another node runs
 * beside it. The database is DATABASE_URL (PostgreSQL) or the SQLite file in DATA_DIR; the node
 * is PRINT_NODE_ID with a lease of PRINT_LEASE_MS. It logs to stdout and says "print node ready".
 */
import { ContentRepository } from '../../server/db/content-repository.js';
import { openPostgresEngine, openSqliteEngine } from '../../server/db/engine.js';
import { PrintJobRepository } from '../../server/db/print-job-repository.js';
import { ScheduleRepository } from '../../server/db/schedule-repository.js';
import { createLogger } from '../../server/log.js';
import { createPrintRunner } from '../../server/print/job-runner.js';

const env = process.env;
const engine = env.DATABASE_URL ? await openPostgresEngine(env.DATABASE_URL, { poolSize: 2 }) : openSqliteEngine(env.DATA_DIR!);
const runner = createPrintRunner(
  { engine, content: new ContentRepository(engine.db), schedules: new ScheduleRepository(engine.db) },
  new PrintJobRepository(engine.db),
  {
    dataDir: env.DATA_DIR!,
    timeZone: 'Asia/Ho_Chi_Minh',
    log: createLogger('info'),
    onProgress: () => {},
    nodeId: env.PRINT_NODE_ID!,
    leaseMs: Number(env.PRINT_LEASE_MS),
    pollMs: 50,
  },
);
await runner.start();
// The runner's timers do not hold a process open; this node lives until it is killed.
setInterval(() => {}, 1 << 30);
process.stdout.write('print node ready\n');
