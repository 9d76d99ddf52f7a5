import { randomUUID } from 'node:crypto';
import { and, asc, eq, ilike, inArray, isNull, like, or, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { createPlaceBody, movePlaceBody, updatePlaceBody } from '../../../shared/api/org.js';
import type { Permission } from '../../../shared/permissions.js';
import { canContain, PLACE_KIND_LABELS, type PlaceKind } from '../../../shared/places.js';
import type { Db } from '../../db/index.js';
import { escapeLike } from '../../db/sql.js';
import type { AuditService } from '../../platform/audit/service.js';
import type { Clock } from '../../platform/clock.js';
import type { Ctx } from '../../platform/context.js';
import { badRequest, conflict, notFound } from '../../platform/errors.js';
import { places, userRoles } from './schema.js';

type PlaceRow = typeof places.$inferSelect;

// Spelled out: Drizzle leaves columns unqualified in single-table selects, which would bind to `c`.
const childCount = sql<number>`(select count(*)::int from places c where c.parent_id = places.id)`.as(
  'child_count',
);

const columns = {
  id: places.id,
  parentId: places.parentId,
  kind: places.kind,
  code: places.code,
  name: places.name,
  sortOrder: places.sortOrder,
  path: places.path,
  childCount,
};

function view(
  r: { kind: string } & Omit<PlaceRow, 'kind' | 'depth' | 'createdAt' | 'updatedAt'> & { childCount: number },
) {
  return { ...r, kind: r.kind as PlaceKind };
}

function snapshot(p: PlaceRow) {
  return { kind: p.kind, code: p.code, name: p.name, sortOrder: p.sortOrder, parentId: p.parentId };
}

export function createPlacesService({ db, audit, clock }: { db: Db; audit: AuditService; clock: Clock }) {
  async function find(id: string): Promise<PlaceRow | undefined> {
    const [p] = await db.select().from(places).where(eq(places.id, id));
    return p;
  }

  /** The place if the caller may see it under `permission`; otherwise it does not exist for them. */
  async function visible(ctx: Ctx, id: string, permission: Permission) {
    const p = await find(id);
    if (!p || !ctx.actor!.inScope(permission, p.path)) throw notFound('地点不存在或无权访问');
    return p;
  }

  // Other modules copy place paths onto their rows (scope is a prefix match there too); a move
  // tells them, inside the move's transaction, so no row is ever left under the old path.
  const moveListeners: ((oldPath: string, newPath: string) => Promise<void>)[] = [];

  return {
    find,
    visible,
    onSubtreeMoved(listener: (oldPath: string, newPath: string) => Promise<void>) {
      moveListeners.push(listener);
    },

    /** Children of a place, or, without a parent, the roots of the caller's scope. */
    async list(ctx: Ctx, q: { parentId?: string; q?: string; kind?: PlaceKind }) {
      const actor = ctx.actor!;
      const filters: SQL[] = [actor.scopeFilter('org.place.read', places.path)];
      if (q.parentId) {
        await visible(ctx, q.parentId, 'org.place.read');
        filters.push(eq(places.parentId, q.parentId));
      }
      if (q.kind) filters.push(eq(places.kind, q.kind));
      if (q.q) {
        const pattern = `%${escapeLike(q.q)}%`;
        filters.push(or(ilike(places.name, pattern), ilike(places.code, pattern))!);
      }
      if (!q.parentId && !q.q && !q.kind) {
        const scope = actor.scope('org.place.read');
        if (scope === 'all') filters.push(isNull(places.parentId));
        else if (scope.length === 0) return { items: [] };
        else filters.push(inArray(places.path, scope));
      }
      const rows = await db
        .select(columns)
        .from(places)
        .where(and(...filters))
        .orderBy(asc(places.depth), asc(places.sortOrder), asc(places.code))
        .limit(500);
      return { items: rows.map(view) };
    },

    async get(ctx: Ctx, id: string) {
      const p = await visible(ctx, id, 'org.place.read');
      const ancestorIds = p.path.split('/').filter((s) => s && s !== p.id);
      const ancestors = ancestorIds.length
        ? await db
            .select({ id: places.id, name: places.name, kind: places.kind, depth: places.depth })
            .from(places)
            .where(inArray(places.id, ancestorIds))
            .orderBy(asc(places.depth))
        : [];
      const [row] = await db.select(columns).from(places).where(eq(places.id, id));
      return {
        ...view(row),
        ancestors: ancestors.map((a) => ({ id: a.id, name: a.name, kind: a.kind as PlaceKind })),
      };
    },

    async create(ctx: Ctx, body: z.infer<typeof createPlaceBody>) {
      const actor = ctx.actor!;
      let parent: PlaceRow | null = null;
      if (body.parentId) parent = await visible(ctx, body.parentId, 'org.place.manage');
      else if (actor.scope('org.place.manage') !== 'all') throw notFound('上级地点不存在或无权访问');
      if (!canContain((parent?.kind ?? null) as PlaceKind | null, body.kind)) {
        const where = parent ? `${PLACE_KIND_LABELS[parent.kind as PlaceKind]}下` : '最上级';
        throw badRequest(`${where}不能直接设${PLACE_KIND_LABELS[body.kind]}`, { kind: '类型与上级不匹配' });
      }
      const id = randomUUID();
      return db.transaction(async () => {
        const [row] = await db
          .insert(places)
          .values({
            id,
            parentId: parent?.id ?? null,
            kind: body.kind,
            code: body.code,
            name: body.name,
            sortOrder: body.sortOrder,
            path: `${parent?.path ?? '/'}${id}/`,
            depth: (parent?.depth ?? -1) + 1,
          })
          .returning();
        await audit.record(ctx, {
          action: 'place.create',
          targetType: 'place',
          targetId: id,
          placeId: id,
          placePath: row.path,
          after: snapshot(row),
        });
        return id;
      });
    },

    async update(ctx: Ctx, id: string, body: z.infer<typeof updatePlaceBody>) {
      const before = await visible(ctx, id, 'org.place.manage');
      await db.transaction(async () => {
        const [after] = await db
          .update(places)
          .set({ ...body, updatedAt: clock.now() })
          .where(eq(places.id, id))
          .returning();
        await audit.record(ctx, {
          action: 'place.update',
          targetType: 'place',
          targetId: id,
          placeId: id,
          placePath: after.path,
          before: snapshot(before),
          after: snapshot(after),
        });
      });
    },

    async move(ctx: Ctx, id: string, body: z.infer<typeof movePlaceBody>) {
      const place = await visible(ctx, id, 'org.place.manage');
      const parent = await visible(ctx, body.parentId, 'org.place.manage');
      if (parent.path.startsWith(place.path)) {
        throw badRequest('不能移动到自身或自身的下级之下', { parentId: '不能移动到自身或自身的下级之下' });
      }
      if (!canContain(parent.kind as PlaceKind, place.kind as PlaceKind)) {
        throw badRequest(
          `${PLACE_KIND_LABELS[parent.kind as PlaceKind]}下不能设${PLACE_KIND_LABELS[place.kind as PlaceKind]}`,
          { parentId: '类型与新上级不匹配' },
        );
      }
      const newPath = `${parent.path}${place.id}/`;
      const depthDelta = parent.depth + 1 - place.depth;
      await db.transaction(async () => {
        await db.update(places).set({ parentId: parent.id, updatedAt: clock.now() }).where(eq(places.id, id));
        // The whole subtree takes the new prefix in one statement.
        await db
          .update(places)
          .set({
            path: sql`${newPath} || substr(${places.path}, ${place.path.length + 1})`,
            depth: sql`${places.depth} + ${depthDelta}`,
          })
          .where(like(places.path, `${escapeLike(place.path)}%`));
        for (const listener of moveListeners) await listener(place.path, newPath);
        await audit.record(ctx, {
          action: 'place.move',
          targetType: 'place',
          targetId: id,
          placeId: id,
          placePath: newPath,
          before: { parentId: place.parentId },
          after: { parentId: parent.id },
        });
      });
    },

    async remove(ctx: Ctx, id: string) {
      const place = await visible(ctx, id, 'org.place.manage');
      const [{ children }] = await db
        .select({ children: sql<number>`count(*)::int` })
        .from(places)
        .where(eq(places.parentId, id));
      if (children > 0) {
        throw conflict(
          'PLACE_HAS_CHILDREN',
          `“${place.name}”下还有 ${children} 个下级，请先删除或移走下级后再删除`,
        );
      }
      const [{ grants }] = await db
        .select({ grants: sql<number>`count(*)::int` })
        .from(userRoles)
        .where(eq(userRoles.placeId, id));
      if (grants > 0) {
        throw conflict('PLACE_IN_USE', `“${place.name}”上还有 ${grants} 个用户授权，请先调整这些用户的授权`);
      }
      await db.transaction(async () => {
        // Records of other capabilities reference places with ON DELETE RESTRICT; the error
        // handler turns that refusal into a clear 409.
        await db.delete(places).where(eq(places.id, id));
        await audit.record(ctx, {
          action: 'place.delete',
          targetType: 'place',
          targetId: id,
          placeId: id,
          placePath: place.path,
          before: snapshot(place),
        });
      });
    },
  };
}

export type PlacesService = ReturnType<typeof createPlacesService>;
