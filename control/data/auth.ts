import { ApproverListSchema, MeSchema, NoContentSchema, UserListSchema, UserSchema, type ApproverList, type Role, type User } from '../../server/protocol/auth.js';
import { ApiError, request } from './http.js';

/** The signed-in user, or null when nobody is. */
export async function fetchMe(): Promise<User | null> {
  try {
    return (await request('GET', '/api/auth/me', MeSchema)).user;
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return null;
    throw err;
  }
}

export async function login(username: string, password: string): Promise<User> {
  return (await request('POST', '/api/auth/login', MeSchema, { username, password })).user;
}

export async function logout(everywhere = false): Promise<void> {
  await request('POST', '/api/auth/logout', NoContentSchema, { everywhere });
}

export async function completeSetup(token: string, password: string): Promise<User> {
  return (await request('POST', '/api/auth/setup', MeSchema, { token, password })).user;
}

export async function changePassword(currentPassword: string, newPassword: string): Promise<void> {
  await request('POST', '/api/auth/password', NoContentSchema, { currentPassword, newPassword });
}

export async function listUsers(): Promise<User[]> {
  return (await request('GET', '/api/users', UserListSchema)).users;
}

export async function createUser(input: { username: string; displayName: string; roles: Role[]; password: string }): Promise<User> {
  return request('POST', '/api/users', UserSchema, input);
}

export async function updateUser(
  id: number,
  changes: { displayName?: string; roles?: Role[]; disabled?: boolean; password?: string },
): Promise<User> {
  return request('PATCH', `/api/users/${id}`, UserSchema, changes);
}

/** Everyone who can approve content now (names, for a person held by the four-eyes rule). */
export async function listApprovers(): Promise<ApproverList['approvers']> {
  return (await request('GET', '/api/users/approvers', ApproverListSchema)).approvers;
}
