import { inArray, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../src/server/db/index.js';
import { insertRows, rows } from '../src/server/db/sql.js';
import {
  mediationAssignments,
  mediationCases,
  mediationCommittees,
  mediationFollowups,
  mediationMembers,
  mediationParties,
  mediationSessions,
  mediationSteps,
  mediationSweeps,
} from '../src/server/modules/mediation/schema.js';
import { users } from '../src/server/modules/org/schema.js';
import { addCalendarDays, shanghaiDate } from '../src/server/platform/calendar/index.js';
import type { CaseLevel, Referral } from '../src/shared/mediation.js';
import type { DemoPlace, DemoPlaces } from './org.js';
import type { Random } from './random.js';

// Mediation in 古南街道: a committee in each community and in 锦绣春天 and 南华家园 (南华's is short of
// members, so its warning shows), a year of cases in every outcome — among them the leaking pipe
// settled for 100 元 — with sessions, agreements, follow-ups and monthly sweeps.

const H = 3_600_000;
const D = 24 * H;

/** The leaking-pipe case of seed 004, settled for 100 元: the one the guide walks through. */
export const LEAKING_PIPE = { title: '楼上水管漏水致楼下天花板受损', amount: '100.00' } as const;

interface Template {
  title: string;
  category: string;
  sub: string | null;
  facts: string;
  disputes: string;
  terms: string;
  amount?: [number, number];
  scale?: 'individual' | 'group' | 'major_group';
}

const TEMPLATES: Template[] = [
  {
    title: '楼上装修噪音扰民',
    category: '02',
    sub: '0202',
    facts: '楼上住户装修期间早七点前、晚九点后仍在施工，楼下老人休息受影响。',
    disputes: '施工时间是否超出小区装修管理规定。',
    terms: '装修方每日施工时间限定为8:00—12:00、14:00—18:00，周末不进行产生噪音的作业。',
  },
  {
    title: '宠物狗夜间吠叫',
    category: '02',
    sub: '0203',
    facts: '住户饲养的犬只夜间长时间吠叫，邻居多次投诉。',
    disputes: '犬只管理责任及扰民问题。',
    terms: '养犬人夜间将犬只留在室内，外出时拴绳并及时清理粪便。',
  },
  {
    title: '车位被长期占用',
    category: '04',
    sub: '0403',
    facts: '业主购买的产权车位被他人车辆长期停放。',
    disputes: '占用车位的费用及今后停放。',
    terms: '占用方三日内移走车辆，并补偿车位使用费。',
    amount: [200, 800],
  },
  {
    title: '物业费欠缴纠纷',
    category: '04',
    sub: '0402',
    facts: '业主以电梯维修不及时为由拒交物业费一年。',
    disputes: '物业服务是否达标及欠费金额。',
    terms: '物业公司一个月内完成电梯维修整改，业主分两期补交物业费。',
    amount: [1200, 3600],
  },
  {
    title: '房屋租赁押金退还纠纷',
    category: '06',
    sub: '0601',
    facts: '租期届满后房东以墙面损坏为由扣留全部押金。',
    disputes: '墙面损坏程度及押金扣除数额。',
    terms: '房东扣除墙面修补费后退还剩余押金。',
    amount: [1000, 3000],
  },
  {
    title: '装修款结算纠纷',
    category: '06',
    sub: '0603',
    facts: '装修完工后业主认为部分工程未按约定完成，拒付尾款。',
    disputes: '未完成工程量及尾款数额。',
    terms: '装修方十日内完成返工，业主验收后支付尾款。',
    amount: [3000, 12000],
  },
  {
    title: '拖欠保洁员工资',
    category: '07',
    sub: '0701',
    facts: '保洁外包公司拖欠三名保洁员两个月工资。',
    disputes: '欠薪数额及支付时间。',
    terms: '外包公司于本月底前一次性付清欠薪。',
    amount: [6000, 15000],
    scale: 'group',
  },
  {
    title: '赡养费纠纷',
    category: '01',
    sub: '0103',
    facts: '老人子女三人对赡养费分担意见不一。',
    disputes: '各子女承担的赡养费数额。',
    terms: '三名子女每月各支付赡养费，轮流陪护就医。',
    amount: [600, 1500],
  },
  {
    title: '民间借款未还',
    category: '08',
    sub: '0801',
    facts: '邻居间借款到期未还，借款人称暂时困难。',
    disputes: '还款期限与方式。',
    terms: '借款人分三个月还清借款。',
    amount: [2000, 10000],
  },
  {
    title: '楼道违章搭建鞋柜',
    category: '11',
    sub: '1101',
    facts: '住户在公共楼道放置大型鞋柜，影响通行和消防。',
    disputes: '公共部位的使用。',
    terms: '住户一周内拆除楼道鞋柜，恢复楼道畅通。',
  },
  {
    title: '地下车库停车费上调引发不满',
    category: '04',
    sub: '0402',
    facts: '物业公司通知上调车库停车费，数十户业主聚集物业中心表达不满。',
    disputes: '停车费上调是否经业主大会表决。',
    terms: '暂缓执行新收费标准，待业主大会表决后再定。',
    scale: 'major_group',
  },
];

const MEDIATOR_LINES = [
  '调解员：请双方各自陈述事情经过和诉求。',
  '申请人：问题已经持续一段时间了，多次沟通没有结果。',
  '被申请人：我们也有难处，但愿意协商解决。',
  '调解员：根据相关规定和小区管理规约，双方都应当相互体谅。',
  '调解员：双方是否同意按照以下方案处理？',
  '双方：同意。',
];

export async function loadMediationDemo(db: Db, demo: DemoPlaces, now: Date, rnd: Random) {
  const accounts = await db
    .select({ id: users.id, username: users.username })
    .from(users)
    .where(inArray(users.username, ['tiaojie', 'lvshi', 'shequ']));
  const userOf = (u: string) => accounts.find((a) => a.username === u)?.id ?? null;

  // ── committees and members ──
  const committees: (typeof mediationCommittees.$inferInsert & { id: string; place: DemoPlace })[] = [];
  const addCommittee = (place: DemoPlace, name: string, departments: string[]) => {
    const c = {
      id: rnd.uuid(),
      placeId: place.id,
      placePath: place.path,
      name,
      phone: `023-4866${String(rnd.int(1000, 9999))}`,
      address: `${place.name}调解室`,
      responseDepartments: departments.map((d) => ({
        name: d,
        contact: `023-4867${String(rnd.int(1000, 9999))}`,
      })),
      isDemo: true,
      place,
    };
    committees.push(c);
    return c;
  };
  const jxEstate = addCommittee(demo.jinxiuEstate, '锦绣春天人民调解委员会', [
    '古南派出所',
    '古南街道综治中心',
    '锦绣春天物业服务中心',
  ]);
  const jxCommunity = addCommittee(demo.jinxiuCommunity, '锦绣社区人民调解委员会', [
    '古南派出所',
    '古南街道综治中心',
  ]);
  const yjCommunity = addCommittee(demo.yujiaCommunity, '于家社区人民调解委员会', [
    '古南派出所',
    '古南街道综治中心',
  ]);
  const nhEstate = addCommittee(demo.nanhuaEstate, '南华家园调解小组', ['古南派出所']);
  const streetCommittee = addCommittee(demo.street, '古南街道人民调解委员会', [
    '古南派出所',
    '綦江区司法局古南司法所',
    '古南街道信访办',
  ]);

  const members: (typeof mediationMembers.$inferInsert & { id: string })[] = [];
  const addMember = (
    c: (typeof committees)[number],
    name: string,
    gender: 'male' | 'female',
    role: 'director' | 'member' | 'mediator',
    userId: string | null = null,
  ) => {
    const m = {
      id: rnd.uuid(),
      committeeId: c.id,
      placePath: c.placePath,
      name,
      gender,
      role,
      userId,
      servicePhone: c.phone,
      sortOrder: members.filter((x) => x.committeeId === c.id).length,
    };
    members.push(m);
    return m;
  };
  addMember(jxEstate, '张桂芳', 'female', 'director', userOf('tiaojie'));
  addMember(jxEstate, '刘德明', 'male', 'member');
  addMember(jxEstate, '陈淑芬', 'female', 'member');
  addMember(jxEstate, '王建华', 'male', 'mediator');
  addMember(jxEstate, '李玉梅', 'female', 'mediator');
  addMember(jxCommunity, '罗志强', 'male', 'director');
  addMember(jxCommunity, '杨律师', 'male', 'member', userOf('lvshi'));
  addMember(jxCommunity, '周玉兰', 'female', 'member');
  addMember(jxCommunity, '何光明', 'male', 'mediator');
  addMember(yjCommunity, '邓素华', 'female', 'director');
  addMember(yjCommunity, '谢国平', 'male', 'member');
  addMember(yjCommunity, '唐小琴', 'female', 'mediator');
  addMember(nhEstate, '冉光荣', 'male', 'director');
  addMember(nhEstate, '黄德胜', 'male', 'mediator');
  addMember(streetCommittee, '胡志伟', 'male', 'director');
  addMember(streetCommittee, '程丽', 'female', 'member');
  addMember(streetCommittee, '蒋文斌', 'male', 'mediator');
  await insertRows(
    db,
    mediationCommittees,
    committees.map(({ place: _, ...c }) => c),
  );
  await insertRows(db, mediationMembers, members);

  // ── people to be parties: residents of each estate with a home ──
  const peopleWhere = async (where: SQL) =>
    rows<{
      id: string;
      name: string;
      gender: string | null;
      birth_date: string | null;
      ethnicity: string;
      id_enc: string | null;
      id_masked: string | null;
      phone_enc: string | null;
      phone_masked: string | null;
      house_id: string;
      address: string;
    }>(
      db,
      sql`select p.id, p.name, p.gender, p.birth_date, p.ethnicity, p.id_enc, p.id_masked, p.phone_enc, p.phone_masked, p.house_id,
            (select b.name || u.name || h.number from houses h join places u on u.id = h.unit_id join places b on b.id = u.parent_id where h.id = p.house_id) as address
          from people p where ${where} order by p.id limit 400`,
    );
  const residentsOf = (estate: DemoPlace) =>
    peopleWhere(
      sql`p.place_path like ${`${estate.path}%`} and p.house_id is not null and p.birth_date < '2000-01-01'`,
    );
  const residents = new Map<string, Awaited<ReturnType<typeof residentsOf>>>();
  for (const e of [demo.jinxiuEstate, demo.yujiaEstate, demo.nanhuaEstate])
    residents.set(e.id, await residentsOf(e));

  // ── cases over the past year ──
  const cases: (typeof mediationCases.$inferInsert)[] = [];
  const parties: (typeof mediationParties.$inferInsert)[] = [];
  const assignments: (typeof mediationAssignments.$inferInsert)[] = [];
  const sessions: (typeof mediationSessions.$inferInsert)[] = [];
  const followups: (typeof mediationFollowups.$inferInsert)[] = [];
  const steps: (typeof mediationSteps.$inferInsert)[] = [];
  const sweeps: (typeof mediationSweeps.$inferInsert & { id: string })[] = [];
  let no = 0;

  // A sweep by 锦绣春天's committee on the 25th of each past month.
  for (let m = 11; m >= 1; m--) {
    const held = new Date(now.getTime() - m * 30 * D);
    sweeps.push({
      id: rnd.uuid(),
      committeeId: jxEstate.id,
      placeId: demo.jinxiuEstate.id,
      placePath: demo.jinxiuEstate.path,
      heldOn: shanghaiDate(held),
      participants: '调委会成员、网格员王磊、陈静，各楼栋长',
      summary: '逐楼栋走访排查邻里、物业、租赁等矛盾纠纷，对发现的问题登记立案、落实责任人。',
      createdBy: userOf('tiaojie'),
      isDemo: true,
      createdAt: held,
    });
  }

  const committeeFor = (estate: DemoPlace) =>
    estate.id === demo.jinxiuEstate.id
      ? jxEstate
      : estate.id === demo.nanhuaEstate.id
        ? nhEstate
        : yjCommunity;
  const levelOf = (c: (typeof committees)[number]): CaseLevel =>
    c.place.kind === 'estate' ? 'estate' : c.place.kind === 'community' ? 'community' : 'street';
  const memberIdsOf = (c: { id: string }) => members.filter((m) => m.committeeId === c.id);

  function addCase(spec: {
    estate: DemoPlace;
    template: Template;
    created: Date;
    outcome: 'written' | 'oral' | 'failed' | 'declined' | 'intake' | 'mediating';
    closed: boolean;
    amount?: string | null;
    transferred?: boolean;
    source?: string;
    sweepId?: string | null;
    pair?: [number, number];
  }) {
    const id = rnd.uuid();
    const pool = residents.get(spec.estate.id)!;
    const [a, b] = spec.pair ?? [rnd.int(0, pool.length - 1), rnd.int(0, pool.length - 1)];
    const applicant = pool[a];
    const respondent = pool[b === a ? (b + 1) % pool.length : b];
    const home = committeeFor(spec.estate);
    const transferred = spec.transferred && home.place.kind === 'estate';
    const committee = transferred ? jxCommunity : home;
    const level = levelOf(committee);
    const t = spec.template;
    const amount =
      spec.amount !== undefined ? spec.amount : t.amount ? `${rnd.int(t.amount[0], t.amount[1])}.00` : null;
    const accepted =
      spec.outcome === 'intake' || spec.outcome === 'declined'
        ? null
        : new Date(spec.created.getTime() + rnd.int(2, 30) * H);
    const days = rnd.next() < 0.85 ? rnd.int(2, 25) : rnd.int(32, 50);
    const resolvedOutcome = ['written', 'oral', 'failed'].includes(spec.outcome);
    const resolved = resolvedOutcome && accepted ? new Date(accepted.getTime() + days * D) : null;
    const signedOn = spec.outcome === 'written' && resolved ? shanghaiDate(resolved) : null;
    const closedAt =
      spec.outcome === 'declined'
        ? (accepted ?? spec.created)
        : spec.closed && resolved
          ? new Date(resolved.getTime() + 31 * D)
          : null;
    const status =
      spec.outcome === 'declined'
        ? 'declined'
        : spec.outcome === 'intake' || spec.outcome === 'mediating'
          ? spec.outcome
          : spec.closed
            ? 'closed'
            : spec.outcome === 'failed'
              ? 'failed'
              : 'agreed';
    const scale = t.scale ?? 'individual';
    const risk = scale !== 'individual' || rnd.next() < 0.08;
    const referral: Referral | null =
      spec.outcome === 'failed' ? rnd.pick(['litigation', 'arbitration', 'administrative'] as const) : null;
    cases.push({
      id,
      no: `TJ${shanghaiDate(spec.created).slice(0, 4)}-${String(++no).padStart(6, '0')}`,
      placeId: spec.estate.id,
      placePath: spec.estate.path,
      committeeId: committee.id,
      level,
      levelSince: transferred ? new Date(spec.created.getTime() + H) : spec.created,
      source: spec.source ?? rnd.pick(['application', 'application', 'initiative', 'grid_event', 'police']),
      sweepId: spec.sweepId ?? null,
      title: t.title,
      description: t.facts,
      category: t.category,
      subcategory: t.sub,
      scale,
      amount,
      riskFlag: risk,
      riskLevel: risk ? (scale === 'major_group' ? 'high' : 'medium') : null,
      riskNote: risk ? '涉及多户业主，情绪较激动，需防止矛盾激化' : '',
      status,
      declineReason: spec.outcome === 'declined' ? '双方已向人民法院提起诉讼，法院已立案' : null,
      declineReferral: spec.outcome === 'declined' ? '綦江区人民法院' : null,
      acceptedAt: accepted,
      rightsNotifiedAt: accepted,
      outcome: resolvedOutcome ? (spec.outcome as 'written') : null,
      oralContent: spec.outcome === 'oral' ? `双方当场达成口头协议：${t.terms}` : null,
      referral,
      referralDestination: referral
        ? {
            litigation: '綦江区人民法院',
            arbitration: '綦江区劳动人事争议仲裁委员会',
            administrative: '綦江区住房和城乡建委',
          }[referral as 'litigation']
        : null,
      resolvedAt: resolved,
      closedAt,
      agreement:
        spec.outcome === 'written'
          ? {
              facts: t.facts,
              disputes: t.disputes,
              responsibilities: '双方对纠纷的发生均有一定责任，经调解，双方互谅互让。',
              terms: amount ? `${t.terms}\n赔偿（支付）金额人民币${amount}元。` : t.terms,
              performanceManner: amount ? '现金当面支付或银行转账' : '按协议内容自行履行',
              performancePlace: `${spec.estate.name}调解室`,
              performanceDeadline: resolved ? addCalendarDays(shanghaiDate(resolved), 15) : null,
              copies: 3,
            }
          : null,
      agreementSignedOn: signedOn,
      partiesSigned: !!signedOn,
      mediatorSigned: !!signedOn,
      sealed: !!signedOn,
      judicialStatus: signedOn && rnd.next() < 0.15 ? 'confirmed' : 'none',
      judicialAppliedOn: null,
      performanceStatus:
        resolvedOutcome && spec.outcome !== 'failed' ? (spec.closed ? 'performed' : 'pending') : null,
      leadLeader: scale !== 'individual' ? '周建国' : null,
      leadHandler: scale !== 'individual' ? '李秀英' : null,
      leadPlan: scale !== 'individual' ? '分别约谈业主代表和物业公司，召开协调会，公开相关依据' : null,
      leadDeadline: scale !== 'individual' ? shanghaiDate(new Date(spec.created.getTime() + 20 * D)) : null,
      emergencyStartedAt: scale === 'major_group' ? spec.created : null,
      emergencyDepartments: scale === 'major_group' ? committee.responseDepartments : null,
      explanations: {},
      isDemo: true,
      createdAt: spec.created,
      updatedAt: closedAt ?? resolved ?? spec.created,
    });
    if (cases.at(-1)!.judicialStatus === 'confirmed')
      cases.at(-1)!.judicialAppliedOn = addCalendarDays(signedOn!, 10);
    const partyRow = (p: (typeof pool)[number], side: 'applicant' | 'respondent', order: number) =>
      parties.push({
        caseId: id,
        side,
        personId: p.id,
        name: p.name,
        gender: p.gender,
        birthDate: p.birth_date,
        ethnicity: p.ethnicity,
        occupation: '',
        address: `${spec.estate.name}${p.address}`,
        idEnc: p.id_enc,
        idMasked: p.id_masked,
        phoneEnc: p.phone_enc,
        phoneMasked: p.phone_masked,
        representative: '',
        representativeRole: '',
        sortOrder: order,
      });
    partyRow(applicant, 'applicant', 0);
    partyRow(respondent, 'respondent', 1);

    const team = memberIdsOf(committee);
    const lead = team[rnd.int(0, team.length - 1)];
    const mediatorNames = [lead.name];
    assignments.push({ caseId: id, memberId: lead.id, lead: true });
    if (team.length > 2 && rnd.next() < 0.4) {
      const second = team.find((m) => m.id !== lead.id)!;
      assignments.push({ caseId: id, memberId: second.id, lead: false });
      mediatorNames.push(second.name);
    }
    const step = (
      at: Date,
      action: string,
      from: string | null,
      to: string | null,
      note = '',
      lvl = level,
      data: unknown = null,
    ) =>
      steps.push({
        caseId: id,
        at,
        action,
        actorName: lead.name,
        fromStatus: from,
        toStatus: to,
        level: lvl,
        note,
        data,
      });
    step(spec.created, 'create', null, 'intake', `${home.name}登记`, levelOf(home));
    if (transferred)
      step(
        new Date(spec.created.getTime() + H),
        'transfer_up',
        'intake',
        'intake',
        '涉及多户，由小区上交社区',
        'community',
        {
          fromLevel: 'estate',
          toLevel: 'community',
        },
      );
    if (spec.outcome === 'declined') {
      step(closedAt!, 'decline', 'intake', 'declined', '双方已向人民法院提起诉讼。建议：綦江区人民法院');
      return id;
    }
    if (!accepted) return id;
    step(accepted, 'accept', 'intake', 'mediating');
    step(accepted, 'assign', null, null, mediatorNames.join('、'));
    const count = spec.outcome === 'mediating' ? 1 : rnd.int(1, 3);
    for (let i = 0; i < count; i++) {
      const held = new Date(accepted.getTime() + (i + 1) * Math.max(1, Math.floor(days / (count + 1))) * D);
      if (held > now) break;
      sessions.push({
        caseId: id,
        heldAt: held,
        place: `${committee.place.name}调解室`,
        attendees: `${applicant.name}、${respondent.name}、${mediatorNames.join('、')}`,
        record: [
          ...MEDIATOR_LINES.slice(0, 4),
          i === count - 1 && spec.outcome !== 'failed'
            ? `调解员：${t.terms}`
            : '调解员：双方分歧较大，约定下次继续调解。',
          ...(i === count - 1 && spec.outcome !== 'failed' ? MEDIATOR_LINES.slice(4) : []),
        ].join('\n'),
        recordedBy: lead.name,
      });
      step(held, 'session', null, null, `${committee.place.name}调解室`);
    }
    if (!resolved) return id;
    if (spec.outcome === 'failed')
      step(resolved, 'fail', 'mediating', 'failed', `调解不成，引导至${cases.at(-1)!.referralDestination}`);
    else {
      step(
        resolved,
        'agree',
        'mediating',
        'agreed',
        spec.outcome === 'written' ? '签订书面调解协议' : '达成口头协议',
      );
      for (const [i, after] of [7, 30].entries()) {
        const due = addCalendarDays(shanghaiDate(resolved), after);
        const done = spec.closed || (i === 0 && Date.parse(`${due}T10:00:00+08:00`) < now.getTime());
        followups.push({
          caseId: id,
          placePath: spec.estate.path,
          dueOn: due,
          doneAt: done ? new Date(Date.parse(`${due}T10:00:00+08:00`)) : null,
          method: done ? rnd.pick(['visit', 'phone'] as const) : null,
          note: done ? '当事人表示已按协议履行，双方关系缓和，无新的矛盾。' : '',
          byName: done ? lead.name : null,
          remindedAt: done ? new Date(Date.parse(`${due}T08:30:00+08:00`)) : null,
        });
        if (done) step(new Date(Date.parse(`${due}T10:00:00+08:00`)), 'followup', null, null, '已按协议履行');
      }
    }
    if (closedAt)
      step(
        closedAt,
        'close',
        spec.outcome === 'failed' ? 'failed' : 'agreed',
        'closed',
        '卷宗齐全，结案归档',
      );
    return id;
  }

  // The leaking pipe needs neighbours one above the other: the same door on the next floor up.
  const [pipe] = await rows<{ below: string; above: string }>(
    db,
    sql`select a.id as below, b.id as above from people a
          join houses ha on ha.id = a.house_id
          join houses hb on hb.unit_id = ha.unit_id and hb.floor = ha.floor + 1 and right(hb.number, 2) = right(ha.number, 2)
          join people b on b.house_id = hb.id
        where a.place_path like ${`${demo.jinxiuEstate.path}%`} and a.birth_date < '1990-01-01' and b.birth_date < '1990-01-01'
        order by a.id limit 1`,
  );
  const jxPool = residents.get(demo.jinxiuEstate.id)!;
  jxPool.push(...(await peopleWhere(sql`p.id in (${pipe.below}, ${pipe.above})`)));
  const indexOf = (id: string) => jxPool.findIndex((p) => p.id === id);
  const pipePair: [number, number] = [indexOf(pipe.below), indexOf(pipe.above)];

  // The leaking pipe of seed 004: neighbours in 锦绣春天, settled for 100 元, followed up and closed.
  const pipeAt = new Date(now.getTime() - 75 * D);
  addCase({
    estate: demo.jinxiuEstate,
    template: {
      title: LEAKING_PIPE.title,
      category: '02',
      sub: '0201',
      facts: '楼上住户卫生间下水管接口老化漏水，致楼下住户卫生间天花板渗水、墙面发霉。',
      disputes: '漏水责任的承担及楼下住户的损失赔偿。',
      terms: '一、楼上住户于三日内请维修工更换漏水管件；\n二、楼上住户赔偿楼下住户墙面修补费用。',
    },
    created: pipeAt,
    outcome: 'written',
    closed: true,
    amount: LEAKING_PIPE.amount,
    source: 'grid_event',
    pair: pipePair,
  });

  // A year of cases across the three estates.
  const estates = [demo.jinxiuEstate, demo.jinxiuEstate, demo.yujiaEstate, demo.nanhuaEstate];
  for (let i = 0; i < 110; i++) {
    const created = new Date(now.getTime() - rnd.int(1, 360) * D - rnd.int(0, 10) * H);
    const age = (now.getTime() - created.getTime()) / D;
    const template = rnd.pick(TEMPLATES.filter((t) => t.scale !== 'major_group'));
    const r = rnd.next();
    const outcome =
      age < 10
        ? rnd.pick(['intake', 'mediating', 'mediating', 'written', 'oral'] as const)
        : r < 0.5
          ? 'written'
          : r < 0.72
            ? 'oral'
            : r < 0.86
              ? 'failed'
              : r < 0.92
                ? 'declined'
                : 'mediating';
    const estate = rnd.pick(estates);
    const sweep =
      estate.id === demo.jinxiuEstate.id && rnd.next() < 0.25
        ? sweeps.find(
            (s) =>
              Date.parse(`${s.heldOn}T12:00:00+08:00`) <= created.getTime() + 5 * D &&
              Date.parse(`${s.heldOn}T12:00:00+08:00`) > created.getTime() - 5 * D,
          )
        : undefined;
    addCase({
      estate,
      template,
      created: sweep ? new Date(Date.parse(`${sweep.heldOn}T16:00:00+08:00`)) : created,
      outcome,
      closed: age > 75 && outcome !== 'mediating',
      transferred: estate.id === demo.jinxiuEstate.id && rnd.next() < 0.12,
      source: sweep ? 'sweep' : undefined,
      sweepId: sweep?.id ?? null,
    });
  }
  // One open 重大群体性 case with the joint response under way.
  const major = TEMPLATES.find((t) => t.scale === 'major_group')!;
  const majorId = addCase({
    estate: demo.jinxiuEstate,
    template: major,
    created: new Date(now.getTime() - 4 * D),
    outcome: 'mediating',
    closed: false,
    source: 'initiative',
  });
  steps.push(
    {
      caseId: majorId,
      at: new Date(now.getTime() - 4 * D + H),
      action: 'emergency',
      actorName: '系统',
      level: 'estate',
      note: `已通知：${jxEstate.responseDepartments.map((d) => d.name).join('、')}`,
    },
    {
      caseId: majorId,
      at: new Date(now.getTime() - 4 * D + 2 * H),
      action: 'response',
      actorName: '张桂芳',
      level: 'estate',
      note: '现场稳控：民警和物业人员到场维持秩序，劝导业主推选代表协商。',
    },
    {
      caseId: majorId,
      at: new Date(now.getTime() - 3 * D),
      action: 'response',
      actorName: '张桂芳',
      level: 'estate',
      note: '疏导：向业主解释收费调整尚未生效，承诺召开业主大会表决。',
    },
  );

  // Case numbers run in the order cases were registered, as a committee's register does.
  cases.sort((x, y) => (x.createdAt as Date).getTime() - (y.createdAt as Date).getTime());
  cases.forEach((c, i) => {
    c.no = `TJ${shanghaiDate(c.createdAt as Date).slice(0, 4)}-${String(i + 1).padStart(6, '0')}`;
  });
  await insertRows(db, mediationSweeps, sweeps);
  await insertRows(db, mediationCases, cases);
  await insertRows(db, mediationParties, parties);
  await insertRows(db, mediationAssignments, assignments);
  await insertRows(db, mediationSessions, sessions);
  await insertRows(db, mediationFollowups, followups);
  await insertRows(
    db,
    mediationSteps,
    steps.sort((x, y) => (x.at as Date).getTime() - (y.at as Date).getTime()),
  );
  await db.execute(sql`select setval('mediation_case_no_seq', ${no})`);
  return {
    mediationCommittees: committees.length,
    mediationCases: cases.length,
    mediationSweeps: sweeps.length,
  };
}
