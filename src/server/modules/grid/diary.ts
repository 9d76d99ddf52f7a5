import { and, desc, eq, gte, like, lt, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { checkinBody, diaryBody, diaryListQuery } from '../../../shared/api/grid.js';
import { type DiaryTopic, OPEN_STATUSES, PHOTO_MAX_BYTES } from '../../../shared/grid.js';
import { escapeLike, rows } from '../../db/sql.js';
import type { Ctx } from '../../platform/context.js';
import { badRequest, notFound } from '../../platform/errors.js';
import { places } from '../org/schema.js';
import { houses, people } from '../registry/schema.js';
import { houseAddressSql, today } from '../registry/service.js';
import { type GridDeps, savePhotos } from './common.js';
import type { MembersService } from './members.js';
import { diaryEntries, roundCheckins } from './schema.js';

/** Entries may arrive late from a phone without signal, but not from the future or long ago. */
const MAX_LATE_DAYS = 30;

export function createDiaryService(deps: GridDeps, members: MembersService) {
  const { db, clock, audit, files } = deps;

  function checkTime(at: Date, field: string) {
    const now = clock.now().getTime();
    if (at.getTime() > now + 5 * 60_000) throw badRequest('时间不能晚于现在', { [field]: '请检查手机时间' });
    if (at.getTime() < now - MAX_LATE_DAYS * 86_400_000)
      throw badRequest(`只能补录 ${MAX_LATE_DAYS} 天内的记录`, { [field]: '时间过早' });
  }

  return {
    /**
     * A 民情日记 entry. The phone sends it with an idempotency key, maybe several times when the
     * signal comes and goes: the first one is kept, the rest answer with it (replayed).
     */
    async create(ctx: Ctx, body: z.infer<typeof diaryBody>) {
      const actor = ctx.actor!;
      const [seen] = await db
        .select({ id: diaryEntries.id })
        .from(diaryEntries)
        .where(
          and(eq(diaryEntries.userId, actor.userId), eq(diaryEntries.idempotencyKey, body.idempotencyKey)),
        );
      if (seen) return { id: seen.id, replayed: true };
      const visitedAt = new Date(body.visitedAt);
      checkTime(visitedAt, 'visitedAt');
      const place = await deps.org.places.visible(ctx, body.placeId, 'grid.work');
      if (body.houseId) {
        const [h] = await db
          .select({ placePath: houses.placePath })
          .from(houses)
          .where(eq(houses.id, body.houseId));
        if (!h || !actor.inScope('registry.read', h.placePath))
          throw badRequest('房屋不存在或不在您的辖区', { houseId: '请重新选择房屋' });
      }
      if (body.personId) {
        const [p] = await db
          .select({ placePath: people.placePath })
          .from(people)
          .where(eq(people.id, body.personId));
        if (!p || !actor.inScope('registry.read', p.placePath))
          throw badRequest('人员不存在或不在您的辖区', { personId: '请重新选择人员' });
      }
      return db.transaction(async () => {
        const photoIds = await savePhotos(files, body.photos, PHOTO_MAX_BYTES);
        const [e] = await db
          .insert(diaryEntries)
          .values({
            userId: actor.userId,
            authorName: actor.displayName,
            placeId: place.id,
            placePath: place.path,
            houseId: body.houseId,
            personId: body.personId,
            caseId: body.caseId,
            topic: body.topic,
            said: body.said,
            followUp: body.followUp,
            needsFollowUp: body.needsFollowUp,
            visitedAt,
            lat: body.lat === null ? null : String(body.lat),
            long: body.long === null ? null : String(body.long),
            idempotencyKey: body.idempotencyKey,
          })
          // Two copies of one entry racing in: the second finds the first.
          .onConflictDoNothing()
          .returning({ id: diaryEntries.id });
        if (!e) {
          const [first] = await db
            .select({ id: diaryEntries.id })
            .from(diaryEntries)
            .where(
              and(
                eq(diaryEntries.userId, actor.userId),
                eq(diaryEntries.idempotencyKey, body.idempotencyKey),
              ),
            );
          return { id: first.id, replayed: true };
        }
        // A visit to someone in a special or care group counts as that group's visit too.
        if (body.caseId) {
          const kind = body.topic === 'special' ? 'special' : 'care';
          const visitedOn = new Date(visitedAt.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
          await deps.registry.cases.visit(ctx, kind, body.caseId, {
            visitedOn,
            findings: body.said,
            help: body.followUp,
          });
        }
        if (photoIds.length > 0)
          await files.attach(photoIds, { ownerType: 'diary', ownerId: e.id, placePath: place.path });
        await audit.record(ctx, {
          action: 'diary.create',
          targetType: 'diary_entry',
          targetId: e.id,
          placeId: place.id,
          placePath: place.path,
          after: {
            topic: body.topic,
            houseId: body.houseId,
            personId: body.personId,
            photos: photoIds.length,
          },
        });
        return { id: e.id, replayed: false };
      });
    },

    async list(ctx: Ctx, q: z.infer<typeof diaryListQuery>) {
      const actor = ctx.actor!;
      const filters = [actor.scopeFilter('grid.read', diaryEntries.placePath)];
      if (q.mine === 'true') filters.push(eq(diaryEntries.userId, actor.userId));
      if (q.userId) filters.push(eq(diaryEntries.userId, q.userId));
      if (q.placeId) {
        const p = await deps.org.places.visible(ctx, q.placeId, 'grid.read');
        filters.push(like(diaryEntries.placePath, `${escapeLike(p.path)}%`));
      }
      if (q.topic) filters.push(eq(diaryEntries.topic, q.topic));
      if (q.from) filters.push(gte(diaryEntries.visitedAt, new Date(`${q.from}T00:00:00+08:00`)));
      if (q.to)
        filters.push(lt(diaryEntries.visitedAt, new Date(Date.parse(`${q.to}T00:00:00+08:00`) + 86_400_000)));
      const where = and(...filters);
      const [items, [{ total }]] = await Promise.all([
        db
          .select({
            id: diaryEntries.id,
            authorName: diaryEntries.authorName,
            placeId: diaryEntries.placeId,
            placeName: places.name,
            houseId: diaryEntries.houseId,
            houseAddress: sql<
              string | null
            >`(select ${houseAddressSql('h')} from houses h where h.id = ${diaryEntries.houseId})`,
            personId: diaryEntries.personId,
            personName: people.name,
            personPath: people.placePath,
            topic: diaryEntries.topic,
            said: diaryEntries.said,
            followUp: diaryEntries.followUp,
            needsFollowUp: diaryEntries.needsFollowUp,
            visitedAt: diaryEntries.visitedAt,
          })
          .from(diaryEntries)
          .innerJoin(places, eq(places.id, diaryEntries.placeId))
          .leftJoin(people, eq(people.id, diaryEntries.personId))
          .where(where)
          .orderBy(desc(diaryEntries.visitedAt), desc(diaryEntries.id))
          .limit(q.pageSize)
          .offset((q.page - 1) * q.pageSize),
        db.select({ total: sql<number>`count(*)::int` }).from(diaryEntries).where(where),
      ]);
      const photos = await files.listOwned(
        'diary',
        items.map((i) => i.id),
      );
      return {
        items: items.map((r) => ({
          id: r.id,
          authorName: r.authorName,
          placeId: r.placeId,
          placeName: r.placeName,
          house: r.houseId && r.houseAddress ? { id: r.houseId, address: r.houseAddress } : null,
          // A person outside the reader's registry scope stays a surname.
          person:
            r.personId && r.personName
              ? {
                  id: r.personId,
                  name: actor.inScope('registry.read', r.personPath)
                    ? r.personName
                    : `${r.personName.slice(0, 1)}**`,
                }
              : null,
          topic: r.topic as DiaryTopic,
          said: r.said,
          followUp: r.followUp,
          needsFollowUp: r.needsFollowUp,
          visitedAt: r.visitedAt.toISOString(),
          photos: photos
            .filter((f) => f.ownerId === r.id)
            .map((f) => ({ id: f.id, name: f.name, url: `/api/v1/grid/diary/${r.id}/photos/${f.id}` })),
        })),
        total,
        page: q.page,
        pageSize: q.pageSize,
      };
    },

    async photo(ctx: Ctx, id: string, fileId: string) {
      const [e] = await db
        .select({ placePath: diaryEntries.placePath })
        .from(diaryEntries)
        .where(eq(diaryEntries.id, id));
      if (!e || !ctx.actor!.inScope('grid.read', e.placePath)) throw notFound('记录不存在或无权访问');
      const owned = await files.listOwned('diary', [id]);
      if (!owned.some((f) => f.id === fileId)) throw notFound('照片不存在');
      return fileId;
    },

    /** The daily round check-in: once a day; a second one (or a replay) answers with the first. */
    async checkin(ctx: Ctx, body: z.infer<typeof checkinBody>) {
      const actor = ctx.actor!;
      const grid = await deps.org.places.visible(ctx, body.gridId, 'grid.work');
      if (grid.kind !== 'grid') throw badRequest('请选择网格签到', { gridId: '请选择网格' });
      const at = body.at ? new Date(body.at) : clock.now();
      checkTime(at, 'at');
      const day = new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
      const [row] = await db
        .insert(roundCheckins)
        .values({
          userId: actor.userId,
          gridId: grid.id,
          placePath: grid.path,
          day,
          at,
          note: body.note,
          lat: body.lat === null ? null : String(body.lat),
          long: body.long === null ? null : String(body.long),
        })
        .onConflictDoNothing()
        .returning();
      if (row) return { id: row.id, day, at: row.at.toISOString(), replayed: false };
      const [first] = await db
        .select()
        .from(roundCheckins)
        .where(and(eq(roundCheckins.userId, actor.userId), eq(roundCheckins.day, day)));
      return { id: first.id, day, at: first.at.toISOString(), replayed: true };
    },

    /** The grid worker's day: their grids, today's check-in, visits due, and their open events. */
    async myDay(ctx: Ctx) {
      const actor = ctx.actor!;
      const day = today(clock);
      const grids = await members.gridsOf(ctx);
      const [checked] = await db
        .select({ at: roundCheckins.at, gridName: places.name })
        .from(roundCheckins)
        .innerJoin(places, eq(places.id, roundCheckins.gridId))
        .where(and(eq(roundCheckins.userId, actor.userId), eq(roundCheckins.day, day)));
      const kinds = (['care', 'special'] as const).filter((k) =>
        actor.can(k === 'special' ? 'registry.special' : 'registry.read'),
      );
      const due = [];
      for (const kind of kinds) {
        for (const g of grids.length > 0 ? grids : [null]) {
          const list = await deps.registry.cases.list(ctx, kind, {
            placeId: g?.id,
            due: 'true',
            page: 1,
            pageSize: 50,
          });
          due.push(...list.items);
        }
      }
      const gridIds = grids.map((g) => g.id);
      const [counts] = await rows<{ diary: number; open: number; overdue: number }>(
        db,
        sql`select
          (select count(*)::int from diary_entries where user_id = ${actor.userId}
             and visited_at >= ${new Date(`${day}T00:00:00+08:00`)}) as diary,
          (select count(*)::int from events where status = any(${sql.param([...OPEN_STATUSES])}::text[])
             and (assignee_user_id = ${actor.userId}
               or (assignee_user_id is null and assignee_place_id = any(${sql.param(gridIds)}::uuid[])))) as open,
          (select count(*)::int from events where status = any(${sql.param([...OPEN_STATUSES])}::text[])
             and deadline_at < ${clock.now()}
             and (assignee_user_id = ${actor.userId}
               or (assignee_user_id is null and assignee_place_id = any(${sql.param(gridIds)}::uuid[])))) as overdue`,
      );
      return {
        day,
        grids: grids.map((g) => ({ id: g.id, name: g.name })),
        checkedIn: checked ? { at: checked.at.toISOString(), gridName: checked.gridName } : null,
        dueVisits: due
          .sort((a, b) => a.nextVisitDue.localeCompare(b.nextVisitDue))
          .map((c) => ({
            caseId: c.id,
            kind: c.kind,
            group: c.group,
            person: { id: c.person.id, name: c.person.name },
            address: c.address,
            nextVisitDue: c.nextVisitDue,
            overdueDays: c.overdueDays,
          })),
        diaryToday: counts.diary,
        openEvents: counts.open,
        overdueEvents: counts.overdue,
      };
    },
  };
}
