import { ConfigError, parseConfig } from './config.js';
import { createLogger } from './log.js';
import { startServer } from './server.js';
import { PlanFileError } from './plans.js';
import { DataDirLockedError } from './db/data-dir-lock.js';
import { DatabaseFileError } from './db/database.js';

/** Exit code for a configuration problem (sysexits EX_CONFIG). */
const EXIT_CONFIG = 78;
/** Exit code when the data cannot be used safely: locked by another server, empty or corrupt (sysexits EX_DATAERR). */
const EXIT_REFUSED = 65;

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
  // Heard from before the start: a stop asked while the server still starts (migrating, waiting
  // for another node's start-up, verifying the audit chain) closes it cleanly once started,
  // never kills it half way.
  let running: Awaited<ReturnType<typeof startServer>> | undefined;
  let stopAsked: string | undefined;
  const stop = (signal: string) => {
    if (stopAsked) {
      // Asked twice while still starting (a start stuck on its database): stop now.
      if (!running) process.exit(1);
      return;
    }
    stopAsked = signal;
    if (running) shutDown(running, signal);
    else log.info('stop asked while starting: stopping once started', { signal });
  };
  const shutDown = (server: NonNullable<typeof running>, signal: string) => {
    log.info('shutting down', { signal });
    server.close().then(
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
  try {
    running = await startServer(config, log);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(EXIT_CONFIG);
    }
    if (err instanceof DataDirLockedError || err instanceof DatabaseFileError) {
      log.error('start refused', { detail: err.message });
      process.stderr.write(`${err.message}\n`);
      process.exit(EXIT_REFUSED);
    }
    if (err instanceof PlanFileError) {
      log.error('plan file invalid', { detail: err.message });
      process.exit(EXIT_CONFIG);
    }
    log.error('start failed', { err });
    process.exit(1);
  }
  if (stopAsked) shutDown(running, stopAsked);
}

await main();
