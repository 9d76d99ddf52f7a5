import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { makeCitizenId } from '../../platform/pii/index.js';
import type { Fixture, Kit, PlaceRef } from '../../test/fixtures.js';
import type { Res } from '../../test/harness.js';
import { places } from '../org/schema.js';
import { buildTemplate } from './excel/writer.js';
import {
  groupCases,
  houses,
  people,
  registryImports,
  residencies,
  tenancies,
  tenancyTenants,
} from './schema.js';
import { addressKey, nameFields, personPii } from './text.js';

/**
 * Records of the registry made straight in the database for the authorization matrix and the
 * fuzzer: a house (with the building and unit it needs) under any place, people living in it, a
 * tenancy, special and care cases.
 */

const NEXT_KIND: Record<string, 'community' | 'estate' | 'building' | 'unit'> = {
  street: 'community',
  community: 'estate',
  estate: 'building',
  grid: 'building',
  building: 'unit',
};

let seq = 0;
const next = () => ++seq;

async function unitUnder(kit: Kit, at: PlaceRef): Promise<PlaceRef & { name: string; buildingName: string }> {
  const db = kit.t.database.db;
  let here: PlaceRef & { name: string } = { ...at, name: '1单元' };
  let buildingName = '9栋';
  while (here.kind !== 'unit') {
    const kind = NEXT_KIND[here.kind];
    const id = randomUUID();
    const n = next();
    const name = kind === 'building' ? `${n}栋` : kind === 'unit' ? '1单元' : `矩阵${kind}${n}`;
    const row = {
      id,
      parentId: here.id,
      kind,
      code: kit.uniq('R').toUpperCase(),
      name,
      path: `${here.path}${id}/`,
      depth: here.depth + 1,
    };
    await db.insert(places).values(row);
    if (kind === 'building') buildingName = name;
    here = { id, kind, path: row.path, depth: row.depth, name };
  }
  return { ...here, buildingName };
}

export async function makeHouse(kit: Kit, at: PlaceRef) {
  const unit = await unitUnder(kit, at);
  // Five digits from 90000: never a demo house's floor-and-door number (at most 3306).
  const number = String(90000 + next());
  const [h] = await kit.t.database.db
    .insert(houses)
    .values({
      unitId: unit.id,
      placePath: unit.path,
      floor: 1,
      number,
      addressKey: addressKey(unit.buildingName, unit.name, number),
      area: '89.50',
      use: 'self',
    })
    .returning();
  return h;
}

let idSeq = 0;
/** A citizen ID valid in form, born 1980–1999, unique within the run. */
export function nextCitizenId(): string {
  idSeq += 1;
  const birth = `19${80 + (idSeq % 20)}-${String((idSeq % 12) + 1).padStart(2, '0')}-${String((idSeq % 28) + 1).padStart(2, '0')}`;
  return makeCitizenId('500222', birth, (idSeq * 7919) % 1000);
}

let phoneSeq = 0;
/** 199-0002-xxxx: unused by the demo and the org fixtures. */
export const nextPersonPhone = () => `1990002${String(++phoneSeq % 10_000).padStart(4, '0')}`;

export async function makePerson(
  kit: Kit,
  at: PlaceRef,
  opts: { populationType?: string; house?: typeof houses.$inferSelect } = {},
) {
  const house = opts.house ?? (await makeHouse(kit, at));
  const idNumber = nextCitizenId();
  const phone = nextPersonPhone();
  const name = '矩阵居民';
  const db = kit.t.database.db;
  const [p] = await db
    .insert(people)
    .values({
      name,
      ...nameFields(name),
      idType: 'resident_id',
      ...personPii(kit.t.app.services.pii, idNumber, phone),
      populationType: opts.populationType ?? 'registered',
      houseId: house.id,
      placeId: house.unitId,
      placePath: house.placePath,
    })
    .returning();
  const [stay] = await db
    .insert(residencies)
    .values({
      personId: p.id,
      houseId: house.id,
      relation: 'head',
      moveIn: '2020-01-01',
      placePath: house.placePath,
    })
    .returning();
  return { person: p, house, stay, idNumber, phone };
}

async function makeCase(kit: Kit, at: PlaceRef, kind: 'special' | 'care') {
  const { person } = await makePerson(kit, at);
  const [c] = await kit.t.database.db
    .insert(groupCases)
    .values({
      kind,
      personId: person.id,
      group: kind === 'special' ? 'released' : 'elderly_alone',
      attention: kind === 'special' ? 'medium' : null,
      level: kind === 'care' ? 2 : null,
      details: {},
      responsibleName: '矩阵包联人',
      visitEveryDays: 30,
      startedOn: '2025-01-01',
      nextVisitDue: '2025-01-31',
      placePath: person.placePath,
    })
    .returning();
  return c;
}

async function makeTenancy(kit: Kit, at: PlaceRef) {
  const { person, house } = await makePerson(kit, at, { populationType: 'floating' });
  const db = kit.t.database.db;
  const [t] = await db
    .insert(tenancies)
    .values({
      houseId: house.id,
      landlordName: '矩阵房东',
      startDate: '2025-01-01',
      endDate: '2099-12-31',
      registeredByName: '矩阵',
      placePath: house.placePath,
    })
    .returning();
  await db.insert(tenancyTenants).values({ tenancyId: t.id, personId: person.id });
  return { ...t, addressKey: house.addressKey };
}

const items = (res: Res): { id: string }[] | null => (Array.isArray(res.body?.items) ? res.body.items : null);
const listed = (res: Res, id: string) =>
  items(res)?.some((i) => i.id === id) ? null : 'the record made for it is not listed';

const revealed = new Map<string, string>();

const caseFixtures = (base: string, kind: 'special' | 'care'): Record<string, Fixture> => ({
  [`GET /api/v1/registry/${base}`]: {
    async build(kit, _caller, at) {
      const c = await makeCase(kit, at, kind);
      return { query: { placeId: at.id, pageSize: '200', overdue: 'true' }, note: c.id };
    },
    outside: 'not-found',
    verify: (res, call) => listed(res, call.note!),
  },
  [`GET /api/v1/registry/${base}/{id}`]: {
    build: async (kit, _caller, at) => ({ params: { id: (await makeCase(kit, at, kind)).id } }),
    outside: 'not-found',
  },
  [`POST /api/v1/registry/${base}`]: {
    async build(kit, _caller, at) {
      const { person } = await makePerson(kit, at);
      return {
        body:
          kind === 'special'
            ? {
                personId: person.id,
                group: 'mental',
                attention: 'high',
                details: { riskLevel: 3, guardian: '矩阵监护人' },
                responsibleName: '王磊',
                plan: '每周电话随访',
                visitEveryDays: 7,
                startedOn: '2026-01-05',
              }
            : {
                personId: person.id,
                group: 'dibao',
                level: 3,
                responsibleName: '陈静',
                startedOn: '2026-01-05',
              },
      };
    },
    outside: 'not-found',
  },
  [`PATCH /api/v1/registry/${base}/{id}`]: {
    build: async (kit, _caller, at) => ({
      params: { id: (await makeCase(kit, at, kind)).id },
      body: kind === 'special' ? { attention: 'high', visitEveryDays: 14 } : { level: 3 },
    }),
    outside: 'not-found',
  },
  [`POST /api/v1/registry/${base}/{id}/end`]: {
    build: async (kit, _caller, at) => ({
      params: { id: (await makeCase(kit, at, kind)).id },
      body: { endedOn: '2026-06-01', reason: '迁出本辖区' },
    }),
    outside: 'not-found',
  },
  [`POST /api/v1/registry/${base}/{id}/visits`]: {
    build: async (kit, _caller, at) => ({
      params: { id: (await makeCase(kit, at, kind)).id },
      body: { visitedOn: '2026-03-01', findings: '情况稳定', help: '中秋节送米面油' },
    }),
    outside: 'not-found',
  },
});

export const REGISTRY_FIXTURES: Record<string, Fixture> = {
  'GET /api/v1/registry/houses': {
    async build(kit, _caller, at) {
      const h = await makeHouse(kit, at);
      return { query: { placeId: at.id, q: h.addressKey, pageSize: '200' }, note: h.id };
    },
    outside: 'not-found',
    verify: (res, call) => listed(res, call.note!),
  },
  'GET /api/v1/registry/houses/{id}': {
    build: async (kit, _caller, at) => ({ params: { id: (await makePerson(kit, at)).house.id } }),
    outside: 'not-found',
    verify: (res) => (res.body?.residents?.length === 1 ? null : 'the resident is not on the card'),
  },
  'POST /api/v1/registry/houses': {
    build: async (kit, _caller, at) => ({
      body: {
        unitId: (await unitUnder(kit, at)).id,
        floor: 5,
        number: '501',
        area: '112.36',
        use: 'rent',
        tags: ['群租'],
      },
    }),
    outside: 'not-found',
  },
  'PATCH /api/v1/registry/houses/{id}': {
    build: async (kit, _caller, at) => ({
      params: { id: (await makeHouse(kit, at)).id },
      body: { area: '90.00', use: 'vacant' },
    }),
    outside: 'not-found',
  },
  'DELETE /api/v1/registry/houses/{id}': {
    build: async (kit, _caller, at) => ({ params: { id: (await makeHouse(kit, at)).id } }),
    outside: 'not-found',
  },
  'PUT /api/v1/registry/houses/{id}/owners': {
    async build(kit, _caller, at) {
      const { person, house } = await makePerson(kit, at);
      const other = await makePerson(kit, at, { house });
      return {
        params: { id: house.id },
        body: {
          owners: [
            { personId: person.id, share: '50.00' },
            { personId: other.person.id, share: '50.00' },
          ],
        },
      };
    },
    outside: 'not-found',
  },
  'GET /api/v1/registry/buildings/{id}/grid': {
    async build(kit, _caller, at) {
      const h = await makeHouse(kit, at);
      const [unit] = await kit.t.database.db.select().from(places).where(eq(places.id, h.unitId));
      return { params: { id: unit.parentId! } };
    },
    outside: 'not-found',
    verify: (res) => (res.body?.houses?.length === 1 ? null : 'the house is not in the grid'),
  },

  'GET /api/v1/registry/people': {
    async build(kit, _caller, at) {
      const { person, idNumber } = await makePerson(kit, at);
      return { query: { placeId: at.id, q: idNumber.slice(-6) }, note: person.id };
    },
    outside: 'not-found',
    verify: (res, call) => listed(res, call.note!),
  },
  'GET /api/v1/registry/people/unregistered-floating': {
    async build(kit, _caller, at) {
      const { person } = await makePerson(kit, at, { populationType: 'floating' });
      return { query: { placeId: at.id, pageSize: '200' }, note: person.id };
    },
    outside: 'not-found',
    verify: (res, call) => listed(res, call.note!),
  },
  'GET /api/v1/registry/people/{id}': {
    build: async (kit, _caller, at) => ({ params: { id: (await makePerson(kit, at)).person.id } }),
    outside: 'not-found',
  },
  'POST /api/v1/registry/people': {
    build: async (kit, _caller, at) => ({
      body: {
        name: '新登记',
        idNumber: nextCitizenId(),
        phone: nextPersonPhone(),
        populationType: 'floating',
        ethnicity: '汉族',
        residence: { houseId: (await makeHouse(kit, at)).id, relation: 'lodger', moveIn: '2026-02-01' },
      },
    }),
    outside: 'not-found',
  },
  'PATCH /api/v1/registry/people/{id}': {
    build: async (kit, _caller, at) => ({
      params: { id: (await makePerson(kit, at)).person.id },
      body: { phone: nextPersonPhone(), tags: ['党员'] },
    }),
    outside: 'not-found',
  },
  'POST /api/v1/registry/people/{id}/reveal': {
    async build(kit, _caller, at) {
      const { person, idNumber } = await makePerson(kit, at);
      revealed.set(person.id, idNumber);
      return { params: { id: person.id }, body: { field: 'idNumber', reason: '核实住户身份' } };
    },
    outside: 'not-found',
    verify: (res, call) =>
      res.body?.value === revealed.get(call.params!.id) ? null : 'revealed a different value',
  },
  'POST /api/v1/registry/people/{id}/move-in': {
    async build(kit, _caller, at) {
      const { person } = await makePerson(kit, at);
      return {
        params: { id: person.id },
        body: { houseId: (await makeHouse(kit, at)).id, relation: 'relative' },
      };
    },
    outside: 'not-found',
  },
  'POST /api/v1/registry/residencies/{id}/move-out': {
    build: async (kit, _caller, at) => ({
      params: { id: (await makePerson(kit, at)).stay.id },
      body: { moveOut: '2026-05-01' },
    }),
    outside: 'not-found',
  },

  'GET /api/v1/registry/tenancies': {
    async build(kit, _caller, at) {
      const t = await makeTenancy(kit, at);
      return { query: { placeId: at.id, q: t.addressKey }, note: t.id };
    },
    outside: 'not-found',
    verify: (res, call) => listed(res, call.note!),
  },
  'POST /api/v1/registry/tenancies': {
    async build(kit, _caller, at) {
      const house = await makeHouse(kit, at);
      const { person } = await makePerson(kit, at, { populationType: 'floating' });
      return {
        body: {
          houseId: house.id,
          landlordName: '矩阵房东',
          tenantIds: [person.id],
          startDate: '2026-01-01',
          endDate: '2026-12-31',
          purpose: 'living',
        },
      };
    },
    outside: 'not-found',
  },
  'POST /api/v1/registry/tenancies/{id}/end': {
    build: async (kit, _caller, at) => ({
      params: { id: (await makeTenancy(kit, at)).id },
      body: { endedOn: '2026-03-01' },
    }),
    outside: 'not-found',
  },
  ...caseFixtures('special-cases', 'special'),
  ...caseFixtures('care-cases', 'care'),
  'GET /api/v1/registry/stats': {
    async build(kit, _caller, at) {
      await makePerson(kit, at);
      return { query: { placeId: at.id } };
    },
    outside: 'not-found',
    verify: (res) => (res.body?.people >= 1 ? null : 'the person made for it is not counted'),
  },
};

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** An import record filed under `at`, as a finished import leaves it. */
async function makeImport(kit: Kit, at: PlaceRef, report = false) {
  const [r] = await kit.t.database.db
    .insert(registryImports)
    .values({
      kind: 'people',
      mode: 'all',
      placeId: at.id,
      placePath: at.path,
      fileName: '人口.xlsx',
      status: 'rejected',
      message: '1 行有 1 处问题',
      errorCount: 1,
      errors: [{ row: 3, column: '证件号码', message: '校验码不正确' }],
      report: report ? await buildTemplate('people') : null,
    })
    .returning({ id: registryImports.id });
  return r.id;
}

const isXlsx = (res: Res) =>
  String(res.headers['content-type']).startsWith(XLSX) &&
  String(res.headers['content-disposition']).includes("UTF-8''")
    ? null
    : `not an xlsx download: ${res.headers['content-type']}`;

export const REGISTRY_FILE_FIXTURES: Record<string, Fixture> = {
  'POST /api/v1/registry/people/export': {
    async build(kit, _caller, at) {
      const { idNumber } = await makePerson(kit, at);
      return { body: { filters: { placeId: at.id, q: idNumber.slice(-8) } } };
    },
    outside: 'not-found',
    verify: isXlsx,
  },
  'POST /api/v1/registry/houses/export': {
    async build(kit, _caller, at) {
      const h = await makeHouse(kit, at);
      return { body: { filters: { placeId: at.id, use: 'self', q: h.addressKey } } };
    },
    outside: 'not-found',
    verify: isXlsx,
  },
  'POST /api/v1/registry/tenancies/export': {
    async build(kit, _caller, at) {
      const t = await makeTenancy(kit, at);
      return { body: { filters: { placeId: at.id, q: t.addressKey } } };
    },
    outside: 'not-found',
    verify: isXlsx,
  },
  'GET /api/v1/registry/import-templates/{kind}': {
    build: async () => ({ params: { kind: 'people' } }),
    verify: isXlsx,
  },
  // The template alone holds no data rows: the import is accepted, read, and rejected without writing.
  'POST /api/v1/registry/imports': {
    build: async (_kit, _caller, at) => ({
      query: { kind: 'houses', placeId: at.id, fileName: '房屋.xlsx' },
      raw: { payload: await buildTemplate('houses'), type: XLSX },
    }),
    outside: 'not-found',
  },
  'GET /api/v1/registry/imports': {
    async build(kit, _caller, at) {
      return { query: { placeId: at.id }, note: await makeImport(kit, at) };
    },
    outside: 'not-found',
    verify: (res, call) => listed(res, call.note!),
  },
  'GET /api/v1/registry/imports/{id}': {
    build: async (kit, _caller, at) => ({ params: { id: await makeImport(kit, at) } }),
    outside: 'not-found',
    verify: (res) => (res.body?.errors?.length === 1 ? null : 'the errors are missing'),
  },
  'GET /api/v1/registry/imports/{id}/report': {
    build: async (kit, _caller, at) => ({ params: { id: await makeImport(kit, at, true) } }),
    outside: 'not-found',
    verify: isXlsx,
  },
};
