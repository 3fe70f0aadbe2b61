import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { ApiClient, loginAdmin, userWithRoles } from '../support/session.js';
import { ROLES, type Role } from '../../server/protocol/auth.js';

/**
 * Every route × every role (and no session). A route that is missing here fails the test, so a new
 * route cannot ship without someone deciding who may call it.
 * 'public': everyone; 'signed-in': any role; otherwise the roles that may.
 */
const MATRIX: Record<string, 'public' | 'signed-in' | Role[]> = {
  'GET /healthz': 'public',
  'GET /api/openapi.json': 'public',
  // Signed for one display (?d=&e=&s=), no sign-in: without a signature it is a 400, never the file.
  'GET /media/{sha256}': 'public',
  'POST /api/auth/setup': 'public',
  'POST /api/auth/login': 'public',
  'POST /api/auth/logout': 'signed-in',
  'GET /api/auth/me': 'signed-in',
  'GET /api/auth/session': 'public',
  'POST /api/auth/password': 'signed-in',
  'GET /api/users/approvers': 'signed-in',
  'GET /api/users': ['admin'],
  'POST /api/users': ['admin'],
  'PATCH /api/users/{id}': ['admin'],
  'GET /api/slogans': 'signed-in',
  'GET /api/slogans/{ref}': 'signed-in',
  'GET /api/items': 'signed-in',
  'POST /api/items': ['operator', 'approver'],
  'GET /api/items/{id}': 'signed-in',
  'POST /api/items/{id}/revisions': ['operator', 'approver'],
  'POST /api/items/{id}/submit': ['operator', 'approver'],
  'POST /api/items/{id}/approve': ['approver'],
  'POST /api/items/{id}/reject': ['approver'],
  'POST /api/items/{id}/retire': ['approver', 'admin'],
  'GET /api/plans': 'signed-in',
  'POST /api/plans': ['operator', 'approver', 'admin'],
  'GET /api/plans/{id}': 'signed-in',
  'PATCH /api/plans/{id}': ['operator', 'approver', 'admin'],
  'POST /api/plans/{id}/state': ['approver', 'admin'],
  'POST /api/plans/{id}/items': ['operator', 'approver'],
  'POST /api/plans/{id}/links': ['operator', 'approver'],
  'POST /api/plans/{id}/campaigns': ['operator', 'approver', 'admin'],
  'PATCH /api/plans/{id}/campaigns/{campaignId}': ['operator', 'approver', 'admin'],
  'DELETE /api/plans/{id}/campaigns/{campaignId}': ['operator', 'approver', 'admin'],
  'POST /api/plans/{id}/events': ['operator', 'approver', 'admin'],
  'PATCH /api/plans/{id}/events/{eventId}': ['operator', 'approver', 'admin'],
  'DELETE /api/plans/{id}/events/{eventId}': ['operator', 'approver', 'admin'],
  'POST /api/plans/{id}/phases': ['operator', 'approver', 'admin'],
  'PATCH /api/plans/{id}/phases/{phaseId}': ['operator', 'approver', 'admin'],
  'DELETE /api/plans/{id}/phases/{phaseId}': ['operator', 'approver', 'admin'],
  'GET /api/plans/{id}/export': 'signed-in',
  'GET /api/plans/{id}/report': 'signed-in',
  'GET /api/plans/{id}/report.csv': 'signed-in',
  'POST /api/plans/import': ['admin', 'approver'],
  'POST /api/plans/read': ['admin', 'approver'],
  'GET /api/displays': 'signed-in',
  'POST /api/displays/pair': ['operator', 'admin'],
  'PATCH /api/displays/{id}': ['operator', 'admin'],
  'POST /api/displays/{id}/revoke': ['operator', 'admin'],
  'POST /api/displays/{id}/capture': ['operator', 'admin'],
  'POST /api/displays/{id}/identify': ['operator', 'admin'],
  'POST /api/displays/{id}/reload': ['operator', 'admin'],
  'GET /api/proof-of-play': 'signed-in',
  'GET /api/proof-of-play.csv': 'signed-in',
  'GET /api/events': 'signed-in',
  'PATCH /api/events/{id}': ['operator', 'admin'],
  'GET /api/phases': 'signed-in',
  'PATCH /api/phases/{id}': ['operator', 'admin'],
  'GET /api/zones': 'signed-in',
  'POST /api/zones': ['admin'],
  'GET /api/zones/{id}/timeline': 'signed-in',
  'GET /api/national-days': 'signed-in',
  'POST /api/national-days': ['admin'],
  'PATCH /api/national-days/{id}': ['admin'],
  'DELETE /api/national-days/{id}': ['admin'],
  'GET /api/schedules': 'signed-in',
  'POST /api/schedules': ['operator', 'admin'],
  'PUT /api/schedules/{id}': ['operator', 'admin'],
  'DELETE /api/schedules/{id}': ['operator', 'admin'],
  'GET /api/preview': 'signed-in',
  'GET /api/photo-panels': 'signed-in',
  'GET /api/takeovers': 'signed-in',
  'POST /api/takeovers': ['operator', 'admin'],
  'POST /api/takeovers/{id}/clear': ['operator', 'admin'],
  'GET /api/mourning': 'signed-in',
  'PUT /api/mourning': ['admin'],
  'DELETE /api/mourning': ['admin'],
  'GET /api/rehearsals': 'signed-in',
  'PUT /api/rehearsals/{zoneId}': ['operator', 'admin'],
  'DELETE /api/rehearsals/{zoneId}': ['operator', 'admin'],
  'GET /api/audit': ['admin'],
  'GET /api/audit/export.csv': ['admin'],
  'GET /api/audit/verify': ['admin'],
  'POST /api/photos': ['operator', 'admin'],
  'GET /api/photos': 'signed-in',
  'GET /api/photos/{id}': 'signed-in',
  'GET /api/photos/{id}/rendition': 'signed-in',
  'PATCH /api/photos/{id}': ['operator', 'admin'],
  'DELETE /api/photos/{id}': ['operator', 'admin'],
  'POST /api/clips': ['operator', 'admin'],
  'GET /api/clips': 'signed-in',
  'GET /api/clips/{id}': 'signed-in',
  'GET /api/print/items': ['operator', 'admin'],
  'GET /api/print/capabilities': ['operator', 'admin'],
  'GET /api/print/jobs': ['operator', 'admin', 'approver'],
  'POST /api/print/jobs': ['operator', 'admin'],
  'GET /api/print/jobs/{id}': ['operator', 'admin', 'approver'],
  'POST /api/print/jobs/{id}/approve': ['approver'],
  'POST /api/print/jobs/{id}/reject': ['approver'],
  'POST /api/print/jobs/{id}/cancel': ['operator', 'admin'],
  'DELETE /api/print/jobs/{id}': ['operator', 'admin'],
  'GET /api/print/jobs/{id}/files/{name}': ['operator', 'admin'],
  'GET /api/web-channel': ['admin'],
  'PUT /api/web-channel': ['admin'],
  // The web zone's public channel: no sign-in, answered (404 while switched off) to everyone.
  'GET /api/public/web/{zoneId}': 'public',
  'GET /api/public/web/{zoneId}/timeline': 'public',
  'GET /api/public/web/{zoneId}/feed.atom': 'public',
  'GET /api/public/web/{zoneId}/pictures/{mediaId}': 'public',
};

/** A body no route accepts: allowed callers get 400 and nothing is changed by the matrix itself. */
const INVALID_BODY = { __proto__: null, 'không-hợp-lệ': true };

let server: TestServer;
const clients = new Map<Role | 'anonymous', ApiClient>();
let routes: string[];

beforeAll(async () => {
  server = await startTestServer();
  const admin = await loginAdmin(server.url);
  clients.set('anonymous', new ApiClient(server.url));
  clients.set('admin', admin);
  for (const role of ROLES.filter((r) => r !== 'admin')) clients.set(role, await userWithRoles(admin, `nguoi-${role}`, [role]));
  const doc = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
  routes = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
  routes.push('GET /api/openapi.json');
});
afterAll(() => server.cleanup());

describe('authorisation matrix', () => {
  it('has an entry for every route the server serves, and no stale entry', () => {
    expect([...routes].sort()).toEqual(Object.keys(MATRIX).sort());
  });

  for (const [route, access] of Object.entries(MATRIX)) {
    it(`${route}`, async () => {
      const [method, template] = route.split(' ') as [string, string];
      const path = template.replace(/\{\w+\}/g, '1');
      for (const [who, client] of clients) {
        const res = await client.request(method, path, method === 'GET' ? undefined : INVALID_BODY);
        const allowed = access === 'public' || (who !== 'anonymous' && (access === 'signed-in' || access.includes(who)));
        const expected = allowed ? 'allowed' : who === 'anonymous' ? 401 : 403;
        const got = res.status === 401 || res.status === 403 ? res.status : 'allowed';
        expect(got, `${route} as ${who} answered ${res.status}`).toBe(expected);
        if (!allowed) expect(res.headers.get('content-type')).toMatch(/problem\+json/);
      }
    });
  }
});
