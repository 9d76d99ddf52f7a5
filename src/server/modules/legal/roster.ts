import { and, asc, eq, gte, like, lte, ne, or, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { dutyBody, dutyQuery, legalContactBody, legalRevealBody } from '../../../shared/api/legal.js';
import { minutesOf } from '../../../shared/legal.js';
import { escapeLike } from '../../db/sql.js';
import type { Ctx } from '../../platform/context.js';
import { badRequest, conflict, notFound } from '../../platform/errors.js';
import { maskPhone } from '../../platform/pii/index.js';
import { places, users } from '../org/schema.js';
import { chainOf, type LegalDeps, mobileOf, nearest, placeFor, placeLabels, placeNames } from './common.js';
import { legalContacts, legalDutySlots } from './schema.js';

/** Serialises roster writes so that two clashing slots saved at once cannot both pass the check. */
const ROSTER_LOCK = 0x1e6a1;

export function createRosterService(deps: LegalDeps) {
  const { db, audit, pii } = deps;

  async function slotFor(ctx: Ctx, id: string) {
    const [s] = await db.select().from(legalDutySlots).where(eq(legalDutySlots.id, id));
    if (!s || !ctx.actor!.inScope('legal.manage', s.placePath)) throw notFound('值班安排不存在或无权访问');
    return s;
  }

  async function contactFor(ctx: Ctx, id: string, permission: 'legal.read' | 'legal.manage' | 'pii.reveal') {
    const [c] = await db.select().from(legalContacts).where(eq(legalContacts.id, id));
    if (!c || !ctx.actor!.inScope(permission, c.placePath)) throw notFound('法律明白人不存在或无权访问');
    return c;
  }

  return {
    async duty(ctx: Ctx, q: z.infer<typeof dutyQuery>) {
      if (q.to < q.from) throw badRequest('结束日期不能早于开始日期', { to: '请重新选择' });
      const filters: SQL[] = [
        ctx.actor!.scopeFilter('legal.read', legalDutySlots.placePath),
        gte(legalDutySlots.date, q.from),
        lte(legalDutySlots.date, q.to),
      ];
      if (q.placeId) {
        const p = await deps.org.places.visible(ctx, q.placeId, 'legal.read');
        filters.push(like(legalDutySlots.placePath, `${escapeLike(p.path)}%`));
      }
      const rows = await db
        .select()
        .from(legalDutySlots)
        .where(and(...filters))
        .orderBy(asc(legalDutySlots.date), asc(legalDutySlots.startTime), asc(legalDutySlots.venue))
        .limit(1000);
      const names = await placeNames(
        db,
        rows.map((r) => r.placeId),
      );
      return {
        items: rows.map((r) => ({
          id: r.id,
          placeId: r.placeId,
          placeName: names.get(r.placeId) ?? '',
          venue: r.venue,
          date: r.date,
          startTime: r.startTime,
          endTime: r.endTime,
          advisorId: r.advisorId,
          advisorName: r.advisorName,
          note: r.note,
        })),
      };
    },

    /**
     * A duty slot. Refused with 409 when the advisor is already on duty then (anywhere), or the
     * venue of the place is already taken then: the message names the slot it clashes with.
     */
    async addSlot(ctx: Ctx, body: z.infer<typeof dutyBody>) {
      const place = await placeFor(deps, ctx, body.placeId, 'legal.manage');
      if (minutesOf(body.endTime) <= minutesOf(body.startTime))
        throw badRequest('结束时间应晚于开始时间', { endTime: '应晚于开始时间' });
      let advisorName = body.advisorName;
      if (body.advisorId) {
        const [u] = await db
          .select({ name: users.displayName })
          .from(users)
          .where(eq(users.id, body.advisorId));
        if (!u) throw badRequest('法律顾问账号不存在', { advisorId: '请重新选择' });
        advisorName = u.name;
      }
      if (!advisorName) throw badRequest('请选择或填写值班的法律顾问', { advisorName: '请填写' });
      return db.transaction(async () => {
        await db.execute(sql`select pg_advisory_xact_lock(${ROSTER_LOCK})`);
        const overlapping = and(
          eq(legalDutySlots.date, body.date),
          sql`${legalDutySlots.startTime} < ${body.endTime}`,
          sql`${legalDutySlots.endTime} > ${body.startTime}`,
        );
        // The same account, or the same name (an advisor without an account is known by name only).
        const sameAdvisor = or(
          eq(legalDutySlots.advisorName, advisorName),
          ...(body.advisorId ? [eq(legalDutySlots.advisorId, body.advisorId)] : []),
        )!;
        const clashes = await db
          .select({
            venue: legalDutySlots.venue,
            placeId: legalDutySlots.placeId,
            advisorName: legalDutySlots.advisorName,
            startTime: legalDutySlots.startTime,
            endTime: legalDutySlots.endTime,
            sameAdvisor: sql<boolean>`${sameAdvisor}`,
          })
          .from(legalDutySlots)
          .where(
            and(
              overlapping,
              or(
                sameAdvisor,
                and(eq(legalDutySlots.placeId, place.id), eq(legalDutySlots.venue, body.venue)),
              ),
            ),
          )
          .limit(1);
        const clash = clashes[0];
        if (clash) {
          const when = `${body.date} ${clash.startTime}–${clash.endTime}`;
          const where = (await placeNames(db, [clash.placeId])).get(clash.placeId) ?? '';
          throw conflict(
            'DUTY_CLASH',
            clash.sameAdvisor
              ? `排班冲突：${clash.advisorName} 在 ${when} 已在「${where} ${clash.venue}」值班`
              : `排班冲突：「${where} ${clash.venue}」在 ${when} 已安排 ${clash.advisorName} 值班`,
            clash.sameAdvisor ? { advisorId: '该时段已有值班' } : { venue: '该时段已有值班' },
          );
        }
        const [s] = await db
          .insert(legalDutySlots)
          .values({
            placeId: place.id,
            placePath: place.path,
            venue: body.venue,
            date: body.date,
            startTime: body.startTime,
            endTime: body.endTime,
            advisorId: body.advisorId,
            advisorName,
            note: body.note,
          })
          .returning({ id: legalDutySlots.id });
        await audit.record(ctx, {
          action: 'legal_duty.create',
          targetType: 'legal_duty_slot',
          targetId: s.id,
          placeId: place.id,
          placePath: place.path,
          after: { date: body.date, startTime: body.startTime, endTime: body.endTime, advisorName },
        });
        return s.id;
      });
    },

    async removeSlot(ctx: Ctx, id: string) {
      const s = await slotFor(ctx, id);
      await db.transaction(async () => {
        await db.delete(legalDutySlots).where(eq(legalDutySlots.id, id));
        await audit.record(ctx, {
          action: 'legal_duty.remove',
          targetType: 'legal_duty_slot',
          targetId: id,
          placePath: s.placePath,
          before: { date: s.date, startTime: s.startTime, advisorName: s.advisorName, venue: s.venue },
        });
      });
    },

    /** The coming duty of the place's estate and community, for the public page: no accounts. */
    async upcomingAt(placePath: string, from: string, to: string) {
      const chain = await chainOf(db, placePath);
      const estate = nearest(chain, 'estate');
      const community = nearest(chain, 'community');
      const scopes = [estate, community].filter((p) => p !== undefined);
      if (scopes.length === 0) return [];
      const rows = await db
        .select()
        .from(legalDutySlots)
        .where(
          and(
            gte(legalDutySlots.date, from),
            lte(legalDutySlots.date, to),
            // Slots of this estate (and below) or filed at the community itself.
            or(
              ...(estate ? [like(legalDutySlots.placePath, `${escapeLike(estate.path)}%`)] : []),
              ...(community ? [eq(legalDutySlots.placeId, community.id)] : []),
            ),
          ),
        )
        .orderBy(asc(legalDutySlots.date), asc(legalDutySlots.startTime))
        .limit(20);
      const names = await placeNames(
        db,
        rows.map((r) => r.placeId),
      );
      return rows.map((r) => ({
        id: r.id,
        placeId: r.placeId,
        placeName: names.get(r.placeId) ?? '',
        venue: r.venue,
        date: r.date,
        startTime: r.startTime,
        endTime: r.endTime,
        advisorName: r.advisorName,
        note: r.note,
      }));
    },

    // ── 法律明白人 ──
    async contacts(ctx: Ctx, placeId: string | undefined) {
      const filters: SQL[] = [ctx.actor!.scopeFilter('legal.read', legalContacts.placePath)];
      if (placeId) {
        const p = await deps.org.places.visible(ctx, placeId, 'legal.read');
        filters.push(like(legalContacts.placePath, `${escapeLike(p.path)}%`));
      }
      const rows = await db
        .select({ c: legalContacts, building: places.name, order: places.sortOrder })
        .from(legalContacts)
        .innerJoin(places, eq(places.id, legalContacts.placeId))
        .where(and(...filters))
        .limit(1000);
      const labels = await estateNames(rows.map((r) => r.c.placePath));
      // By estate, then building number (paths hold random ids, so the order is taken from names).
      rows.sort(
        (a, b) =>
          (labels.get(a.c.placePath) ?? '').localeCompare(labels.get(b.c.placePath) ?? '', 'zh') ||
          a.order - b.order ||
          a.building.localeCompare(b.building, 'zh') ||
          a.c.name.localeCompare(b.c.name, 'zh'),
      );
      return {
        items: rows.map(({ c, building }) => ({
          id: c.id,
          placeId: c.placeId,
          buildingName: building,
          estateName: labels.get(c.placePath) ?? null,
          personId: c.personId,
          name: c.name,
          phoneMasked: c.phoneMasked,
          publishPhone: c.publishPhone,
          note: c.note,
        })),
      };
    },

    async addContact(ctx: Ctx, body: z.infer<typeof legalContactBody>) {
      const building = await placeFor(deps, ctx, body.buildingId, 'legal.manage', ['building'], 'buildingId');
      let name = body.name;
      let phoneMasked: string | null = null;
      let phoneEnc: string | null = null;
      if (body.personId) {
        // Through the registry's own scope check: a person the caller may not see does not exist.
        const person = await deps.registry.people.detail(ctx, body.personId);
        name = person.name;
        phoneMasked = person.phoneMasked ?? null;
      }
      if (!name) throw badRequest('请选择居民或填写姓名', { name: '请填写姓名' });
      if (body.phone) {
        const phone = mobileOf(body.phone);
        phoneEnc = pii.encrypt(phone);
        phoneMasked = maskPhone(phone);
      }
      return db.transaction(async () => {
        const [c] = await db
          .insert(legalContacts)
          .values({
            placeId: building.id,
            placePath: building.path,
            personId: body.personId,
            name,
            phoneEnc,
            phoneMasked,
            publishPhone: body.publishPhone && phoneEnc !== null,
            note: body.note,
          })
          .returning({ id: legalContacts.id });
        await audit.record(ctx, {
          action: 'legal_contact.create',
          targetType: 'legal_contact',
          targetId: c.id,
          placeId: building.id,
          placePath: building.path,
          after: { name, building: building.name, publishPhone: body.publishPhone },
        });
        return c.id;
      });
    },

    async removeContact(ctx: Ctx, id: string) {
      const c = await contactFor(ctx, id, 'legal.manage');
      await db.transaction(async () => {
        await db.delete(legalContacts).where(eq(legalContacts.id, id));
        await audit.record(ctx, {
          action: 'legal_contact.remove',
          targetType: 'legal_contact',
          targetId: id,
          placePath: c.placePath,
          before: { name: c.name },
        });
      });
    },

    async revealContact(ctx: Ctx, id: string, body: z.infer<typeof legalRevealBody>) {
      // pii.reveal over the contact's place is what the platform asks of every reveal.
      const c = await contactFor(ctx, id, 'pii.reveal');
      await audit.record(ctx, {
        action: 'pii.reveal',
        targetType: 'legal_contact',
        targetId: id,
        placePath: c.placePath,
        after: { fields: ['phone'], reason: body.reason },
      });
      return { name: c.name, phone: c.phoneEnc ? pii.decrypt(c.phoneEnc) : null };
    },

    /**
     * 法律明白人 of an estate's buildings for its public board: names, and the phone in full only
     * where the person agreed to publish it.
     */
    async boardContacts(estatePath: string) {
      const rows = await db
        .select({ c: legalContacts, building: places.name })
        .from(legalContacts)
        .innerJoin(places, eq(places.id, legalContacts.placeId))
        .where(and(like(legalContacts.placePath, `${escapeLike(estatePath)}%`), ne(places.kind, 'unit')))
        .orderBy(asc(places.sortOrder), asc(places.name), asc(legalContacts.name));
      return rows.map(({ c, building }) => ({
        buildingId: c.placeId,
        buildingName: building,
        name: c.name,
        // Named like a grid member's service phone: a number published on purpose (or masked).
        servicePhone: c.publishPhone && c.phoneEnc ? pii.decrypt(c.phoneEnc) : c.phoneMasked,
      }));
    },
  };

  async function estateNames(paths: string[]) {
    const labels = await placeLabels(db, paths);
    return new Map([...labels].map(([path, label]) => [path, label.split(' › ')[0] ?? null]));
  }
}

export type RosterService = ReturnType<typeof createRosterService>;
