import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { sweepBody, sweepListQuery } from '../../../shared/api/mediation.js';
import type { CaseStatus } from '../../../shared/mediation.js';
import { escapeLike } from '../../db/sql.js';
import type { Ctx } from '../../platform/context.js';
import { badRequest } from '../../platform/errors.js';
import type { CasesService } from './cases.js';
import type { MediationDeps } from './common.js';
import { mediationCases, mediationCommittees, mediationSweeps } from './schema.js';
import type { CommitteesService } from './service.js';

/** 矛盾纠纷排查: a sweep of a committee's place, each finding registered as a case in one go. */
export function createSweepsService(deps: MediationDeps, committees: CommitteesService, cases: CasesService) {
  const { db, audit, org } = deps;

  async function create(ctx: Ctx, body: z.infer<typeof sweepBody>) {
    const committee = await committees.committeeFor(ctx, body.committeeId, 'mediation.manage');
    if (!ctx.actor!.inScope('mediation.work', committee.placePath))
      throw badRequest('您不能在该调委会登记排查', { committeeId: '请重新选择调委会' });
    // Each finding lies at the committee's place or below it.
    for (const [i, f] of body.findings.entries()) {
      if (!f.placeId) continue;
      const p = await org.places.find(f.placeId);
      if (!p?.path.startsWith(committee.placePath))
        throw badRequest('纠纷地点不在该调委会的辖区内', { [`findings.${i}.placeId`]: '请重新选择地点' });
    }
    return db.transaction(async () => {
      const [s] = await db
        .insert(mediationSweeps)
        .values({
          committeeId: committee.id,
          placeId: committee.placeId,
          placePath: committee.placePath,
          heldOn: body.heldOn,
          participants: body.participants,
          summary: body.summary,
          createdBy: ctx.actor!.userId,
        })
        .returning({ id: mediationSweeps.id });
      const created: string[] = [];
      for (const f of body.findings) {
        const c = await cases.create(
          ctx,
          {
            placeId: f.placeId ?? committee.placeId,
            source: 'sweep',
            eventId: null,
            title: f.title,
            description: f.description,
            category: f.category,
            subcategory: f.subcategory || null,
            scale: f.scale,
            amount: null,
            riskFlag: f.riskLevel !== null,
            riskLevel: f.riskLevel,
            riskNote: '',
            parties: [],
          },
          { sweepId: s.id },
        );
        created.push(c.id);
      }
      await audit.record(ctx, {
        action: 'mediation.sweep.create',
        targetType: 'mediation_sweep',
        targetId: s.id,
        placeId: committee.placeId,
        placePath: committee.placePath,
        after: { heldOn: body.heldOn, findings: body.findings.length },
      });
      return { id: s.id, caseIds: created };
    });
  }

  async function list(ctx: Ctx, q: z.infer<typeof sweepListQuery>) {
    const filters = [ctx.actor!.scopeFilter('mediation.read', mediationSweeps.placePath)];
    if (q.placeId) {
      const p = await org.places.visible(ctx, q.placeId, 'mediation.read');
      filters.push(sql`${mediationSweeps.placePath} like ${`${escapeLike(p.path)}%`}`);
    }
    const where = and(...filters);
    const found = await db
      .select({
        id: mediationSweeps.id,
        committeeId: mediationSweeps.committeeId,
        committeeName: mediationCommittees.name,
        placeName: sql<string>`(select name from places p where p.id = ${mediationSweeps.placeId})`,
        heldOn: mediationSweeps.heldOn,
        participants: mediationSweeps.participants,
        summary: mediationSweeps.summary,
        total: sql<number>`(count(*) over ())::int`,
      })
      .from(mediationSweeps)
      .innerJoin(mediationCommittees, eq(mediationCommittees.id, mediationSweeps.committeeId))
      .where(where)
      .orderBy(desc(mediationSweeps.heldOn), desc(mediationSweeps.createdAt))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize);
    const ids = found.map((s) => s.id);
    const linked = ids.length
      ? await db
          .select({
            id: mediationCases.id,
            no: mediationCases.no,
            title: mediationCases.title,
            status: mediationCases.status,
            sweepId: mediationCases.sweepId,
          })
          .from(mediationCases)
          .where(inArray(mediationCases.sweepId, ids))
      : [];
    const total =
      found[0]?.total ??
      (await db.select({ n: sql<number>`count(*)::int` }).from(mediationSweeps).where(where))[0].n;
    return {
      items: found.map(({ total: _, ...s }) => ({
        ...s,
        cases: linked
          .filter((c) => c.sweepId === s.id)
          .map((c) => ({ id: c.id, no: c.no, title: c.title, status: c.status as CaseStatus })),
      })),
      total,
      page: q.page,
      pageSize: q.pageSize,
    };
  }

  return { create, list };
}
