import { ConfigError, parseConfig } from './config.js';
import { createLogger } from './log.js';
import { startServer } from './server.js';
import { PlanFileError } from './plans.js';

/** Exit code for a configuration problem (sysexits EX_CONFIG). */
const EXIT_CONFIG = 78;

async function main(): Promise<void> {
  let config;
  try {
    config = parseConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(EXIT_CONFIG);
    }
    throw err;
  }
  const log = createLogger(config.LOG_LEVEL);
  let running;
  try {
    running = await startServer(config, log);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(EXIT_CONFIG);
    }
    if (err instanceof PlanFileError) {
      log.error('plan file invalid', { detail: err.message });
      process.exit(EXIT_CONFIG);
    }
    log.error('start failed', { err });
    process.exit(1);
  }
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('shutting down', { signal });
    running.close().then(
      () => {
        log.info('stopped');
        process.exit(0);
      },
      (err: unknown) => {
        log.error('shutdown failed', { err });
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

await main();
