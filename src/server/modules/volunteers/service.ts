import { and, asc, count, desc, eq, gte, inArray, like, lte, or, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type {
  activityBody,
  applicationListQuery,
  approveBody,
  memberBody,
  recordBody,
  recordListQuery,
  shiftBody,
  signupBody,
  teamBody,
  teamListQuery,
  updateMemberBody,
  updateTeamBody,
} from '../../../shared/api/volunteers.js';
import {
  type ApplicationStatus,
  SIGNUP_LIMIT_PER_HOUR,
  type TeamKind,
  type VolunteerRole,
} from '../../../shared/volunteers.js';
import type { Db } from '../../db/index.js';
import { escapeLike } from '../../db/sql.js';
import type { AuditService } from '../../platform/audit/service.js';
import { shanghaiDate } from '../../platform/calendar/index.js';
import type { Clock } from '../../platform/clock.js';
import type { Ctx } from '../../platform/context.js';
import { AppError, badRequest, conflict, notFound } from '../../platform/errors.js';
import {
  createPiiReveal,
  maskName,
  maskPhone,
  type PiiCipher,
  validateMobile,
} from '../../platform/pii/index.js';
import { chainOf } from '../grid/common.js';
import { places, users } from '../org/schema.js';
import type { OrgService } from '../org/service.js';
import { people } from '../registry/schema.js';
import {
  volunteerActivities,
  volunteerApplications,
  volunteerMembers,
  volunteerRecords,
  volunteerShifts,
  volunteerTeams,
} from './schema.js';

export interface VolunteersDeps {
  db: Db;
  clock: Clock;
  audit: AuditService;
  pii: PiiCipher;
  org: OrgService;
}

const TEAM_PLACE_KINDS = ['community', 'estate', 'grid'];
const hoursText = (v: unknown) => Number(v ?? 0).toFixed(2);
const sumHours = (col: typeof volunteerRecords.hours) =>
  sql<string>`coalesce(sum(${col}), 0)::numeric(12,2)::text`;

type Team = typeof volunteerTeams.$inferSelect;

export function createVolunteersService(deps: VolunteersDeps) {
  const { db, clock, audit, pii } = deps;
  const reveal = createPiiReveal({ audit, pii });

  async function teamFor(ctx: Ctx, id: string, permission: 'volunteers.read' | 'volunteers.manage') {
    const [t] = await db.select().from(volunteerTeams).where(eq(volunteerTeams.id, id));
    if (!t || !ctx.actor!.inScope(permission, t.placePath)) throw notFound('志愿者队伍不存在或无权访问');
    return t;
  }

  async function memberFor(ctx: Ctx, id: string, permission: 'volunteers.read' | 'volunteers.manage') {
    const [m] = await db.select().from(volunteerMembers).where(eq(volunteerMembers.id, id));
    if (!m || !ctx.actor!.inScope(permission, m.placePath)) throw notFound('队员不存在或无权访问');
    return m;
  }

  async function applicationFor(ctx: Ctx, id: string, permission: 'volunteers.read' | 'volunteers.manage') {
    const [a] = await db.select().from(volunteerApplications).where(eq(volunteerApplications.id, id));
    if (!a || !ctx.actor!.inScope(permission, a.placePath)) throw notFound('报名记录不存在或无权访问');
    return a;
  }

  /** A manager of the team's place, or the team's own leader (who logs service on foot). */
  async function mayRecord(ctx: Ctx, team: Team) {
    const actor = ctx.actor!;
    if (actor.inScope('volunteers.manage', team.placePath)) return;
    if (actor.inScope('volunteers.read', team.placePath)) {
      const [lead] = await db
        .select({ id: volunteerMembers.id })
        .from(volunteerMembers)
        .where(
          and(
            eq(volunteerMembers.teamId, team.id),
            eq(volunteerMembers.userId, actor.userId),
            eq(volunteerMembers.role, 'leader'),
            eq(volunteerMembers.active, true),
          ),
        );
      if (lead) return;
    }
    throw notFound('志愿者队伍不存在或无权访问');
  }

  async function personFor(team: Team, personId: string) {
    const [p] = await db
      .select({ id: people.id, name: people.name, placePath: people.placePath })
      .from(people)
      .where(eq(people.id, personId));
    if (!p?.placePath.startsWith(team.placePath))
      throw badRequest('只能从本地的实有人口中选择队员', { personId: '请从人口库中选择本地居民' });
    return p as NonNullable<typeof p>;
  }

  async function checkUser(userId: string | null | undefined) {
    if (!userId) return;
    const [u] = await db.select({ id: users.id }).from(users).where(eq(users.id, userId));
    if (!u) throw badRequest('关联账号不存在', { userId: '请重新选择账号' });
  }

  async function placeNames(ids: string[]) {
    if (ids.length === 0) return new Map<string, string>();
    const rows = await db
      .select({ id: places.id, name: places.name })
      .from(places)
      .where(inArray(places.id, [...new Set(ids)]));
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  const yearOf = () => Number(shanghaiDate(clock.now()).slice(0, 4));

  async function teamItems(rows: Team[]) {
    const ids = rows.map((r) => r.id);
    if (ids.length === 0) return [];
    const year = yearOf();
    const [names, members, leaders, hours, pending] = await Promise.all([
      placeNames(rows.map((r) => r.placeId)),
      db
        .select({ teamId: volunteerMembers.teamId, n: count() })
        .from(volunteerMembers)
        .where(and(inArray(volunteerMembers.teamId, ids), eq(volunteerMembers.active, true)))
        .groupBy(volunteerMembers.teamId),
      db
        .select({ teamId: volunteerMembers.teamId, name: volunteerMembers.name })
        .from(volunteerMembers)
        .where(
          and(
            inArray(volunteerMembers.teamId, ids),
            eq(volunteerMembers.role, 'leader'),
            eq(volunteerMembers.active, true),
          ),
        ),
      db
        .select({ teamId: volunteerRecords.teamId, hours: sumHours(volunteerRecords.hours) })
        .from(volunteerRecords)
        .where(
          and(
            inArray(volunteerRecords.teamId, ids),
            gte(volunteerRecords.servedOn, `${year}-01-01`),
            lte(volunteerRecords.servedOn, `${year}-12-31`),
          ),
        )
        .groupBy(volunteerRecords.teamId),
      db
        .select({ teamId: volunteerApplications.teamId, n: count() })
        .from(volunteerApplications)
        .where(and(inArray(volunteerApplications.teamId, ids), eq(volunteerApplications.status, 'pending')))
        .groupBy(volunteerApplications.teamId),
    ]);
    const by = <T extends { teamId: string }>(list: T[]) => new Map(list.map((x) => [x.teamId, x]));
    const m = by(members);
    const l = by(leaders);
    const h = by(hours);
    const p = by(pending);
    return rows.map((t) => ({
      id: t.id,
      placeId: t.placeId,
      placeName: names.get(t.placeId) ?? '',
      kind: t.kind as TeamKind,
      name: t.name,
      description: t.description,
      recruiting: t.recruiting,
      leaderName: l.get(t.id)?.name ?? null,
      memberCount: m.get(t.id)?.n ?? 0,
      hoursThisYear: hoursText(h.get(t.id)?.hours),
      pendingApplications: p.get(t.id)?.n ?? 0,
    }));
  }

  async function memberTotals(memberIds: string[]) {
    if (memberIds.length === 0) return new Map<string, { hours: string; points: number; n: number }>();
    const rows = await db
      .select({
        memberId: volunteerRecords.memberId,
        hours: sumHours(volunteerRecords.hours),
        points: sql<number>`coalesce(sum(${volunteerRecords.points}), 0)::int`,
        n: count(),
      })
      .from(volunteerRecords)
      .where(inArray(volunteerRecords.memberId, memberIds))
      .groupBy(volunteerRecords.memberId);
    return new Map(rows.map((r) => [r.memberId, { hours: hoursText(r.hours), points: r.points, n: r.n }]));
  }

  function memberView(
    m: typeof volunteerMembers.$inferSelect,
    totals?: { hours: string; points: number; n: number },
  ) {
    return {
      id: m.id,
      teamId: m.teamId,
      personId: m.personId,
      userId: m.userId,
      name: m.name,
      role: m.role as VolunteerRole,
      phoneMasked: m.phoneMasked,
      availability: m.availability,
      joinedOn: m.joinedOn,
      active: m.active,
      totalHours: totals?.hours ?? '0.00',
      totalPoints: totals?.points ?? 0,
      records: totals?.n ?? 0,
    };
  }

  /** Makes `memberId` the leader, stepping the current one down (one leader per team). */
  async function setLeader(teamId: string, memberId: string) {
    await db
      .update(volunteerMembers)
      .set({ role: 'member', updatedAt: clock.now() })
      .where(and(eq(volunteerMembers.teamId, teamId), eq(volunteerMembers.role, 'leader')));
    await db
      .update(volunteerMembers)
      .set({ role: 'leader', updatedAt: clock.now() })
      .where(eq(volunteerMembers.id, memberId));
  }

  deps.org.places.onSubtreeMoved(async (oldPath, newPath) => {
    for (const table of [
      volunteerTeams,
      volunteerMembers,
      volunteerShifts,
      volunteerActivities,
      volunteerRecords,
      volunteerApplications,
    ]) {
      await db
        .update(table)
        .set({ placePath: sql`${newPath} || substr(${table.placePath}, ${oldPath.length + 1})` })
        .where(like(table.placePath, `${escapeLike(oldPath)}%`));
    }
  });

  const teams = {
    async list(ctx: Ctx, q: z.infer<typeof teamListQuery>) {
      const filters: (SQL | undefined)[] = [
        ctx.actor!.scopeFilter('volunteers.read', volunteerTeams.placePath),
      ];
      if (q.placeId) {
        const p = await deps.org.places.visible(ctx, q.placeId, 'volunteers.read');
        filters.push(like(volunteerTeams.placePath, `${escapeLike(p.path)}%`));
      }
      if (q.kind) filters.push(eq(volunteerTeams.kind, q.kind));
      if (q.q) filters.push(like(volunteerTeams.name, `%${escapeLike(q.q)}%`));
      const rows = await db
        .select()
        .from(volunteerTeams)
        .where(and(...filters))
        .orderBy(asc(volunteerTeams.placePath), asc(volunteerTeams.sortOrder), asc(volunteerTeams.name))
        .limit(500);
      return { items: await teamItems(rows) };
    },

    async create(ctx: Ctx, body: z.infer<typeof teamBody>) {
      const place = await deps.org.places.visible(ctx, body.placeId, 'volunteers.manage');
      if (!TEAM_PLACE_KINDS.includes(place.kind))
        throw badRequest('志愿者队伍只能建在社区、小区或网格', { placeId: '请选择社区、小区或网格' });
      return db.transaction(async () => {
        const [t] = await db
          .insert(volunteerTeams)
          .values({ ...body, placePath: place.path })
          .returning({ id: volunteerTeams.id });
        await audit.record(ctx, {
          action: 'volunteer_team.create',
          targetType: 'volunteer_team',
          targetId: t.id,
          placeId: place.id,
          placePath: place.path,
          after: { name: body.name, kind: body.kind },
        });
        return t.id;
      });
    },

    async update(ctx: Ctx, id: string, body: z.infer<typeof updateTeamBody>) {
      const t = await teamFor(ctx, id, 'volunteers.manage');
      await db.transaction(async () => {
        await db
          .update(volunteerTeams)
          .set({ ...body, updatedAt: clock.now() })
          .where(eq(volunteerTeams.id, id));
        await audit.record(ctx, {
          action: 'volunteer_team.update',
          targetType: 'volunteer_team',
          targetId: id,
          placeId: t.placeId,
          placePath: t.placePath,
          before: { name: t.name, kind: t.kind, recruiting: t.recruiting },
          after: body,
        });
      });
    },

    async get(ctx: Ctx, id: string) {
      const t = await teamFor(ctx, id, 'volunteers.read');
      const [[head], members, shifts, activities, [{ total }]] = await Promise.all([
        teamItems([t]),
        db
          .select()
          .from(volunteerMembers)
          .where(eq(volunteerMembers.teamId, id))
          .orderBy(
            desc(volunteerMembers.active),
            sql`${volunteerMembers.role} = 'leader' desc`,
            asc(volunteerMembers.name),
          ),
        db
          .select()
          .from(volunteerShifts)
          .where(eq(volunteerShifts.teamId, id))
          .orderBy(asc(volunteerShifts.weekday), asc(volunteerShifts.date), asc(volunteerShifts.startTime)),
        db
          .select({
            id: volunteerActivities.id,
            title: volunteerActivities.title,
            heldOn: volunteerActivities.heldOn,
            location: volunteerActivities.location,
            description: volunteerActivities.description,
            participants: sql<number>`count(distinct ${volunteerRecords.memberId})::int`,
            hours: sumHours(volunteerRecords.hours),
          })
          .from(volunteerActivities)
          .leftJoin(volunteerRecords, eq(volunteerRecords.activityId, volunteerActivities.id))
          .where(eq(volunteerActivities.teamId, id))
          .groupBy(volunteerActivities.id)
          .orderBy(desc(volunteerActivities.heldOn))
          .limit(100),
        db
          .select({ total: sumHours(volunteerRecords.hours) })
          .from(volunteerRecords)
          .where(eq(volunteerRecords.teamId, id)),
      ]);
      const totals = await memberTotals(members.map((m) => m.id));
      const names = new Map(members.map((m) => [m.id, m.name]));
      return {
        ...head,
        totalHours: hoursText(total),
        members: members.map((m) => memberView(m, totals.get(m.id))),
        shifts: shifts.map((s) => ({
          id: s.id,
          weekday: s.weekday,
          date: s.date,
          startTime: s.startTime,
          endTime: s.endTime,
          title: s.title,
          location: s.location,
          members: s.memberIds.filter((m) => names.has(m)).map((m) => ({ id: m, name: names.get(m)! })),
        })),
        activities: activities.map((a) => ({ ...a, hours: hoursText(a.hours) })),
      };
    },

    /** Hours of each month of a year (Asia/Shanghai dates), exact. */
    async hours(ctx: Ctx, id: string, year?: string) {
      const t = await teamFor(ctx, id, 'volunteers.read');
      const y = year ? Number(year) : yearOf();
      const rows = await db
        .select({
          month: sql<string>`to_char(${volunteerRecords.servedOn}, 'YYYY-MM')`,
          hours: sumHours(volunteerRecords.hours),
          records: count(),
          people: sql<number>`count(distinct ${volunteerRecords.memberId})::int`,
        })
        .from(volunteerRecords)
        .where(
          and(
            eq(volunteerRecords.teamId, t.id),
            gte(volunteerRecords.servedOn, `${y}-01-01`),
            lte(volunteerRecords.servedOn, `${y}-12-31`),
          ),
        )
        .groupBy(sql`1`);
      const by = new Map(rows.map((r) => [r.month, r]));
      const months = Array.from({ length: 12 }, (_, i) => {
        const month = `${y}-${String(i + 1).padStart(2, '0')}`;
        const r = by.get(month);
        return { month, hours: hoursText(r?.hours), records: r?.records ?? 0, people: r?.people ?? 0 };
      });
      // Summed in cents so that the total is exact, like the database's own sums.
      const cents = months.reduce((s, m) => s + Math.round(Number(m.hours) * 100), 0);
      return { year: y, months, totalHours: (cents / 100).toFixed(2) };
    },
  };

  const members = {
    async add(ctx: Ctx, teamId: string, body: z.infer<typeof memberBody>) {
      const t = await teamFor(ctx, teamId, 'volunteers.manage');
      const person = await personFor(t, body.personId);
      await checkUser(body.userId);
      return db.transaction(async () => {
        const [m] = await db
          .insert(volunteerMembers)
          .values({
            teamId,
            placePath: t.placePath,
            personId: person.id,
            userId: body.userId,
            name: person.name,
            role: 'member',
            availability: body.availability,
            joinedOn: body.joinedOn ?? shanghaiDate(clock.now()),
          })
          .onConflictDoNothing()
          .returning({ id: volunteerMembers.id });
        if (!m) throw conflict('ALREADY_MEMBER', '此人已是本队队员', { personId: '请勿重复添加' });
        if (body.role === 'leader') await setLeader(teamId, m.id);
        await audit.record(ctx, {
          action: 'volunteer_member.add',
          targetType: 'volunteer_member',
          targetId: m.id,
          placeId: t.placeId,
          placePath: t.placePath,
          after: { team: t.name, name: person.name, role: body.role },
        });
        return m.id;
      });
    },

    async update(ctx: Ctx, id: string, body: z.infer<typeof updateMemberBody>) {
      const m = await memberFor(ctx, id, 'volunteers.manage');
      await checkUser(body.userId);
      await db.transaction(async () => {
        const { role, ...rest } = body;
        await db
          .update(volunteerMembers)
          .set({ ...rest, ...(role === 'member' ? { role } : {}), updatedAt: clock.now() })
          .where(eq(volunteerMembers.id, id));
        if (role === 'leader') await setLeader(m.teamId, id);
        await audit.record(ctx, {
          action: 'volunteer_member.update',
          targetType: 'volunteer_member',
          targetId: id,
          placePath: m.placePath,
          before: { role: m.role, active: m.active, availability: m.availability },
          after: body,
        });
      });
    },

    async remove(ctx: Ctx, id: string) {
      const m = await memberFor(ctx, id, 'volunteers.manage');
      const [{ n }] = await db
        .select({ n: count() })
        .from(volunteerRecords)
        .where(eq(volunteerRecords.memberId, id));
      await db.transaction(async () => {
        // With service records the member stays on file (their hours count), marked as left.
        if (n > 0)
          await db
            .update(volunteerMembers)
            .set({ active: false, role: 'member', updatedAt: clock.now() })
            .where(eq(volunteerMembers.id, id));
        else await db.delete(volunteerMembers).where(eq(volunteerMembers.id, id));
        await audit.record(ctx, {
          action: 'volunteer_member.remove',
          targetType: 'volunteer_member',
          targetId: id,
          placePath: m.placePath,
          before: { name: m.name, role: m.role },
          after: { kept: n > 0 },
        });
      });
    },

    /** A member's total hours and points, and by month. */
    async get(ctx: Ctx, id: string) {
      const m = await memberFor(ctx, id, 'volunteers.read');
      const [[t], totals, byMonth] = await Promise.all([
        db.select({ name: volunteerTeams.name }).from(volunteerTeams).where(eq(volunteerTeams.id, m.teamId)),
        memberTotals([id]),
        db
          .select({
            month: sql<string>`to_char(${volunteerRecords.servedOn}, 'YYYY-MM')`,
            hours: sumHours(volunteerRecords.hours),
            points: sql<number>`coalesce(sum(${volunteerRecords.points}), 0)::int`,
          })
          .from(volunteerRecords)
          .where(eq(volunteerRecords.memberId, id))
          .groupBy(sql`1`)
          .orderBy(sql`1 desc`)
          .limit(24),
      ]);
      return {
        ...memberView(m, totals.get(id)),
        teamName: t?.name ?? '',
        byMonth: byMonth.map((r) => ({ ...r, hours: hoursText(r.hours) })),
      };
    },
  };

  const shifts = {
    async add(ctx: Ctx, teamId: string, body: z.infer<typeof shiftBody>) {
      const t = await teamFor(ctx, teamId, 'volunteers.manage');
      if (body.memberIds.length > 0) {
        const found = await db
          .select({ id: volunteerMembers.id })
          .from(volunteerMembers)
          .where(and(eq(volunteerMembers.teamId, teamId), inArray(volunteerMembers.id, body.memberIds)));
        if (found.length !== new Set(body.memberIds).size)
          throw badRequest('排班人员须是本队队员', { memberIds: '请从本队队员中选择' });
      }
      return db.transaction(async () => {
        const [s] = await db
          .insert(volunteerShifts)
          .values({ ...body, memberIds: [...new Set(body.memberIds)], teamId, placePath: t.placePath })
          .returning({ id: volunteerShifts.id });
        await audit.record(ctx, {
          action: 'volunteer_shift.add',
          targetType: 'volunteer_shift',
          targetId: s.id,
          placeId: t.placeId,
          placePath: t.placePath,
          after: { team: t.name, title: body.title, weekday: body.weekday, date: body.date },
        });
        return s.id;
      });
    },

    async remove(ctx: Ctx, id: string) {
      const [s] = await db.select().from(volunteerShifts).where(eq(volunteerShifts.id, id));
      if (!s || !ctx.actor!.inScope('volunteers.manage', s.placePath)) throw notFound('班次不存在或无权访问');
      await db.transaction(async () => {
        await db.delete(volunteerShifts).where(eq(volunteerShifts.id, id));
        await audit.record(ctx, {
          action: 'volunteer_shift.remove',
          targetType: 'volunteer_shift',
          targetId: id,
          placePath: s.placePath,
          before: { title: s.title, weekday: s.weekday, date: s.date },
        });
      });
    },
  };

  const activities = {
    async add(ctx: Ctx, teamId: string, body: z.infer<typeof activityBody>) {
      const t = await teamFor(ctx, teamId, 'volunteers.manage');
      return db.transaction(async () => {
        const [a] = await db
          .insert(volunteerActivities)
          .values({ ...body, teamId, placePath: t.placePath })
          .returning({ id: volunteerActivities.id });
        await audit.record(ctx, {
          action: 'volunteer_activity.add',
          targetType: 'volunteer_activity',
          targetId: a.id,
          placeId: t.placeId,
          placePath: t.placePath,
          after: { team: t.name, title: body.title, heldOn: body.heldOn },
        });
        return a.id;
      });
    },
  };

  const records = {
    /** 服务记录: one row per member for the same service (a shift walked together). */
    async create(ctx: Ctx, body: z.infer<typeof recordBody>) {
      const [t] = await db.select().from(volunteerTeams).where(eq(volunteerTeams.id, body.teamId));
      if (!t) throw notFound('志愿者队伍不存在或无权访问');
      await mayRecord(ctx, t);
      if (body.servedOn > shanghaiDate(clock.now()))
        throw badRequest('服务日期不能晚于今天', { servedOn: '请选择今天或以前的日期' });
      const ids = [...new Set(body.memberIds)];
      const found = await db
        .select({ id: volunteerMembers.id })
        .from(volunteerMembers)
        .where(
          and(
            eq(volunteerMembers.teamId, t.id),
            eq(volunteerMembers.active, true),
            inArray(volunteerMembers.id, ids),
          ),
        );
      if (found.length !== ids.length)
        throw badRequest('所选队员不在本队', { memberIds: '请从本队在册队员中选择' });
      if (body.activityId) {
        const [a] = await db
          .select({ id: volunteerActivities.id })
          .from(volunteerActivities)
          .where(and(eq(volunteerActivities.id, body.activityId), eq(volunteerActivities.teamId, t.id)));
        if (!a) throw badRequest('活动不属于本队', { activityId: '请选择本队的活动' });
      }
      if (body.shiftId) {
        const [s] = await db
          .select({ id: volunteerShifts.id })
          .from(volunteerShifts)
          .where(and(eq(volunteerShifts.id, body.shiftId), eq(volunteerShifts.teamId, t.id)));
        if (!s) throw badRequest('班次不属于本队', { shiftId: '请选择本队的班次' });
      }
      return db.transaction(async () => {
        const made = await db
          .insert(volunteerRecords)
          .values(
            ids.map((memberId) => ({
              teamId: t.id,
              memberId,
              placePath: t.placePath,
              servedOn: body.servedOn,
              hours: body.hours.toFixed(2),
              points: body.points,
              activityId: body.activityId,
              shiftId: body.shiftId,
              note: body.note,
              createdBy: ctx.actor!.userId,
            })),
          )
          .returning({ id: volunteerRecords.id });
        await audit.record(ctx, {
          action: 'volunteer_record.create',
          targetType: 'volunteer_team',
          targetId: t.id,
          placeId: t.placeId,
          placePath: t.placePath,
          after: {
            servedOn: body.servedOn,
            hours: body.hours.toFixed(2),
            points: body.points,
            members: ids.length,
          },
        });
        return made.map((r) => r.id);
      });
    },

    async list(ctx: Ctx, q: z.infer<typeof recordListQuery>) {
      const filters: (SQL | undefined)[] = [
        ctx.actor!.scopeFilter('volunteers.read', volunteerRecords.placePath),
      ];
      if (q.teamId)
        filters.push(eq(volunteerRecords.teamId, (await teamFor(ctx, q.teamId, 'volunteers.read')).id));
      if (q.memberId)
        filters.push(eq(volunteerRecords.memberId, (await memberFor(ctx, q.memberId, 'volunteers.read')).id));
      if (q.from) filters.push(gte(volunteerRecords.servedOn, q.from));
      if (q.to) filters.push(lte(volunteerRecords.servedOn, q.to));
      const where = and(...filters);
      const [rows, [agg]] = await Promise.all([
        db
          .select({
            id: volunteerRecords.id,
            teamId: volunteerRecords.teamId,
            teamName: volunteerTeams.name,
            memberId: volunteerRecords.memberId,
            memberName: volunteerMembers.name,
            servedOn: volunteerRecords.servedOn,
            hours: volunteerRecords.hours,
            points: volunteerRecords.points,
            activityTitle: volunteerActivities.title,
            note: volunteerRecords.note,
          })
          .from(volunteerRecords)
          .innerJoin(volunteerTeams, eq(volunteerTeams.id, volunteerRecords.teamId))
          .innerJoin(volunteerMembers, eq(volunteerMembers.id, volunteerRecords.memberId))
          .leftJoin(volunteerActivities, eq(volunteerActivities.id, volunteerRecords.activityId))
          .where(where)
          .orderBy(desc(volunteerRecords.servedOn), asc(volunteerMembers.name))
          .limit(q.pageSize)
          .offset((q.page - 1) * q.pageSize),
        db
          .select({
            total: count(),
            hours: sumHours(volunteerRecords.hours),
            points: sql<number>`coalesce(sum(${volunteerRecords.points}), 0)::int`,
          })
          .from(volunteerRecords)
          .where(where),
      ]);
      return {
        items: rows.map((r) => ({ ...r, hours: hoursText(r.hours) })),
        total: agg.total,
        page: q.page,
        pageSize: q.pageSize,
        totalHours: hoursText(agg.hours),
        totalPoints: agg.points,
      };
    },

    async remove(ctx: Ctx, id: string) {
      const [r] = await db.select().from(volunteerRecords).where(eq(volunteerRecords.id, id));
      if (!r || !ctx.actor!.inScope('volunteers.manage', r.placePath))
        throw notFound('服务记录不存在或无权访问');
      await db.transaction(async () => {
        await db.delete(volunteerRecords).where(eq(volunteerRecords.id, id));
        await audit.record(ctx, {
          action: 'volunteer_record.remove',
          targetType: 'volunteer_record',
          targetId: id,
          placePath: r.placePath,
          before: { memberId: r.memberId, servedOn: r.servedOn, hours: r.hours, points: r.points },
        });
      });
    },
  };

  function applicationView(a: typeof volunteerApplications.$inferSelect, teamName: string) {
    return {
      id: a.id,
      teamId: a.teamId,
      teamName,
      name: a.nameMasked,
      phoneMasked: a.phoneMasked,
      availability: a.availability,
      note: a.note,
      status: a.status as ApplicationStatus,
      decisionNote: a.decisionNote,
      memberId: a.memberId,
      createdAt: a.createdAt.toISOString(),
      decidedAt: a.decidedAt?.toISOString() ?? null,
    };
  }

  const applications = {
    async list(ctx: Ctx, q: z.infer<typeof applicationListQuery>) {
      const filters: (SQL | undefined)[] = [
        ctx.actor!.scopeFilter('volunteers.read', volunteerApplications.placePath),
      ];
      if (q.placeId) {
        const p = await deps.org.places.visible(ctx, q.placeId, 'volunteers.read');
        filters.push(like(volunteerApplications.placePath, `${escapeLike(p.path)}%`));
      }
      if (q.status) filters.push(eq(volunteerApplications.status, q.status));
      const where = and(...filters);
      const [rows, [{ total }]] = await Promise.all([
        db
          .select({ a: volunteerApplications, teamName: volunteerTeams.name })
          .from(volunteerApplications)
          .innerJoin(volunteerTeams, eq(volunteerTeams.id, volunteerApplications.teamId))
          .where(where)
          .orderBy(
            sql`${volunteerApplications.status} = 'pending' desc`,
            desc(volunteerApplications.createdAt),
          )
          .limit(q.pageSize)
          .offset((q.page - 1) * q.pageSize),
        db.select({ total: count() }).from(volunteerApplications).where(where),
      ]);
      return {
        items: rows.map((r) => applicationView(r.a, r.teamName)),
        total,
        page: q.page,
        pageSize: q.pageSize,
      };
    },

    /** Approval makes the applicant a member, in one transaction. */
    async approve(ctx: Ctx, id: string, body: z.infer<typeof approveBody>) {
      const a = await applicationFor(ctx, id, 'volunteers.manage');
      if (a.status !== 'pending') throw conflict('APPLICATION_DECIDED', '该报名已审核');
      const [t] = await db.select().from(volunteerTeams).where(eq(volunteerTeams.id, a.teamId));
      const person = body.personId ? await personFor(t, body.personId) : null;
      const name = person?.name ?? pii.decrypt(a.nameEnc);
      return db.transaction(async () => {
        const now = clock.now();
        const [m] = await db
          .insert(volunteerMembers)
          .values({
            teamId: t.id,
            placePath: t.placePath,
            personId: person?.id ?? null,
            name,
            role: 'member',
            phoneEnc: a.phoneEnc,
            phoneMasked: a.phoneMasked,
            availability: a.availability,
            joinedOn: shanghaiDate(now),
          })
          .onConflictDoNothing()
          .returning({ id: volunteerMembers.id });
        if (!m) throw conflict('ALREADY_MEMBER', '此人已是本队队员', { personId: '请勿重复添加' });
        const [done] = await db
          .update(volunteerApplications)
          .set({
            status: 'approved',
            decidedBy: ctx.actor!.userId,
            decidedAt: now,
            decisionNote: body.note,
            memberId: m.id,
          })
          .where(and(eq(volunteerApplications.id, id), eq(volunteerApplications.status, 'pending')))
          .returning({ id: volunteerApplications.id });
        // Two managers approving at once: the second finds it decided and nothing of it is kept.
        if (!done) throw conflict('APPLICATION_DECIDED', '该报名已审核');
        await audit.record(ctx, {
          action: 'volunteer_application.approve',
          targetType: 'volunteer_application',
          targetId: id,
          placeId: t.placeId,
          placePath: t.placePath,
          after: { team: t.name, memberId: m.id, personId: person?.id ?? null },
        });
        return m.id;
      });
    },

    async reject(ctx: Ctx, id: string, note: string) {
      const a = await applicationFor(ctx, id, 'volunteers.manage');
      if (a.status !== 'pending') throw conflict('APPLICATION_DECIDED', '该报名已审核');
      await db.transaction(async () => {
        await db
          .update(volunteerApplications)
          .set({
            status: 'rejected',
            decidedBy: ctx.actor!.userId,
            decidedAt: clock.now(),
            decisionNote: note,
          })
          .where(eq(volunteerApplications.id, id));
        await audit.record(ctx, {
          action: 'volunteer_application.reject',
          targetType: 'volunteer_application',
          targetId: id,
          placePath: a.placePath,
          after: { note },
        });
      });
    },

    async reveal(ctx: Ctx, id: string, field: 'name' | 'phone', reason: string) {
      const [a] = await db.select().from(volunteerApplications).where(eq(volunteerApplications.id, id));
      if (!a || !ctx.actor!.inScope('pii.reveal', a.placePath)) throw notFound('报名记录不存在或无权访问');
      const value = await reveal(ctx, {
        targetType: 'volunteer_application',
        targetId: id,
        placePath: a.placePath,
        field,
        reason,
        ciphertext: field === 'name' ? a.nameEnc : a.phoneEnc,
      });
      return { value };
    },
  };

  async function publicEstate(estateId: string) {
    const estate = await deps.org.places.find(estateId);
    if (estate?.kind !== 'estate') throw notFound('小区不存在');
    const chain = await chainOf(db, estate.path);
    return { estate, chain };
  }

  async function recruitingTeams(estate: { path: string }, chainIds: string[]) {
    return db
      .select()
      .from(volunteerTeams)
      .where(
        and(
          eq(volunteerTeams.recruiting, true),
          or(
            like(volunteerTeams.placePath, `${escapeLike(estate.path)}%`),
            inArray(volunteerTeams.placeId, chainIds),
          ),
        ),
      )
      .orderBy(asc(volunteerTeams.sortOrder), asc(volunteerTeams.name));
  }

  const publicSide = {
    async teams(estateId: string) {
      const { estate, chain } = await publicEstate(estateId);
      const rows = await recruitingTeams(
        estate,
        chain.map((c) => c.id),
      );
      const items = await teamItems(rows);
      return {
        estate: { id: estate.id, name: estate.name },
        teams: items.map((t) => ({
          id: t.id,
          kind: t.kind,
          name: t.name,
          description: t.description,
          memberCount: t.memberCount,
        })),
      };
    },

    /** A resident signs up: kept as pending, rate-limited per IP; a bot filling the hidden field is answered as if all went well. */
    async signup(body: z.infer<typeof signupBody>, ip: string) {
      if (body.website) return;
      const mobile = validateMobile(body.phone);
      if (!mobile.ok) throw badRequest(mobile.message, { phone: mobile.message });
      const [t] = await db.select().from(volunteerTeams).where(eq(volunteerTeams.id, body.teamId));
      if (!t?.recruiting) throw notFound('该队伍不存在或暂不招募');
      const ipHash = pii.blindIndex('volunteer-ip', ip);
      const since = new Date(clock.now().getTime() - 3_600_000);
      const [{ n }] = await db
        .select({ n: count() })
        .from(volunteerApplications)
        .where(and(eq(volunteerApplications.ipHash, ipHash), gte(volunteerApplications.createdAt, since)));
      if (n >= SIGNUP_LIMIT_PER_HOUR)
        throw new AppError(429, 'RATE_LIMITED', '报名太频繁，请一小时后再试，或直接联系社区');
      await db.insert(volunteerApplications).values({
        teamId: t.id,
        placePath: t.placePath,
        nameEnc: pii.encrypt(body.name),
        nameMasked: maskName(body.name),
        phoneEnc: pii.encrypt(mobile.value),
        phoneMasked: maskPhone(mobile.value),
        availability: body.availability,
        note: body.note,
        ipHash,
        createdAt: clock.now(),
      });
    },
  };

  /** For notices: a team as an audience. */
  const port = {
    async find(teamId: string) {
      const [t] = await db
        .select({ id: volunteerTeams.id, name: volunteerTeams.name, placePath: volunteerTeams.placePath })
        .from(volunteerTeams)
        .where(eq(volunteerTeams.id, teamId));
      return t;
    },
    async audienceOf(teamId: string) {
      return db
        .select({
          userId: volunteerMembers.userId,
          name: volunteerMembers.name,
          phoneEnc: sql<string | null>`coalesce(${volunteerMembers.phoneEnc}, ${people.phoneEnc})`,
        })
        .from(volunteerMembers)
        .leftJoin(people, eq(people.id, volunteerMembers.personId))
        .where(and(eq(volunteerMembers.teamId, teamId), eq(volunteerMembers.active, true)))
        .orderBy(asc(volunteerMembers.name));
    },
    async listUnder(path: string) {
      const rows = await db
        .select({
          id: volunteerTeams.id,
          name: volunteerTeams.name,
          memberCount: sql<number>`count(${volunteerMembers.id})::int`,
        })
        .from(volunteerTeams)
        .leftJoin(
          volunteerMembers,
          and(eq(volunteerMembers.teamId, volunteerTeams.id), eq(volunteerMembers.active, true)),
        )
        .where(like(volunteerTeams.placePath, `${escapeLike(path)}%`))
        .groupBy(volunteerTeams.id)
        .orderBy(asc(volunteerTeams.name))
        .limit(200);
      return rows;
    },
  };

  return { teams, members, shifts, activities, records, applications, public: publicSide, port };
}

export type VolunteersService = ReturnType<typeof createVolunteersService>;
