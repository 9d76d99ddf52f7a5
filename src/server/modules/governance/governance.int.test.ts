import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, govBallots, govElectorate, govResultNotices, notifications } from '../../db/schema.js';
import type { Agent, TestApp } from '../../test/harness.js';
import { startTestApp } from '../../test/harness.js';
import { type BuiltEstate, buildEstate, insertPerson, insertUser, type Place } from './testing.js';

/**
 * Governance through the API on a real database: owners' votes under 民法典第二百七十八条 at their
 * boundaries, co-owned and sold houses, double voting under concurrency, meetings → tasks → overdue,
 * rules, scope. Each test builds its own small estate under 锦绣春天's community.
 */

let t: TestApp;
let community: Place;
const G = '/api/v1/governance';

/** A 1×1 PNG as base64: the smallest real scan. */
const SCAN = {
  name: '表决票.png',
  data: 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
};

async function at(iso: string) {
  t.clock.advance(new Date(iso).getTime() - t.clock.now().getTime());
}

beforeAll(async () => {
  t = await startTestApp();
  await at('2026-11-23T02:00:00Z');
  const c = t.places.jinxiuCommunity;
  community = { id: c.id, path: c.path, depth: c.depth };
});
afterAll(() => t?.close());

interface Estate extends BuiltEstate {
  committee: Agent;
}

/** An estate, its committee member (owners_committee there), signed in. */
async function estate(spec: Parameters<typeof buildEstate>[2]): Promise<Estate> {
  const built = await buildEstate(t.database.db, community, spec);
  const u = await insertUser(t.database.db, built.estate, 'owners_committee');
  return { ...built, committee: await t.login(u.username) };
}

/** A resident account verified as `personId` by the estate's committee, signed in. */
async function owner(e: Estate, personId: string): Promise<Agent> {
  const u = await insertUser(t.database.db, e.unit, 'resident');
  const res = await e.committee.post(`${G}/owner-accounts`, {
    username: u.username,
    personId,
    note: '核验房产证',
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return t.login(u.username);
}

/** A vote on `matter`, open now for a week. */
async function openVote(e: Estate, matter = 'other', extra: Record<string, unknown> = {}) {
  const now = t.clock.now().getTime();
  const res = await e.committee.post(`${G}/votes`, {
    estateId: e.estate.id,
    kind: 'matter',
    matter,
    title: '测试表决事项',
    startsAt: new Date(now - 3_600_000).toISOString(),
    endsAt: new Date(now + 7 * 86_400_000).toISOString(),
    ...extra,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const opened = await e.committee.post(`${G}/votes/${res.body.id}/open`);
  expect(opened.status, JSON.stringify(opened.body)).toBe(200);
  return res.body.id as string;
}

const paper = (e: Estate, voteId: string, houseId: string, choice: string) =>
  e.committee.post(`${G}/votes/${voteId}/paper-ballots`, { houseId, choice, scan: SCAN });

const equal = (n: number, area = '100.00') =>
  Array.from({ length: n }, (_, i) => ({ area, owners: [`业主${i + 1}`] }));

describe('owners’ votes: art. 278 at the boundaries, through the API', () => {
  const cases: {
    name: string;
    matter: string;
    spec: { area: string; owners: string[] }[];
    /** Choice per house index; missing: did not vote. */
    ballots: (string | null)[];
    passed: boolean;
    quorum: [boolean, boolean];
    approval: [boolean, boolean];
  }[] = [
    {
      name: 'quorum met exactly by 6 of 9 owners',
      matter: 'other',
      spec: equal(9),
      ballots: ['yes', 'yes', 'yes', 'yes', 'yes', 'no'],
      passed: true,
      quorum: [true, true],
      approval: [true, true],
    },
    {
      name: 'quorum missed by one owner (5 of 9)',
      matter: 'other',
      spec: equal(9),
      ballots: ['yes', 'yes', 'yes', 'yes', 'yes'],
      passed: false,
      quorum: [false, false],
      approval: [true, true],
    },
    {
      name: 'quorum missed by 0.01 m² (199.99 of 300.00)',
      matter: 'other',
      spec: [
        { area: '100.00', owners: ['甲'] },
        { area: '99.99', owners: ['乙'] },
        { area: '100.01', owners: ['丙'] },
      ],
      ballots: ['yes', 'yes'],
      passed: false,
      quorum: [false, true],
      approval: [true, true],
    },
    {
      name: '≥ 3/4 met exactly on 筹集维修资金',
      matter: 'raise_fund',
      spec: equal(4),
      ballots: ['yes', 'yes', 'yes', 'no'],
      passed: true,
      quorum: [true, true],
      approval: [true, true],
    },
    {
      name: 'the same 2/3 support passes 使用维修资金 (> 1/2) …',
      matter: 'use_fund',
      spec: equal(3),
      ballots: ['yes', 'yes', 'no'],
      passed: true,
      quorum: [true, true],
      approval: [true, true],
    },
    {
      name: '… and fails 改变共有部分用途 (≥ 3/4)',
      matter: 'common_use',
      spec: equal(3),
      ballots: ['yes', 'yes', 'no'],
      passed: false,
      quorum: [true, true],
      approval: [false, false],
    },
    {
      name: 'exactly half of the participating owners and area is not more than half',
      matter: 'property_company',
      spec: equal(4),
      ballots: ['yes', 'yes', 'no', 'no'],
      passed: false,
      quorum: [true, true],
      approval: [false, false],
    },
  ];

  it.each(cases)('$name', async (c) => {
    const e = await estate(c.spec);
    const voteId = await openVote(e, c.matter);
    for (const [i, choice] of c.ballots.entries()) {
      if (!choice) continue;
      const res = await paper(e, voteId, e.houses[i].id, choice);
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
    const closed = await e.committee.post(`${G}/votes/${voteId}/close`);
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    const r = closed.body.result;
    expect(r.passed).toBe(c.passed);
    expect([r.quorum.areaMet, r.quorum.headsMet]).toEqual(c.quorum);
    expect([r.approval.areaMet, r.approval.headsMet]).toEqual(c.approval);
    // Reproducible: the recount from the stored ballots gives the very same figures.
    const again = await e.committee.get(`${G}/votes/${voteId}/recount`);
    expect(again.body.matches).toBe(true);
    expect(again.body.result).toEqual(r);
  });

  it('counts area exactly and publishes area and headcount separately', async () => {
    const e = await estate([
      { area: '89.50', owners: ['周一'] },
      { area: '120.05', owners: ['周一'] },
      { area: '65.33', owners: ['吴二', '郑三'] },
      { area: '70.00', owners: ['王四'] },
    ]);
    const voteId = await openVote(e, 'raise_fund');
    for (const [i, c] of ['yes', 'yes', 'no'].entries())
      expect((await paper(e, voteId, e.houses[i].id, c)).status).toBe(201);
    // The scan of each paper ballot stays with it; a house without one has none.
    const scan = await e.committee.get(`${G}/votes/${voteId}/ballots/${e.houses[0].id}/scan`);
    expect([scan.status, scan.headers['content-type']]).toEqual([200, 'image/png']);
    expect((await e.committee.get(`${G}/votes/${voteId}/ballots/${e.houses[3].id}/scan`)).status).toBe(404);
    const progress = (await e.committee.get(`${G}/votes/${voteId}`)).body.progress;
    expect(progress).toMatchObject({
      total: { area: '344.88', heads: 3, houses: 4 },
      voted: { area: '274.88', heads: 2, houses: 3 },
      turnoutArea: '79.70%',
      turnoutHeads: '66.66%',
      quorumArea: true,
      quorumHeads: true,
      paper: 3,
      online: 0,
    });
    const r = (await e.committee.post(`${G}/votes/${voteId}/close`)).body.result;
    expect(r.total).toEqual({ area: '344.88', heads: 3, houses: 4 });
    expect(r.yes).toEqual({ area: '209.55', heads: 1, houses: 2 });
    expect(r.passed).toBe(false);

    const published = await e.committee.post(`${G}/votes/${voteId}/publish`);
    expect(published.status).toBe(201);
    const pub = await t.anonymous().get(`${G}/public/notices/${published.body.id}`);
    expect(pub.status).toBe(200);
    expect(pub.body.body).toContain('专有部分面积 344.88 平方米、业主 3 人（4 户）');
    expect(pub.body.body).toContain('同意：专有部分面积 209.55 平方米、业主 1 人（2 户）');
    expect(pub.body.body).toContain('未通过');
    expect((await e.committee.post(`${G}/votes/${voteId}/publish`)).status).toBe(409);
    // The same notice went onto the estate's notice board (notices module).
    const [n] = await t.database.db
      .select()
      .from(govResultNotices)
      .where(eq(govResultNotices.id, published.body.id));
    expect(n.noticeId).not.toBeNull();
    const board = await t.anonymous().get(`${G}/public/estates/${e.estate.id}`);
    expect(board.body.notices.map((n: { id: string }) => n.id)).toContain(published.body.id);
  });
});

describe('who may vote', () => {
  it('an owner votes online once; not open, closed, unverified and second ballots are refused', async () => {
    const e = await estate(equal(3));
    const now = t.clock.now().getTime();
    const later = await e.committee.post(`${G}/votes`, {
      estateId: e.estate.id,
      kind: 'matter',
      matter: 'other',
      title: '明天开始的表决',
      startsAt: new Date(now + 86_400_000).toISOString(),
      endsAt: new Date(now + 3 * 86_400_000).toISOString(),
    });
    const o1 = await owner(e, e.houses[0].owners[0].id);
    const draft = await o1.post(`${G}/my/votes/${later.body.id}/ballots`, {
      houseId: e.houses[0].id,
      choice: 'yes',
    });
    expect([draft.status, draft.body.error.code]).toEqual([409, 'VOTE_NOT_OPEN']);
    await e.committee.post(`${G}/votes/${later.body.id}/open`);
    const early = await o1.post(`${G}/my/votes/${later.body.id}/ballots`, {
      houseId: e.houses[0].id,
      choice: 'yes',
    });
    expect([early.status, early.body.error.code]).toEqual([409, 'VOTE_NOT_OPEN']);

    const voteId = await openVote(e);
    const mine = await o1.get(`${G}/my/votes`);
    expect(mine.body.verified).toBe(true);
    expect(mine.body.items.find((v: { id: string }) => v.id === voteId).houses).toHaveLength(1);
    const ok = await o1.post(`${G}/my/votes/${voteId}/ballots`, { houseId: e.houses[0].id, choice: 'yes' });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    const again = await o1.post(`${G}/my/votes/${voteId}/ballots`, { houseId: e.houses[0].id, choice: 'no' });
    expect([again.status, again.body.error.code]).toEqual([409, 'ALREADY_VOTED']);
    const other = await o1.post(`${G}/my/votes/${voteId}/ballots`, { houseId: e.houses[1].id, choice: 'no' });
    expect([other.status, other.body.error.code]).toEqual([403, 'NOT_OWNER']);

    const stranger = await t.login((await insertUser(t.database.db, e.unit, 'resident')).username);
    const unverified = await stranger.post(`${G}/my/votes/${voteId}/ballots`, {
      houseId: e.houses[1].id,
      choice: 'no',
    });
    expect([unverified.status, unverified.body.error.code]).toEqual([403, 'OWNER_NOT_VERIFIED']);
    expect((await stranger.get(`${G}/my/votes`)).body).toEqual({
      verified: false,
      personName: null,
      items: [],
    });

    await e.committee.post(`${G}/votes/${voteId}/close`);
    const o2 = await owner(e, e.houses[1].owners[0].id);
    const late = await o2.post(`${G}/my/votes/${voteId}/ballots`, { houseId: e.houses[1].id, choice: 'yes' });
    expect([late.status, late.body.error.code]).toEqual([409, 'VOTE_CLOSED']);

    // Every ballot is in the audit trail, with the house and the choice.
    const entries = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetId, voteId), eq(auditLog.action, 'governance.ballot.online')));
    expect(entries).toHaveLength(1);
    expect(entries[0].after).toMatchObject({ houseId: e.houses[0].id, choice: 'yes' });
  });

  it('after the deadline the vote takes no ballot, even before the committee closes it', async () => {
    const e = await estate(equal(2));
    const voteId = await openVote(e);
    t.clock.advance(8 * 86_400_000);
    const o = await owner(
      {
        ...e,
        committee: await t.login((await insertUser(t.database.db, e.estate, 'owners_committee')).username),
      },
      e.houses[1].owners[0].id,
    );
    const res = await o.post(`${G}/my/votes/${voteId}/ballots`, { houseId: e.houses[1].id, choice: 'yes' });
    expect([res.status, res.body.error.code]).toEqual([409, 'VOTE_CLOSED']);
    await at('2026-11-23T02:00:00Z');
  });

  it('the hourly sweep closes and counts votes past their deadline and tells the committee', async () => {
    const e = await estate(equal(3));
    const voteId = await openVote(e);
    for (const h of e.houses) expect((await paper(e, voteId, h.id, 'yes')).status).toBe(201);
    const sweep = () => t.app.services.governance.votes.closeDue();
    // Not yet due: left open.
    await sweep();
    expect((await e.committee.get(`${G}/votes/${voteId}`)).body.status).toBe('open');
    t.clock.advance(8 * 86_400_000);
    expect(await sweep()).toBeGreaterThanOrEqual(1);
    const c = await t.login((await insertUser(t.database.db, e.estate, 'owners_committee')).username);
    const v = (await c.get(`${G}/votes/${voteId}`)).body;
    expect(v.status).toBe('closed');
    expect(v.result.passed).toBe(true);
    const told = await t.database.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.targetId, voteId), eq(notifications.kind, 'governance.vote.closed')));
    expect(told.length).toBeGreaterThanOrEqual(1);
    await at('2026-11-23T02:00:00Z');
  });

  it('co-owners: the largest share votes by default; a designated co-owner instead; not after voting', async () => {
    const e = await estate([
      {
        area: '95.00',
        owners: [
          { name: '陈大', share: '40' },
          { name: '陈二', share: '60' },
        ],
      },
      { area: '80.00', owners: ['林三'] },
    ]);
    const [chenDa, chenEr] = e.houses[0].owners;
    const voteId = await openVote(e);
    const rows = (await e.committee.get(`${G}/votes/${voteId}/electorate`)).body.items;
    const house = rows.find((r: { houseId: string }) => r.houseId === e.houses[0].id);
    expect(house).toMatchObject({ voterPersonId: chenEr.id, voterName: '陈二', voterBasis: 'default' });

    const da = await owner(e, chenDa.id);
    const refused = await da.post(`${G}/my/votes/${voteId}/ballots`, {
      houseId: e.houses[0].id,
      choice: 'yes',
    });
    expect([refused.status, refused.body.error.code]).toEqual([403, 'NOT_DESIGNATED_VOTER']);
    expect(refused.body.error.message).toContain('陈二');
    // He still sees the vote for his house, and who votes for it.
    const seen = (await da.get(`${G}/my/votes`)).body.items.find((v: { id: string }) => v.id === voteId);
    expect(seen.houses).toEqual([
      expect.objectContaining({ houseId: e.houses[0].id, isVoter: false, voterName: '陈二' }),
    ]);

    const notOwner = await e.committee.put(`${G}/votes/${voteId}/electorate/${e.houses[0].id}/voter`, {
      personId: e.houses[1].owners[0].id,
    });
    expect(notOwner.status).toBe(400);
    const designated = await e.committee.put(`${G}/votes/${voteId}/electorate/${e.houses[0].id}/voter`, {
      personId: chenDa.id,
    });
    expect(designated.status).toBe(200);
    const [trail] = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetId, voteId), eq(auditLog.action, 'governance.vote.designate')));
    expect(trail.before).toEqual({ houseId: e.houses[0].id, voterPersonId: chenEr.id });
    expect(trail.after).toEqual({ houseId: e.houses[0].id, voterPersonId: chenDa.id });
    expect(
      (await da.post(`${G}/my/votes/${voteId}/ballots`, { houseId: e.houses[0].id, choice: 'yes' })).status,
    ).toBe(201);
    const er = await owner(e, chenEr.id);
    const second = await er.post(`${G}/my/votes/${voteId}/ballots`, {
      houseId: e.houses[0].id,
      choice: 'no',
    });
    expect(second.status).toBe(403);
    const afterVote = await e.committee.put(`${G}/votes/${voteId}/electorate/${e.houses[0].id}/voter`, {
      personId: chenEr.id,
    });
    expect([afterVote.status, afterVote.body.error.code]).toEqual([409, 'ALREADY_VOTED']);
    const r = (await e.committee.post(`${G}/votes/${voteId}/close`)).body.result;
    // Two co-owners, one house: one head.
    expect(r.total.heads).toBe(2);
    expect(r.participating).toEqual({ area: '95.00', heads: 1, houses: 1 });
  });

  it('a house sold mid-vote: the owner registered when the vote opened keeps its vote', async () => {
    const e = await estate([
      { area: '88.00', owners: ['卖方'] },
      { area: '90.00', owners: ['邻居'] },
    ]);
    const voteId = await openVote(e);
    const seller = e.houses[0].owners[0];
    // The sale is registered while the vote is open: the buyer now owns the house in the registry.
    const buyer = await insertPerson(t.database.db, e.unit, '买方');
    const shequ = await t.login('shequ');
    const moved = await shequ.put(`/api/v1/registry/houses/${e.houses[0].id}/owners`, {
      owners: [{ personId: buyer.id, share: '100' }],
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);

    const b = await owner(e, buyer.id);
    const refused = await b.post(`${G}/my/votes/${voteId}/ballots`, {
      houseId: e.houses[0].id,
      choice: 'no',
    });
    expect([refused.status, refused.body.error.code]).toEqual([403, 'NOT_OWNER']);
    expect(refused.body.error.message).toContain('表决开始时登记的业主');
    const s = await owner(e, seller.id);
    expect(
      (await s.post(`${G}/my/votes/${voteId}/ballots`, { houseId: e.houses[0].id, choice: 'yes' })).status,
    ).toBe(201);
    const [snap] = await t.database.db
      .select()
      .from(govElectorate)
      .where(and(eq(govElectorate.voteId, voteId), eq(govElectorate.houseId, e.houses[0].id)));
    expect(snap.ownerIds).toEqual([seller.id]);
    // The next vote opens on the new register: the buyer votes there.
    const next = await openVote(e);
    expect(
      (await b.post(`${G}/my/votes/${next}/ballots`, { houseId: e.houses[0].id, choice: 'no' })).status,
    ).toBe(201);
  });

  it('concurrent ballots for one house: exactly one is taken, the others answer 409', async () => {
    const e = await estate(equal(3));
    const voteId = await openVote(e);
    const o = await owner(e, e.houses[0].owners[0].id);
    const attempts = await Promise.all([
      ...['yes', 'no', 'abstain', 'yes', 'no'].map((choice) =>
        o.post(`${G}/my/votes/${voteId}/ballots`, { houseId: e.houses[0].id, choice }),
      ),
      paper(e, voteId, e.houses[0].id, 'no'),
      paper(e, voteId, e.houses[0].id, 'yes'),
    ]);
    const statuses = attempts.map((a) => a.status).sort();
    expect(statuses).toEqual([201, 409, 409, 409, 409, 409, 409]);
    for (const a of attempts.filter((x) => x.status === 409)) expect(a.body.error.code).toBe('ALREADY_VOTED');
    const stored = await t.database.db.select().from(govBallots).where(eq(govBallots.voteId, voteId));
    expect(stored).toHaveLength(1);
  });

  it('reminds the verified owners who have not voted', async () => {
    const e = await estate(equal(3));
    const voteId = await openVote(e);
    const voted = await owner(e, e.houses[0].owners[0].id);
    await owner(e, e.houses[1].owners[0].id);
    await voted.post(`${G}/my/votes/${voteId}/ballots`, { houseId: e.houses[0].id, choice: 'yes' });
    const res = await e.committee.post(`${G}/votes/${voteId}/remind`);
    expect(res.body).toEqual({ notified: 1, withoutAccount: 1 });
    const sent = await t.database.db.select().from(notifications).where(eq(notifications.targetId, voteId));
    expect(sent).toHaveLength(1);
  });

  it('elections fill seats by the counting rule', async () => {
    const e = await estate(equal(5));
    const now = t.clock.now().getTime();
    const created = await e.committee.post(`${G}/votes`, {
      estateId: e.estate.id,
      kind: 'election',
      matter: 'committee',
      post: 'committee_member',
      seats: 1,
      title: '补选业委会委员',
      startsAt: new Date(now - 60_000).toISOString(),
      endsAt: new Date(now + 86_400_000).toISOString(),
      candidates: [{ name: '候选甲' }, { name: '候选乙' }],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const voteId = created.body.id;
    await e.committee.post(`${G}/votes/${voteId}/open`);
    const detail = (await e.committee.get(`${G}/votes/${voteId}`)).body;
    const [jia, yi] = detail.candidates.map((c: { id: string }) => c.id);
    const ballot = (i: number, candidateIds: string[]) =>
      e.committee.post(`${G}/votes/${voteId}/paper-ballots`, {
        houseId: e.houses[i].id,
        candidateIds,
        scan: SCAN,
      });
    expect((await ballot(0, [jia, yi])).status).toBe(400);
    for (const [i, ids] of [[jia], [jia], [yi], [jia]].entries())
      expect((await ballot(i, ids)).status).toBe(201);
    const r = (await e.committee.post(`${G}/votes/${voteId}/close`)).body.result;
    expect(r.kind).toBe('election');
    expect(r.elected).toEqual([jia]);
    const notice = await e.committee.post(`${G}/votes/${voteId}/publish`);
    const text = (await e.committee.get(`${G}/votes/${voteId}/notice`)).body.body;
    expect(notice.status).toBe(201);
    expect(text).toContain('当选：候选甲');
  });
});

describe('meetings, decisions and tasks', () => {
  it('decisions become tasks, go overdue, are carried to the next agenda and closed (整改销号)', async () => {
    await at('2026-11-23T02:00:00Z');
    const e = await estate(equal(1));
    const m1 = await e.committee.post(`${G}/meetings`, {
      estateId: e.estate.id,
      kind: 'monthly',
      title: '11月月例会',
      heldAt: '2026-11-23T11:00:00+08:00',
      invitees: [{ name: '赵志明', org: '业委会' }],
      agenda: ['电动车充电桩选址'],
    });
    expect(m1.status, JSON.stringify(m1.body)).toBe(201);
    const recorded = await e.committee.post(`${G}/meetings/${m1.body.id}/record`, {
      attendance: [{ name: '赵志明', org: '业委会', present: true }],
      minutes: '讨论了充电桩选址和楼道堆物。',
      decisions: [
        { content: '3栋楼道堆物清理', ownerName: '物业 李经理', dueOn: '2026-11-30' },
        { content: '充电桩选址方案公示', ownerName: '业委会 赵志明', dueOn: '2026-12-20' },
      ],
    });
    expect(recorded.status, JSON.stringify(recorded.body)).toBe(200);
    const twice = await e.committee.post(`${G}/meetings/${m1.body.id}/record`, {
      attendance: [],
      minutes: '再记一次',
    });
    expect([twice.status, twice.body.error.code]).toEqual([409, 'MEETING_RECORDED']);

    const detail = (await e.committee.get(`${G}/meetings/${m1.body.id}`)).body;
    expect(detail.decisions).toHaveLength(2);
    expect(detail.decisions[0].task).toMatchObject({
      ownerName: '物业 李经理',
      dueOn: '2026-11-30',
      status: 'open',
    });

    // Past the first deadline (Asia/Shanghai days): one overdue.
    await at('2026-12-01T02:00:00Z');
    const c = await t.login((await insertUser(t.database.db, e.estate, 'owners_committee')).username);
    const overdue = (await c.get(`${G}/tasks?estateId=${e.estate.id}&overdue=true`)).body;
    expect(overdue.items.map((x: { title: string }) => x.title)).toEqual(['3栋楼道堆物清理']);
    expect(overdue.items[0].overdue).toBe(true);

    // The next meeting's agenda opens with both open tasks, then its own item.
    const m2 = await c.post(`${G}/meetings`, {
      estateId: e.estate.id,
      kind: 'monthly',
      title: '12月月例会',
      heldAt: '2026-12-02T19:00:00+08:00',
      agenda: ['年度业主大会筹备'],
    });
    const agenda = (await c.get(`${G}/meetings/${m2.body.id}`)).body.agenda;
    expect(agenda).toHaveLength(3);
    expect(agenda[0].carriedTask.title).toBe('3栋楼道堆物清理');
    expect(agenda[0].carriedTask.overdue).toBe(true);
    expect(agenda[2].content).toBe('年度业主大会筹备');

    const done = await c.post(`${G}/tasks/${overdue.items[0].id}/done`, { note: '已清理并拍照留档' });
    expect(done.status).toBe(200);
    expect((await c.post(`${G}/tasks/${overdue.items[0].id}/done`, { note: '再销一次' })).status).toBe(409);
    expect((await c.get(`${G}/tasks?estateId=${e.estate.id}&overdue=true`)).body.items).toEqual([]);
    const m3 = await c.post(`${G}/meetings`, {
      estateId: e.estate.id,
      kind: 'joint',
      title: '联席会',
      heldAt: '2026-12-05T19:00:00+08:00',
    });
    const agenda3 = (await c.get(`${G}/meetings/${m3.body.id}`)).body.agenda;
    expect(agenda3.map((a: { carriedTask: { title: string } }) => a.carriedTask.title)).toEqual([
      '充电桩选址方案公示',
    ]);
    await at('2026-11-23T02:00:00Z');
  });
});

describe('committee, lists, rules and scope', () => {
  it('keeps list versions, adopts rules by passed votes only, and shows them publicly', async () => {
    const e = await estate(equal(3));
    const save = (items: string[], changeNote: string) =>
      e.committee.put(`${G}/lists`, {
        estateId: e.estate.id,
        kind: 'property',
        items: items.map((title) => ({ title, responsible: '物业' })),
        changeNote,
      });
    expect((await save(['每日保洁两次'], '首次公示')).body.version).toBe(1);
    const v2 = await save(['每日保洁两次', '每月消防巡检'], '增加消防巡检');
    expect(v2.body.version).toBe(2);
    const list = (await e.committee.get(`${G}/lists/${v2.body.id}`)).body;
    expect(list.items).toHaveLength(2);
    expect(list.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);

    const failed = await openVote(e, 'management_rules');
    await e.committee.post(`${G}/votes/${failed}/close`);
    const passed = await openVote(e, 'management_rules');
    for (const h of e.houses) await paper(e, passed, h.id, 'yes');
    expect((await e.committee.post(`${G}/votes/${passed}/close`)).body.result.passed).toBe(true);
    const body = (adoptedByVoteId: string | null) => ({
      estateId: e.estate.id,
      kind: 'management_rules',
      content: '第一条 为维护全体业主的合法权益……',
      effectiveOn: '2026-11-23',
      adoptedByVoteId,
    });
    expect((await e.committee.post(`${G}/rules/versions`, body(failed))).status).toBe(400);
    const adopted = await e.committee.post(`${G}/rules/versions`, body(passed));
    expect(adopted.status, JSON.stringify(adopted.body)).toBe(201);
    const pub = await t.anonymous().get(`${G}/public/rules/${adopted.body.id}`);
    expect(pub.body.current.adoptedByVote.id).toBe(passed);
    const board = (await t.anonymous().get(`${G}/public/estates/${e.estate.id}`)).body;
    expect(board.lists[0].items).toHaveLength(2);
    expect(board.rules[0].kind).toBe('management_rules');
  });

  it('a committee member of another estate finds nothing here (404)', async () => {
    const e = await estate(equal(2));
    const voteId = await openVote(e);
    const yeweihui = await t.login('yeweihui');
    expect((await yeweihui.get(`${G}/votes/${voteId}`)).status).toBe(404);
    expect((await yeweihui.get(`${G}/votes?estateId=${e.estate.id}`)).status).toBe(404);
    expect((await yeweihui.post(`${G}/votes/${voteId}/close`)).status).toBe(404);
    expect((await paper({ ...e, committee: yeweihui }, voteId, e.houses[0].id, 'yes')).status).toBe(404);
    const own = await yeweihui.get(`${G}/votes?estateId=${t.places.jinxiuEstate.id}`);
    expect(own.status).toBe(200);
  });
});
