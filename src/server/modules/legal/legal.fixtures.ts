import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { maskPhone } from '../../platform/pii/index.js';
import type { Fixture, Kit, PlaceRef } from '../../test/fixtures.js';
import type { Res } from '../../test/harness.js';
import { places } from '../org/schema.js';
import {
  legalAgreements,
  legalArticles,
  legalBoards,
  legalContacts,
  legalDutySlots,
  legalRequests,
  schoolAttendees,
  schoolCourses,
  schoolSessions,
} from './schema.js';

/**
 * Legal services and the night school for the authorization matrix and the fuzzer: every record
 * made straight in the database under any place.
 */

/** A 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

let seq = 0;
const next = () => ++seq;
/** 198-xxxx-xxxx: phones of fixture residents, distinct from the demo's. */
const phone = () => `1980000${String(next() % 10_000).padStart(4, '0')}`;
const db = (kit: Kit) => kit.t.database.db;
const day = (kit: Kit, offset: number) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(
    new Date(kit.t.clock.now().getTime() + offset * 86_400_000),
  );

/** An estate at or under `at` (a street or community gets one made; lower places are returned as they are). */
async function estateAt(kit: Kit, at: PlaceRef): Promise<PlaceRef> {
  let here = at;
  for (let i = 0; i < 2 && !here.ghost && (here.kind === 'street' || here.kind === 'community'); i++)
    here = await kit.place(here);
  return here;
}

/** A building straight under `at`: 法律明白人 are set per building. */
async function buildingAt(kit: Kit, at: PlaceRef): Promise<PlaceRef> {
  if (at.ghost) return at;
  const id = randomUUID();
  const path = `${at.path}${id}/`;
  await db(kit)
    .insert(places)
    .values({
      id,
      parentId: at.id,
      kind: 'building',
      code: kit.uniq('B').toUpperCase(),
      name: `${next()}栋`,
      path,
      depth: at.depth + 1,
    });
  return { id, kind: 'building', path, depth: at.depth + 1 };
}

export async function makeLegalRequest(kit: Kit, at: PlaceRef, status = 'submitted') {
  const pii = kit.t.app.services.pii;
  const p = phone();
  const now = kit.t.clock.now();
  const [r] = await db(kit)
    .insert(legalRequests)
    .values({
      trackingNo: `FW${String(randomInt(0, 100_000_000)).padStart(8, '0')}`,
      placeId: at.id,
      placePath: at.path,
      kind: 'consult',
      channel: 'web',
      status,
      subject: '法律咨询：矩阵测试',
      description: '矩阵测试的咨询',
      nameEnc: pii.encrypt('张三'),
      nameMasked: '张*',
      phoneEnc: pii.encrypt(p),
      phoneIndex: pii.blindIndex('legal-phone', p),
      phoneMasked: maskPhone(p),
      answer: status === 'answered' || status === 'closed' ? '已答复' : null,
      answeredAt: status === 'answered' || status === 'closed' ? now : null,
      createdAt: now,
    })
    .returning();
  return { ...r, phone: p };
}

async function makeSlot(kit: Kit, at: PlaceRef) {
  const [s] = await db(kit)
    .insert(legalDutySlots)
    .values({
      placeId: at.id,
      placePath: at.path,
      venue: `法律之家${next()}`,
      date: day(kit, 1),
      startTime: '14:00',
      endTime: '17:00',
      advisorName: `矩阵顾问${next()}`,
    })
    .returning();
  return s;
}

async function makeContact(kit: Kit, at: PlaceRef) {
  const pii = kit.t.app.services.pii;
  const p = phone();
  const [c] = await db(kit)
    .insert(legalContacts)
    .values({
      placeId: at.id,
      placePath: at.path,
      name: '矩阵明白人',
      phoneEnc: pii.encrypt(p),
      phoneMasked: maskPhone(p),
    })
    .returning();
  return { ...c, phone: p };
}

async function makeAgreement(kit: Kit, at: PlaceRef, withFile = false) {
  let fileId: string | null = null;
  if (withFile) {
    const f = await kit.t.app.services.files.saveFile(PDF, {
      name: '协议.pdf',
      contentType: 'application/pdf',
      maxBytes: 1_000_000,
    });
    fileId = f.id;
  }
  const [a] = await db(kit)
    .insert(legalAgreements)
    .values({
      placeId: at.id,
      placePath: at.path,
      advisorName: '矩阵律师',
      firm: '矩阵律师事务所',
      startsOn: day(kit, -100),
      endsOn: day(kit, 20),
      duties: '每周值班一次',
      fileId,
    })
    .returning();
  if (fileId)
    await kit.t.app.services.files.attach([fileId], {
      ownerType: 'legal_agreement',
      ownerId: a.id,
      placePath: at.path,
    });
  return a;
}

async function makeArticle(kit: Kit, at: PlaceRef) {
  const [a] = await db(kit)
    .insert(legalArticles)
    .values({
      placeId: at.id,
      placePath: at.path,
      category: 'faq',
      title: `矩阵文章${next()}`,
      body: '邻居装修噪音扰民怎么办？可以先协商，再找物业和调委会。',
    })
    .returning();
  return a;
}

async function makeBoard(kit: Kit, at: PlaceRef, withPhoto = false) {
  let photoFileId: string | null = null;
  if (withPhoto) photoFileId = (await kit.t.app.services.files.saveImage(PNG, { name: '专栏.png' })).id;
  const [b] = await db(kit)
    .insert(legalBoards)
    .values({
      placeId: at.id,
      placePath: at.path,
      title: '民法典进小区',
      changedOn: day(kit, 0),
      photoFileId,
    })
    .returning();
  if (photoFileId)
    await kit.t.app.services.files.attach([photoFileId], {
      ownerType: 'legal_board',
      ownerId: b.id,
      placePath: at.path,
    });
  return b;
}

async function makeCourse(kit: Kit, at: PlaceRef) {
  const [c] = await db(kit)
    .insert(schoolCourses)
    .values({ placeId: at.id, placePath: at.path, title: `矩阵课程${next()}` })
    .returning();
  return c;
}

async function makeSession(kit: Kit, at: PlaceRef, daysAhead = 3) {
  const c = await makeCourse(kit, at);
  const [s] = await db(kit)
    .insert(schoolSessions)
    .values({
      courseId: c.id,
      placeId: at.id,
      placePath: at.path,
      title: '民法典与邻里关系',
      lecturer: '司法所所长',
      venue: '法律之家',
      startsAt: new Date(kit.t.clock.now().getTime() + daysAhead * 86_400_000),
      capacity: 50,
      checkinToken: randomBytes(16).toString('base64url'),
    })
    .returning();
  return s;
}

async function makeAttendee(kit: Kit, session: { id: string; placePath: string }, checkedIn = false) {
  const pii = kit.t.app.services.pii;
  const p = phone();
  const now = kit.t.clock.now();
  const [a] = await db(kit)
    .insert(schoolAttendees)
    .values({
      sessionId: session.id,
      placePath: session.placePath,
      nameEnc: pii.encrypt('李四'),
      nameMasked: '李*',
      phoneEnc: pii.encrypt(p),
      phoneIndex: pii.blindIndex('school-phone', p),
      phoneMasked: maskPhone(p),
      signedUpAt: now,
      checkedInAt: checkedIn ? now : null,
      checkinBy: checkedIn ? 'self' : null,
    })
    .returning();
  return { ...a, phone: p };
}

/** Public forms are limited per IP and hour: age earlier calls, as if an hour had passed. */
async function ageRateLimits(kit: Kit) {
  const past = new Date(kit.t.clock.now().getTime() - 2 * 3_600_000);
  await db(kit).update(legalRequests).set({ createdAt: past });
  await db(kit).update(schoolAttendees).set({ createdAt: past });
}

const listed = (res: Res, id: string) =>
  (res.body?.items as { id: string }[] | undefined)?.some((i) => i.id === id) ? null : `${id} not listed`;
const isFile = (res: Res) =>
  String(res.headers['content-disposition'] ?? '').length > 0 ? null : 'not a file download';

export const LEGAL_FIXTURES: Record<string, Fixture> = {
  // ── requests ──
  'GET /api/v1/legal/requests': {
    async build(kit, _caller, at) {
      const r = await makeLegalRequest(kit, at);
      return { query: { placeId: at.id, pageSize: '200' }, note: r.id };
    },
    outside: 'not-found',
    verify: (res, call) => listed(res, call.note!),
  },
  'POST /api/v1/legal/requests': {
    build: async (_kit, _caller, at) => ({
      body: {
        placeId: at.id,
        kind: 'labour',
        subject: '工资拖欠',
        description: '工地拖欠三个月工资',
        name: '王五',
        phone: '13812345678',
      },
    }),
    outside: 'not-found',
  },
  'GET /api/v1/legal/requests/{id}': {
    build: async (kit, _caller, at) => ({ params: { id: (await makeLegalRequest(kit, at)).id } }),
    outside: 'not-found',
  },
  'GET /api/v1/legal/requests/{id}/advisors': {
    build: async (kit, _caller, at) => ({ params: { id: (await makeLegalRequest(kit, at)).id } }),
    outside: 'not-found',
  },
  'POST /api/v1/legal/requests/{id}/actions': {
    build: async (kit, _caller, at) => ({
      params: { id: (await makeLegalRequest(kit, at, 'answered')).id },
      body: { action: 'close', note: '已解答' },
    }),
    outside: 'not-found',
  },
  'POST /api/v1/legal/requests/{id}/contact/reveal': {
    build: async (kit, _caller, at) => ({
      params: { id: (await makeLegalRequest(kit, at)).id },
      body: { reason: '回电答复咨询' },
    }),
    outside: 'not-found',
    verify: (res) => (res.body?.name === '张三' ? null : 'wrong name revealed'),
  },

  // ── public ──
  'GET /api/v1/legal/public/places/{id}': {
    build: async (kit) => ({ params: { id: kit.t.places.jinxiuEstate.id } }),
  },
  'POST /api/v1/legal/public/requests': {
    async build(kit) {
      await ageRateLimits(kit);
      return {
        body: {
          placeId: kit.t.places.jinxiuEstate.id,
          kind: 'consult',
          description: '租房押金不退怎么办',
          name: '赵六',
          phone: '13812345678',
        },
      };
    },
  },
  'GET /api/v1/legal/public/requests/status': {
    async build(kit) {
      const r = await makeLegalRequest(kit, kit.t.places.jinxiuEstate as PlaceRef);
      return { query: { trackingNo: r.trackingNo, phone: r.phone } };
    },
  },
  'POST /api/v1/legal/public/requests/rating': {
    async build(kit) {
      const r = await makeLegalRequest(kit, kit.t.places.jinxiuEstate as PlaceRef, 'answered');
      return { body: { trackingNo: r.trackingNo, phone: r.phone, rating: 5, comment: '很专业' } };
    },
  },
  'GET /api/v1/legal/public/articles': {
    async build(kit) {
      await makeArticle(kit, kit.t.places.jinxiuEstate as PlaceRef);
      return { query: { placeId: kit.t.places.jinxiuEstate.id } };
    },
  },
  'GET /api/v1/legal/public/articles/{id}': {
    build: async (kit) => ({
      params: { id: (await makeArticle(kit, kit.t.places.jinxiuEstate as PlaceRef)).id },
    }),
  },
  'GET /api/v1/legal/public/sessions/{id}': {
    build: async (kit) => ({
      params: { id: (await makeSession(kit, kit.t.places.jinxiuEstate as PlaceRef)).id },
    }),
  },
  'POST /api/v1/legal/public/sessions/{id}/signups': {
    async build(kit) {
      await ageRateLimits(kit);
      const s = await makeSession(kit, kit.t.places.jinxiuEstate as PlaceRef);
      return { params: { id: s.id }, body: { name: '钱七', phone: phone() } };
    },
  },
  'POST /api/v1/legal/public/sessions/{id}/feedback': {
    async build(kit) {
      const s = await makeSession(kit, kit.t.places.jinxiuEstate as PlaceRef, -0.01);
      const a = await makeAttendee(kit, s, true);
      return { params: { id: s.id }, body: { phone: a.phone, rating: 4, comment: '讲得好' } };
    },
  },
  'GET /api/v1/legal/public/checkin/{token}': {
    build: async (kit) => ({
      params: { token: (await makeSession(kit, kit.t.places.jinxiuEstate as PlaceRef)).checkinToken },
    }),
  },
  'POST /api/v1/legal/public/checkin/{token}': {
    async build(kit) {
      await ageRateLimits(kit);
      const s = await makeSession(kit, kit.t.places.jinxiuEstate as PlaceRef, 0.01);
      return { params: { token: s.checkinToken }, body: { phone: phone(), name: '孙八' } };
    },
    verify: (res) => (res.body?.status === 'checked_in' ? null : 'not checked in'),
  },

  // ── duty roster ──
  'GET /api/v1/legal/duty': {
    async build(kit, _caller, at) {
      const s = await makeSlot(kit, at);
      return { query: { placeId: at.id, from: day(kit, 0), to: day(kit, 7) }, note: s.id };
    },
    outside: 'not-found',
    verify: (res, call) => listed(res, call.note!),
  },
  'POST /api/v1/legal/duty': {
    build: async (kit, _caller, at) => ({
      body: {
        placeId: at.id,
        venue: `法律之家${next()}`,
        date: day(kit, 30 + (next() % 300)),
        startTime: '09:00',
        endTime: '11:30',
        advisorName: `矩阵顾问${next()}`,
      },
    }),
    outside: 'not-found',
  },
  'DELETE /api/v1/legal/duty/{id}': {
    build: async (kit, _caller, at) => ({ params: { id: (await makeSlot(kit, at)).id } }),
    outside: 'not-found',
  },

  // ── 法律明白人 ──
  'GET /api/v1/legal/contacts': {
    async build(kit, _caller, at) {
      const c = await makeContact(kit, at);
      return { query: { placeId: at.id }, note: c.id };
    },
    outside: 'not-found',
    verify: (res, call) => listed(res, call.note!),
  },
  'POST /api/v1/legal/contacts': {
    build: async (kit, _caller, at) => ({
      body: {
        buildingId: (await buildingAt(kit, at)).id,
        name: '周明白',
        phone: phone(),
        publishPhone: true,
      },
    }),
    outside: 'not-found',
  },
  'DELETE /api/v1/legal/contacts/{id}': {
    build: async (kit, _caller, at) => ({ params: { id: (await makeContact(kit, at)).id } }),
    outside: 'not-found',
  },
  'POST /api/v1/legal/contacts/{id}/reveal': {
    build: async (kit, _caller, at) => ({
      params: { id: (await makeContact(kit, at)).id },
      body: { reason: '联系明白人协助调解' },
    }),
    outside: 'not-found',
    verify: (res) => (/^1\d{10}$/.test(String(res.body?.phone)) ? null : 'no phone revealed'),
  },

  'GET /api/v1/legal/stats': {
    async build(kit, _caller, at) {
      await makeLegalRequest(kit, at);
      return { query: { placeId: at.id, from: day(kit, -1), to: day(kit, 1) } };
    },
    outside: 'not-found',
    verify: (res) => (res.body?.total >= 1 ? null : 'the request made for it is not counted'),
  },

  // ── agreements ──
  'GET /api/v1/legal/agreements': {
    async build(kit, _caller, at) {
      const a = await makeAgreement(kit, at);
      return { query: { placeId: at.id }, note: a.id };
    },
    outside: 'not-found',
    verify: (res, call) =>
      listed(res, call.note!) ??
      (((res.body?.expiring ?? []) as { id: string }[]).some((i) => i.id === call.note)
        ? null
        : 'not listed as expiring'),
  },
  'POST /api/v1/legal/agreements': {
    build: async (kit, _caller, at) => ({
      body: {
        placeId: (await estateAt(kit, at)).id,
        advisorName: '杨律师',
        firm: '重庆某律师事务所',
        phone: '023-12345678',
        startsOn: day(kit, 0),
        endsOn: day(kit, 365),
        duties: '每周三下午在法律之家值班，提供法律咨询',
      },
    }),
    outside: 'not-found',
  },
  'PATCH /api/v1/legal/agreements/{id}': {
    build: async (kit, _caller, at) => ({
      params: { id: (await makeAgreement(kit, at)).id },
      body: { endsOn: day(kit, 400) },
    }),
    outside: 'not-found',
  },
  'GET /api/v1/legal/agreements/{id}/file': {
    build: async (kit, _caller, at) => ({ params: { id: (await makeAgreement(kit, at, true)).id } }),
    outside: 'not-found',
    verify: isFile,
  },
  'POST /api/v1/legal/agreements/{id}/file': {
    build: async (kit, _caller, at) => ({
      params: { id: (await makeAgreement(kit, at)).id },
      query: { name: '顾问协议.pdf' },
      raw: { payload: PDF, type: 'application/pdf' },
    }),
    outside: 'not-found',
  },

  // ── knowledge base ──
  'GET /api/v1/legal/articles': {
    async build(kit, _caller, at) {
      const a = await makeArticle(kit, at);
      return { query: { placeId: at.id, q: a.title }, note: a.id };
    },
    outside: 'not-found',
    verify: (res, call) => listed(res, call.note!),
  },
  'GET /api/v1/legal/articles/{id}': {
    build: async (kit, _caller, at) => ({ params: { id: (await makeArticle(kit, at)).id } }),
    outside: 'not-found',
  },
  'POST /api/v1/legal/articles': {
    build: async (_kit, _caller, at) => ({
      body: {
        placeId: at.id,
        category: 'law',
        title: '民法典第二百八十八条',
        body: '相邻关系：有利生产、方便生活。',
      },
    }),
    outside: 'not-found',
  },
  'PATCH /api/v1/legal/articles/{id}': {
    build: async (kit, _caller, at) => ({
      params: { id: (await makeArticle(kit, at)).id },
      body: { title: '改过的标题', published: false },
    }),
    outside: 'not-found',
  },
  'DELETE /api/v1/legal/articles/{id}': {
    build: async (kit, _caller, at) => ({ params: { id: (await makeArticle(kit, at)).id } }),
    outside: 'not-found',
  },

  // ── notice boards ──
  'GET /api/v1/legal/boards': {
    build: async (_kit, _caller, at) => ({ query: { placeId: at.id } }),
    outside: 'not-found',
  },
  'GET /api/v1/legal/boards/history': {
    async build(kit, _caller, at) {
      const b = await makeBoard(kit, at);
      return { query: { placeId: at.id }, note: b.id };
    },
    outside: 'not-found',
    verify: (res, call) => listed(res, call.note!),
  },
  'POST /api/v1/legal/boards': {
    build: async (kit, _caller, at) => ({
      body: {
        estateId: (await estateAt(kit, at)).id,
        title: '十二月：防范电信诈骗',
        summary: '反诈宣传、以案说法',
        changedOn: day(kit, 0),
        photo: { name: '专栏.png', data: PNG.toString('base64') },
      },
    }),
    outside: 'not-found',
  },
  'GET /api/v1/legal/boards/{id}/photo': {
    build: async (kit, _caller, at) => ({ params: { id: (await makeBoard(kit, at, true)).id } }),
    outside: 'not-found',
  },

  // ── night school ──
  'GET /api/v1/legal/courses': {
    async build(kit, _caller, at) {
      const c = await makeCourse(kit, at);
      return { query: { placeId: at.id }, note: c.id };
    },
    outside: 'not-found',
    verify: (res, call) => listed(res, call.note!),
  },
  'POST /api/v1/legal/courses': {
    build: async (_kit, _caller, at) => ({
      body: { placeId: at.id, title: '法治夜校', description: '每月一课' },
    }),
    outside: 'not-found',
  },
  'PATCH /api/v1/legal/courses/{id}': {
    build: async (kit, _caller, at) => ({
      params: { id: (await makeCourse(kit, at)).id },
      body: { title: '法治夜校（改）' },
    }),
    outside: 'not-found',
  },
  'GET /api/v1/legal/sessions': {
    async build(kit, _caller, at) {
      const s = await makeSession(kit, at);
      return { query: { placeId: at.id }, note: s.id };
    },
    outside: 'not-found',
    verify: (res, call) => listed(res, call.note!),
  },
  'POST /api/v1/legal/sessions': {
    build: async (kit, _caller, at) => ({
      body: {
        courseId: (await makeCourse(kit, at)).id,
        title: '劳动合同那些事',
        lecturer: '杨律师',
        venue: '法律之家',
        startsAt: new Date(kit.t.clock.now().getTime() + 10 * 86_400_000).toISOString(),
        durationMinutes: 90,
        capacity: 60,
      },
    }),
    outside: 'not-found',
  },
  'PATCH /api/v1/legal/sessions/{id}': {
    build: async (kit, _caller, at) => ({
      params: { id: (await makeSession(kit, at)).id },
      body: { capacity: 80, venue: '社区会议室' },
    }),
    outside: 'not-found',
  },
  'GET /api/v1/legal/sessions/{id}': {
    build: async (kit, _caller, at) => ({ params: { id: (await makeSession(kit, at)).id } }),
    outside: 'not-found',
    verify: (res) => (String(res.body?.qrSvg).includes('<svg') ? null : 'no QR code'),
  },
  'POST /api/v1/legal/sessions/{id}/checkins': {
    async build(kit, _caller, at) {
      const s = await makeSession(kit, at, 0.01);
      const a = await makeAttendee(kit, s);
      return { params: { id: s.id }, body: { attendeeId: a.id } };
    },
    outside: 'not-found',
    verify: (res) => (res.body?.status === 'checked_in' ? null : 'not checked in'),
  },
  'GET /api/v1/legal/sessions/{id}/materials/{fileId}': {
    async build(kit, _caller, at) {
      const s = await makeSession(kit, at);
      const f = await kit.t.app.services.files.saveFile(PDF, {
        name: '课件.pdf',
        contentType: 'application/pdf',
        maxBytes: 1_000_000,
      });
      await kit.t.app.services.files.attach([f.id], {
        ownerType: 'school_session',
        ownerId: s.id,
        placePath: at.path,
      });
      return { params: { id: s.id, fileId: f.id } };
    },
    outside: 'not-found',
    verify: isFile,
  },
  'POST /api/v1/legal/sessions/{id}/materials': {
    build: async (kit, _caller, at) => ({
      params: { id: (await makeSession(kit, at)).id },
      query: { name: '课件.pdf' },
      raw: { payload: PDF, type: 'application/pdf' },
    }),
    outside: 'not-found',
  },
  'GET /api/v1/legal/attendance': {
    async build(kit, _caller, at) {
      const s = await makeSession(kit, at, 0.01);
      await makeAttendee(kit, s, true);
      return { query: { placeId: at.id, from: day(kit, -1), to: day(kit, 1) } };
    },
    outside: 'not-found',
    verify: (res) => (res.body?.visits >= 1 ? null : 'the check-in made for it is not counted'),
  },
};
