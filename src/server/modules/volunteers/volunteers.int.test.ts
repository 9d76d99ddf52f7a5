import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users, volunteerApplications } from '../../db/schema.js';
import type { Agent, TestApp } from '../../test/harness.js';
import { startTestApp } from '../../test/harness.js';

let t: TestApp;
let admin: Agent;
let shequ: Agent;
const V = '/api/v1/volunteers';

beforeAll(async () => {
  t = await startTestApp();
  t.clock.advance(new Date('2026-11-23T02:00:00Z').getTime() - t.clock.now().getTime());
  [admin, shequ] = await Promise.all([t.login('admin'), t.login('shequ')]);
});
afterAll(() => t?.close());

async function peopleOf(placePath: string, n: number) {
  const res = await t.database.db.execute(
    sql`select id, name from people where place_path like ${`${placePath}%`} order by id limit ${n}`,
  );
  return (res as unknown as { rows: { id: string; name: string }[] }).rows;
}

async function team(placeId = t.places.jinxiuEstate.id, name = '测试巡逻队') {
  const res = await admin.post(`${V}/teams`, { placeId, kind: 'patrol', name });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}

describe('teams, members and hours', () => {
  it('totals hours exactly per member, per month and per team', async () => {
    const id = await team();
    const [a, b] = await peopleOf(t.places.jinxiuEstate.path, 2);
    const ma = (await admin.post(`${V}/teams/${id}/members`, { personId: a.id, role: 'leader' })).body.id;
    const mb = (await admin.post(`${V}/teams/${id}/members`, { personId: b.id })).body.id;
    // The same person twice is refused.
    expect((await admin.post(`${V}/teams/${id}/members`, { personId: a.id })).status).toBe(409);
    const log = (memberIds: string[], servedOn: string, hours: number, points = 0) =>
      admin.post(`${V}/records`, { teamId: id, memberIds, servedOn, hours, points });
    expect((await log([ma, mb], '2026-10-05', 2.5, 5)).status).toBe(201);
    expect((await log([ma], '2026-10-12', 0.1, 1)).status).toBe(201);
    expect((await log([ma], '2026-10-19', 0.2, 1)).status).toBe(201);
    expect((await log([mb], '2026-11-02', 3.75)).status).toBe(201);
    // Bad input: more than a day, three decimals, the future, someone of another team.
    expect((await log([ma], '2026-11-02', 25)).status).toBe(400);
    expect((await log([ma], '2026-11-02', 1.234)).status).toBe(400);
    expect((await log([ma], '2026-12-30', 1)).status).toBe(400);
    const other = await team(t.places.jinxiuEstate.id, '别的队');
    const [c] = await peopleOf(t.places.jinxiuEstate.path, 3).then((r) => r.slice(2));
    const mc = (await admin.post(`${V}/teams/${other}/members`, { personId: c.id })).body.id;
    expect((await log([mc], '2026-11-02', 1)).status).toBe(400);

    const detail = await admin.get(`${V}/teams/${id}`);
    expect(detail.body.totalHours).toBe('9.05');
    expect(detail.body.leaderName).toBe(a.name);
    const byId = Object.fromEntries(detail.body.members.map((m: { id: string }) => [m.id, m]));
    expect(byId[ma]).toMatchObject({ totalHours: '2.80', totalPoints: 7, records: 3, role: 'leader' });
    expect(byId[mb]).toMatchObject({ totalHours: '6.25', totalPoints: 5, records: 2 });
    const member = await admin.get(`${V}/members/${ma}`);
    expect(member.body.totalHours).toBe('2.80');
    expect(member.body.byMonth).toEqual([{ month: '2026-10', hours: '2.80', points: 7 }]);

    const hours = await admin.get(`${V}/teams/${id}/hours?year=2026`);
    expect(hours.body.months[9]).toEqual({ month: '2026-10', hours: '5.30', records: 4, people: 2 });
    expect(hours.body.months[10]).toEqual({ month: '2026-11', hours: '3.75', records: 1, people: 1 });
    expect(hours.body.totalHours).toBe('9.05');
    const records = await admin.get(`${V}/records?teamId=${id}&from=2026-10-01&to=2026-10-31`);
    expect(records.body.total).toBe(4);
    expect(records.body.totalHours).toBe('5.30');

    // A new leader steps the old one down.
    expect((await admin.patch(`${V}/members/${mb}`, { role: 'leader' })).status).toBe(200);
    const after = await admin.get(`${V}/teams/${id}`);
    expect(
      after.body.members
        .filter((m: { role: string }) => m.role === 'leader')
        .map((m: { id: string }) => m.id),
    ).toEqual([mb]);
    // Leaving with records keeps the hours on file.
    expect((await admin.delete(`${V}/members/${ma}`)).status).toBe(200);
    expect((await admin.get(`${V}/teams/${id}`)).body.totalHours).toBe('9.05');
  });

  it('a team leader with only volunteers.read logs their own team, not another', async () => {
    const id = await team();
    const [p] = await peopleOf(t.places.jinxiuEstate.path, 4).then((r) => r.slice(3));
    const [z] = await t.database.db.select().from(users).where(eq(users.username, 'zhiyuan'));
    const m = (await admin.post(`${V}/teams/${id}/members`, { personId: p.id, userId: z.id, role: 'leader' }))
      .body.id;
    const zhiyuan = await t.login('zhiyuan');
    const body = { teamId: id, memberIds: [m], servedOn: '2026-11-20', hours: 2 };
    expect((await zhiyuan.post(`${V}/records`, body)).status).toBe(201);
    const other = await team(t.places.jinxiuEstate.id, '不是他带的队');
    expect((await zhiyuan.post(`${V}/records`, { ...body, teamId: other })).status).toBe(404);
    expect(
      (await zhiyuan.post(`${V}/teams`, { placeId: t.places.jinxiuEstate.id, kind: 'fire', name: 'x' }))
        .status,
    ).toBe(403);
  });

  it('shifts: a weekly slot or a dated one, not both', async () => {
    const id = await team();
    expect(
      (
        await admin.post(`${V}/teams/${id}/shifts`, {
          weekday: 2,
          startTime: '19:00',
          endTime: '21:00',
          title: '夜巡',
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await admin.post(`${V}/teams/${id}/shifts`, {
          date: '2026-12-01',
          startTime: '08:00',
          endTime: '10:00',
          title: '护学',
        })
      ).status,
    ).toBe(201);
    const both = await admin.post(`${V}/teams/${id}/shifts`, {
      weekday: 2,
      date: '2026-12-01',
      startTime: '08:00',
      endTime: '10:00',
      title: 'x',
    });
    expect(both.status).toBe(400);
    expect(
      (
        await admin.post(`${V}/teams/${id}/shifts`, {
          weekday: 2,
          startTime: '10:00',
          endTime: '08:00',
          title: 'x',
        })
      ).status,
    ).toBe(400);
    expect(
      (await admin.get(`${V}/teams/${id}`)).body.shifts.map((s: { title: string }) => s.title).sort(),
    ).toEqual(['夜巡', '护学'].sort());
  });
});

describe('public sign-up', () => {
  it('a resident signs up without login; a manager approves it into the team once', async () => {
    const id = await team(t.places.jinxiuEstate.id, '招募中的平安志愿者');
    const anon = t.anonymous();
    const page = await anon.get(`${V}/public/estates/${t.places.jinxiuEstate.id}`);
    expect(page.status).toBe(200);
    expect(page.body.estate.name).toBe('锦绣春天小区');
    expect(page.body.teams.map((x: { id: string }) => x.id)).toContain(id);
    expect(
      (await anon.post(`${V}/public/applications`, { teamId: id, name: '赵六', phone: '123' })).status,
    ).toBe(400);
    const signed = await anon.post(`${V}/public/applications`, {
      teamId: id,
      name: '赵六',
      phone: '13911112222',
      availability: '周末',
    });
    expect(signed.status).toBe(201);
    const list = await shequ.get(`${V}/applications?status=pending&pageSize=200`);
    const app = list.body.items.find((a: { teamId: string }) => a.teamId === id);
    expect(app).toMatchObject({ name: '赵*', phoneMasked: '139****2222', status: 'pending' });
    expect(JSON.stringify(list.body)).not.toContain('13911112222');
    const revealed = await shequ.post(`${V}/applications/${app.id}/reveal`, {
      field: 'phone',
      reason: '电话核实',
    });
    expect(revealed.body.value).toBe('13911112222');
    const ok = await shequ.post(`${V}/applications/${app.id}/approve`, {});
    expect(ok.status).toBe(200);
    expect((await shequ.post(`${V}/applications/${app.id}/approve`, {})).status).toBe(409);
    expect((await shequ.post(`${V}/applications/${app.id}/reject`, { note: '晚了' })).status).toBe(409);
    const detail = await shequ.get(`${V}/teams/${id}`);
    const m = detail.body.members.find((x: { id: string }) => x.id === ok.body.id);
    expect(m).toMatchObject({
      name: '赵六',
      phoneMasked: '139****2222',
      availability: '周末',
      personId: null,
    });
  });

  it('limits sign-ups per IP and hour', async () => {
    const id = await team(t.places.jinxiuEstate.id, '限流测试队');
    await t.database.db
      .update(volunteerApplications)
      .set({ createdAt: new Date(t.clock.now().getTime() - 7_200_000) });
    const anon = t.anonymous();
    const statuses = [];
    for (let i = 0; i < 6; i++)
      statuses.push(
        (await anon.post(`${V}/public/applications`, { teamId: id, name: '钱七', phone: '13900001111' }))
          .status,
      );
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429]);
  });
});

describe('scope', () => {
  it('another community’s team is absent for a community officer', async () => {
    const id = await team(t.places.yujiaEstate.id, '于家一巡逻队');
    expect((await shequ.get(`${V}/teams/${id}`)).status).toBe(404);
    expect((await shequ.get(`${V}/teams/${id}/hours`)).status).toBe(404);
    expect((await shequ.patch(`${V}/teams/${id}`, { name: 'x' })).status).toBe(404);
    const [p] = await peopleOf(t.places.yujiaEstate.path, 1);
    expect((await shequ.post(`${V}/teams/${id}/members`, { personId: p.id })).status).toBe(404);
    const list = await shequ.get(`${V}/teams`);
    expect(list.body.items.map((x: { id: string }) => x.id)).not.toContain(id);
    // A person of another estate cannot join a team here.
    const mine = await team();
    const joined = await admin.post(`${V}/teams/${mine}/members`, { personId: p.id });
    expect(joined.status).toBe(400);
    expect(joined.body.error.fields.personId).toBeTruthy();
  });
});
