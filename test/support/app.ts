import { afterAll, beforeAll } from 'vitest';
import type { Role } from '../../server/protocol/auth.js';
import { startTestServer, type TestServer } from './server.js';
import { loginAdmin, userWithRoles, type ApiClient } from './session.js';

/** Users a test file needs, by the name the file calls them: `{ operator: ['van-hanh', ['operator']] }`. */
export type UserSpecs<K extends string> = Record<K, readonly [username: string, roles: Role[]]>;

export type TestApp<K extends string> = { server: TestServer; admin: ApiClient } & Record<K, ApiClient>;

/** A test server (its own database) with the admin and these users signed in through the API. */
export async function startApp<K extends string>(users: UserSpecs<K>): Promise<TestApp<K>> {
  const server = await startTestServer();
  const admin = await loginAdmin(server.url);
  const app: Record<string, unknown> = { server, admin };
  for (const [name, [username, roles]] of Object.entries(users) as [K, UserSpecs<K>[K]][]) app[name] = await userWithRoles(admin, username, roles);
  return app as TestApp<K>;
}

/**
 * One test file's server and users, started before its tests and removed after them. The
 * fields are set once the file's beforeAll has run.
 */
export function useTestApp<K extends string = never>(users: UserSpecs<K> = {} as UserSpecs<K>): TestApp<K> {
  const app = {} as TestApp<K>;
  beforeAll(async () => {
    Object.assign(app, await startApp(users));
  });
  afterAll(async () => {
    await app.server?.cleanup();
  });
  return app;
}
