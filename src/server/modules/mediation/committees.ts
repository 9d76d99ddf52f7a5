import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type {
  committeeBody,
  committeeListQuery,
  memberBody,
  updateCommitteeBody,
  updateMemberBody,
} from '../../../shared/api/mediation.js';
import { COMMITTEE_MAX, COMMITTEE_MIN, type CommitteeMemberRole } from '../../../shared/mediation.js';
import { escapeLike, rows } from '../../db/sql.js';
import type { Ctx } from '../../platform/context.js';
import { badRequest, conflict, notFound } from '../../platform/errors.js';
import { levelOfKind } from './cases.js';
import type { MediationDeps } from './common.js';
import { mediationCommittees, mediationMembers } from './schema.js';

/** What the People's Mediation Law (art. 8) asks of a committee's members and is not met. */
export function compositionWarnings(
  members: readonly { gender: string; role: string; active: boolean }[],
): string[] {
  const active = members.filter((m) => m.active);
  const out: string[] = [];
  if (active.length < COMMITTEE_MIN)
    out.push(`委员会成员 ${active.length} 人，少于法定的 ${COMMITTEE_MIN} 人`);
  if (active.length > COMMITTEE_MAX)
    out.push(`委员会成员 ${active.length} 人，多于法定的 ${COMMITTEE_MAX} 人`);
  if (!active.some((m) => m.gender === 'female')) out.push('委员会中应当有妇女成员');
  if (!active.some((m) => m.role === 'director')) out.push('尚未设主任');
  return out;
}

export function createCommitteesService(deps: MediationDeps) {
  const { db, audit, org } = deps;

  async function committeeFor(ctx: Ctx, id: string, permission: 'mediation.read' | 'mediation.manage') {
    const [c] = await db.select().from(mediationCommittees).where(eq(mediationCommittees.id, id));
    if (!c || !ctx.actor!.inScope(permission, c.placePath)) throw notFound('调解委员会不存在或无权访问');
    return c;
  }

  async function list(ctx: Ctx, q: z.infer<typeof committeeListQuery>) {
    const filters = [ctx.actor!.scopeFilter('mediation.read', mediationCommittees.placePath)];
    if (q.placeId) {
      const p = await org.places.visible(ctx, q.placeId, 'mediation.read');
      filters.push(sql`${mediationCommittees.placePath} like ${`${escapeLike(p.path)}%`}`);
    }
    const found = await rows<{
      id: string;
      place_id: string;
      place_name: string;
      place_kind: string;
      name: string;
      phone: string;
      address: string;
      response_departments: { name: string; contact: string }[];
      open_cases: number;
    }>(
      db,
      sql`select mediation_committees.id, mediation_committees.place_id, p.name as place_name, p.kind as place_kind, mediation_committees.name, mediation_committees.phone, mediation_committees.address,
            mediation_committees.response_departments,
            (select count(*)::int from mediation_cases k where k.committee_id = mediation_committees.id and k.status in ('intake','mediating')) as open_cases
          from mediation_committees join places p on p.id = mediation_committees.place_id
          where ${and(...filters)}
          order by p.depth, mediation_committees.place_path`,
    );
    const ids = found.map((c) => c.id);
    const members =
      ids.length === 0
        ? []
        : await rows<{
            id: string;
            committee_id: string;
            name: string;
            gender: string;
            role: string;
            user_id: string | null;
            person_id: string | null;
            service_phone: string;
            active: boolean;
            open_cases: number;
          }>(
            db,
            sql`select m.id, m.committee_id, m.name, m.gender, m.role, m.user_id, m.person_id, m.service_phone, m.active,
                  (select count(*)::int from mediation_assignments a join mediation_cases k on k.id = a.case_id
                    where a.member_id = m.id and k.status in ('intake','mediating')) as open_cases
                from mediation_members m where m.committee_id = any(${sql.param(ids)}::uuid[])
                order by m.active desc, case m.role when 'director' then 0 when 'member' then 1 else 2 end, m.sort_order, m.name`,
          );
    return {
      items: found.map((c) => {
        const own = members.filter((m) => m.committee_id === c.id);
        return {
          id: c.id,
          placeId: c.place_id,
          placeName: c.place_name,
          placeKind: c.place_kind,
          level: levelOfKind(c.place_kind) ?? 'estate',
          name: c.name,
          phone: c.phone,
          address: c.address,
          responseDepartments: c.response_departments,
          openCases: c.open_cases,
          members: own.map((m) => ({
            id: m.id,
            name: m.name,
            gender: m.gender as 'male',
            role: m.role as CommitteeMemberRole,
            userId: m.user_id,
            personId: m.person_id,
            servicePhone: m.service_phone,
            active: m.active,
            openCases: m.open_cases,
          })),
          warnings: compositionWarnings(own),
        };
      }),
    };
  }

  async function create(ctx: Ctx, body: z.infer<typeof committeeBody>) {
    const place = await org.places.visible(ctx, body.placeId, 'mediation.manage');
    if (!levelOfKind(place.kind))
      throw badRequest('人民调解委员会设在小区、社区或街道', { placeId: '请选择小区、社区或街道' });
    const [existing] = await db
      .select({ id: mediationCommittees.id })
      .from(mediationCommittees)
      .where(eq(mediationCommittees.placeId, place.id));
    if (existing) throw conflict('COMMITTEE_EXISTS', `${place.name}已设立调解委员会`);
    return db.transaction(async () => {
      const [c] = await db
        .insert(mediationCommittees)
        .values({ ...body, placePath: place.path })
        .returning({ id: mediationCommittees.id });
      await audit.record(ctx, {
        action: 'mediation.committee.create',
        targetType: 'mediation_committee',
        targetId: c.id,
        placeId: place.id,
        placePath: place.path,
        after: body,
      });
      return c.id;
    });
  }

  async function update(ctx: Ctx, id: string, body: z.infer<typeof updateCommitteeBody>) {
    const c = await committeeFor(ctx, id, 'mediation.manage');
    await db.transaction(async () => {
      await db.update(mediationCommittees).set(body).where(eq(mediationCommittees.id, id));
      await audit.record(ctx, {
        action: 'mediation.committee.update',
        targetType: 'mediation_committee',
        targetId: id,
        placeId: c.placeId,
        placePath: c.placePath,
        before: { name: c.name, phone: c.phone, responseDepartments: c.responseDepartments },
        after: body,
      });
    });
  }

  async function checkLinks(body: { userId?: string | null; personId?: string | null }, placePath: string) {
    if (body.userId) {
      const [u] = await rows<{ id: string }>(
        db,
        sql`select id from users where id = ${body.userId} and active`,
      );
      if (!u) throw badRequest('所选账号不存在或已停用', { userId: '请重新选择账号' });
    }
    if (body.personId) {
      const chainRoot = placePath.split('/').filter(Boolean)[0];
      const [p] = await rows<{ id: string }>(
        db,
        sql`select id from people where id = ${body.personId} and place_path like ${`/${chainRoot}/%`}`,
      );
      if (!p) throw badRequest('所选人员不在本街道的人口库中', { personId: '请重新选择人员' });
    }
  }

  async function addMember(ctx: Ctx, committeeId: string, body: z.infer<typeof memberBody>) {
    const c = await committeeFor(ctx, committeeId, 'mediation.manage');
    await checkLinks(body, c.placePath);
    return db.transaction(async () => {
      const [m] = await db
        .insert(mediationMembers)
        .values({ ...body, committeeId, placePath: c.placePath })
        .returning({ id: mediationMembers.id });
      await audit.record(ctx, {
        action: 'mediation.member.add',
        targetType: 'mediation_member',
        targetId: m.id,
        placeId: c.placeId,
        placePath: c.placePath,
        after: { name: body.name, role: body.role, gender: body.gender },
      });
      return m.id;
    });
  }

  async function memberFor(ctx: Ctx, id: string) {
    const [m] = await db.select().from(mediationMembers).where(eq(mediationMembers.id, id));
    if (!m || !ctx.actor!.inScope('mediation.manage', m.placePath)) throw notFound('调解员不存在或无权访问');
    return m;
  }

  async function updateMember(ctx: Ctx, id: string, body: z.infer<typeof updateMemberBody>) {
    const m = await memberFor(ctx, id);
    await checkLinks(body, m.placePath);
    await db.transaction(async () => {
      await db.update(mediationMembers).set(body).where(eq(mediationMembers.id, id));
      await audit.record(ctx, {
        action: 'mediation.member.update',
        targetType: 'mediation_member',
        targetId: id,
        placePath: m.placePath,
        before: { name: m.name, role: m.role, active: m.active },
        after: body,
      });
    });
  }

  /** Members on the chain of a place: whom a case there may be assigned to. */
  async function assignable(placePath: string) {
    const ids = placePath.split('/').filter(Boolean);
    return db
      .select({ id: mediationMembers.id, name: mediationMembers.name, role: mediationMembers.role })
      .from(mediationMembers)
      .innerJoin(mediationCommittees, eq(mediationCommittees.id, mediationMembers.committeeId))
      .where(and(inArray(mediationCommittees.placeId, ids), eq(mediationMembers.active, true)))
      .orderBy(asc(mediationMembers.sortOrder));
  }

  return { list, create, update, addMember, updateMember, committeeFor, assignable };
}
