import { and, asc, eq, exists, ilike, inArray, like, or, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { assignment, createUserBody, updateUserBody, userListQuery } from '../../../shared/api/org.js';
import type { PlaceKind } from '../../../shared/places.js';
import type { Db } from '../../db/index.js';
import { escapeLike } from '../../db/sql.js';
import type { Actor } from '../../platform/access/actor.js';
import type { AuditService } from '../../platform/audit/service.js';
import { hashPassword } from '../../platform/auth/password.js';
import { sessions } from '../../platform/auth/schema.js';
import type { Clock } from '../../platform/clock.js';
import type { Ctx } from '../../platform/context.js';
import { badRequest, conflict, forbidden, notFound } from '../../platform/errors.js';
import { createPiiReveal, maskPhone, type PiiCipher, validateMobile } from '../../platform/pii/index.js';
import { places, roles, userRoles, users } from './schema.js';

type Assignment = z.infer<typeof assignment>;
type UserRow = typeof users.$inferSelect;

export function createUsersService({
  db,
  audit,
  clock,
  pii,
}: {
  db: Db;
  audit: AuditService;
  clock: Clock;
  pii: PiiCipher;
}) {
  const reveal = createPiiReveal({ audit, pii });

  /** Where a user's audit entries belong: their highest place the caller can see, so that a street's
   *  own admins find them in the street's trail. */
  async function auditPlace(ctx: Ctx, userId: string) {
    const rows = await db
      .select({ placeId: places.id, placePath: places.path })
      .from(userRoles)
      .innerJoin(places, eq(places.id, userRoles.placeId))
      .where(eq(userRoles.userId, userId))
      .orderBy(asc(places.depth));
    return rows.find((r) => ctx.actor!.inScope('org.user.read', r.placePath)) ?? rows[0] ?? {};
  }

  /** Users the caller may see: those holding a role somewhere inside the caller's scope. */
  function visibleTo(actor: Actor, permission: 'org.user.read' | 'org.user.manage' | 'pii.reveal'): SQL {
    if (actor.scope(permission) === 'all') return sql`true`;
    return exists(
      db
        .select({ one: sql`1` })
        .from(userRoles)
        .innerJoin(places, eq(places.id, userRoles.placeId))
        .where(and(eq(userRoles.userId, users.id), actor.scopeFilter(permission, places.path))),
    );
  }

  async function findVisible(ctx: Ctx, id: string, permission: 'org.user.read' | 'org.user.manage') {
    const actor = ctx.actor!;
    const [row] = await db
      .select()
      .from(users)
      .where(and(eq(users.id, id), visibleTo(actor, 'org.user.read')));
    if (!row) throw notFound('用户不存在或无权访问');
    if (permission === 'org.user.manage') {
      const [managed] = await db
        .select({ id: users.id })
        .from(users)
        .where(and(eq(users.id, id), visibleTo(actor, 'org.user.manage')));
      if (!managed) throw forbidden('该用户不在你的管理范围内');
    }
    return row;
  }

  async function assignmentsOf(userIds: string[]) {
    if (userIds.length === 0) return new Map<string, ReturnType<typeof toAssignmentView>[]>();
    const rows = await db
      .select({
        userId: userRoles.userId,
        roleId: roles.id,
        roleName: roles.name,
        placeId: places.id,
        placeName: places.name,
        placeKind: places.kind,
        placePath: places.path,
      })
      .from(userRoles)
      .innerJoin(roles, eq(roles.id, userRoles.roleId))
      .leftJoin(places, eq(places.id, userRoles.placeId))
      .where(inArray(userRoles.userId, userIds))
      .orderBy(asc(places.depth), asc(roles.name));
    const map = new Map<string, ReturnType<typeof toAssignmentView>[]>();
    for (const r of rows) {
      const list = map.get(r.userId) ?? [];
      list.push(toAssignmentView(r));
      map.set(r.userId, list);
    }
    return map;
  }

  function toView(u: UserRow, assignments: ReturnType<typeof toAssignmentView>[]) {
    return {
      id: u.id,
      username: u.username,
      displayName: u.displayName,
      phoneMasked: u.phoneMasked,
      active: u.active,
      mustChangePassword: u.mustChangePassword,
      lockedUntil: u.lockedUntil && u.lockedUntil > clock.now() ? u.lockedUntil.toISOString() : null,
      lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
      createdAt: u.createdAt.toISOString(),
      assignments,
    };
  }

  /** What the audit trail keeps of a user: never the full phone number or the password hash. */
  const snapshot = (u: UserRow) => ({
    username: u.username,
    displayName: u.displayName,
    phone: u.phoneMasked,
    active: u.active,
  });

  function phoneColumns(phone: string | null | undefined) {
    if (phone === undefined) return {};
    if (phone === null || phone === '') return { phoneEnc: null, phoneIndex: null, phoneMasked: null };
    const v = validateMobile(phone);
    if (!v.ok) throw badRequest(v.message, { phone: v.message });
    return {
      phoneEnc: pii.encrypt(v.value),
      phoneIndex: pii.blindIndex('phone', v.value),
      phoneMasked: maskPhone(v.value),
    };
  }

  /**
   * A role may be granted at a place only by someone who manages users there and who already holds
   * every permission of that role there: nobody hands out more than they have.
   */
  async function checkGrantable(actor: Actor, list: Assignment[]) {
    const roleIds = [...new Set(list.map((a) => a.roleId))];
    const placeIds = [...new Set(list.flatMap((a) => (a.placeId ? [a.placeId] : [])))];
    const roleRows = roleIds.length ? await db.select().from(roles).where(inArray(roles.id, roleIds)) : [];
    const placeRows = placeIds.length
      ? await db.select().from(places).where(inArray(places.id, placeIds))
      : [];
    const roleById = new Map(roleRows.map((r) => [r.id, r]));
    const placeById = new Map(placeRows.map((p) => [p.id, p]));
    for (const a of list) {
      const role = roleById.get(a.roleId);
      if (!role) throw badRequest('所选角色不存在', { assignments: '所选角色不存在' });
      const place = a.placeId ? placeById.get(a.placeId) : null;
      if (a.placeId && (!place || !actor.inScope('org.user.manage', place.path))) {
        throw badRequest('所选地点不存在或不在你的管理范围内', {
          assignments: '所选地点不存在或不在你的管理范围内',
        });
      }
      if (!place && actor.scope('org.user.manage') !== 'all') {
        throw badRequest('只有系统管理员可以授予全局角色', { assignments: '请为角色选择地点' });
      }
      const held = new Set(
        actor.grants
          .filter((g) => g.place === null || place?.path.startsWith(g.place.path))
          .flatMap((g) => [...g.permissions]),
      );
      const missing = role.permissions.filter((p) => !held.has(p));
      if (missing.length) {
        throw badRequest(`不能授予“${role.name}”：它包含你在该地点没有的权限`, {
          assignments: `不能授予“${role.name}”`,
        });
      }
    }
  }

  return {
    async list(ctx: Ctx, q: z.infer<typeof userListQuery>) {
      const actor = ctx.actor!;
      const filters: SQL[] = [visibleTo(actor, 'org.user.read')];
      if (q.q) {
        const mobile = validateMobile(q.q);
        const pattern = `%${escapeLike(q.q)}%`;
        filters.push(
          or(
            ilike(users.username, pattern),
            ilike(users.displayName, pattern),
            ...(mobile.ok ? [eq(users.phoneIndex, pii.blindIndex('phone', mobile.value))] : []),
          )!,
        );
      }
      if (q.active) filters.push(eq(users.active, q.active === 'true'));
      if (q.placeId || q.roleId) {
        const conds: SQL[] = [eq(userRoles.userId, users.id)];
        if (q.roleId) conds.push(eq(userRoles.roleId, q.roleId));
        if (q.placeId) {
          const [p] = await db.select().from(places).where(eq(places.id, q.placeId));
          if (!p) return { items: [], total: 0, page: q.page, pageSize: q.pageSize };
          conds.push(like(places.path, `${escapeLike(p.path)}%`));
        }
        filters.push(
          exists(
            db
              .select({ one: sql`1` })
              .from(userRoles)
              .leftJoin(places, eq(places.id, userRoles.placeId))
              .where(and(...conds)),
          ),
        );
      }
      const where = and(...filters);
      const [rows, [{ total }]] = await Promise.all([
        db
          .select()
          .from(users)
          .where(where)
          .orderBy(asc(users.username))
          .limit(q.pageSize)
          .offset((q.page - 1) * q.pageSize),
        db.select({ total: sql<number>`count(*)::int` }).from(users).where(where),
      ]);
      const assignments = await assignmentsOf(rows.map((r) => r.id));
      return {
        items: rows.map((r) => toView(r, assignments.get(r.id) ?? [])),
        total,
        page: q.page,
        pageSize: q.pageSize,
      };
    },

    async get(ctx: Ctx, id: string) {
      const row = await findVisible(ctx, id, 'org.user.read');
      const assignments = await assignmentsOf([id]);
      return toView(row, assignments.get(id) ?? []);
    },

    async create(ctx: Ctx, body: z.infer<typeof createUserBody>) {
      const actor = ctx.actor!;
      if (body.assignments.length === 0 && actor.scope('org.user.manage') !== 'all') {
        throw badRequest('请至少为用户授予一个角色', { assignments: '请至少为用户授予一个角色' });
      }
      await checkGrantable(actor, body.assignments);
      const username = body.username.toLowerCase();
      const passwordHash = await hashPassword(body.password);
      return db.transaction(async () => {
        const [row] = await db
          .insert(users)
          .values({
            username,
            displayName: body.displayName,
            ...phoneColumns(body.phone),
            passwordHash,
            // Whoever set this password is not the person who will use it.
            mustChangePassword: true,
          })
          .returning();
        if (body.assignments.length) {
          await db.insert(userRoles).values(body.assignments.map((a) => ({ userId: row.id, ...a })));
        }
        await audit.record(ctx, {
          action: 'user.create',
          targetType: 'user',
          targetId: row.id,
          ...(await auditPlace(ctx, row.id)),
          after: { ...snapshot(row), assignments: body.assignments },
        });
        return row.id;
      });
    },

    async update(ctx: Ctx, id: string, body: z.infer<typeof updateUserBody>) {
      const before = await findVisible(ctx, id, 'org.user.manage');
      const set = {
        ...(body.displayName !== undefined ? { displayName: body.displayName } : {}),
        ...phoneColumns(body.phone),
      };
      await db.transaction(async () => {
        const [after] = await db
          .update(users)
          .set({ ...set, updatedAt: clock.now() })
          .where(eq(users.id, id))
          .returning();
        await audit.record(ctx, {
          action: 'user.update',
          targetType: 'user',
          targetId: id,
          ...(await auditPlace(ctx, id)),
          before: snapshot(before),
          after: snapshot(after),
        });
      });
    },

    async resetPassword(ctx: Ctx, id: string, password: string) {
      await findVisible(ctx, id, 'org.user.manage');
      const passwordHash = await hashPassword(password);
      await db.transaction(async () => {
        await db
          .update(users)
          .set({
            passwordHash,
            mustChangePassword: true,
            failedLogins: 0,
            lockedUntil: null,
            updatedAt: clock.now(),
          })
          .where(eq(users.id, id));
        await db.delete(sessions).where(eq(sessions.userId, id));
        await audit.record(ctx, {
          action: 'user.reset_password',
          targetType: 'user',
          targetId: id,
          ...(await auditPlace(ctx, id)),
        });
      });
    },

    async setActive(ctx: Ctx, id: string, active: boolean) {
      const before = await findVisible(ctx, id, 'org.user.manage');
      if (!active && id === ctx.actor!.userId) throw conflict('SELF_DEACTIVATE', '不能停用自己的账号');
      await db.transaction(async () => {
        await db
          .update(users)
          .set({ active, updatedAt: clock.now(), ...(active ? { failedLogins: 0, lockedUntil: null } : {}) })
          .where(eq(users.id, id));
        if (!active) await db.delete(sessions).where(eq(sessions.userId, id));
        await audit.record(ctx, {
          action: active ? 'user.activate' : 'user.deactivate',
          targetType: 'user',
          targetId: id,
          ...(await auditPlace(ctx, id)),
          before: { active: before.active },
          after: { active },
        });
      });
    },

    /** Replaces the assignments the caller manages; those outside the caller's reach stay as they are. */
    async setAssignments(ctx: Ctx, id: string, list: Assignment[]) {
      const actor = ctx.actor!;
      await findVisible(ctx, id, 'org.user.manage');
      await checkGrantable(actor, list);
      const current = await db
        .select({ id: userRoles.id, roleId: userRoles.roleId, placeId: userRoles.placeId, path: places.path })
        .from(userRoles)
        .leftJoin(places, eq(places.id, userRoles.placeId))
        .where(eq(userRoles.userId, id));
      const managed = current.filter((c) =>
        c.placeId === null
          ? actor.scope('org.user.manage') === 'all'
          : actor.inScope('org.user.manage', c.path),
      );
      const key = (a: { roleId: string; placeId: string | null }) => `${a.roleId}@${a.placeId ?? '*'}`;
      const wanted = new Map(list.map((a) => [key(a), a]));
      await db.transaction(async () => {
        const drop = managed.filter((c) => !wanted.has(key(c)));
        if (drop.length)
          await db.delete(userRoles).where(
            inArray(
              userRoles.id,
              drop.map((d) => d.id),
            ),
          );
        const have = new Set(current.map(key));
        const add = [...wanted.values()].filter((a) => !have.has(key(a)));
        if (add.length) await db.insert(userRoles).values(add.map((a) => ({ userId: id, ...a })));
        await audit.record(ctx, {
          action: 'user.assignments',
          targetType: 'user',
          targetId: id,
          ...(await auditPlace(ctx, id)),
          before: managed.map((m) => ({ roleId: m.roleId, placeId: m.placeId })),
          after: [...wanted.values()],
        });
      });
    },

    /** The full phone number, for a caller allowed to see it, with the reason kept in the audit trail. */
    async revealPhone(ctx: Ctx, id: string, reason: string) {
      // Whoever may reveal personal data over a user's places may reveal it, even without
      // the right to browse the user list (社区民警).
      const [row] = await db
        .select()
        .from(users)
        .where(and(eq(users.id, id), visibleTo(ctx.actor!, 'pii.reveal')));
      if (!row) throw notFound('用户不存在或无权访问');
      return {
        value: await reveal(ctx, {
          targetType: 'user',
          targetId: id,
          ...(await auditPlace(ctx, id)),
          field: 'phone',
          reason,
          ciphertext: row.phoneEnc,
        }),
      };
    },
  };
}

function toAssignmentView(r: {
  roleId: string;
  roleName: string;
  placeId: string | null;
  placeName: string | null;
  placeKind: string | null;
}) {
  return {
    roleId: r.roleId,
    roleName: r.roleName,
    placeId: r.placeId,
    placeName: r.placeName,
    placeKind: r.placeKind as PlaceKind | null,
  };
}

export type UsersService = ReturnType<typeof createUsersService>;
