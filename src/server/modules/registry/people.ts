import { and, asc, desc, eq, isNull, like, or, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type {
  CaseRow,
  moveInBody,
  personBody,
  personListQuery,
  personRevealBody,
  TenancyRow,
  updatePersonBody,
} from '../../../shared/api/registry.js';
import { escapeLike, rows } from '../../db/sql.js';
import type { AuditService } from '../../platform/audit/service.js';
import type { Ctx } from '../../platform/context.js';
import { badRequest, conflict, forbidden, notFound } from '../../platform/errors.js';
import {
  createPiiReveal,
  type PiiCipher,
  validateCitizenId,
  validateMobile,
} from '../../platform/pii/index.js';
import {
  groupsFrom,
  groupsOf,
  houseAddressSql,
  personBriefColumns,
  personBriefOf,
  personFor,
  placeFor,
  type RegistryDeps,
  tenancyInForce,
  today,
} from './common.js';
import type { HousesService } from './houses.js';
import { groupCases, houses, people, residencies } from './schema.js';
import { classifyQuery, nameFields, personPii, piiQueryKeys, queryGrams } from './text.js';

/** The place ids on a person's path, as `people_name_grams_scope_idx` holds them. */
const pathIds = sql`string_to_array(${people.placePath}, '/')`;
/** '/a/b/c/' → 'c': within a path, a place's own id is unique to its subtree. */
const lastPlaceId = (path: string) => path.slice(path.lastIndexOf('/', path.length - 2) + 1, -1);

/** The first place id on a person's path (a street), the leading key of the initials index. */
const pathRoot = sql`split_part(${people.placePath}, '/', 2)`;
const rootPlaceId = (path: string) => path.split('/')[1];

/** Beyond this many matches a list says "10,000+" instead of counting every row. */
export const COUNT_CAP = 10_000;

type PersonDb = typeof people.$inferSelect;

type SearchRow = Pick<PersonDb, keyof typeof personBriefColumns> & {
  houseId: string | null;
  address: string | null;
  groups: string[];
  n: number;
};

/** What the audit trail keeps of a person: never the full ID or phone. */
function snapshot(p: Partial<PersonDb>) {
  return {
    name: p.name,
    gender: p.gender,
    birthDate: p.birthDate,
    idType: p.idType,
    idMasked: p.idMasked,
    phoneMasked: p.phoneMasked,
    ethnicity: p.ethnicity,
    hukouAddress: p.hukouAddress,
    populationType: p.populationType,
    tags: p.tags,
  };
}

export interface IdentityInput {
  idType: string;
  idNumber?: string | null;
  phone?: string | null;
  birthDate?: string | null;
  gender?: 'male' | 'female' | null;
}

/**
 * Checks and normalises an ID number and phone. A citizen ID decides birth date and gender; a
 * form that says otherwise is wrong, not the ID.
 */
export function normaliseIdentity(input: IdentityInput) {
  const fields: Record<string, string> = {};
  let idNumber: string | null = null;
  let birthDate = input.birthDate ?? null;
  let gender = input.gender ?? null;
  const rawId = input.idNumber?.trim();
  if (rawId) {
    if (input.idType === 'resident_id') {
      const r = validateCitizenId(rawId);
      if (!r.ok) fields.idNumber = r.message;
      else {
        idNumber = r.value;
        if (birthDate && birthDate !== r.birthDate)
          fields.birthDate = `出生日期与身份证号不一致（应为 ${r.birthDate}）`;
        if (gender && gender !== r.gender) fields.gender = '性别与身份证号不一致';
        birthDate = r.birthDate;
        gender = r.gender;
      }
    } else if (!/^[A-Za-z0-9-]{3,32}$/.test(rawId)) {
      fields.idNumber = '证件号码只能包含字母、数字和短横线（3–32 位）';
    } else idNumber = rawId.toUpperCase();
  }
  let phone: string | null = null;
  if (input.phone?.trim()) {
    const m = validateMobile(input.phone);
    if (m.ok) phone = m.value;
    else fields.phone = m.message;
  }
  return { idNumber, phone, birthDate, gender, fields };
}

export function createPeopleService(
  deps: RegistryDeps & {
    audit: AuditService;
    pii: PiiCipher;
    houses: HousesService;
    tenanciesOfPerson: (ctx: Ctx, personId: string) => Promise<TenancyRow[]>;
    casesOfPerson: (ctx: Ctx, personId: string) => Promise<CaseRow[]>;
  },
) {
  const { db, audit, clock, pii, org } = deps;
  const reveal = createPiiReveal({ audit, pii });

  async function decorate(
    ctx: Ctx,
    rows: (Pick<PersonDb, keyof typeof personBriefColumns> & {
      houseId: string | null;
      address: string | null;
    })[],
  ) {
    const groups = await groupsOf(
      db,
      rows.map((r) => r.id),
    );
    return rows.map((r) => ({
      ...personBriefOf(ctx, r, groups.get(r.id)),
      address: r.address,
      houseId: r.houseId,
    }));
  }

  /**
   * The filters of the people list and its export: every one of `filters` holds, and one of
   * `either` when there is one (a pinyin search: full pinyin or initials, two indexes).
   */
  async function filterParts(ctx: Ctx, q: z.infer<typeof personListQuery> & { unregistered?: 'true' }) {
    let either: SQL[] = [];
    const place = q.placeId ? await placeFor(deps, ctx, q.placeId, 'registry.read') : null;
    const filters: SQL[] = [ctx.actor!.scopeFilter('registry.read', people.placePath)];
    if (place) filters.push(like(people.placePath, `${escapeLike(place.path)}%`));
    if (q.populationType) filters.push(eq(people.populationType, q.populationType));
    if (q.tag) filters.push(sql`${people.tags} @> array[${q.tag}]::text[]`);
    if (q.special) {
      // Filtering by a special group is seeing it: only within the caller's special-group scope.
      if (!ctx.actor!.can('registry.special')) throw forbidden('没有查看特殊人群的权限');
      filters.push(ctx.actor!.scopeFilter('registry.special', people.placePath));
      filters.push(
        sql`exists (select 1 from group_cases g where g.person_id = people.id and g.kind = 'special' and g.ended_on is null and g.group = ${q.special})`,
      );
    }
    if (q.care) {
      filters.push(
        sql`exists (select 1 from group_cases g where g.person_id = people.id and g.kind = 'care' and g.ended_on is null and g.group = ${q.care})`,
      );
    }
    if (q.unregistered === 'true') {
      const day = today(clock);
      filters.push(eq(people.populationType, 'floating'));
      filters.push(sql`${people.houseId} is not null`);
      filters.push(
        sql`not exists (select 1 from tenancy_tenants tt join tenancies t on t.id = tt.tenancy_id where tt.person_id = people.id and ${tenancyInForce('t', day)})`,
      );
    }
    if (q.q) {
      const s = classifyQuery(q.q);
      if (s.kind === 'address') {
        // The caller's scope inside the subquery too: 3栋2单元501 exists in every estate of a district.
        const houseScope = ctx.actor!.scopeFilter('registry.read', houses.placePath);
        filters.push(
          sql`${people.houseId} in (select ${houses.id} from ${houses} where ${
            s.exact
              ? sql`${houses.addressKey} = ${s.key}`
              : sql`${houses.addressKey} like ${`${escapeLike(s.key)}%`}`
          } and ${houseScope})`,
        );
      } else if (s.kind === 'digits') {
        const keys = piiQueryKeys(pii, s.digits);
        filters.push(keys.length ? sql`${people.piiKeys} && ${sql.param(keys)}::text[]` : sql`false`);
      } else if (s.kind === 'pinyin') {
        // Two or three letters of initials match thousands across a district: the initials index
        // leads with the root of the path (a street), so a scoped search reads only its own.
        const scope = ctx.actor!.scope('registry.read');
        const roots = place ? [rootPlaceId(place.path)] : scope === 'all' ? [] : scope.map(rootPlaceId);
        either = [
          like(people.namePinyin, `${s.letters}%`),
          and(
            like(people.nameInitials, `${s.letters}%`),
            roots.length ? sql`${pathRoot} = any(${sql.param([...new Set(roots)])}::text[])` : undefined,
          )!,
        ];
      } else {
        filters.push(sql`${people.nameGrams} @> ${sql.param(queryGrams(s.text))}::text[]`);
        // The scope again as place ids on the path, the second column of the grams index: a common
        // name matches thousands across a district, and only those in scope are then read.
        const scope = ctx.actor!.scope('registry.read');
        if (scope !== 'all' && scope.length > 0) {
          filters.push(sql`${pathIds} && ${sql.param(scope.map(lastPlaceId))}::text[]`);
        }
        if (place) filters.push(sql`${pathIds} @> array[${lastPlaceId(place.path)}]::text[]`);
        filters.push(like(people.name, `%${escapeLike(s.text)}%`));
      }
    }
    return { filters, either };
  }

  async function filtersOf(ctx: Ctx, q: z.infer<typeof personListQuery> & { unregistered?: 'true' }) {
    const { filters, either } = await filterParts(ctx, q);
    return and(...filters, either.length ? or(...either) : undefined)!;
  }

  /** Open group cases of the row's person as `kind:group`, aggregated in the list's own statement. */
  const groupsColumn = (person: SQL) =>
    sql<
      string[]
    >`(select coalesce(array_agg(g.kind || ':' || g.group), '{}') from group_cases g where g.person_id = ${person} and g.ended_on is null)`;

  /**
   * A page of the plain list (a place, a group, no search text): walked in pinyin order along the
   * scope index, it stops after the page. The page, each row's badges and the capped count (an
   * uncorrelated subquery, run once) come in one statement.
   */
  async function listPage(q: z.infer<typeof personListQuery>, filters: SQL[], either: SQL[]) {
    const where = and(...filters, either.length ? or(...either) : undefined);
    const found = await db
      .select({
        ...listColumns,
        groups: groupsColumn(sql`people.id`),
        n: sql<number>`(select count(*)::int from (select 1 from ${people} where ${where} limit ${COUNT_CAP + 1}) capped)`,
      })
      .from(people)
      .where(where)
      .orderBy(asc(people.namePinyin), asc(people.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize);
    // A page past the end has no row to carry the count.
    const n =
      found.length > 0
        ? found[0].n
        : q.page === 1
          ? 0
          : (
              await db
                .select({ n: sql<number>`count(*)::int` })
                .from(sql`(select 1 from ${people} where ${where} limit ${COUNT_CAP + 1}) capped`)
            )[0].n;
    return { rows: found, n };
  }

  /**
   * A page of a search. Every match has to be seen to order them by pinyin, so the matches' ids
   * and pinyin are read once (from the index alone where it can: the pinyin and initials indexes
   * carry both), counted, and only the page's rows are fetched. A pinyin search is the union of
   * its two index scans rather than an OR, which would fetch every match from the table.
   */
  async function searchPage(
    q: z.infer<typeof personListQuery>,
    filters: SQL[],
    either: SQL[],
  ): Promise<{ rows: SearchRow[]; n: number }> {
    // Each alternative leaves out the rows an earlier one found (both columns are not null), so the
    // branches are disjoint and need no de-duplicating pass.
    const hits = sql.join(
      (either.length ? either : [undefined]).map(
        (alt, i) =>
          sql`select ${people.id}, ${people.namePinyin} from ${people} where ${and(
            ...filters,
            alt,
            ...either.slice(0, i).map((earlier) => sql`not (${earlier})`),
          )}`,
      ),
      sql` union all `,
    );
    const capped = sql`(select count(*)::int from (select 1 from m limit ${COUNT_CAP + 1}) capped)`;
    const found = await rows<SearchRow>(
      db,
      sql`with m as materialized (${hits})
        select p.id, p.name, p.gender, p.birth_date::text as "birthDate", p.id_type as "idType",
          p.id_masked as "idMasked", p.phone_masked as "phoneMasked", p.population_type as "populationType",
          p.tags, p.place_path as "placePath", p.house_id as "houseId",
          (select ${houseAddressSql('h')} from houses h where h.id = p.house_id) as address,
          ${groupsColumn(sql`p.id`)} as groups, ${capped} as n
        from (select id, name_pinyin from m order by name_pinyin, id limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}) pg
          join people p on p.id = pg.id
        order by pg.name_pinyin, pg.id`,
    );
    if (found.length > 0 || q.page === 1) return { rows: found, n: found[0]?.n ?? 0 };
    // A page past the end has no row to carry the count.
    const [{ n }] = await rows<{ n: number }>(db, sql`with m as (${hits}) select ${capped} as n`);
    return { rows: found, n };
  }

  const listColumns = {
    ...personBriefColumns,
    houseId: people.houseId,
    address: sql<string | null>`(select ${houseAddressSql('h')} from houses h where h.id = people.house_id)`,
  };

  return {
    filtersOf,
    listColumns,
    decorate,

    async list(ctx: Ctx, q: z.infer<typeof personListQuery> & { unregistered?: 'true' }) {
      const { filters, either } = await filterParts(ctx, q);
      const page = q.q ? await searchPage(q, filters, either) : await listPage(q, filters, either);
      return {
        items: page.rows.map((r) => ({
          ...personBriefOf(ctx, r, groupsFrom(r.groups)),
          address: r.address,
          houseId: r.houseId,
        })),
        total: Math.min(page.n, COUNT_CAP),
        capped: page.n > COUNT_CAP,
        page: q.page,
        pageSize: q.pageSize,
      };
    },

    async detail(ctx: Ctx, id: string) {
      const p = await personFor(deps, ctx, id, 'registry.read');
      const [row] = await db.select(listColumns).from(people).where(eq(people.id, id));
      const [brief] = await decorate(ctx, [row]);
      const stays = await db
        .select({
          id: residencies.id,
          houseId: residencies.houseId,
          address: sql<string>`${houseAddressSql('h')}`,
          relation: residencies.relation,
          moveIn: residencies.moveIn,
          moveOut: residencies.moveOut,
        })
        .from(residencies)
        .innerJoin(sql`houses h`, sql`h.id = ${residencies.houseId}`)
        .where(eq(residencies.personId, id))
        .orderBy(sql`${residencies.moveOut} is null desc`, desc(residencies.moveIn));
      return {
        ...brief,
        ethnicity: p.ethnicity,
        hukouAddress: p.hukouAddress,
        note: p.note,
        residencies: stays.map((s) => ({ ...s, relation: s.relation as 'head' })),
        tenancies: await deps.tenanciesOfPerson(ctx, id),
        cases: await deps.casesOfPerson(ctx, id),
      };
    },

    async create(ctx: Ctx, body: z.infer<typeof personBody>) {
      const ident = normaliseIdentity(body);
      if (Object.keys(ident.fields).length > 0) throw badRequest('请检查填写的内容', ident.fields);
      const house = body.residence
        ? await deps.houses.houseFor(ctx, body.residence.houseId, 'registry.manage')
        : null;
      let placeId: string;
      let placePath: string;
      if (house) {
        placeId = house.unitId;
        placePath = house.placePath;
      } else if (body.placeId) {
        const place = await org.places.visible(ctx, body.placeId, 'registry.manage');
        placeId = place.id;
        placePath = place.path;
      } else {
        throw badRequest('请选择居住的房屋或所属地点', { placeId: '请选择居住的房屋或所属地点' });
      }
      if (ident.idNumber) await assertIdFree(ident.idNumber);
      return db.transaction(async () => {
        const [p] = await db
          .insert(people)
          .values({
            name: body.name,
            ...nameFields(body.name),
            gender: ident.gender,
            birthDate: ident.birthDate,
            idType: body.idType,
            ...personPii(pii, ident.idNumber, ident.phone),
            ethnicity: body.ethnicity,
            hukouAddress: body.hukouAddress,
            populationType: body.populationType,
            tags: body.tags,
            note: body.note,
            houseId: house?.id ?? null,
            placeId,
            placePath,
          })
          .returning();
        await audit.record(ctx, {
          action: 'person.create',
          targetType: 'person',
          targetId: p.id,
          placeId,
          placePath,
          after: snapshot(p),
        });
        if (house && body.residence) {
          await moveIn(ctx, p, house, body.residence.relation, body.residence.moveIn ?? null);
        }
        return p.id;
      });
    },

    async update(ctx: Ctx, id: string, body: z.infer<typeof updatePersonBody>) {
      const before = await personFor(deps, ctx, id, 'registry.manage');
      const idType = body.idType ?? before.idType;
      const ident = normaliseIdentity({
        idType,
        idNumber: body.idNumber,
        phone: body.phone,
        birthDate: body.birthDate === undefined ? null : body.birthDate,
        gender: body.gender === undefined ? null : body.gender,
      });
      if (Object.keys(ident.fields).length > 0) throw badRequest('请检查填写的内容', ident.fields);
      const patch: Partial<PersonDb> = { updatedAt: clock.now() };
      for (const k of [
        'name',
        'ethnicity',
        'hukouAddress',
        'populationType',
        'tags',
        'note',
        'idType',
      ] as const) {
        if (body[k] !== undefined) (patch as Record<string, unknown>)[k] = body[k];
      }
      if (body.name) Object.assign(patch, nameFields(body.name));
      if (body.birthDate !== undefined || ident.idNumber) patch.birthDate = ident.birthDate;
      if (body.gender !== undefined || ident.idNumber) patch.gender = ident.gender;
      // An ID or phone left out stays as it is; an empty one clears it.
      const idChanged = body.idNumber !== undefined;
      const phoneChanged = body.phone !== undefined;
      if (idChanged || phoneChanged) {
        if (idChanged && ident.idNumber) await assertIdFree(ident.idNumber, id);
        const currentId = idChanged ? ident.idNumber : before.idEnc ? pii.decrypt(before.idEnc) : null;
        const currentPhone = phoneChanged
          ? ident.phone
          : before.phoneEnc
            ? pii.decrypt(before.phoneEnc)
            : null;
        Object.assign(patch, personPii(pii, currentId, currentPhone));
      }
      await db.transaction(async () => {
        const [after] = await db.update(people).set(patch).where(eq(people.id, id)).returning();
        await audit.record(ctx, {
          action: 'person.update',
          targetType: 'person',
          targetId: id,
          placeId: before.placeId,
          placePath: before.placePath,
          before: snapshot(before),
          after: snapshot(after),
        });
      });
    },

    async reveal(ctx: Ctx, id: string, body: z.infer<typeof personRevealBody>) {
      const p = await personFor(deps, ctx, id, 'pii.reveal');
      if (!ctx.actor!.inScope('registry.read', p.placePath)) throw notFound('人员不存在或无权访问');
      return {
        value: await reveal(ctx, {
          targetType: 'person',
          targetId: id,
          placeId: p.placeId,
          placePath: p.placePath,
          field: body.field,
          reason: body.reason,
          ciphertext: body.field === 'idNumber' ? p.idEnc : p.phoneEnc,
        }),
      };
    },

    async moveIn(ctx: Ctx, id: string, body: z.infer<typeof moveInBody>) {
      const p = await personFor(deps, ctx, id, 'registry.manage');
      const house = await deps.houses.houseFor(ctx, body.houseId, 'registry.manage');
      await db.transaction(() => moveIn(ctx, p, house, body.relation, body.moveIn ?? null));
    },

    async moveOut(ctx: Ctx, residencyId: string, moveOut: string) {
      const [stay] = await db.select().from(residencies).where(eq(residencies.id, residencyId));
      if (!stay || !ctx.actor!.inScope('registry.manage', stay.placePath))
        throw notFound('居住记录不存在或无权访问');
      if (stay.moveOut) throw conflict('ALREADY_MOVED_OUT', `已于 ${stay.moveOut} 迁出`);
      if (stay.moveIn && moveOut < stay.moveIn) {
        throw badRequest('迁出日期不能早于入住日期', { moveOut: `入住日期为 ${stay.moveIn}` });
      }
      await db.transaction(() => endStay(ctx, stay, moveOut));
    },

    endStay: (ctx: Ctx, stay: typeof residencies.$inferSelect, on: string) => endStay(ctx, stay, on),
    moveInPerson: (
      ctx: Ctx,
      p: PersonDb,
      house: typeof houses.$inferSelect,
      relation: string,
      on: string | null,
    ) => moveIn(ctx, p, house, relation, on),
  };

  async function assertIdFree(idNumber: string, exceptId?: string) {
    const [other] = await db
      .select({ id: people.id })
      .from(people)
      .where(eq(people.idIndex, pii.blindIndex('id', idNumber)));
    if (other && other.id !== exceptId) {
      // Do not say where: the other record may lie outside the caller's scope.
      throw conflict('PERSON_EXISTS', '该证件号码已登记，请搜索后在原记录上修改', {
        idNumber: '该证件号码已登记',
      });
    }
  }

  /** Moving in keeps every earlier stay; the person's record follows them to the new home. */
  async function moveIn(
    ctx: Ctx,
    p: PersonDb,
    house: typeof houses.$inferSelect,
    relation: string,
    on: string | null,
  ) {
    const [current] = await db
      .select({ id: residencies.id })
      .from(residencies)
      .where(
        and(eq(residencies.personId, p.id), eq(residencies.houseId, house.id), isNull(residencies.moveOut)),
      );
    if (current) throw conflict('ALREADY_RESIDENT', `${p.name}已登记住在该房屋`);
    await db.insert(residencies).values({
      personId: p.id,
      houseId: house.id,
      relation,
      moveIn: on,
      placePath: house.placePath,
    });
    await db
      .update(people)
      .set({ houseId: house.id, placeId: house.unitId, placePath: house.placePath, updatedAt: clock.now() })
      .where(eq(people.id, p.id));
    // Open cases follow the person, so the new grid's workers see them.
    await db.update(groupCases).set({ placePath: house.placePath }).where(eq(groupCases.personId, p.id));
    await audit.record(ctx, {
      action: 'residency.move_in',
      targetType: 'house',
      targetId: house.id,
      placeId: house.unitId,
      placePath: house.placePath,
      after: { personId: p.id, name: p.name, relation, moveIn: on },
    });
  }

  async function endStay(ctx: Ctx, stay: typeof residencies.$inferSelect, on: string) {
    await db
      .update(residencies)
      .set({ moveOut: on, updatedAt: clock.now() })
      .where(eq(residencies.id, stay.id));
    // The record stays where it was (its last home) so the grid keeps its history; it no longer lives here.
    await db
      .update(people)
      .set({
        houseId: sql`(select r.house_id from residencies r where r.person_id = ${stay.personId} and r.move_out is null order by r.move_in desc nulls last limit 1)`,
        updatedAt: clock.now(),
      })
      .where(eq(people.id, stay.personId));
    await audit.record(ctx, {
      action: 'residency.move_out',
      targetType: 'house',
      targetId: stay.houseId,
      placePath: stay.placePath,
      after: { personId: stay.personId, moveOut: on },
    });
  }
}

export type PeopleService = ReturnType<typeof createPeopleService>;
