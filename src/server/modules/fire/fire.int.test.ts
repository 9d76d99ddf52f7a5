import { and, eq, like, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAZARD_TRANSITIONS, type HazardAction, type HazardStatus } from '../../../shared/fire.js';
import { auditLog, fireHazards, notifications, people, users } from '../../db/schema.js';
import { rows } from '../../db/sql.js';
import type { Agent, TestApp } from '../../test/harness.js';
import { startTestApp } from '../../test/harness.js';

let t: TestApp;
let shequ: Agent;
let baoan: Agent;
let wangge: Agent;
let nanhuaGuard: Agent;

/** A 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
).toString('base64');

async function loginAll() {
  [shequ, baoan, wangge] = await Promise.all(['shequ', 'baoan', 'wangge'].map((u) => t.login(u)));
  nanhuaGuard = await t.login('nhbaoan', 'Nanhua12345');
}

/** Moves the test clock to an instant and signs everyone in again (sessions follow the clock). */
async function at(iso: string) {
  t.clock.advance(new Date(iso).getTime() - t.clock.now().getTime());
  await loginAll();
}

beforeAll(async () => {
  t = await startTestApp();
  const admin = await t.login('admin');
  const roles = (await admin.get('/api/v1/org/roles')).body.items;
  const guard = roles.find((r: { code: string }) => r.code === 'security_guard').id;
  const made = await admin.post('/api/v1/org/users', {
    username: 'nhbaoan',
    displayName: '南华保安',
    password: 'Nanhua12345',
    assignments: [{ roleId: guard, placeId: t.places.nanhuaEstate.id }],
  });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  await t.database.db.update(users).set({ mustChangePassword: false }).where(eq(users.username, 'nhbaoan'));
  await at('2026-11-23T02:00:00Z');
});
afterAll(() => t.close());

const jinxiu = () => t.places.jinxiuEstate;

async function newHazard(agent: Agent = baoan, body: Record<string, unknown> = {}) {
  const res = await agent.post('/api/v1/fire/hazards', {
    placeId: jinxiu().id,
    title: '3栋楼道堆放纸箱',
    location: '3栋1单元一楼',
    source: 'patrol',
    photos: [{ name: 'before.png', data: PNG }],
    ...body,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}
const act = (id: string, body: Record<string, unknown>, agent: Agent = baoan) =>
  agent.post(`/api/v1/fire/hazards/${id}/actions`, body);

function bodyFor(action: HazardAction): Record<string, unknown> {
  switch (action) {
    case 'assign':
      return { action, responsible: '物业公司', deadline: '2026-11-30' };
    case 'fail':
      return { action, deadline: '2026-12-05', note: '仍有杂物' };
    default:
      return { action, note: '已处理' };
  }
}

async function drive(id: string, to: HazardStatus) {
  const path: Record<HazardStatus, HazardAction[]> = {
    found: [],
    rectifying: ['assign'],
    rechecking: ['assign', 'submit'],
    closed: ['assign', 'submit', 'pass'],
  };
  for (const a of path[to]) {
    const res = await act(id, bodyFor(a));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  }
}

describe('hazard workflow', () => {
  it('goes 发现 → 整改 → 复查 → 销号 with steps, photos and audit', async () => {
    const id = await newHazard();
    let h = (await shequ.get(`/api/v1/fire/hazards/${id}`)).body;
    expect(h).toMatchObject({
      status: 'found',
      allowed: ['assign'],
      source: 'patrol',
      reporterName: expect.any(String),
    });
    expect(h.photos).toHaveLength(1);
    expect(h.photos[0].stage).toBe('before');
    const photo = await shequ.get(h.photos[0].url);
    expect(photo.status).toBe(200);

    expect(
      (await act(id, { action: 'assign', responsible: '锦绣物业', deadline: '2026-11-28' })).body,
    ).toEqual({
      status: 'rectifying',
    });
    const submit = await act(id, {
      action: 'submit',
      note: '纸箱已清走',
      photos: [{ name: 'after.png', data: PNG }],
    });
    expect(submit.body).toEqual({ status: 'rechecking' });
    expect((await act(id, { action: 'pass', note: '复查合格' }, shequ)).body).toEqual({ status: 'closed' });

    h = (await shequ.get(`/api/v1/fire/hazards/${id}`)).body;
    expect(h).toMatchObject({
      status: 'closed',
      responsible: '锦绣物业',
      deadline: '2026-11-28',
      rectifyNote: '纸箱已清走',
      recheckCount: 1,
      allowed: [],
    });
    expect(h.closedAt).not.toBeNull();
    expect(h.photos.map((p: { stage: string }) => p.stage).sort()).toEqual(['after', 'before']);
    expect(h.steps.map((s: { action: string }) => s.action)).toEqual(['create', 'assign', 'submit', 'pass']);
    const audited = await t.database.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(eq(auditLog.targetId, id));
    expect(audited.map((a) => a.action).sort()).toEqual(
      ['fire.hazard.assign', 'fire.hazard.create', 'fire.hazard.pass', 'fire.hazard.submit'].sort(),
    );
  });

  it('a failed re-check goes back to 整改 with the new deadline', async () => {
    const id = await newHazard();
    await drive(id, 'rechecking');
    const fail = await act(id, { action: 'fail', deadline: '2026-12-10', note: '楼道仍有电动车' }, shequ);
    expect(fail.body).toEqual({ status: 'rectifying' });
    const h = (await shequ.get(`/api/v1/fire/hazards/${id}`)).body;
    expect(h).toMatchObject({
      status: 'rectifying',
      deadline: '2026-12-10',
      responsible: '物业公司',
      recheckCount: 1,
    });
    // A failed re-check needs a reason and a new deadline.
    await act(id, { action: 'submit', note: '再次清理' });
    const noDeadline = await act(id, { action: 'fail', note: '不行' });
    expect(noDeadline.status).toBe(400);
    expect(noDeadline.body.error.fields.deadline).toBeTruthy();
  });

  it('answers every illegal step with 409 and the allowed next steps', async () => {
    const statuses = Object.keys(HAZARD_TRANSITIONS) as HazardStatus[];
    const actions: HazardAction[] = ['assign', 'submit', 'pass', 'fail'];
    for (const s of statuses) {
      const id = await newHazard();
      await drive(id, s);
      for (const a of actions) {
        if (HAZARD_TRANSITIONS[s].includes(a)) continue;
        const res = await act(id, bodyFor(a));
        expect(res.status, `${s} ${a}`).toBe(409);
        expect(res.body.error.code).toBe('ILLEGAL_TRANSITION');
        expect(res.body.error.fields.allowed).toBe(HAZARD_TRANSITIONS[s].join(','));
        expect(res.body.error.message).toContain('不能');
      }
    }
  });

  it('refuses a deadline in the past and a read-only caller', async () => {
    // A hazard in a building of the first grid: inside the grid worker's scope.
    const building = t.places.all.find(
      (p) => p.kind === 'building' && p.path.startsWith(t.places.jinxiuGrid1.path),
    )!;
    const id = await newHazard(baoan, { placeId: building.id });
    const past = await act(id, { action: 'assign', responsible: '物业', deadline: '2026-11-01' });
    expect(past.status).toBe(400);
    // A grid worker reads hazards but does not manage them.
    expect((await wangge.get(`/api/v1/fire/hazards/${id}`)).status).toBe(200);
    expect((await act(id, bodyFor('assign'), wangge)).status).toBe(403);
  });

  it('a failed checklist item opens a hazard in the same step', async () => {
    const list = (await baoan.get(`/api/v1/fire/checklist?placeId=${jinxiu().id}`)).body;
    expect(list.custom).toBe(false);
    const items = list.items.map((c: { code: string }) =>
      c.code === 'ebike'
        ? {
            code: c.code,
            passed: false,
            note: '5栋一楼有电动车充电',
            openHazard: true,
            responsible: '5栋楼栋长',
            deadline: '2026-11-26',
          }
        : { code: c.code, passed: true },
    );
    const res = await baoan.post('/api/v1/fire/inspections', {
      placeId: jinxiu().id,
      items,
      note: '月度检查',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.hazardIds).toHaveLength(1);
    const h = (await shequ.get(`/api/v1/fire/hazards/${res.body.hazardIds[0]}`)).body;
    expect(h).toMatchObject({
      status: 'rectifying',
      source: 'inspection',
      sourceInspectionId: res.body.id,
      sourceItem: 'ebike',
      deadline: '2026-11-26',
    });
    const detail = (await shequ.get(`/api/v1/fire/inspections/${res.body.id}`)).body;
    expect(detail).toMatchObject({ month: '2026-11', failedCount: 1, inspectorName: expect.any(String) });
    expect(detail.items.find((i: { code: string }) => i.code === 'ebike').hazardId).toBe(h.id);

    // An incomplete checklist is refused, naming the item left out.
    const partial = await baoan.post('/api/v1/fire/inspections', {
      placeId: jinxiu().id,
      items: items.slice(1),
    });
    expect(partial.status).toBe(400);
    expect(partial.body.error.message).toContain('请填写检查项');
  });

  it('keeps a hazard from a grid event with the event id', async () => {
    const [e] = await rows<{ id: string }>(
      t.database.db,
      sql`select id from events where place_path like ${`${jinxiu().path}%`} limit 1`,
    );
    expect(e).toBeTruthy();
    const id = await newHazard(shequ, { source: 'event', sourceEventId: e.id, photos: [] });
    expect((await shequ.get(`/api/v1/fire/hazards/${id}`)).body).toMatchObject({
      source: 'event',
      sourceEventId: e.id,
    });
  });
});

describe('overdue escalation', () => {
  it('escalates rectification past its deadline once, to fire.manage holders at the community', async () => {
    await at('2026-11-23T02:00:00Z');
    const id = await newHazard(baoan, { title: '消防通道被占用' });
    await act(id, { action: 'assign', responsible: '物业公司', deadline: '2026-11-25' });
    const onTime = await newHazard(baoan, { title: '灭火器缺失' });
    await act(onTime, { action: 'assign', responsible: '物业公司', deadline: '2026-12-20' });
    const fire = t.app.services.fire;

    // The deadline day itself is not overdue (Asia/Shanghai).
    await at('2026-11-25T15:00:00Z'); // 23:00 in Shanghai
    await fire.hazards.escalateOverdue();
    expect((await shequ.get(`/api/v1/fire/hazards/${id}`)).body.escalated).toBe(false);

    await at('2026-11-25T16:30:00Z'); // 00:30 on the 26th
    const first = await fire.hazards.escalateOverdue();
    expect(first.escalated).toBeGreaterThanOrEqual(1);
    const h = (await shequ.get(`/api/v1/fire/hazards/${id}`)).body;
    expect(h).toMatchObject({ escalated: true, overdue: true });
    expect(h.steps.at(-1).action).toBe('escalate');
    expect((await shequ.get(`/api/v1/fire/hazards/${onTime}`)).body.escalated).toBe(false);

    const [shequUser] = await t.database.db.select().from(users).where(eq(users.username, 'shequ'));
    const told = await t.database.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.targetId, id), eq(notifications.kind, 'fire.hazard.overdue')));
    expect(told.map((n) => n.userId)).toContain(shequUser.id);
    // The guard (fire.manage at the estate, not the community) is not the one escalated to.
    const [baoanUser] = await t.database.db.select().from(users).where(eq(users.username, 'baoan'));
    expect(told.map((n) => n.userId)).not.toContain(baoanUser.id);

    // Once only.
    await fire.hazards.escalateOverdue();
    const again = await t.database.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.targetId, id), eq(notifications.kind, 'fire.hazard.overdue')));
    expect(again).toHaveLength(told.length);

    const overdue = (await shequ.get('/api/v1/fire/hazards?overdue=true&pageSize=200')).body.items;
    expect(overdue.map((x: { id: string }) => x.id)).toContain(id);
    expect(overdue.map((x: { id: string }) => x.id)).not.toContain(onTime);

    // A failed re-check sets a new deadline and clears the escalation.
    await act(id, { action: 'submit', note: '已清理' });
    await act(id, { action: 'fail', deadline: '2026-12-01', note: '又被占用' }, shequ);
    const [row] = await t.database.db.select().from(fireHazards).where(eq(fireHazards.id, id));
    expect(row.escalatedAt).toBeNull();
  });
});

describe('overdue escalation on the scheduler', () => {
  it('the daily job escalates an overdue hazard without anyone calling it', async () => {
    await at('2026-11-25T16:30:00Z'); // 00:30 on the 26th in Shanghai
    const id = await newHazard(baoan, { title: '安全出口上锁' });
    await act(id, { action: 'assign', responsible: '物业公司', deadline: '2026-11-26' });
    await at('2026-11-27T16:30:00Z'); // 00:30 on the 28th: two days late, past the 00:20 run
    const jobs = t.app.services.jobs;
    for (let i = 0; i < 20 && (await jobs.runDue(50)) > 0; i++);
    const h = (await shequ.get(`/api/v1/fire/hazards/${id}`)).body;
    expect(h).toMatchObject({ escalated: true, overdue: true });
  });
});

describe('equipment', () => {
  it('lists expiring (within 30 days) and expired equipment on Shanghai today', async () => {
    await at('2026-11-23T02:00:00Z');
    const add = async (expiresOn: string | null, kind = 'extinguisher') => {
      const res = await baoan.post('/api/v1/fire/equipment', {
        placeId: jinxiu().id,
        kind,
        location: `测试位置 ${expiresOn}`,
        quantity: 2,
        installedOn: '2020-01-01',
        expiresOn,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body.id as string;
    };
    const expired = await add('2026-11-22');
    const today = await add('2026-11-23');
    const soon = await add('2026-12-23');
    const later = await add('2026-12-24');
    const none = await add(null, 'hydrant');

    const ids = async (expiry: string) =>
      (
        await shequ.get(`/api/v1/fire/equipment?expiry=${expiry}&placeId=${jinxiu().id}&pageSize=200`)
      ).body.items.map((i: { id: string }) => i.id);
    const expiring = await ids('expiring');
    expect(expiring).toEqual(expect.arrayContaining([today, soon]));
    expect(expiring).not.toContain(expired);
    expect(expiring).not.toContain(later);
    expect(expiring).not.toContain(none);
    const past = await ids('expired');
    expect(past).toContain(expired);
    expect(past).not.toContain(today);

    const all = (await shequ.get(`/api/v1/fire/equipment?placeId=${jinxiu().id}&pageSize=200`)).body.items;
    const byId = new Map(all.map((i: { id: string }) => [i.id, i]));
    expect(byId.get(expired)).toMatchObject({ expiry: 'expired', daysLeft: -1 });
    expect(byId.get(soon)).toMatchObject({ expiry: 'expiring', daysLeft: 30 });
    expect(byId.get(later)).toMatchObject({ expiry: 'ok' });
    expect(byId.get(none)).toMatchObject({ expiry: 'none', daysLeft: null });

    // A change of status leaves the rest as it was.
    await baoan.patch(`/api/v1/fire/equipment/${later}`, { status: 'faulty' });
    const changed = (
      await shequ.get(`/api/v1/fire/equipment?placeId=${jinxiu().id}&pageSize=200`)
    ).body.items.find((i: { id: string }) => i.id === later);
    expect(changed).toMatchObject({
      status: 'faulty',
      quantity: 2,
      expiresOn: '2026-12-24',
      installedOn: '2020-01-01',
    });

    // A retired item is no longer listed as expiring.
    await baoan.patch(`/api/v1/fire/equipment/${soon}`, { status: 'retired' });
    expect(await ids('expiring')).not.toContain(soon);

    const bad = await baoan.post('/api/v1/fire/equipment', {
      placeId: jinxiu().id,
      kind: 'extinguisher',
      installedOn: '2026-01-01',
      expiresOn: '2025-01-01',
    });
    expect(bad.status).toBe(400);
    // Equipment must be in an estate: a community is refused.
    const community = await shequ.post('/api/v1/fire/equipment', {
      placeId: t.places.jinxiuCommunity.id,
      kind: 'extinguisher',
    });
    expect(community.status).toBe(400);
  });
});

describe('monthly inspections', () => {
  it('lists the estates without an inspection this month (Asia/Shanghai)', async () => {
    // 2026-11-30T16:30Z is already December in Shanghai.
    await at('2026-11-30T16:30:00Z');
    const jiedao = await t.login('jiedao');
    const missing = async () =>
      (await jiedao.get('/api/v1/fire/inspections/missing')).body as {
        month: string;
        items: { id: string }[];
      };
    let m = await missing();
    expect(m.month).toBe('2026-12');
    expect(m.items.map((e) => e.id)).toContain(jinxiu().id);
    expect(m.items.map((e) => e.id)).toContain(t.places.nanhuaEstate.id);

    const list = (await baoan.get(`/api/v1/fire/checklist?placeId=${jinxiu().id}`)).body;
    const res = await baoan.post('/api/v1/fire/inspections', {
      placeId: jinxiu().id,
      items: list.items.map((c: { code: string }) => ({ code: c.code, passed: true })),
    });
    expect(res.status).toBe(201);
    m = await missing();
    expect(m.items.map((e) => e.id)).not.toContain(jinxiu().id);
    expect(m.items.map((e) => e.id)).toContain(t.places.nanhuaEstate.id);
    const jx = (await jiedao.get('/api/v1/fire/inspections/missing?month=2026-11')).body.items;
    expect(jx.map((e: { id: string }) => e.id)).not.toContain(jinxiu().id);
    // The guard of 锦绣春天 sees only his estate.
    const own = (await baoan.get('/api/v1/fire/inspections/missing')).body.items;
    expect(own).toEqual([]);
  });

  it('uses an estate’s own checklist once set', async () => {
    const put = await shequ.put(`/api/v1/fire/estates/${jinxiu().id}/checklist`, {
      items: [
        { code: 'passage', label: '消防通道畅通' },
        { code: 'roof', label: '屋顶平台门可从内开启' },
      ],
    });
    expect(put.status).toBe(200);
    const list = (await baoan.get(`/api/v1/fire/checklist?placeId=${jinxiu().id}`)).body;
    expect(list).toMatchObject({ custom: true, items: [{ code: 'passage' }, { code: 'roof' }] });
    const dup = await shequ.put(`/api/v1/fire/estates/${jinxiu().id}/checklist`, {
      items: [
        { code: 'a', label: '一' },
        { code: 'a', label: '二' },
      ],
    });
    expect(dup.status).toBe(400);
  });
});

describe('plans, drills and the brigade', () => {
  it('keeps contacts’ phones encrypted and masked; reveal is audited', async () => {
    const res = await shequ.post('/api/v1/fire/plans', {
      placeId: jinxiu().id,
      title: '锦绣春天小区火灾事故应急预案',
      content: '一、组织机构……',
      revisedOn: '2026-03-01',
      contacts: [{ name: '王立新', role: 'commander', phone: '13800001111' }],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const plan = (await baoan.get(`/api/v1/fire/plans/${res.body.id}`)).body;
    expect(plan.contacts[0]).toMatchObject({ name: '王立新', phoneMasked: '138****1111' });
    expect(JSON.stringify(plan)).not.toContain('13800001111');
    const stored = await rows<{ phone_enc: string }>(
      t.database.db,
      sql`select phone_enc from fire_plan_contacts where plan_id = ${res.body.id}`,
    );
    expect(stored[0].phone_enc).not.toContain('13800001111');

    const url = `/api/v1/fire/plans/${res.body.id}/contacts/${plan.contacts[0].id}/reveal`;
    expect((await baoan.post(url, { reason: '演练联络' })).status).toBe(403);
    const shown = await shequ.post(url, { reason: '演练联络' });
    expect(shown.body).toEqual({ value: '13800001111' });
    const [entry] = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'pii.reveal'), eq(auditLog.targetId, plan.contacts[0].id)));
    expect(entry).toBeTruthy();

    // Renaming the plan keeps its contacts.
    expect(
      (await shequ.patch(`/api/v1/fire/plans/${res.body.id}`, { title: '锦绣春天火灾应急预案（修订）' }))
        .status,
    ).toBe(200);
    const renamed = (await shequ.get(`/api/v1/fire/plans/${res.body.id}`)).body;
    expect(renamed).toMatchObject({ title: '锦绣春天火灾应急预案（修订）', contactCount: 1 });

    // A drill exercising the plan, with attendance.
    const drill = await baoan.post('/api/v1/fire/drills', {
      placeId: jinxiu().id,
      kind: 'drill',
      title: '高层住宅疏散演练',
      heldOn: '2026-11-20',
      organiser: '锦绣物业',
      attendees: ['张三', '李四'],
      attendance: 46,
      planId: res.body.id,
    });
    expect(drill.status, JSON.stringify(drill.body)).toBe(201);
    const after = (await shequ.get(`/api/v1/fire/plans/${res.body.id}`)).body;
    expect(after).toMatchObject({ drillCount: 1, lastDrillOn: '2026-11-20' });
    expect(after.drills[0].id).toBe(drill.body.id);
    const future = await baoan.post('/api/v1/fire/drills', {
      placeId: jinxiu().id,
      kind: 'training',
      title: '灭火器使用培训',
      heldOn: '2027-01-01',
      organiser: '社区',
    });
    expect(future.status).toBe(400);
  });

  it('takes brigade members from the estate’s registry only', async () => {
    const [p] = await t.database.db
      .select({ id: people.id, name: people.name })
      .from(people)
      .where(
        and(
          like(people.placePath, `${jinxiu().path}%`),
          sql`${people.id} not in (select person_id from fire_brigade_members)`,
        ),
      )
      .limit(1);
    const added = await baoan.post('/api/v1/fire/brigade', {
      placeId: jinxiu().id,
      personId: p.id,
      duty: '队长',
    });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    expect((await baoan.post('/api/v1/fire/brigade', { placeId: jinxiu().id, personId: p.id })).status).toBe(
      409,
    );
    const list = (await shequ.get(`/api/v1/fire/brigade?placeId=${jinxiu().id}`)).body.items;
    expect(list.find((m: { personId: string }) => m.personId === p.id)).toMatchObject({
      name: p.name,
      duty: '队长',
    });
    const [stranger] = await t.database.db
      .select({ id: people.id })
      .from(people)
      .where(like(people.placePath, `${t.places.nanhuaEstate.path}%`))
      .limit(1);
    if (stranger) {
      const res = await baoan.post('/api/v1/fire/brigade', { placeId: jinxiu().id, personId: stranger.id });
      expect(res.status).toBe(400);
    }
  });
});

describe('scope', () => {
  it('a guard of another estate gets 404 for 锦绣春天’s records and sees none in lists', async () => {
    await at('2026-11-23T02:00:00Z');
    const id = await newHazard();
    const eq1 = await baoan.post('/api/v1/fire/equipment', { placeId: jinxiu().id, kind: 'hydrant' });
    expect((await nanhuaGuard.get(`/api/v1/fire/hazards/${id}`)).status).toBe(404);
    expect((await nanhuaGuard.post(`/api/v1/fire/hazards/${id}/actions`, bodyFor('assign'))).status).toBe(
      404,
    );
    expect((await nanhuaGuard.patch(`/api/v1/fire/equipment/${eq1.body.id}`, { quantity: 3 })).status).toBe(
      404,
    );
    expect(
      (await nanhuaGuard.post('/api/v1/fire/hazards', { placeId: jinxiu().id, title: 'x' })).status,
    ).toBe(404);
    const list = (await nanhuaGuard.get('/api/v1/fire/hazards?pageSize=200')).body.items;
    expect(list.map((h: { id: string }) => h.id)).not.toContain(id);
    const mine = await newHazard(nanhuaGuard, { placeId: t.places.nanhuaEstate.id, photos: [] });
    expect((await baoan.get(`/api/v1/fire/hazards/${mine}`)).status).toBe(404);
    expect((await shequ.get(`/api/v1/fire/hazards/${mine}`)).status).toBe(404);
  });
});

describe('demo data', () => {
  it('holds equipment due and past due, six months of inspections (南华 missing the last), hazards in every state', async () => {
    const q = <T>(s: ReturnType<typeof sql>) => rows<T>(t.database.db, s);
    const [equipment] = await q<{ n: number }>(
      sql`select count(*)::int as n from fire_equipment where is_demo`,
    );
    expect(equipment.n).toBeGreaterThan(40);
    // Relative to the day the demo was loaded: some expired, some within 30 days.
    const [due] = await q<{ expired: number; expiring: number }>(
      sql`select count(*) filter (where expires_on < current_date)::int as expired,
                 count(*) filter (where expires_on >= current_date and expires_on <= current_date + 30)::int as expiring
          from fire_equipment where is_demo`,
    );
    expect(due.expired).toBeGreaterThan(0);
    expect(due.expiring).toBeGreaterThan(0);
    const months = await q<{ estate_id: string; n: number }>(
      sql`select estate_id, count(distinct month)::int as n from fire_inspections where is_demo group by estate_id`,
    );
    const byEstate = new Map(months.map((m) => [m.estate_id, m.n]));
    expect(byEstate.get(t.places.jinxiuEstate.id)).toBe(6);
    expect(byEstate.get(t.places.nanhuaEstate.id)).toBe(5);
    const states = await q<{ status: string; escalated: boolean }>(
      sql`select distinct status, escalated_at is not null as escalated from fire_hazards where is_demo`,
    );
    expect(new Set(states.map((s) => s.status))).toEqual(
      new Set(['found', 'rectifying', 'rechecking', 'closed']),
    );
    expect(states.some((s) => s.escalated)).toBe(true);
    const [drill] = await q<{ attendance: number; plan_id: string | null }>(
      sql`select attendance, plan_id from fire_drills where is_demo and kind = 'drill'`,
    );
    expect(drill.attendance).toBeGreaterThan(0);
    expect(drill.plan_id).not.toBeNull();
    const contacts = await q<{ phone_masked: string }>(sql`select phone_masked from fire_plan_contacts`);
    expect(contacts.length).toBeGreaterThan(0);
    expect(contacts.every((c) => c.phone_masked.includes('****'))).toBe(true);
  });
});
