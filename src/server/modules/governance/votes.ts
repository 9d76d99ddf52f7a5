import { and, asc, count, desc, eq, ilike, inArray, isNull, lte, or, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { z } from 'zod';
import type {
  ballotChoice,
  electorateQuery,
  myVotes,
  paperBallotBody,
  resultNotice,
  voteBody,
  voteDetail,
  voteListQuery,
  voteResult,
} from '../../../shared/api/governance.js';
import {
  areaText,
  type Choice,
  ELECTION_POSTS,
  VOTE_MATTERS,
  VOTE_RULES,
  type VoteKind,
  type VoteMatter,
  type VoteRule,
  type VoteStatus,
  voteRuleOf,
} from '../../../shared/governance.js';
import { escapeLike } from '../../db/sql.js';
import { canonicalJson } from '../../platform/audit/service.js';
import { type Ctx, systemCtx } from '../../platform/context.js';
import { AppError, badRequest, conflict, forbidden, notFound } from '../../platform/errors.js';
import { roles, userRoles, users } from '../org/schema.js';
import {
  actorName,
  estateFor,
  type GovernanceDeps,
  type GovPermission,
  inScopeOr404,
  shanghaiText,
} from './common.js';
import {
  areaCentsOf,
  countElection,
  countMatter,
  type ElectionResult,
  type ElectorateEntry,
  type MatterResult,
  percent,
  quorumHolds,
} from './counting.js';
import {
  govBallots,
  govCandidates,
  govElectorate,
  govOwnerAccounts,
  govResultNotices,
  govVotes,
} from './schema.js';

type VoteRow = typeof govVotes.$inferSelect;
type Result = MatterResult | ElectionResult;
const SCAN_MAX_BYTES = 5 * 1024 * 1024;
const b = alias(govBallots, 'b');
/** 1栋1单元801 before 1栋1单元1001 before 2栋…: building, unit and number read as numbers. */
const addressOrder = [
  sql`(regexp_match(${govElectorate.address}, '(\\d+)栋'))[1]::int nulls last`,
  sql`(regexp_match(${govElectorate.address}, '(\\d+)单元'))[1]::int nulls last`,
  sql`(regexp_match(${govElectorate.address}, '(\\d+)$'))[1]::int nulls last`,
  asc(govElectorate.address),
];

/** The public page of a result notice. */
export const noticePath = (noticeId: string) => `/gov/notices/${noticeId}`;

/** Headcount key of a house: its owners as a set (see counting.ts). Unowned houses count together as one. */
export const headKeyOf = (ownerIds: readonly string[]) =>
  ownerIds.length ? [...ownerIds].sort().join('+') : 'unregistered';

/** 关于“使用维修资金维修外墙”表决结果的公告: the vote's own 关于…的表决 is not repeated. */
export const noticeTitle = (voteTitle: string) =>
  `关于“${voteTitle.replace(/^关于/, '').replace(/的(表决|选举)$/, '')}”表决结果的公告`;

/** The text of the result notice: area and headcount always side by side (第二百七十八条). */
export function noticeBody(
  v: Pick<VoteRow, 'title' | 'matter' | 'post' | 'startsAt' | 'endsAt'>,
  estateName: string,
  r: Result,
  names: Map<string, string>,
) {
  const f = (x: { area: string; heads: number; houses: number }) =>
    `专有部分面积 ${x.area} 平方米、业主 ${x.heads} 人（${x.houses} 户）`;
  const lines = [
    `${estateName}业主大会就“${v.title}”进行表决，表决期间 ${shanghaiText(v.startsAt)} 至 ${shanghaiText(v.endsAt)}。`,
    `事项类别：${VOTE_MATTERS[v.matter as VoteMatter]}。表决规则：${VOTE_RULES[r.rule]}。`,
    `全体业主：${f(r.total)}。`,
    `参与表决：${f(r.participating)}；占总面积 ${r.shares.turnoutArea}，占总人数 ${r.shares.turnoutHeads}。`,
    `参与表决门槛（面积与人数均须达到三分之二以上）：面积${r.quorum.areaMet ? '已' : '未'}达到，人数${r.quorum.headsMet ? '已' : '未'}达到。`,
  ];
  if (r.kind === 'matter') {
    lines.push(
      `同意：${f(r.yes)}；占参与表决面积 ${r.shares.yesArea}，占参与表决人数 ${r.shares.yesHeads}。`,
      `反对：${f(r.no)}。弃权：${f(r.abstain)}。`,
      ...(r.mixedHeads
        ? [`另有 ${r.mixedHeads} 位业主名下多套房屋的意见不一致：面积分别计入各自意见，人数计入弃权。`]
        : []),
      `表决结果：${r.passed ? '通过' : r.quorum.met ? '未通过（同意未达到规定比例）' : '未通过（参与表决未达到三分之二）'}。`,
    );
  } else {
    lines.push(`应选 ${r.seats} 名${ELECTION_POSTS[v.post as keyof typeof ELECTION_POSTS] ?? ''}。`);
    for (const c of r.candidates)
      lines.push(
        `${names.get(c.candidateId) ?? ''}：得票 ${f(c.support)}${c.elected ? '，当选' : c.tiedForLastSeat ? '，得票相同需另行选举' : c.approval.met ? '' : '，未过半数'}。`,
      );
    lines.push(
      r.elected.length
        ? `当选：${r.elected.map((id) => names.get(id)).join('、')}${r.unfilled ? `；尚缺 ${r.unfilled} 名` : ''}。`
        : '本次选举无人当选。',
    );
  }
  lines.push('计票依据《中华人民共和国民法典》第二百七十八条，面积以 0.01 平方米为单位精确计算。');
  return lines.join('\n');
}

/**
 * Owners' votes under 民法典第二百七十八条: made as drafts, opened (the electorate is snapshotted
 * then), balloted online by verified owners or on paper entered by the committee, closed (the
 * count runs in that transaction), and published as a result notice.
 *
 * A house sold while the vote is open: the snapshot decides (权利登记日 = the day the vote opened).
 * The owner registered then keeps the house's vote; the buyer does not take it over. A vote must
 * have one fixed electorate, or its denominators would move while people vote.
 */
export function createVotesService(deps: GovernanceDeps) {
  const { db, audit, clock } = deps;

  async function voteFor(ctx: Ctx, id: string, permission: GovPermission) {
    const [v] = await db.select().from(govVotes).where(eq(govVotes.id, id));
    return inScopeOr404(ctx, v, permission, '表决不存在或无权访问');
  }

  async function candidatesOf(voteIds: string[]) {
    if (voteIds.length === 0) return [];
    return db
      .select()
      .from(govCandidates)
      .where(inArray(govCandidates.voteId, voteIds))
      .orderBy(asc(govCandidates.seq));
  }
  const candidateView = (c: typeof govCandidates.$inferSelect) => ({
    id: c.id,
    personId: c.personId,
    name: c.name,
    intro: c.intro,
  });

  const rowView = (v: VoteRow) => ({
    id: v.id,
    estateId: v.estateId,
    kind: v.kind as VoteKind,
    matter: v.matter as VoteMatter,
    rule: v.rule as VoteRule,
    title: v.title,
    status: v.status as VoteStatus,
    startsAt: v.startsAt.toISOString(),
    endsAt: v.endsAt.toISOString(),
    passed: v.passed,
  });

  /** Refuses a ballot unless the vote takes ballots now: open, and inside its window. */
  function assertTakesBallots(v: VoteRow) {
    const now = clock.now();
    if (v.status === 'draft' || (v.status === 'open' && now < v.startsAt))
      throw conflict('VOTE_NOT_OPEN', `表决尚未开始（开始时间 ${shanghaiText(v.startsAt)}）`);
    if (v.status !== 'open' || now >= v.endsAt)
      throw conflict('VOTE_CLOSED', `表决已截止（截止时间 ${shanghaiText(v.endsAt)}），不再接受投票`);
  }

  /** What a ballot says, checked against the vote: a choice for a matter, candidates for an election. */
  async function ballotContent(v: VoteRow, body: z.infer<typeof ballotChoice>) {
    if (v.kind === 'matter') {
      if (!body.choice || body.candidateIds)
        throw badRequest('请选择同意、反对或弃权', { choice: '请选择表决意见' });
      return { choice: body.choice as Choice, candidateIds: null };
    }
    if (body.choice || !body.candidateIds)
      throw badRequest('请选择候选人（不选任何人视为弃权）', { candidateIds: '请选择候选人' });
    const ids = body.candidateIds;
    if (new Set(ids).size !== ids.length)
      throw badRequest('同一候选人只能选一次', { candidateIds: '候选人重复' });
    if (ids.length > (v.seats ?? 0))
      throw badRequest(`最多选择 ${v.seats} 名候选人`, { candidateIds: `最多选择 ${v.seats} 名` });
    const known = new Set((await candidatesOf([v.id])).map((c) => c.id));
    if (ids.some((c) => !known.has(c)))
      throw badRequest('候选人不在本次选举名单中', { candidateIds: '候选人不正确' });
    return { choice: null, candidateIds: ids };
  }

  /**
   * Casts one ballot. The vote row is share-locked (closing takes it exclusively, so no ballot slips
   * in after the count), the house's electorate row too (a change of designated voter waits), and
   * the (vote, house) primary key makes a second ballot — even one racing this one — fail cleanly.
   */
  async function cast(
    ctx: Ctx,
    voteId: string,
    houseId: string,
    content: { choice: Choice | null; candidateIds: string[] | null },
    check: (entry: typeof govElectorate.$inferSelect) => void,
    /** Paper ballots: stores the scan, once every other check has passed (a refusal leaves no file). */
    saveScan: (() => Promise<string>) | null,
  ) {
    return db.transaction(async () => {
      const [v] = await db.select().from(govVotes).where(eq(govVotes.id, voteId)).for('share');
      assertTakesBallots(v);
      const [entry] = await db
        .select()
        .from(govElectorate)
        .where(and(eq(govElectorate.voteId, voteId), eq(govElectorate.houseId, houseId)))
        .for('share');
      if (!entry) throw notFound('该房屋不在本次表决的业主名册中');
      check(entry);
      const prior = async () => {
        const [p] = await db
          .select({ channel: govBallots.channel, castAt: govBallots.castAt })
          .from(govBallots)
          .where(and(eq(govBallots.voteId, voteId), eq(govBallots.houseId, houseId)));
        return p;
      };
      const twice = (p: Awaited<ReturnType<typeof prior>>) =>
        conflict(
          'ALREADY_VOTED',
          `${entry.address} 已于 ${p ? shanghaiText(p.castAt) : ''} ${p?.channel === 'paper' ? '以纸质表决票' : '在线'}投票，每户只能投一票`,
        );
      const earlier = await prior();
      if (earlier) throw twice(earlier);
      const paper = saveScan ? { scanFileId: await saveScan() } : null;
      const castAt = clock.now();
      const [saved] = await db
        .insert(govBallots)
        .values({
          voteId,
          houseId,
          voterPersonId: entry.voterPersonId,
          voterName: entry.voterName ?? '',
          channel: paper ? 'paper' : 'online',
          choice: content.choice,
          candidateIds: content.candidateIds,
          scanFileId: paper?.scanFileId ?? null,
          enteredBy: paper ? (ctx.actor?.userId ?? null) : null,
          enteredByName: paper ? actorName(ctx) : null,
          castAt,
        })
        .onConflictDoNothing()
        .returning({ houseId: govBallots.houseId });
      // A ballot racing this one took the key first: this one never counts.
      if (!saved) throw twice(await prior());
      if (paper)
        await deps.files.attach([paper.scanFileId], {
          ownerType: 'gov_ballot',
          ownerId: voteId,
          placePath: v.placePath,
        });
      await audit.record(ctx, {
        action: paper ? 'governance.ballot.paper' : 'governance.ballot.online',
        targetType: 'gov_vote',
        targetId: voteId,
        placeId: v.estateId,
        placePath: v.placePath,
        after: {
          houseId,
          address: entry.address,
          voterPersonId: entry.voterPersonId,
          choice: content.choice,
          candidateIds: content.candidateIds,
          scanFileId: paper?.scanFileId,
        },
      });
      return { houseId, castAt: castAt.toISOString() };
    });
  }

  /** Electorate and ballots as the counting rule takes them. */
  async function countOf(v: VoteRow): Promise<Result> {
    const electorate = await db
      .select({
        houseId: govElectorate.houseId,
        areaCents: govElectorate.areaCents,
        headKey: govElectorate.headKey,
      })
      .from(govElectorate)
      .where(eq(govElectorate.voteId, v.id));
    const ballots = await db.select().from(govBallots).where(eq(govBallots.voteId, v.id));
    const entries: ElectorateEntry[] = electorate.map((e) => ({ ...e, areaCents: BigInt(e.areaCents) }));
    if (v.kind === 'election') {
      const candidates = await candidatesOf([v.id]);
      return countElection({
        electorate: entries,
        ballots: ballots.map((b) => ({ houseId: b.houseId, candidateIds: b.candidateIds ?? [] })),
        candidateIds: candidates.map((c) => c.id),
        seats: v.seats!,
        rule: v.rule as VoteRule,
      });
    }
    return countMatter({
      matter: v.matter as VoteMatter,
      electorate: entries,
      ballots: ballots.map((b) => ({ houseId: b.houseId, choice: b.choice as Choice })),
    });
  }

  async function progressOf(v: VoteRow) {
    if (v.status === 'draft' || v.totalAreaCents === null) return null;
    const [p] = await db
      .select({
        votedArea: sql<string>`coalesce(sum(${govElectorate.areaCents}) filter (where ${b.houseId} is not null), 0)::text`,
        votedHeads: sql<number>`(count(distinct ${govElectorate.headKey}) filter (where ${b.houseId} is not null))::int`,
        votedHouses: sql<number>`count(${b.houseId})::int`,
        online: sql<number>`(count(*) filter (where ${b.channel} = 'online'))::int`,
        paper: sql<number>`(count(*) filter (where ${b.channel} = 'paper'))::int`,
      })
      .from(govElectorate)
      .leftJoin(b, and(eq(b.voteId, govElectorate.voteId), eq(b.houseId, govElectorate.houseId)))
      .where(eq(govElectorate.voteId, v.id));
    const totalArea = v.totalAreaCents;
    const votedArea = BigInt(p.votedArea);
    const totalHeads = BigInt(v.totalHeads ?? 0);
    return {
      total: { area: areaText(totalArea), heads: v.totalHeads ?? 0, houses: v.totalHouses ?? 0 },
      voted: { area: areaText(votedArea), heads: p.votedHeads, houses: p.votedHouses },
      turnoutArea: percent(votedArea, totalArea),
      turnoutHeads: percent(BigInt(p.votedHeads), totalHeads),
      quorumArea: quorumHolds(votedArea, totalArea),
      quorumHeads: quorumHolds(BigInt(p.votedHeads), totalHeads),
      online: p.online,
      paper: p.paper,
    };
  }

  /** Closes an open vote and counts it in one transaction: the vote row is locked, no ballot gets in. */
  async function closeCounted(ctx: Ctx, id: string) {
    return db.transaction(async () => {
      const [locked] = await db.select().from(govVotes).where(eq(govVotes.id, id)).for('update');
      if (locked.status !== 'open')
        throw conflict('VOTE_NOT_OPEN', locked.status === 'draft' ? '表决尚未开始' : '表决已截止计票');
      const result = await countOf(locked);
      await db
        .update(govVotes)
        .set({
          status: 'closed',
          closedAt: clock.now(),
          result,
          passed: result.passed,
          updatedAt: clock.now(),
        })
        .where(eq(govVotes.id, id));
      await audit.record(ctx, {
        action: 'governance.vote.close',
        targetType: 'gov_vote',
        targetId: id,
        placeId: locked.estateId,
        placePath: locked.placePath,
        after: result,
      });
      return result;
    });
  }

  /** Active accounts holding governance.manage at the estate itself: its committee. */
  async function committeeOf(estateId: string): Promise<string[]> {
    const rows = await db
      .selectDistinct({ id: users.id })
      .from(userRoles)
      .innerJoin(roles, eq(roles.id, userRoles.roleId))
      .innerJoin(users, eq(users.id, userRoles.userId))
      .where(
        and(
          eq(userRoles.placeId, estateId),
          eq(users.active, true),
          sql`'governance.manage' = any(${roles.permissions})`,
        ),
      );
    return rows.map((r) => r.id);
  }

  async function verifiedPerson(ctx: Ctx) {
    const [link] = await db
      .select()
      .from(govOwnerAccounts)
      .where(eq(govOwnerAccounts.userId, ctx.actor!.userId));
    return link ?? null;
  }

  return {
    voteFor,

    async list(ctx: Ctx, q: z.infer<typeof voteListQuery>) {
      const estate = await estateFor(deps, ctx, q.estateId, 'governance.read');
      const filters: SQL[] = [eq(govVotes.estateId, estate.id)];
      if (q.status) filters.push(eq(govVotes.status, q.status));
      const where = and(...filters);
      const [rows, [{ total }]] = await Promise.all([
        db
          .select()
          .from(govVotes)
          .where(where)
          .orderBy(desc(govVotes.startsAt), desc(govVotes.createdAt))
          .limit(q.pageSize)
          .offset((q.page - 1) * q.pageSize),
        db.select({ total: count() }).from(govVotes).where(where),
      ]);
      return { items: rows.map(rowView), total, page: q.page, pageSize: q.pageSize };
    },

    async create(ctx: Ctx, body: z.infer<typeof voteBody>) {
      const estate = await estateFor(deps, ctx, body.estateId, 'governance.manage');
      if (new Date(body.endsAt) <= new Date(body.startsAt))
        throw badRequest('截止时间应晚于开始时间', { endsAt: '截止时间不正确' });
      let matter = body.matter;
      if (body.kind === 'election') {
        if (!body.post || !body.seats)
          throw badRequest('选举须写明选举职务和应选人数', { seats: '请填写应选人数' });
        if (body.candidates.length === 0)
          throw badRequest('选举至少需要一名候选人', { candidates: '请添加候选人' });
        // 选举业主委员会成员 is item 3; 楼栋长 and 业主代表 are other matters of common management (item 9).
        matter = body.post === 'committee_member' ? 'committee' : 'other';
      } else if (body.post || body.seats || body.candidates.length) {
        throw badRequest('事项表决不设候选人和席位', { candidates: '事项表决不设候选人' });
      }
      for (const [i, c] of body.candidates.entries()) {
        if (!c.personId) continue;
        const p = await deps.registry.owners.person(c.personId);
        if (!p?.placePath.startsWith(estate.path))
          throw badRequest('候选人须是本小区登记的人员', { [`candidates.${i}.personId`]: '人员不在本小区' });
      }
      return db.transaction(async () => {
        const [v] = await db
          .insert(govVotes)
          .values({
            estateId: estate.id,
            placePath: estate.path,
            kind: body.kind,
            matter,
            rule: voteRuleOf(matter),
            title: body.title,
            description: body.description,
            post: body.kind === 'election' ? body.post : null,
            seats: body.kind === 'election' ? body.seats : null,
            startsAt: new Date(body.startsAt),
            endsAt: new Date(body.endsAt),
            createdBy: ctx.actor?.userId ?? null,
          })
          .returning({ id: govVotes.id });
        if (body.candidates.length)
          await db
            .insert(govCandidates)
            .values(body.candidates.map((c, i) => ({ voteId: v.id, seq: i + 1, ...c })));
        await audit.record(ctx, {
          action: 'governance.vote.create',
          targetType: 'gov_vote',
          targetId: v.id,
          placeId: estate.id,
          placePath: estate.path,
          after: { ...body, estateId: undefined, matter, rule: voteRuleOf(matter) },
        });
        return v.id;
      });
    },

    async detail(ctx: Ctx, id: string): Promise<z.infer<typeof voteDetail>> {
      const v = await voteFor(ctx, id, 'governance.read');
      const estate = await deps.org.places.find(v.estateId);
      const [notice] = await db
        .select({ id: govResultNotices.id })
        .from(govResultNotices)
        .where(eq(govResultNotices.voteId, id));
      return {
        ...rowView(v),
        estateName: estate?.name ?? '',
        description: v.description,
        post: v.post as z.infer<typeof voteDetail>['post'],
        seats: v.seats,
        candidates: (await candidatesOf([id])).map(candidateView),
        openedAt: v.openedAt?.toISOString() ?? null,
        closedAt: v.closedAt?.toISOString() ?? null,
        remindedAt: v.remindedAt?.toISOString() ?? null,
        progress: await progressOf(v),
        result: (v.result as z.infer<typeof voteResult> | null) ?? null,
        noticeId: notice?.id ?? null,
      };
    },

    /**
     * Opens the vote and snapshots the electorate: every house of the estate with its exclusive area
     * (exact, in 0.01 m²), its owners, the head it counts as, and its default voter — the owner with
     * the largest share, then the first registered (co-owners may designate another before voting).
     */
    async open(ctx: Ctx, id: string) {
      const v = await voteFor(ctx, id, 'governance.manage');
      const houses = await deps.registry.owners.housesUnder(v.placePath);
      if (houses.length === 0)
        throw conflict('NO_ELECTORATE', '本小区在房屋登记中没有房屋，无法确定表决业主名册');
      const missing = houses.filter((h) => areaCentsOf(h.area) === null);
      if (missing.length)
        throw conflict(
          'AREA_MISSING',
          `有 ${missing.length} 套房屋未登记专有部分面积（如 ${missing
            .slice(0, 3)
            .map((h) => h.address)
            .join('、')}），请先在房屋登记中补全，再开始表决`,
        );
      return db.transaction(async () => {
        const [locked] = await db.select().from(govVotes).where(eq(govVotes.id, id)).for('update');
        if (locked.status !== 'draft') throw conflict('VOTE_NOT_DRAFT', '表决已开始或已结束，不能再次开始');
        const rows = houses.map((h) => ({
          voteId: id,
          houseId: h.houseId,
          address: h.address,
          buildingId: h.buildingId,
          areaCents: areaCentsOf(h.area)!,
          ownerIds: h.owners.map((o) => o.personId),
          ownerNames: h.owners.map((o) => o.name),
          headKey: headKeyOf(h.owners.map((o) => o.personId)),
          voterPersonId: h.owners[0]?.personId ?? null,
          voterName: h.owners[0]?.name ?? null,
        }));
        for (let i = 0; i < rows.length; i += 500)
          await db.insert(govElectorate).values(rows.slice(i, i + 500));
        const totalArea = rows.reduce((s, r) => s + r.areaCents, 0n);
        const heads = new Set(rows.map((r) => r.headKey)).size;
        await db
          .update(govVotes)
          .set({
            status: 'open',
            openedAt: clock.now(),
            totalAreaCents: totalArea,
            totalHeads: heads,
            totalHouses: rows.length,
            updatedAt: clock.now(),
          })
          .where(eq(govVotes.id, id));
        await audit.record(ctx, {
          action: 'governance.vote.open',
          targetType: 'gov_vote',
          targetId: id,
          placeId: v.estateId,
          placePath: v.placePath,
          after: { houses: rows.length, heads, area: areaText(totalArea) },
        });
      });
    },

    async electorate(ctx: Ctx, id: string, q: z.infer<typeof electorateQuery>) {
      const v = await voteFor(ctx, id, 'governance.read');
      const filters: SQL[] = [eq(govElectorate.voteId, v.id)];
      if (q.q) filters.push(ilike(govElectorate.address, `%${escapeLike(q.q)}%`));
      if (q.voted === 'true') filters.push(sql`${b.houseId} is not null`);
      if (q.voted === 'false') filters.push(isNull(b.houseId));
      const where = and(...filters);
      const join = and(eq(b.voteId, govElectorate.voteId), eq(b.houseId, govElectorate.houseId));
      const [rows, [{ total }]] = await Promise.all([
        db
          .select({
            e: govElectorate,
            channel: b.channel,
            castAt: b.castAt,
            hasScan: sql<boolean>`${b.scanFileId} is not null`,
          })
          .from(govElectorate)
          .leftJoin(b, join)
          .where(where)
          .orderBy(...addressOrder)
          .limit(q.pageSize)
          .offset((q.page - 1) * q.pageSize),
        db.select({ total: count() }).from(govElectorate).leftJoin(b, join).where(where),
      ]);
      return {
        items: rows.map(({ e, channel, castAt, hasScan }) => ({
          houseId: e.houseId,
          address: e.address,
          area: areaText(BigInt(e.areaCents)),
          owners: e.ownerIds.map((personId, i) => ({ personId, name: e.ownerNames[i] })),
          voterPersonId: e.voterPersonId,
          voterName: e.voterName,
          voterBasis: e.voterBasis as 'default' | 'designated',
          voted: channel !== null,
          channel: channel as 'online' | 'paper' | null,
          castAt: castAt?.toISOString() ?? null,
          hasScan: !!hasScan,
        })),
        total,
        page: q.page,
        pageSize: q.pageSize,
      };
    },

    /** Co-owners name the one who votes for their house (书面指定), before that house has voted. */
    async designate(ctx: Ctx, id: string, houseId: string, personId: string) {
      const v = await voteFor(ctx, id, 'governance.manage');
      await db.transaction(async () => {
        const [locked] = await db.select().from(govVotes).where(eq(govVotes.id, id)).for('share');
        if (locked.status !== 'open') throw conflict('VOTE_NOT_OPEN', '只有表决进行中才能变更房屋的表决人');
        const [entry] = await db
          .select()
          .from(govElectorate)
          .where(and(eq(govElectorate.voteId, id), eq(govElectorate.houseId, houseId)))
          .for('update');
        if (!entry) throw notFound('该房屋不在本次表决的业主名册中');
        const at = entry.ownerIds.indexOf(personId);
        if (at < 0)
          throw badRequest('表决人须是该房屋在表决开始时登记的业主之一', { personId: '不是该房屋的业主' });
        const [ballot] = await db
          .select({ houseId: govBallots.houseId })
          .from(govBallots)
          .where(and(eq(govBallots.voteId, id), eq(govBallots.houseId, houseId)));
        if (ballot) throw conflict('ALREADY_VOTED', '该房屋已投票，不能再变更表决人');
        await db
          .update(govElectorate)
          .set({ voterPersonId: personId, voterName: entry.ownerNames[at], voterBasis: 'designated' })
          .where(and(eq(govElectorate.voteId, id), eq(govElectorate.houseId, houseId)));
        await audit.record(ctx, {
          action: 'governance.vote.designate',
          targetType: 'gov_vote',
          targetId: id,
          placeId: v.estateId,
          placePath: v.placePath,
          before: { houseId, voterPersonId: entry.voterPersonId },
          after: { houseId, voterPersonId: personId },
        });
      });
    },

    /** A verified owner votes online for a house whose designated voter they are. */
    async castOnline(ctx: Ctx, id: string, body: z.infer<typeof ballotChoice>) {
      const [v] = await db.select().from(govVotes).where(eq(govVotes.id, id));
      if (!v) throw notFound('表决不存在');
      const link = await verifiedPerson(ctx);
      if (!link)
        throw forbidden(
          '您的账号尚未通过业主身份核验，请携带房产证明到业委会办理核验后再在线投票',
          'OWNER_NOT_VERIFIED',
        );
      const content = await ballotContent(v, body);
      return cast(
        ctx,
        id,
        body.houseId,
        content,
        (entry) => {
          if (entry.voterPersonId === link.personId) return;
          if (entry.ownerIds.includes(link.personId))
            throw forbidden(
              `本房屋由共有人指定的 ${entry.voterName ?? '其他业主'} 投票；如需变更表决人，请在投票前到业委会办理`,
              'NOT_DESIGNATED_VOTER',
            );
          throw forbidden(
            '您不是该房屋在表决开始时登记的业主（表决以开始之日的业主名册为准），不能为该房屋投票',
            'NOT_OWNER',
          );
        },
        null,
      ).catch((e: unknown) => {
        // A house outside the electorate is, for an owner, a house they cannot vote for.
        if (e instanceof AppError && e.status === 404)
          throw forbidden('该房屋不在本次表决的业主名册中', 'NOT_OWNER');
        throw e;
      });
    },

    /** The committee enters a signed paper ballot, with its scan, for the house's designated voter. */
    async castPaper(ctx: Ctx, id: string, body: z.infer<typeof paperBallotBody>) {
      const v = await voteFor(ctx, id, 'governance.manage');
      const content = await ballotContent(v, body);
      const bytes = Buffer.from(body.scan.data.replace(/\s+/g, ''), 'base64');
      const isPdf = bytes.subarray(0, 5).toString('latin1') === '%PDF-';
      const saveScan = async () =>
        (isPdf
          ? await deps.files.saveFile(bytes, {
              name: body.scan.name,
              contentType: 'application/pdf',
              maxBytes: SCAN_MAX_BYTES,
            })
          : await deps.files.saveImage(bytes, { name: body.scan.name, maxBytes: SCAN_MAX_BYTES })
        ).id;
      return cast(
        ctx,
        id,
        body.houseId,
        content,
        (entry) => {
          if (!entry.voterPersonId)
            throw conflict('NO_VOTER', `${entry.address} 没有登记业主，无法录入表决票`);
        },
        saveScan,
      );
    },

    /** The scan of a house's paper ballot. */
    async scan(ctx: Ctx, id: string, houseId: string): Promise<string> {
      await voteFor(ctx, id, 'governance.read');
      const [b] = await db
        .select({ scanFileId: govBallots.scanFileId })
        .from(govBallots)
        .where(and(eq(govBallots.voteId, id), eq(govBallots.houseId, houseId)));
      if (!b?.scanFileId) throw notFound('该房屋没有纸质表决票扫描件');
      return b.scanFileId;
    },

    /** Reminds the designated voters who have not voted, through their verified accounts. */
    async remind(ctx: Ctx, id: string) {
      const v = await voteFor(ctx, id, 'governance.manage');
      if (v.status !== 'open') throw conflict('VOTE_NOT_OPEN', '只有表决进行中才能提醒未投票业主');
      const pending = await db
        .select({ personId: govElectorate.voterPersonId, userId: govOwnerAccounts.userId })
        .from(govElectorate)
        .leftJoin(govOwnerAccounts, eq(govOwnerAccounts.personId, govElectorate.voterPersonId))
        .leftJoin(
          govBallots,
          and(eq(govBallots.voteId, govElectorate.voteId), eq(govBallots.houseId, govElectorate.houseId)),
        )
        .where(and(eq(govElectorate.voteId, id), isNull(govBallots.houseId)));
      const userIds = [...new Set(pending.map((p) => p.userId).filter((u): u is string => !!u))];
      return db.transaction(async () => {
        const notified = await deps.notifications.send(userIds, {
          kind: 'governance.vote.remind',
          title: `请参与表决：${v.title}`,
          body: `表决将于 ${shanghaiText(v.endsAt)} 截止，您名下房屋尚未投票。`,
          link: '/owner/votes',
          targetType: 'gov_vote',
          targetId: id,
        });
        await db.update(govVotes).set({ remindedAt: clock.now() }).where(eq(govVotes.id, id));
        await audit.record(ctx, {
          action: 'governance.vote.remind',
          targetType: 'gov_vote',
          targetId: id,
          placeId: v.estateId,
          placePath: v.placePath,
          after: { notified, pendingHouses: pending.length },
        });
        return { notified, withoutAccount: pending.filter((p) => !p.userId).length };
      });
    },

    /**
     * Closes the vote and counts it, in one transaction: the vote row is locked exclusively (no
     * ballot can be added while counting), the result is stored with the vote.
     */
    async close(ctx: Ctx, id: string) {
      await voteFor(ctx, id, 'governance.manage');
      return closeCounted(ctx, id);
    },

    /**
     * The hourly sweep: votes past their deadline are closed and counted, and the estate's committee
     * is told to review and publish (publishing stays a person's decision).
     */
    async closeDue() {
      const due = await db
        .select({ id: govVotes.id, estateId: govVotes.estateId, title: govVotes.title })
        .from(govVotes)
        .where(and(eq(govVotes.status, 'open'), lte(govVotes.endsAt, clock.now())))
        .limit(100);
      let closed = 0;
      for (const v of due) {
        const result = await db.transaction(async () => {
          const r = await closeCounted(systemCtx('表决到期自动截止'), v.id).catch((e: unknown) => {
            // Closed by the committee in the meantime: nothing left to do.
            if (e instanceof AppError && e.code === 'VOTE_NOT_OPEN') return null;
            throw e;
          });
          if (!r) return null;
          await deps.notifications.send(await committeeOf(v.estateId), {
            kind: 'governance.vote.closed',
            title: `表决已截止计票：${v.title}`,
            body: `${r.passed ? '通过' : '未通过'}。请复核后公告结果。`,
            link: `/gov/votes/${v.id}`,
            targetType: 'gov_vote',
            targetId: v.id,
          });
          return r;
        });
        if (result) closed += 1;
      }
      return closed;
    },

    /** Counts again from the stored ballots and says whether the figures are the ones published. */
    async recount(ctx: Ctx, id: string) {
      const v = await voteFor(ctx, id, 'governance.read');
      if (v.status !== 'closed' && v.status !== 'published')
        throw conflict('VOTE_NOT_CLOSED', '表决尚未计票');
      const result = await db.transaction(async () => countOf(v));
      // jsonb keeps no key order: compare canonical forms.
      return { result, matches: canonicalJson(result) === canonicalJson(v.result) };
    },

    /** Publishes the result notice: this module's own public page, and the notices module if wired. */
    async publish(ctx: Ctx, id: string) {
      const v = await voteFor(ctx, id, 'governance.manage');
      const estate = await deps.org.places.find(v.estateId);
      const names = new Map((await candidatesOf([id])).map((c) => [c.id, c.name]));
      return db.transaction(async () => {
        const [locked] = await db.select().from(govVotes).where(eq(govVotes.id, id)).for('update');
        if (locked.status !== 'closed')
          throw conflict(
            'VOTE_NOT_CLOSED',
            locked.status === 'published' ? '表决结果已公告' : '表决尚未截止计票，不能公告结果',
          );
        const result = locked.result as Result;
        const title = noticeTitle(locked.title);
        const body = noticeBody(locked, estate?.name ?? '', result, names);
        const [n] = await db
          .insert(govResultNotices)
          .values({
            voteId: id,
            estateId: locked.estateId,
            placePath: locked.placePath,
            title,
            body,
            publishedAt: clock.now(),
            publishedBy: ctx.actor?.userId ?? null,
            publishedByName: actorName(ctx),
          })
          .returning({ id: govResultNotices.id });
        // The notices module puts it on the estate's board too, when the publisher may send notices there.
        const external =
          deps.publishNotice && ctx.actor?.inScope('notices.send', locked.placePath)
            ? await deps.publishNotice(ctx, {
                estateId: locked.estateId,
                voteId: id,
                title,
                body,
                link: noticePath(n.id),
              })
            : null;
        if (external)
          await db
            .update(govResultNotices)
            .set({ noticeId: external.id })
            .where(eq(govResultNotices.id, n.id));
        await db
          .update(govVotes)
          .set({ status: 'published', updatedAt: clock.now() })
          .where(eq(govVotes.id, id));
        await audit.record(ctx, {
          action: 'governance.vote.publish',
          targetType: 'gov_vote',
          targetId: id,
          placeId: locked.estateId,
          placePath: locked.placePath,
          after: { noticeId: n.id, externalNoticeId: external?.id ?? null },
        });
        return n.id;
      });
    },

    /** A result notice: for the committee (in scope) or, with `publicView`, for anyone. */
    async notice(
      ctx: Ctx | null,
      noticeOrVoteId: string,
      by: 'vote' | 'notice',
    ): Promise<z.infer<typeof resultNotice>> {
      const [n] = await db
        .select()
        .from(govResultNotices)
        .where(
          by === 'vote'
            ? eq(govResultNotices.voteId, noticeOrVoteId)
            : eq(govResultNotices.id, noticeOrVoteId),
        );
      if (ctx) {
        await voteFor(
          ctx,
          by === 'vote' ? noticeOrVoteId : (n?.voteId ?? '00000000-0000-0000-0000-000000000000'),
          'governance.read',
        );
      }
      if (!n) throw notFound('结果公告不存在');
      const [v] = await db.select().from(govVotes).where(eq(govVotes.id, n.voteId));
      const estate = await deps.org.places.find(n.estateId);
      return {
        id: n.id,
        voteId: n.voteId,
        estateName: estate?.name ?? '',
        title: n.title,
        body: n.body,
        publishedAt: n.publishedAt.toISOString(),
        publishedByName: n.publishedByName,
        result: v.result as z.infer<typeof voteResult>,
        voteTitle: v.title,
        matter: v.matter as VoteMatter,
        candidates: (await candidatesOf([v.id])).map(candidateView),
      };
    },

    /** The votes a verified owner takes part in, with each of their houses and whether it voted. */
    async mine(ctx: Ctx): Promise<z.infer<typeof myVotes>> {
      const link = await verifiedPerson(ctx);
      if (!link) return { verified: false, personName: null, items: [] };
      const person = await deps.registry.owners.person(link.personId);
      const entries = await db
        .select({
          v: govVotes,
          houseId: govElectorate.houseId,
          address: govElectorate.address,
          areaCents: govElectorate.areaCents,
          voterPersonId: govElectorate.voterPersonId,
          voterName: govElectorate.voterName,
          choice: govBallots.choice,
          candidateIds: govBallots.candidateIds,
          castAt: govBallots.castAt,
        })
        .from(govElectorate)
        .innerJoin(govVotes, eq(govVotes.id, govElectorate.voteId))
        .leftJoin(
          govBallots,
          and(eq(govBallots.voteId, govElectorate.voteId), eq(govBallots.houseId, govElectorate.houseId)),
        )
        .where(
          and(
            // Houses they vote for, and houses they co-own where another owner was named (they should know).
            or(
              eq(govElectorate.voterPersonId, link.personId),
              sql`${govElectorate.ownerIds} @> array[${link.personId}]::uuid[]`,
            ),
            inArray(govVotes.status, ['open', 'closed', 'published']),
          ),
        )
        .orderBy(desc(govVotes.startsAt), asc(govElectorate.address))
        .limit(200);
      const byVote = new Map<string, (typeof entries)[number][]>();
      for (const e of entries) byVote.set(e.v.id, [...(byVote.get(e.v.id) ?? []), e]);
      const candidates = await candidatesOf([...byVote.keys()]);
      const estates = new Map<string, string>();
      const items = [];
      for (const [, list] of byVote) {
        const v = list[0].v;
        if (!estates.has(v.estateId))
          estates.set(v.estateId, (await deps.org.places.find(v.estateId))?.name ?? '');
        items.push({
          ...rowView(v),
          estateName: estates.get(v.estateId)!,
          description: v.description,
          seats: v.seats,
          candidates: candidates.filter((c) => c.voteId === v.id).map(candidateView),
          houses: list.map((e) => ({
            houseId: e.houseId,
            address: e.address,
            area: areaText(BigInt(e.areaCents)),
            isVoter: e.voterPersonId === link.personId,
            voterName: e.voterName,
            voted: e.castAt !== null,
            choice: (e.choice as Choice | null) ?? null,
            candidateIds: e.candidateIds ?? null,
            castAt: e.castAt?.toISOString() ?? null,
          })),
        });
      }
      return { verified: true, personName: person?.name ?? null, items };
    },

    // ── owner accounts (业主身份核验) ──
    async ownerAccounts(ctx: Ctx, estateId: string) {
      const estate = await estateFor(deps, ctx, estateId, 'governance.read');
      const rows = await db
        .select({
          a: govOwnerAccounts,
          username: users.username,
          displayName: users.displayName,
        })
        .from(govOwnerAccounts)
        .innerJoin(users, eq(users.id, govOwnerAccounts.userId))
        .where(sql`${govOwnerAccounts.placePath} like ${`${escapeLike(estate.path)}%`}`)
        .orderBy(desc(govOwnerAccounts.verifiedAt))
        .limit(500);
      const items = [];
      for (const r of rows) {
        const p = await deps.registry.owners.person(r.a.personId);
        items.push({
          userId: r.a.userId,
          username: r.username,
          displayName: r.displayName,
          personId: r.a.personId,
          personName: p?.name ?? '',
          verifiedByName: r.a.verifiedByName,
          verifiedAt: r.a.verifiedAt.toISOString(),
          note: r.a.note,
        });
      }
      return { items };
    },

    /** Links a resident's account to the registry person the committee verified them to be. */
    async verifyOwner(ctx: Ctx, body: { username: string; personId: string; note: string }) {
      const p = await deps.registry.owners.person(body.personId);
      if (!p || !ctx.actor!.inScope('governance.manage', p.placePath)) throw notFound('人员不存在或无权访问');
      const [u] = await db
        .select({ id: users.id })
        .from(users)
        .where(eq(users.username, body.username.trim()));
      if (!u) throw badRequest('账号不存在，请核对居民的登录账号', { username: '账号不存在' });
      await db.transaction(async () => {
        const [other] = await db
          .select({ userId: govOwnerAccounts.userId })
          .from(govOwnerAccounts)
          .where(eq(govOwnerAccounts.personId, p.id));
        if (other && other.userId !== u.id)
          throw conflict('PERSON_LINKED', `${p.name} 已关联其他账号，请先解除原关联`, {
            personId: '已关联其他账号',
          });
        const [before] = await db.select().from(govOwnerAccounts).where(eq(govOwnerAccounts.userId, u.id));
        if (before && !ctx.actor!.inScope('governance.manage', before.placePath))
          throw conflict('ACCOUNT_LINKED', '该账号已关联其他小区的业主', { username: '已关联' });
        const values = {
          userId: u.id,
          personId: p.id,
          placePath: p.placePath,
          verifiedBy: ctx.actor?.userId ?? null,
          verifiedByName: actorName(ctx),
          verifiedAt: clock.now(),
          note: body.note,
        };
        await db
          .insert(govOwnerAccounts)
          .values(values)
          .onConflictDoUpdate({ target: govOwnerAccounts.userId, set: values });
        await audit.record(ctx, {
          action: 'governance.owner_account.verify',
          targetType: 'user',
          targetId: u.id,
          placePath: p.placePath,
          before: before ? { personId: before.personId } : null,
          after: { personId: p.id, note: body.note },
        });
      });
    },

    async unlinkOwner(ctx: Ctx, userId: string) {
      const [row] = await db.select().from(govOwnerAccounts).where(eq(govOwnerAccounts.userId, userId));
      const link = inScopeOr404(ctx, row, 'governance.manage', '关联不存在或无权访问');
      await db.transaction(async () => {
        await db.delete(govOwnerAccounts).where(eq(govOwnerAccounts.userId, userId));
        await audit.record(ctx, {
          action: 'governance.owner_account.unlink',
          targetType: 'user',
          targetId: userId,
          placePath: link.placePath,
          before: { personId: link.personId },
        });
      });
    },

    /** Published notices of an estate, newest first (the public page lists them). */
    async noticesOf(estateId: string) {
      const rows = await db
        .select({
          id: govResultNotices.id,
          title: govResultNotices.title,
          publishedAt: govResultNotices.publishedAt,
          passed: govVotes.passed,
        })
        .from(govResultNotices)
        .innerJoin(govVotes, eq(govVotes.id, govResultNotices.voteId))
        .where(eq(govResultNotices.estateId, estateId))
        .orderBy(desc(govResultNotices.publishedAt))
        .limit(50);
      return rows.map((r) => ({ ...r, publishedAt: r.publishedAt.toISOString(), passed: !!r.passed }));
    },
  };
}
