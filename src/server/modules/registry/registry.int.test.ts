import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoPlace } from '../../../../demo/org.js';
import { auditLog } from '../../db/schema.js';
import { makeCitizenId } from '../../platform/pii/index.js';
import type { Agent } from '../../test/harness.js';
import { startTestApp, type TestApp } from '../../test/harness.js';

let t: TestApp;
let shequ: Agent;
let wangge: Agent;
let wangge2: Agent;
let minjing: Agent;
let units1: DemoPlace[];
let units2: DemoPlace[];

beforeAll(async () => {
  t = await startTestApp();
  [shequ, wangge, wangge2, minjing] = await Promise.all(
    ['shequ', 'wangge', 'wangge2', 'minjing'].map((u) => t.login(u)),
  );
  const unitsUnder = (grid: DemoPlace) =>
    t.places.all.filter((p) => p.kind === 'unit' && p.path.startsWith(grid.path));
  units1 = unitsUnder(t.places.jinxiuGrid1);
  units2 = unitsUnder(t.places.jinxiuGrid2);
});
afterAll(() => t.close());

let seq = 0;
/** A house on a fresh floor high above the demo's, so numbers never clash. */
async function house(unit: DemoPlace, body: Record<string, unknown> = {}) {
  seq += 1;
  const res = await shequ.post('/api/v1/registry/houses', {
    unitId: unit.id,
    floor: 80,
    number: `80${String(seq).padStart(2, '0')}`,
    area: '98.76',
    ...body,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}

let idSeq = 500;
function citizenId(birth = '1986-04-12') {
  idSeq += 2;
  return makeCitizenId('500231', birth, idSeq);
}
let phoneSeq = 0;
const phone = () => `1990003${String(++phoneSeq).padStart(4, '0')}`;

async function person(houseId: string, body: Record<string, unknown> = {}) {
  const res = await shequ.post('/api/v1/registry/people', {
    name: '测试居民',
    populationType: 'registered',
    residence: { houseId, relation: 'head', moveIn: '2021-05-01' },
    ...body,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}

describe('people and search', () => {
  it('finds a person by name, pinyin, initials, ID tail, phone and a Chinese address', async () => {
    const houseId = await house(units1[0]);
    const id = citizenId();
    const tel = phone();
    const pid = await person(houseId, { name: '欧阳晓冬', idNumber: id, phone: tel });
    const card = (await shequ.get(`/api/v1/registry/houses/${houseId}`)).body;
    const [b, u, n] = card.house.address
      .split(' ')
      .pop()
      .match(/^(\d+)栋(\d+)单元(\w+)$/)
      .slice(1);
    const queries = [
      '欧阳',
      '晓冬',
      'ouyangxiaodong',
      'oyxd',
      id.slice(-4),
      id.slice(-8),
      tel,
      `${b}栋${u}单元${n}`,
      `${b}-${u}-${n}`,
    ];
    for (const q of queries) {
      const res = await shequ.get(
        `/api/v1/registry/people?q=${encodeURIComponent(q)}&placeId=${t.places.jinxiuEstate.id}`,
      );
      expect(res.status).toBe(200);
      expect(
        res.body.items.map((p: { id: string }) => p.id),
        `search “${q}”`,
      ).toContain(pid);
    }
    const hit = (await shequ.get(`/api/v1/registry/people?q=${tel}`)).body.items[0];
    // Masked on the list; the birth date and gender come from the ID.
    expect(hit.idMasked).toBe(`${id.slice(0, 6)}********${id.slice(-4)}`);
    expect(hit.phoneMasked).toBe(`${tel.slice(0, 3)}****${tel.slice(-4)}`);
    expect(hit.birthDate).toBe('1986-04-12');
    expect(JSON.stringify(hit)).not.toContain(id);
    expect(JSON.stringify(hit)).not.toContain(tel);
  });

  it('a page past the end is empty but still carries the count', async () => {
    const houseId = await house(units1[1]);
    await person(houseId, { name: '翻页甲' });
    await person(houseId, { name: '翻页乙' });
    const page = (n: number) =>
      shequ.get(`/api/v1/registry/people?q=${encodeURIComponent('翻页')}&pageSize=1&page=${n}`);
    const first = (await page(1)).body;
    expect(first).toMatchObject({ total: 2, capped: false, page: 1 });
    expect(first.items).toHaveLength(1);
    expect((await page(2)).body.items[0].name).toBe('翻页乙');
    expect((await page(3)).body).toMatchObject({ items: [], total: 2, capped: false });
    // 'f' starts both the pinyin (fanyejia) and the initials (fyj): each person still once.
    const f = (await shequ.get(`/api/v1/registry/people?q=f&placeId=${units1[1].id}&pageSize=200`)).body;
    const ids = f.items.map((p: { id: string }) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(f.total).toBe(ids.length);
    expect(f.items.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['翻页甲', '翻页乙']),
    );
    const houses = (n: number) =>
      shequ.get(`/api/v1/registry/houses?placeId=${units1[1].id}&pageSize=1&page=${n}`);
    const total = (await houses(1)).body.total;
    expect(total).toBeGreaterThanOrEqual(1);
    expect((await houses(total + 1)).body).toMatchObject({ items: [], total });
  });

  it('a wrong ID is refused with the field named; a duplicate ID is refused; nothing is written', async () => {
    const houseId = await house(units1[0]);
    const good = citizenId();
    const bad = `${good.slice(0, 17)}${good[17] === '0' ? '1' : '0'}`;
    const res = await shequ.post('/api/v1/registry/people', {
      name: '校验失败',
      idNumber: bad,
      populationType: 'registered',
      residence: { houseId, relation: 'head' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.fields.idNumber).toMatch(/校验/);
    await person(houseId, { idNumber: good });
    const dup = await shequ.post('/api/v1/registry/people', {
      name: '重复登记',
      idNumber: good.toLowerCase(),
      populationType: 'registered',
      placeId: t.places.jinxiuEstate.id,
    });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('PERSON_EXISTS');
    const card = (await shequ.get(`/api/v1/registry/houses/${houseId}`)).body;
    expect(card.residents).toHaveLength(1);
  });

  it('a grid worker sees their grid’s people; the neighbouring grid’s worker gets 404', async () => {
    const pid = await person(await house(units1[1]), { name: '网格一住户' });
    expect((await wangge.get(`/api/v1/registry/people/${pid}`)).status).toBe(200);
    const other = await wangge2.get(`/api/v1/registry/people/${pid}`);
    expect(other.status).toBe(404);
    expect(other.body.error.code).toBe('NOT_FOUND');
    const list1 = await wangge.get('/api/v1/registry/people?q=网格一住户');
    expect(list1.body.items.map((p: { id: string }) => p.id)).toContain(pid);
    const list2 = await wangge2.get('/api/v1/registry/people?q=网格一住户');
    expect(list2.body.items).toEqual([]);
    expect((await wangge2.get(`/api/v1/registry/people?placeId=${t.places.jinxiuGrid1.id}`)).status).toBe(
      404,
    );
    expect((await wangge2.patch(`/api/v1/registry/people/${pid}`, { note: 'x' })).status).toBe(404);
  });

  it('moving out keeps the stay in the history of the house and of the person', async () => {
    const houseId = await house(units1[0]);
    const pid = await person(houseId, { name: '搬走的人' });
    const before = (await shequ.get(`/api/v1/registry/people/${pid}`)).body;
    const stayId = before.residencies[0].id;
    expect(
      (await shequ.post(`/api/v1/registry/residencies/${stayId}/move-out`, { moveOut: '2020-01-01' })).status,
    ).toBe(400);
    expect(
      (await shequ.post(`/api/v1/registry/residencies/${stayId}/move-out`, { moveOut: '2026-06-30' })).status,
    ).toBe(200);
    const card = (await shequ.get(`/api/v1/registry/houses/${houseId}`)).body;
    expect(card.residents).toEqual([]);
    expect(card.former.map((s: { person: { id: string } }) => s.person.id)).toEqual([pid]);
    expect(card.history.map((h: { action: string }) => h.action)).toEqual(
      expect.arrayContaining(['residency.move_out', 'residency.move_in', 'house.create']),
    );
    const after = (await shequ.get(`/api/v1/registry/people/${pid}`)).body;
    expect(after.houseId).toBeNull();
    expect(after.residencies).toEqual([
      expect.objectContaining({ id: stayId, moveIn: '2021-05-01', moveOut: '2026-06-30' }),
    ]);
    // Moving into another house adds a stay; the old one stays as it was.
    const next = await house(units1[1]);
    expect(
      (await shequ.post(`/api/v1/registry/people/${pid}/move-in`, { houseId: next, relation: 'head' }))
        .status,
    ).toBe(200);
    const moved = (await shequ.get(`/api/v1/registry/people/${pid}`)).body;
    expect(moved.houseId).toBe(next);
    expect(moved.residencies).toHaveLength(2);
  });

  it('the full ID is shown only through the audited reveal, to those who may', async () => {
    const id = citizenId('1990-01-01');
    const pid = await person(await house(units1[0]), { idNumber: id });
    const denied = await wangge.post(`/api/v1/registry/people/${pid}/reveal`, {
      field: 'idNumber',
      reason: '核实',
    });
    expect(denied.status).toBe(403);
    const res = await shequ.post(`/api/v1/registry/people/${pid}/reveal`, {
      field: 'idNumber',
      reason: '核实租户身份',
    });
    expect(res.body.value).toBe(id);
    const trail = await t.database.db.select().from(auditLog);
    const entry = trail.find((e) => e.action === 'pii.reveal' && e.targetId === pid);
    expect(entry?.after).toEqual({ field: 'idNumber', reason: '核实租户身份' });
    expect(JSON.stringify(trail)).not.toContain(id);
  });
});

describe('special groups are seen only with registry.special', () => {
  let pid: string;
  let houseId: string;
  beforeAll(async () => {
    houseId = await house(units1[0]);
    pid = await person(houseId, { name: '特殊甲' });
    const res = await shequ.post('/api/v1/registry/special-cases', {
      personId: pid,
      group: 'correction',
      attention: 'high',
      details: { correctionKind: 'probation', correctionStart: '2026-01-01', correctionEnd: '2027-01-01' },
      responsibleName: '王磊',
      visitEveryDays: 7,
      startedOn: '2026-01-01',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  });

  it('lists, search, house card and stats show it to the community officer and the police', async () => {
    for (const a of [shequ, minjing]) {
      const hit = (await a.get('/api/v1/registry/people?q=特殊甲')).body.items[0];
      expect(hit.specialGroups).toEqual(['correction']);
      const filtered = (await a.get('/api/v1/registry/people?special=correction&pageSize=200')).body.items;
      expect(filtered.map((p: { id: string }) => p.id)).toContain(pid);
      const card = (await a.get(`/api/v1/registry/houses/${houseId}`)).body;
      expect(card.residents[0].person.specialGroups).toEqual(['correction']);
      const stats = (await a.get(`/api/v1/registry/stats?placeId=${t.places.jinxiuEstate.id}`)).body;
      expect(stats.special.correction).toBeGreaterThanOrEqual(1);
    }
  });

  it('the grid worker sees the person but not the group: not in lists, search, cards, counts or filters', async () => {
    const hit = (await wangge.get('/api/v1/registry/people?q=特殊甲')).body.items[0];
    expect(hit.id).toBe(pid);
    expect(hit).not.toHaveProperty('specialGroups');
    expect((await wangge.get('/api/v1/registry/people?special=correction')).status).toBe(403);
    const card = (await wangge.get(`/api/v1/registry/houses/${houseId}`)).body;
    expect(card.residents[0].person).not.toHaveProperty('specialGroups');
    const detail = (await wangge.get(`/api/v1/registry/people/${pid}`)).body;
    expect(detail.cases).toEqual([]);
    expect(JSON.stringify(detail)).not.toMatch(/correction|矫正/);
    const stats = (await wangge.get('/api/v1/registry/stats')).body;
    expect(stats).not.toHaveProperty('special');
    expect((await wangge.get('/api/v1/registry/special-cases')).status).toBe(403);
  });

  it('category fields are checked against the group', async () => {
    const res = await shequ.post('/api/v1/registry/special-cases', {
      personId: pid,
      group: 'mental',
      details: { riskLevel: 9 },
      responsibleName: '王磊',
      visitEveryDays: 7,
      startedOn: '2026-01-01',
    });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.error.fields)).toContain('details.riskLevel');
  });
});

describe('tenancies and floating people', () => {
  it('registering a tenancy moves tenants in, counts them as registered, and 退租 moves them out', async () => {
    const houseId = await house(units2[0]);
    const landlord = await person(houseId, { name: '房东乙' });
    const tenant = await shequ.post('/api/v1/registry/people', {
      name: '租客丙',
      populationType: 'floating',
      idNumber: citizenId('1995-07-07'),
      placeId: t.places.jinxiuGrid2.id,
    });
    expect(tenant.status).toBe(201);
    const unregistered = async () =>
      (
        await shequ.get(
          `/api/v1/registry/people/unregistered-floating?placeId=${t.places.jinxiuGrid2.id}&pageSize=200`,
        )
      ).body.items.map((p: { id: string }) => p.id);
    // Without a home here the person is not yet counted as living here at all.
    expect(await unregistered()).not.toContain(tenant.body.id);
    const before = (await shequ.get(`/api/v1/registry/stats?placeId=${t.places.jinxiuGrid2.id}`)).body;
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const soon = new Date(Date.now() + 8 * 3_600_000 + 10 * 86_400_000).toISOString().slice(0, 10);
    const res = await wangge2.post('/api/v1/registry/tenancies', {
      houseId,
      landlordId: landlord,
      landlordName: '房东乙',
      tenantIds: [tenant.body.id],
      startDate: '2026-01-01',
      endDate: soon,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const card = (await shequ.get(`/api/v1/registry/houses/${houseId}`)).body;
    expect(card.house.use).toBe('rent');
    expect(card.residents.map((r: { relation: string }) => r.relation).sort()).toEqual(['head', 'tenant']);
    expect(card.tenancies[0].status).toBe('ending');
    const gridCell = async () =>
      (await shequ.get(`/api/v1/registry/buildings/${units2[0].parentId}/grid`)).body.houses.find(
        (h: { id: string }) => h.id === houseId,
      );
    expect(await gridCell()).toMatchObject({
      unitId: units2[0].id,
      area: '98.76',
      use: 'rent',
      residentCount: 2,
      rented: true,
      care: false,
    });
    expect(await unregistered()).not.toContain(tenant.body.id);
    const after = (await shequ.get(`/api/v1/registry/stats?placeId=${t.places.jinxiuGrid2.id}`)).body;
    expect(after.floating).toBe(before.floating + 1);
    expect(after.floatingRegistered).toBe(before.floatingRegistered + 1);
    const ending = (await shequ.get('/api/v1/registry/tenancies?status=ending&pageSize=200')).body.items;
    expect(ending.map((x: { id: string }) => x.id)).toContain(res.body.id);

    expect(
      (await wangge2.post(`/api/v1/registry/tenancies/${res.body.id}/end`, { endedOn: today })).status,
    ).toBe(200);
    const ended = (await shequ.get(`/api/v1/registry/houses/${houseId}`)).body;
    expect(ended.residents.map((r: { relation: string }) => r.relation)).toEqual(['head']);
    expect(ended.tenancies[0].status).toBe('ended');
    expect(await gridCell()).toMatchObject({ residentCount: 1, rented: false });
  });

  it('a floating resident without a tenancy in force is listed as unregistered', async () => {
    const houseId = await house(units2[1]);
    const pid = await person(houseId, {
      name: '未登记丁',
      populationType: 'floating',
      residence: { houseId, relation: 'lodger' },
    });
    const list = (await wangge2.get('/api/v1/registry/people/unregistered-floating?pageSize=200')).body;
    expect(list.items.map((p: { id: string }) => p.id)).toContain(pid);
  });
});

describe('houses', () => {
  it('co-owners’ shares must add up to 100 %, in exact decimals', async () => {
    const houseId = await house(units1[0]);
    const a = await person(houseId, { name: '共有甲' });
    const b = await person(houseId, { name: '共有乙', residence: { houseId, relation: 'spouse' } });
    const bad = await shequ.put(`/api/v1/registry/houses/${houseId}/owners`, {
      owners: [
        { personId: a, share: '33.33' },
        { personId: b, share: '66.66' },
      ],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('99.99%');
    const ok = await shequ.put(`/api/v1/registry/houses/${houseId}/owners`, {
      owners: [
        { personId: a, share: '33.34' },
        { personId: b, share: '66.66' },
      ],
    });
    expect(ok.status).toBe(200);
    const card = (await shequ.get(`/api/v1/registry/houses/${houseId}`)).body;
    expect(card.owners.map((o: { share: string }) => o.share)).toEqual(['66.66', '33.34']);
    expect(card.house.area).toBe('98.76');
  });

  it('the 楼盘表 lays a building out by floor, top first, with counts by use', async () => {
    const unit = units1[0];
    const buildingId = unit.parentId!;
    await house(unit, { floor: 81, number: '8101', use: 'vacant' });
    const grid = (await wangge.get(`/api/v1/registry/buildings/${buildingId}/grid`)).body;
    expect(grid.floors[0]).toBeGreaterThanOrEqual(81);
    expect(grid.floors).toEqual([...grid.floors].sort((x: number, y: number) => y - x));
    const cell = grid.houses.find((h: { number: string }) => h.number === '8101');
    expect(cell).toMatchObject({ floor: 81, use: 'vacant', residentCount: 0 });
    expect(grid.counts.houses).toBe(grid.houses.length);
    expect(Object.values(grid.counts.byUse as Record<string, number>).reduce((s, n) => s + n, 0)).toBe(
      grid.counts.houses,
    );
    expect((await wangge2.get(`/api/v1/registry/buildings/${buildingId}/grid`)).status).toBe(404);
  });

  it('a building moved to the other grid takes its houses and people along', async () => {
    const admin = await t.login('admin');
    const building = await admin.post('/api/v1/org/places', {
      parentId: t.places.jinxiuGrid1.id,
      kind: 'building',
      code: 'MV1',
      name: '99栋',
    });
    const unit = await admin.post('/api/v1/org/places', {
      parentId: building.body.id,
      kind: 'unit',
      code: 'U1',
      name: '1单元',
    });
    const houseId = await house({ id: unit.body.id } as DemoPlace);
    const pid = await person(houseId, { name: '随楼迁移' });
    expect((await wangge2.get(`/api/v1/registry/people/${pid}`)).status).toBe(404);
    expect(
      (await admin.post(`/api/v1/org/places/${building.body.id}/move`, { parentId: t.places.jinxiuGrid2.id }))
        .status,
    ).toBe(200);
    expect((await wangge2.get(`/api/v1/registry/people/${pid}`)).status).toBe(200);
    expect((await wangge2.get(`/api/v1/registry/houses/${houseId}`)).status).toBe(200);
    expect((await wangge.get(`/api/v1/registry/people/${pid}`)).status).toBe(404);
  });
});

describe('care groups', () => {
  it('visits move the next due date; overdue ones are listed', async () => {
    const pid = await person(await house(units1[0]), { name: '独居老人戊' });
    const res = await wangge.post('/api/v1/registry/care-cases', {
      personId: pid,
      group: 'elderly_alone',
      level: 3,
      responsibleName: '王磊',
      startedOn: '2025-01-01',
    });
    expect(res.status).toBe(201);
    const overdue = (await wangge.get('/api/v1/registry/care-cases?overdue=true&pageSize=200')).body.items;
    const row = overdue.find((c: { id: string }) => c.id === res.body.id);
    expect(row).toMatchObject({ visitEveryDays: 7, nextVisitDue: '2025-01-08' });
    expect(row.overdueDays).toBeGreaterThan(300);
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const v = await wangge.post(`/api/v1/registry/care-cases/${res.body.id}/visits`, {
      visitedOn: today,
      findings: '身体尚好，独自在家',
      help: '送米面油',
    });
    expect(v.status).toBe(201);
    const detail = (await wangge.get(`/api/v1/registry/care-cases/${res.body.id}`)).body;
    expect(detail.lastVisitOn).toBe(today);
    expect(detail.overdueDays).toBe(0);
    expect(detail.visits[0]).toMatchObject({
      findings: '身体尚好，独自在家',
      help: '送米面油',
      visitorName: '王磊',
    });
    const still = (await wangge.get('/api/v1/registry/care-cases?overdue=true&pageSize=200')).body.items;
    expect(still.map((c: { id: string }) => c.id)).not.toContain(res.body.id);
  });
});
