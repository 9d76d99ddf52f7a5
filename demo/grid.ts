import { inArray, like, sql } from 'drizzle-orm';
import type { Db } from '../src/server/db/index.js';
import { insertRows } from '../src/server/db/sql.js';
import {
  campaigns,
  diaryEntries,
  eventSteps,
  events,
  gridMembers,
  roundCheckins,
} from '../src/server/modules/grid/schema.js';
import { users } from '../src/server/modules/org/schema.js';
import { houses } from '../src/server/modules/registry/schema.js';
import { residentRequests } from '../src/server/modules/requests/schema.js';
import { addWorkingDays, isWorkingDay, shanghaiDate } from '../src/server/platform/calendar/index.js';
import { notifications } from '../src/server/platform/notify/schema.js';
import { maskPhone, type PiiCipher } from '../src/server/platform/pii/index.js';
import {
  deadlineWorkingDays,
  type EventCategory,
  MEMBER_DUTIES,
  type MemberRole,
  type Urgency,
} from '../src/shared/grid.js';
import type { DemoPlace, DemoPlaces } from './org.js';
import type { Random } from './random.js';
import { GRID_WORKERS } from './registry.js';

// Grid work in 古南街道: members on every grid, four months of events in every state (a third of them
// residents' requests, rated), the two demo grid workers' diaries and check-ins, two campaigns.

/** A request the demo resident (jumin, phone 19900000012) filed, closed and waiting for the rating. */
export const DEMO_REQUEST = { trackingNo: 'SQ20261001', phone: '19900000012' } as const;

const H = 3_600_000;
const D = 24 * H;

/** What residents and workers really report, by category and subcategory. */
const TOPICS: [EventCategory, string, string, string][] = [
  ['property', 'elevator', '电梯停运', '电梯停在{f}楼不动，老人上下楼困难'],
  ['property', 'elevator', '电梯异响', '电梯运行时有异响，住户担心安全'],
  ['property', 'parking', '消防通道停车', '消防通道长期停放私家车，多次提醒无效'],
  ['property', 'repair', '单元门禁损坏', '单元门禁坏了，外来人员随意进出'],
  ['property', 'greening', '绿化带被毁种菜', '楼下绿化带被个别住户开垦种菜'],
  ['sanitation', 'garbage', '楼道堆放杂物', '楼道堆满纸箱和旧家具，影响通行和消防'],
  ['sanitation', 'garbage', '垃圾清运不及时', '垃圾桶满溢两天未清运，气味很大'],
  ['sanitation', 'sewage', '化粪池外溢', '化粪池外溢，污水流到人行道'],
  ['municipal', 'lighting', '路灯不亮', '小区主干道路灯坏了一周，夜间出行不便'],
  ['municipal', 'water', '自来水发黄', '早上放水颜色发黄，持续半小时'],
  ['municipal', 'drainage', '雨水井堵塞', '下雨后雨水井堵塞，路面积水'],
  ['hazard', 'electric', '电动车楼道充电', '有住户把电动车推进楼道，拉线充电'],
  ['hazard', 'fire', '灭火器过期', '{f}楼消防箱内灭火器压力不足、已过期'],
  ['hazard', 'falling', '高空坠物隐患', '{f}楼阳台花盆摆在护栏外，有坠落危险'],
  ['dispute', 'neighbour', '楼上漏水纠纷', '楼上卫生间漏水到楼下，双方协商不成'],
  ['dispute', 'neighbour', '噪音扰民纠纷', '楼上夜间装修噪音，邻里发生争执'],
  ['dispute', 'property_fee', '物业费争议', '住户认为服务不到位拒交物业费'],
  ['livelihood', 'elderly', '独居老人需要帮助', '独居老人行动不便，希望有人定期上门'],
  ['livelihood', 'welfare', '咨询低保申请', '家庭成员失业，咨询低保申请条件'],
  ['security', 'suspicious', '车辆被拉门', '地下车库有人逐辆拉车门'],
];

const REPLIES: Record<string, string> = {
  resolved: '已联系相关单位处理完毕，现场已恢复正常。',
  unresolved: '已协调多次，需业主大会表决使用维修资金，已纳入下次议事会议题。',
  not_ours: '该问题属供水公司职责，已告知报修电话并转交。',
};

const OUTSIDE_FOR: Partial<Record<EventCategory, string>> = { municipal: '供水公司', property: '物业公司' };

const BUILDING_HEADS = [
  '张德明',
  '李桂英',
  '王秀珍',
  '赵建平',
  '孙玉兰',
  '周国强',
  '吴淑芬',
  '郑志刚',
  '冯丽华',
];
const MICRO_WORKERS = ['钱小燕', '蒋志勇', '韩梅', '曹亮', '邓芳', '许文', '傅军'];

export async function loadGridDemo(db: Db, pii: PiiCipher, demo: DemoPlaces, now: Date, rnd: Random) {
  const accounts = await db
    .select({ id: users.id, username: users.username, name: users.displayName })
    .from(users)
    .where(inArray(users.username, ['wangge', 'wangge2', 'shequ', 'jiedao', 'baoan']));
  const user = (u: string) => accounts.find((a) => a.username === u)!;
  const byId = new Map(demo.all.map((p) => [p.id, p]));
  const grids = demo.all.filter((p) => p.kind === 'grid');
  const parentOf = (p: DemoPlace) => (p.parentId ? byId.get(p.parentId) : undefined);
  const ancestor = (p: DemoPlace, kind: string): DemoPlace | undefined => {
    for (let q: DemoPlace | undefined = p; q; q = parentOf(q)) if (q.kind === kind) return q;
    return undefined;
  };

  // ── members ──
  const members: (typeof gridMembers.$inferInsert)[] = [];
  const phone = () => `139${String(rnd.int(0, 99_999_999)).padStart(8, '0')}`;
  const member = (
    grid: DemoPlace,
    name: string,
    role: MemberRole,
    sortOrder: number,
    userId: string | null = null,
  ) =>
    members.push({
      gridId: grid.id,
      placePath: grid.path,
      userId,
      name,
      role,
      servicePhone: phone(),
      duties: MEMBER_DUTIES[role],
      sortOrder,
      isDemo: true,
    });
  const estateWorkers: Record<string, readonly string[]> = {
    [demo.jinxiuEstate.id]: GRID_WORKERS.jinxiu,
    [demo.yujiaEstate.id]: GRID_WORKERS.yujia,
    [demo.nanhuaEstate.id]: GRID_WORKERS.nanhua,
  };
  for (const grid of grids) {
    const parent = parentOf(grid)!;
    if (parent.kind === 'grid') {
      member(grid, rnd.pick(MICRO_WORKERS), 'micro_worker', 1);
      continue;
    }
    const index = grids.filter((g) => g.parentId === grid.parentId).indexOf(grid);
    const name = estateWorkers[parent.id]?.[index] ?? rnd.pick(MICRO_WORKERS);
    const account =
      grid.id === demo.jinxiuGrid1.id
        ? user('wangge').id
        : grid.id === demo.jinxiuGrid2.id
          ? user('wangge2').id
          : null;
    member(grid, name, index === 0 ? 'leader' : 'worker', 1, account);
    const buildings = demo.all.filter((b) => b.kind === 'building' && b.parentId === grid.id);
    buildings.forEach((b, i) => {
      member(grid, `${rnd.pick(BUILDING_HEADS)}（${b.name}）`, 'building_head', 10 + i);
    });
  }
  await insertRows(db, gridMembers, members);

  // ── campaigns ──
  const dayOffset = (days: number) => shanghaiDate(new Date(now.getTime() + days * D));
  const sweep = rnd.uuid();
  const ebike = rnd.uuid();
  await insertRows(db, campaigns, [
    {
      id: sweep,
      placeId: demo.street.id,
      placePath: demo.street.path,
      kind: 'dispute_sweep',
      name: '冬季矛盾纠纷大排查',
      startsOn: dayOffset(-20),
      endsOn: dayOffset(40),
      goals: '逐楼逐户排查邻里、物业、家庭纠纷，做到底数清、情况明，小事不出小区、大事不出社区',
      targetCount: 60,
      isDemo: true,
    },
    {
      id: ebike,
      placeId: demo.jinxiuCommunity.id,
      placePath: demo.jinxiuCommunity.path,
      kind: 'hazard_sweep',
      name: '电动车违规充电专项整治',
      startsOn: dayOffset(-75),
      endsOn: dayOffset(-45),
      goals: '清理楼道停放充电的电动车，新增集中充电桩 2 处',
      targetCount: 20,
      isDemo: true,
    },
  ]);

  // ── events ──
  const eventRows: (typeof events.$inferInsert & { id: string })[] = [];
  const steps: (typeof eventSteps.$inferInsert)[] = [];
  const requests: (typeof residentRequests.$inferInsert)[] = [];
  const workerOf = (grid: DemoPlace) =>
    grid.id === demo.jinxiuGrid1.id
      ? user('wangge')
      : grid.id === demo.jinxiuGrid2.id
        ? user('wangge2')
        : null;
  const leafGrids = grids.filter((g) => !grids.some((c) => c.parentId === g.id));
  let trackingSeq = 0;

  const makeEvent = (opts: {
    createdAt: Date;
    grid: DemoPlace;
    state: string;
    named?: Partial<typeof events.$inferInsert>;
  }) => {
    const { grid, createdAt } = opts;
    const buildings = demo.all.filter((b) => b.kind === 'building' && b.path.startsWith(grid.path));
    const place = buildings.length > 0 ? rnd.pick(buildings) : grid;
    const [category, sub, title, text] = rnd.pick(TOPICS);
    const urgency: Urgency = rnd.next() < 0.15 ? 'urgent' : 'normal';
    const fromRequest = category !== 'security' && rnd.next() < 0.35;
    const worker = workerOf(grid);
    const id = rnd.uuid();
    const deadlineAt = addWorkingDays(createdAt, deadlineWorkingDays(category, urgency));
    const e: typeof events.$inferInsert & { id: string } = {
      id,
      no: '',
      placeId: place.id,
      placePath: place.path,
      category,
      subcategory: sub,
      urgency,
      title: `${place.kind === 'building' ? place.name : ''}${title}`,
      description: text.replace('{f}', String(rnd.int(2, 30))),
      observation:
        category === 'security'
          ? {
              seen: '一名男子逐辆拉车门',
              where: `${place.name}地下车库`,
              when: '晚上 10 点左右',
              behaviour: '拉了 5 辆车的门把手后离开',
            }
          : null,
      source: fromRequest ? 'request' : category === 'security' ? 'guard' : 'grid',
      reporterId: fromRequest ? null : category === 'security' ? user('baoan').id : (worker?.id ?? null),
      reporterName: fromRequest
        ? `${rnd.pick(['张', '李', '王', '刘', '陈'])}**`
        : category === 'security'
          ? '刘强'
          : (worker?.name ?? '网格员'),
      status: 'reported',
      level: 'grid',
      levelSince: createdAt,
      assigneeKind: 'grid',
      assigneePlaceId: grid.id,
      assigneeLabel: grid.name,
      deadlineAt,
      supervisedCount: 0,
      createdAt,
      updatedAt: createdAt,
      campaignId:
        category === 'dispute' && createdAt.getTime() > now.getTime() - 20 * D
          ? sweep
          : sub === 'electric' &&
              createdAt.getTime() < now.getTime() - 45 * D &&
              createdAt.getTime() > now.getTime() - 75 * D
            ? ebike
            : null,
      isDemo: true,
      ...opts.named,
    };
    const step = (
      at: Date,
      action: string,
      actor: string,
      from: string | null,
      to: string | null,
      note = '',
      actorId: string | null = null,
    ) =>
      steps.push({
        eventId: id,
        at,
        action,
        actorId,
        actorName: actor,
        fromStatus: from,
        toStatus: to,
        note,
      });
    step(createdAt, 'report', e.reporterName, null, 'reported', '', e.reporterId ?? null);
    let t = createdAt.getTime();
    const handler = worker ?? user('shequ');
    const advance = (hours: number) => {
      t = Math.min(t + hours * H, now.getTime() - 60_000);
      return new Date(t);
    };
    const state = opts.state;
    if (state === 'escalated') {
      // Left open past its day: the community's book, maybe the street's.
      const lifted = new Date(Math.min(createdAt.getTime() + D, now.getTime() - H));
      Object.assign(e, {
        level: 'community',
        levelSince: lifted,
        assigneeKind: 'community',
        assigneePlaceId: ancestor(grid, 'community')!.id,
        assigneeLabel: ancestor(grid, 'community')!.name,
      });
      step(lifted, 'escalate', '系统', 'reported', 'reported', '网格当日未办结，转入社区周清台账');
    }
    if (['accepted', 'in_progress', 'closed', 'reviewed', 'archived'].includes(state)) {
      const acceptedAt = advance(rnd.next() < 0.9 ? rnd.int(1, 20) : rnd.int(26, 60));
      Object.assign(e, {
        status: 'accepted',
        acceptedAt,
        assigneeKind: 'person',
        assigneeUserId: handler.id,
        assigneeLabel: handler.name,
      });
      step(acceptedAt, 'accept', handler.name, 'reported', 'accepted', '', handler.id);
    }
    if (['in_progress', 'closed', 'reviewed', 'archived'].includes(state)) {
      const at = advance(rnd.int(1, 24));
      e.status = 'in_progress';
      step(at, 'start', handler.name, 'accepted', 'in_progress', '', handler.id);
      if (rnd.next() < 0.1) {
        const sup = advance(rnd.int(2, 30));
        e.supervisedCount = 1;
        step(
          sup,
          'supervise',
          '李秀英',
          'in_progress',
          'in_progress',
          '居民多次反映，请抓紧办理',
          user('shequ').id,
        );
      }
    }
    if (['closed', 'reviewed', 'archived'].includes(state)) {
      const onTime = rnd.next() < 0.88;
      const closedAt = onTime
        ? new Date(Math.min(t + rnd.int(4, 60) * H, deadlineAt.getTime() - H, now.getTime() - 60_000))
        : new Date(Math.min(deadlineAt.getTime() + rnd.int(6, 72) * H, now.getTime() - 60_000));
      t = Math.max(t, closedAt.getTime());
      const kind = rnd.next() < 0.82 ? 'resolved' : rnd.next() < 0.6 ? 'unresolved' : 'not_ours';
      Object.assign(e, { status: 'closed', closedAt, closureKind: kind, closureNote: REPLIES[kind] });
      if (kind === 'not_ours' && OUTSIDE_FOR[category]) e.assigneeLabel = OUTSIDE_FOR[category]!;
      step(closedAt, 'close', handler.name, 'in_progress', 'closed', REPLIES[kind], handler.id);
    }
    if (['reviewed', 'archived'].includes(state)) {
      const reviewedAt = advance(rnd.int(12, 72));
      const solved = e.closureKind === 'resolved' ? rnd.next() < 0.93 : rnd.next() < 0.2;
      // Satisfaction and resolution are asked separately and do not always agree.
      const rating = solved ? rnd.pick([5, 5, 5, 5, 4, 4, 3]) : rnd.pick([2, 3, 3, 4]);
      Object.assign(e, {
        status: 'reviewed',
        reviewedAt,
        rating,
        residentConfirmed: solved,
        ratingComment: solved ? '处理及时，谢谢' : '问题还没彻底解决',
      });
      step(
        reviewedAt,
        fromRequest ? 'resident_rate' : 'review',
        fromRequest ? '居民' : '李秀英',
        'closed',
        'reviewed',
        e.ratingComment ?? '',
      );
    }
    if (state === 'archived') {
      const archivedAt = advance(rnd.int(24, 96));
      Object.assign(e, { status: 'archived', archivedAt });
      step(archivedAt, 'archive', '李秀英', 'reviewed', 'archived', '', user('shequ').id);
    }
    e.updatedAt = new Date(t);
    if (e.status !== 'closed' && e.status !== 'reviewed' && e.status !== 'archived' && deadlineAt < now)
      e.overdueNotifiedAt = deadlineAt;
    if (fromRequest || opts.named?.source === 'request') {
      const ph =
        opts.named?.source === 'request'
          ? DEMO_REQUEST.phone
          : `13${rnd.int(5, 9)}${String(rnd.int(0, 99_999_999)).padStart(8, '0')}`;
      requests.push({
        trackingNo:
          opts.named?.source === 'request'
            ? DEMO_REQUEST.trackingNo
            : `SQ${String(30_000_000 + ++trackingSeq * 7).padStart(8, '0')}`,
        eventId: id,
        placeId: e.placeId,
        placePath: e.placePath,
        channel: 'web',
        serviceCode: `${category}.${sub}`,
        phoneEnc: pii.encrypt(ph),
        phoneIndex: pii.blindIndex('request-phone', ph),
        phoneMasked: maskPhone(ph),
        ipHash: pii.blindIndex('request-ip', `demo-${trackingSeq}`),
        createdAt,
      });
    }
    eventRows.push(e);
    return e;
  };

  // Four months, about 2 events a working day across the street; the older, the further along.
  for (let days = 120; days >= 0; days--) {
    const day = new Date(now.getTime() - days * D);
    if (!isWorkingDay(shanghaiDate(day)) && rnd.next() < 0.7) continue;
    const count = rnd.int(1, 3);
    for (let i = 0; i < count; i++) {
      const createdAt = new Date(Math.min(day.getTime() - rnd.int(0, 8) * H, now.getTime() - H));
      const age = (now.getTime() - createdAt.getTime()) / D;
      const state =
        age > 30
          ? rnd.pick(['archived', 'archived', 'reviewed', 'reviewed', 'closed'])
          : age > 7
            ? rnd.pick(['reviewed', 'closed', 'closed', 'in_progress', 'escalated'])
            : rnd.pick(['reported', 'accepted', 'in_progress', 'in_progress', 'closed', 'escalated']);
      // 锦绣's two grids get a good share: the demo accounts work there.
      const grid = rnd.next() < 0.45 ? rnd.pick([demo.jinxiuGrid1, demo.jinxiuGrid2]) : rnd.pick(leafGrids);
      makeEvent({ createdAt, grid, state });
    }
  }
  // Named ones the guide and the browser tests open.
  const oneBuilding = demo.all.find((p) => p.kind === 'building' && p.parentId === demo.jinxiuGrid1.id)!;
  makeEvent({
    createdAt: new Date(now.getTime() - 2 * H),
    grid: demo.jinxiuGrid1,
    state: 'reported',
    named: {
      title: '1栋楼道堆放杂物',
      placeId: oneBuilding.id,
      placePath: oneBuilding.path,
      category: 'sanitation',
      subcategory: 'garbage',
      description: '1栋2单元一楼楼道堆满纸箱和旧沙发，影响通行和消防',
    },
  });
  makeEvent({
    createdAt: new Date(now.getTime() - 3 * D),
    grid: demo.jinxiuGrid1,
    state: 'closed',
    named: {
      source: 'request',
      reporterName: '孙**',
      reporterId: null,
      title: '1栋电梯停运',
      category: 'property',
      subcategory: 'elevator',
      description: '1栋1单元电梯停运两天，老人上下楼困难',
    },
  });

  eventRows.sort((a, b) => a.createdAt!.getTime() - b.createdAt!.getTime());
  eventRows.forEach((e, i) => {
    e.no = `SJ${shanghaiDate(e.createdAt!).replaceAll('-', '')}-${String(i + 1).padStart(6, '0')}`;
  });
  await insertRows(db, events, eventRows);
  await insertRows(
    db,
    eventSteps,
    steps.sort((a, b) => a.at!.getTime() - b.at!.getTime()),
  );
  await insertRows(db, residentRequests, requests);
  await db.execute(sql`select setval('event_no_seq', ${eventRows.length})`);

  // ── the demo workers' diaries and daily rounds ──
  const diary: (typeof diaryEntries.$inferInsert)[] = [];
  const checkins: (typeof roundCheckins.$inferInsert)[] = [];
  const SAID = [
    ['visit', '入户走访，住户反映楼道灯不亮', '已报物业维修'],
    ['care', '看望独居老人，身体状况良好，冰箱里有米面油', ''],
    ['tenancy', '核查出租房屋，新增租户 2 人，已登记', ''],
    ['dispute', '了解楼上楼下漏水纠纷，双方同意调解', '约调解员周六上门'],
    ['hazard', '巡查发现电动车在楼道充电，已劝离', '明日复查'],
    ['opinion', '听取住户对停车管理的意见，希望增加车位', '反映到业委会'],
  ] as const;
  for (const username of ['wangge', 'wangge2'] as const) {
    const u = user(username);
    const grid = username === 'wangge' ? demo.jinxiuGrid1 : demo.jinxiuGrid2;
    const houseIds = (
      await db
        .select({ id: houses.id })
        .from(houses)
        .where(like(houses.placePath, `${grid.path}%`))
        .limit(200)
    ).map((h) => h.id);
    for (let days = 90; days >= 1; days--) {
      const day = new Date(now.getTime() - days * D);
      const date = shanghaiDate(day);
      if (!isWorkingDay(date)) continue;
      const start = new Date(Date.parse(`${date}T08:30:00+08:00`) + rnd.int(0, 40) * 60_000);
      checkins.push({
        userId: u.id,
        gridId: grid.id,
        placePath: grid.path,
        day: date,
        at: start,
        isDemo: true,
      });
      for (let i = 0, n = rnd.int(1, 3); i < n; i++) {
        const [topic, said, followUp] = rnd.pick(SAID);
        diary.push({
          userId: u.id,
          authorName: u.name,
          placeId: grid.id,
          placePath: grid.path,
          houseId: houseIds.length > 0 ? rnd.pick(houseIds) : null,
          topic,
          said,
          followUp,
          needsFollowUp: followUp !== '',
          visitedAt: new Date(start.getTime() + (i + 1) * rnd.int(40, 120) * 60_000),
          idempotencyKey: `demo-${username}-${date}-${i}`,
          isDemo: true,
        });
      }
    }
  }
  await insertRows(db, diaryEntries, diary);
  await insertRows(db, roundCheckins, checkins);

  // The bell has something to say on first start.
  const open = eventRows.filter((e) => e.status === 'reported' && e.assigneeKind === 'grid');
  const note = (userId: string, e: (typeof eventRows)[number], kind: string, title: string) => ({
    userId,
    kind,
    title,
    body: `${e.no} ${e.title}`,
    link: `/grid/events/${e.id}`,
    targetType: 'event',
    targetId: e.id,
    createdAt: e.createdAt!,
  });
  const bell = [
    ...open
      .filter((e) => e.assigneePlaceId === demo.jinxiuGrid1.id)
      .map((e) => note(user('wangge').id, e, 'event.assigned', `新事件待受理：${e.title}`)),
    ...eventRows
      .filter((e) => e.level === 'community' && e.placePath!.startsWith(demo.jinxiuCommunity.path))
      .slice(-5)
      .map((e) => note(user('shequ').id, e, 'event.escalated', `三清上报：${e.title}`)),
  ];
  await insertRows(db, notifications, bell);

  return {
    gridMembers: members.length,
    events: eventRows.length,
    requests: requests.length,
    diary: diary.length,
  };
}
