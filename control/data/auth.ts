import { ApproverListSchema, MeSchema, SessionSchema, NoContentSchema, UserListSchema, UserSchema, type ApproverList, type Role, type User } from '../../server/protocol/auth.js';
import { request } from './http.js';

/** The signed-in user, or null when nobody is. */
export async function fetchMe(): Promise<User | null> {
  return (await request('GET', '/api/auth/session', SessionSchema)).user;
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
