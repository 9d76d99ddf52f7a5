import { and, asc, eq, like } from 'drizzle-orm';
import type { Db } from '../src/server/db/index.js';
import { insertRows } from '../src/server/db/sql.js';
import { users } from '../src/server/modules/org/schema.js';
import { people } from '../src/server/modules/registry/schema.js';
import {
  volunteerActivities,
  volunteerApplications,
  volunteerMembers,
  volunteerRecords,
  volunteerShifts,
  volunteerTeams,
} from '../src/server/modules/volunteers/schema.js';
import { addCalendarDays, shanghaiDate } from '../src/server/platform/calendar/index.js';
import { maskName, maskPhone, type PiiCipher } from '../src/server/platform/pii/index.js';
import type { TeamKind } from '../src/shared/volunteers.js';
import type { DemoPlaces } from './org.js';
import type { Random } from './random.js';

// 锦绣春天's six volunteer teams of 11 (seed 004: 义务巡逻队、义务消防队、护校队、法制宣传队、民事调解队、
// 扶贫帮困队), each with a weekly schedule and a year of service records, a few activities, and residents'
// sign-ups waiting for approval.

interface Slot {
  weekday: number;
  start: string;
  end: string;
  title: string;
  location: string;
}

const TEAMS: { kind: TeamKind; name: string; description: string; slots: Slot[]; activities: string[] }[] = [
  {
    kind: 'patrol',
    name: '锦绣春天义务巡逻队',
    description: '每周二、四、六晚间巡逻小区主干道、地下车库和周界，发现隐患及时上报网格员。',
    slots: [2, 4, 6].map((d) => ({
      weekday: d,
      start: '19:00',
      end: '21:00',
      title: '夜间巡逻',
      location: '小区主干道、地下车库',
    })),
    activities: ['春节平安巡逻', '国庆安保巡逻', '防盗宣传入户'],
  },
  {
    kind: 'fire',
    name: '锦绣春天义务消防队',
    description: '每周检查楼道消防器材，清理消防通道杂物，组织消防演练。',
    slots: [{ weekday: 3, start: '09:00', end: '11:00', title: '消防器材检查', location: '1—6栋楼道' }],
    activities: ['消防演练', '电动车充电安全宣传', '冬季防火检查'],
  },
  {
    kind: 'school',
    name: '锦绣春天护校队',
    description: '上学、放学时段在小区东门和学校路口护学。',
    slots: [1, 2, 3, 4, 5].map((d) => ({
      weekday: d,
      start: '07:30',
      end: '08:30',
      title: '早间护学岗',
      location: '东门路口',
    })),
    activities: ['开学护学', '交通安全课'],
  },
  {
    kind: 'legal',
    name: '锦绣春天法制宣传队',
    description: '每周六在小区广场开展普法宣传，宣讲民法典、反诈和禁毒知识。',
    slots: [{ weekday: 6, start: '09:00', end: '11:00', title: '普法宣传', location: '小区广场' }],
    activities: ['民法典宣传月', '全民反诈宣传', '国家安全教育日'],
  },
  {
    kind: 'mediation',
    name: '锦绣春天民事调解队',
    description: '每周四下午在物业服务中心值班，调解邻里、物业纠纷。',
    slots: [{ weekday: 4, start: '14:00', end: '17:00', title: '调解值班', location: '物业服务中心' }],
    activities: ['矛盾纠纷大排查', '楼上漏水纠纷调解'],
  },
  {
    kind: 'poverty',
    name: '锦绣春天扶贫帮困队',
    description: '每周日走访独居老人和困难家庭，代购代办，结对帮扶。',
    slots: [{ weekday: 7, start: '09:00', end: '11:00', title: '走访帮扶', location: '独居老人家中' }],
    activities: ['重阳节慰问', '春节送温暖'],
  },
];

const slotHours = (s: Slot) => {
  const [h1, m1] = s.start.split(':').map(Number);
  const [h2, m2] = s.end.split(':').map(Number);
  return (h2 * 60 + m2 - h1 * 60 - m1) / 60;
};

export async function loadVolunteersDemo(db: Db, pii: PiiCipher, demo: DemoPlaces, now: Date, rnd: Random) {
  const estate = demo.jinxiuEstate;
  const today = shanghaiDate(now);
  const residents = await db
    .select({ id: people.id, name: people.name, phoneEnc: people.phoneEnc })
    .from(people)
    .where(like(people.placePath, `${estate.path}%`))
    .orderBy(asc(people.namePinyin), asc(people.id))
    .limit(400);
  // 66 different people, spread over the estate.
  const pool = [...residents];
  const chosen: typeof residents = [];
  while (chosen.length < 66 && pool.length > 0) chosen.push(pool.splice(rnd.int(0, pool.length - 1), 1)[0]);
  const [zhiyuan] = await db.select({ id: users.id }).from(users).where(eq(users.username, 'zhiyuan'));

  const records: (typeof volunteerRecords.$inferInsert)[] = [];
  let memberCount = 0;
  for (const [i, spec] of TEAMS.entries()) {
    const teamId = rnd.uuid();
    await db.insert(volunteerTeams).values({
      id: teamId,
      placeId: estate.id,
      placePath: estate.path,
      kind: spec.kind,
      name: spec.name,
      description: spec.description,
      sortOrder: i + 1,
      isDemo: true,
      createdAt: new Date(now.getTime() - 400 * 86_400_000),
    });
    const group = chosen.slice(i * 11, i * 11 + 11);
    const members = group.map((p, j) => ({
      id: rnd.uuid(),
      teamId,
      placePath: estate.path,
      personId: p.id,
      // The demo volunteer account leads the patrol: the phone page logs its shifts.
      userId: i === 0 && j === 0 ? (zhiyuan?.id ?? null) : null,
      name: p.name,
      role: j === 0 ? 'leader' : 'member',
      availability: rnd.pick(['工作日晚上', '周末全天', '周一至周五上午', '随叫随到']),
      joinedOn: addCalendarDays(today, -rnd.int(380, 1500)),
      isDemo: true,
    }));
    memberCount += members.length;
    await db.insert(volunteerMembers).values(members);
    const shiftIds: string[] = [];
    for (const s of spec.slots) {
      const id = rnd.uuid();
      shiftIds.push(id);
      const crew = Array.from(new Set(Array.from({ length: 4 }, () => rnd.pick(members).id)));
      await db.insert(volunteerShifts).values({
        id,
        teamId,
        placePath: estate.path,
        weekday: s.weekday,
        startTime: s.start,
        endTime: s.end,
        title: s.title,
        location: s.location,
        memberIds: crew,
        isDemo: true,
      });
    }
    const activityIds: { id: string; date: string }[] = [];
    for (const title of spec.activities) {
      const date = addCalendarDays(today, -rnd.int(7, 350));
      const id = rnd.uuid();
      activityIds.push({ id, date });
      await db.insert(volunteerActivities).values({
        id,
        teamId,
        placePath: estate.path,
        title,
        heldOn: date,
        location: rnd.pick(['小区广场', '物业服务中心', '社区党群服务中心', '东门']),
        description: `${spec.name}组织开展${title}活动。`,
        isDemo: true,
      });
      for (const m of members.slice(0, rnd.int(5, 11)))
        records.push({
          teamId,
          memberId: m.id,
          placePath: estate.path,
          servedOn: date,
          hours: '3.00',
          points: 5,
          activityId: id,
          note: title,
          isDemo: true,
        });
    }
    // A year of the weekly schedule: most slots walked by two to four members.
    for (let d = 364; d >= 1; d--) {
      const date = addCalendarDays(today, -d);
      const weekday = ((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
      spec.slots.forEach((s, k) => {
        if (s.weekday !== weekday || rnd.next() < 0.12) return;
        const crew = new Set(Array.from({ length: rnd.int(2, 4) }, () => rnd.pick(members).id));
        for (const memberId of crew)
          records.push({
            teamId,
            memberId,
            placePath: estate.path,
            servedOn: date,
            hours: slotHours(s).toFixed(2),
            points: Math.round(slotHours(s) * 2),
            shiftId: shiftIds[k],
            note: '',
            isDemo: true,
          });
      });
    }
    if (i < 3) {
      // Residents who signed up on the public page, waiting for the community to approve them.
      const names = [
        ['周丽华', '13700001231'],
        ['吴志强', '13700001232'],
        ['郑秀兰', '13700001233'],
      ][i];
      await db.insert(volunteerApplications).values({
        teamId,
        placePath: estate.path,
        nameEnc: pii.encrypt(names[0]),
        nameMasked: maskName(names[0]),
        phoneEnc: pii.encrypt(names[1]),
        phoneMasked: maskPhone(names[1]),
        availability: rnd.pick(['周末上午', '工作日晚上']),
        note: rnd.pick(['退休教师，时间充裕', '会一点急救知识', '想为小区出份力']),
        ipHash: `demo-${i}`,
        isDemo: true,
        createdAt: new Date(now.getTime() - rnd.int(1, 5) * 86_400_000),
      });
    }
  }
  await insertRows(db, volunteerRecords, records);
  const [patrol] = await db
    .select({ id: volunteerTeams.id })
    .from(volunteerTeams)
    .where(and(eq(volunteerTeams.placeId, estate.id), eq(volunteerTeams.kind, 'patrol')));
  return {
    volunteerTeams: TEAMS.length,
    volunteers: memberCount,
    volunteerRecords: records.length,
    patrolTeamId: patrol.id,
  };
}
