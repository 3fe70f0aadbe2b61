import type { Role } from '../../server/protocol/auth.js';

export const ADMIN_PASSWORD = 'Mật khẩu thử nghiệm Đại hội XIII';
export const USER_PASSWORD = 'mật khẩu người dùng 2020';

/** A signed-in (or anonymous) HTTP client of a test server, carrying its session cookie. */
export class ApiClient {
  constructor(
    readonly baseUrl: string,
    readonly cookie?: string,
  ) {}

  request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(this.baseUrl + path, {
      method,
      headers: {
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...(this.cookie ? { Cookie: this.cookie } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
      redirect: 'manual',
    });
  }

  get(path: string): Promise<Response> {
    return this.request('GET', path);
  }

  post(path: string, body: unknown = {}, headers?: Record<string, string>): Promise<Response> {
    return this.request('POST', path, body, headers);
  }

  patch(path: string, body: unknown, headers?: Record<string, string>): Promise<Response> {
    return this.request('PATCH', path, body, headers);
  }

  async json<T = unknown>(path: string): Promise<T> {
    const res = await this.get(path);
    if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }
}

export async function login(baseUrl: string, username: string, password: string): Promise<ApiClient> {
  const res = await new ApiClient(baseUrl).post('/api/auth/login', { username, password });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('pano_session='));
  if (!cookie) throw new Error('no session cookie');
  return new ApiClient(baseUrl, cookie.split(';')[0]);
}

export function loginAdmin(baseUrl: string): Promise<ApiClient> {
  return login(baseUrl, 'admin', ADMIN_PASSWORD);
}

/** Creates a user with these roles through the admin API and signs them in. */
export async function userWithRoles(admin: ApiClient, username: string, roles: Role[]): Promise<ApiClient> {
  const res = await admin.post('/api/users', { username, displayName: `Người dùng ${username}`, roles, password: USER_PASSWORD });
  if (res.status !== 201) throw new Error(`create ${username}: ${res.status} ${await res.text()}`);
  return login(admin.baseUrl, username, USER_PASSWORD);
}
