/**
 * Vitest globalSetup: one throwaway PostgreSQL for the whole run (initdb and the template's
 * migration cost about a second each; a copy of the template costs far less). Test files reach it
 * through usePostgres() in test/support/postgres.ts, which reads PANO_TEST_POSTGRES: the test
 * workers are started after this setup and inherit its environment. `inject('postgresUrl')` gives
 * the same URL.
 */
import type { TestProject } from 'vitest/node';
import { SHARED_POSTGRES_ENV, startPostgres } from './postgres.js';

declare module 'vitest' {
  interface ProvidedContext {
    postgresUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startPostgres();
  process.env[SHARED_POSTGRES_ENV] = server.baseUrl;
  project.provide('postgresUrl', server.baseUrl);
  return async () => {
    delete process.env[SHARED_POSTGRES_ENV];
    await server.stop();
  };
}
