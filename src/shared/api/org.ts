import { z } from 'zod';
import { PLACE_KINDS } from '../places.js';
import { password } from './auth.js';
import { optionalText, paged, pageQuery, text, uuid } from './common.js';

export const placeCode = z
  .string({ error: '编码必须是文字' })
  .trim()
  .min(1, { error: '请填写编码' })
  .max(32, { error: '编码不能超过 32 位' })
  .regex(/^[A-Za-z0-9_-]+$/, { error: '编码只能包含字母、数字、下划线和短横线' });

export const place = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  kind: z.enum(PLACE_KINDS),
  code: z.string(),
  name: z.string(),
  sortOrder: z.number().int(),
  path: z.string(),
  childCount: z.number().int(),
});
export type Place = z.infer<typeof place>;

export const placeDetail = place.extend({
  ancestors: z.array(place.pick({ id: true, name: true, kind: true })),
});
export type PlaceDetail = z.infer<typeof placeDetail>;

export const placeListQuery = z.strictObject({
  parentId: uuid.optional(),
  q: optionalText(50, '关键字').optional(),
  kind: z.enum(PLACE_KINDS).optional(),
});
export const placeList = z.object({ items: z.array(place) });

export const createPlaceBody = z.strictObject({
  parentId: uuid.nullable(),
  kind: z.enum(PLACE_KINDS, { error: '请选择类型' }),
  code: placeCode,
  name: text(64, '名称'),
  sortOrder: z.number().int().min(0).max(100000).default(0),
});
export const updatePlaceBody = z.strictObject({
  code: placeCode.optional(),
  name: text(64, '名称').optional(),
  sortOrder: z.number().int().min(0).max(100000).optional(),
});
export const movePlaceBody = z.strictObject({ parentId: uuid });

export const role = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  description: z.string(),
  builtin: z.boolean(),
  permissions: z.array(z.string()),
  userCount: z.number().int(),
});
export type Role = z.infer<typeof role>;
export const roleList = z.object({ items: z.array(role) });
export const permissionList = z.object({ items: z.array(z.object({ code: z.string(), label: z.string() })) });

const roleCode = z
  .string()
  .trim()
  .min(2, { error: '角色编码至少 2 位' })
  .max(32, { error: '角色编码不能超过 32 位' })
  .regex(/^[a-z][a-z0-9_]*$/, { error: '角色编码只能用小写字母、数字和下划线，且以字母开头' });
export const createRoleBody = z.strictObject({
  code: roleCode,
  name: text(32, '角色名称'),
  description: optionalText(200, '说明').default(''),
  permissions: z.array(z.string().max(64)).max(200),
});
export const updateRoleBody = z.strictObject({
  name: text(32, '角色名称').optional(),
  description: optionalText(200, '说明').optional(),
  permissions: z.array(z.string().max(64)).max(200).optional(),
});

export const assignment = z.strictObject({ roleId: uuid, placeId: uuid.nullable() });
export const assignmentView = z.object({
  roleId: z.string(),
  roleName: z.string(),
  placeId: z.string().nullable(),
  placeName: z.string().nullable(),
  placeKind: z.enum(PLACE_KINDS).nullable(),
});

export const mobile = z.string({ error: '手机号必须是文字' }).trim().max(20, { error: '手机号格式不正确' });

export const user = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  // Always masked here: the full number comes only from the audited reveal call.
  phoneMasked: z.string().nullable(),
  active: z.boolean(),
  mustChangePassword: z.boolean(),
  lockedUntil: z.string().nullable(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
  assignments: z.array(assignmentView),
});
export type User = z.infer<typeof user>;
export const userList = paged(user);

export const userListQuery = z.strictObject({
  q: optionalText(50, '关键字').optional(),
  placeId: uuid.optional(),
  roleId: uuid.optional(),
  active: z.enum(['true', 'false']).optional(),
  ...pageQuery,
});

const username = z
  .string({ error: '用户名必须是文字' })
  .trim()
  .min(2, { error: '用户名至少 2 位' })
  .max(32, { error: '用户名不能超过 32 位' })
  .regex(/^[A-Za-z0-9_.-]+$/, { error: '用户名只能包含字母、数字、下划线、点和短横线' });

export const createUserBody = z.strictObject({
  username,
  displayName: text(32, '姓名'),
  phone: mobile.optional(),
  password,
  assignments: z.array(assignment).max(50),
});
export const updateUserBody = z.strictObject({
  displayName: text(32, '姓名').optional(),
  phone: mobile.nullable().optional(),
});
export const resetPasswordBody = z.strictObject({ password });
export const setAssignmentsBody = z.strictObject({ assignments: z.array(assignment).max(50) });
export const revealBody = z.strictObject({ field: z.enum(['phone']), reason: text(200, '查看原因') });
export const revealResult = z.object({ value: z.string().nullable() });

export { paged };
