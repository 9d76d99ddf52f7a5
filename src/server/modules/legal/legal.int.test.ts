import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_LEGAL_REQUEST } from '../../../../demo/legal.js';
import type { DemoPlace } from '../../../../demo/org.js';
import { auditLog, roles, userRoles, users } from '../../db/schema.js';
import { rows } from '../../db/sql.js';
import type { Agent, TestApp } from '../../test/harness.js';
import { startTestApp } from '../../test/harness.js';

let t: TestApp;
let shequ: Agent;
let lvshi: Agent;
let jiedao: Agent;
let lvshiId: string;
let building: DemoPlace;

const today = (offsetDays = 0) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(
    new Date(t.clock.now().getTime() + offsetDays * 86_400_000),
  );

beforeAll(async () => {
  t = await startTestApp();
  [shequ, lvshi, jiedao] = await Promise.all(['shequ', 'lvshi', 'jiedao'].map((u) => t.login(u)));
  const [u] = await t.database.db.select({ id: users.id }).from(users).where(eq(users.username, 'lvshi'));
  lvshiId = u.id;
  building = t.places.all.find(
    (p) => p.kind === 'building' && p.path.startsWith(t.places.jinxiuEstate.path),
  )!;
});
afterAll(() => t.close());

let ipSeq = 0;
/** A resident's public call from an address of its own (the forms are limited per address). */
async function publicCall(method: 'GET' | 'POST', url: string, body?: unknown) {
  ipSeq += 1;
  const res = await t.app.inject({
    method,
    url,
    ...(body !== undefined ? { payload: body as object } : {}),
    remoteAddress: `10.88.${(ipSeq >> 8) & 255}.${ipSeq & 255}`,
  });
  return { status: res.statusCode, body: res.json() };
}

describe('legal service requests', () => {
  it('go from the public form through assignment, answer and rating to closing; illegal steps answer 409', async () => {
    const phone = '13912345678';
    const submitted = await publicCall('POST', '/api/v1/legal/public/requests', {
      placeId: t.places.jinxiuEstate.id,
      kind: 'labour',
      description: '在工地干了三个月，老板一直拖欠工资不给',
      name: '刘大伟',
      phone,
    });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
    const trackingNo = submitted.body.trackingNo as string;
    expect(trackingNo).toMatch(/^FW\d{8}$/);

    // A wrong phone looks exactly like an unknown number.
    const wrong = await publicCall(
      'GET',
      `/api/v1/legal/public/requests/status?trackingNo=${trackingNo}&phone=13900000000`,
    );
    expect(wrong.status).toBe(404);

    const list = await lvshi.get(`/api/v1/legal/requests?q=${trackingNo}`);
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(1);
    const item = list.body.items[0];
    expect(item.phoneMasked).toBe('139****5678');
    expect(item.nameMasked).not.toContain('大伟');
    const id = item.id as string;

    // Answering before anyone is assigned: 409 naming what may be done.
    const early = await lvshi.post(`/api/v1/legal/requests/${id}/actions`, {
      action: 'answer',
      answer: '可申请劳动仲裁',
    });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('ILLEGAL_TRANSITION');
    expect(early.body.error.message).toContain('指派法律顾问');
    expect(early.body.error.fields.allowed).toBe('assign,close');

    const advisors = await lvshi.get(`/api/v1/legal/requests/${id}/advisors`);
    expect(advisors.body.items.map((a: { id: string }) => a.id)).toContain(lvshiId);
    // Someone who is not an advisor here cannot be assigned.
    const [admin] = await t.database.db
      .select({ id: users.id })
      .from(users)
      .where(eq(users.username, 'admin'));
    expect(
      (await lvshi.post(`/api/v1/legal/requests/${id}/actions`, { action: 'assign', advisorId: admin.id }))
        .status,
    ).toBe(400);
    expect(
      (await lvshi.post(`/api/v1/legal/requests/${id}/actions`, { action: 'assign', advisorId: lvshiId }))
        .status,
    ).toBe(200);
    expect(
      (
        await lvshi.post(`/api/v1/legal/requests/${id}/actions`, {
          action: 'answer',
          answer: '先收集考勤和工资条，可向劳动保障监察投诉或申请劳动仲裁，我们可协助申请法律援助。',
        })
      ).status,
    ).toBe(200);

    const status = await publicCall(
      'GET',
      `/api/v1/legal/public/requests/status?trackingNo=${trackingNo}&phone=${phone}`,
    );
    expect(status.status).toBe(200);
    expect(status.body.answer).toContain('劳动仲裁');
    expect(status.body.canRate).toBe(true);
    expect(JSON.stringify(status.body)).not.toContain('杨律师');

    const rate = { trackingNo, phone, rating: 5, comment: '很耐心' };
    expect((await publicCall('POST', '/api/v1/legal/public/requests/rating', rate)).status).toBe(200);
    const again = await publicCall('POST', '/api/v1/legal/public/requests/rating', rate);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('ALREADY_RATED');

    expect(
      (await lvshi.post(`/api/v1/legal/requests/${id}/actions`, { action: 'close', note: '已解答' })).status,
    ).toBe(200);
    const closedAgain = await lvshi.post(`/api/v1/legal/requests/${id}/actions`, { action: 'close' });
    expect(closedAgain.status).toBe(409);
    expect(closedAgain.body.error.message).toContain('已办结');

    const detail = await lvshi.get(`/api/v1/legal/requests/${id}`);
    expect(detail.body.status).toBe('closed');
    expect(detail.body.rating).toBe(5);
    expect(detail.body.steps.map((s: { action: string }) => s.action)).toEqual([
      'submit',
      'assign',
      'answer',
      'rate',
      'close',
    ]);
    expect(detail.body.allowed).toEqual([]);
  });

  it('keeps the phone encrypted, shows it masked and reveals it only with a reason, audited', async () => {
    const created = await lvshi.post('/api/v1/legal/requests', {
      placeId: t.places.jinxiuEstate.id,
      kind: 'aid',
      subject: '交通事故赔偿',
      description: '电动车被撞，对方不赔偿，家庭困难申请法律援助',
      name: '陈小红',
      phone: '13722223333',
    });
    expect(created.status).toBe(201);
    // The advisor sees it masked; revealing takes pii.reveal (the street's 平安办 here).
    const refused = await lvshi.post(`/api/v1/legal/requests/${created.body.id}/contact/reveal`, {
      reason: '回电',
    });
    expect(refused.status).toBe(403);
    const revealed = await jiedao.post(`/api/v1/legal/requests/${created.body.id}/contact/reveal`, {
      reason: '电话通知援助材料',
    });
    expect(revealed.body).toEqual({ name: '陈小红', phone: '13722223333' });
    const entries = await t.database.db.select().from(auditLog).where(eq(auditLog.targetId, created.body.id));
    expect(entries.map((e) => e.action)).toEqual(
      expect.arrayContaining(['legal_request.create', 'pii.reveal']),
    );
    const [raw] = await rows<{ phone_enc: string; phone_masked: string }>(
      t.database.db,
      sql`select phone_enc, phone_masked from legal_requests where id = ${created.body.id}`,
    );
    expect(raw.phone_enc).not.toContain('13722223333');
    expect(raw.phone_masked).toBe('137****3333');
  });

  it('an advisor of another community gets 404 for a request here', async () => {
    const [role] = await t.database.db.select().from(roles).where(eq(roles.code, 'legal_advisor'));
    const [admin] = await t.database.db
      .select({ passwordHash: users.passwordHash })
      .from(users)
      .where(eq(users.username, 'admin'));
    const [other] = await t.database.db
      .insert(users)
      .values({
        username: 'lvshi_yujia',
        displayName: '于家律师',
        passwordHash: admin.passwordHash,
        mustChangePassword: false,
      })
      .returning({ id: users.id });
    await t.database.db
      .insert(userRoles)
      .values({ userId: other.id, roleId: role.id, placeId: t.places.yujiaCommunity.id });
    const agent = await t.login('lvshi_yujia');
    const created = await lvshi.post('/api/v1/legal/requests', {
      placeId: t.places.jinxiuEstate.id,
      kind: 'consult',
      subject: '继承',
      description: '父母房产如何继承',
      name: '何明',
    });
    const id = created.body.id;
    expect((await agent.get(`/api/v1/legal/requests/${id}`)).status).toBe(404);
    const act = await agent.post(`/api/v1/legal/requests/${id}/actions`, { action: 'close' });
    expect(act.status).toBe(404);
    const list = await agent.get(`/api/v1/legal/requests?q=${created.body.trackingNo}`);
    expect(list.body.items).toHaveLength(0);
  });
});

describe('duty roster', () => {
  it('refuses an advisor on two duties at once and a venue booked twice, naming the clash', async () => {
    const date = today(40);
    const base = { placeId: t.places.jinxiuEstate.id, date };
    const first = await shequ.post('/api/v1/legal/duty', {
      ...base,
      venue: '锦绣春天 法律之家',
      startTime: '14:00',
      endTime: '17:00',
      advisorId: lvshiId,
    });
    expect(first.status, JSON.stringify(first.body)).toBe(201);

    const sameAdvisor = await shequ.post('/api/v1/legal/duty', {
      ...base,
      placeId: t.places.jinxiuCommunity.id,
      venue: '社区便民服务中心',
      startTime: '16:00',
      endTime: '18:00',
      advisorId: lvshiId,
    });
    expect(sameAdvisor.status).toBe(409);
    expect(sameAdvisor.body.error.code).toBe('DUTY_CLASH');
    expect(sameAdvisor.body.error.message).toContain('杨律师');
    expect(sameAdvisor.body.error.message).toContain('14:00–17:00');

    const sameVenue = await shequ.post('/api/v1/legal/duty', {
      ...base,
      venue: '锦绣春天 法律之家',
      startTime: '15:00',
      endTime: '16:00',
      advisorName: '王律师',
    });
    expect(sameVenue.status).toBe(409);
    expect(sameVenue.body.error.message).toContain('锦绣春天 法律之家');
    expect(sameVenue.body.error.message).toContain('已安排 杨律师');

    // Back to back is not a clash.
    const after = await shequ.post('/api/v1/legal/duty', {
      ...base,
      venue: '锦绣春天 法律之家',
      startTime: '17:00',
      endTime: '18:00',
      advisorName: '王律师',
    });
    expect(after.status).toBe(201);
    const week = await lvshi.get(
      `/api/v1/legal/duty?placeId=${t.places.jinxiuEstate.id}&from=${date}&to=${date}`,
    );
    expect(week.body.items.map((s: { startTime: string }) => s.startTime)).toEqual(['14:00', '17:00']);

    const backwards = await shequ.post('/api/v1/legal/duty', {
      ...base,
      venue: '会议室',
      startTime: '10:00',
      endTime: '09:00',
      advisorName: '王律师',
    });
    expect(backwards.status).toBe(400);
  });
});

describe('法律明白人', () => {
  it('are shown on the estate’s public grid board, the phone in full only where published', async () => {
    const published = await shequ.post('/api/v1/legal/contacts', {
      buildingId: building.id,
      name: '明白人甲',
      phone: '13633334444',
      publishPhone: true,
    });
    expect(published.status, JSON.stringify(published.body)).toBe(201);
    const quiet = await shequ.post('/api/v1/legal/contacts', {
      buildingId: building.id,
      name: '明白人乙',
      phone: '13655556666',
      publishPhone: false,
    });
    expect(quiet.status).toBe(201);
    const notBuilding = await shequ.post('/api/v1/legal/contacts', {
      buildingId: t.places.jinxiuEstate.id,
      name: '明白人丙',
    });
    expect(notBuilding.status).toBe(400);

    const board = await t.anonymous().get(`/api/v1/grid/public/estates/${t.places.jinxiuEstate.id}/board`);
    expect(board.status).toBe(200);
    const contacts = board.body.lawContacts as { name: string; servicePhone: string; buildingName: string }[];
    expect(contacts.find((c) => c.name === '明白人甲')).toMatchObject({
      servicePhone: '13633334444',
      buildingName: building.name,
    });
    expect(contacts.find((c) => c.name === '明白人乙')?.servicePhone).toBe('136****6666');

    // A resident from the registry: the name comes from the record.
    const [person] = await rows<{ id: string; name: string }>(
      t.database.db,
      sql`select id, name from people where place_path like ${`${t.places.jinxiuEstate.path}%`} limit 1`,
    );
    const fromRegistry = await shequ.post('/api/v1/legal/contacts', {
      buildingId: building.id,
      personId: person.id,
    });
    expect(fromRegistry.status, JSON.stringify(fromRegistry.body)).toBe(201);
    // Someone the caller may not see in the registry does not exist for this form either.
    const [stranger] = await rows<{ id: string }>(
      t.database.db,
      sql`select id from people where place_path like ${`${t.places.yujiaEstate.path}%`} limit 1`,
    );
    expect(
      (await shequ.post('/api/v1/legal/contacts', { buildingId: building.id, personId: stranger.id })).status,
    ).toBe(404);

    const list = await lvshi.get(`/api/v1/legal/contacts?placeId=${building.id}`);
    expect(list.body.items.map((c: { name: string }) => c.name)).toContain(person.name);
    expect(list.body.items.find((c: { name: string }) => c.name === '明白人甲').phoneMasked).toBe(
      '136****4444',
    );
  });
});

describe('notice boards (宣传专栏)', () => {
  it('lists the estates whose board has not changed this calendar month', async () => {
    const made = await shequ.post('/api/v1/org/places', {
      parentId: t.places.jinxiuCommunity.id,
      kind: 'estate',
      code: 'LEGALTEST1',
      name: '专栏测试小区',
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const estateId = made.body.id as string;
    const stale = async () =>
      (
        (await shequ.get('/api/v1/legal/boards')).body.stale as {
          estateId: string;
          lastChangedOn: string | null;
        }[]
      ).find((s) => s.estateId === estateId);
    expect(await stale()).toMatchObject({ lastChangedOn: null });

    const monthAgo = `${today().slice(0, 7)}-01`;
    const lastMonth = new Date(`${monthAgo}T00:00:00Z`);
    lastMonth.setUTCDate(0);
    const old = lastMonth.toISOString().slice(0, 10);
    expect(
      (await shequ.post('/api/v1/legal/boards', { estateId, title: '上月：民法典', changedOn: old })).status,
    ).toBe(201);
    expect(await stale()).toMatchObject({ lastChangedOn: old });

    expect(
      (await shequ.post('/api/v1/legal/boards', { estateId, title: '本月：反诈', changedOn: today() }))
        .status,
    ).toBe(201);
    expect(await stale()).toBeUndefined();
    const history = await shequ.get(`/api/v1/legal/boards/history?placeId=${estateId}`);
    expect(history.body.items.map((b: { title: string }) => b.title)).toEqual(['本月：反诈', '上月：民法典']);
    const future = await shequ.post('/api/v1/legal/boards', {
      estateId,
      title: '下月',
      changedOn: today(40),
    });
    expect(future.status).toBe(400);
  });
});

describe('night school', () => {
  async function newSession(capacity: number, startsInHours = 2) {
    const course = await shequ.post('/api/v1/legal/courses', {
      placeId: t.places.jinxiuEstate.id,
      title: '法治夜校',
    });
    const session = await shequ.post('/api/v1/legal/sessions', {
      courseId: course.body.id,
      title: '民法典与邻里关系',
      lecturer: '司法所张所长',
      venue: '锦绣春天 法律之家',
      startsAt: new Date(t.clock.now().getTime() + startsInHours * 3_600_000).toISOString(),
      capacity,
    });
    expect(session.status, JSON.stringify(session.body)).toBe(201);
    return session.body.id as string;
  }

  it('signs people up once per phone and within the capacity', async () => {
    const id = await newSession(2);
    const sign = (name: string, phone: string) =>
      publicCall('POST', `/api/v1/legal/public/sessions/${id}/signups`, { name, phone });
    expect((await sign('甲', '13511110001')).body.status).toBe('signed_up');
    const twice = await sign('甲', '13511110001');
    expect(twice.status).toBe(200);
    expect(twice.body.status).toBe('already');
    expect((await sign('乙', '13511110002')).body.status).toBe('signed_up');
    const full = await sign('丙', '13511110003');
    expect(full.status).toBe(409);
    expect(full.body.error.code).toBe('SESSION_FULL');
    const info = await publicCall('GET', `/api/v1/legal/public/sessions/${id}`);
    expect(info.body).toMatchObject({ seatsLeft: 0, open: false });
    // The capacity cannot drop below those already signed up.
    expect((await shequ.patch(`/api/v1/legal/sessions/${id}`, { capacity: 1 })).status).toBe(409);
  });

  it('checks in by the door QR once; a second check-in answers 已签到; staff check in from the list', async () => {
    const id = await newSession(30);
    await publicCall('POST', `/api/v1/legal/public/sessions/${id}/signups`, {
      name: '赵阿姨',
      phone: '13522220001',
    });
    const detail = await shequ.get(`/api/v1/legal/sessions/${id}`);
    expect(detail.body.qrSvg).toContain('<svg');
    const token = new URL(detail.body.checkinUrl).pathname.split('/').at(-1)!;

    const page = await publicCall('GET', `/api/v1/legal/public/checkin/${token}`);
    expect(page.body.title).toBe('民法典与邻里关系');

    const first = await publicCall('POST', `/api/v1/legal/public/checkin/${token}`, { phone: '13522220001' });
    expect(first.status).toBe(200);
    expect(first.body.status).toBe('checked_in');
    const second = await publicCall('POST', `/api/v1/legal/public/checkin/${token}`, {
      phone: '13522220001',
    });
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ status: 'already' });
    expect(second.body.message).toContain('已签到');

    // A walk-in must give a name; then is let in.
    const walkInNoName = await publicCall('POST', `/api/v1/legal/public/checkin/${token}`, {
      phone: '13522220002',
    });
    expect(walkInNoName.status).toBe(400);
    expect(
      (
        await publicCall('POST', `/api/v1/legal/public/checkin/${token}`, {
          phone: '13522220002',
          name: '钱大爷',
        })
      ).body.status,
    ).toBe('checked_in');

    // Staff at the door: someone already in answers 已签到 too.
    const attendee = (await shequ.get(`/api/v1/legal/sessions/${id}`)).body.attendees.find(
      (a: { phoneMasked: string }) => a.phoneMasked === '135****0001',
    );
    const staff = await lvshi.post(`/api/v1/legal/sessions/${id}/checkins`, { attendeeId: attendee.id });
    expect(staff.body.status).toBe('already');
    const walkIn = await lvshi.post(`/api/v1/legal/sessions/${id}/checkins`, {
      name: '孙奶奶',
      phone: '13522220003',
    });
    expect(walkIn.body.status).toBe('checked_in');

    const fb = await publicCall('POST', `/api/v1/legal/public/sessions/${id}/feedback`, {
      phone: '13522220001',
      rating: 5,
      comment: '讲得通俗易懂',
    });
    expect(fb.status).toBe(200);
    const stranger = await publicCall('POST', `/api/v1/legal/public/sessions/${id}/feedback`, {
      phone: '13522229999',
      rating: 1,
    });
    expect(stranger.status).toBe(404);

    // The door QR code of a class weeks ahead does not check anyone in yet.
    const later = await newSession(30, 72);
    const laterToken = new URL((await shequ.get(`/api/v1/legal/sessions/${later}`)).body.checkinUrl).pathname
      .split('/')
      .at(-1)!;
    const early = await publicCall('POST', `/api/v1/legal/public/checkin/${laterToken}`, {
      phone: '13522220001',
      name: '赵阿姨',
    });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('CHECKIN_NOT_OPEN');

    const counts = (await shequ.get(`/api/v1/legal/sessions/${id}`)).body;
    expect(counts).toMatchObject({ signedUp: 1, checkedIn: 3, averageRating: 5 });

    const stats = await jiedao.get(
      `/api/v1/legal/attendance?placeId=${t.places.jinxiuEstate.id}&from=${today(-1)}&to=${today(1)}`,
    );
    expect(stats.status).toBe(200);
    expect(stats.body.visits).toBeGreaterThanOrEqual(3);
    expect(stats.body.people).toBeLessThanOrEqual(stats.body.visits);
  });
});

describe('service log', () => {
  it('counts requests per kind with the units of the seed', async () => {
    const res = await jiedao.get(`/api/v1/legal/stats?from=${today(-400)}&to=${today()}`);
    expect(res.status).toBe(200);
    const byKind = Object.fromEntries(
      (res.body.byKind as { kind: string; count: number; unit: string }[]).map((k) => [k.kind, k]),
    );
    expect(byKind.labour.unit).toBe('件');
    expect(byKind.aid.unit).toBe('起');
    expect(byKind.labour.count).toBeGreaterThanOrEqual(1);
    // The street's staff see it by community, one level under their own area.
    expect(res.body.byPlace.map((p: { name: string }) => p.name)).toContain(t.places.jinxiuCommunity.name);
    expect(res.body.total).toBe((res.body.byKind as { count: number }[]).reduce((a, b) => a + b.count, 0));
  });
});

describe('the demo street', () => {
  it('has a year of legal services, a stale notice board and a night school with hundreds of attendances', async () => {
    const status = await publicCall(
      'GET',
      `/api/v1/legal/public/requests/status?trackingNo=${DEMO_LEGAL_REQUEST.trackingNo}&phone=${DEMO_LEGAL_REQUEST.phone}`,
    );
    expect(status.status).toBe(200);
    expect(status.body.answer).toBeTruthy();

    const stats = await jiedao.get(`/api/v1/legal/stats?from=${today(-366)}&to=${today()}`);
    for (const k of stats.body.byKind) expect(k.count, k.kind).toBeGreaterThan(0);

    const boards = await jiedao.get('/api/v1/legal/boards');
    const stale = boards.body.stale.map((s: { estateName: string }) => s.estateName);
    expect(stale.some((n: string) => n.includes('南华'))).toBe(true);
    expect(stale.some((n: string) => n.includes('锦绣'))).toBe(false);

    const agreements = await jiedao.get('/api/v1/legal/agreements');
    expect(agreements.body.expiring.length).toBeGreaterThan(0);

    const school = await jiedao.get(`/api/v1/legal/attendance?from=${today(-366)}&to=${today()}`);
    expect(school.body.visits).toBeGreaterThan(300);
    expect(school.body.people).toBeLessThan(school.body.visits);
    const upcoming = await publicCall('GET', `/api/v1/legal/public/places/${t.places.jinxiuEstate.id}`);
    expect(upcoming.body.sessions.length).toBeGreaterThan(0);
    expect(upcoming.body.duty.length).toBeGreaterThan(0);
  });
});

describe('advisor agreements and the knowledge base', () => {
  it('lists agreements ending within 30 days and keeps the signed file, refusing other types', async () => {
    const created = await shequ.post('/api/v1/legal/agreements', {
      placeId: t.places.jinxiuEstate.id,
      advisorName: '测试律师',
      firm: '测试律师事务所',
      startsOn: today(-300),
      endsOn: today(10),
      duties: '每周值班',
    });
    expect(created.status).toBe(201);
    const list = await lvshi.get(`/api/v1/legal/agreements?placeId=${t.places.jinxiuEstate.id}`);
    const mine = list.body.expiring.find((a: { id: string }) => a.id === created.body.id);
    expect(mine).toMatchObject({ state: 'expiring', daysLeft: 10, hasFile: false });
    const backwards = await shequ.patch(`/api/v1/legal/agreements/${created.body.id}`, {
      endsOn: today(-400),
    });
    expect(backwards.status).toBe(400);

    const upload = (payload: Buffer, type: string) =>
      shequ.request(
        'POST',
        `/api/v1/legal/agreements/${created.body.id}/file?name=${encodeURIComponent('协议.pdf')}`,
        payload,
        {
          'content-type': type,
        },
      );
    const refused = await upload(Buffer.from('MZ not a document'), 'application/octet-stream');
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('UNSUPPORTED_FILE_TYPE');
    const pdf = Buffer.from('%PDF-1.4\n%%EOF\n');
    expect((await upload(pdf, 'application/pdf')).status).toBe(200);
    const file = await lvshi.get(`/api/v1/legal/agreements/${created.body.id}/file`);
    expect(file.status).toBe(200);
    expect(String(file.headers['content-disposition'])).toContain('attachment');
  });

  it('finds articles by a word of their body; residents see only published ones reaching their estate', async () => {
    const made = await shequ.post('/api/v1/legal/articles', {
      placeId: t.places.jinxiuCommunity.id,
      category: 'faq',
      title: '阳台漏水找谁',
      body: '先找楼上住户协商，再找物业查明滴水点位。',
    });
    expect(made.status).toBe(201);
    const found = await lvshi.get('/api/v1/legal/articles?q=滴水点位');
    expect(found.body.items.map((a: { id: string }) => a.id)).toContain(made.body.id);
    const publicList = await publicCall(
      'GET',
      `/api/v1/legal/public/articles?placeId=${t.places.jinxiuEstate.id}&q=滴水点位`,
    );
    expect(publicList.body.items.map((a: { id: string }) => a.id)).toContain(made.body.id);
    // Another community's residents do not get it.
    const elsewhere = await publicCall(
      'GET',
      `/api/v1/legal/public/articles?placeId=${t.places.yujiaEstate.id}&q=滴水点位`,
    );
    expect(elsewhere.body.items).toHaveLength(0);
    await shequ.patch(`/api/v1/legal/articles/${made.body.id}`, { published: false });
    expect((await publicCall('GET', `/api/v1/legal/public/articles/${made.body.id}`)).status).toBe(404);
  });
});
