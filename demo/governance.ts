import { eq, inArray } from 'drizzle-orm';
import type { Db } from '../src/server/db/index.js';
import {
  countMatter,
  type ElectorateEntry,
  type MatterBallot,
} from '../src/server/modules/governance/counting.js';
import {
  govBallots,
  govCommitteeMembers,
  govCommittees,
  govElectorate,
  govLists,
  govListVersions,
  govMeetingItems,
  govMeetings,
  govOwnerAccounts,
  govPropertyCompanies,
  govResultNotices,
  govRules,
  govRuleVersions,
  govTasks,
  govVotes,
} from '../src/server/modules/governance/schema.js';
import { headKeyOf, noticeBody, noticeTitle } from '../src/server/modules/governance/votes.js';
import { users } from '../src/server/modules/org/schema.js';
import { createOwnersService } from '../src/server/modules/registry/owners.js';
import type { Files } from '../src/server/platform/files/index.js';
import type { Choice, ListKind, VoteMatter } from '../src/shared/governance.js';
import { voteRuleOf } from '../src/shared/governance.js';
import type { DemoPlaces } from './org.js';
import type { Random } from './random.js';
import { DEMO_REGISTRY_PEOPLE } from './registry.js';

// 锦绣春天's self-governance (000 §3; 003 "四个会""四张清单"): two committee terms, the property
// company and its service list, the four lists, a year of meetings whose decisions became tasks (a
// few overdue), four owners' votes on the registry's 844 houses — a rules revision and a renewal of
// the property company that passed, a 3/4 matter (筹集维修资金) that failed on turnout, and one open
// now in which the demo resident 孙建华 (account jumin) has yet to vote — and the three rules.

const D = 86_400_000;
const ymd = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(d);
/** 19:30 Shanghai time on the Shanghai day of `d`. */
const evening = (d: Date) => new Date(`${ymd(d)}T19:30:00+08:00`);

/** A small grey PNG standing in for a scanned ballot sheet (the demo has no real scans). */
const SCAN_PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

export const DEMO_GOVERNANCE = {
  /** The open vote the demo resident can still cast a ballot in. */
  openVoteTitle: '关于使用专项维修资金维修2栋外墙渗漏的表决',
  residentAddress: DEMO_REGISTRY_PEOPLE.resident.address,
} as const;

const LISTS: Record<ListKind, { title: string; detail: string; responsible: string }[]> = {
  party: [
    {
      title: '每月召集小区联席会',
      detail: '党支部牵头，业委会、物业、网格员、民警参加',
      responsible: '小区党支部',
    },
    { title: '党员亮身份、认领楼栋', detail: '每栋楼至少一名党员联系户', responsible: '小区党支部' },
    {
      title: '重大事项决策前征求意见',
      detail: '维修资金使用、物业选聘等事项先开议事会',
      responsible: '小区党支部',
    },
    { title: '组织平安志愿者开展巡逻', detail: '每周不少于两次夜间巡逻', responsible: '党员志愿者' },
  ],
  committee: [
    { title: '每月召开业委会月例会', detail: '会议纪要在公告栏和平台公示', responsible: '业委会主任' },
    { title: '监督物业服务合同履行', detail: '每季度对物业服务开展满意度测评', responsible: '业委会' },
    { title: '维修资金使用公示', detail: '每次使用后15日内公示明细', responsible: '业委会' },
    { title: '组织业主大会和业主表决', detail: '按《民法典》第278条和议事规则组织', responsible: '业委会' },
  ],
  property: [
    { title: '公共区域每日保洁两次', detail: '楼道、电梯轿厢、大堂', responsible: '物业保洁部' },
    {
      title: '24小时门岗值守与夜间巡逻',
      detail: '外来人员、车辆登记；夜间每2小时巡逻一次',
      responsible: '物业秩序部',
    },
    {
      title: '电梯、消防设施按期维保',
      detail: '电梯每15日维保一次，消防设施每月巡检',
      responsible: '物业工程部',
    },
    { title: '报修30分钟内响应', detail: '急修24小时到场', responsible: '物业客服中心' },
  ],
  social: [
    { title: '法治夜校每月一课', detail: '社区法律顾问授课', responsible: '社区法律服务站' },
    { title: '平安嫂入户宣传防诈骗', detail: '每季度一次', responsible: '平安嫂志愿队' },
    { title: '老年人助餐与探访', detail: '独居老人每周探访', responsible: '社工站' },
  ],
  property_service: [
    { title: '房屋共用部位维修养护', detail: '屋面、外墙、楼梯间每半年检查一次', responsible: '物业工程部' },
    { title: '共用设施设备运行维护', detail: '供水加压、照明、监控系统日常运行', responsible: '物业工程部' },
    { title: '绿化养护', detail: '草坪每月修剪，乔灌木每季度修剪', responsible: '物业环境部' },
    { title: '秩序维护与消防安全', detail: '门岗24小时值守，消防通道每日巡查', responsible: '物业秩序部' },
    { title: '装修管理', detail: '装修申报、巡查，建筑垃圾定点堆放、及时清运', responsible: '物业客服中心' },
    {
      title: '收费标准公示',
      detail: '物业费 2.20 元/平方米·月（高层），1.60 元/平方米·月（多层）',
      responsible: '物业客服中心',
    },
  ],
};

const LIST_TITLES: Record<ListKind, string> = {
  party: '锦绣春天小区党支部责任清单',
  committee: '锦绣春天业主委员会工作清单',
  property: '重庆锦绣物业履职清单',
  social: '社会组织活动清单',
  property_service: '重庆锦绣物业服务有限公司物业服务清单',
};

const TOPICS = [
  ['3栋地下车库积水', '物业 工程部 刘师傅'],
  ['小区东门夜间照明不足', '物业 工程部 刘师傅'],
  ['楼道电动车违规充电清理', '物业 秩序部 陈队长'],
  ['5栋电梯频繁停运', '物业 李建国'],
  ['中心花园健身器材损坏', '业委会 王秀英'],
  ['垃圾分类投放点异味', '物业 环境部 张主管'],
  ['高空抛物宣传与监控补点', '业委会 赵志明'],
  ['快递柜占用消防通道', '物业 秩序部 陈队长'],
  ['2栋外墙渗漏排查', '物业 工程部 刘师傅'],
  ['儿童游乐区地垫更换', '业委会 王秀英'],
  ['停车位划线与外来车辆管理', '物业 秩序部 陈队长'],
  ['维修资金使用明细公示', '业委会 周国强'],
] as const;

const RULE_TEXT = {
  management_rules: `锦绣春天小区管理规约

第一章 总则
第一条 为维护全体业主的合法权益，保障物业的安全与合理使用，维护公共秩序，根据《中华人民共和国民法典》《物业管理条例》等法律法规，制定本规约。
第二条 本规约对全体业主和物业使用人具有约束力。

第二章 物业的使用
第三条 业主不得擅自改变房屋结构、外观和用途；装修前应向物业服务企业申报。
第四条 不得在楼道、消防通道堆放物品，不得在楼道内为电动自行车充电。
第五条 禁止从建筑物中抛掷物品。

第三章 共有部分的管理
第六条 共有部分的用途改变、利用共有部分从事经营活动，须经业主大会依法表决（参与表决专有部分面积和人数均四分之三以上同意）。
第七条 共有部分经营收益扣除合理成本后属于全体业主。`,
  assembly_rules: `锦绣春天小区业主大会议事规则

第一条 业主大会由全体业主组成，依照《中华人民共和国民法典》第二百七十八条行使职权。
第二条 业主大会会议可以采用集体讨论的形式，也可以采用书面征求意见或经核验的线上投票形式。
第三条 表决以专有部分面积和业主人数共同计算：专有部分面积以不动产登记簿记载的面积为准；业主人数按专有部分数量计算，同一业主拥有多套房屋的按一人计算。
第四条 一套房屋有两个以上共有人的，由共有人书面指定一人行使表决权；未指定的，由份额最大者行使，份额相同的由登记在先者行使。
第五条 表决以表决开始之日登记在册的业主为准；表决期间房屋转让的，由原登记业主行使该次表决权。
第六条 表决结果应当在表决截止后及时公告，公告应分别列明面积和人数。`,
  committee_charter: `锦绣春天业主委员会章程

第一条 业主委员会是业主大会的执行机构，由业主大会选举产生，每届任期五年。
第二条 业主委员会由七名委员组成，设主任一名、副主任二名。
第三条 业主委员会每月召开一次例会，会议作出的决定形成任务，明确责任人和完成期限，整改销号。
第四条 业主委员会委员应当遵守法律法规和管理规约，不得利用职务之便谋取私利。`,
};

export async function loadGovernanceDemo(
  db: Db,
  files: Pick<Files, 'saveImage' | 'attach'>,
  demo: DemoPlaces,
  now: Date,
  rnd: Random,
) {
  const estate = demo.jinxiuEstate;
  const base = { estateId: estate.id, placePath: estate.path };
  const today = ymd(now);
  const daysAgo = (n: number) => new Date(now.getTime() - n * D);
  const accounts = await db
    .select({ id: users.id, username: users.username, displayName: users.displayName })
    .from(users)
    .where(inArray(users.username, ['yeweihui', 'jumin']));
  const yeweihui = accounts.find((a) => a.username === 'yeweihui')!;
  const jumin = accounts.find((a) => a.username === 'jumin')!;

  const houses = await createOwnersService({ db }).housesUnder(estate.path);
  const owned = houses.filter((h) => h.owners.length > 0);
  const pickOwner = () => rnd.pick(owned).owners[0];

  // ── committee: the first term and the current one ──
  const first = {
    name: '锦绣春天小区第一届业主委员会',
    termStart: '2019-05-01',
    termEnd: '2024-04-30',
  };
  const second = {
    name: '锦绣春天小区第二届业主委员会',
    termStart: '2024-05-01',
    termEnd: '2029-04-30',
  };
  const [c1, c2] = await db
    .insert(govCommittees)
    .values([
      { ...base, ...first, note: '2019年首次业主大会选举产生', isDemo: true },
      { ...base, ...second, note: '2024年4月换届选举产生', isDemo: true },
    ])
    .returning({ id: govCommittees.id });
  const memberRows: (typeof govCommitteeMembers.$inferInsert)[] = [];
  const people2 = [
    {
      name: '赵志明',
      post: 'director',
      userId: yeweihui.id,
      personId: null,
      duties: '主持业委会工作，召集月例会',
    },
    ...['deputy', 'deputy', 'member', 'member', 'member', 'member'].map((post) => {
      const o = pickOwner();
      return { name: o.name, post, userId: null, personId: o.personId, duties: '' };
    }),
  ];
  const duties = [
    '',
    '分管物业监督',
    '分管财务与维修资金',
    '联系1、2栋',
    '联系3、4栋',
    '联系5、6栋',
    '宣传与档案',
  ];
  for (const [i, m] of people2.entries())
    memberRows.push({
      committeeId: c2.id,
      placePath: estate.path,
      ...m,
      duties: m.duties || duties[i],
      termStart: second.termStart,
      termEnd: second.termEnd,
      sortOrder: i,
      isDemo: true,
    });
  ['director', 'deputy', 'member', 'member', 'member'].forEach((post, i) => {
    const o = pickOwner();
    memberRows.push({
      committeeId: c1.id,
      placePath: estate.path,
      name: o.name,
      personId: o.personId,
      post,
      termStart: first.termStart,
      termEnd: first.termEnd,
      sortOrder: i,
      isDemo: true,
    });
  });
  await db.insert(govCommitteeMembers).values(memberRows);

  // ── the property company: the earlier contract and the one renewed by the owners' vote ──
  const renewedOn = ymd(daysAgo(200));
  await db.insert(govPropertyCompanies).values([
    {
      ...base,
      name: '重庆锦绣物业服务有限公司',
      contactName: '李建国',
      contactPhone: '023-48661234',
      contractStart: '2023-07-01',
      contractEnd: ymd(daysAgo(201)),
      isDemo: true,
    },
    {
      ...base,
      name: '重庆锦绣物业服务有限公司',
      contactName: '李建国',
      contactPhone: '023-48661234',
      contractStart: renewedOn,
      contractEnd: `${Number(renewedOn.slice(0, 4)) + 3}${renewedOn.slice(4)}`,
      isDemo: true,
    },
  ]);

  // ── the four lists and the service list, each revised once ──
  for (const kind of Object.keys(LISTS) as ListKind[]) {
    const items = LISTS[kind].map((i) => ({ ...i }));
    const [l] = await db
      .insert(govLists)
      .values({ ...base, kind, title: LIST_TITLES[kind], version: 2, isDemo: true })
      .returning({ id: govLists.id });
    await db.insert(govListVersions).values([
      {
        listId: l.id,
        version: 1,
        items: items.slice(0, -1),
        changeNote: '首次公示',
        changedOn: ymd(daysAgo(330)),
        changedBy: yeweihui.id,
        changedByName: yeweihui.displayName,
      },
      {
        listId: l.id,
        version: 2,
        items,
        changeNote: `增加“${items[items.length - 1].title}”`,
        changedOn: ymd(daysAgo(40)),
        changedBy: yeweihui.id,
        changedByName: yeweihui.displayName,
      },
    ]);
  }

  // ── a year of meetings: decisions become tasks, open tasks are carried to the next agenda ──
  type Task = { id: string; title: string; ownerName: string; dueOn: string; doneOn: string | null };
  const tasks: Task[] = [];
  const attendees = people2.map((m) => ({ name: m.name, org: '业委会' }));
  const others = [
    { name: '李建国', org: '重庆锦绣物业' },
    { name: '王磊', org: '网格员' },
    { name: '黄警官', org: '社区民警' },
  ];
  const schedule: { kind: string; title: string; at: Date }[] = [];
  for (let m = 12; m >= 1; m--) {
    const at = evening(daysAgo(m * 30 + 2));
    const month = Number(ymd(at).slice(5, 7));
    schedule.push({ kind: 'monthly', title: `${month}月业委会月例会`, at });
    if (m % 3 === 0)
      schedule.push({ kind: 'quarterly', title: `${month}月季度议事会`, at: evening(daysAgo(m * 30 - 5)) });
    if (m % 4 === 1)
      schedule.push({ kind: 'joint', title: `${month}月平安联席会`, at: evening(daysAgo(m * 30 - 10)) });
  }
  schedule.push({ kind: 'coordination', title: '2栋外墙渗漏协调会', at: evening(daysAgo(20)) });
  schedule.sort((a, b) => a.at.getTime() - b.at.getTime());
  let topic = 0;
  let meetings = 0;
  for (const s of schedule) {
    const present = [...attendees.slice(0, 5 + rnd.int(0, 2)), ...others];
    const agendaOpen = tasks.filter((t) => !t.doneOn || t.doneOn > ymd(s.at));
    const decisions = Array.from({ length: rnd.int(1, 3) }, () => TOPICS[topic++ % TOPICS.length]);
    const [m] = await db
      .insert(govMeetings)
      .values({
        ...base,
        kind: s.kind,
        title: s.title,
        heldAt: s.at,
        location: '小区党群服务中心二楼会议室',
        host: '赵志明',
        status: 'held',
        invitees: [...attendees, ...others],
        attendance: [
          ...present.map((p) => ({ ...p, present: true, note: '' })),
          ...attendees
            .filter((a) => !present.includes(a))
            .map((a) => ({ ...a, present: false, note: '请假' })),
        ],
        minutes: `会议由赵志明主持，应到${attendees.length + others.length}人，实到${present.length}人。\n一、通报上次会议决定事项办理情况。\n二、${decisions.map(([t]) => `研究${t}问题`).join('；')}。\n三、形成决定如下，由责任人按期办结，下次会议通报。`,
        createdBy: yeweihui.id,
        isDemo: true,
      })
      .returning({ id: govMeetings.id });
    meetings++;
    const items: (typeof govMeetingItems.$inferInsert)[] = agendaOpen.map((t, i) => ({
      meetingId: m.id,
      kind: 'agenda',
      seq: i + 1,
      content: `督办：${t.title}（责任人 ${t.ownerName}，期限 ${t.dueOn}）`,
      taskId: t.id,
    }));
    for (const [i, [t]] of decisions.entries())
      items.push({ meetingId: m.id, kind: 'agenda', seq: agendaOpen.length + i + 1, content: `研究${t}` });
    for (const [i, [title, ownerName]] of decisions.entries()) {
      const dueOn = ymd(new Date(s.at.getTime() + rnd.int(10, 30) * D));
      // Most get done, some late; the last months' leave a few open, three of them overdue.
      const age = (now.getTime() - s.at.getTime()) / D;
      const open = age < 75 && rnd.next() < 0.6;
      const doneOn = open
        ? null
        : ymd(
            new Date(
              Math.min(now.getTime(), new Date(`${dueOn}T12:00:00+08:00`).getTime() + rnd.int(-8, 4) * D),
            ),
          );
      const [task] = await db
        .insert(govTasks)
        .values({
          ...base,
          meetingId: m.id,
          title: `${title}整改`,
          ownerName,
          dueOn,
          status: doneOn ? 'done' : 'open',
          doneOn,
          doneNote: doneOn ? '已完成整改，现场复查合格，拍照留档' : '',
          doneByName: doneOn ? yeweihui.displayName : null,
          isDemo: true,
        })
        .returning({ id: govTasks.id });
      tasks.push({ id: task.id, title: `${title}整改`, ownerName, dueOn, doneOn });
      items.push({ meetingId: m.id, kind: 'decision', seq: i + 1, content: `${title}整改`, taskId: task.id });
    }
    await db.insert(govMeetingItems).values(items);
  }
  // The next 月例会, called already: its agenda opens with every task still open.
  const next = evening(new Date(now.getTime() + 6 * D));
  const [planned] = await db
    .insert(govMeetings)
    .values({
      ...base,
      kind: 'monthly',
      title: `${Number(ymd(next).slice(5, 7))}月业委会月例会`,
      heldAt: next,
      location: '小区党群服务中心二楼会议室',
      host: '赵志明',
      invitees: [...attendees, ...others],
      createdBy: yeweihui.id,
      isDemo: true,
    })
    .returning({ id: govMeetings.id });
  const stillOpen = tasks.filter((t) => !t.doneOn);
  const plannedItems = [
    ...stillOpen.map((t) => ({
      content: `督办：${t.title}（责任人 ${t.ownerName}，期限 ${t.dueOn}）`,
      taskId: t.id,
    })),
    { content: '年度业主大会筹备', taskId: null },
  ];
  await db
    .insert(govMeetingItems)
    .values(plannedItems.map((it, i) => ({ meetingId: planned.id, kind: 'agenda', seq: i + 1, ...it })));

  // ── owners' votes on the registry's houses ──
  const missing = houses.filter((h) => h.area === null);
  if (missing.length) throw new Error(`demo houses without area: ${missing.length}`);
  const snapshot = houses.map((h) => ({
    houseId: h.houseId,
    address: h.address,
    buildingId: h.buildingId,
    areaCents: BigInt(h.area!.replace('.', '')),
    ownerIds: h.owners.map((o) => o.personId),
    ownerNames: h.owners.map((o) => o.name),
    headKey: headKeyOf(h.owners.map((o) => o.personId)),
    voterPersonId: h.owners[0]?.personId ?? null,
    voterName: h.owners[0]?.name ?? null,
    voterBasis: 'default' as 'default' | 'designated',
  }));
  const resident = houses.find(
    (h) =>
      h.address.endsWith(`1栋1单元801`) &&
      h.owners.some((o) => o.name === DEMO_REGISTRY_PEOPLE.resident.name),
  );
  if (!resident) throw new Error('demo resident house 1-1-801 not found');
  const sun = resident.owners.find((o) => o.name === DEMO_REGISTRY_PEOPLE.resident.name)!;
  // 孙建华 and his wife hold 50 % each; the couple designated him as the voter (议事规则第四条).
  const sunRow = snapshot.find((s) => s.houseId === resident.houseId)!;
  sunRow.voterPersonId = sun.personId;
  sunRow.voterName = sun.name;
  sunRow.voterBasis = 'designated';
  // His account was verified by the committee against the property certificate.
  await db.insert(govOwnerAccounts).values({
    userId: jumin.id,
    personId: sun.personId,
    placePath: (await createOwnersService({ db }).person(sun.personId))!.placePath,
    verifiedBy: yeweihui.id,
    verifiedByName: yeweihui.displayName,
    verifiedAt: daysAgo(300),
    note: '核验不动产权证书及身份证',
  });

  const scan = await files.saveImage(Buffer.from(SCAN_PNG, 'base64'), { name: '纸质表决票样张.png' });
  await files.attach([scan.id], { ownerType: 'gov_ballot', ownerId: estate.id, placePath: estate.path });
  const specs: {
    title: string;
    matter: VoteMatter;
    description: string;
    starts: number;
    days: number;
    turnout: number;
    yes: number;
    open?: boolean;
  }[] = [
    {
      title: '关于修订《锦绣春天小区管理规约》的表决',
      matter: 'management_rules',
      description: '修订第四条（楼道禁止电动自行车充电）和第五条（禁止高空抛物），全文见公告栏。',
      starts: 330,
      days: 15,
      turnout: 0.78,
      yes: 0.9,
    },
    {
      title: '关于续聘重庆锦绣物业服务有限公司的表决',
      matter: 'property_company',
      description: '原物业服务合同到期，业委会提议续聘三年，物业费标准不变。',
      starts: 230,
      days: 20,
      turnout: 0.81,
      yes: 0.83,
    },
    {
      title: '关于筹集电梯更新改造维修资金的表决',
      matter: 'raise_fund',
      description: '1—4栋电梯使用已满15年，拟按专有部分面积每平方米25元筹集更新改造资金。',
      starts: 90,
      days: 15,
      turnout: 0.55,
      yes: 0.8,
    },
    {
      title: DEMO_GOVERNANCE.openVoteTitle,
      matter: 'use_fund',
      description: '2栋东侧外墙多户渗漏，拟使用专项维修资金约18.6万元维修，预算明细见公告栏。',
      starts: 5,
      days: 14,
      turnout: 0.42,
      yes: 0.85,
      open: true,
    },
  ];
  const voteIds: string[] = [];
  let ballotCount = 0;
  for (const v of specs) {
    const startsAt = new Date(`${ymd(daysAgo(v.starts))}T09:00:00+08:00`);
    const endsAt = new Date(startsAt.getTime() + v.days * D - 1000 * 60 * 60);
    const [row] = await db
      .insert(govVotes)
      .values({
        ...base,
        kind: 'matter',
        matter: v.matter,
        rule: voteRuleOf(v.matter),
        title: v.title,
        description: v.description,
        status: v.open ? 'open' : 'published',
        startsAt,
        endsAt,
        openedAt: startsAt,
        totalAreaCents: snapshot.reduce((s, x) => s + x.areaCents, 0n),
        totalHeads: new Set(snapshot.map((x) => x.headKey)).size,
        totalHouses: snapshot.length,
        createdBy: yeweihui.id,
        isDemo: true,
      })
      .returning();
    voteIds.push(row.id);
    for (let i = 0; i < snapshot.length; i += 400)
      await db
        .insert(govElectorate)
        .values(snapshot.slice(i, i + 400).map((x) => ({ voteId: row.id, ...x })));
    const ballots: (typeof govBallots.$inferInsert)[] = [];
    for (const x of snapshot) {
      if (!x.voterPersonId || rnd.next() >= v.turnout) continue;
      // The demo resident has not voted yet in the open vote: the page has something to do.
      if (v.open && x.houseId === resident.houseId) continue;
      const r = rnd.next();
      const choice: Choice = r < v.yes ? 'yes' : r < v.yes + (1 - v.yes) * 0.7 ? 'no' : 'abstain';
      const paper = rnd.next() < 0.65;
      ballots.push({
        voteId: row.id,
        houseId: x.houseId,
        voterPersonId: x.voterPersonId,
        voterName: x.voterName!,
        channel: paper ? 'paper' : 'online',
        choice,
        scanFileId: paper ? scan.id : null,
        enteredBy: paper ? yeweihui.id : null,
        enteredByName: paper ? yeweihui.displayName : null,
        castAt: new Date(startsAt.getTime() + rnd.int(1, Math.max(1, Math.min(v.days, v.starts) - 1)) * D),
      });
    }
    for (let i = 0; i < ballots.length; i += 400)
      await db.insert(govBallots).values(ballots.slice(i, i + 400));
    ballotCount += ballots.length;
    if (v.open) continue;
    // Closed and counted exactly as the closing transaction does; then published.
    const electorate: ElectorateEntry[] = snapshot.map((x) => ({
      houseId: x.houseId,
      areaCents: x.areaCents,
      headKey: x.headKey,
    }));
    const counted: MatterBallot[] = ballots.map((b) => ({ houseId: b.houseId!, choice: b.choice as Choice }));
    const result = countMatter({ matter: v.matter, electorate, ballots: counted });
    const closedAt = new Date(endsAt.getTime() + 60 * 60 * 1000);
    await db.update(govVotes).set({ result, passed: result.passed, closedAt }).where(eq(govVotes.id, row.id));
    await db.insert(govResultNotices).values({
      voteId: row.id,
      ...base,
      title: noticeTitle(v.title),
      body: noticeBody({ ...row, post: null }, estate.name, result, new Map()),
      publishedAt: new Date(closedAt.getTime() + D),
      publishedBy: yeweihui.id,
      publishedByName: yeweihui.displayName,
    });
  }

  // ── the three rules, with versions and the vote that adopted the revision ──
  const rulesSpec = [
    {
      kind: 'management_rules',
      title: '锦绣春天小区管理规约',
      versions: [
        {
          content: RULE_TEXT.management_rules.replace('，不得在楼道内为电动自行车充电', ''),
          effectiveOn: '2019-06-01',
          changeNote: '2019年首次业主大会通过（纸质表决）',
          vote: null,
        },
        {
          content: RULE_TEXT.management_rules,
          effectiveOn: ymd(daysAgo(330 - 16)),
          changeNote: '增加楼道禁止电动自行车充电；明确禁止高空抛物',
          vote: voteIds[0],
        },
      ],
    },
    {
      kind: 'assembly_rules',
      title: '锦绣春天小区业主大会议事规则',
      versions: [
        {
          content: RULE_TEXT.assembly_rules.split('\n第四条')[0],
          effectiveOn: '2019-06-01',
          changeNote: '2019年首次业主大会通过（纸质表决）',
          vote: null,
        },
        {
          content: RULE_TEXT.assembly_rules,
          effectiveOn: '2024-05-01',
          changeNote: '换届时修订：共有房屋表决人、权利登记日、线上投票（第二届业主大会纸质表决通过）',
          vote: null,
        },
      ],
    },
    {
      kind: 'committee_charter',
      title: '锦绣春天业主委员会章程',
      versions: [
        {
          content: RULE_TEXT.committee_charter,
          effectiveOn: '2019-06-01',
          changeNote: '2019年首次业主大会通过（纸质表决）',
          vote: null,
        },
      ],
    },
  ];
  for (const r of rulesSpec) {
    const [rule] = await db
      .insert(govRules)
      .values({ ...base, kind: r.kind, title: r.title, isDemo: true })
      .returning({ id: govRules.id });
    await db.insert(govRuleVersions).values(
      r.versions.map((v, i) => ({
        ruleId: rule.id,
        version: i + 1,
        content: v.content,
        changeNote: v.changeNote,
        effectiveOn: v.effectiveOn,
        adoptedByVoteId: v.vote,
        createdBy: yeweihui.id,
        createdByName: yeweihui.displayName,
      })),
    );
  }

  return {
    govMeetings: meetings + 1,
    govTasks: tasks.length,
    govOpenTasks: stillOpen.length,
    govOverdueTasks: stillOpen.filter((t) => t.dueOn < today).length,
    govVotes: specs.length,
    govBallots: ballotCount,
  };
}
