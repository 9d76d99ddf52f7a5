import { z } from 'zod';
import { PLACE_KINDS } from '../places.js';

export const PASSWORD_RULE = '密码至少 8 位，须同时包含字母和数字';
export const password = z
  .string({ error: '密码必须是文字' })
  .min(8, { error: PASSWORD_RULE })
  .max(128, { error: '密码不能超过 128 位' })
  .refine((v) => /[A-Za-z]/.test(v) && /\d/.test(v), { error: PASSWORD_RULE });

export const loginBody = z.strictObject({
  username: z.string({ error: '请输入用户名' }).trim().min(1, { error: '请输入用户名' }).max(64),
  password: z.string({ error: '请输入密码' }).min(1, { error: '请输入密码' }).max(128),
});

export const changePasswordBody = z.strictObject({
  currentPassword: z.string().min(1, { error: '请输入当前密码' }).max(128),
  newPassword: password,
});

export const placeRef = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(PLACE_KINDS),
  path: z.string(),
});

export const me = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  mustChangePassword: z.boolean(),
  permissions: z.array(z.string()),
  global: z.boolean(),
  roles: z.array(
    z.object({
      roleId: z.string(),
      roleCode: z.string(),
      roleName: z.string(),
      placeId: z.string().nullable(),
      placeName: z.string().nullable(),
    }),
  ),
  // The roots of the caller's scope: every record the caller sees lies under one of these.
  scopeRoots: z.array(placeRef),
});
export type Me = z.infer<typeof me>;

export const session = z.object({ user: me, csrfToken: z.string() });
export type SessionInfo = z.infer<typeof session>;
