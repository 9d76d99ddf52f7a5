import { and, eq } from 'drizzle-orm';
import { voteRuleOf } from '../../../shared/governance.js';
import type { Caller, Fixture, Kit, PlaceRef } from '../../test/fixtures.js';
import type { Res } from '../../test/harness.js';
import { users } from '../org/schema.js';
import { countMatter } from './counting.js';
import {
  govBallots,
  govCommitteeMembers,
  govCommittees,
  govElectorate,
  govLists,
  govListVersions,
  govMeetings,
  govOwnerAccounts,
  govResultNotices,
  govRules,
  govRuleVersions,
  govTasks,
  govVotes,
} from './schema.js';
import { type BuiltEstate, buildHouses, insertPerson, insertPlace } from './testing.js';

/**
 * Governance records for the authorization matrix and the fuzzer, made straight in the database
 * under any place: an estate (with two houses, one co-owned) under `at`, and whatever the call acts on.
 */

/** 1×1 PNG. */
const PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const HOUR = 3_600_000;

/** An estate at or under `at` (a ghost stays a ghost: the call then names an estate that does not exist). */
async function estateUnder(kit: Kit, at: PlaceRef): Promise<PlaceRef> {
  let here = at;
  for (let i = 0; i < 3 && here.kind !== 'estate' && !here.ghost; i++) {
    if (!['street', 'community'].includes(here.kind)) break;
    here = await kit.place(here);
  }
  return here;
}

/** A new estate every time (lists and rules are one per estate and kind). */
async function freshEstate(kit: Kit, at: PlaceRef): Promise<PlaceRef> {
  const e = await estateUnder(kit, at);
  if (e.kind !== 'estate' || e.ghost) return e;
  // Nested only for the fixture: its path lies inside the caller's estate, which is what scope reads.
  const p = await insertPlace(kit.t.database.db, e, 'estate', '矩阵小区');
  return { ...p, kind: 'estate' };
}

async function estateWithHouses(kit: Kit, at: PlaceRef): Promise<BuiltEstate & { ref: PlaceRef }> {
  const ref = await estateUnder(kit, at);
  const built = await buildHouses(kit.t.database.db, ref, [
    { area: '89.50', owners: ['矩阵业主甲', '矩阵业主乙'] },
    { area: '120.00', owners: ['矩阵业主丙'] },
  ]);
  return { ...built, ref };
}

type VoteStatus = 'draft' | 'open' | 'closed' | 'published';

async function makeVote(kit: Kit, at: PlaceRef, status: VoteStatus, voter?: { id: string; name: string }) {
  const db = kit.t.database.db;
  const e = await estateWithHouses(kit, at);
  const now = kit.t.clock.now().getTime();
  const electorate = e.houses.map((h, i) => ({
    houseId: h.id,
    areaCents: BigInt(h.area.replace('.', '')),
    headKey: h.owners
      .map((o) => o.id)
      .sort()
      .join('+'),
    ownerIds: h.owners.map((o) => o.id),
    ownerNames: h.owners.map((o) => o.name),
    voterPersonId: i === 0 && voter ? voter.id : h.owners[0].id,
    voterName: i === 0 && voter ? voter.name : h.owners[0].name,
  }));
  const result =
    status === 'closed' || status === 'published'
      ? countMatter({ matter: 'other', electorate, ballots: [] })
      : null;
  const [v] = await db
    .insert(govVotes)
    .values({
      estateId: e.ref.id,
      placePath: e.ref.path,
      kind: 'matter',
      matter: 'other',
      rule: voteRuleOf('other'),
      title: '矩阵测试表决',
      status,
      startsAt: new Date(now - HOUR),
      endsAt: new Date(now + 7 * 24 * HOUR),
      openedAt: status === 'draft' ? null : new Date(now - HOUR),
      closedAt: result ? new Date(now) : null,
      totalAreaCents: status === 'draft' ? null : 20950n,
      totalHeads: status === 'draft' ? null : 2,
      totalHouses: status === 'draft' ? null : 2,
      result,
      passed: result?.passed ?? null,
    })
    .returning();
  if (status !== 'draft')
    await db.insert(govElectorate).values(
      electorate.map((x, i) => ({
        voteId: v.id,
        address: `矩阵小区1栋1单元${101 + i}`,
        ...x,
      })),
    );
  let noticeId: string | null = null;
  if (status === 'published') {
    const [n] = await db
      .insert(govResultNotices)
      .values({
        voteId: v.id,
        estateId: e.ref.id,
        placePath: e.ref.path,
        title: '矩阵表决结果公告',
        body: '表决结果：未通过。',
        publishedAt: new Date(now),
        publishedByName: '矩阵',
      })
      .returning({ id: govResultNotices.id });
    noticeId = n.id;
  }
  return { vote: v, estate: e, noticeId };
}

async function makePaperBallot(kit: Kit, at: PlaceRef) {
  const { vote, estate } = await makeVote(kit, at, 'open');
  const f = await kit.t.app.services.files.saveImage(Buffer.from(PNG, 'base64'), { name: '表决票.png' });
  await kit.t.app.services.files.attach([f.id], {
    ownerType: 'gov_ballot',
    ownerId: vote.id,
    placePath: vote.placePath,
  });
  const house = estate.houses[1];
  await kit.t.database.db.insert(govBallots).values({
    voteId: vote.id,
    houseId: house.id,
    voterPersonId: house.owners[0].id,
    voterName: house.owners[0].name,
    channel: 'paper',
    choice: 'yes',
    scanFileId: f.id,
    enteredByName: '矩阵',
    castAt: kit.t.clock.now(),
  });
  return { vote, houseId: house.id };
}

async function makeMeeting(kit: Kit, at: PlaceRef) {
  const e = await estateUnder(kit, at);
  const [m] = await kit.t.database.db
    .insert(govMeetings)
    .values({
      estateId: e.id,
      placePath: e.path,
      kind: 'monthly',
      title: '矩阵月例会',
      heldAt: kit.t.clock.now(),
    })
    .returning();
  return m;
}

async function makeTask(kit: Kit, at: PlaceRef) {
  const m = await makeMeeting(kit, at);
  const [task] = await kit.t.database.db
    .insert(govTasks)
    .values({
      estateId: m.estateId,
      placePath: m.placePath,
      meetingId: m.id,
      title: '矩阵任务',
      ownerName: '物业',
      dueOn: '2026-01-01',
    })
    .returning();
  return task;
}

async function makeCommittee(kit: Kit, at: PlaceRef) {
  const e = await estateUnder(kit, at);
  const [c] = await kit.t.database.db
    .insert(govCommittees)
    .values({
      estateId: e.id,
      placePath: e.path,
      name: '矩阵业委会',
      termStart: '2025-01-01',
      termEnd: '2029-12-31',
    })
    .returning();
  await kit.t.database.db.insert(govCommitteeMembers).values({
    committeeId: c.id,
    placePath: e.path,
    name: '矩阵主任',
    post: 'director',
    termStart: '2025-01-01',
    termEnd: '2029-12-31',
  });
  return c;
}

async function makeList(kit: Kit, at: PlaceRef) {
  const e = await freshEstate(kit, at);
  const db = kit.t.database.db;
  const [found] = await db
    .select()
    .from(govLists)
    .where(and(eq(govLists.estateId, e.id), eq(govLists.kind, 'party')));
  if (found) return found;
  const [l] = await db
    .insert(govLists)
    .values({ estateId: e.id, placePath: e.path, kind: 'party', title: '党支部责任清单' })
    .returning();
  await db.insert(govListVersions).values({
    listId: l.id,
    version: 1,
    items: [{ title: '每月组织一次联席会', detail: '', responsible: '党支部' }],
    changedOn: '2026-01-01',
    changedByName: '矩阵',
  });
  return l;
}

async function makeRule(kit: Kit, at: PlaceRef) {
  const e = await freshEstate(kit, at);
  const db = kit.t.database.db;
  const [found] = await db
    .select()
    .from(govRules)
    .where(and(eq(govRules.estateId, e.id), eq(govRules.kind, 'management_rules')));
  if (found) return found;
  const [r] = await db
    .insert(govRules)
    .values({ estateId: e.id, placePath: e.path, kind: 'management_rules', title: '矩阵管理规约' })
    .returning();
  await db.insert(govRuleVersions).values({
    ruleId: r.id,
    version: 1,
    content: '第一条 ……',
    effectiveOn: '2026-01-01',
    createdByName: '矩阵',
  });
  return r;
}

/** The caller's own account as a verified owner (a person made for it the first time). */
async function verifiedSelf(kit: Kit, caller: Caller, at: PlaceRef) {
  const db = kit.t.database.db;
  if (!caller.account) return insertPerson(db, await estateUnder(kit, at), '匿名');
  const [u] = await db
    .select({ id: users.id })
    .from(users)
    .where(eq(users.username, caller.account.username));
  const [link] = await db.select().from(govOwnerAccounts).where(eq(govOwnerAccounts.userId, u.id));
  if (link) return { id: link.personId, name: '矩阵业主' };
  const e = await estateUnder(kit, at);
  const p = await insertPerson(db, e, '矩阵业主');
  await db.insert(govOwnerAccounts).values({
    userId: u.id,
    personId: p.id,
    placePath: e.path,
    verifiedByName: '矩阵',
    verifiedAt: kit.t.clock.now(),
  });
  return p;
}

const has = (res: Res, id: string) =>
  (res.body?.items as { id: string }[] | undefined)?.some((i) => i.id === id) ? null : `${id} not listed`;

const G = 'api/v1/governance';
const k = (method: string, path: string) => `${method} /${G}${path}`;
const member = { name: '矩阵委员', post: 'member', termStart: '2026-01-01', termEnd: '2030-12-31' };

export const GOVERNANCE_FIXTURES: Record<string, Fixture> = {
  [k('GET', '/committees')]: {
    async build(kit, _c, at) {
      const c = await makeCommittee(kit, at);
      return { query: { estateId: c.estateId }, note: c.id };
    },
    outside: 'not-found',
    verify: (res, call) => has(res, call.note!),
  },
  [k('POST', '/committees')]: {
    build: async (kit, _c, at) => ({
      body: {
        estateId: (await estateUnder(kit, at)).id,
        name: '第二届业主委员会',
        termStart: '2026-01-01',
        termEnd: '2030-12-31',
        members: [{ ...member, post: 'director', name: '矩阵主任' }],
      },
    }),
    outside: 'not-found',
  },
  [k('PUT', '/committees/{id}/members')]: {
    build: async (kit, _c, at) => ({
      params: { id: (await makeCommittee(kit, at)).id },
      body: { members: [member] },
    }),
    outside: 'not-found',
  },
  [k('GET', '/property-companies')]: {
    build: async (kit, _c, at) => ({ query: { estateId: (await estateUnder(kit, at)).id } }),
    outside: 'not-found',
  },
  [k('POST', '/property-companies')]: {
    build: async (kit, _c, at) => ({
      body: {
        estateId: (await estateUnder(kit, at)).id,
        name: '矩阵物业服务有限公司',
        contactName: '李经理',
        contactPhone: '023-48661234',
        contractStart: '2026-01-01',
        contractEnd: '2028-12-31',
      },
    }),
    outside: 'not-found',
  },
  [k('GET', '/lists')]: {
    async build(kit, _c, at) {
      const l = await makeList(kit, at);
      return { query: { estateId: l.estateId }, note: l.id };
    },
    outside: 'not-found',
    verify: (res, call) => has(res, call.note!),
  },
  [k('GET', '/lists/{id}')]: {
    build: async (kit, _c, at) => ({ params: { id: (await makeList(kit, at)).id } }),
    outside: 'not-found',
  },
  [k('PUT', '/lists')]: {
    build: async (kit, _c, at) => ({
      body: {
        estateId: (await estateUnder(kit, at)).id,
        kind: 'social',
        items: [{ title: '每季度一次法律讲座', responsible: '法律服务社' }],
        changeNote: '矩阵',
      },
    }),
    outside: 'not-found',
  },

  [k('GET', '/meetings')]: {
    async build(kit, _c, at) {
      const m = await makeMeeting(kit, at);
      return { query: { estateId: m.estateId }, note: m.id };
    },
    outside: 'not-found',
    verify: (res, call) => has(res, call.note!),
  },
  [k('POST', '/meetings')]: {
    build: async (kit, _c, at) => ({
      body: {
        estateId: (await estateUnder(kit, at)).id,
        kind: 'joint',
        title: '矩阵联席会',
        heldAt: '2026-12-01T19:00:00+08:00',
        agenda: ['楼道堆物'],
      },
    }),
    outside: 'not-found',
  },
  [k('GET', '/meetings/{id}')]: {
    build: async (kit, _c, at) => ({ params: { id: (await makeMeeting(kit, at)).id } }),
    outside: 'not-found',
  },
  [k('POST', '/meetings/{id}/record')]: {
    build: async (kit, _c, at) => ({
      params: { id: (await makeMeeting(kit, at)).id },
      body: {
        attendance: [{ name: '赵志明', org: '业委会', present: true }],
        minutes: '矩阵纪要',
        decisions: [{ content: '清理楼道', ownerName: '物业', dueOn: '2099-01-01' }],
      },
    }),
    outside: 'not-found',
  },
  [k('GET', '/tasks')]: {
    async build(kit, _c, at) {
      const task = await makeTask(kit, at);
      return { query: { estateId: task.estateId, overdue: 'true' }, note: task.id };
    },
    outside: 'not-found',
    verify: (res, call) => has(res, call.note!),
  },
  [k('POST', '/tasks/{id}/done')]: {
    build: async (kit, _c, at) => ({
      params: { id: (await makeTask(kit, at)).id },
      body: { note: '已办结' },
    }),
    outside: 'not-found',
  },

  [k('GET', '/votes')]: {
    async build(kit, _c, at) {
      const { vote } = await makeVote(kit, at, 'open');
      return { query: { estateId: vote.estateId }, note: vote.id };
    },
    outside: 'not-found',
    verify: (res, call) => has(res, call.note!),
  },
  [k('POST', '/votes')]: {
    build: async (kit, _c, at) => ({
      body: {
        estateId: (await estateUnder(kit, at)).id,
        kind: 'matter',
        matter: 'use_fund',
        title: '使用维修资金更换电梯',
        startsAt: '2026-12-01T09:00:00+08:00',
        endsAt: '2026-12-15T18:00:00+08:00',
      },
    }),
    outside: 'not-found',
  },
  [k('GET', '/votes/{id}')]: {
    build: async (kit, _c, at) => ({ params: { id: (await makeVote(kit, at, 'open')).vote.id } }),
    outside: 'not-found',
  },
  [k('POST', '/votes/{id}/open')]: {
    build: async (kit, _c, at) => ({ params: { id: (await makeVote(kit, at, 'draft')).vote.id } }),
    outside: 'not-found',
  },
  [k('GET', '/votes/{id}/electorate')]: {
    build: async (kit, _c, at) => ({ params: { id: (await makeVote(kit, at, 'open')).vote.id } }),
    outside: 'not-found',
  },
  [k('PUT', '/votes/{id}/electorate/{houseId}/voter')]: {
    async build(kit, _c, at) {
      const { vote, estate } = await makeVote(kit, at, 'open');
      const h = estate.houses[0];
      return { params: { id: vote.id, houseId: h.id }, body: { personId: h.owners[1].id } };
    },
    outside: 'not-found',
  },
  [k('POST', '/votes/{id}/paper-ballots')]: {
    async build(kit, _c, at) {
      const { vote, estate } = await makeVote(kit, at, 'open');
      return {
        params: { id: vote.id },
        body: { houseId: estate.houses[1].id, choice: 'yes', scan: { name: '表决票.png', data: PNG } },
      };
    },
    outside: 'not-found',
  },
  [k('GET', '/votes/{id}/ballots/{houseId}/scan')]: {
    async build(kit, _c, at) {
      const b = await makePaperBallot(kit, at);
      return { params: { id: b.vote.id, houseId: b.houseId } };
    },
    outside: 'not-found',
  },
  [k('POST', '/votes/{id}/remind')]: {
    build: async (kit, _c, at) => ({ params: { id: (await makeVote(kit, at, 'open')).vote.id } }),
    outside: 'not-found',
  },
  [k('POST', '/votes/{id}/close')]: {
    build: async (kit, _c, at) => ({ params: { id: (await makeVote(kit, at, 'open')).vote.id } }),
    outside: 'not-found',
    verify: (res) => (res.body?.result?.passed === false ? null : 'an empty vote must not pass'),
  },
  [k('GET', '/votes/{id}/recount')]: {
    build: async (kit, _c, at) => ({ params: { id: (await makeVote(kit, at, 'closed')).vote.id } }),
    outside: 'not-found',
    verify: (res) => (res.body?.matches === true ? null : 'the recount differs from the stored result'),
  },
  [k('POST', '/votes/{id}/publish')]: {
    build: async (kit, _c, at) => ({ params: { id: (await makeVote(kit, at, 'closed')).vote.id } }),
    outside: 'not-found',
  },
  [k('GET', '/votes/{id}/notice')]: {
    build: async (kit, _c, at) => ({ params: { id: (await makeVote(kit, at, 'published')).vote.id } }),
    outside: 'not-found',
  },

  [k('GET', '/owner-accounts')]: {
    build: async (kit, _c, at) => ({ query: { estateId: (await estateUnder(kit, at)).id } }),
    outside: 'not-found',
  },
  [k('POST', '/owner-accounts')]: {
    async build(kit, _c, at) {
      const e = await estateWithHouses(kit, at);
      const u = await kit.user(null, { role: 'resident', phone: null });
      return { body: { username: u.username, personId: e.houses[1].owners[0].id, note: '核验房产证' } };
    },
    outside: 'not-found',
  },
  [k('DELETE', '/owner-accounts/{userId}')]: {
    async build(kit, _c, at) {
      const e = await estateWithHouses(kit, at);
      const u = await kit.user(null, { role: 'resident', phone: null });
      await kit.t.database.db.insert(govOwnerAccounts).values({
        userId: u.id,
        personId: e.houses[1].owners[0].id,
        placePath: e.unit.path,
        verifiedByName: '矩阵',
        verifiedAt: kit.t.clock.now(),
      });
      return { params: { userId: u.id } };
    },
    outside: 'not-found',
  },

  [k('GET', '/rules')]: {
    async build(kit, _c, at) {
      const r = await makeRule(kit, at);
      return { query: { estateId: r.estateId }, note: r.id };
    },
    outside: 'not-found',
    verify: (res, call) => has(res, call.note!),
  },
  [k('GET', '/rules/{id}')]: {
    build: async (kit, _c, at) => ({ params: { id: (await makeRule(kit, at)).id } }),
    outside: 'not-found',
  },
  [k('POST', '/rules/versions')]: {
    build: async (kit, _c, at) => ({
      body: {
        estateId: (await estateUnder(kit, at)).id,
        kind: 'committee_charter',
        content: '第一条 业主委员会是业主大会的执行机构……',
        effectiveOn: '2026-01-01',
      },
    }),
    outside: 'not-found',
  },

  [k('GET', '/my/votes')]: { build: async () => ({}) },
  [k('POST', '/my/votes/{id}/ballots')]: {
    async build(kit, caller) {
      // Any signed-in caller may try: the vote is made for them, with them as a house's voter.
      const self = await verifiedSelf(kit, caller, kit.street);
      const { vote, estate } = await makeVote(kit, kit.street, 'open', self);
      return { params: { id: vote.id }, body: { houseId: estate.houses[0].id, choice: 'yes' } };
    },
  },

  [k('GET', '/public/estates/{id}')]: {
    build: async (kit) => ({ params: { id: (await makeCommittee(kit, kit.street)).estateId } }),
  },
  [k('GET', '/public/notices/{id}')]: {
    build: async (kit) => ({ params: { id: (await makeVote(kit, kit.street, 'published')).noticeId! } }),
  },
  [k('GET', '/public/rules/{id}')]: {
    build: async (kit) => ({ params: { id: (await makeRule(kit, kit.street)).id } }),
  },
};
