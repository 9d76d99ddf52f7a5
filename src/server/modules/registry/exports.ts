import { asc, gt, inArray, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { houseListQuery, personListQuery, tenancyListQuery } from '../../../shared/api/registry.js';
import {
  CARE_GROUPS,
  GENDERS,
  HOUSE_USES,
  ID_TYPES,
  POPULATION_TYPES,
  SPECIAL_GROUPS,
  TENANCY_PURPOSES,
} from '../../../shared/registry.js';
import type { AuditService } from '../../platform/audit/service.js';
import type { Ctx } from '../../platform/context.js';
import { AppError, badRequest, forbidden } from '../../platform/errors.js';
import type { PiiCipher } from '../../platform/pii/index.js';
import { type RegistryDeps, seesSpecial } from './common.js';
import { type ExportColumn, writeXlsx } from './excel/writer.js';
import type { HousesService } from './houses.js';
import type { PeopleService } from './people.js';
import { people, tenancies } from './schema.js';
import type { TenanciesService } from './tenancies.js';

/** An export larger than this is refused: narrow the filter (a street has ~100 k people). */
export const EXPORT_MAX_ROWS = 200_000;
const BATCH = 2000;

export type ExportList = 'people' | 'houses' | 'tenancies';

const label = (map: Record<string, string>, v: string | null | undefined) => (v ? (map[v] ?? v) : '');
const stamp = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

function parseFilters<T extends z.ZodType>(schema: T, filters: Record<string, string>): z.infer<T> {
  const parsed = schema.safeParse({ ...filters, page: '1', pageSize: '1' });
  if (!parsed.success) {
    const fields: Record<string, string> = {};
    for (const i of parsed.error.issues) fields[`filters.${i.path.join('.')}`] = i.message;
    throw badRequest('导出条件不正确', fields);
  }
  return parsed.data;
}

/**
 * Any filtered list as xlsx, masked by default. Full ID and phone numbers only for a caller holding
 * `pii.reveal` over the rows who asks for them with a reason; the export is audited either way.
 */
export function createExportsService(
  deps: RegistryDeps & {
    audit: AuditService;
    pii: PiiCipher;
    people: PeopleService;
    houses: HousesService;
    tenancies: TenanciesService;
  },
) {
  const { db, audit, pii } = deps;

  /** Walks a filtered table in id order, BATCH rows at a time, without OFFSET. */
  async function* pages<R extends { id: string }>(fetch: (after: string | null) => Promise<R[]>) {
    let after: string | null = null;
    let total = 0;
    for (;;) {
      const batch = await fetch(after);
      if (batch.length === 0) return;
      total += batch.length;
      if (total > EXPORT_MAX_ROWS) {
        throw new AppError(
          400,
          'EXPORT_TOO_LARGE',
          `导出超过 ${EXPORT_MAX_ROWS.toLocaleString('en-US')} 行，请缩小范围后分批导出`,
        );
      }
      yield batch;
      after = batch[batch.length - 1].id;
    }
  }

  async function peopleRows(ctx: Ctx, filters: Record<string, string>, sensitive: boolean) {
    const q = parseFilters(personListQuery, filters);
    const where = await deps.people.filtersOf(ctx, q);
    const withSpecial = ctx.actor!.can('registry.special');
    const columns: ExportColumn[] = [
      { header: '姓名', key: 'name', width: 10 },
      { header: '性别', key: 'gender', width: 6 },
      { header: '出生日期', key: 'birthDate', width: 12 },
      { header: '证件类型', key: 'idType', width: 12 },
      { header: '证件号码', key: 'idNumber', width: 22, text: true },
      { header: '手机号码', key: 'phone', width: 14, text: true },
      { header: '民族', key: 'ethnicity', width: 8 },
      { header: '户籍地址', key: 'hukouAddress', width: 28 },
      { header: '人口类型', key: 'populationType', width: 8 },
      { header: '现住址', key: 'address', width: 28 },
      { header: '标签', key: 'tags', width: 16 },
      { header: '关爱类别', key: 'care', width: 16 },
      ...(withSpecial ? [{ header: '特殊人群', key: 'special', width: 16 }] : []),
    ];
    async function* rows() {
      for await (const batch of pages((after) =>
        db
          .select({
            ...deps.people.listColumns,
            ethnicity: people.ethnicity,
            hukouAddress: people.hukouAddress,
            idEnc: people.idEnc,
            phoneEnc: people.phoneEnc,
          })
          .from(people)
          .where(after ? sql`${where} and ${gt(people.id, after)}` : where)
          .orderBy(asc(people.id))
          .limit(BATCH),
      )) {
        const briefs = await deps.people.decorate(ctx, batch);
        for (let i = 0; i < batch.length; i++) {
          const p = batch[i];
          const b = briefs[i];
          const full = sensitive && ctx.actor!.inScope('pii.reveal', p.placePath);
          yield {
            name: p.name,
            gender: label(GENDERS, p.gender),
            birthDate: p.birthDate,
            idType: label(ID_TYPES, p.idType),
            idNumber: full && p.idEnc ? pii.decrypt(p.idEnc) : p.idMasked,
            phone: full && p.phoneEnc ? pii.decrypt(p.phoneEnc) : p.phoneMasked,
            ethnicity: p.ethnicity,
            hukouAddress: p.hukouAddress,
            populationType: label(POPULATION_TYPES, p.populationType),
            address: p.address,
            tags: p.tags,
            care: b.careGroups.map((g) => CARE_GROUPS[g]),
            special: seesSpecial(ctx, p.placePath)
              ? (b.specialGroups ?? []).map((g) => SPECIAL_GROUPS[g])
              : [],
          };
        }
      }
    }
    return { title: '实有人口', columns, rows: rows() };
  }

  async function houseRows(ctx: Ctx, filters: Record<string, string>) {
    const q = parseFilters(houseListQuery, filters);
    const listed = await deps.houses.list(ctx, { ...q, page: 1, pageSize: 1 });
    if (listed.total > EXPORT_MAX_ROWS) {
      throw new AppError(
        400,
        'EXPORT_TOO_LARGE',
        `导出超过 ${EXPORT_MAX_ROWS.toLocaleString('en-US')} 行，请缩小范围后分批导出`,
      );
    }
    const columns: ExportColumn[] = [
      { header: '地址', key: 'address', width: 30 },
      { header: '楼层', key: 'floor', width: 6 },
      { header: '房号', key: 'number', width: 8 },
      { header: '专有面积（m²）', key: 'area', width: 14 },
      { header: '用途', key: 'use', width: 8 },
      { header: '住户人数', key: 'residentCount', width: 10 },
      { header: '产权人', key: 'ownerNames', width: 20 },
      { header: '标签', key: 'tags', width: 16 },
    ];
    async function* rows() {
      const pageSize = 200;
      for (let page = 1; (page - 1) * pageSize < listed.total; page++) {
        const { items } = await deps.houses.list(ctx, { ...q, page, pageSize });
        for (const h of items)
          yield { ...h, area: h.area === null ? null : Number(h.area), use: label(HOUSE_USES, h.use) };
      }
    }
    return { title: '房屋', columns, rows: rows() };
  }

  async function tenancyRows(ctx: Ctx, filters: Record<string, string>, sensitive: boolean) {
    const q = parseFilters(tenancyListQuery, filters);
    const where: SQL = await deps.tenancies.filtersOf(ctx, q);
    const columns: ExportColumn[] = [
      { header: '房屋地址', key: 'address', width: 30 },
      { header: '出租人', key: 'landlordName', width: 10 },
      { header: '承租人', key: 'tenants', width: 20 },
      { header: '承租人手机', key: 'phones', width: 28, text: true },
      { header: '起租日期', key: 'startDate', width: 12 },
      { header: '到期日期', key: 'endDate', width: 12 },
      { header: '退租日期', key: 'endedOn', width: 12 },
      { header: '用途', key: 'purpose', width: 8 },
      { header: '状态', key: 'status', width: 10 },
      { header: '登记人', key: 'registeredByName', width: 10 },
    ];
    const STATUS: Record<string, string> = {
      active: '在租',
      ending: '即将到期',
      expired: '已到期',
      ended: '已退租',
      future: '未开始',
    };
    async function* rows() {
      for await (const batch of pages((after) =>
        db
          .select({ ...deps.tenancies.columns, placePath: tenancies.placePath })
          .from(tenancies)
          .innerJoin(sql`houses h`, sql`h.id = ${tenancies.houseId}`)
          .where(after ? sql`${where} and ${gt(tenancies.id, after)}` : where)
          .orderBy(asc(tenancies.id))
          .limit(BATCH),
      )) {
        const views = await deps.tenancies.decorate(batch);
        const phones = new Map<string, string | null>();
        if (sensitive) {
          const ids = views.flatMap((v) => v.tenants.map((t) => t.id));
          if (ids.length) {
            const rows = await db
              .select({ id: people.id, phoneEnc: people.phoneEnc, placePath: people.placePath })
              .from(people)
              .where(inArray(people.id, ids));
            for (const r of rows) {
              if (r.phoneEnc && ctx.actor!.inScope('pii.reveal', r.placePath))
                phones.set(r.id, pii.decrypt(r.phoneEnc));
            }
          }
        }
        for (const v of views) {
          yield {
            ...v,
            tenants: v.tenants.map((t) => t.name),
            phones: v.tenants.map((t) => phones.get(t.id) ?? t.phoneMasked ?? '').filter(Boolean),
            purpose: label(TENANCY_PURPOSES, v.purpose),
            status: STATUS[v.status],
          };
        }
      }
    }
    return { title: '出租房屋', columns, rows: rows() };
  }

  return async function exportList(
    ctx: Ctx,
    list: ExportList,
    body: { filters: Record<string, string>; sensitive: boolean; reason?: string },
  ) {
    if (body.sensitive && !ctx.actor!.can('pii.reveal')) throw forbidden('没有导出完整个人信息的权限');
    const sensitive = body.sensitive && list !== 'houses';
    const source =
      list === 'people'
        ? await peopleRows(ctx, body.filters, sensitive)
        : list === 'houses'
          ? await houseRows(ctx, body.filters)
          : await tenancyRows(ctx, body.filters, sensitive);
    let count = 0;
    async function* counted() {
      for await (const r of source.rows) {
        count += 1;
        yield r;
      }
    }
    const file = await writeXlsx(source.title, source.columns, counted());
    // Filed where the list came from, so that the place's own auditors see who took a copy.
    const place = body.filters.placeId ? await deps.org.places.find(body.filters.placeId) : null;
    const root = ctx.actor!.grants.find((g) => g.permissions.has('registry.read'))?.place ?? null;
    await audit.record(ctx, {
      action: 'registry.export',
      targetType: 'registry_export',
      placeId: place?.id ?? root?.id ?? null,
      placePath: place?.path ?? root?.path ?? null,
      after: {
        list,
        filters: body.filters,
        rows: count,
        sensitive,
        ...(sensitive ? { reason: body.reason } : {}),
      },
    });
    return { file, name: `${source.title}${sensitive ? '（含敏感信息）' : ''}-${stamp()}.xlsx` };
  };
}
