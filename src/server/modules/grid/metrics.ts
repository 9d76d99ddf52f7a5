import { eq, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { metricsQuery } from '../../../shared/api/grid.js';
import { categoryLabel, type EventStatus } from '../../../shared/grid.js';
import { escapeLike, rows } from '../../db/sql.js';
import type { Ctx } from '../../platform/context.js';
import { badRequest } from '../../platform/errors.js';
import { places } from '../org/schema.js';
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
      let parent: { id: string; depth: number } | null = null;
      const filters: SQL[] = [];
      if (q.placeId) {
        const p = await deps.org.places.visible(ctx, q.placeId, 'grid.read');
        filters.push(sql`e.place_path like ${`${escapeLike(p.path)}%`}`);
        parent = { id: p.id, depth: p.depth };
      } else if (scope !== 'all') {
        if (scope.length === 0) filters.push(sql`false`);
        else
          filters.push(
            sql`(${sql.join(
              scope.map((s) => sql`e.place_path like ${`${escapeLike(s)}%`}`),
              sql` or `,
            )})`,
          );
        if (scope.length === 1) {
          const ids = scope[0].split('/').filter(Boolean);
          parent = { id: ids.at(-1)!, depth: ids.length - 1 };
        }
      }
      const from = new Date(`${q.from}T00:00:00+08:00`);
      const to = new Date(Date.parse(`${q.to}T00:00:00+08:00`) + 86_400_000);
      filters.push(sql`e.created_at >= ${from} and e.created_at < ${to}`);
      const where = sql.join(filters, sql` and `);

      // One pass over the period's events: the totals and each breakdown are grouping sets of it.
      // A child place is the path segment after the parent's (the path is the chain of ids).
      const childSegment = parent ? parent.depth + 3 : 0;
      const grouped = await rows<{
        g: number;
        category: string | null;
        status: EventStatus | null;
        month: string | null;
        child: string | null;
        received: number;
        closed: number;
        signed: number;
        on_time: number;
        confirmed: number;
        solved: number;
        rated: number;
        satisfied: number;
        hours: number | null;
      }>(
        db,
        sql`select grouping(category, status, month, child) as g, category, status, month, child,
              count(*)::int as received,
              count(*) filter (where closed_at is not null)::int as closed,
              count(*) filter (where accepted_at is not null and accepted_at <= created_at + interval '24 hours')::int as signed,
              count(*) filter (where closed_at is not null and closed_at <= deadline_at)::int as on_time,
              count(*) filter (where resident_confirmed is not null)::int as confirmed,
              count(*) filter (where resident_confirmed)::int as solved,
              count(*) filter (where rating is not null)::int as rated,
              count(*) filter (where rating >= 4)::int as satisfied,
              (avg(extract(epoch from closed_at - created_at)) filter (where closed_at is not null) / 3600)::float8 as hours
            from (
              select e.category, e.status, e.closed_at, e.accepted_at, e.created_at, e.deadline_at,
                e.resident_confirmed, e.rating,
                to_char(e.created_at at time zone 'Asia/Shanghai', 'YYYY-MM') as month,
                ${childSegment ? sql`split_part(e.place_path, '/', ${childSegment})` : sql`null::text`} as child
              from events e where ${where}
            ) x
            group by grouping sets ((), (category), (status), (month), (child))`,
      );
      // grouping() bits, left to right: category 8, status 4, month 2, child 1.
      const totals = grouped.find((r) => r.g === 15) ?? {
        received: 0,
        closed: 0,
        signed: 0,
        on_time: 0,
        confirmed: 0,
        solved: 0,
        rated: 0,
        satisfied: 0,
        hours: null,
      };
      const byCategory = grouped
        .filter((r) => r.g === 7)
        .map((r) => ({ category: r.category!, count: r.received }))
        .sort((a, b) => b.count - a.count);
      const byStatus = grouped
        .filter((r) => r.g === 11)
        .map((r) => ({ status: r.status!, count: r.received }));
      const byMonth = grouped
        .filter((r) => r.g === 13)
        .map((r) => ({ month: r.month!, received: r.received, closed: r.closed }))
        .sort((a, b) => a.month.localeCompare(b.month));
      const counted = new Map(grouped.filter((r) => r.g === 14 && r.child).map((r) => [r.child!, r]));
      const children = parent
        ? await db
            .select({ id: places.id, name: places.name })
            .from(places)
            .where(eq(places.parentId, parent.id))
            .orderBy(places.sortOrder, places.name)
        : [];
      const byChild = children.map((c) => {
        const r = counted.get(c.id);
        return {
          place_id: c.id,
          name: c.name,
          received: r?.received ?? 0,
          closed: r?.closed ?? 0,
          on_time: r?.on_time ?? 0,
          rated: r?.rated ?? 0,
          satisfied: r?.satisfied ?? 0,
        };
      });
      return {
        received: totals.received,
        closed: totals.closed,
        signedWithin24h: totals.signed,
        responseRate: ratio(totals.signed, totals.received),
        onTimeRate: ratio(totals.on_time, totals.closed),
        resolutionRate: ratio(totals.solved, totals.confirmed),
        satisfactionRate: ratio(totals.satisfied, totals.rated),
        meanHoursToClose: totals.hours === null ? null : Math.round(totals.hours * 10) / 10,
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
