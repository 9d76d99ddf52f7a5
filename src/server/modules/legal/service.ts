import { and, gte, like, lt, type SQL, sql } from 'drizzle-orm';
import { LEGAL_KIND_UNITS, LEGAL_KINDS, type LegalKind } from '../../../shared/legal.js';
import { escapeLike } from '../../db/sql.js';
import { addCalendarDays, shanghaiDate, startOfDayShanghai } from '../../platform/calendar/index.js';
import type { Ctx } from '../../platform/context.js';
import { badRequest } from '../../platform/errors.js';
import { type LegalDeps, placeNames } from './common.js';
import { createRecordsService } from './records.js';
import { createRequestsService } from './requests.js';
import { createRosterService } from './roster.js';
import {
  legalAgreements,
  legalArticles,
  legalBoards,
  legalContacts,
  legalDutySlots,
  legalRequests,
  schoolAttendees,
  schoolCourses,
  schoolSessions,
} from './schema.js';
import { createSchoolService } from './school.js';

export type { LegalDeps } from './common.js';

/** Tables whose rows carry a copied place path. */
const PATHED = [
  legalRequests,
  legalDutySlots,
  legalContacts,
  legalAgreements,
  legalArticles,
  legalBoards,
  schoolCourses,
  schoolSessions,
  schoolAttendees,
] as const;

const zeroCounts = () =>
  Object.fromEntries(Object.keys(LEGAL_KINDS).map((k) => [k, 0])) as Record<LegalKind, number>;

export function createLegalService(deps: LegalDeps) {
  const { db } = deps;
  const requests = createRequestsService(deps);
  const roster = createRosterService(deps);
  const records = createRecordsService(deps);
  const school = createSchoolService(deps);

  deps.org.places.onSubtreeMoved(async (oldPath, newPath) => {
    for (const table of PATHED) {
      await db
        .update(table)
        .set({ placePath: sql`${newPath} || substr(${table.placePath}, ${oldPath.length + 1})` })
        .where(like(table.placePath, `${escapeLike(oldPath)}%`));
    }
  });

  return {
    requests,
    roster,
    records,
    school,

    /**
     * The service log (服务台账): requests by kind, month and place over a period, counted by the day
     * they came in (Asia/Shanghai), with the units the seed reports them in.
     */
    async stats(ctx: Ctx, q: { placeId?: string; from: string; to: string }) {
      if (q.to < q.from) throw badRequest('结束日期不能早于开始日期', { to: '请重新选择' });
      const filters: SQL[] = [
        ctx.actor!.scopeFilter('legal.read', legalRequests.placePath),
        gte(legalRequests.createdAt, startOfDayShanghai(q.from)),
        lt(legalRequests.createdAt, startOfDayShanghai(addCalendarDays(q.to, 1))),
      ];
      // Without a place, one level under the caller's own area (a street's staff see its communities).
      const roots = ctx.actor!.scope('legal.read');
      let depth = roots !== 'all' && roots.length === 1 ? roots[0].split('/').filter(Boolean).length : 0;
      if (q.placeId) {
        const p = await deps.org.places.visible(ctx, q.placeId, 'legal.read');
        filters.push(like(legalRequests.placePath, `${escapeLike(p.path)}%`));
        depth = p.depth + 1;
      }
      const month = sql<string>`to_char(${legalRequests.createdAt} at time zone 'Asia/Shanghai', 'YYYY-MM')`;
      // The place one level under the chosen one (or the root) each request lies in; the part number
      // is a literal, not a parameter, so that GROUP BY sees the same expression as the SELECT.
      const child = sql<string>`split_part(${legalRequests.placePath}, '/', ${sql.raw(String(depth + 2))})`;
      const rows = await db
        .select({
          month,
          child,
          kind: legalRequests.kind,
          n: sql<number>`count(*)::int`,
          open: sql<number>`count(*) filter (where ${legalRequests.status} <> 'closed')::int`,
          ratingSum: sql<number>`coalesce(sum(${legalRequests.rating}), 0)::int`,
          rated: sql<number>`count(${legalRequests.rating})::int`,
        })
        .from(legalRequests)
        .where(and(...filters))
        .groupBy(month, child, legalRequests.kind);
      const byKind = zeroCounts();
      const months = new Map<string, Record<LegalKind, number>>();
      const children = new Map<string, Record<LegalKind, number>>();
      let open = 0;
      let ratingSum = 0;
      let rated = 0;
      for (const r of rows) {
        const kind = r.kind as LegalKind;
        byKind[kind] += r.n;
        if (!months.has(r.month)) months.set(r.month, zeroCounts());
        months.get(r.month)![kind] += r.n;
        // A request filed at the chosen place itself counts under that place.
        const at = r.child || q.placeId || '';
        if (!children.has(at)) children.set(at, zeroCounts());
        children.get(at)![kind] += r.n;
        open += r.open;
        ratingSum += r.ratingSum;
        rated += r.rated;
      }
      const names = await placeNames(db, [...children.keys()]);
      const sum = (c: Record<LegalKind, number>) => Object.values(c).reduce((a, b) => a + b, 0);
      return {
        from: q.from,
        to: q.to,
        total: sum(byKind),
        byKind: (Object.keys(LEGAL_KINDS) as LegalKind[]).map((k) => ({
          kind: k,
          label: LEGAL_KINDS[k],
          unit: LEGAL_KIND_UNITS[k],
          count: byKind[k],
        })),
        byMonth: [...months]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([m, counts]) => ({ month: m, counts, total: sum(counts) })),
        byPlace: [...children]
          .map(([id, counts]) => ({ placeId: id, name: names.get(id) ?? '', counts, total: sum(counts) }))
          .sort((a, b) => b.total - a.total),
        open,
        averageRating: rated ? Math.round((ratingSum / rated) * 10) / 10 : null,
      };
    },

    /** What the public legal page shows of a place: where it is, who is on duty, classes to join. */
    async publicPlace(placeId: string) {
      const { place, estate, community } = await requests.publicPlace(placeId);
      const today = shanghaiDate(deps.clock.now());
      return {
        id: place.id,
        name: place.name,
        estateName: estate?.name ?? null,
        communityName: community?.name ?? null,
        duty: await roster.upcomingAt(place.path, today, addCalendarDays(today, 14)),
        contacts: estate ? await roster.boardContacts(estate.path) : [],
        sessions: await school.upcomingAt(place.path),
      };
    },

    /** 法律明白人 of an estate for its public grid board (the grid module asks through this). */
    boardContacts: (estatePath: string) => roster.boardContacts(estatePath),
  };
}

export type LegalService = ReturnType<typeof createLegalService>;
