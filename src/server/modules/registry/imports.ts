import { createHash, randomUUID } from 'node:crypto';
import { and, desc, eq, getTableColumns, inArray, like, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { ImportStatus, importQuery } from '../../../shared/api/registry.js';
import { escapeLike, insertRows } from '../../db/sql.js';
import type { AuditService } from '../../platform/audit/service.js';
import type { Ctx } from '../../platform/context.js';
import { notFound } from '../../platform/errors.js';
import type { PiiCipher } from '../../platform/pii/index.js';
import { places } from '../org/schema.js';
import { type RegistryDeps, today } from './common.js';
import type { HouseValues, ImportKind, PersonValues, TenancyValues } from './excel/columns.js';
import { ImportFileError, type ParsedRow, readImportFile } from './excel/reader.js';
import { buildErrorReport, type ReportError } from './excel/writer.js';
import { houses, people, registryImports, residencies, tenancies, tenancyTenants } from './schema.js';
import { addressKey, buildingNo, nameFields, personPii } from './text.js';

/** Uploads above this are refused before they are read (the route's body limit). */
export const IMPORT_MAX_BYTES = 30 * 1024 * 1024;
/** Errors kept on the import record for the page; the report workbook has all of them. */
const ERRORS_SHOWN = 200;
const BATCH = 1000;

type Mode = 'all' | 'valid';
type Issue = ReportError;

interface Unit {
  id: string;
  path: string;
  buildingName: string;
  unitName: string;
}

/**
 * Excel import of houses, people and tenancies into one place (an estate, usually): the whole file
 * is read and checked against the database before anything is written; then either nothing is
 * written (any error, by default) or the valid rows are, in one transaction. Rows are matched to
 * what exists (a person by ID number, else by name in the same house; a house by unit and number),
 * so importing the same file twice updates and never duplicates.
 */
export function createImportsService(deps: RegistryDeps & { audit: AuditService; pii: PiiCipher }) {
  const { db, audit, clock, pii, org } = deps;
  const running = new Map<string, Promise<void>>();

  async function setStatus(id: string, patch: Partial<typeof registryImports.$inferInsert>) {
    await db.update(registryImports).set(patch).where(eq(registryImports.id, id));
  }

  /** Units under the import's place, by '楼栋号-单元号' as the file writes them. */
  async function unitsUnder(path: string) {
    const rows = await db.execute(sql`
      select u.id, u.path, u.name as unit_name, b.name as building_name
      from places u join places b on b.id = u.parent_id
      where u.kind = 'unit' and u.path like ${`${escapeLike(path)}%`}`);
    const map = new Map<string, Unit>();
    for (const r of (
      rows as unknown as { rows: { id: string; path: string; unit_name: string; building_name: string }[] }
    ).rows) {
      map.set(`${buildingNo(r.building_name)}-${buildingNo(r.unit_name)}`, {
        id: r.id,
        path: r.path,
        buildingName: r.building_name,
        unitName: r.unit_name,
      });
    }
    return map;
  }

  const unitKey = (v: { building: string | null; unit: string | null }) =>
    `${buildingNo(v.building ?? '')}-${buildingNo(v.unit ?? '')}`;

  async function housesIn(unitIds: string[]) {
    const map = new Map<string, typeof houses.$inferSelect>();
    for (let i = 0; i < unitIds.length; i += BATCH) {
      const rows = await db
        .select()
        .from(houses)
        .where(inArray(houses.unitId, unitIds.slice(i, i + BATCH)));
      for (const h of rows) map.set(`${h.unitId}/${h.number}`, h);
    }
    return map;
  }

  // ── houses ──
  async function planHouses(rows: ParsedRow<HouseValues>[], units: Map<string, Unit>, issues: Issue[]) {
    const existing = await housesIn([...units.values()].map((u) => u.id));
    const seen = new Map<string, number>();
    const plan: {
      row: number;
      unit: Unit;
      v: HouseValues;
      existing: typeof houses.$inferSelect | undefined;
    }[] = [];
    for (const r of rows) {
      if (!r.ok) continue;
      const unit = units.get(unitKey(r.values));
      if (!unit) {
        issues.push({
          row: r.row,
          column: '楼栋',
          message: `找不到${r.values.building}栋${r.values.unit}单元，请先在区域架构中添加`,
        });
        continue;
      }
      const key = `${unit.id}/${r.values.number}`;
      if (seen.has(key)) {
        issues.push({ row: r.row, column: '房号', message: `与第 ${seen.get(key)} 行是同一套房屋` });
        continue;
      }
      seen.set(key, r.row);
      plan.push({ row: r.row, unit, v: r.values, existing: existing.get(key) });
    }
    return plan;
  }

  async function writeHouses(plan: Awaited<ReturnType<typeof planHouses>>) {
    for (let i = 0; i < plan.length; i += BATCH) {
      const batch = plan.slice(i, i + BATCH);
      await insertRows(
        db,
        houses,
        // A cell left empty keeps what is recorded for a house that exists.
        batch.map(({ unit, v, existing }) => ({
          unitId: unit.id,
          placePath: unit.path,
          floor: v.floor,
          number: v.number,
          addressKey: addressKey(unit.buildingName, unit.unitName, v.number),
          area: v.area ?? existing?.area ?? null,
          use: v.use ?? existing?.use ?? 'self',
          tags: v.tags,
          note: v.note ?? existing?.note ?? '',
        })),
        {
          onConflict: sql`on conflict (unit_id, number) do update set floor = excluded.floor, area = excluded.area,
            use = excluded.use, tags = excluded.tags, note = excluded.note, updated_at = now()`,
        },
      );
    }
    const updated = plan.filter((p) => p.existing).length;
    return { created: plan.length - updated, updated };
  }

  // ── people ──
  interface PersonPlan {
    row: number;
    id: string;
    v: PersonValues;
    house: typeof houses.$inferSelect | null;
    placeId: string;
    placePath: string;
    existing: boolean;
  }

  async function planPeople(
    ctx: Ctx,
    rows: ParsedRow<PersonValues>[],
    units: Map<string, Unit>,
    place: { id: string; path: string },
    issues: Issue[],
  ) {
    const houseMap = await housesIn([...units.values()].map((u) => u.id));
    // Existing people by ID (anywhere: an ID is one person), and by name within each house.
    const ids = rows.flatMap((r) =>
      r.ok && r.values.idNumber ? [pii.blindIndex('id', r.values.idNumber)] : [],
    );
    const byIndex = new Map<string, { id: string; placePath: string }>();
    for (let i = 0; i < ids.length; i += BATCH) {
      const found = await db
        .select({ id: people.id, idIndex: people.idIndex, placePath: people.placePath })
        .from(people)
        .where(inArray(people.idIndex, ids.slice(i, i + BATCH)));
      for (const f of found) byIndex.set(f.idIndex!, f);
    }
    const byNameInHouse = new Map<string, string>();
    const houseIds = [...houseMap.values()].map((h) => h.id);
    for (let i = 0; i < houseIds.length; i += BATCH) {
      const found = await db
        .select({ id: people.id, name: people.name, houseId: residencies.houseId })
        .from(residencies)
        .innerJoin(people, eq(people.id, residencies.personId))
        .where(
          and(
            inArray(residencies.houseId, houseIds.slice(i, i + BATCH)),
            sql`${residencies.moveOut} is null`,
          ),
        );
      for (const f of found) byNameInHouse.set(`${f.houseId}/${f.name}`, f.id);
    }
    const seenId = new Map<string, number>();
    const plan: PersonPlan[] = [];
    for (const r of rows) {
      if (!r.ok) continue;
      const v = r.values;
      let house: typeof houses.$inferSelect | null = null;
      if (v.building || v.unit || v.number) {
        const unit = units.get(unitKey(v));
        house = unit && v.number ? (houseMap.get(`${unit.id}/${v.number}`) ?? null) : null;
        if (!house) {
          issues.push({
            row: r.row,
            column: '房号',
            message: `找不到房屋 ${v.building ?? '?'}栋${v.unit ?? '?'}单元${v.number ?? '?'}，请先导入房屋`,
          });
          continue;
        }
      }
      let id: string | undefined;
      if (v.idNumber) {
        if (seenId.has(v.idNumber)) {
          issues.push({
            row: r.row,
            column: '证件号码',
            message: `与第 ${seenId.get(v.idNumber)} 行证件号码重复`,
          });
          continue;
        }
        seenId.set(v.idNumber, r.row);
        const found = byIndex.get(pii.blindIndex('id', v.idNumber));
        if (found && !ctx.actor!.inScope('registry.manage', found.placePath)) {
          issues.push({
            row: r.row,
            column: '证件号码',
            message: '该证件号码已在其他辖区登记，请联系该辖区迁出后再导入',
          });
          continue;
        }
        id = found?.id;
      }
      if (!id && house) id = byNameInHouse.get(`${house.id}/${v.name}`);
      plan.push({
        row: r.row,
        id: id ?? randomUUID(),
        v,
        house,
        placeId: house?.unitId ?? place.id,
        placePath: house?.placePath ?? place.path,
        existing: id !== undefined,
      });
    }
    return plan;
  }

  async function writePeople(plan: PersonPlan[]) {
    const day = today(clock);
    const toRow = ({ id, v, house, placeId, placePath }: PersonPlan) => ({
      id,
      name: v.name,
      ...nameFields(v.name),
      gender: v.gender,
      birthDate: v.birthDate,
      idType: v.idType,
      ...personPii(pii, v.idNumber, v.phone),
      ethnicity: v.ethnicity ?? '',
      hukouAddress: v.hukouAddress ?? '',
      populationType: v.populationType,
      tags: v.tags,
      houseId: house?.id ?? null,
      placeId,
      placePath,
    });
    // Encrypting and indexing the next batch overlaps with the database inserting this one.
    let next = plan.slice(0, BATCH).map(toRow);
    for (let i = 0; i < plan.length; i += BATCH) {
      const batch = plan.slice(i, i + BATCH);
      const inserting = insertRows(db, people, next, {
        // A cell left empty keeps what is recorded; so do the search keys of an ID or phone left out.
        onConflict: sql`on conflict (id) do update set
            name = excluded.name, name_grams = excluded.name_grams,
            name_pinyin = excluded.name_pinyin, name_initials = excluded.name_initials,
            gender = coalesce(excluded.gender, people.gender),
            birth_date = coalesce(excluded.birth_date, people.birth_date),
            id_type = excluded.id_type,
            id_enc = coalesce(excluded.id_enc, people.id_enc),
            id_index = coalesce(excluded.id_index, people.id_index),
            id_masked = coalesce(excluded.id_masked, people.id_masked),
            phone_enc = coalesce(excluded.phone_enc, people.phone_enc),
            phone_masked = coalesce(excluded.phone_masked, people.phone_masked),
            pii_keys = case when excluded.id_enc is null and excluded.phone_enc is null then people.pii_keys
              when excluded.id_enc is null or excluded.phone_enc is null
                then array(select distinct unnest(people.pii_keys || excluded.pii_keys))
              else excluded.pii_keys end,
            ethnicity = case when excluded.ethnicity = '' then people.ethnicity else excluded.ethnicity end,
            hukou_address = case when excluded.hukou_address = '' then people.hukou_address else excluded.hukou_address end,
            population_type = excluded.population_type,
            tags = excluded.tags,
            house_id = coalesce(excluded.house_id, people.house_id),
            place_id = case when excluded.house_id is null then people.place_id else excluded.place_id end,
            place_path = case when excluded.house_id is null then people.place_path else excluded.place_path end,
            updated_at = now()`,
      });
      next = plan.slice(i + BATCH, i + 2 * BATCH).map(toRow);
      await inserting;
      const homed = batch.filter((p) => p.house);
      if (homed.length === 0) continue;
      const pid = homed.map((p) => p.id);
      const hid = homed.map((p) => p.house!.id);
      const rel = homed.map((p) => p.v.relation ?? 'other');
      const moveIn = homed.map((p) => p.v.moveIn);
      const path = homed.map((p) => p.house!.placePath);
      // A new home closes the stay elsewhere (history kept); a stay in the same house is updated, not doubled.
      await db.execute(sql`
        update residencies r set move_out = coalesce(v.move_in, ${day}::date), updated_at = now()
        from unnest(${sql.param(pid)}::uuid[], ${sql.param(hid)}::uuid[], ${sql.param(moveIn)}::date[]) v(pid, hid, move_in)
        where r.person_id = v.pid and r.house_id <> v.hid and r.move_out is null`);
      await db.execute(sql`
        update residencies r set relation = v.rel, move_in = coalesce(v.move_in, r.move_in), updated_at = now()
        from unnest(${sql.param(pid)}::uuid[], ${sql.param(hid)}::uuid[], ${sql.param(rel)}::text[], ${sql.param(moveIn)}::date[]) v(pid, hid, rel, move_in)
        where r.person_id = v.pid and r.house_id = v.hid and r.move_out is null`);
      await db.execute(sql`
        insert into residencies (person_id, house_id, relation, move_in, place_path)
        select v.pid, v.hid, v.rel, v.move_in, v.path
        from unnest(${sql.param(pid)}::uuid[], ${sql.param(hid)}::uuid[], ${sql.param(rel)}::text[], ${sql.param(moveIn)}::date[], ${sql.param(path)}::text[]) v(pid, hid, rel, move_in, path)
        where not exists (select 1 from residencies r where r.person_id = v.pid and r.house_id = v.hid and r.move_out is null)`);
    }
    const updated = plan.filter((p) => p.existing).length;
    return { created: plan.length - updated, updated };
  }

  // ── tenancies ──
  async function planTenancies(
    ctx: Ctx,
    rows: ParsedRow<TenancyValues>[],
    units: Map<string, Unit>,
    issues: Issue[],
  ) {
    const houseMap = await housesIn([...units.values()].map((u) => u.id));
    const groups = new Map<
      string,
      {
        house: typeof houses.$inferSelect;
        v: TenancyValues;
        rows: number[];
        tenants: { row: number; v: TenancyValues }[];
      }
    >();
    for (const r of rows) {
      if (!r.ok) continue;
      const v = r.values;
      const unit = units.get(unitKey(v));
      const house = unit ? houseMap.get(`${unit.id}/${v.number}`) : undefined;
      if (!house) {
        issues.push({
          row: r.row,
          column: '房号',
          message: `找不到房屋 ${v.building}栋${v.unit}单元${v.number}，请先导入房屋`,
        });
        continue;
      }
      const key = `${house.id}/${v.landlordName}/${v.start}/${v.end}`;
      const g = groups.get(key) ?? { house, v, rows: [], tenants: [] };
      g.rows.push(r.row);
      g.tenants.push({ row: r.row, v });
      groups.set(key, g);
    }
    // Tenants already registered anywhere must be within the caller's reach.
    for (const g of groups.values()) {
      for (const t of g.tenants) {
        if (!t.v.tenantIdNumber) continue;
        const [found] = await db
          .select({ placePath: people.placePath })
          .from(people)
          .where(eq(people.idIndex, pii.blindIndex('id', t.v.tenantIdNumber)));
        if (found && !ctx.actor!.inScope('registry.manage', found.placePath)) {
          issues.push({
            row: t.row,
            column: '承租人证件号码',
            message: '该证件号码已在其他辖区登记，请联系该辖区迁出后再导入',
          });
        }
      }
    }
    const bad = new Set(issues.map((i) => i.row));
    return [...groups.values()]
      .map((g) => ({ ...g, tenants: g.tenants.filter((t) => !bad.has(t.row)) }))
      .filter((g) => g.tenants.length > 0);
  }

  async function writeTenancies(ctx: Ctx, plan: Awaited<ReturnType<typeof planTenancies>>) {
    let created = 0;
    let updated = 0;
    const day = today(clock);
    for (const g of plan) {
      const [existing] = await db
        .select({ id: tenancies.id })
        .from(tenancies)
        .where(
          and(
            eq(tenancies.houseId, g.house.id),
            eq(tenancies.startDate, g.v.start),
            eq(tenancies.endDate, g.v.end),
          ),
        );
      let landlordId: string | null = null;
      if (g.v.landlordIdNumber) {
        const [l] = await db
          .select({ id: people.id })
          .from(people)
          .where(eq(people.idIndex, pii.blindIndex('id', g.v.landlordIdNumber)));
        landlordId = l?.id ?? null;
      }
      let tenancyId = existing?.id;
      if (tenancyId) {
        await db
          .update(tenancies)
          .set({
            landlordName: g.v.landlordName,
            landlordId,
            purpose: g.v.purpose ?? 'living',
            updatedAt: clock.now(),
          })
          .where(eq(tenancies.id, tenancyId));
        updated += 1;
      } else {
        const [t] = await db
          .insert(tenancies)
          .values({
            houseId: g.house.id,
            landlordId,
            landlordName: g.v.landlordName,
            startDate: g.v.start,
            endDate: g.v.end,
            purpose: g.v.purpose ?? 'living',
            registeredBy: ctx.actor!.userId,
            registeredByName: ctx.actor!.displayName,
            placePath: g.house.placePath,
          })
          .returning({ id: tenancies.id });
        tenancyId = t.id;
        created += 1;
      }
      for (const t of g.tenants) {
        const v = t.v;
        let personId: string | undefined;
        if (v.tenantIdNumber) {
          const [p] = await db
            .select({ id: people.id })
            .from(people)
            .where(eq(people.idIndex, pii.blindIndex('id', v.tenantIdNumber)));
          personId = p?.id;
        }
        if (!personId) {
          const [p] = await db
            .select({ id: people.id })
            .from(residencies)
            .innerJoin(people, eq(people.id, residencies.personId))
            .where(
              and(
                eq(residencies.houseId, g.house.id),
                eq(people.name, v.tenantName),
                sql`${residencies.moveOut} is null`,
              ),
            );
          personId = p?.id;
        }
        if (!personId) {
          // A tenant new to the registry: registered as floating, living in the rented house.
          const [p] = await db
            .insert(people)
            .values({
              name: v.tenantName,
              ...nameFields(v.tenantName),
              idType: v.tenantIdType ?? 'resident_id',
              ...personPii(pii, v.tenantIdNumber, v.tenantPhone),
              populationType: 'floating',
              houseId: g.house.id,
              placeId: g.house.unitId,
              placePath: g.house.placePath,
            })
            .returning({ id: people.id });
          personId = p.id;
        }
        await db.insert(tenancyTenants).values({ tenancyId: tenancyId!, personId }).onConflictDoNothing();
        const inForce = g.v.start <= day && g.v.end >= day;
        if (inForce) {
          await db.execute(sql`
            insert into residencies (person_id, house_id, relation, move_in, place_path)
            select ${personId}, ${g.house.id}, 'tenant', ${g.v.start}, ${g.house.placePath}
            where not exists (select 1 from residencies r where r.person_id = ${personId} and r.house_id = ${g.house.id} and r.move_out is null)`);
          await db
            .update(people)
            .set({ houseId: g.house.id, placeId: g.house.unitId, placePath: g.house.placePath })
            .where(eq(people.id, personId));
        }
      }
      if (g.v.start <= day && g.v.end >= day) {
        await db.update(houses).set({ use: 'rent' }).where(eq(houses.id, g.house.id));
      }
    }
    return { created, updated };
  }

  async function run(
    ctx: Ctx,
    id: string,
    kind: ImportKind,
    mode: Mode,
    place: { id: string; path: string },
    file: Buffer,
  ) {
    let lastProgress = 0;
    let parsed: Awaited<ReturnType<typeof readImportFile<ImportKind>>>;
    try {
      parsed = await readImportFile(file, kind, {
        onProgress: (n) => {
          if (n - lastProgress >= 5000) {
            lastProgress = n;
            void setStatus(id, { rowsRead: n });
          }
        },
      });
    } catch (e) {
      if (e instanceof ImportFileError) {
        await setStatus(id, { status: 'rejected', message: e.message, finishedAt: clock.now() });
        return;
      }
      throw e;
    }
    const issues: Issue[] = [];
    for (const r of parsed.rows)
      for (const e of r.errors) issues.push({ row: r.row, column: e.column, message: e.message });
    await setStatus(id, { rowsRead: parsed.rows.length, rowsTotal: parsed.rows.length });

    const units = await unitsUnder(place.path);
    const plan =
      kind === 'houses'
        ? { kind, p: await planHouses(parsed.rows as ParsedRow<HouseValues>[], units, issues) }
        : kind === 'people'
          ? { kind, p: await planPeople(ctx, parsed.rows as ParsedRow<PersonValues>[], units, place, issues) }
          : { kind, p: await planTenancies(ctx, parsed.rows as ParsedRow<TenancyValues>[], units, issues) };
    issues.sort((a, b) => a.row - b.row);
    const badRows = new Set(issues.map((i) => i.row));
    const report = issues.length ? await buildErrorReport(kind, file, issues) : null;
    const summary = {
      errorCount: issues.length,
      errors: issues.slice(0, ERRORS_SHOWN),
      report,
    };
    if (issues.length > 0 && mode === 'all') {
      await setStatus(id, {
        ...summary,
        status: 'rejected',
        message: `${badRows.size} 行有 ${issues.length} 处问题，未导入任何数据。请下载错误报告改正后重新导入，或选择“仅导入无误的行”。`,
        skipped: parsed.rows.length,
        finishedAt: clock.now(),
      });
      return;
    }
    await setStatus(id, { ...summary, status: 'writing' });
    const counts = await db.transaction(async () => {
      const c =
        plan.kind === 'houses'
          ? await writeHouses(plan.p as Awaited<ReturnType<typeof planHouses>>)
          : plan.kind === 'people'
            ? await writePeople((plan.p as PersonPlan[]).filter((p) => !badRows.has(p.row)))
            : await writeTenancies(ctx, plan.p as Awaited<ReturnType<typeof planTenancies>>);
      await audit.record(ctx, {
        action: 'registry.import',
        targetType: 'registry_import',
        targetId: id,
        placeId: place.id,
        placePath: place.path,
        after: {
          kind,
          mode,
          sha256: createHash('sha256').update(file).digest('hex'),
          rows: parsed.rows.length,
          ...c,
          skipped: badRows.size,
        },
      });
      return c;
    });
    await setStatus(id, {
      status: 'done',
      message:
        badRows.size > 0 ? `已导入无误的行；${badRows.size} 行有问题被跳过，可下载错误报告。` : '导入完成',
      created: counts.created,
      updated: counts.updated,
      skipped: badRows.size,
      finishedAt: clock.now(),
    });
  }

  function view(
    r: Omit<typeof registryImports.$inferSelect, 'report'> & { placeName: string; hasReport: boolean },
  ): ImportStatus {
    // A node that stopped mid-import leaves its record behind; after an hour it is surely dead.
    const stale =
      (r.status === 'reading' || r.status === 'writing') &&
      clock.now().getTime() - r.createdAt.getTime() > 3_600_000;
    return {
      id: r.id,
      kind: r.kind as ImportKind,
      mode: r.mode as Mode,
      placeName: r.placeName,
      fileName: r.fileName,
      status: stale ? 'failed' : (r.status as ImportStatus['status']),
      message: stale ? '导入被中断（服务重启），未写入任何数据，请重新上传' : r.message,
      rowsRead: r.rowsRead,
      rowsTotal: r.rowsTotal,
      created: r.created,
      updated: r.updated,
      skipped: r.skipped,
      errorCount: r.errorCount,
      errors: r.errors as ImportStatus['errors'],
      hasReport: r.hasReport,
      createdAt: r.createdAt.toISOString(),
      finishedAt: r.finishedAt?.toISOString() ?? null,
    };
  }

  async function find(ctx: Ctx, id: string) {
    const [r] = await db
      .select(importColumns())
      .from(registryImports)
      .innerJoin(places, eq(places.id, registryImports.placeId))
      .where(eq(registryImports.id, id));
    if (!r || !ctx.actor!.inScope('registry.import', r.placePath)) throw notFound('导入记录不存在或无权访问');
    return r;
  }

  return {
    async start(ctx: Ctx, q: z.infer<typeof importQuery>, file: Buffer) {
      const place = await org.places.visible(ctx, q.placeId, 'registry.import');
      const [row] = await db
        .insert(registryImports)
        .values({
          kind: q.kind,
          mode: q.mode,
          placeId: place.id,
          placePath: place.path,
          fileName: q.fileName,
          status: 'reading',
          createdBy: ctx.actor!.userId,
        })
        .returning({ id: registryImports.id });
      const job = run(ctx, row.id, q.kind, q.mode, place, file).catch(async (e) => {
        try {
          await setStatus(row.id, {
            status: 'failed',
            message: `导入失败，未写入任何数据（${e instanceof Error ? e.message.slice(0, 200) : '未知错误'}）`,
            finishedAt: clock.now(),
          });
        } catch {
          // The database itself is gone (shutdown): the record reads as interrupted after an hour.
        }
      });
      running.set(
        row.id,
        job.finally(() => running.delete(row.id)),
      );
      return row.id;
    },

    /** Resolves when an import started on this node has finished (tests, graceful shutdown). */
    async settled(id: string) {
      await running.get(id);
    },

    /** Waits for every import running on this node: the app does before it closes the database. */
    async drain() {
      await Promise.allSettled([...running.values()]);
    },

    async status(ctx: Ctx, id: string) {
      return view(await find(ctx, id));
    },

    async report(ctx: Ctx, id: string) {
      const r = await find(ctx, id);
      const [{ report }] = await db
        .select({ report: registryImports.report })
        .from(registryImports)
        .where(eq(registryImports.id, id));
      if (!report) throw notFound('该导入没有错误报告');
      return { file: report, name: `${r.fileName.replace(/\.xlsx$/i, '')}-错误报告.xlsx` };
    },

    async list(ctx: Ctx, placeId?: string) {
      const scope = ctx.actor!.scopeFilter('registry.import', registryImports.placePath);
      const narrow = placeId
        ? like(
            registryImports.placePath,
            `${escapeLike((await org.places.visible(ctx, placeId, 'registry.import')).path)}%`,
          )
        : sql`true`;
      const rows = await db
        .select(importColumns())
        .from(registryImports)
        .innerJoin(places, eq(places.id, registryImports.placeId))
        .where(and(scope, narrow))
        .orderBy(desc(registryImports.createdAt))
        .limit(50);
      return { items: rows.map((r) => ({ ...view(r), errors: undefined })) };
    },
  };
}

/** Everything but the report workbook, which is fetched only when downloaded. */
function importColumns() {
  const { report: _report, ...columns } = getTableColumns(registryImports);
  return {
    ...columns,
    hasReport: sql<boolean>`${registryImports.report} is not null`,
    placeName: places.name,
  };
}

export type ImportsService = ReturnType<typeof createImportsService>;
