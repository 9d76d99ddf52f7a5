import { and, asc, desc, eq, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { TenancyRow, tenancyBody, tenancyListQuery } from '../../../shared/api/registry.js';
import { TENANCY_ENDING_DAYS } from '../../../shared/registry.js';
import type { AuditService } from '../../platform/audit/service.js';
import type { Ctx } from '../../platform/context.js';
import { badRequest, conflict, notFound } from '../../platform/errors.js';
import { addDays, houseAddressSql, type RegistryDeps, scopeWhere, tenancyInForce, today } from './common.js';
import type { HousesService } from './houses.js';
import type { PeopleService } from './people.js';
import { houses, people, residencies, tenancies, tenancyTenants } from './schema.js';
import { addressQuery } from './text.js';

type Status = TenancyRow['status'];

/** Where a tenancy stands on `day`: the list's status tag and filter use the same rule. */
export function tenancyStatus(
  t: { startDate: string; endDate: string; endedOn: string | null },
  day: string,
): Status {
  if (t.endedOn && t.endedOn <= day) return 'ended';
  if (t.startDate > day) return 'future';
  if (t.endDate < day) return 'expired';
  if (t.endDate <= addDays(day, TENANCY_ENDING_DAYS)) return 'ending';
  return 'active';
}

function statusFilter(status: Status, day: string): SQL {
  const soon = addDays(day, TENANCY_ENDING_DAYS);
  const notEnded = sql`(${tenancies.endedOn} is null or ${tenancies.endedOn} > ${day})`;
  switch (status) {
    case 'ended':
      return sql`${tenancies.endedOn} <= ${day}`;
    case 'future':
      return sql`${notEnded} and ${tenancies.startDate} > ${day}`;
    case 'expired':
      return sql`${notEnded} and ${tenancies.endDate} < ${day}`;
    case 'ending':
      return sql`${notEnded} and ${tenancies.startDate} <= ${day} and ${tenancies.endDate} between ${day} and ${soon}`;
    case 'active':
      return sql`${notEnded} and ${tenancies.startDate} <= ${day} and ${tenancies.endDate} > ${soon}`;
  }
}

export function createTenanciesService(deps: RegistryDeps & { audit: AuditService }) {
  const { db, audit, clock } = deps;

  const columns = {
    id: tenancies.id,
    houseId: tenancies.houseId,
    address: sql<string>`${houseAddressSql('h')}`,
    landlordId: tenancies.landlordId,
    landlordName: tenancies.landlordName,
    startDate: tenancies.startDate,
    endDate: tenancies.endDate,
    endedOn: tenancies.endedOn,
    purpose: tenancies.purpose,
    registeredByName: tenancies.registeredByName,
    registeredAt: tenancies.registeredAt,
  };

  async function decorate(
    rows: {
      id: string;
      registeredAt: Date;
      startDate: string;
      endDate: string;
      endedOn: string | null;
      purpose: string;
    }[],
  ) {
    const day = today(clock);
    const ids = rows.map((r) => r.id);
    const tenants =
      ids.length === 0
        ? []
        : await db
            .select({
              tenancyId: tenancyTenants.tenancyId,
              id: people.id,
              name: people.name,
              phoneMasked: people.phoneMasked,
            })
            .from(tenancyTenants)
            .innerJoin(people, eq(people.id, tenancyTenants.personId))
            .where(inArray(tenancyTenants.tenancyId, ids))
            .orderBy(asc(people.namePinyin));
    return rows.map((r) => ({
      ...(r as typeof r & {
        houseId: string;
        address: string;
        landlordId: string | null;
        landlordName: string;
        registeredByName: string;
      }),
      purpose: r.purpose as 'living',
      registeredAt: r.registeredAt.toISOString(),
      status: tenancyStatus(r, day),
      tenants: tenants.filter((t) => t.tenancyId === r.id).map(({ tenancyId: _t, ...t }) => t),
    }));
  }

  async function filtersOf(ctx: Ctx, q: z.infer<typeof tenancyListQuery>) {
    const filters: SQL[] = [await scopeWhere(deps, ctx, 'registry.read', tenancies.placePath, q.placeId)];
    if (q.status) filters.push(statusFilter(q.status, today(clock)));
    if (q.q) {
      const a = addressQuery(q.q);
      if (a) filters.push(a.exact ? sql`h.address_key = ${a.key}` : sql`h.address_key like ${`${a.key}%`}`);
      else
        filters.push(
          sql`(${tenancies.landlordName} like ${`%${q.q}%`} or exists (select 1 from tenancy_tenants tt join people p on p.id = tt.person_id where tt.tenancy_id = ${tenancies.id} and p.name like ${`%${q.q}%`}))`,
        );
    }
    return and(...filters)!;
  }

  return {
    filtersOf,
    columns,
    decorate,

    async list(ctx: Ctx, q: z.infer<typeof tenancyListQuery>) {
      const where = await filtersOf(ctx, q);
      const [rows, [{ total }]] = await Promise.all([
        db
          .select(columns)
          .from(tenancies)
          .innerJoin(sql`houses h`, sql`h.id = ${tenancies.houseId}`)
          .where(where)
          .orderBy(asc(tenancies.endDate), asc(tenancies.id))
          .limit(q.pageSize)
          .offset((q.page - 1) * q.pageSize),
        db
          .select({ total: sql<number>`count(*)::int` })
          .from(tenancies)
          .innerJoin(sql`houses h`, sql`h.id = ${tenancies.houseId}`)
          .where(where),
      ]);
      return { items: await decorate(rows), total, page: q.page, pageSize: q.pageSize };
    },

    async ofHouse(ctx: Ctx, houseId: string) {
      const rows = await db
        .select(columns)
        .from(tenancies)
        .innerJoin(sql`houses h`, sql`h.id = ${tenancies.houseId}`)
        .where(
          and(eq(tenancies.houseId, houseId), ctx.actor!.scopeFilter('registry.read', tenancies.placePath)),
        )
        .orderBy(desc(tenancies.startDate));
      return decorate(rows);
    },

    async ofPerson(ctx: Ctx, personId: string) {
      const rows = await db
        .select(columns)
        .from(tenancies)
        .innerJoin(sql`houses h`, sql`h.id = ${tenancies.houseId}`)
        .where(
          and(
            ctx.actor!.scopeFilter('registry.read', tenancies.placePath),
            sql`(${tenancies.landlordId} = ${personId} or exists (select 1 from tenancy_tenants tt where tt.tenancy_id = ${tenancies.id} and tt.person_id = ${personId}))`,
          ),
        )
        .orderBy(desc(tenancies.startDate));
      return decorate(rows);
    },

    /** Registers a tenancy: the tenants move in as 租户 and the house counts as rented. */
    async create(
      ctx: Ctx,
      body: z.infer<typeof tenancyBody>,
      peopleService: PeopleService,
      housesService: HousesService,
    ) {
      const house = await housesService.houseFor(ctx, body.houseId, 'registry.manage');
      const ids = [...new Set(body.tenantIds)];
      const tenants = await db.select().from(people).where(inArray(people.id, ids));
      for (const id of ids) {
        const t = tenants.find((p) => p.id === id);
        if (!t || !ctx.actor!.inScope('registry.read', t.placePath)) throw notFound('承租人不存在或无权访问');
      }
      if (body.landlordId) {
        const [l] = await db
          .select({ placePath: people.placePath })
          .from(people)
          .where(eq(people.id, body.landlordId));
        if (!l || !ctx.actor!.inScope('registry.read', l.placePath)) throw notFound('出租人不存在或无权访问');
        if (ids.includes(body.landlordId))
          throw badRequest('出租人不能同时是承租人', { tenantIds: '出租人不能同时是承租人' });
      }
      const day = today(clock);
      return db.transaction(async () => {
        const [t] = await db
          .insert(tenancies)
          .values({
            houseId: house.id,
            landlordId: body.landlordId ?? null,
            landlordName: body.landlordName,
            startDate: body.startDate,
            endDate: body.endDate,
            purpose: body.purpose,
            note: body.note,
            registeredBy: ctx.actor!.userId,
            registeredByName: ctx.actor!.displayName,
            placePath: house.placePath,
          })
          .returning();
        await db.insert(tenancyTenants).values(ids.map((personId) => ({ tenancyId: t.id, personId })));
        if (house.use !== 'rent' && body.startDate <= day) {
          await db.update(houses).set({ use: 'rent', updatedAt: clock.now() }).where(eq(houses.id, house.id));
        }
        const living = await db
          .select({ personId: residencies.personId })
          .from(residencies)
          .where(
            and(
              eq(residencies.houseId, house.id),
              isNull(residencies.moveOut),
              inArray(residencies.personId, ids),
            ),
          );
        for (const tenant of tenants) {
          if (!living.some((l) => l.personId === tenant.id)) {
            await peopleService.moveInPerson(ctx, tenant, house, 'tenant', body.startDate);
          }
        }
        await audit.record(ctx, {
          action: 'tenancy.create',
          targetType: 'house',
          targetId: house.id,
          placeId: house.unitId,
          placePath: house.placePath,
          after: {
            tenancyId: t.id,
            landlordName: body.landlordName,
            tenants: tenants.map((p) => p.name),
            startDate: body.startDate,
            endDate: body.endDate,
          },
        });
        return t.id;
      });
    },

    /** 退租: the contract ends early; tenants who lived there move out on that day. */
    async end(ctx: Ctx, id: string, endedOn: string, peopleService: PeopleService) {
      const [t] = await db.select().from(tenancies).where(eq(tenancies.id, id));
      if (!t || !ctx.actor!.inScope('registry.manage', t.placePath))
        throw notFound('出租登记不存在或无权访问');
      if (t.endedOn) throw conflict('TENANCY_ENDED', `该出租登记已于 ${t.endedOn} 退租`);
      if (endedOn < t.startDate)
        throw badRequest('退租日期不能早于起租日期', { endedOn: `起租日期为 ${t.startDate}` });
      await db.transaction(async () => {
        await db.update(tenancies).set({ endedOn, updatedAt: clock.now() }).where(eq(tenancies.id, id));
        const stays = await db
          .select()
          .from(residencies)
          .where(
            and(
              eq(residencies.houseId, t.houseId),
              eq(residencies.relation, 'tenant'),
              isNull(residencies.moveOut),
              sql`${residencies.personId} in (select person_id from tenancy_tenants where tenancy_id = ${id})`,
            ),
          );
        for (const stay of stays) await peopleService.endStay(ctx, stay, endedOn);
        await audit.record(ctx, {
          action: 'tenancy.end',
          targetType: 'house',
          targetId: t.houseId,
          placePath: t.placePath,
          after: { tenancyId: id, endedOn },
        });
      });
    },

    statusOf: tenancyStatus,
    inForce: tenancyInForce,
  };
}

export type TenanciesService = ReturnType<typeof createTenanciesService>;
