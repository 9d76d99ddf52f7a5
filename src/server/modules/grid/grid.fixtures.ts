import { randomInt, randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { systemCtx } from '../../platform/context.js';
import type { Fixture, Kit, PlaceRef } from '../../test/fixtures.js';
import type { Res } from '../../test/harness.js';
import { users } from '../org/schema.js';
import { residentRequests } from '../requests/schema.js';
import { diaryEntries, events, gridMembers } from './schema.js';

/**
 * Grid work and requests for the authorization matrix and the fuzzer: events, members, diary
 * entries and residents' requests made straight in the database under any place.
 */

/** A 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

let seq = 0;
const next = () => ++seq;

/** A grid at or under `at` (buildings and units hold none: the call is refused before that matters). */
async function gridUnder(kit: Kit, at: PlaceRef): Promise<PlaceRef> {
  let here = at;
  for (
    let i = 0;
    i < 3 && here.kind !== 'grid' && !['building', 'unit'].includes(here.kind) && !here.ghost;
    i++
  )
    here = await kit.place(here);
  return here;
}

export async function makeEvent(kit: Kit, at: PlaceRef, status = 'reported') {
  const now = kit.t.clock.now();
  const [e] = await kit.t.database.db
    .insert(events)
    .values({
      no: `SJ-MATRIX-${next()}-${randomUUID().slice(0, 6)}`,
      placeId: at.id,
      placePath: at.path,
      category: 'sanitation',
      urgency: 'normal',
      title: '矩阵测试事件',
      source: 'grid',
      reporterName: '测试',
      status,
      level: 'grid',
      levelSince: now,
      assigneeKind: 'grid',
      assigneePlaceId: at.id,
      assigneeLabel: '测试网格',
      deadlineAt: new Date(now.getTime() + 5 * 86_400_000),
      closedAt: status === 'closed' ? now : null,
      closureKind: status === 'closed' ? 'resolved' : null,
    })
    .returning();
  return e;
}

async function anyUserId(kit: Kit) {
  const [u] = await kit.t.database.db.select({ id: users.id }).from(users).where(eq(users.username, 'admin'));
  return u.id;
}

async function photoOf(kit: Kit, ownerType: string, ownerId: string, placePath: string) {
  const f = await kit.t.app.services.files.saveImage(PNG, { name: '现场.png' });
  await kit.t.app.services.files.attach([f.id], { ownerType, ownerId, placePath });
  return f.id;
}

async function makeMember(kit: Kit, at: PlaceRef) {
  const grid = await gridUnder(kit, at);
  const [m] = await kit.t.database.db
    .insert(gridMembers)
    .values({
      gridId: grid.id,
      placePath: grid.path,
      name: '矩阵成员',
      role: 'worker',
      servicePhone: '13900000000',
    })
    .returning();
  return m;
}

async function makeDiary(kit: Kit, at: PlaceRef) {
  const [d] = await kit.t.database.db
    .insert(diaryEntries)
    .values({
      userId: await anyUserId(kit),
      authorName: '测试',
      placeId: at.id,
      placePath: at.path,
      topic: 'visit',
      said: '矩阵测试走访',
      visitedAt: kit.t.clock.now(),
      idempotencyKey: `matrix-${randomUUID()}`,
    })
    .returning();
  return d;
}

/** A resident's request tied to an event at `at`, with a known phone. */
async function makeRequest(kit: Kit, at: PlaceRef, status = 'reported') {
  const e = await makeEvent(kit, at, status);
  const pii = kit.t.app.services.pii;
  const phone = '13812345678';
  const trackingNo = `SQ${String(randomInt(0, 100_000_000)).padStart(8, '0')}`;
  await kit.t.database.db.insert(residentRequests).values({
    trackingNo,
    eventId: e.id,
    placeId: at.id,
    placePath: at.path,
    serviceCode: 'sanitation',
    nameEnc: pii.encrypt('张三'),
    phoneEnc: pii.encrypt(phone),
    phoneIndex: pii.blindIndex('request-phone', phone),
    phoneMasked: '138****5678',
    ipHash: `matrix-${randomUUID()}`,
  });
  return { event: e, trackingNo, phone };
}

const listed = (res: Res, id: string) =>
  (res.body?.items as { id: string }[] | undefined)?.some((i) => i.id === id) ? null : `${id} not listed`;

export const GRID_FIXTURES: Record<string, Fixture> = {
  'GET /api/v1/grid/members': {
    async build(kit, _caller, at) {
      const m = await makeMember(kit, at);
      return { query: { placeId: at.id }, note: m.id };
    },
    outside: 'not-found',
    verify: (res, call) => listed(res, call.note!),
  },
  'POST /api/v1/grid/members': {
    build: async (kit, _caller, at) => ({
      body: {
        gridId: (await gridUnder(kit, at)).id,
        name: '新网格员',
        role: 'worker',
        servicePhone: '13900001234',
      },
    }),
    outside: 'not-found',
  },
  'PATCH /api/v1/grid/members/{id}': {
    build: async (kit, _caller, at) => ({
      params: { id: (await makeMember(kit, at)).id },
      body: { role: 'leader', duties: '统筹网格' },
    }),
    outside: 'not-found',
  },
  'DELETE /api/v1/grid/members/{id}': {
    build: async (kit, _caller, at) => ({ params: { id: (await makeMember(kit, at)).id } }),
    outside: 'not-found',
  },
  'GET /api/v1/grid/members/{id}/card': {
    build: async (kit, _caller, at) => ({ params: { id: (await makeMember(kit, at)).id } }),
    outside: 'not-found',
    verify: (res) => (String(res.body?.qrSvg).includes('<svg') ? null : 'no QR code'),
  },
  'GET /api/v1/grid/public/estates/{id}/board': {
    build: async (kit) => ({ params: { id: kit.t.places.jinxiuEstate.id } }),
  },

  'GET /api/v1/grid/events': {
    async build(kit, _caller, at) {
      const e = await makeEvent(kit, at);
      return { query: { placeId: at.id, pageSize: '200' }, note: e.id };
    },
    outside: 'not-found',
    verify: (res, call) => listed(res, call.note!),
  },
  'POST /api/v1/grid/events/export': {
    async build(kit, _caller, at) {
      await makeEvent(kit, at);
      return { body: { filters: { placeId: at.id, status: 'open' } } };
    },
    outside: 'not-found',
  },
  'GET /api/v1/grid/events/duplicates': {
    async build(kit, _caller, at) {
      const e = await makeEvent(kit, at);
      return { query: { placeId: at.id, category: 'sanitation', text: '矩阵测试' }, note: e.id };
    },
    outside: 'not-found',
    verify: (res, call) => listed(res, call.note!),
  },
  'POST /api/v1/grid/events': {
    build: async (_kit, _caller, at) => ({
      body: {
        placeId: at.id,
        category: 'hazard',
        subcategory: 'fire',
        title: '消防通道堵塞',
        description: '2栋消防通道停放车辆',
        photos: [{ name: '现场.png', data: PNG.toString('base64') }],
      },
    }),
    outside: 'not-found',
  },
  'GET /api/v1/grid/events/{id}': {
    build: async (kit, _caller, at) => ({ params: { id: (await makeEvent(kit, at)).id } }),
    outside: 'not-found',
  },
  'POST /api/v1/grid/events/{id}/actions': {
    build: async (kit, _caller, at) => ({
      params: { id: (await makeEvent(kit, at)).id },
      body: { action: 'note', note: '已联系物业' },
    }),
    outside: 'not-found',
  },
  'GET /api/v1/grid/events/{id}/assignees': {
    build: async (kit, _caller, at) => ({ params: { id: (await makeEvent(kit, at)).id } }),
    outside: 'not-found',
  },
  'GET /api/v1/grid/events/{id}/photos/{fileId}': {
    async build(kit, _caller, at) {
      const e = await makeEvent(kit, at);
      return { params: { id: e.id, fileId: await photoOf(kit, 'event', e.id, e.placePath) } };
    },
    outside: 'not-found',
  },

  'GET /api/v1/grid/campaigns': {
    build: async (_kit, _caller, at) => ({ query: { placeId: at.id } }),
    outside: 'not-found',
  },
  'POST /api/v1/grid/campaigns': {
    build: async (_kit, _caller, at) => ({
      body: {
        placeId: at.id,
        kind: 'dispute_sweep',
        name: '冬季矛盾纠纷大排查',
        startsOn: '2026-12-01',
        endsOn: '2026-12-31',
        goals: '逐户排查，发现一起化解一起',
      },
    }),
    outside: 'not-found',
  },

  'GET /api/v1/grid/my-day': { build: async () => ({}) },
  'GET /api/v1/grid/diary': {
    async build(kit, _caller, at) {
      const d = await makeDiary(kit, at);
      return { query: { placeId: at.id, pageSize: '200' }, note: d.id };
    },
    outside: 'not-found',
    verify: (res, call) => listed(res, call.note!),
  },
  'POST /api/v1/grid/diary': {
    build: async (kit, _caller, at) => ({
      body: {
        placeId: at.id,
        topic: 'visit',
        said: '住户反映楼道灯不亮',
        visitedAt: kit.t.clock.now().toISOString(),
        idempotencyKey: `fixture-${randomUUID()}`,
      },
    }),
    outside: 'not-found',
  },
  'GET /api/v1/grid/diary/{id}/photos/{fileId}': {
    async build(kit, _caller, at) {
      const d = await makeDiary(kit, at);
      return { params: { id: d.id, fileId: await photoOf(kit, 'diary', d.id, d.placePath) } };
    },
    outside: 'not-found',
  },
  'POST /api/v1/grid/checkins': {
    async build(kit, caller, at) {
      // One check-in a day: a fresh account checks in, so each call is a first.
      const clone = caller.account ? await kit.clone(caller) : null;
      return { body: { gridId: (await gridUnder(kit, at)).id, note: '开始巡查' }, as: clone?.agent };
    },
    outside: 'not-found',
  },
  'GET /api/v1/grid/metrics': {
    build: async (_kit, _caller, at) => ({ query: { placeId: at.id, from: '2026-01-01', to: '2026-12-31' } }),
    outside: 'not-found',
  },

  'GET /api/v1/grid/scores': {
    build: async (_kit, _caller, at) => ({ query: { placeId: at.id, month: '2026-11' } }),
    outside: 'not-found',
  },
  'GET /api/v1/grid/score-rules': {
    build: async (_kit, _caller, at) => ({ query: { placeId: at.id } }),
    outside: 'not-found',
  },
  'PUT /api/v1/grid/score-rules': {
    build: async (_kit, _caller, at) => ({
      body: {
        placeId: at.id,
        items: {
          visits: { weight: 30, target: 40 },
          coverage: { weight: 20, target: 0.3 },
          reported: { weight: 15, target: 8 },
          onTime: { weight: 20, target: 1 },
          satisfaction: { weight: 15, target: 1 },
        },
      },
    }),
    outside: 'not-found',
  },
  'GET /api/v1/requests/public/places/{id}': {
    build: async (kit) => ({ params: { id: kit.t.places.jinxiuGrid1.id } }),
  },
  'POST /api/v1/requests/public': {
    async build(kit) {
      // One IP's hourly allowance is spent by earlier calls: age them, as if an hour had passed.
      await kit.t.database.db
        .update(residentRequests)
        .set({ createdAt: new Date(kit.t.clock.now().getTime() - 2 * 3_600_000) });
      return {
        body: {
          placeId: kit.t.places.jinxiuGrid1.id,
          category: 'property',
          subcategory: 'elevator',
          description: '3栋1单元电梯停运两天了',
          phone: '13812345678',
        },
      };
    },
  },
  'GET /api/v1/requests/public/status': {
    async build(kit) {
      const r = await makeRequest(kit, kit.t.places.jinxiuGrid1 as PlaceRef);
      return { query: { trackingNo: r.trackingNo, phone: r.phone } };
    },
  },
  'POST /api/v1/requests/public/rating': {
    async build(kit) {
      const r = await makeRequest(kit, kit.t.places.jinxiuGrid1 as PlaceRef, 'closed');
      return {
        body: { trackingNo: r.trackingNo, phone: r.phone, rating: 5, solved: true, comment: '很及时' },
      };
    },
  },
  'POST /api/v1/requests/public/reopen': {
    async build(kit) {
      const r = await makeRequest(kit, kit.t.places.jinxiuGrid1 as PlaceRef, 'closed');
      return { body: { trackingNo: r.trackingNo, phone: r.phone, reason: '电梯又停了' } };
    },
  },
  'GET /api/v1/requests/events/{id}/contact': {
    build: async (kit, _caller, at) => ({ params: { id: (await makeRequest(kit, at)).event.id } }),
    outside: 'not-found',
  },
  'POST /api/v1/requests/events/{id}/contact/reveal': {
    build: async (kit, _caller, at) => ({
      params: { id: (await makeRequest(kit, at)).event.id },
      body: { reason: '回访居民' },
    }),
    outside: 'not-found',
  },

  'GET /api/v1/requests/open311/keys': { build: async () => ({}) },
  'POST /api/v1/requests/open311/keys': { build: async () => ({ body: { name: '区 12345 平台' } }) },
  'DELETE /api/v1/requests/open311/keys/{id}': {
    build: async (kit) => ({
      params: {
        id: (await kit.t.app.services.open311.issueKey(systemCtx('矩阵测试'), { name: '待停用' })).id,
      },
    }),
  },
  'GET /open311/v2/discovery.json': { build: async () => ({}) },
  'GET /open311/v2/services.json': { build: async () => ({ query: { jurisdiction_id: 'GN' } }) },
  'GET /open311/v2/services/{service_code}.json': {
    build: async () => ({ params: { service_code: 'property.elevator' } }),
  },
  'POST /open311/v2/requests.json': {
    async build(kit) {
      await kit.t.database.db
        .update(residentRequests)
        .set({ createdAt: new Date(kit.t.clock.now().getTime() - 2 * 3_600_000) });
      const key = await kit.t.app.services.open311.issueKey(systemCtx('矩阵测试'), { name: '矩阵' });
      return {
        body: {
          api_key: key.apiKey,
          service_code: 'sanitation.garbage',
          address_id: kit.t.places.jinxiuGrid1.id,
          description: '垃圾桶满溢',
        },
      };
    },
  },
  'GET /open311/v2/requests.json': {
    async build(kit) {
      const r = await makeRequest(kit, kit.t.places.jinxiuGrid1 as PlaceRef);
      return { query: { service_request_id: r.trackingNo } };
    },
    verify: (res) => (Array.isArray(res.body) && res.body.length === 1 ? null : 'the request is not listed'),
  },
  'GET /open311/v2/requests/{id}.json': {
    async build(kit) {
      return { params: { id: (await makeRequest(kit, kit.t.places.jinxiuGrid1 as PlaceRef)).trackingNo } };
    },
  },
  'GET /open311/v2/servicerequestupdates.json': { build: async () => ({ query: { jurisdiction_id: 'GN' } }) },
};
