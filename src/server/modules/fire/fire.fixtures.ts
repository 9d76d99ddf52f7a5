import { DEFAULT_CHECKLIST } from '../../../shared/fire.js';
import { maskPhone } from '../../platform/pii/index.js';
import type { Fixture, Kit, PlaceRef } from '../../test/fixtures.js';
import type { Res } from '../../test/harness.js';
import { chainOf, nearest } from '../grid/common.js';
import { makePerson } from '../registry/registry.fixtures.js';
import {
  fireBrigadeMembers,
  fireDrills,
  fireEquipment,
  fireHazards,
  fireInspections,
  firePlanContacts,
  firePlans,
} from './schema.js';

/**
 * Fire safety for the authorization matrix and the fuzzer: equipment, inspections, hazards, plans,
 * drills and brigade members made straight in the database at a place inside an estate.
 */

/** A 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
).toString('base64');

/** `at` if it lies in an estate, else a fresh estate under it (a street or community holds none of its own). */
async function inEstate(kit: Kit, at: PlaceRef): Promise<PlaceRef> {
  let here = at;
  for (let i = 0; i < 3 && !here.ghost && (here.kind === 'street' || here.kind === 'community'); i++)
    here = await kit.place(here);
  return here;
}

/** The place columns of a record at `at`: its path and its estate. */
async function placed(kit: Kit, at: PlaceRef) {
  const here = await inEstate(kit, at);
  const estate = nearest(await chainOf(kit.t.database.db, here.path), 'estate');
  if (!estate) throw new Error(`fire fixture: ${here.kind} ${here.path} lies in no estate`);
  return { placeId: here.id, placePath: here.path, estateId: estate.id, here, estate };
}

async function makeEquipment(kit: Kit, at: PlaceRef) {
  const p = await placed(kit, at);
  const [row] = await kit.t.database.db
    .insert(fireEquipment)
    .values({ ...p, kind: 'extinguisher', location: '矩阵测试', quantity: 2, expiresOn: '2020-01-01' })
    .returning();
  return row;
}

async function makeInspection(kit: Kit, at: PlaceRef) {
  const p = await placed(kit, at);
  const now = kit.t.clock.now();
  const [row] = await kit.t.database.db
    .insert(fireInspections)
    .values({
      ...p,
      month: '2026-11',
      inspectedAt: now,
      inspectorName: '矩阵',
      items: DEFAULT_CHECKLIST.map((c) => ({ ...c, passed: true, note: '', hazardId: null })),
    })
    .returning();
  return row;
}

async function makeHazard(kit: Kit, at: PlaceRef, status = 'found') {
  const p = await placed(kit, at);
  const [row] = await kit.t.database.db
    .insert(fireHazards)
    .values({
      ...p,
      title: '矩阵测试隐患',
      source: 'patrol',
      status,
      responsible: status === 'found' ? null : '物业',
      deadline: status === 'found' ? null : '2099-01-01',
      reporterName: '矩阵',
    })
    .returning();
  return row;
}

async function makePlan(kit: Kit, at: PlaceRef) {
  const p = await placed(kit, at);
  const db = kit.t.database.db;
  const [plan] = await db
    .insert(firePlans)
    .values({ ...p, title: '矩阵应急预案' })
    .returning();
  const phone = '13712345678';
  const [contact] = await db
    .insert(firePlanContacts)
    .values({
      planId: plan.id,
      name: '王五',
      role: 'commander',
      phoneEnc: kit.t.app.services.pii.encrypt(phone),
      phoneMasked: maskPhone(phone),
    })
    .returning();
  return { plan, contact, phone };
}

async function makeDrill(kit: Kit, at: PlaceRef) {
  const p = await placed(kit, at);
  const [row] = await kit.t.database.db
    .insert(fireDrills)
    .values({
      ...p,
      kind: 'drill',
      title: '矩阵演练',
      heldOn: '2026-10-01',
      organiser: '物业',
      attendance: 3,
    })
    .returning();
  return row;
}

async function makeMember(kit: Kit, at: PlaceRef) {
  const p = await placed(kit, at);
  const { person } = await makePerson(kit, p.here);
  const [row] = await kit.t.database.db
    .insert(fireBrigadeMembers)
    .values({ placeId: p.placeId, placePath: p.placePath, estateId: p.estateId, personId: person.id })
    .returning();
  return row;
}

const listed = (res: Res, id: string) =>
  (res.body?.items as { id: string }[] | undefined)?.some((i) => i.id === id) ? null : `${id} not listed`;

export const FIRE_FIXTURES: Record<string, Fixture> = {
  'GET /api/v1/fire/equipment': {
    async build(kit, _caller, at) {
      const e = await makeEquipment(kit, at);
      return { query: { placeId: e.placeId, expiry: 'expired', pageSize: '200' }, note: e.id };
    },
    outside: 'not-found',
    verify: (res, call) => listed(res, call.note!),
  },
  'POST /api/v1/fire/equipment': {
    build: async (kit, _caller, at) => ({
      body: {
        placeId: (await inEstate(kit, at)).id,
        kind: 'extinguisher',
        location: '1栋大堂',
        quantity: 4,
        installedOn: '2024-01-01',
        expiresOn: '2027-01-01',
      },
    }),
    outside: 'not-found',
  },
  'PATCH /api/v1/fire/equipment/{id}': {
    build: async (kit, _caller, at) => ({
      params: { id: (await makeEquipment(kit, at)).id },
      body: { status: 'faulty', note: '压力不足' },
    }),
    outside: 'not-found',
  },
  'DELETE /api/v1/fire/equipment/{id}': {
    build: async (kit, _caller, at) => ({ params: { id: (await makeEquipment(kit, at)).id } }),
    outside: 'not-found',
  },

  'GET /api/v1/fire/checklist': {
    build: async (kit, _caller, at) => ({ query: { placeId: (await inEstate(kit, at)).id } }),
    outside: 'not-found',
    verify: (res) => (Array.isArray(res.body?.items) && res.body.items.length > 0 ? null : 'no items'),
  },
  'PUT /api/v1/fire/estates/{id}/checklist': {
    async build(kit, _caller, at) {
      const p = await placed(kit, at);
      return {
        params: { id: p.estateId },
        // The default list again: the demo estates' inspections go on working.
        body: { items: DEFAULT_CHECKLIST.map((c) => ({ ...c })) },
      };
    },
    outside: 'not-found',
  },
  'GET /api/v1/fire/inspections': {
    async build(kit, _caller, at) {
      const i = await makeInspection(kit, at);
      return { query: { placeId: i.placeId, pageSize: '200' }, note: i.id };
    },
    outside: 'not-found',
    verify: (res, call) => listed(res, call.note!),
  },
  'GET /api/v1/fire/inspections/missing': {
    build: async (kit, _caller, at) => ({ query: { placeId: (await inEstate(kit, at)).id } }),
    outside: 'not-found',
  },
  'GET /api/v1/fire/inspections/{id}': {
    build: async (kit, _caller, at) => ({ params: { id: (await makeInspection(kit, at)).id } }),
    outside: 'not-found',
  },
  'POST /api/v1/fire/inspections': {
    async build(kit, _caller, at) {
      const here = await inEstate(kit, at);
      return {
        body: {
          placeId: here.id,
          items: DEFAULT_CHECKLIST.map((c, i) =>
            i === 0
              ? {
                  code: c.code,
                  passed: false,
                  note: '通道有车',
                  openHazard: true,
                  responsible: '物业',
                  deadline: '2099-01-01',
                }
              : { code: c.code, passed: true },
          ),
          note: '矩阵检查',
        },
      };
    },
    outside: 'not-found',
  },

  'GET /api/v1/fire/hazards': {
    async build(kit, _caller, at) {
      const h = await makeHazard(kit, at);
      return { query: { placeId: h.placeId, status: 'open', pageSize: '200' }, note: h.id };
    },
    outside: 'not-found',
    verify: (res, call) => listed(res, call.note!),
  },
  'POST /api/v1/fire/hazards': {
    build: async (kit, _caller, at) => ({
      body: {
        placeId: (await inEstate(kit, at)).id,
        title: '楼道堆放杂物',
        location: '2栋1单元',
        source: 'patrol',
        photos: [{ name: 'p.png', data: PNG }],
      },
    }),
    outside: 'not-found',
  },
  'GET /api/v1/fire/hazards/{id}': {
    build: async (kit, _caller, at) => ({ params: { id: (await makeHazard(kit, at)).id } }),
    outside: 'not-found',
  },
  'POST /api/v1/fire/hazards/{id}/actions': {
    build: async (kit, _caller, at) => ({
      params: { id: (await makeHazard(kit, at)).id },
      body: { action: 'assign', responsible: '物业公司', deadline: '2099-01-01' },
    }),
    outside: 'not-found',
    verify: (res) => (res.body?.status === 'rectifying' ? null : 'not rectifying'),
  },
  'POST /api/v1/fire/hazards/{id}/photos': {
    build: async (kit, _caller, at) => ({
      params: { id: (await makeHazard(kit, at)).id },
      body: { stage: 'before', photos: [{ name: 'p.png', data: PNG }] },
    }),
    outside: 'not-found',
  },
  'GET /api/v1/fire/hazards/{id}/photos/{fileId}': {
    async build(kit, _caller, at) {
      const h = await makeHazard(kit, at);
      const files = kit.t.app.services.files;
      const f = await files.saveImage(Buffer.from(PNG, 'base64'), { name: 'p.png' });
      await files.attach([f.id], { ownerType: 'fire_hazard_before', ownerId: h.id, placePath: h.placePath });
      return { params: { id: h.id, fileId: f.id } };
    },
    outside: 'not-found',
  },

  'GET /api/v1/fire/plans': {
    async build(kit, _caller, at) {
      const { plan } = await makePlan(kit, at);
      return { query: { placeId: plan.placeId, pageSize: '200' }, note: plan.id };
    },
    outside: 'not-found',
    verify: (res, call) => listed(res, call.note!),
  },
  'POST /api/v1/fire/plans': {
    build: async (kit, _caller, at) => ({
      body: {
        placeId: (await inEstate(kit, at)).id,
        title: '火灾事故应急预案',
        content: '一、组织机构',
        contacts: [{ name: '李四', role: 'commander', phone: '13900001111' }],
      },
    }),
    outside: 'not-found',
  },
  'GET /api/v1/fire/plans/{id}': {
    build: async (kit, _caller, at) => ({ params: { id: (await makePlan(kit, at)).plan.id } }),
    outside: 'not-found',
  },
  'PATCH /api/v1/fire/plans/{id}': {
    build: async (kit, _caller, at) => ({
      params: { id: (await makePlan(kit, at)).plan.id },
      body: { title: '修订后的预案', contacts: [{ name: '赵六', role: 'deputy', phone: '13900002222' }] },
    }),
    outside: 'not-found',
  },
  'DELETE /api/v1/fire/plans/{id}': {
    build: async (kit, _caller, at) => ({ params: { id: (await makePlan(kit, at)).plan.id } }),
    outside: 'not-found',
  },
  'POST /api/v1/fire/plans/{id}/contacts/{contactId}/reveal': {
    async build(kit, _caller, at) {
      const { plan, contact, phone } = await makePlan(kit, at);
      return { params: { id: plan.id, contactId: contact.id }, body: { reason: '联络' }, note: phone };
    },
    outside: 'not-found',
    verify: (res, call) => (res.body?.value === call.note ? null : 'revealed a different value'),
  },

  'GET /api/v1/fire/drills': {
    async build(kit, _caller, at) {
      const d = await makeDrill(kit, at);
      return { query: { placeId: d.placeId, pageSize: '200' }, note: d.id };
    },
    outside: 'not-found',
    verify: (res, call) => listed(res, call.note!),
  },
  'POST /api/v1/fire/drills': {
    build: async (kit, _caller, at) => ({
      body: {
        placeId: (await inEstate(kit, at)).id,
        kind: 'training',
        title: '灭火器使用培训',
        heldOn: '2026-01-10',
        organiser: '社区',
        attendees: ['张三'],
      },
    }),
    outside: 'not-found',
  },
  'DELETE /api/v1/fire/drills/{id}': {
    build: async (kit, _caller, at) => ({ params: { id: (await makeDrill(kit, at)).id } }),
    outside: 'not-found',
  },

  'GET /api/v1/fire/brigade': {
    async build(kit, _caller, at) {
      const m = await makeMember(kit, at);
      return { query: { placeId: m.placeId }, note: m.id };
    },
    outside: 'not-found',
    verify: (res, call) => listed(res, call.note!),
  },
  'POST /api/v1/fire/brigade': {
    async build(kit, _caller, at) {
      const here = await inEstate(kit, at);
      const { person } = await makePerson(kit, here);
      return { body: { placeId: here.id, personId: person.id, duty: '队员' } };
    },
    outside: 'not-found',
  },
  'DELETE /api/v1/fire/brigade/{id}': {
    build: async (kit, _caller, at) => ({ params: { id: (await makeMember(kit, at)).id } }),
    outside: 'not-found',
  },
};
