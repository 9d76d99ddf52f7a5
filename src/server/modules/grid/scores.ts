import { eq, inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { scoreRuleBody, scoresQuery } from '../../../shared/api/grid.js';
import { MIN_DIARY_CHARS, SCORE_ITEM_KEYS, SCORE_ITEMS, type ScoreItem } from '../../../shared/grid.js';
import { escapeLike, rows } from '../../db/sql.js';
import type { Ctx } from '../../platform/context.js';
import { places, users } from '../org/schema.js';
import type { GridDeps } from './common.js';
import { gridMembers, gridScoreRules } from './schema.js';

type Items = Record<ScoreItem, { weight: number; target: number }>;

export const DEFAULT_SCORE_ITEMS: Items = Object.fromEntries(
  SCORE_ITEM_KEYS.map((k) => [k, { weight: SCORE_ITEMS[k].weight, target: SCORE_ITEMS[k].target }]),
) as Items;

const ratio = (n: number, d: number) => (d === 0 ? null : n / d);
const round = (n: number, places = 1) => Math.round(n * 10 ** places) / 10 ** places;

/** The points of each item and the total: weight × min(1, achieved ÷ target). A rate nobody could earn yet counts as met. */
export function scoreOf(items: Items, achieved: Record<ScoreItem, number | null>) {
  const points = {} as Record<ScoreItem, number>;
  let total = 0;
  for (const k of SCORE_ITEM_KEYS) {
    const value = achieved[k];
    const share = value === null ? 1 : Math.min(1, value / items[k].target);
    points[k] = round(items[k].weight * share);
    total += items[k].weight * share;
  }
  return { points, score: round(total) };
}

/**
 * 月考评 of grid workers from what they recorded: visits (one per household, person or place per day,
 * with a real note), households reached, events reported (duplicates left out), closed on time, and
 * residents' satisfaction. Every figure links to the records behind it.
 */
export function createScoresService(deps: GridDeps) {
  const { db, audit, clock } = deps;

  /** The rule of the nearest place on the path that has one; the defaults otherwise. */
  async function ruleFor(path: string) {
    const ids = path.split('/').filter(Boolean);
    const found = ids.length
      ? await db
          .select({
            placeId: gridScoreRules.placeId,
            items: gridScoreRules.items,
            name: places.name,
            depth: places.depth,
          })
          .from(gridScoreRules)
          .innerJoin(places, eq(places.id, gridScoreRules.placeId))
          .where(inArray(gridScoreRules.placeId, ids))
      : [];
    const nearest = found.sort((a, b) => b.depth - a.depth)[0];
    return nearest
      ? { placeId: nearest.placeId, placeName: nearest.name, items: nearest.items as Items }
      : { placeId: null, placeName: null, items: DEFAULT_SCORE_ITEMS };
  }

  async function placeOrRoot(ctx: Ctx, placeId?: string) {
    if (placeId) return deps.org.places.visible(ctx, placeId, 'grid.read');
    const scope = ctx.actor!.scope('grid.read');
    if (scope === 'all' || scope.length !== 1) {
      const [root] = await db.select().from(places).where(sql`${places.parentId} is null`).limit(1);
      return root;
    }
    const id = scope[0].split('/').filter(Boolean).at(-1)!;
    return deps.org.places.visible(ctx, id, 'grid.read');
  }

  return {
    async rule(ctx: Ctx, placeId?: string) {
      const place = await placeOrRoot(ctx, placeId);
      return ruleFor(place.path);
    },

    async setRule(ctx: Ctx, body: z.infer<typeof scoreRuleBody>) {
      const place = await deps.org.places.visible(ctx, body.placeId, 'grid.manage');
      const before = await ruleFor(place.path);
      await db.transaction(async () => {
        await db
          .insert(gridScoreRules)
          .values({
            placeId: place.id,
            placePath: place.path,
            items: body.items,
            updatedBy: ctx.actor!.userId,
            updatedAt: clock.now(),
          })
          .onConflictDoUpdate({
            target: gridScoreRules.placeId,
            set: { items: body.items, updatedBy: ctx.actor!.userId, updatedAt: clock.now() },
          });
        await audit.record(ctx, {
          action: 'grid_score_rule.set',
          targetType: 'place',
          targetId: place.id,
          placeId: place.id,
          placePath: place.path,
          before: before.items,
          after: body.items,
        });
      });
    },

    async monthly(ctx: Ctx, q: z.infer<typeof scoresQuery>) {
      const place = await placeOrRoot(ctx, q.placeId);
      const rule = await ruleFor(place.path);
      const from = new Date(`${q.month}-01T00:00:00+08:00`);
      const [y, m] = q.month.split('-').map(Number);
      const nextMonth = `${m === 12 ? y + 1 : y}-${String(m === 12 ? 1 : m + 1).padStart(2, '0')}`;
      const to = new Date(`${nextMonth}-01T00:00:00+08:00`);
      const lastDay = new Date(to.getTime() - 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
      const under = `${escapeLike(place.path)}%`;

      // The workers: members with an account on a grid here, and holders of grid.work at a grid here.
      const workers = await rows<{
        user_id: string;
        name: string;
        grid_id: string;
        grid_name: string;
        grid_path: string;
      }>(
        db,
        sql`select distinct u.id as user_id, u.display_name as name, g.id as grid_id, g.name as grid_name, g.path as grid_path
            from ${gridMembers} m join ${users} u on u.id = m.user_id join ${places} g on g.id = m.grid_id
            where g.path like ${under} and u.active
          union
          select distinct u.id, u.display_name, g.id, g.name, g.path
            from user_roles ur join roles r on r.id = ur.role_id join ${users} u on u.id = ur.user_id
            join ${places} g on g.id = ur.place_id
            where g.kind = 'grid' and g.path like ${under} and 'grid.work' = any(r.permissions) and u.active`,
      );
      const visible = workers.filter((w) => ctx.actor!.inScope('grid.read', w.grid_path));
      const byUser = new Map<string, { name: string; grids: { id: string; name: string; path: string }[] }>();
      for (const w of visible) {
        const entry = byUser.get(w.user_id) ?? { name: w.name, grids: [] };
        if (!entry.grids.some((g) => g.id === w.grid_id))
          entry.grids.push({ id: w.grid_id, name: w.grid_name, path: w.grid_path });
        byUser.set(w.user_id, entry);
      }
      const ids = [...byUser.keys()];
      if (ids.length === 0) return { month: q.month, rule, items: [] };

      const idList = sql`${sql.param(ids)}::uuid[]`;
      const [visits, reported, handled] = await Promise.all([
        rows<{ user_id: string; entries: number; visits: number; households: number }>(
          db,
          sql`select user_id, count(*)::int as entries,
                count(distinct (coalesce(house_id, person_id, place_id), (visited_at at time zone 'Asia/Shanghai')::date))
                  filter (where char_length(btrim(said)) >= ${MIN_DIARY_CHARS})::int as visits,
                count(distinct house_id) filter (where char_length(btrim(said)) >= ${MIN_DIARY_CHARS})::int as households
              from diary_entries
              where user_id = any(${idList}) and visited_at >= ${from} and visited_at < ${to}
              group by user_id`,
        ),
        rows<{ user_id: string; all: number; counted: number }>(
          db,
          sql`select reporter_id as user_id, count(*)::int as all,
                count(*) filter (where closure_kind is distinct from 'duplicate')::int as counted
              from events
              where reporter_id = any(${idList}) and created_at >= ${from} and created_at < ${to}
              group by reporter_id`,
        ),
        rows<{ user_id: string; closed: number; on_time: number; rated: number; satisfied: number }>(
          db,
          sql`select assignee_user_id as user_id, count(*)::int as closed,
                count(*) filter (where closed_at <= deadline_at)::int as on_time,
                count(*) filter (where rating is not null)::int as rated,
                count(*) filter (where rating >= 4)::int as satisfied
              from events
              where assignee_user_id = any(${idList}) and closed_at >= ${from} and closed_at < ${to}
                and closure_kind is distinct from 'duplicate'
              group by assignee_user_id`,
        ),
      ]);
      const totals = await Promise.all(
        ids.map(async (id) => {
          const grids = byUser.get(id)!.grids;
          const [{ n }] = await rows<{ n: number }>(
            db,
            sql`select count(*)::int as n from houses where ${sql.join(
              grids.map((g) => sql`place_path like ${`${escapeLike(g.path)}%`}`),
              sql` or `,
            )}`,
          );
          return [id, n] as const;
        }),
      );
      const householdTotal = new Map(totals);

      const items = ids.map((id) => {
        const w = byUser.get(id)!;
        const v = visits.find((r) => r.user_id === id);
        const r = reported.find((x) => x.user_id === id);
        const h = handled.find((x) => x.user_id === id);
        const total = householdTotal.get(id) ?? 0;
        const achieved = {
          visits: v?.visits ?? 0,
          coverage: ratio(v?.households ?? 0, total),
          reported: r?.counted ?? 0,
          onTime: ratio(h?.on_time ?? 0, h?.closed ?? 0),
          satisfaction: ratio(h?.satisfied ?? 0, h?.rated ?? 0),
        };
        const { points, score } = scoreOf(rule.items, achieved);
        const period = `from=${q.month}-01&to=${lastDay}`;
        return {
          userId: id,
          name: w.name,
          grids: w.grids.map((g) => g.name),
          visits: achieved.visits,
          diaryEntries: v?.entries ?? 0,
          households: v?.households ?? 0,
          householdTotal: total,
          coverage: achieved.coverage === null ? null : round(achieved.coverage, 3),
          reported: achieved.reported,
          reportedAll: r?.all ?? 0,
          closed: h?.closed ?? 0,
          onTimeRate: achieved.onTime === null ? null : round(achieved.onTime, 3),
          rated: h?.rated ?? 0,
          satisfactionRate: achieved.satisfaction === null ? null : round(achieved.satisfaction, 3),
          points,
          score,
          links: {
            diary: `/grid/diary?userId=${id}&${period}`,
            reported: `/grid/events?reporterId=${id}&${period}`,
            closed: `/grid/events?assigneeUserId=${id}&closedFrom=${q.month}-01&closedTo=${lastDay}`,
          },
        };
      });
      items.sort((a, b) => b.score - a.score || a.name.localeCompare(b.name, 'zh-CN'));
      return { month: q.month, rule, items };
    },
  };
}
