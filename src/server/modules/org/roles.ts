import { asc, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { createRoleBody, updateRoleBody } from '../../../shared/api/org.js';
import { isPermission, PERMISSIONS } from '../../../shared/permissions.js';
import { BUILTIN_ROLES } from '../../../shared/roles.js';
import type { Db } from '../../db/index.js';
import type { AuditService } from '../../platform/audit/service.js';
import type { Clock } from '../../platform/clock.js';
import type { Ctx } from '../../platform/context.js';
import { badRequest, conflict, notFound } from '../../platform/errors.js';
import { roles, userRoles } from './schema.js';

type RoleRow = typeof roles.$inferSelect;
const snapshot = (r: RoleRow) => ({
  code: r.code,
  name: r.name,
  description: r.description,
  permissions: r.permissions,
});

/** Makes the built-in roles in the database match the code (run at every start). */
export async function syncBuiltinRoles(db: Db): Promise<void> {
  await db.transaction(async () => {
    for (const r of BUILTIN_ROLES) {
      await db
        .insert(roles)
        .values({
          code: r.code,
          name: r.name,
          description: r.description,
          builtin: true,
          permissions: [...r.permissions],
        })
        .onConflictDoUpdate({
          target: roles.code,
          set: { name: r.name, description: r.description, builtin: true, permissions: [...r.permissions] },
        });
    }
  });
}

export function createRolesService({ db, audit, clock }: { db: Db; audit: AuditService; clock: Clock }) {
  function checkPermissions(ctx: Ctx, permissions: string[]) {
    const unknown = permissions.filter((p) => !isPermission(p));
    if (unknown.length)
      throw badRequest(`未知的权限：${unknown.join('、')}`, { permissions: '包含未知的权限' });
    // Nobody hands out more than they hold.
    const held = new Set(ctx.actor!.permissions);
    const beyond = permissions.filter((p) => !held.has(p));
    if (beyond.length) {
      throw badRequest(
        `不能授予自己没有的权限：${beyond.map((p) => PERMISSIONS[p as keyof typeof PERMISSIONS]).join('、')}`,
        {
          permissions: '包含自己没有的权限',
        },
      );
    }
  }

  async function find(id: string) {
    const [r] = await db.select().from(roles).where(eq(roles.id, id));
    if (!r) throw notFound('角色不存在');
    return r;
  }

  return {
    find,
    async list() {
      const rows = await db
        .select({
          id: roles.id,
          code: roles.code,
          name: roles.name,
          description: roles.description,
          builtin: roles.builtin,
          permissions: roles.permissions,
          userCount: sql<number>`(select count(distinct ur.user_id)::int from user_roles ur where ur.role_id = roles.id)`,
        })
        .from(roles)
        .orderBy(sql`${roles.builtin} desc`, asc(roles.createdAt), asc(roles.code));
      // Built-in roles in the order DOMAIN.md lists them.
      const order = new Map(BUILTIN_ROLES.map((r, i) => [r.code, i]));
      rows.sort((a, b) => (order.get(a.code) ?? 99) - (order.get(b.code) ?? 99));
      return { items: rows };
    },

    async create(ctx: Ctx, body: z.infer<typeof createRoleBody>) {
      checkPermissions(ctx, body.permissions);
      return db.transaction(async () => {
        const [row] = await db
          .insert(roles)
          .values({ ...body, permissions: [...new Set(body.permissions)], builtin: false })
          .returning();
        await audit.record(ctx, {
          action: 'role.create',
          targetType: 'role',
          targetId: row.id,
          after: snapshot(row),
        });
        return row.id;
      });
    },

    async update(ctx: Ctx, id: string, body: z.infer<typeof updateRoleBody>) {
      const before = await find(id);
      if (before.builtin) throw conflict('BUILTIN_ROLE', '内置角色不可修改，可新建自定义角色');
      if (body.permissions) checkPermissions(ctx, body.permissions);
      await db.transaction(async () => {
        const [after] = await db
          .update(roles)
          .set({
            ...body,
            ...(body.permissions ? { permissions: [...new Set(body.permissions)] } : {}),
            updatedAt: clock.now(),
          })
          .where(eq(roles.id, id))
          .returning();
        await audit.record(ctx, {
          action: 'role.update',
          targetType: 'role',
          targetId: id,
          before: snapshot(before),
          after: snapshot(after),
        });
      });
    },

    async remove(ctx: Ctx, id: string) {
      const role = await find(id);
      if (role.builtin) throw conflict('BUILTIN_ROLE', '内置角色不可删除');
      const [{ n }] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(userRoles)
        .where(eq(userRoles.roleId, id));
      if (n > 0) throw conflict('ROLE_IN_USE', `“${role.name}”仍授予了 ${n} 个用户，请先收回后再删除`);
      await db.transaction(async () => {
        await db.delete(roles).where(eq(roles.id, id));
        await audit.record(ctx, {
          action: 'role.delete',
          targetType: 'role',
          targetId: id,
          before: snapshot(role),
        });
      });
    },
  };
}

export type RolesService = ReturnType<typeof createRolesService>;
