import { and, asc, like, sql } from 'drizzle-orm';
import type { Db } from '../src/server/db/index.js';
import { rows } from '../src/server/db/sql.js';
import {
  fireBrigadeMembers,
  fireDrills,
  fireEquipment,
  fireHazardSteps,
  fireHazards,
  fireInspections,
  firePlanContacts,
  firePlans,
} from '../src/server/modules/fire/schema.js';
import { people } from '../src/server/modules/registry/schema.js';
import { addCalendarDays, shanghaiDate } from '../src/server/platform/calendar/index.js';
import { maskPhone, type PiiCipher } from '../src/server/platform/pii/index.js';
import { DEFAULT_CHECKLIST, type EquipmentKind, type HazardStatus } from '../src/shared/fire.js';
import type { DemoPlace, DemoPlaces } from './org.js';
import type { Random } from './random.js';

// Fire safety in 古南街道: equipment in 锦绣春天 and 南华家园 (some expiring, some expired), six months
// of monthly inspections (南华家园 has not had this month's yet), hazards in every state including an
// overdue one, an emergency plan with its contacts, a drill that exercised it, and the 义务消防队.

const D = 86_400_000;

const EQUIPMENT: [EquipmentKind, string, number, number][] = [
  // kind, where, quantity, service life in years
  ['extinguisher', '楼道消防箱（每层）', 12, 5],
  ['hydrant', '一楼消火栓箱', 1, 10],
  ['smoke_alarm', '配电间、楼道', 6, 8],
  ['emergency_light', '楼梯间疏散指示与应急照明', 8, 6],
];

/** Inspectors by estate, as the guards sign. */
const INSPECTOR = { jinxiu: '刘志强', nanhua: '南华物业 何军' };

const HAZARDS: [string, string, string][] = [
  ['楼道堆放纸箱杂物', '1单元一楼至三楼楼道堆放纸箱、旧家具', '楼道'],
  ['电动车楼道充电', '有住户将电动车推入楼道，飞线充电', '一楼大堂'],
  ['消防通道被占用', '东侧消防通道长期停放私家车', '东侧消防通道'],
  ['灭火器压力不足', '5楼消防箱两具灭火器指针在红区', '5楼消防箱'],
  ['疏散指示灯损坏', '负一楼车库两处疏散指示灯不亮', '地下车库'],
  ['常闭防火门被打开', '楼梯间防火门被木楔顶住常开', '楼梯间'],
  ['私拉电线', '车棚内私拉电线给电动车充电', '非机动车棚'],
];

export async function loadFireDemo(
  db: Db,
  pii: PiiCipher,
  demo: DemoPlaces,
  now: Date,
  random: Random,
): Promise<{ fireEquipment: number; fireInspections: number; fireHazards: number }> {
  const today = shanghaiDate(now);
  const buildingsOf = (estate: DemoPlace) =>
    demo.all.filter((p) => p.kind === 'building' && p.path.startsWith(estate.path));
  const estates = [
    { estate: demo.jinxiuEstate, who: INSPECTOR.jinxiu },
    { estate: demo.nanhuaEstate, who: INSPECTOR.nanhua },
  ];

  // ── equipment: per building; a few expired and a few within 30 days ──
  const equipment: (typeof fireEquipment.$inferInsert)[] = [];
  for (const { estate } of estates) {
    const buildings = buildingsOf(estate).slice(0, 8);
    buildings.forEach((b, bi) => {
      for (const [kind, where, quantity, years] of EQUIPMENT) {
        // Installed some years ago; the first buildings' extinguishers are due or past due.
        let expiresOn = addCalendarDays(today, random.int(120, 900));
        if (kind === 'extinguisher' && bi === 0) expiresOn = addCalendarDays(today, -random.int(5, 40));
        if (kind === 'extinguisher' && bi === 1) expiresOn = addCalendarDays(today, random.int(3, 25));
        if (kind === 'emergency_light' && bi === 2) expiresOn = addCalendarDays(today, random.int(1, 28));
        if (kind === 'smoke_alarm' && bi === 3) expiresOn = addCalendarDays(today, -random.int(1, 60));
        const installedOn = addCalendarDays(expiresOn, -years * 365);
        equipment.push({
          placeId: b.id,
          placePath: b.path,
          estateId: estate.id,
          kind,
          location: `${b.name}${where}`,
          quantity,
          installedOn,
          expiresOn,
          status: kind === 'emergency_light' && bi === 4 ? 'faulty' : 'normal',
          note: kind === 'emergency_light' && bi === 4 ? '2层应急灯不亮，已报物业维修' : '',
          isDemo: true,
        });
      }
    });
    equipment.push({
      placeId: estate.id,
      placePath: estate.path,
      estateId: estate.id,
      kind: 'hydrant',
      location: '小区主入口室外消火栓',
      quantity: 2,
      installedOn: '2015-06-01',
      expiresOn: null,
      isDemo: true,
    });
  }
  await db.insert(fireEquipment).values(equipment);

  // ── monthly inspections: the past six months; 南华家园 has not done this month's ──
  const inspections: (typeof fireInspections.$inferInsert)[] = [];
  for (const { estate, who } of estates) {
    for (let m = 5; m >= 0; m--) {
      if (m === 0 && estate === demo.nanhuaEstate) continue;
      const first = new Date(`${today.slice(0, 7)}-01T02:00:00Z`);
      first.setUTCMonth(first.getUTCMonth() - m);
      let at = new Date(first.getTime() + random.int(2, 20) * D + random.int(0, 6) * 3_600_000);
      if (at > now) at = new Date(now.getTime() - 3_600_000);
      const failed = new Set(
        m % 2 === 0 ? [random.pick(DEFAULT_CHECKLIST).code] : m === 3 ? ['ebike', 'corridor'] : [],
      );
      inspections.push({
        placeId: estate.id,
        placePath: estate.path,
        estateId: estate.id,
        month: shanghaiDate(at).slice(0, 7),
        inspectedAt: at,
        inspectorName: who,
        items: DEFAULT_CHECKLIST.map((c) => ({
          ...c,
          passed: !failed.has(c.code),
          note: failed.has(c.code) ? '现场发现问题，已拍照登记' : '',
          hazardId: null,
        })),
        failedCount: failed.size,
        note: '月度防火检查',
        isDemo: true,
      });
    }
  }
  const savedInspections = await db.insert(fireInspections).values(inspections).returning();

  // ── hazards in every state ──
  const states: { status: HazardStatus; overdue?: boolean; failedOnce?: boolean }[] = [
    { status: 'found' },
    { status: 'rectifying' },
    { status: 'rectifying', overdue: true },
    { status: 'rechecking' },
    { status: 'rectifying', failedOnce: true },
    { status: 'closed' },
    { status: 'closed' },
  ];
  let nHazards = 0;
  for (const { estate } of estates) {
    const buildings = buildingsOf(estate);
    const lastInspection = savedInspections.filter((i) => i.estateId === estate.id).at(-1)!;
    // A hazard first reported as a grid event keeps the event's id.
    const [event] = await rows<{ id: string }>(
      db,
      sql`select id from events where place_path like ${`${estate.path}%`} and category = 'hazard' order by created_at, id limit 1`,
    );
    for (const [k, s] of states.entries()) {
      const [title, description, where] = HAZARDS[k % HAZARDS.length];
      const b = buildings[(k * 3) % buildings.length];
      const found = new Date(now.getTime() - (s.overdue ? 20 : random.int(3, 40)) * D);
      const deadline =
        s.status === 'found'
          ? null
          : s.overdue
            ? addCalendarDays(today, -random.int(3, 8))
            : addCalendarDays(today, random.int(3, 15));
      const fromInspection = k === 1;
      const [h] = await db
        .insert(fireHazards)
        .values({
          placeId: b.id,
          placePath: b.path,
          estateId: estate.id,
          title,
          description,
          location: `${b.name}${where}`,
          level: k === 2 ? 'major' : 'general',
          source: fromInspection ? 'inspection' : k === 3 && event ? 'event' : 'patrol',
          sourceEventId: !fromInspection && k === 3 && event ? event.id : null,
          sourceInspectionId: fromInspection ? lastInspection.id : null,
          sourceItem: fromInspection ? 'corridor' : null,
          status: s.status,
          responsible: s.status === 'found' ? null : k % 2 ? '物业服务中心' : `${b.name}楼栋长`,
          deadline,
          rectifyNote: s.status === 'rechecking' || s.status === 'closed' ? '已清理完毕并张贴提示' : null,
          recheckCount: s.status === 'closed' ? 1 : s.failedOnce ? 1 : 0,
          escalatedAt: s.overdue ? new Date(now.getTime() - 2 * D) : null,
          closedAt: s.status === 'closed' ? new Date(now.getTime() - random.int(1, 3) * D) : null,
          reporterName: estate === demo.jinxiuEstate ? INSPECTOR.jinxiu : INSPECTOR.nanhua,
          isDemo: true,
          createdAt: found,
          updatedAt: found,
        })
        .returning();
      nHazards++;
      const steps: (typeof fireHazardSteps.$inferInsert)[] = [
        {
          hazardId: h.id,
          at: found,
          action: 'create',
          actorName: h.reporterName,
          toStatus: 'found',
          note: description,
        },
      ];
      const t = (days: number) => new Date(found.getTime() + days * D);
      if (s.status !== 'found')
        steps.push({
          hazardId: h.id,
          at: t(0.2),
          action: 'assign',
          actorName: '李秀英',
          fromStatus: 'found',
          toStatus: 'rectifying',
          data: { responsible: h.responsible, deadline: h.deadline },
        });
      if (s.failedOnce)
        steps.push(
          {
            hazardId: h.id,
            at: t(1),
            action: 'submit',
            actorName: h.reporterName,
            fromStatus: 'rectifying',
            toStatus: 'rechecking',
            note: '已清理',
          },
          {
            hazardId: h.id,
            at: t(2),
            action: 'fail',
            actorName: '李秀英',
            fromStatus: 'rechecking',
            toStatus: 'rectifying',
            note: '复查时杂物又被堆回，限期再次整改',
          },
        );
      if (s.status === 'rechecking' || s.status === 'closed')
        steps.push({
          hazardId: h.id,
          at: t(1),
          action: 'submit',
          actorName: h.reporterName,
          fromStatus: 'rectifying',
          toStatus: 'rechecking',
          note: '已清理完毕并张贴提示',
        });
      if (s.status === 'closed')
        steps.push({
          hazardId: h.id,
          at: t(2),
          action: 'pass',
          actorName: '李秀英',
          fromStatus: 'rechecking',
          toStatus: 'closed',
          note: '复查合格，予以销号',
        });
      if (s.overdue)
        steps.push({
          hazardId: h.id,
          at: new Date(now.getTime() - 2 * D),
          action: 'escalate',
          actorName: '系统',
          fromStatus: 'rectifying',
          toStatus: 'rectifying',
          note: '整改期限已过，升级至社区',
        });
      await db.insert(fireHazardSteps).values(steps);
    }
  }

  // ── emergency plan with contacts, a drill that exercised it, a training ──
  const [plan] = await db
    .insert(firePlans)
    .values({
      placeId: demo.jinxiuEstate.id,
      placePath: demo.jinxiuEstate.path,
      estateId: demo.jinxiuEstate.id,
      title: '锦绣春天小区火灾事故应急预案',
      content: [
        '一、适用范围：本小区住宅楼、地下车库、非机动车棚及公共区域发生的火灾事故。',
        '二、组织机构：成立应急处置领导小组，下设通讯联络、灭火行动、疏散引导、医疗救护、后勤保障五个小组。',
        '三、处置程序：发现火情立即拨打119，同时报告物业服务中心；义务消防队5分钟内到场，使用就近灭火器、消火栓初期扑救；疏散引导组按疏散指示组织住户从安全出口撤离至中心广场；医疗救护组在集合点清点人数、救护伤员。',
        '四、保障措施：每月检查消防器材，每半年组织一次演练。',
      ].join('\n'),
      revisedOn: addCalendarDays(today, -120),
      isDemo: true,
    })
    .returning();
  const contacts: [string, string, string][] = [
    ['王立新', 'commander', '13908231001'],
    ['李秀英', 'deputy', '13908231002'],
    ['刘志强', 'firefighting', '13908231003'],
    ['陈美华', 'evacuation', '13908231004'],
    ['赵医生', 'medical', '13908231005'],
  ];
  await db.insert(firePlanContacts).values(
    contacts.map(([name, role, phone], i) => ({
      planId: plan.id,
      name,
      role,
      phoneEnc: pii.encrypt(phone),
      phoneMasked: maskPhone(phone),
      sortOrder: i,
    })),
  );
  const names = [
    '张建国',
    '李桂芳',
    '王强',
    '赵敏',
    '孙丽',
    '周伟',
    '吴芳',
    '郑海',
    '冯静',
    '陈刚',
    '刘洋',
    '黄磊',
  ];
  await db.insert(fireDrills).values([
    {
      placeId: demo.jinxiuEstate.id,
      placePath: demo.jinxiuEstate.path,
      estateId: demo.jinxiuEstate.id,
      kind: 'drill',
      title: '高层住宅火灾疏散及初期火灾扑救演练',
      heldOn: addCalendarDays(today, -35),
      location: '锦绣春天 3栋及中心广场',
      organiser: '锦绣社区、锦绣物业、南岸消防救援站',
      attendance: 86,
      attendees: names,
      planId: plan.id,
      summary:
        '从报警到3栋住户全部疏散至中心广场用时6分40秒；义务消防队使用消火栓出水用时3分钟。发现2单元疏散指示灯一处损坏，已登记整改。',
      isDemo: true,
    },
    {
      placeId: demo.nanhuaEstate.id,
      placePath: demo.nanhuaEstate.path,
      estateId: demo.nanhuaEstate.id,
      kind: 'training',
      title: '灭火器和消火栓使用培训',
      heldOn: addCalendarDays(today, -12),
      location: '南华社区党群服务中心',
      organiser: '南华社区',
      attendance: 42,
      attendees: names.slice(0, 6),
      summary: '讲解“提、拔、握、压”四步法，现场实操油盘灭火。',
      isDemo: true,
    },
  ]);

  // ── the volunteer fire brigade: residents of 锦绣春天 from the registry ──
  const residents = await db
    .select({ id: people.id })
    .from(people)
    .where(and(like(people.placePath, `${demo.jinxiuEstate.path}%`), sql`${people.phoneMasked} is not null`))
    .orderBy(asc(people.placePath), asc(people.id))
    .limit(40);
  const chosen = residents.filter((_, i) => i % 5 === 0).slice(0, 8);
  if (chosen.length > 0)
    await db.insert(fireBrigadeMembers).values(
      chosen.map((p, i) => ({
        placeId: demo.jinxiuEstate.id,
        placePath: demo.jinxiuEstate.path,
        estateId: demo.jinxiuEstate.id,
        personId: p.id,
        duty: i === 0 ? '队长' : i === 1 ? '副队长' : '队员',
        joinedOn: addCalendarDays(today, -random.int(60, 700)),
        isDemo: true,
      })),
    );

  return { fireEquipment: equipment.length, fireInspections: inspections.length, fireHazards: nHazards };
}
