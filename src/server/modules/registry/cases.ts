import { and, asc, desc, eq, isNull, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import {
  type CaseRow,
  type careCaseBody,
  type caseListQuery,
  SPECIAL_DETAILS_SCHEMA,
  type specialCaseBody,
  type updateCaseBody,
  type visitBody,
} from '../../../shared/api/registry.js';
import {
  CARE_GROUPS,
  CARE_LEVEL_VISIT_DAYS,
  SPECIAL_GROUPS,
  type SpecialGroup,
} from '../../../shared/registry.js';
import type { AuditService } from '../../platform/audit/service.js';
import type { Ctx } from '../../platform/context.js';
import { badRequest, conflict, notFound } from '../../platform/errors.js';
import {
  addDays,
  daysBetween,
  houseAddressSql,
  personFor,
  type RegistryDeps,
  scopeWhere,
  today,
} from './common.js';
import { caseVisits, groupCases, people } from './schema.js';
import { classifyQuery } from './text.js';

export type CaseKind = 'special' | 'care';

/** Special groups are seen and handled only with `registry.special`; care groups with the registry's own rights. */
const PERMISSION = {
  special: { read: 'registry.special', write: 'registry.special' },
  care: { read: 'registry.read', write: 'registry.manage' },
} as const;

function detailsFor(group: string, details: Record<string, unknown>) {
  const schema = SPECIAL_DETAILS_SCHEMA[group as SpecialGroup];
  const parsed = schema.safeParse(details);
  if (!parsed.success) {
    const fields: Record<string, string> = {};
    for (const issue of parsed.error.issues) fields[`details.${issue.path.join('.') || '_'}`] = issue.message;
    throw badRequest(`${SPECIAL_GROUPS[group as SpecialGroup]}的专项信息填写不完整或有误`, fields);
  }
  return parsed.data as Record<string, unknown>;
}

export function createCasesService(deps: RegistryDeps & { audit: AuditService }) {
  const { db, audit, clock } = deps;

  const columns = {
    id: groupCases.id,
    kind: groupCases.kind,
    personId: people.id,
    personName: people.name,
    idMasked: people.idMasked,
    address: sql<
      string | null
    >`(select ${houseAddressSql('h')} from houses h where h.id = ${people.houseId})`,
    group: groupCases.group,
    attention: groupCases.attention,
    level: groupCases.level,
    details: groupCases.details,
    responsibleName: groupCases.responsibleName,
    plan: groupCases.plan,
    visitEveryDays: groupCases.visitEveryDays,
    startedOn: groupCases.startedOn,
    endedOn: groupCases.endedOn,
    lastVisitOn: groupCases.lastVisitOn,
    nextVisitDue: groupCases.nextVisitDue,
    placePath: groupCases.placePath,
  };
  type Row = { [K in keyof typeof columns]: unknown } & {
    id: string;
    kind: string;
    personId: string;
    personName: string;
    idMasked: string | null;
    address: string | null;
    group: string;
    attention: string | null;
    level: number | null;
    details: unknown;
    responsibleName: string;
    plan: string;
    visitEveryDays: number;
    startedOn: string;
    endedOn: string | null;
    lastVisitOn: string | null;
    nextVisitDue: string;
  };

  function view(r: Row): CaseRow {
    const day = today(clock);
    return {
      id: r.id,
      kind: r.kind as CaseKind,
      person: { id: r.personId, name: r.personName, idMasked: r.idMasked },
      address: r.address,
      group: r.group,
      attention: r.attention as 'high' | null,
      level: r.level,
      details: (r.details ?? {}) as Record<string, unknown>,
      responsibleName: r.responsibleName,
      plan: r.plan,
      visitEveryDays: r.visitEveryDays,
      startedOn: r.startedOn,
      endedOn: r.endedOn,
      lastVisitOn: r.lastVisitOn,
      nextVisitDue: r.nextVisitDue,
      overdueDays: r.endedOn ? 0 : Math.max(0, daysBetween(r.nextVisitDue, day)),
    };
  }

  async function caseFor(ctx: Ctx, kind: CaseKind, id: string, access: 'read' | 'write') {
    const [c] = await db
      .select()
      .from(groupCases)
      .where(and(eq(groupCases.id, id), eq(groupCases.kind, kind)));
    if (!c || !ctx.actor!.inScope(PERMISSION[kind][access], c.placePath))
      throw notFound('记录不存在或无权访问');
    return c;
  }

  async function filtersOf(ctx: Ctx, kind: CaseKind, q: z.infer<typeof caseListQuery>) {
    const filters: SQL[] = [
      eq(groupCases.kind, kind),
      await scopeWhere(deps, ctx, PERMISSION[kind].read, groupCases.placePath, q.placeId),
    ];
    if (q.group) filters.push(eq(groupCases.group, q.group));
    if (q.active !== 'false') filters.push(isNull(groupCases.endedOn));
    if (q.overdue === 'true') filters.push(sql`${groupCases.nextVisitDue} < ${today(clock)}`);
    // Due today or earlier: the grid worker's list for the day.
    if (q.due === 'true') filters.push(sql`${groupCases.nextVisitDue} <= ${today(clock)}`);
    if (q.tag) filters.push(sql`${people.tags} @> array[${q.tag}]::text[]`);
    if (q.q) {
      const s = classifyQuery(q.q);
      if (s.kind === 'pinyin')
        filters.push(
          sql`(${people.namePinyin} like ${`${s.letters}%`} or ${people.nameInitials} like ${`${s.letters}%`})`,
        );
      else filters.push(sql`${people.name} like ${`%${q.q.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`);
    }
    return and(...filters)!;
  }

  async function record(
    ctx: Ctx,
    action: string,
    c: { id: string; placePath: string; kind: string },
    after: unknown,
    before?: unknown,
  ) {
    await audit.record(ctx, {
      action: `${c.kind}_case.${action}`,
      targetType: `${c.kind}_case`,
      targetId: c.id,
      placePath: c.placePath,
      before,
      after,
    });
  }

  return {
    filtersOf,
    columns,
    view,

    async list(ctx: Ctx, kind: CaseKind, q: z.infer<typeof caseListQuery>) {
      const where = await filtersOf(ctx, kind, q);
      const [rows, [{ total }]] = await Promise.all([
        db
          .select(columns)
          .from(groupCases)
          .innerJoin(people, eq(people.id, groupCases.personId))
          .where(where)
          .orderBy(asc(groupCases.nextVisitDue), asc(groupCases.id))
          .limit(q.pageSize)
          .offset((q.page - 1) * q.pageSize),
        db
          .select({ total: sql<number>`count(*)::int` })
          .from(groupCases)
          .innerJoin(people, eq(people.id, groupCases.personId))
          .where(where),
      ]);
      return { items: rows.map((r) => view(r as Row)), total, page: q.page, pageSize: q.pageSize };
    },

    /** Cases of one person, each kind only where the caller may see it. */
    async ofPerson(ctx: Ctx, personId: string) {
      const rows = await db
        .select(columns)
        .from(groupCases)
        .innerJoin(people, eq(people.id, groupCases.personId))
        .where(eq(groupCases.personId, personId))
        .orderBy(desc(groupCases.startedOn));
      return rows
        .filter((r) => ctx.actor!.inScope(PERMISSION[r.kind as CaseKind].read, r.placePath))
        .map((r) => view(r as Row));
    },

    async detail(ctx: Ctx, kind: CaseKind, id: string) {
      await caseFor(ctx, kind, id, 'read');
      const [row] = await db
        .select(columns)
        .from(groupCases)
        .innerJoin(people, eq(people.id, groupCases.personId))
        .where(eq(groupCases.id, id));
      const visits = await db
        .select({
          id: caseVisits.id,
          visitedOn: caseVisits.visitedOn,
          visitorName: caseVisits.visitorName,
          findings: caseVisits.findings,
          help: caseVisits.help,
        })
        .from(caseVisits)
        .where(eq(caseVisits.caseId, id))
        .orderBy(desc(caseVisits.visitedOn), desc(caseVisits.createdAt));
      return { ...view(row as Row), visits };
    },

    async create(
      ctx: Ctx,
      kind: CaseKind,
      body: z.infer<typeof specialCaseBody> | z.infer<typeof careCaseBody>,
    ) {
      const person = await personFor(deps, ctx, body.personId, PERMISSION[kind].write);
      const [open] = await db
        .select({ id: groupCases.id })
        .from(groupCases)
        .where(
          and(
            eq(groupCases.personId, person.id),
            eq(groupCases.kind, kind),
            eq(groupCases.group, body.group),
            isNull(groupCases.endedOn),
          ),
        );
      const groupName =
        kind === 'special'
          ? SPECIAL_GROUPS[body.group as SpecialGroup]
          : CARE_GROUPS[body.group as keyof typeof CARE_GROUPS];
      if (open) throw conflict('CASE_EXISTS', `${person.name}已在${groupName}名单中`);
      const special = kind === 'special' ? (body as z.infer<typeof specialCaseBody>) : null;
      const care = kind === 'care' ? (body as z.infer<typeof careCaseBody>) : null;
      const visitEveryDays = special
        ? special.visitEveryDays
        : CARE_LEVEL_VISIT_DAYS[care!.level as 1 | 2 | 3];
      return db.transaction(async () => {
        const [c] = await db
          .insert(groupCases)
          .values({
            kind,
            personId: person.id,
            group: body.group,
            attention: special?.attention ?? null,
            level: care?.level ?? null,
            details: special ? detailsFor(special.group, special.details) : {},
            responsibleName: body.responsibleName,
            plan: body.plan,
            visitEveryDays,
            startedOn: body.startedOn,
            nextVisitDue: addDays(body.startedOn, visitEveryDays),
            placePath: person.placePath,
          })
          .returning();
        await record(ctx, 'create', c, {
          personId: person.id,
          group: c.group,
          attention: c.attention,
          level: c.level,
        });
        return c.id;
      });
    },

    async update(ctx: Ctx, kind: CaseKind, id: string, body: z.infer<typeof updateCaseBody>) {
      const before = await caseFor(ctx, kind, id, 'write');
      if (before.endedOn) throw conflict('CASE_ENDED', '该记录已结束，不能修改');
      const patch: Partial<typeof groupCases.$inferInsert> = { updatedAt: clock.now() };
      if (body.responsibleName !== undefined) patch.responsibleName = body.responsibleName;
      if (body.plan !== undefined) patch.plan = body.plan;
      if (kind === 'special') {
        if (body.attention) patch.attention = body.attention;
        if (body.details) patch.details = detailsFor(before.group, body.details);
        if (body.visitEveryDays) patch.visitEveryDays = body.visitEveryDays;
      } else if (body.level) {
        patch.level = body.level;
        patch.visitEveryDays = CARE_LEVEL_VISIT_DAYS[body.level as 1 | 2 | 3];
      }
      if (patch.visitEveryDays) {
        patch.nextVisitDue = addDays(before.lastVisitOn ?? before.startedOn, patch.visitEveryDays);
      }
      await db.transaction(async () => {
        await db.update(groupCases).set(patch).where(eq(groupCases.id, id));
        const { updatedAt: _u, ...after } = patch;
        await record(ctx, 'update', before, after, {
          attention: before.attention,
          level: before.level,
          responsibleName: before.responsibleName,
          visitEveryDays: before.visitEveryDays,
        });
      });
    },

    async end(ctx: Ctx, kind: CaseKind, id: string, endedOn: string, reason: string) {
      const c = await caseFor(ctx, kind, id, 'write');
      if (c.endedOn) throw conflict('CASE_ENDED', `该记录已于 ${c.endedOn} 结束`);
      if (endedOn < c.startedOn)
        throw badRequest('结束日期不能早于开始日期', { endedOn: `开始日期为 ${c.startedOn}` });
      await db.transaction(async () => {
        await db
          .update(groupCases)
          .set({ endedOn, endReason: reason, updatedAt: clock.now() })
          .where(eq(groupCases.id, id));
        await record(ctx, 'end', c, { endedOn, reason });
      });
    },

    async visit(ctx: Ctx, kind: CaseKind, id: string, body: z.infer<typeof visitBody>) {
      const c = await caseFor(ctx, kind, id, 'write');
      if (c.endedOn) throw conflict('CASE_ENDED', '该记录已结束，不能再登记走访');
      const day = today(clock);
      if (body.visitedOn > day)
        throw badRequest('走访日期不能晚于今天', { visitedOn: '走访日期不能晚于今天' });
      if (body.visitedOn < c.startedOn)
        throw badRequest('走访日期不能早于列管开始日期', { visitedOn: `开始日期为 ${c.startedOn}` });
      return db.transaction(async () => {
        const [v] = await db
          .insert(caseVisits)
          .values({
            caseId: id,
            visitedOn: body.visitedOn,
            visitorId: ctx.actor!.userId,
            visitorName: ctx.actor!.displayName,
            findings: body.findings,
            help: body.help,
            placePath: c.placePath,
          })
          .returning({ id: caseVisits.id });
        const last = c.lastVisitOn && c.lastVisitOn > body.visitedOn ? c.lastVisitOn : body.visitedOn;
        await db
          .update(groupCases)
          .set({ lastVisitOn: last, nextVisitDue: addDays(last, c.visitEveryDays), updatedAt: clock.now() })
          .where(eq(groupCases.id, id));
        await record(ctx, 'visit', c, { visitId: v.id, visitedOn: body.visitedOn });
        return v.id;
      });
    },
  };
}

export type CasesService = ReturnType<typeof createCasesService>;
