import { type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { metricsQuery } from '../../../shared/api/grid.js';
import { categoryLabel, type EventStatus } from '../../../shared/grid.js';
import { escapeLike, rows } from '../../db/sql.js';
import type { Ctx } from '../../platform/context.js';
import { badRequest } from '../../platform/errors.js';
import type { GridDeps } from './common.js';

const ratio = (n: number, d: number) => (d === 0 ? null : Math.round((n / d) * 1000) / 1000);

/**
 * The 三率 and friends over events received in a period: 响应率 (signed for within 24 hours),
 * 按期办结率, 解决率 (the resident's own confirmation, not the handler's), 满意率 (rated 4 or 5).
 */
export function createMetricsService(deps: GridDeps) {
  const { db } = deps;

  return {
    async of(ctx: Ctx, q: z.infer<typeof metricsQuery>) {
      if (q.to < q.from) throw badRequest('结束日期不能早于开始日期', { to: '请检查日期' });
      if (Date.parse(q.to) - Date.parse(q.from) > 366 * 86_400_000)
        throw badRequest('统计区间最长一年', { from: '请缩短统计区间' });
      const actor = ctx.actor!;
      const scope = actor.scope('grid.read');
      let parentId: string | null = null;
      const filters: SQL[] = [];
      if (q.placeId) {
        const p = await deps.org.places.visible(ctx, q.placeId, 'grid.read');
        filters.push(sql`e.place_path like ${`${escapeLike(p.path)}%`}`);
        parentId = p.id;
      } else if (scope !== 'all') {
        if (scope.length === 0) filters.push(sql`false`);
        else
          filters.push(
            sql`(${sql.join(
              scope.map((s) => sql`e.place_path like ${`${escapeLike(s)}%`}`),
              sql` or `,
            )})`,
          );
        if (scope.length === 1) parentId = scope[0].split('/').filter(Boolean).at(-1) ?? null;
      }
      const from = new Date(`${q.from}T00:00:00+08:00`);
      const to = new Date(Date.parse(`${q.to}T00:00:00+08:00`) + 86_400_000);
      filters.push(sql`e.created_at >= ${from} and e.created_at < ${to}`);
      const where = sql.join(filters, sql` and `);

      const [totals] = await rows<{
        received: number;
        closed: number;
        signed: number;
        on_time: number;
        confirmed: number;
        solved: number;
        rated: number;
        satisfied: number;
        mean_hours: number | null;
      }>(
        db,
        sql`select count(*)::int as received,
            count(*) filter (where e.closed_at is not null)::int as closed,
            count(*) filter (where e.accepted_at is not null and e.accepted_at <= e.created_at + interval '24 hours')::int as signed,
            count(*) filter (where e.closed_at is not null and e.closed_at <= e.deadline_at)::int as on_time,
            count(*) filter (where e.resident_confirmed is not null)::int as confirmed,
            count(*) filter (where e.resident_confirmed)::int as solved,
            count(*) filter (where e.rating is not null)::int as rated,
            count(*) filter (where e.rating >= 4)::int as satisfied,
            (avg(extract(epoch from e.closed_at - e.created_at)) filter (where e.closed_at is not null) / 3600)::float8 as mean_hours
          from events e where ${where}`,
      );
      const [byCategory, byStatus, byMonth, byChild] = await Promise.all([
        rows<{ category: string; count: number }>(
          db,
          sql`select e.category, count(*)::int as count from events e where ${where} group by 1 order by 2 desc`,
        ),
        rows<{ status: EventStatus; count: number }>(
          db,
          sql`select e.status, count(*)::int as count from events e where ${where} group by 1`,
        ),
        rows<{ month: string; received: number; closed: number }>(
          db,
          sql`select to_char(e.created_at at time zone 'Asia/Shanghai', 'YYYY-MM') as month,
                count(*)::int as received, count(*) filter (where e.closed_at is not null)::int as closed
              from events e where ${where} group by 1 order by 1`,
        ),
        parentId
          ? rows<{
              place_id: string;
              name: string;
              received: number;
              on_time: number;
              closed: number;
              rated: number;
              satisfied: number;
            }>(
              db,
              sql`select c.id as place_id, c.name, count(e.id)::int as received,
                    count(e.id) filter (where e.closed_at is not null)::int as closed,
                    count(e.id) filter (where e.closed_at <= e.deadline_at)::int as on_time,
                    count(e.id) filter (where e.rating is not null)::int as rated,
                    count(e.id) filter (where e.rating >= 4)::int as satisfied
                  from places c
                  left join events e on e.place_path like c.path || '%' and ${where}
                  where c.parent_id = ${parentId}
                  group by c.id, c.name, c.sort_order order by c.sort_order, c.name`,
            )
          : Promise.resolve([]),
      ]);
      return {
        received: totals.received,
        closed: totals.closed,
        signedWithin24h: totals.signed,
        responseRate: ratio(totals.signed, totals.received),
        onTimeRate: ratio(totals.on_time, totals.closed),
        resolutionRate: ratio(totals.solved, totals.confirmed),
        satisfactionRate: ratio(totals.satisfied, totals.rated),
        meanHoursToClose: totals.mean_hours === null ? null : Math.round(totals.mean_hours * 10) / 10,
        byCategory: byCategory.map((c) => ({ ...c, label: categoryLabel(c.category) })),
        byStatus,
        byMonth,
        byChild: byChild.map((c) => ({
          placeId: c.place_id,
          name: c.name,
          received: c.received,
          onTimeRate: ratio(c.on_time, c.closed),
          satisfactionRate: ratio(c.satisfied, c.rated),
        })),
      };
    },
  };
}
