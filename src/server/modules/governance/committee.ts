import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { z } from 'zod';
import type {
  committeeBody,
  listBody,
  listDetail,
  listSummary,
  membersBody,
  propertyCompanyBody,
} from '../../../shared/api/governance.js';
import { LIST_KINDS, type ListKind } from '../../../shared/governance.js';
import type { Ctx } from '../../platform/context.js';
import { badRequest, notFound } from '../../platform/errors.js';
import { today } from '../registry/service.js';
import { actorName, estateFor, type GovernanceDeps, type GovPermission, inScopeOr404 } from './common.js';
import {
  govCommitteeMembers,
  govCommittees,
  govLists,
  govListVersions,
  govPropertyCompanies,
} from './schema.js';

type ListItems = z.infer<typeof listSummary>['items'];
type MemberInput = z.infer<typeof membersBody>['members'][number];

/** 业委会 terms and members, the property company, the four lists and the 物业服务清单. */
export function createCommitteeService(deps: GovernanceDeps) {
  const { db, audit, clock } = deps;

  async function checkMembers(ctx: Ctx, estatePath: string, members: readonly MemberInput[]) {
    for (const [i, m] of members.entries()) {
      if (m.termEnd < m.termStart)
        throw badRequest('任期结束日期不能早于开始日期', { [`members.${i}.termEnd`]: '任期不正确' });
      if (!m.personId) continue;
      const p = await deps.registry.owners.person(m.personId);
      // A person of another estate (or outside the caller's reach) cannot sit on this committee.
      if (!p?.placePath.startsWith(estatePath) || !ctx.actor!.inScope('governance.manage', p.placePath))
        throw badRequest('成员须是本小区登记的人员', { [`members.${i}.personId`]: '人员不在本小区' });
    }
  }

  const memberRows = (committeeId: string, placePath: string, members: readonly MemberInput[]) =>
    members.map((m, i) => ({ committeeId, placePath, sortOrder: i, ...m }));

  async function committeesOf(estateId: string, estateName: string) {
    const rows = await db
      .select()
      .from(govCommittees)
      .where(eq(govCommittees.estateId, estateId))
      .orderBy(desc(govCommittees.termStart));
    const members = rows.length
      ? await db
          .select()
          .from(govCommitteeMembers)
          .where(
            inArray(
              govCommitteeMembers.committeeId,
              rows.map((r) => r.id),
            ),
          )
          .orderBy(asc(govCommitteeMembers.sortOrder))
      : [];
    const day = today(clock);
    return rows.map((c) => ({
      id: c.id,
      estateId: c.estateId,
      estateName,
      name: c.name,
      termStart: c.termStart,
      termEnd: c.termEnd,
      current: c.termStart <= day && day <= c.termEnd,
      note: c.note,
      members: members
        .filter((m) => m.committeeId === c.id)
        .map((m) => ({
          id: m.id,
          personId: m.personId,
          name: m.name,
          post: m.post as MemberInput['post'],
          termStart: m.termStart,
          termEnd: m.termEnd,
          duties: m.duties,
        })),
    }));
  }

  async function companiesOf(estateId: string) {
    const rows = await db
      .select()
      .from(govPropertyCompanies)
      .where(eq(govPropertyCompanies.estateId, estateId))
      .orderBy(desc(govPropertyCompanies.contractStart));
    const day = today(clock);
    return rows.map((r) => ({
      id: r.id,
      estateId: r.estateId,
      name: r.name,
      contactName: r.contactName,
      contactPhone: r.contactPhone,
      contractStart: r.contractStart,
      contractEnd: r.contractEnd,
      current: r.contractStart <= day && day <= r.contractEnd,
    }));
  }

  async function listsOf(estateId: string) {
    const rows = await db
      .select({
        id: govLists.id,
        estateId: govLists.estateId,
        kind: govLists.kind,
        title: govLists.title,
        version: govLists.version,
        items: govListVersions.items,
        changedOn: govListVersions.changedOn,
      })
      .from(govLists)
      .innerJoin(
        govListVersions,
        and(eq(govListVersions.listId, govLists.id), eq(govListVersions.version, govLists.version)),
      )
      .where(eq(govLists.estateId, estateId));
    const order = Object.keys(LIST_KINDS);
    return rows
      .map((r) => ({ ...r, kind: r.kind as ListKind, items: r.items as ListItems }))
      .sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind));
  }

  async function listFor(ctx: Ctx, id: string, permission: GovPermission) {
    const [l] = await db.select().from(govLists).where(eq(govLists.id, id));
    return inScopeOr404(ctx, l, permission, '清单不存在或无权访问');
  }

  return {
    committeesOf,
    companiesOf,
    listsOf,

    async committees(ctx: Ctx, estateId: string) {
      const estate = await estateFor(deps, ctx, estateId, 'governance.read');
      return { items: await committeesOf(estate.id, estate.name) };
    },

    /** A new term, with its members, in one step. */
    async createCommittee(ctx: Ctx, body: z.infer<typeof committeeBody>) {
      const estate = await estateFor(deps, ctx, body.estateId, 'governance.manage');
      if (body.termEnd < body.termStart)
        throw badRequest('任期结束日期不能早于开始日期', { termEnd: '任期不正确' });
      await checkMembers(ctx, estate.path, body.members);
      return db.transaction(async () => {
        const [c] = await db
          .insert(govCommittees)
          .values({
            estateId: estate.id,
            placePath: estate.path,
            name: body.name,
            termStart: body.termStart,
            termEnd: body.termEnd,
            note: body.note,
          })
          .returning({ id: govCommittees.id });
        if (body.members.length)
          await db.insert(govCommitteeMembers).values(memberRows(c.id, estate.path, body.members));
        await audit.record(ctx, {
          action: 'governance.committee.create',
          targetType: 'gov_committee',
          targetId: c.id,
          placeId: estate.id,
          placePath: estate.path,
          after: { ...body, estateId: undefined },
        });
        return c.id;
      });
    },

    /** Replaces a term's members (补选, 辞职): the old list is kept in the audit trail. */
    async setMembers(ctx: Ctx, id: string, body: z.infer<typeof membersBody>) {
      const [row] = await db.select().from(govCommittees).where(eq(govCommittees.id, id));
      const c = inScopeOr404(ctx, row, 'governance.manage', '业委会不存在或无权访问');
      await checkMembers(ctx, c.placePath, body.members);
      await db.transaction(async () => {
        const before = await db
          .select({ name: govCommitteeMembers.name, post: govCommitteeMembers.post })
          .from(govCommitteeMembers)
          .where(eq(govCommitteeMembers.committeeId, id));
        await db.delete(govCommitteeMembers).where(eq(govCommitteeMembers.committeeId, id));
        if (body.members.length)
          await db.insert(govCommitteeMembers).values(memberRows(id, c.placePath, body.members));
        await audit.record(ctx, {
          action: 'governance.committee.members',
          targetType: 'gov_committee',
          targetId: id,
          placeId: c.estateId,
          placePath: c.placePath,
          before,
          after: body.members,
        });
      });
    },

    async companies(ctx: Ctx, estateId: string) {
      const estate = await estateFor(deps, ctx, estateId, 'governance.read');
      return { items: await companiesOf(estate.id) };
    },

    /** A property company's contract (选聘 or 续聘): a new row, the earlier contracts stay listed. */
    async createCompany(ctx: Ctx, body: z.infer<typeof propertyCompanyBody>) {
      const estate = await estateFor(deps, ctx, body.estateId, 'governance.manage');
      if (body.contractEnd < body.contractStart)
        throw badRequest('合同结束日期不能早于开始日期', { contractEnd: '合同期限不正确' });
      return db.transaction(async () => {
        const { estateId: _, ...rest } = body;
        const [r] = await db
          .insert(govPropertyCompanies)
          .values({ ...rest, estateId: estate.id, placePath: estate.path })
          .returning({ id: govPropertyCompanies.id });
        await audit.record(ctx, {
          action: 'governance.property_company.create',
          targetType: 'gov_property_company',
          targetId: r.id,
          placeId: estate.id,
          placePath: estate.path,
          after: rest,
        });
        return r.id;
      });
    },

    async lists(ctx: Ctx, estateId: string) {
      const estate = await estateFor(deps, ctx, estateId, 'governance.read');
      return { items: await listsOf(estate.id) };
    },

    async listDetail(ctx: Ctx, id: string): Promise<z.infer<typeof listDetail>> {
      const l = await listFor(ctx, id, 'governance.read');
      const versions = await db
        .select()
        .from(govListVersions)
        .where(eq(govListVersions.listId, id))
        .orderBy(desc(govListVersions.version));
      const current = versions.find((v) => v.version === l.version);
      if (!current) throw notFound('清单不存在或无权访问');
      return {
        id: l.id,
        estateId: l.estateId,
        kind: l.kind as ListKind,
        title: l.title,
        version: l.version,
        changedOn: current.changedOn,
        items: current.items as ListItems,
        versions: versions.map((v) => ({
          version: v.version,
          changedOn: v.changedOn,
          changedByName: v.changedByName,
          changeNote: v.changeNote,
          items: v.items as ListItems,
        })),
      };
    },

    /** Saves a list: the first version, or the next one (every change is kept with its date). */
    async saveList(ctx: Ctx, body: z.infer<typeof listBody>) {
      const estate = await estateFor(deps, ctx, body.estateId, 'governance.manage');
      const title = body.title || LIST_KINDS[body.kind];
      return db.transaction(async () => {
        const [existing] = await db
          .select()
          .from(govLists)
          .where(and(eq(govLists.estateId, estate.id), eq(govLists.kind, body.kind)))
          .for('update');
        let id: string;
        let version: number;
        if (existing) {
          id = existing.id;
          version = existing.version + 1;
          await db
            .update(govLists)
            .set({ title, version, updatedAt: clock.now() })
            .where(eq(govLists.id, id));
        } else {
          version = 1;
          const [l] = await db
            .insert(govLists)
            .values({ estateId: estate.id, placePath: estate.path, kind: body.kind, title, version })
            .returning({ id: govLists.id });
          id = l.id;
        }
        await db.insert(govListVersions).values({
          listId: id,
          version,
          items: body.items,
          changeNote: body.changeNote,
          changedOn: body.changedOn ?? today(clock),
          changedBy: ctx.actor?.userId ?? null,
          changedByName: actorName(ctx),
        });
        await audit.record(ctx, {
          action: 'governance.list.save',
          targetType: 'gov_list',
          targetId: id,
          placeId: estate.id,
          placePath: estate.path,
          after: { kind: body.kind, version, items: body.items.length, changeNote: body.changeNote },
        });
        return { id, version };
      });
    },
  };
}
