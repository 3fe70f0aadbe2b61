import { z } from 'zod';
import { vietnameseText } from './text.js';

export const ROLES = ['admin', 'approver', 'operator', 'viewer'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

export const UsernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{1,31}$/, 'Tên đăng nhập gồm 2–32 ký tự a–z, 0–9, dấu chấm, gạch ngang, gạch dưới');

/** Long passphrases beat complexity rules; the limit above keeps scrypt's work bounded. */
export const PasswordSchema = z
  .string()
  .min(12, 'Mật khẩu cần ít nhất 12 ký tự')
  .max(256, 'Mật khẩu dài quá 256 ký tự');

export const LoginRequestSchema = z.object({ username: UsernameSchema, password: z.string().min(1).max(256) }).strict();
export const SetupRequestSchema = z.object({ token: z.string().min(16).max(128), password: PasswordSchema }).strict();
export const ChangePasswordRequestSchema = z
  .object({ currentPassword: z.string().min(1).max(256), newPassword: PasswordSchema })
  .strict();
export const LogoutRequestSchema = z.object({ everywhere: z.boolean().default(false) }).strict();

/**
 * Four eyes between the people who run Pano and those who approve what it shows: an admin cannot
 * also hold the approver role, so no admin can grant itself approval, approve, and take the role
 * back. An office with one admin gives its approvers their own accounts.
 */
export function rolesConflict(roles: readonly Role[]): boolean {
  return roles.includes('admin') && roles.includes('approver');
}

export const ROLE_CONFLICT_MESSAGE = 'Một người không thể vừa là quản trị viên vừa là người duyệt nội dung';

/** Who may approve or reject: an approver who is not also an admin (an account from before the rule keeps neither power). */
export function canApprove(roles: readonly Role[]): boolean {
  return roles.includes('approver') && !roles.includes('admin');
}

const RolesSchema = z
  .array(RoleSchema)
  .min(1, 'Cần ít nhất một vai trò')
  .max(4)
  .refine((roles) => !rolesConflict(roles), ROLE_CONFLICT_MESSAGE);

export const UserSchema = z.object({
  id: z.number().int().positive(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(RoleSchema),
  disabled: z.boolean(),
  passwordSet: z.boolean(),
});
export type User = z.infer<typeof UserSchema>;

export const UserListSchema = z.object({ users: z.array(UserSchema) });
export const MeSchema = z.object({ user: UserSchema });
/** Whoever the session cookie names, or nobody. */
export const SessionSchema = z.object({ user: UserSchema.nullable() });
export const NoContentSchema = z.object({ ok: z.literal(true) });

export const CreateUserRequestSchema = z
  .object({
    username: UsernameSchema,
    displayName: vietnameseText({ maxLength: 80 }),
    roles: RolesSchema,
    password: PasswordSchema,
  })
  .strict();

export const UpdateUserRequestSchema = z
  .object({
    displayName: vietnameseText({ maxLength: 80 }).optional(),
    roles: RolesSchema.optional(),
    disabled: z.boolean().optional(),
    password: PasswordSchema.optional(),
  })
  .strict()
  .refine((v) => Object.keys(v).length > 0, 'Không có thay đổi nào');

/** Who can approve content now: named for people stuck behind the four-eyes rule. */
export const ApproverListSchema = z.object({ approvers: z.array(z.object({ displayName: z.string(), username: z.string() })) });
export type ApproverList = z.infer<typeof ApproverListSchema>;
