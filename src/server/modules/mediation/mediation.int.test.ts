import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASE_TRANSITIONS } from '../../../shared/mediation.js';
import { auditLog, notifications, users } from '../../db/schema.js';
import { rows } from '../../db/sql.js';
import type { Agent, TestApp } from '../../test/harness.js';
import { startTestApp } from '../../test/harness.js';
import { compositionWarnings } from './service.js';

let t: TestApp;
let admin: Agent;
let shequ: Agent;
let tiaojie: Agent;

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

/** A download, with its bytes. */
const bin = (agent: Agent, url: string) =>
  t.app.inject({ method: 'GET', url, headers: { cookie: agent.cookie } });
/** A file sent as the raw body, as the page sends it. */
async function upload(agent: Agent, url: string, bytes: Buffer, type: string) {
  const res = await t.app.inject({
    method: 'POST',
    url,
    headers: { cookie: agent.cookie, 'x-csrf-token': agent.csrfToken, 'content-type': type },
    payload: bytes,
  });
  return { status: res.statusCode, body: res.json() };
}

async function loginAll() {
  [admin, shequ, tiaojie] = await Promise.all(['admin', 'shequ', 'tiaojie'].map((u) => t.login(u)));
}
async function at(iso: string) {
  t.clock.advance(new Date(iso).getTime() - t.clock.now().getTime());
  await loginAll();
}
const userId = async (username: string) =>
  (await t.database.db.select({ id: users.id }).from(users).where(eq(users.username, username)))[0].id;

/** The committee at a place, made through the API when the demo has none there. */
async function committeeAt(placeId: string, name: string) {
  const listed = await shequ.get(`/api/v1/mediation/committees?placeId=${placeId}`);
  const found = (listed.body.items as { id: string; placeId: string }[]).find((c) => c.placeId === placeId);
  if (found) return found.id;
  const res = await shequ.post('/api/v1/mediation/committees', {
    placeId,
    name,
    responseDepartments: [
      { name: '锦绣派出所', contact: '0571-8888 0110' },
      { name: '街道综治中心', contact: '' },
    ],
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}

let estateCommittee: string;
let tiaojieMember: string;

beforeAll(async () => {
  t = await startTestApp();
  await at('2026-11-02T02:00:00Z');
  estateCommittee = await committeeAt(t.places.jinxiuEstate.id, '锦绣春天人民调解委员会');
  await committeeAt(t.places.jinxiuCommunity.id, '锦绣社区人民调解委员会');
  const m = await shequ.post(`/api/v1/mediation/committees/${estateCommittee}/members`, {
    name: '张桂芳',
    gender: 'female',
    role: 'mediator',
    userId: await userId('tiaojie'),
  });
  expect(m.status, JSON.stringify(m.body)).toBe(201);
  tiaojieMember = m.body.id;
});
afterAll(() => t.close());

async function intake(agent: Agent, body: Record<string, unknown> = {}) {
  const res = await agent.post('/api/v1/mediation/cases', {
    placeId: t.places.jinxiuEstate.id,
    source: 'application',
    title: '楼上卫生间漏水',
    description: '5栋1单元601卫生间漏水，501天花板渗水发霉，双方多次协商未果。',
    category: '02',
    subcategory: '0201',
    amount: '100',
    parties: [
      {
        side: 'applicant',
        name: '王秀兰',
        idNumber: '110105196103050028',
        phone: '13912345678',
        address: '锦绣春天5栋1单元501',
      },
      { side: 'respondent', name: '刘建军', phone: '13812345678', occupation: '个体' },
    ],
    ...body,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}
const act = (agent: Agent, id: string, body: Record<string, unknown>) =>
  agent.post(`/api/v1/mediation/cases/${id}/actions`, body);
const detail = async (agent: Agent, id: string) => {
  const res = await agent.get(`/api/v1/mediation/cases/${id}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
};
const AGREEMENT = {
  facts: '601室卫生间防水层老化，导致501室天花板渗水。',
  disputes: '漏水原因及501室损失的赔偿数额。',
  responsibilities: '601室业主对漏水负责，承担维修费用及501室的损失。',
  terms: '一、刘建军于十日内修复卫生间防水；\n二、刘建军赔偿王秀兰损失人民币100元。',
  performanceManner: '现金当面支付，维修由刘建军自行联系施工',
  performancePlace: '锦绣春天物业服务中心',
  performanceDeadline: '2026-11-15',
  copies: 3,
};

/** Drives a case to a written agreement signed on `signedOn`, with a session and mediators. */
async function toAgreement(id: string, signedOn = '2026-11-02') {
  expect((await act(tiaojie, id, { action: 'accept' })).status).toBe(200);
  const m = await tiaojie.put(`/api/v1/mediation/cases/${id}/mediators`, {
    memberIds: [tiaojieMember],
    leadId: tiaojieMember,
  });
  expect(m.status, JSON.stringify(m.body)).toBe(200);
  const s = await tiaojie.post(`/api/v1/mediation/cases/${id}/sessions`, {
    heldAt: '2026-11-02T01:00:00Z',
    place: '锦绣春天调解室',
    attendees: '王秀兰、刘建军、张桂芳、物业维修工',
    record: '调解员：请双方陈述。\n王秀兰：天花板发霉三个月了。\n刘建军：同意修复并赔偿。',
  });
  expect(s.status, JSON.stringify(s.body)).toBe(201);
  const a = await tiaojie.put(`/api/v1/mediation/cases/${id}/agreement`, {
    content: AGREEMENT,
    signedOn,
    partiesSigned: true,
    mediatorSigned: true,
    sealed: true,
  });
  expect(a.status, JSON.stringify(a.body)).toBe(200);
  const agreed = await act(tiaojie, id, { action: 'agree', outcome: 'written' });
  expect(agreed.status, JSON.stringify(agreed.body)).toBe(200);
}

describe('committees', () => {
  it("checks the composition rules of the People's Mediation Law", () => {
    const men = (n: number) =>
      Array.from({ length: n }, () => ({ gender: 'male', role: 'member', active: true }));
    expect(compositionWarnings(men(2))).toEqual(
      expect.arrayContaining([
        expect.stringContaining('少于法定的 3 人'),
        '委员会中应当有妇女成员',
        '尚未设主任',
      ]),
    );
    expect(compositionWarnings([...men(2), { gender: 'female', role: 'director', active: true }])).toEqual(
      [],
    );
    expect(
      compositionWarnings([...men(9), { gender: 'female', role: 'director', active: true }])[0],
    ).toContain('多于法定的 9 人');
    // An inactive member does not count.
    expect(
      compositionWarnings([...men(2), { gender: 'female', role: 'director', active: false }]).length,
    ).toBeGreaterThan(0);
  });

  it('lists each committee with its warnings, and refuses a second committee at a place', async () => {
    const list = await shequ.get(`/api/v1/mediation/committees?placeId=${t.places.jinxiuEstate.id}`);
    const c = list.body.items.find((x: { id: string }) => x.id === estateCommittee);
    expect(c.level).toBe('estate');
    expect(c.members.some((m: { name: string }) => m.name === '张桂芳')).toBe(true);
    expect(Array.isArray(c.warnings)).toBe(true);
    const again = await shequ.post('/api/v1/mediation/committees', {
      placeId: t.places.jinxiuEstate.id,
      name: '重复',
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('COMMITTEE_EXISTS');
    // Deactivating a member changes only that: the account link and the rest stay.
    const off = await shequ.patch(`/api/v1/mediation/members/${tiaojieMember}`, { active: false });
    expect(off.status).toBe(200);
    const after = (
      await shequ.get(`/api/v1/mediation/committees?placeId=${t.places.jinxiuEstate.id}`)
    ).body.items.find((x: { id: string }) => x.id === estateCommittee);
    const member = after.members.find((m: { id: string }) => m.id === tiaojieMember);
    expect(member).toMatchObject({
      active: false,
      userId: await userId('tiaojie'),
      role: 'mediator',
      gender: 'female',
    });
    expect((await shequ.patch(`/api/v1/mediation/members/${tiaojieMember}`, { active: true })).status).toBe(
      200,
    );
    const renamed = await shequ.patch(`/api/v1/mediation/committees/${estateCommittee}`, { name: c.name });
    expect(renamed.status).toBe(200);
    const relisted = (
      await shequ.get(`/api/v1/mediation/committees?placeId=${t.places.jinxiuEstate.id}`)
    ).body.items.find((x: { id: string }) => x.id === estateCommittee);
    expect(relisted.responseDepartments).toEqual(c.responseDepartments);
    const building = t.places.all.find(
      (p) => p.kind === 'building' && p.path.startsWith(t.places.jinxiuEstate.path),
    )!;
    const wrong = await shequ.post('/api/v1/mediation/committees', {
      placeId: building.id,
      name: '楼栋调委会',
    });
    expect(wrong.status).toBe(400);
  });
});

describe('case lifecycle', () => {
  it('goes from intake to a closed file, refusing to close while the file is incomplete', async () => {
    await at('2026-11-02T02:00:00Z');
    const id = await intake(tiaojie);
    let c = await detail(tiaojie, id);
    expect(c.status).toBe('intake');
    expect(c.no).toMatch(/^TJ2026-\d{6}$/);
    expect(c.level).toBe('estate');
    expect(c.parties[0].idMasked).toBe('110105********0028');
    expect(c.parties[0].phoneMasked).toBe('139****5678');
    expect(JSON.stringify(c)).not.toContain('13912345678');
    expect(c.allowed).toEqual([...CASE_TRANSITIONS.intake]);
    // The ID decides birth date and gender.
    expect(c.parties[0]).toMatchObject({ gender: 'female', birthDate: '1961-03-05' });

    // An illegal step: 409 with what is allowed.
    const early = await act(tiaojie, id, { action: 'agree', outcome: 'oral', oralContent: '和解' });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('ILLEGAL_TRANSITION');
    expect(early.body.error.fields.allowed.split(',')).toEqual([...CASE_TRANSITIONS.intake]);
    expect(early.body.error.message).toContain('待受理');

    await toAgreement(id);
    c = await detail(tiaojie, id);
    expect(c.status).toBe('agreed');
    expect(c.mediators).toEqual([expect.objectContaining({ name: '张桂芳', lead: true, recusal: null })]);
    // Follow-ups 7 and 30 days after signing; judicial confirmation open 30 days.
    expect(c.followups.map((f: { dueOn: string }) => f.dueOn)).toEqual(['2026-11-09', '2026-12-02']);
    expect(c.judicial).toMatchObject({ status: 'none', deadline: '2026-12-02', daysLeft: 30 });

    // Closing needs the whole file: rights notice, ID proof of the respondent, a follow-up.
    const refused = await act(tiaojie, id, { action: 'close' });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('FILE_INCOMPLETE');
    expect(Object.keys(refused.body.error.fields).sort()).toEqual(['followup', 'id_proof', 'rights_notice']);
    expect(refused.body.error.fields.id_proof).toContain('刘建军');
    expect(refused.body.error.message).toContain('权利义务告知书');
    expect((await detail(tiaojie, id)).missing.length).toBe(3);

    expect(
      (await tiaojie.patch(`/api/v1/mediation/cases/${id}/progress`, { rightsNotified: true })).status,
    ).toBe(200);
    const up = await upload(
      tiaojie,
      `/api/v1/mediation/cases/${id}/documents?kind=id_proof&name=${encodeURIComponent('刘建军身份证.png')}`,
      PNG,
      'image/png',
    );
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    expect(up.body.sha256).toBe(createHash('sha256').update(PNG).digest('hex'));
    c = await detail(tiaojie, id);
    expect(c.missing.map((m: { item: string }) => m.item)).toEqual(['followup']);

    await at('2026-11-09T03:00:00Z');
    const f = c.followups[0];
    expect(
      (
        await tiaojie.post(`/api/v1/mediation/cases/${id}/followups/${f.id}`, {
          method: 'phone',
          note: '已修复，100元已付清',
        })
      ).status,
    ).toBe(200);
    const twice = await tiaojie.post(`/api/v1/mediation/cases/${id}/followups/${f.id}`, {
      method: 'phone',
      note: '再记',
    });
    expect(twice.status).toBe(409);
    const closed = await act(tiaojie, id, { action: 'close' });
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    c = await detail(tiaojie, id);
    expect(c.status).toBe('closed');
    expect(c.allowed).toEqual([]);
    expect(c.steps.map((s: { action: string }) => s.action)).toEqual(
      expect.arrayContaining([
        'create',
        'accept',
        'assign',
        'session',
        'agreement',
        'agree',
        'rights',
        'evidence',
        'followup',
        'close',
      ]),
    );
    // Closed files do not change.
    const late = await tiaojie.post(`/api/v1/mediation/cases/${id}/parties`, { side: 'third', name: '物业' });
    expect(late.status).toBe(409);
    const audited = await t.database.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(and(eq(auditLog.targetId, id), eq(auditLog.targetType, 'mediation_case')));
    expect(audited.map((a) => a.action)).toEqual(
      expect.arrayContaining([
        'mediation.case.create',
        'mediation.case.agree',
        'mediation.case.close',
        'mediation.case.document',
      ]),
    );
  });

  it('an explanation stands in for a missing rights notice, never for a missing signature', async () => {
    await at('2026-11-03T02:00:00Z');
    const id = await intake(tiaojie, {
      parties: [{ side: 'applicant', name: '赵敏', idNumber: '110105198001010024' }],
    });
    expect((await act(tiaojie, id, { action: 'accept' })).status).toBe(200);
    await tiaojie.post(`/api/v1/mediation/cases/${id}/sessions`, {
      heldAt: '2026-11-03T01:00:00Z',
      place: '调解室',
      attendees: '赵敏',
      record: '调解记录',
    });
    await tiaojie.put(`/api/v1/mediation/cases/${id}/agreement`, { content: AGREEMENT, signedOn: null });
    expect((await act(tiaojie, id, { action: 'agree', outcome: 'written' })).status).toBe(200);
    await tiaojie.put(`/api/v1/mediation/cases/${id}/explanations`, {
      item: 'rights_notice',
      text: '当事人口头告知，拒绝签收',
    });
    await tiaojie.put(`/api/v1/mediation/cases/${id}/explanations`, {
      item: 'followup',
      text: '当事人已搬离，无法联系',
    });
    const refused = await act(tiaojie, id, { action: 'close' });
    expect(refused.status).toBe(409);
    expect(Object.keys(refused.body.error.fields)).toEqual(['signatures']);
    expect(refused.body.error.fields.signatures).toContain('调解委员会印章');
    // A signature cannot be explained away.
    const bad = await tiaojie.put(`/api/v1/mediation/cases/${id}/explanations`, {
      item: 'signatures',
      text: '忘了',
    });
    expect(bad.status).toBe(200);
    expect((await act(tiaojie, id, { action: 'close' })).status).toBe(409);
  });

  it('a decline must say why and where to go instead; a failure records its referral', async () => {
    const id = await intake(tiaojie);
    const bare = await act(tiaojie, id, { action: 'decline', note: '已起诉' });
    expect(bare.status).toBe(400);
    expect(bare.body.error.fields.declineReferral).toBeTruthy();
    const ok = await act(tiaojie, id, {
      action: 'decline',
      note: '当事人已向法院起诉',
      declineReferral: '西湖区人民法院',
    });
    expect(ok.status).toBe(200);
    const c = await detail(tiaojie, id);
    expect(c).toMatchObject({ status: 'declined', declineReferral: '西湖区人民法院' });

    const id2 = await intake(tiaojie);
    await act(tiaojie, id2, { action: 'accept' });
    const noDest = await act(tiaojie, id2, { action: 'fail', referral: 'litigation' });
    expect(noDest.status).toBe(400);
    const failed = await act(tiaojie, id2, {
      action: 'fail',
      referral: 'litigation',
      referralDestination: '西湖区人民法院',
    });
    expect(failed.status).toBe(200);
    expect((await detail(tiaojie, id2)).outcome).toBe('failed');
  });

  it('passes a case up from the estate to the community and keeps the time at each level', async () => {
    await at('2026-11-04T02:00:00Z');
    const id = await intake(tiaojie);
    const mediatorMay = await act(tiaojie, id, { action: 'transfer_up', note: '涉及多户' });
    expect(mediatorMay.status).toBe(403);
    await at('2026-11-06T02:00:00Z');
    const up = await act(shequ, id, { action: 'transfer_up', note: '涉及多户，需社区协调' });
    expect(up.status, JSON.stringify(up.body)).toBe(200);
    const c = await detail(shequ, id);
    expect(c.level).toBe('community');
    expect(c.committeeName).toBe('锦绣社区人民调解委员会');
    expect(c.levels.map((l: { level: string; days: number }) => [l.level, l.days])).toEqual([
      ['estate', 2],
      ['community', 0],
    ]);
    const stats = await shequ.get(
      `/api/v1/mediation/stats?from=2026-11-01&to=2026-11-30&placeId=${t.places.jinxiuCommunity.id}`,
    );
    expect(stats.status, JSON.stringify(stats.body)).toBe(200);
    const community = stats.body.byLevel.find((b: { key: string }) => b.key === 'community');
    expect(community.total).toBeGreaterThanOrEqual(1);
    expect(stats.body.total.total).toBeGreaterThanOrEqual(5);
    // The demo's cases (loaded at the real date) share the period: only the shape is certain here.
    expect(typeof stats.body.daysAtLevel.find((d: { level: string }) => d.level === 'estate').meanDays).toBe(
      'number',
    );
  });
});

describe('回避, emergencies and scope', () => {
  it("flags a mediator who is a party or lives in a party's household", async () => {
    const [pair] = await rows<{ a: string; b: string; a_name: string }>(
      t.database.db,
      sql`select p1.id as a, p2.id as b, p1.name as a_name from people p1 join people p2 on p2.house_id = p1.house_id and p2.id <> p1.id
          where p1.place_path like ${`${t.places.jinxiuEstate.path}%`} limit 1`,
    );
    const housemate = await shequ.post(`/api/v1/mediation/committees/${estateCommittee}/members`, {
      name: '同住调解员',
      gender: 'male',
      role: 'member',
      personId: pair.b,
    });
    expect(housemate.status, JSON.stringify(housemate.body)).toBe(201);
    const id = await intake(tiaojie, { parties: [{ side: 'applicant', personId: pair.a }] });
    const set = await tiaojie.put(`/api/v1/mediation/cases/${id}/mediators`, {
      memberIds: [tiaojieMember, housemate.body.id],
      leadId: tiaojieMember,
    });
    expect(set.status).toBe(200);
    const flagged = set.body.find((m: { memberId: string }) => m.memberId === housemate.body.id);
    expect(flagged.recusal).toBe(`与当事人${pair.a_name}同住一户，应当回避`);
    expect(set.body.find((m: { memberId: string }) => m.memberId === tiaojieMember).recusal).toBeNull();

    const self = await shequ.post(`/api/v1/mediation/committees/${estateCommittee}/members`, {
      name: '当事人本人',
      gender: 'female',
      role: 'member',
      personId: pair.a,
    });
    const set2 = await tiaojie.put(`/api/v1/mediation/cases/${id}/mediators`, {
      memberIds: [self.body.id],
      leadId: self.body.id,
    });
    expect(set2.body[0].recusal).toContain('本人是当事人');
  });

  it('a 重大群体性 case starts the joint response and notifies the managers above', async () => {
    const before = await t.database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(notifications)
      .where(eq(notifications.kind, 'mediation.emergency'));
    const id = await intake(tiaojie, { scale: 'major_group', title: '地下车库收费群体纠纷' });
    const c = await detail(tiaojie, id);
    expect(c.riskFlag).toBe(true);
    expect(c.riskLevel).toBe('high');
    expect(c.emergency.startedAt).not.toBeNull();
    const committees = await shequ.get(`/api/v1/mediation/committees?placeId=${t.places.jinxiuEstate.id}`);
    const listed = committees.body.items.find(
      (x: { id: string }) => x.id === estateCommittee,
    ).responseDepartments;
    expect(listed.length).toBeGreaterThan(0);
    expect(c.emergency.departments).toEqual(listed);
    expect(c.needsLead).toBe(true);
    const after = await t.database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(notifications)
      .where(eq(notifications.kind, 'mediation.emergency'));
    expect(after[0].n).toBeGreaterThan(before[0].n);
    await act(tiaojie, id, { action: 'accept' });
    expect(
      (await tiaojie.post(`/api/v1/mediation/cases/${id}/responses`, { kind: 'control', note: '民警到场' }))
        .status,
    ).toBe(200);
    const warnings = await tiaojie.get('/api/v1/mediation/cases/warnings');
    const w = warnings.body.items.find((x: { id: string }) => x.id === id);
    expect(w).toMatchObject({ needsLead: true, emergency: true, riskLevel: 'high' });
    const lead = await shequ.post(`/api/v1/mediation/cases/${id}/lead`, {
      leader: '周建国',
      handler: '李秀英',
      plan: '召开业主协调会，公开收费依据',
      deadline: '2026-11-30',
    });
    expect(lead.status).toBe(200);
    expect((await detail(tiaojie, id)).needsLead).toBe(false);
    // A case that is not major has no emergency to respond to.
    const small = await intake(tiaojie);
    expect(
      (await tiaojie.post(`/api/v1/mediation/cases/${small}/responses`, { kind: 'control', note: 'x' }))
        .status,
    ).toBe(409);
  });

  it('a mediator of another community sees none of these cases', async () => {
    const roles = await admin.get('/api/v1/org/roles');
    const mediatorRole = roles.body.items.find((r: { code: string }) => r.code === 'mediator').id;
    const made = await admin.post('/api/v1/org/users', {
      username: 'yujia_tiaojie',
      displayName: '于家调解员',
      phone: '19900005555',
      password: 'Yujia-2026-pass',
      assignments: [{ roleId: mediatorRole, placeId: t.places.yujiaCommunity.id }],
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const first = await t.login('yujia_tiaojie', 'Yujia-2026-pass');
    const changed = await first.post('/api/v1/auth/password', {
      currentPassword: 'Yujia-2026-pass',
      newPassword: 'Yujia-2026-mine',
    });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    const other = await t.login('yujia_tiaojie', 'Yujia-2026-mine');
    const id = await intake(tiaojie);
    for (const path of ['', '/agreement.docx', '/file.zip', '/mediator-options']) {
      const res = await other.get(`/api/v1/mediation/cases/${id}${path}`);
      expect(res.status, path).toBe(404);
    }
    expect((await act(other, id, { action: 'accept' })).status).toBe(404);
    const list = await other.get('/api/v1/mediation/cases');
    expect(list.body.items.some((c: { id: string }) => c.id === id)).toBe(false);
  });
});

describe('documents', () => {
  it('the agreement .docx holds every part the law asks for', async () => {
    await at('2026-11-10T02:00:00Z');
    const id = await intake(tiaojie);
    await toAgreement(id, '2026-11-10');
    const res = await bin(tiaojie, `/api/v1/mediation/cases/${id}/agreement.docx`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('wordprocessingml');
    const zip = await JSZip.loadAsync(res.rawPayload);
    const xml = await zip.file('word/document.xml')!.async('string');
    const text = xml.replace(/<w:tab\/>/g, ' ').replace(/<[^>]+>/g, '');
    for (const part of [
      '人民调解协议书',
      '申请人：王秀兰，女，1961年3月5日出生',
      '被申请人：刘建军',
      '纠纷的主要事实',
      AGREEMENT.facts,
      '争议事项',
      AGREEMENT.disputes,
      '各方当事人的责任',
      AGREEMENT.responsibilities,
      '赔偿王秀兰损失人民币100元',
      '履行方式：现金当面支付',
      '履行地点：锦绣春天物业服务中心',
      '2026年11月15日前履行完毕',
      '签名或按指印',
      '人民调解员（签名）：张桂芳',
      '锦绣春天人民调解委员会（盖章）',
      '一式3份',
      '三十日内共同向人民法院申请司法确认',
      '2026年11月10日',
    ])
      expect(text, part).toContain(part);
    // Masked unless asked for in full by someone who may reveal, which is audited.
    expect(text).toContain('110105********0028');
    expect(text).not.toContain('110105196103050028');
    const full = await bin(shequ, `/api/v1/mediation/cases/${id}/agreement.docx?full=true`);
    const fullText = (
      await (await JSZip.loadAsync(full.rawPayload)).file('word/document.xml')!.async('string')
    ).replace(/<[^>]+>/g, '');
    expect(fullText).toContain('110105196103050028');
    const reveals = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'pii.reveal'), eq(auditLog.targetType, 'mediation_party')));
    expect(reveals.length).toBeGreaterThan(0);
    const tiaojieFull = await bin(tiaojie, `/api/v1/mediation/cases/${id}/agreement.docx?full=true`);
    const maskedText = (
      await (await JSZip.loadAsync(tiaojieFull.rawPayload)).file('word/document.xml')!.async('string')
    ).replace(/<[^>]+>/g, '');
    expect(maskedText).not.toContain('110105196103050028');
  });

  it('evidence keeps its SHA-256; oversized and refused types answer 400; the case file zips it all', async () => {
    const id = await intake(tiaojie);
    await act(tiaojie, id, { action: 'accept' });
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(2000, 0x20), Buffer.from('\n%%EOF')]);
    const ok = await upload(
      tiaojie,
      `/api/v1/mediation/cases/${id}/documents?kind=evidence&name=${encodeURIComponent('维修报价单.pdf')}&description=${encodeURIComponent('物业出具')}`,
      pdf,
      'application/pdf',
    );
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body.sha256).toBe(createHash('sha256').update(pdf).digest('hex'));
    const html = await upload(
      tiaojie,
      `/api/v1/mediation/cases/${id}/documents?kind=evidence&name=x.html`,
      Buffer.from('<script>alert(1)</script>'),
      'text/html',
    );
    expect(html.status).toBe(400);
    expect(html.body.error.code).toBe('UNSUPPORTED_FILE_TYPE');
    const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(21 * 1024 * 1024)]);
    const tooBig = await upload(
      tiaojie,
      `/api/v1/mediation/cases/${id}/documents?kind=evidence&name=big.pdf`,
      big,
      'application/pdf',
    );
    expect(tooBig.status).toBe(400);
    expect(tooBig.body.error.code).toBe('FILE_TOO_LARGE');
    const c = await detail(tiaojie, id);
    expect(c.documents).toEqual([
      expect.objectContaining({ name: '维修报价单.pdf', sha256: ok.body.sha256, kind: 'evidence' }),
    ]);
    const dl = await tiaojie.get(`/api/v1/mediation/cases/${id}/documents/${c.documents[0].id}`);
    expect(dl.status).toBe(200);
    expect(dl.headers['content-disposition']).toContain('attachment');

    const file = await bin(tiaojie, `/api/v1/mediation/cases/${id}/file.zip`);
    expect(file.statusCode).toBe(200);
    const zip = await JSZip.loadAsync(file.rawPayload);
    const names = Object.keys(zip.files);
    expect(names).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/卷宗\.docx$/),
        '证据清单-SHA256.txt',
        '证据材料/01-维修报价单.pdf',
      ]),
    );
    expect(await zip.file('证据清单-SHA256.txt')!.async('string')).toContain(
      `${ok.body.sha256}  证据材料/01-维修报价单.pdf`,
    );
    const stored = await zip.file('证据材料/01-维修报价单.pdf')!.async('nodebuffer');
    expect(createHash('sha256').update(stored).digest('hex')).toBe(ok.body.sha256);
    const docx = await JSZip.loadAsync(
      await zip.file(names.find((n) => n.endsWith('卷宗.docx'))!)!.async('nodebuffer'),
    );
    const text = (await docx.file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, '');
    for (const part of [
      '人民调解卷宗',
      '卷内目录',
      '人民调解受理登记表',
      '权利义务告知书',
      '人民调解记录',
      '证据及材料清单',
      '卷内备考表',
      ok.body.sha256,
    ])
      expect(text, part).toContain(part);
  });
});

describe('export', () => {
  it('exports the filtered list as xlsx, audited, without personal data', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/mediation/cases/export',
      headers: { cookie: shequ.cookie, 'x-csrf-token': shequ.csrfToken },
      payload: { filters: { q: '漏水' } },
    });
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0];
    expect(sheet.getRow(1).getCell(1).value).toBe('案件编号');
    expect(sheet.rowCount).toBeGreaterThan(3);
    const cells = JSON.stringify(sheet.getSheetValues());
    expect(cells).toContain('楼上卫生间漏水');
    expect(cells).not.toContain('13912345678');
    const [entry] = await t.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'mediation.case.export'));
    expect(entry).toBeTruthy();
  });
});

describe('follow-ups on a controllable clock', () => {
  it('are due 7 and 30 days after signing, listed when due and reminded once', async () => {
    await at('2026-11-12T02:00:00Z');
    const id = await intake(tiaojie);
    await toAgreement(id, '2026-11-12');
    const due0 = await tiaojie.get('/api/v1/mediation/followups/due');
    expect(due0.body.items.some((f: { caseId: string }) => f.caseId === id)).toBe(false);
    await at('2026-11-20T02:00:00Z');
    const due = await tiaojie.get('/api/v1/mediation/followups/due');
    const mine = due.body.items.filter((f: { caseId: string }) => f.caseId === id);
    expect(mine).toEqual([expect.objectContaining({ dueOn: '2026-11-19', overdue: true })]);
    const sent = await t.app.services.mediation.cases.remindFollowups();
    expect(sent).toBeGreaterThanOrEqual(1);
    const tiaojieId = await userId('tiaojie');
    const reminded = await t.database.db
      .select()
      .from(notifications)
      .where(
        and(
          eq(notifications.kind, 'mediation.followup'),
          eq(notifications.userId, tiaojieId),
          eq(notifications.targetId, id),
        ),
      );
    expect(reminded.length).toBe(1);
    // Once only.
    await t.app.services.mediation.cases.remindFollowups();
    const again = await t.database.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.kind, 'mediation.followup'), eq(notifications.targetId, id)));
    expect(again.length).toBe(1);
    // A later signing date moves the schedule.
    const moved = await tiaojie.put(`/api/v1/mediation/cases/${id}/agreement`, {
      content: AGREEMENT,
      signedOn: '2026-11-14',
      partiesSigned: true,
      mediatorSigned: true,
      sealed: true,
    });
    expect(moved.status).toBe(200);
    const c = await detail(tiaojie, id);
    expect(c.followups.map((f: { dueOn: string }) => f.dueOn)).toEqual(['2026-11-21', '2026-12-14']);
    expect(c.judicial.deadline).toBe('2026-12-14');
  });
});

describe('sweeps', () => {
  it('turn each finding into a case at once', async () => {
    const res = await shequ.post('/api/v1/mediation/sweeps', {
      committeeId: estateCommittee,
      heldOn: '2026-11-20',
      participants: '调委会、网格员、楼栋长',
      summary: '11月矛盾纠纷排查',
      findings: [
        {
          title: '电动车楼道充电争执',
          description: '3栋两户因楼道充电争吵',
          category: '02',
          riskLevel: 'medium',
        },
        { title: '装修噪音', description: '7栋装修超时施工', category: '02', subcategory: '0202' },
      ],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.caseIds).toHaveLength(2);
    const list = await shequ.get(`/api/v1/mediation/sweeps?placeId=${t.places.jinxiuEstate.id}`);
    const s = list.body.items.find((x: { id: string }) => x.id === res.body.id);
    expect(s.cases.map((c: { title: string }) => c.title).sort()).toEqual(['电动车楼道充电争执', '装修噪音']);
    const c = await detail(shequ, res.body.caseIds[0]);
    expect(c).toMatchObject({ source: 'sweep', sweepId: res.body.id, riskFlag: true });
    // A bad finding rolls the whole sweep back.
    const bad = await shequ.post('/api/v1/mediation/sweeps', {
      committeeId: estateCommittee,
      heldOn: '2026-11-21',
      findings: [
        { title: '好的', description: '好的', category: '02' },
        { title: '坏的', description: '坏的', category: '02', subcategory: '0601' },
      ],
    });
    expect(bad.status).toBe(400);
    const after = await shequ.get(`/api/v1/mediation/sweeps?placeId=${t.places.jinxiuEstate.id}`);
    expect(after.body.items.some((x: { heldOn: string }) => x.heldOn === '2026-11-21')).toBe(false);
  });
});
