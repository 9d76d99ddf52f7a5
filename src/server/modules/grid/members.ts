import { and, asc, eq, like, or, sql } from 'drizzle-orm';
import QRCode from 'qrcode';
import type { z } from 'zod';
import type { memberBody, memberListQuery, updateMemberBody } from '../../../shared/api/grid.js';
import { MEMBER_DUTIES, type MemberRole } from '../../../shared/grid.js';
import { escapeLike } from '../../db/sql.js';
import type { Ctx } from '../../platform/context.js';
import { badRequest, notFound } from '../../platform/errors.js';
import { places, users } from '../org/schema.js';
import { chainOf, type GridDeps, nearest } from './common.js';
import { gridMembers } from './schema.js';

/** Where a grid's QR codes lead: the public request form, pre-set to that grid. */
export const requestPath = (gridId: string) => `/r/${gridId}`;

const columns = {
  id: gridMembers.id,
  gridId: gridMembers.gridId,
  gridName: places.name,
  userId: gridMembers.userId,
  name: gridMembers.name,
  role: gridMembers.role,
  servicePhone: gridMembers.servicePhone,
  duties: gridMembers.duties,
  sortOrder: gridMembers.sortOrder,
  placePath: gridMembers.placePath,
};

export function createMembersService(deps: GridDeps) {
  const { db, audit, clock } = deps;

  const view = (r: { role: string; placePath?: string } & Record<string, unknown>) => {
    const { placePath: _, ...rest } = r;
    return { ...rest, role: r.role as MemberRole } as z.infer<
      typeof import('../../../shared/api/grid.js').member
    >;
  };

  async function memberFor(ctx: Ctx, id: string, permission: 'grid.read' | 'grid.manage') {
    const [m] = await db.select().from(gridMembers).where(eq(gridMembers.id, id));
    if (!m || !ctx.actor!.inScope(permission, m.placePath)) throw notFound('网格成员不存在或无权访问');
    return m;
  }

  async function gridFor(ctx: Ctx, gridId: string) {
    const g = await deps.org.places.visible(ctx, gridId, 'grid.manage');
    if (g.kind !== 'grid') throw badRequest('只能在网格（含微网格）下设置成员', { gridId: '请选择网格' });
    return g;
  }

  async function checkUser(userId: string | null) {
    if (!userId) return;
    const [u] = await db.select({ id: users.id }).from(users).where(eq(users.id, userId));
    if (!u) throw badRequest('关联账号不存在', { userId: '请重新选择账号' });
  }

  return {
    async list(ctx: Ctx, q: z.infer<typeof memberListQuery>) {
      const filters = [ctx.actor!.scopeFilter('grid.read', gridMembers.placePath)];
      if (q.placeId) {
        const p = await deps.org.places.visible(ctx, q.placeId, 'grid.read');
        filters.push(like(gridMembers.placePath, `${escapeLike(p.path)}%`));
      }
      if (q.q)
        filters.push(
          or(like(gridMembers.name, `%${escapeLike(q.q)}%`), like(places.name, `%${escapeLike(q.q)}%`))!,
        );
      const rows = await db
        .select(columns)
        .from(gridMembers)
        .innerJoin(places, eq(places.id, gridMembers.gridId))
        .where(and(...filters))
        .orderBy(asc(places.path), asc(gridMembers.sortOrder), asc(gridMembers.name))
        .limit(500);
      return { items: rows.map(view) };
    },

    async create(ctx: Ctx, body: z.infer<typeof memberBody>) {
      const grid = await gridFor(ctx, body.gridId);
      await checkUser(body.userId);
      return db.transaction(async () => {
        const [m] = await db
          .insert(gridMembers)
          .values({ ...body, duties: body.duties || MEMBER_DUTIES[body.role], placePath: grid.path })
          .onConflictDoNothing()
          .returning({ id: gridMembers.id });
        if (!m) throw badRequest('该账号已是本网格成员', { userId: '请勿重复添加' });
        await audit.record(ctx, {
          action: 'grid_member.create',
          targetType: 'grid_member',
          targetId: m.id,
          placeId: grid.id,
          placePath: grid.path,
          after: { name: body.name, role: body.role, grid: grid.name },
        });
        return m.id;
      });
    },

    async update(ctx: Ctx, id: string, body: z.infer<typeof updateMemberBody>) {
      const m = await memberFor(ctx, id, 'grid.manage');
      if (body.userId !== undefined) await checkUser(body.userId);
      await db.transaction(async () => {
        await db
          .update(gridMembers)
          .set({ ...body, updatedAt: clock.now() })
          .where(eq(gridMembers.id, id));
        await audit.record(ctx, {
          action: 'grid_member.update',
          targetType: 'grid_member',
          targetId: id,
          placePath: m.placePath,
          before: { name: m.name, role: m.role, servicePhone: m.servicePhone },
          after: body,
        });
      });
    },

    async remove(ctx: Ctx, id: string) {
      const m = await memberFor(ctx, id, 'grid.manage');
      await db.transaction(async () => {
        await db.delete(gridMembers).where(eq(gridMembers.id, id));
        await audit.record(ctx, {
          action: 'grid_member.remove',
          targetType: 'grid_member',
          targetId: id,
          placePath: m.placePath,
          before: { name: m.name, role: m.role },
        });
      });
    },

    /** 服务名片: the printable card with a QR code to the grid's public request form. */
    async card(ctx: Ctx, id: string, origin: string) {
      const m = await memberFor(ctx, id, 'grid.read');
      const [row] = await db
        .select(columns)
        .from(gridMembers)
        .innerJoin(places, eq(places.id, gridMembers.gridId))
        .where(eq(gridMembers.id, id));
      const chain = await chainOf(db, m.placePath);
      const requestUrl = `${origin}${requestPath(m.gridId)}`;
      const qrSvg = await QRCode.toString(requestUrl, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
      return {
        ...view(row),
        estateName: nearest(chain, 'estate')?.name ?? null,
        communityName: nearest(chain, 'community')?.name ?? null,
        requestUrl,
        qrSvg,
      };
    },

    /** The public board of an estate: its grids and who to call. Names and service phones only. */
    async board(estateId: string) {
      const estate = await deps.org.places.find(estateId);
      if (estate?.kind !== 'estate') throw notFound('小区不存在');
      const grids = await db
        .select({ id: places.id, name: places.name, path: places.path })
        .from(places)
        .where(and(eq(places.kind, 'grid'), like(places.path, `${escapeLike(estate.path)}%`)))
        .orderBy(asc(places.depth), asc(places.sortOrder), asc(places.name));
      const members = await db
        .select({
          gridId: gridMembers.gridId,
          name: gridMembers.name,
          role: gridMembers.role,
          servicePhone: gridMembers.servicePhone,
          duties: gridMembers.duties,
        })
        .from(gridMembers)
        .where(like(gridMembers.placePath, `${escapeLike(estate.path)}%`))
        .orderBy(asc(gridMembers.sortOrder), sql`${gridMembers.role} = 'leader' desc`);
      return {
        estate: { id: estate.id, name: estate.name },
        grids: grids.map((g) => ({
          id: g.id,
          name: g.name,
          requestUrl: requestPath(g.id),
          members: members
            .filter((m) => m.gridId === g.id)
            .map(({ gridId: _, ...m }) => ({ ...m, role: m.role as MemberRole })),
        })),
        lawContacts: deps.lawContacts ? await deps.lawContacts(estate.path) : [],
      };
    },

    /** Grids where the caller is a member or holds grid.work: the worker's own patch. */
    async gridsOf(ctx: Ctx) {
      const actor = ctx.actor!;
      const memberOf = await db
        .select({ id: places.id, name: places.name, path: places.path })
        .from(gridMembers)
        .innerJoin(places, eq(places.id, gridMembers.gridId))
        .where(eq(gridMembers.userId, actor.userId));
      const granted = actor.grants
        .filter((g) => g.permissions.has('grid.work') && g.place?.kind === 'grid')
        .map((g) => ({ id: g.place!.id, name: g.place!.name, path: g.place!.path }));
      // A membership where the account no longer works (moved, role taken away) does not count.
      const all = [...memberOf, ...granted].filter((g) => actor.inScope('grid.work', g.path));
      return all.filter((g, i) => all.findIndex((x) => x.id === g.id) === i);
    },
  };
}

export type MembersService = ReturnType<typeof createMembersService>;
