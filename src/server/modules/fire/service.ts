import { and, asc, count, desc, eq, gte, lt, lte, ne, or, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { z } from 'zod';
import type {
  brigadeBody,
  checklistBody,
  drillBody,
  drillListQuery,
  equipmentBody,
  equipmentListQuery,
  hazardActionBody,
  hazardBody,
  hazardListQuery,
  hazardPhotoBody,
  inspectionBody,
  inspectionListQuery,
  missingQuery,
  planBody,
  planListQuery,
  updateEquipmentBody,
  updatePlanBody,
} from '../../../shared/api/fire.js';
import {
  type ContactRole,
  DEFAULT_CHECKLIST,
  type DrillKind,
  type EquipmentKind,
  type EquipmentStatus,
  EXPIRING_DAYS,
  HAZARD_ACTIONS,
  HAZARD_STATUSES,
  HAZARD_STEP_LABELS,
  HAZARD_TRANSITIONS,
  type HazardAction,
  type HazardLevel,
  type HazardPhotoStage,
  type HazardSource,
  type HazardStatus,
} from '../../../shared/fire.js';
import { PHOTO_MAX_BYTES } from '../../../shared/grid.js';
import type { Permission } from '../../../shared/permissions.js';
import type { Db } from '../../db/index.js';
import { escapeLike, rows } from '../../db/sql.js';
import type { AuditService } from '../../platform/audit/service.js';
import { addCalendarDays, shanghaiDate } from '../../platform/calendar/index.js';
import type { Clock } from '../../platform/clock.js';
import { type Ctx, systemCtx } from '../../platform/context.js';
import { badRequest, conflict, notFound } from '../../platform/errors.js';
import type { Jobs } from '../../platform/jobs/service.js';
import { createPiiReveal, maskPhone, type PiiCipher } from '../../platform/pii/index.js';
import {
  chainOf,
  type FilesPort,
  holdersAt,
  type NotificationsPort,
  nearest,
  savePhotos,
} from '../grid/common.js';
import { places } from '../org/schema.js';
import type { OrgService } from '../org/service.js';
import { people } from '../registry/schema.js';
import {
  fireBrigadeMembers,
  fireChecklists,
  fireDrills,
  fireEquipment,
  fireHazardSteps,
  fireHazards,
  fireInspections,
  firePlanContacts,
  firePlans,
} from './schema.js';

export interface FireDeps {
  db: Db;
  clock: Clock;
  audit: AuditService;
  pii: PiiCipher;
  org: OrgService;
  files: FilesPort;
  notifications: NotificationsPort;
  jobs?: Jobs;
}

/** The job names fire work runs on the scheduler. */
export const FIRE_JOBS = { overdue: 'fire.hazards.overdue' } as const;

type HazardRow = typeof fireHazards.$inferSelect;
type Pathed = { placePath: string; placeId: string; estateId: string };

const PHOTO_OWNER: Record<HazardPhotoStage, string> = {
  before: 'fire_hazard_before',
  after: 'fire_hazard_after',
};

const placeName = (col: SQL | unknown) => sql<string>`(select name from places p where p.id = ${col})`;
const offsetOf = (q: { page: number; pageSize: number }) => (q.page - 1) * q.pageSize;

export function createFireService(deps: FireDeps) {
  const { db, clock, audit, pii, org, files, notifications } = deps;
  const reveal = createPiiReveal({ audit, pii });

  const today = () => shanghaiDate(clock.now());

  /** A place the caller may use under `permission`, and its estate: fire records live in estates. */
  async function placeInEstate(ctx: Ctx, placeId: string, permission: Permission) {
    const place = await org.places.visible(ctx, placeId, permission);
    const estate = nearest(await chainOf(db, place.path), 'estate');
    if (!estate) throw badRequest('请选择小区或小区内的楼栋、单元', { placeId: '请选择小区或小区内的地点' });
    return { placeId: place.id, placePath: place.path, estateId: estate.id };
  }

  /** The place filter of a list: the caller's scope, narrowed to a visible place's subtree. */
  async function scopeOf(ctx: Ctx, column: AnyPgColumn, placeId?: string) {
    const where: SQL[] = [ctx.actor!.scopeFilter('fire.read', column)];
    if (placeId) {
      const p = await org.places.visible(ctx, placeId, 'fire.read');
      where.push(sql`${column} like ${`${escapeLike(p.path)}%`}`);
    }
    return where;
  }

  function inScopeOr404<T extends Pathed | undefined>(
    ctx: Ctx,
    row: T,
    permission: Permission,
    what: string,
  ) {
    if (
      !row ||
      !ctx.actor!.inScope('fire.read', row.placePath) ||
      !ctx.actor!.inScope(permission, row.placePath)
    )
      throw notFound(`${what}不存在或无权访问`);
    return row as NonNullable<T>;
  }

  const writeAudit = (
    ctx: Ctx,
    action: string,
    targetType: string,
    row: { id: string } & Pathed,
    extra = {},
  ) =>
    audit.record(ctx, {
      action,
      targetType,
      targetId: row.id,
      placeId: row.placeId,
      placePath: row.placePath,
      ...extra,
    });

  // ── equipment ──

  function expiryOf(expiresOn: string | null, now: string) {
    if (!expiresOn) return { expiry: 'none' as const, daysLeft: null };
    const daysLeft = Math.round((Date.parse(expiresOn) - Date.parse(now)) / 86_400_000);
    return {
      expiry:
        daysLeft < 0
          ? ('expired' as const)
          : daysLeft <= EXPIRING_DAYS
            ? ('expiring' as const)
            : ('ok' as const),
      daysLeft,
    };
  }

  const equipment = {
    async list(ctx: Ctx, q: z.infer<typeof equipmentListQuery>) {
      const now = today();
      const where = await scopeOf(ctx, fireEquipment.placePath, q.placeId);
      if (q.kind) where.push(eq(fireEquipment.kind, q.kind));
      if (q.status) where.push(eq(fireEquipment.status, q.status));
      if (q.q) where.push(sql`${fireEquipment.location} like ${`%${escapeLike(q.q)}%`}`);
      if (q.expiry) {
        const soon = addCalendarDays(now, EXPIRING_DAYS);
        where.push(ne(fireEquipment.status, 'retired'));
        if (q.expiry === 'expired') where.push(lt(fireEquipment.expiresOn, now));
        if (q.expiry === 'expiring')
          where.push(gte(fireEquipment.expiresOn, now), lte(fireEquipment.expiresOn, soon));
        if (q.expiry === 'due') where.push(lte(fireEquipment.expiresOn, soon));
      }
      const cond = and(...where);
      const [found, [{ total }]] = await Promise.all([
        db
          .select({
            row: fireEquipment,
            placeName: placeName(fireEquipment.placeId),
            estateName: placeName(fireEquipment.estateId),
          })
          .from(fireEquipment)
          .where(cond)
          .orderBy(
            q.expiry ? asc(fireEquipment.expiresOn) : asc(fireEquipment.placePath),
            asc(fireEquipment.id),
          )
          .limit(q.pageSize)
          .offset(offsetOf(q)),
        db.select({ total: count() }).from(fireEquipment).where(cond),
      ]);
      return {
        items: found.map(({ row: r, placeName: pn, estateName: en }) => ({
          id: r.id,
          place: { id: r.placeId, name: pn },
          estate: { id: r.estateId, name: en },
          kind: r.kind as EquipmentKind,
          location: r.location,
          quantity: r.quantity,
          installedOn: r.installedOn,
          expiresOn: r.expiresOn,
          status: r.status as EquipmentStatus,
          note: r.note,
          ...expiryOf(r.expiresOn, now),
        })),
        total,
        page: q.page,
        pageSize: q.pageSize,
      };
    },

    async create(ctx: Ctx, body: z.infer<typeof equipmentBody>) {
      const at = await placeInEstate(ctx, body.placeId, 'fire.manage');
      checkDates(body.installedOn, body.expiresOn);
      return db.transaction(async () => {
        const [row] = await db
          .insert(fireEquipment)
          .values({ ...at, ...body })
          .returning();
        await writeAudit(ctx, 'fire.equipment.create', 'fire_equipment', row, {
          after: { kind: row.kind, location: row.location, quantity: row.quantity, expiresOn: row.expiresOn },
        });
        return row.id;
      });
    },

    async update(ctx: Ctx, id: string, body: z.infer<typeof updateEquipmentBody>) {
      const [found] = await db.select().from(fireEquipment).where(eq(fireEquipment.id, id));
      const row = inScopeOr404(ctx, found, 'fire.manage', '消防器材');
      checkDates(
        body.installedOn ?? row.installedOn,
        body.expiresOn === undefined ? row.expiresOn : body.expiresOn,
      );
      await db.transaction(async () => {
        await db
          .update(fireEquipment)
          .set({ ...body, updatedAt: clock.now() })
          .where(eq(fireEquipment.id, id));
        await writeAudit(ctx, 'fire.equipment.update', 'fire_equipment', row, {
          before: { status: row.status, quantity: row.quantity, expiresOn: row.expiresOn },
          after: body,
        });
      });
    },

    async remove(ctx: Ctx, id: string) {
      const [found] = await db.select().from(fireEquipment).where(eq(fireEquipment.id, id));
      const row = inScopeOr404(ctx, found, 'fire.manage', '消防器材');
      await db.transaction(async () => {
        await db.delete(fireEquipment).where(eq(fireEquipment.id, id));
        await writeAudit(ctx, 'fire.equipment.delete', 'fire_equipment', row, {
          before: { kind: row.kind, location: row.location },
        });
      });
    },
  };

  function checkDates(installedOn: string | null | undefined, expiresOn: string | null | undefined) {
    if (installedOn && expiresOn && expiresOn < installedOn)
      throw badRequest('有效期不能早于安装日期', { expiresOn: '有效期不能早于安装日期' });
  }

  // ── checklists and inspections ──

  async function estateVisible(ctx: Ctx, estateId: string, permission: Permission) {
    const p = await org.places.visible(ctx, estateId, permission);
    if (p.kind !== 'estate') throw badRequest('请选择小区', { id: '检查表按小区设置' });
    return p;
  }

  async function checklistOf(estateId: string) {
    const [c] = await db.select().from(fireChecklists).where(eq(fireChecklists.estateId, estateId));
    return {
      estateId,
      custom: Boolean(c),
      items: (c?.items as { code: string; label: string }[] | undefined) ?? [...DEFAULT_CHECKLIST],
    };
  }

  const monthOf = (d: Date) => shanghaiDate(d).slice(0, 7);

  const inspections = {
    /** The checklist of the estate a place lies in (a guard at a building fills the estate's list). */
    async checklist(ctx: Ctx, placeId: string) {
      const at = await placeInEstate(ctx, placeId, 'fire.read');
      return checklistOf(at.estateId);
    },

    async setChecklist(ctx: Ctx, estateId: string, body: z.infer<typeof checklistBody>) {
      const estate = await estateVisible(ctx, estateId, 'fire.manage');
      const codes = body.items.map((i) => i.code);
      if (new Set(codes).size !== codes.length)
        throw badRequest('检查项代码不能重复', { items: '检查项代码重复' });
      const before = await checklistOf(estateId);
      await db.transaction(async () => {
        await db
          .insert(fireChecklists)
          .values({ estateId, placePath: estate.path, items: body.items })
          .onConflictDoUpdate({
            target: fireChecklists.estateId,
            set: { items: body.items, placePath: estate.path, updatedAt: clock.now() },
          });
        await audit.record(ctx, {
          action: 'fire.checklist.update',
          targetType: 'fire_checklist',
          targetId: estateId,
          placeId: estateId,
          placePath: estate.path,
          before: { items: before.items.map((i) => i.label) },
          after: { items: body.items.map((i) => i.label) },
        });
      });
    },

    async create(ctx: Ctx, body: z.infer<typeof inspectionBody>) {
      const at = await placeInEstate(ctx, body.placeId, 'fire.manage');
      const list = await checklistOf(at.estateId);
      const byCode = new Map(body.items.map((i) => [i.code, i]));
      if (byCode.size !== body.items.length)
        throw badRequest('检查项重复', { items: '同一检查项只能填一次' });
      const unknown = body.items.filter((i) => !list.items.some((c) => c.code === i.code));
      if (unknown.length > 0)
        throw badRequest(`检查表中没有该项：${unknown[0].code}`, { items: '请刷新检查表后重填' });
      const missing = list.items.filter((c) => !byCode.has(c.code));
      if (missing.length > 0)
        throw badRequest(`请填写检查项：${missing[0].label}`, { items: '还有未填的检查项' });
      for (const i of body.items) {
        if (i.openHazard && i.passed) throw badRequest('合格的检查项不能登记隐患', { items: i.code });
        if (i.openHazard && i.deadline && i.deadline < today())
          throw badRequest('整改期限不能早于今天', { items: i.code });
      }
      const now = clock.now();
      const actor = ctx.actor!;
      return db.transaction(async () => {
        const failed = body.items.filter((i) => !i.passed).length;
        const [row] = await db
          .insert(fireInspections)
          .values({
            ...at,
            month: monthOf(now),
            inspectedAt: now,
            inspectorId: actor.userId,
            inspectorName: actor.displayName,
            items: [],
            failedCount: failed,
            note: body.note,
          })
          .returning();
        const hazardIds: string[] = [];
        const items: {
          code: string;
          label: string;
          passed: boolean;
          note: string;
          hazardId: string | null;
        }[] = [];
        for (const c of list.items) {
          const i = byCode.get(c.code)!;
          let hazardId: string | null = null;
          if (i.openHazard) {
            hazardId = await insertHazard(ctx, at, {
              title: c.label.replace(/[，,].*$/, '') + '（检查不合格）',
              description: i.note,
              location: '',
              level: 'general',
              source: 'inspection',
              sourceInspectionId: row.id,
              sourceItem: c.code,
              assign:
                i.responsible && i.deadline ? { responsible: i.responsible, deadline: i.deadline } : null,
            });
            hazardIds.push(hazardId);
          }
          items.push({ code: c.code, label: c.label, passed: i.passed, note: i.note, hazardId });
        }
        await db.update(fireInspections).set({ items }).where(eq(fireInspections.id, row.id));
        await writeAudit(ctx, 'fire.inspection.create', 'fire_inspection', row, {
          after: { month: row.month, failed, hazards: hazardIds.length },
        });
        return { id: row.id, hazardIds };
      });
    },

    async list(ctx: Ctx, q: z.infer<typeof inspectionListQuery>) {
      const where = await scopeOf(ctx, fireInspections.placePath, q.placeId);
      if (q.month) where.push(eq(fireInspections.month, q.month));
      const cond = and(...where);
      const [found, [{ total }]] = await Promise.all([
        db
          .select({
            row: fireInspections,
            placeName: placeName(fireInspections.placeId),
            estateName: placeName(fireInspections.estateId),
          })
          .from(fireInspections)
          .where(cond)
          .orderBy(desc(fireInspections.inspectedAt), asc(fireInspections.id))
          .limit(q.pageSize)
          .offset(offsetOf(q)),
        db.select({ total: count() }).from(fireInspections).where(cond),
      ]);
      return { items: found.map(inspectionBrief), total, page: q.page, pageSize: q.pageSize };
    },

    async detail(ctx: Ctx, id: string) {
      const [found] = await db
        .select({
          row: fireInspections,
          placeName: placeName(fireInspections.placeId),
          estateName: placeName(fireInspections.estateId),
        })
        .from(fireInspections)
        .where(eq(fireInspections.id, id));
      if (!found || !ctx.actor!.inScope('fire.read', found.row.placePath))
        throw notFound('检查记录不存在或无权访问');
      return {
        ...inspectionBrief(found),
        items: found.row.items as {
          code: string;
          label: string;
          passed: boolean;
          note: string;
          hazardId: string | null;
        }[],
      };
    },

    /** Estates in the caller's scope with no inspection this month (Asia/Shanghai). */
    async missing(ctx: Ctx, q: z.infer<typeof missingQuery>) {
      const month = q.month ?? monthOf(clock.now());
      const where: SQL[] = [eq(places.kind, 'estate'), ctx.actor!.scopeFilter('fire.read', places.path)];
      if (q.placeId) {
        const p = await org.places.visible(ctx, q.placeId, 'fire.read');
        where.push(sql`${places.path} like ${`${escapeLike(p.path)}%`}`);
      }
      const found = await db
        .select({
          id: places.id,
          name: places.name,
          last: sql<
            Date | string | null
          >`(select max(i.inspected_at) from fire_inspections i where i.estate_id = "places"."id")`,
          done: sql<boolean>`exists (select 1 from fire_inspections i where i.estate_id = "places"."id" and i.month = ${month})`,
        })
        .from(places)
        .where(and(...where))
        .orderBy(asc(places.path));
      return {
        month,
        items: found
          .filter((r) => !r.done)
          .map((r) => ({
            id: r.id,
            name: r.name,
            lastInspectedAt: r.last === null ? null : new Date(r.last).toISOString(),
          })),
      };
    },
  };

  function inspectionBrief(r: {
    row: typeof fireInspections.$inferSelect;
    placeName: string;
    estateName: string;
  }) {
    const items = r.row.items as unknown[];
    return {
      id: r.row.id,
      place: { id: r.row.placeId, name: r.placeName },
      estate: { id: r.row.estateId, name: r.estateName },
      month: r.row.month,
      inspectedAt: r.row.inspectedAt.toISOString(),
      inspectorName: r.row.inspectorName,
      itemCount: items.length,
      failedCount: r.row.failedCount,
      note: r.row.note,
    };
  }

  // ── hazards ──

  async function step(
    hazardId: string,
    ctx: Ctx,
    action: string,
    from: string | null,
    to: string | null,
    note = '',
    data?: unknown,
  ) {
    await db.insert(fireHazardSteps).values({
      hazardId,
      at: clock.now(),
      action,
      actorId: ctx.actor?.userId ?? null,
      actorName: ctx.actor?.displayName ?? ctx.actorLabel ?? '系统',
      fromStatus: from,
      toStatus: to,
      note,
      data: data ?? null,
    });
  }

  /** Inside the caller's transaction: the hazard, its first step and its audit entry. */
  async function insertHazard(
    ctx: Ctx,
    at: Pathed,
    h: {
      title: string;
      description: string;
      location: string;
      level: HazardLevel;
      source: HazardSource;
      sourceEventId?: string | null;
      sourceInspectionId?: string | null;
      sourceItem?: string | null;
      assign?: { responsible: string; deadline: string } | null;
    },
  ) {
    const [row] = await db
      .insert(fireHazards)
      .values({
        ...at,
        title: h.title,
        description: h.description,
        location: h.location,
        level: h.level,
        source: h.source,
        sourceEventId: h.sourceEventId ?? null,
        sourceInspectionId: h.sourceInspectionId ?? null,
        sourceItem: h.sourceItem ?? null,
        status: h.assign ? 'rectifying' : 'found',
        responsible: h.assign?.responsible ?? null,
        deadline: h.assign?.deadline ?? null,
        reporterId: ctx.actor?.userId ?? null,
        reporterName: ctx.actor?.displayName ?? ctx.actorLabel ?? '系统',
      })
      .returning();
    await step(row.id, ctx, 'create', null, 'found', h.description);
    if (h.assign)
      await step(row.id, ctx, 'assign', 'found', 'rectifying', '', {
        responsible: h.assign.responsible,
        deadline: h.assign.deadline,
      });
    await writeAudit(ctx, 'fire.hazard.create', 'fire_hazard', row, {
      after: { title: row.title, source: row.source, status: row.status, deadline: row.deadline },
    });
    return row.id;
  }

  function hazardBrief(r: HazardRow & { placeName: string; estateName: string }, now = today()) {
    return {
      id: r.id,
      place: { id: r.placeId, name: r.placeName },
      estate: { id: r.estateId, name: r.estateName },
      title: r.title,
      location: r.location,
      level: r.level as HazardLevel,
      source: r.source as HazardSource,
      status: r.status as HazardStatus,
      responsible: r.responsible,
      deadline: r.deadline,
      overdue: r.status === 'rectifying' && r.deadline !== null && r.deadline < now,
      escalated: r.escalatedAt !== null,
      recheckCount: r.recheckCount,
      reporterName: r.reporterName,
      createdAt: r.createdAt.toISOString(),
      closedAt: r.closedAt?.toISOString() ?? null,
    };
  }

  const hazardColumns = {
    placeName: placeName(fireHazards.placeId),
    estateName: placeName(fireHazards.estateId),
  };

  async function hazardFor(ctx: Ctx, id: string, permission: Permission = 'fire.read') {
    const [h] = await db.select().from(fireHazards).where(eq(fireHazards.id, id));
    return inScopeOr404(ctx, h, permission, '隐患');
  }

  function refuse(h: HazardRow, action: HazardAction): never {
    const allowed = HAZARD_TRANSITIONS[h.status as HazardStatus];
    const names = allowed.map((a) => HAZARD_ACTIONS[a]).join('、');
    throw conflict(
      'ILLEGAL_TRANSITION',
      `隐患当前为「${HAZARD_STATUSES[h.status as HazardStatus]}」，不能${HAZARD_ACTIONS[action]}` +
        (names ? `；可以：${names}` : '；已销号的隐患不能再操作'),
      { allowed: allowed.join(',') },
    );
  }

  async function escalateOverdue() {
    const now = today();
    const due = await db
      .select()
      .from(fireHazards)
      .where(
        and(
          eq(fireHazards.status, 'rectifying'),
          lt(fireHazards.deadline, now),
          sql`${fireHazards.escalatedAt} is null`,
        ),
      )
      .orderBy(asc(fireHazards.deadline));
    const ctx = systemCtx('消防隐患逾期升级');
    let escalated = 0;
    for (const h of due) {
      const chain = await chainOf(db, h.placePath);
      const community = nearest(chain, 'community') ?? chain[0];
      const to = community ? await holdersAt(db, [community.id], 'fire.manage') : [];
      await db.transaction(async () => {
        const done = await db
          .update(fireHazards)
          .set({ escalatedAt: clock.now(), updatedAt: clock.now() })
          .where(and(eq(fireHazards.id, h.id), sql`${fireHazards.escalatedAt} is null`))
          .returning({ id: fireHazards.id });
        if (done.length === 0) return;
        await step(
          h.id,
          ctx,
          'escalate',
          h.status,
          h.status,
          `整改期限 ${h.deadline} 已过，升级至${community?.name ?? '上级'}`,
        );
        await writeAudit(ctx, 'fire.hazard.escalate', 'fire_hazard', h, {
          after: { deadline: h.deadline, notified: to.length },
        });
        if (to.length > 0)
          await notifications.send(to, {
            kind: 'fire.hazard.overdue',
            title: `消防隐患逾期未整改：${h.title}`,
            body: `整改责任方：${h.responsible ?? '未定'}，期限 ${h.deadline}`,
            link: `/fire/hazards/${h.id}`,
            targetType: 'fire_hazard',
            targetId: h.id,
          });
        escalated++;
      });
    }
    return { escalated };
  }

  const hazards = {
    async create(ctx: Ctx, body: z.infer<typeof hazardBody>) {
      const at = await placeInEstate(ctx, body.placeId, 'fire.manage');
      if (body.sourceEventId && body.source !== 'event' && body.source !== 'request')
        throw badRequest('只有来自网格事件或居民诉求的隐患才能关联事件', { sourceEventId: '请选择来源' });
      if (body.sourceEventId) {
        const [e] = await rows<{ place_path: string }>(
          db,
          sql`select place_path from events where id = ${body.sourceEventId}`,
        );
        if (!e || !ctx.actor!.inScope('grid.read', e.place_path))
          throw badRequest('关联的事件不存在或无权访问', { sourceEventId: '请重新选择事件' });
      }
      return db.transaction(async () => {
        const photoIds = await savePhotos(files, body.photos, PHOTO_MAX_BYTES);
        const id = await insertHazard(ctx, at, { ...body, sourceEventId: body.sourceEventId ?? null });
        if (photoIds.length > 0)
          await files.attach(photoIds, {
            ownerType: PHOTO_OWNER.before,
            ownerId: id,
            placePath: at.placePath,
          });
        return id;
      });
    },

    async list(ctx: Ctx, q: z.infer<typeof hazardListQuery>) {
      const now = today();
      const where = await scopeOf(ctx, fireHazards.placePath, q.placeId);
      if (q.status === 'open') where.push(ne(fireHazards.status, 'closed'));
      else if (q.status) where.push(eq(fireHazards.status, q.status));
      if (q.source) where.push(eq(fireHazards.source, q.source));
      if (q.overdue === 'true')
        where.push(eq(fireHazards.status, 'rectifying'), lt(fireHazards.deadline, now));
      if (q.q) {
        const like = `%${escapeLike(q.q)}%`;
        where.push(or(sql`${fireHazards.title} like ${like}`, sql`${fireHazards.location} like ${like}`)!);
      }
      const cond = and(...where);
      const [found, [{ total }]] = await Promise.all([
        db
          .select({ row: fireHazards, ...hazardColumns })
          .from(fireHazards)
          .where(cond)
          .orderBy(desc(fireHazards.createdAt), asc(fireHazards.id))
          .limit(q.pageSize)
          .offset(offsetOf(q)),
        db.select({ total: count() }).from(fireHazards).where(cond),
      ]);
      return {
        items: found.map((r) =>
          hazardBrief({ ...r.row, placeName: r.placeName, estateName: r.estateName }, now),
        ),
        total,
        page: q.page,
        pageSize: q.pageSize,
      };
    },

    async detail(ctx: Ctx, id: string) {
      const h = await hazardFor(ctx, id);
      const [[names], steps, before, after] = await Promise.all([
        db.select(hazardColumns).from(fireHazards).where(eq(fireHazards.id, id)),
        db
          .select()
          .from(fireHazardSteps)
          .where(eq(fireHazardSteps.hazardId, id))
          .orderBy(asc(fireHazardSteps.seq)),
        files.listOwned(PHOTO_OWNER.before, [id]),
        files.listOwned(PHOTO_OWNER.after, [id]),
      ]);
      const canManage = ctx.actor!.inScope('fire.manage', h.placePath);
      const photo = (stage: HazardPhotoStage) => (f: { id: string; name: string }) => ({
        id: f.id,
        name: f.name,
        url: `/api/v1/fire/hazards/${id}/photos/${f.id}`,
        stage,
      });
      return {
        ...hazardBrief({ ...h, ...names }),
        description: h.description,
        sourceEventId: h.sourceEventId,
        sourceInspectionId: h.sourceInspectionId,
        sourceItem: h.sourceItem,
        rectifyNote: h.rectifyNote,
        escalatedAt: h.escalatedAt?.toISOString() ?? null,
        photos: [...before.map(photo('before')), ...after.map(photo('after'))],
        steps: steps.map((s) => ({
          id: s.id,
          at: s.at.toISOString(),
          action: s.action,
          actionLabel: HAZARD_STEP_LABELS[s.action] ?? s.action,
          actorName: s.actorName,
          fromStatus: s.fromStatus,
          toStatus: s.toStatus,
          note: s.note,
        })),
        allowed: canManage ? [...HAZARD_TRANSITIONS[h.status as HazardStatus]] : [],
      };
    },

    async act(ctx: Ctx, id: string, body: z.infer<typeof hazardActionBody>) {
      const h = await hazardFor(ctx, id, 'fire.manage');
      const action = body.action;
      if (!HAZARD_TRANSITIONS[h.status as HazardStatus].includes(action)) refuse(h, action);
      if (body.deadline && body.deadline < today())
        throw badRequest('整改期限不能早于今天', { deadline: '请选择今天或以后的日期' });
      const now = clock.now();
      const from = h.status as HazardStatus;
      let to: HazardStatus = from;
      const set: Partial<typeof fireHazards.$inferInsert> = { updatedAt: now };
      switch (action) {
        case 'assign':
          to = 'rectifying';
          Object.assign(set, { responsible: body.responsible, deadline: body.deadline, escalatedAt: null });
          break;
        case 'submit':
          to = 'rechecking';
          set.rectifyNote = body.note || null;
          break;
        case 'pass':
          to = 'closed';
          Object.assign(set, { closedAt: now, recheckCount: h.recheckCount + 1 });
          break;
        case 'fail':
          // Back to 整改 with a new deadline: the overdue clock starts again.
          to = 'rectifying';
          Object.assign(set, {
            deadline: body.deadline,
            responsible: body.responsible || h.responsible,
            escalatedAt: null,
            recheckCount: h.recheckCount + 1,
          });
          break;
      }
      set.status = to;
      await db.transaction(async () => {
        const done = await db
          .update(fireHazards)
          .set(set)
          .where(and(eq(fireHazards.id, id), eq(fireHazards.status, from)))
          .returning({ id: fireHazards.id });
        if (done.length === 0) throw conflict('HAZARD_CHANGED', '隐患刚被其他人处理过，请刷新后再试');
        const photoIds = await savePhotos(files, body.photos, PHOTO_MAX_BYTES);
        if (photoIds.length > 0)
          await files.attach(photoIds, {
            ownerType: action === 'submit' || action === 'pass' ? PHOTO_OWNER.after : PHOTO_OWNER.before,
            ownerId: id,
            placePath: h.placePath,
          });
        await step(id, ctx, action, from, to, body.note, {
          responsible: set.responsible,
          deadline: set.deadline,
          photos: photoIds.length,
        });
        await writeAudit(ctx, `fire.hazard.${action}`, 'fire_hazard', h, {
          before: { status: from, responsible: h.responsible, deadline: h.deadline },
          after: {
            status: to,
            responsible: set.responsible ?? h.responsible,
            deadline: set.deadline ?? h.deadline,
            note: body.note,
          },
        });
      });
      return { status: to };
    },

    async addPhotos(ctx: Ctx, id: string, body: z.infer<typeof hazardPhotoBody>) {
      const h = await hazardFor(ctx, id, 'fire.manage');
      await db.transaction(async () => {
        const photoIds = await savePhotos(files, body.photos, PHOTO_MAX_BYTES);
        await files.attach(photoIds, {
          ownerType: PHOTO_OWNER[body.stage],
          ownerId: id,
          placePath: h.placePath,
        });
        await writeAudit(ctx, 'fire.hazard.photos', 'fire_hazard', h, {
          after: { stage: body.stage, count: photoIds.length },
        });
      });
    },

    async photo(ctx: Ctx, id: string, fileId: string) {
      await hazardFor(ctx, id);
      const owned = [
        ...(await files.listOwned(PHOTO_OWNER.before, [id])),
        ...(await files.listOwned(PHOTO_OWNER.after, [id])),
      ];
      if (!owned.some((f) => f.id === fileId)) throw notFound('照片不存在');
      return fileId;
    },

    escalateOverdue,
  };

  // ── plans ──

  async function planRow(ctx: Ctx, id: string, permission: Permission = 'fire.read') {
    const [p] = await db.select().from(firePlans).where(eq(firePlans.id, id));
    return inScopeOr404(ctx, p, permission, '应急预案');
  }

  const contactValues = (planId: string, contacts: z.infer<typeof planBody>['contacts']) =>
    contacts.map((c, i) => ({
      planId,
      name: c.name,
      role: c.role,
      phoneEnc: pii.encrypt(c.phone),
      phoneMasked: maskPhone(c.phone),
      sortOrder: i,
    }));

  const drillStats = {
    drillCount: sql<number>`(select count(*)::int from fire_drills d where d.plan_id = "fire_plans"."id")`,
    lastDrillOn: sql<
      string | null
    >`(select max(d.held_on)::text from fire_drills d where d.plan_id = "fire_plans"."id")`,
    contactCount: sql<number>`(select count(*)::int from fire_plan_contacts c where c.plan_id = "fire_plans"."id")`,
    placeName: placeName(firePlans.placeId),
    estateName: placeName(firePlans.estateId),
  };
  type PlanStats = {
    drillCount: number;
    lastDrillOn: string | null;
    contactCount: number;
    placeName: string;
    estateName: string;
  };
  const planBrief = (r: typeof firePlans.$inferSelect, s: PlanStats) => ({
    id: r.id,
    place: { id: r.placeId, name: s.placeName },
    estate: { id: r.estateId, name: s.estateName },
    title: r.title,
    revisedOn: r.revisedOn,
    contactCount: Number(s.contactCount),
    drillCount: Number(s.drillCount),
    lastDrillOn: s.lastDrillOn,
  });

  const plans = {
    async list(ctx: Ctx, q: z.infer<typeof planListQuery>) {
      const cond = and(...(await scopeOf(ctx, firePlans.placePath, q.placeId)));
      const [found, [{ total }]] = await Promise.all([
        db
          .select({ row: firePlans, ...drillStats })
          .from(firePlans)
          .where(cond)
          .orderBy(asc(firePlans.placePath), asc(firePlans.title), asc(firePlans.id))
          .limit(q.pageSize)
          .offset(offsetOf(q)),
        db.select({ total: count() }).from(firePlans).where(cond),
      ]);
      return {
        items: found.map(({ row, ...s }) => planBrief(row, s)),
        total,
        page: q.page,
        pageSize: q.pageSize,
      };
    },

    async detail(ctx: Ctx, id: string) {
      await planRow(ctx, id);
      const [[{ row, ...s }], contacts, drills] = await Promise.all([
        db
          .select({ row: firePlans, ...drillStats })
          .from(firePlans)
          .where(eq(firePlans.id, id)),
        db
          .select()
          .from(firePlanContacts)
          .where(eq(firePlanContacts.planId, id))
          .orderBy(asc(firePlanContacts.sortOrder)),
        db
          .select({
            id: fireDrills.id,
            title: fireDrills.title,
            kind: fireDrills.kind,
            heldOn: fireDrills.heldOn,
          })
          .from(fireDrills)
          .where(eq(fireDrills.planId, id))
          .orderBy(desc(fireDrills.heldOn)),
      ]);
      return {
        ...planBrief(row, s),
        content: row.content,
        contacts: contacts.map((c) => ({
          id: c.id,
          name: c.name,
          role: c.role as ContactRole,
          phoneMasked: c.phoneMasked,
        })),
        drills: drills.map((d) => ({ ...d, kind: d.kind as DrillKind })),
      };
    },

    async create(ctx: Ctx, body: z.infer<typeof planBody>) {
      const at = await placeInEstate(ctx, body.placeId, 'fire.manage');
      return db.transaction(async () => {
        const [row] = await db
          .insert(firePlans)
          .values({ ...at, title: body.title, content: body.content, revisedOn: body.revisedOn })
          .returning();
        if (body.contacts.length > 0)
          await db.insert(firePlanContacts).values(contactValues(row.id, body.contacts));
        await writeAudit(ctx, 'fire.plan.create', 'fire_plan', row, {
          after: { title: row.title, contacts: body.contacts.map((c) => `${c.name}（${c.role}）`) },
        });
        return row.id;
      });
    },

    async update(ctx: Ctx, id: string, body: z.infer<typeof updatePlanBody>) {
      const p = await planRow(ctx, id, 'fire.manage');
      const { contacts, ...fields } = body;
      await db.transaction(async () => {
        await db
          .update(firePlans)
          .set({ ...fields, updatedAt: clock.now() })
          .where(eq(firePlans.id, id));
        if (contacts) {
          await db.delete(firePlanContacts).where(eq(firePlanContacts.planId, id));
          if (contacts.length > 0) await db.insert(firePlanContacts).values(contactValues(id, contacts));
        }
        await writeAudit(ctx, 'fire.plan.update', 'fire_plan', p, {
          before: { title: p.title, revisedOn: p.revisedOn },
          after: { ...fields, content: undefined, contacts: contacts?.map((c) => `${c.name}（${c.role}）`) },
        });
      });
    },

    async remove(ctx: Ctx, id: string) {
      const p = await planRow(ctx, id, 'fire.manage');
      await db.transaction(async () => {
        await db.delete(firePlans).where(eq(firePlans.id, id));
        await writeAudit(ctx, 'fire.plan.delete', 'fire_plan', p, { before: { title: p.title } });
      });
    },

    /** A contact's full phone: pii.reveal in the plan's scope, audited. */
    async revealPhone(ctx: Ctx, id: string, contactId: string, reason: string) {
      const p = await planRow(ctx, id);
      if (!ctx.actor!.inScope('pii.reveal', p.placePath)) throw notFound('应急预案不存在或无权访问');
      const [c] = await db
        .select()
        .from(firePlanContacts)
        .where(and(eq(firePlanContacts.id, contactId), eq(firePlanContacts.planId, id)));
      if (!c) throw notFound('联系人不存在');
      const value = await reveal(ctx, {
        targetType: 'fire_plan_contact',
        targetId: c.id,
        placeId: p.placeId,
        placePath: p.placePath,
        field: 'phone',
        reason,
        ciphertext: c.phoneEnc,
      });
      return { value: value ?? '' };
    },
  };

  // ── drills ──

  const drills = {
    async list(ctx: Ctx, q: z.infer<typeof drillListQuery>) {
      const where = await scopeOf(ctx, fireDrills.placePath, q.placeId);
      if (q.kind) where.push(eq(fireDrills.kind, q.kind));
      if (q.planId) where.push(eq(fireDrills.planId, q.planId));
      const cond = and(...where);
      const [found, [{ total }]] = await Promise.all([
        db
          .select({
            row: fireDrills,
            placeName: placeName(fireDrills.placeId),
            estateName: placeName(fireDrills.estateId),
            planTitle: sql<
              string | null
            >`(select title from fire_plans fp where fp.id = ${fireDrills.planId})`,
          })
          .from(fireDrills)
          .where(cond)
          .orderBy(desc(fireDrills.heldOn), asc(fireDrills.id))
          .limit(q.pageSize)
          .offset(offsetOf(q)),
        db.select({ total: count() }).from(fireDrills).where(cond),
      ]);
      return {
        items: found.map(({ row: r, placeName: pn, estateName: en, planTitle }) => ({
          id: r.id,
          place: { id: r.placeId, name: pn },
          estate: { id: r.estateId, name: en },
          kind: r.kind as DrillKind,
          title: r.title,
          heldOn: r.heldOn,
          location: r.location,
          organiser: r.organiser,
          attendance: r.attendance,
          attendees: r.attendees,
          plan: r.planId && planTitle !== null ? { id: r.planId, title: planTitle } : null,
          summary: r.summary,
        })),
        total,
        page: q.page,
        pageSize: q.pageSize,
      };
    },

    async create(ctx: Ctx, body: z.infer<typeof drillBody>) {
      const at = await placeInEstate(ctx, body.placeId, 'fire.manage');
      if (body.heldOn > today())
        throw badRequest('只能登记已经举行的演练或培训', { heldOn: '日期不能晚于今天' });
      if (body.planId) {
        const [p] = await db.select().from(firePlans).where(eq(firePlans.id, body.planId));
        if (!p || !ctx.actor!.inScope('fire.read', p.placePath) || p.estateId !== at.estateId)
          throw badRequest('所选预案不存在或不属于该小区', { planId: '请重新选择预案' });
      }
      const attendance = body.attendance ?? body.attendees.length;
      if (attendance < body.attendees.length)
        throw badRequest('参加人数不能少于名单人数', { attendance: `名单已有 ${body.attendees.length} 人` });
      return db.transaction(async () => {
        const [row] = await db
          .insert(fireDrills)
          .values({ ...at, ...body, attendance })
          .returning();
        await writeAudit(ctx, 'fire.drill.create', 'fire_drill', row, {
          after: { kind: row.kind, title: row.title, heldOn: row.heldOn, attendance },
        });
        return row.id;
      });
    },

    async remove(ctx: Ctx, id: string) {
      const [found] = await db.select().from(fireDrills).where(eq(fireDrills.id, id));
      const row = inScopeOr404(ctx, found, 'fire.manage', '演练记录');
      await db.transaction(async () => {
        await db.delete(fireDrills).where(eq(fireDrills.id, id));
        await writeAudit(ctx, 'fire.drill.delete', 'fire_drill', row, {
          before: { title: row.title, heldOn: row.heldOn },
        });
      });
    },
  };

  // ── volunteer fire brigade ──

  const brigade = {
    async list(ctx: Ctx, q: { placeId?: string }) {
      const where = await scopeOf(ctx, fireBrigadeMembers.placePath, q.placeId);
      const found = await db
        .select({
          row: fireBrigadeMembers,
          name: people.name,
          phoneMasked: people.phoneMasked,
          estateName: placeName(fireBrigadeMembers.estateId),
        })
        .from(fireBrigadeMembers)
        .innerJoin(people, eq(people.id, fireBrigadeMembers.personId))
        .where(and(...where))
        .orderBy(
          asc(fireBrigadeMembers.estateId),
          sql`${fireBrigadeMembers.duty} = '队长' desc`,
          sql`${fireBrigadeMembers.duty} = '副队长' desc`,
          asc(fireBrigadeMembers.createdAt),
          asc(fireBrigadeMembers.id),
        );
      return {
        items: found.map(({ row: r, name, phoneMasked, estateName }) => ({
          id: r.id,
          estate: { id: r.estateId, name: estateName },
          personId: r.personId,
          name,
          phoneMasked,
          duty: r.duty,
          joinedOn: r.joinedOn,
        })),
      };
    },

    async add(ctx: Ctx, body: z.infer<typeof brigadeBody>) {
      const at = await placeInEstate(ctx, body.placeId, 'fire.manage');
      // A read-only look at the registry: the person must live in the estate.
      const [p] = await db
        .select({ id: people.id, name: people.name, placePath: people.placePath })
        .from(people)
        .where(eq(people.id, body.personId));
      const estatePath = (await org.places.find(at.estateId))!.path;
      if (!p?.placePath.startsWith(estatePath))
        throw badRequest('该人员不在本小区的人口登记中', { personId: '请从本小区的人口中选择' });
      const [dup] = await db
        .select({ id: fireBrigadeMembers.id })
        .from(fireBrigadeMembers)
        .where(and(eq(fireBrigadeMembers.estateId, at.estateId), eq(fireBrigadeMembers.personId, p.id)));
      if (dup) throw conflict('ALREADY_MEMBER', `${p.name}已是本小区义务消防队队员`);
      return db.transaction(async () => {
        const [row] = await db
          .insert(fireBrigadeMembers)
          .values({ ...at, personId: p.id, duty: body.duty, joinedOn: body.joinedOn })
          .returning();
        await writeAudit(ctx, 'fire.brigade.add', 'fire_brigade_member', row, {
          after: { personId: p.id, duty: row.duty },
        });
        return row.id;
      });
    },

    async remove(ctx: Ctx, id: string) {
      const [found] = await db.select().from(fireBrigadeMembers).where(eq(fireBrigadeMembers.id, id));
      const row = inScopeOr404(ctx, found, 'fire.manage', '队员');
      await db.transaction(async () => {
        await db.delete(fireBrigadeMembers).where(eq(fireBrigadeMembers.id, id));
        await writeAudit(ctx, 'fire.brigade.remove', 'fire_brigade_member', row, {
          before: { personId: row.personId },
        });
      });
    },
  };

  // Place moves rewrite the copied paths, like the grid's tables.
  const PATHED = [
    fireEquipment,
    fireInspections,
    fireHazards,
    firePlans,
    fireDrills,
    fireBrigadeMembers,
    fireChecklists,
  ] as const;
  org.places.onSubtreeMoved(async (oldPath, newPath) => {
    for (const table of PATHED) {
      await db
        .update(table)
        .set({ placePath: sql`${newPath} || substr(${table.placePath}, ${oldPath.length + 1})` })
        .where(sql`${table.placePath} like ${`${escapeLike(oldPath)}%`}`);
    }
  });

  if (deps.jobs) {
    deps.jobs.define(FIRE_JOBS.overdue, async () => void (await escalateOverdue()));
    deps.jobs.every(FIRE_JOBS.overdue, 'day', { at: '00:20' });
  }

  return { equipment, inspections, hazards, plans, drills, brigade };
}

export type FireService = ReturnType<typeof createFireService>;
