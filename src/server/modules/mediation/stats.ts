import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { MediationStats, statsQuery } from '../../../shared/api/mediation.js';
import {
  CASE_LEVELS,
  CASE_NORM_DAYS,
  CASE_SOURCES,
  type CaseLevel,
  DISPUTE_CATEGORIES,
  OUTCOMES,
} from '../../../shared/mediation.js';
import { escapeLike, rows } from '../../db/sql.js';
import { endOfDayShanghai, startOfDayShanghai } from '../../platform/calendar/index.js';
import type { Ctx } from '../../platform/context.js';
import { badRequest } from '../../platform/errors.js';
import type { MediationDeps } from './common.js';

interface BucketRow {
  key: string;
  total: number;
  agreed: number;
  failed: number;
  open: number;
  mean_days: string | null;
  over_norm: number;
}

function bucket(r: BucketRow | undefined, key: string, label: string) {
  const agreed = r?.agreed ?? 0;
  const failed = r?.failed ?? 0;
  return {
    key,
    label,
    total: r?.total ?? 0,
    agreed,
    failed,
    open: r?.open ?? 0,
    successRate: agreed + failed === 0 ? null : Math.round((agreed / (agreed + failed)) * 1000) / 10,
    meanDays: r?.mean_days === null || r?.mean_days === undefined ? null : Number(r.mean_days),
    overNorm: r?.over_norm ?? 0,
  };
}

/** 调解统计 of the cases registered in a period: by level, category, outcome, source; the time at each level. */
export function createStatsService(deps: MediationDeps) {
  const { db, clock, org } = deps;

  return async function stats(ctx: Ctx, q: z.infer<typeof statsQuery>): Promise<MediationStats> {
    if (q.to < q.from) throw badRequest('结束日期不能早于开始日期', { to: '请检查日期' });
    const scope = ctx.actor!.scopeFilter('mediation.read', sql.raw('c.place_path') as never);
    let under = sql`true`;
    if (q.placeId) {
      const p = await org.places.visible(ctx, q.placeId, 'mediation.read');
      under = sql`c.place_path like ${`${escapeLike(p.path)}%`}`;
    }
    const from = startOfDayShanghai(q.from);
    const to = endOfDayShanghai(q.to);
    const now = clock.now();
    const base = sql`from mediation_cases c where ${scope} and ${under} and c.created_at >= ${from} and c.created_at <= ${to}`;
    // A resolved outcome counts agreements (书面/口头) against failures; a declined case is neither.
    const grouped = await rows<BucketRow & { grp: number; level: string | null; category: string | null }>(
      db,
      sql`select grouping(c.level, c.category)::int as grp, c.level, c.category,
            count(*)::int as total,
            count(*) filter (where c.outcome in ('written','oral'))::int as agreed,
            count(*) filter (where c.outcome = 'failed')::int as failed,
            count(*) filter (where c.status in ('intake','mediating'))::int as open,
            round(avg(extract(epoch from (c.resolved_at - c.accepted_at)) / 86400) filter (where c.resolved_at is not null and c.accepted_at is not null)::numeric, 1)::text as mean_days,
            count(*) filter (where c.accepted_at is not null and coalesce(c.resolved_at, ${now}) - c.accepted_at > make_interval(days => ${CASE_NORM_DAYS}))::int as over_norm,
            '' as key
          ${base}
          group by grouping sets ((c.level), (c.category), ())`,
    );
    const [outcomes, sources, levelDays] = await Promise.all([
      rows<{ key: string; count: number }>(
        db,
        sql`select coalesce(c.outcome, c.status) as key, count(*)::int as count ${base} group by 1 order by 2 desc`,
      ),
      rows<{ key: string; count: number }>(
        db,
        sql`select c.source as key, count(*)::int as count ${base} group by 1 order by 2 desc`,
      ),
      // Each stay at a level runs from the case's start or its last transfer to the next transfer or its resolution.
      rows<{ level: string; mean_days: string | null }>(
        db,
        sql`with marks as (
              select c.id, c.created_at as at, null::text as from_level, c.level as final_level,
                     coalesce(c.resolved_at, c.closed_at, ${now}) as ended
              ${base}
            ), moves as (
              select m.id, s.at, s.data->>'fromLevel' as from_level, m.final_level, m.ended
              from marks m join mediation_steps s on s.case_id = m.id and s.action = 'transfer_up'
            ), stays as (
              select id, at as started,
                     lead(at) over (partition by id order by at) as next_at,
                     lead(from_level) over (partition by id order by at) as level_here,
                     final_level, ended
              from (select id, at, from_level, final_level, ended from marks
                    union all select id, at, from_level, final_level, ended from moves) x
            )
            select coalesce(level_here, final_level) as level,
                   round(avg(extract(epoch from (coalesce(next_at, ended) - started)) / 86400)::numeric, 1)::text as mean_days
            from stays group by 1`,
      ),
    ]);
    const total = grouped.find((g) => g.grp === 3);
    return {
      total: bucket(total, 'all', '合计'),
      byLevel: (Object.keys(CASE_LEVELS) as CaseLevel[]).map((l) =>
        bucket(
          grouped.find((g) => g.grp === 1 && g.level === l),
          l,
          CASE_LEVELS[l],
        ),
      ),
      byCategory: grouped
        .filter((g) => g.grp === 2)
        .sort((a, b) => b.total - a.total)
        .map((g) => bucket(g, g.category!, DISPUTE_CATEGORIES[g.category!]?.label ?? g.category!)),
      byOutcome: outcomes.map((o) => ({
        key: o.key,
        label:
          (OUTCOMES as Record<string, string>)[o.key] ??
          ({ intake: '待受理', mediating: '调解中', declined: '不予受理' } as Record<string, string>)[
            o.key
          ] ??
          o.key,
        count: o.count,
      })),
      bySource: sources.map((s) => ({
        key: s.key,
        label: (CASE_SOURCES as Record<string, string>)[s.key] ?? s.key,
        count: s.count,
      })),
      daysAtLevel: (Object.keys(CASE_LEVELS) as CaseLevel[]).map((l) => {
        const d = levelDays.find((x) => x.level === l);
        return { level: l, label: CASE_LEVELS[l], meanDays: d?.mean_days ? Number(d.mean_days) : null };
      }),
    };
  };
}
