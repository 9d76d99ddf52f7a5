import { and, eq, like } from 'drizzle-orm';
import type { Db } from '../src/server/db/index.js';
import { insertRows } from '../src/server/db/sql.js';
import {
  noticeChannels,
  noticeDeliveries,
  noticeRecipients,
  notices,
  noticeTemplates,
} from '../src/server/modules/notices/schema.js';
import { places, roles, userRoles, users } from '../src/server/modules/org/schema.js';
import { volunteerMembers } from '../src/server/modules/volunteers/schema.js';
import { shanghaiDate } from '../src/server/platform/calendar/index.js';
import { notifications } from '../src/server/platform/notify/schema.js';
import type { PiiCipher } from '../src/server/platform/pii/index.js';
import type { NoticeKind } from '../src/shared/notices.js';
import type { DemoPlaces } from './org.js';
import type { Random } from './random.js';

// 锦绣春天's notices: the weekly safety notice from its template every Monday for two months, a water
// cut to two buildings, a patrol team call-out and a committee meeting notice; read receipts (some
// read, some not), and a WeCom group robot whose address is an example host, so its deliveries
// failed and show as such until someone puts in the group's real webhook.

const WEEKLY_TITLE = '{{小区}}每周平安提示（{{日期}}）';
const WEEKLY_BODY =
  '各位居民：\n本周重点提示：{{重点提示}}\n出门关好门窗，电动车不进楼道、不私拉电线充电；接到陌生来电涉及转账汇款，一律先挂断，拨打 96110 核实。\n如发现可疑情况，请联系网格员或拨打 110。';
const FOCUS = [
  '冬季用火用电安全，取暖器远离可燃物',
  '防范冒充客服退款类电信诈骗',
  '地下车库车辆被拉门，请锁好车门、贵重物品不留车内',
  '高空抛物违法，阳台花盆请勿摆放在护栏外',
  '独居老人家中燃气使用安全，邻里多关照',
  '快递冒领频发，请及时取件',
  '防范以“养老投资”为名的非法集资',
  '年底防盗，外出时请托邻居照看',
];

const DAY = 86_400_000;
export const DEMO_WECOM_URL = 'https://wecom-robot.example.invalid/cgi-bin/webhook/send?key=demo-jinxiu-0001';

export async function loadNoticesDemo(
  db: Db,
  pii: PiiCipher,
  demo: DemoPlaces,
  now: Date,
  rnd: Random,
  patrolTeamId: string,
) {
  const estate = demo.jinxiuEstate;
  const [publisher] = await db
    .select({ id: users.id, name: users.displayName })
    .from(users)
    .where(eq(users.username, 'shequ'));
  const accounts = await db
    .selectDistinct({
      id: users.id,
      name: users.displayName,
      placePath: places.path,
      role: roles.code,
      roleName: roles.name,
    })
    .from(userRoles)
    .innerJoin(users, eq(users.id, userRoles.userId))
    .innerJoin(places, eq(places.id, userRoles.placeId))
    .innerJoin(roles, eq(roles.id, userRoles.roleId))
    .where(and(like(places.path, `${estate.path}%`), eq(users.active, true)));
  const building = demo.all.find((p) => p.id === demo.residentUnit.parentId)!;
  const patrol = await db
    .select({ userId: volunteerMembers.userId })
    .from(volunteerMembers)
    .where(eq(volunteerMembers.teamId, patrolTeamId));

  const templateId = rnd.uuid();
  await db.insert(noticeTemplates).values({
    id: templateId,
    placeId: estate.id,
    placePath: estate.path,
    name: '每周平安提示',
    kind: 'safety',
    title: WEEKLY_TITLE,
    body: WEEKLY_BODY,
    isDemo: true,
  });
  const channelId = rnd.uuid();
  await db.insert(noticeChannels).values({
    id: channelId,
    placeId: estate.id,
    placePath: estate.path,
    kind: 'wecom',
    name: '锦绣春天平安群（企业微信）',
    format: 'markdown',
    configEnc: pii.encrypt(JSON.stringify({ url: DEMO_WECOM_URL, secret: '' })),
    urlMasked: 'https://wecom-robot.example.invalid/cgi-bin/webhook/send?key=****0001',
    isDemo: true,
  });

  const plan: {
    kind: NoticeKind;
    title: string;
    body: string;
    at: Date;
    label: string;
    audience: object;
    who: { id: string; name: string; via: string }[];
    wecom: boolean;
    templated?: boolean;
  }[] = [];
  const everyone = accounts.filter((a, i) => accounts.findIndex((b) => b.id === a.id) === i);
  const place = { kind: 'place', placeIds: [], teamId: null, roleCode: null, userIds: [] };
  for (let w = 7; w >= 0; w--) {
    const at = new Date(now.getTime() - (w * 7 + 1) * DAY);
    const date = shanghaiDate(at);
    plan.push({
      kind: 'safety',
      title: WEEKLY_TITLE.replace('{{小区}}', estate.name).replace('{{日期}}', date),
      body: WEEKLY_BODY.replace('{{重点提示}}', FOCUS[w]),
      at,
      label: `${estate.name}全体`,
      audience: place,
      who: everyone.map((a) => ({ id: a.id, name: a.name, via: a.roleName })),
      wecom: true,
      templated: true,
    });
  }
  plan.push({
    kind: 'notice',
    title: '1栋停水通知',
    body: '因二次供水设备检修，本周四 9:00—15:00 1栋停水，请提前储水。给您带来不便，敬请谅解。',
    at: new Date(now.getTime() - 3 * DAY),
    label: building.name,
    audience: { ...place, kind: 'buildings', placeIds: [building.id] },
    who: everyone
      .filter((a) => a.placePath.startsWith(building.path))
      .map((a) => ({ id: a.id, name: a.name, via: building.name })),
    wecom: false,
  });
  plan.push({
    kind: 'meeting',
    title: '本月业委会例会通知',
    body: '定于本周五 19:30 在物业服务中心二楼会议室召开月例会，议题：电动车充电桩增设、地下车库照明改造。请各位委员准时参加。',
    at: new Date(now.getTime() - 2 * DAY),
    label: `${estate.name}的业委会成员`,
    audience: { ...place, kind: 'role', roleCode: 'owners_committee' },
    who: everyone
      .filter((a) => a.role === 'owners_committee')
      .map((a) => ({ id: a.id, name: a.name, via: a.roleName })),
    wecom: false,
  });
  plan.push({
    kind: 'notice',
    title: '周末加强夜间巡逻',
    body: '本周六、日晚 19:00—22:00 加强地下车库巡逻，请队员在东门岗亭集合，佩戴红袖标。',
    at: new Date(now.getTime() - DAY),
    label: '锦绣春天义务巡逻队',
    audience: { ...place, kind: 'team', teamId: patrolTeamId },
    who: everyone
      .filter((a) => patrol.some((p) => p.userId === a.id))
      .map((a) => ({ id: a.id, name: a.name, via: '锦绣春天义务巡逻队' })),
    wecom: true,
  });

  const recipients: (typeof noticeRecipients.$inferInsert)[] = [];
  const bell: (typeof notifications.$inferInsert)[] = [];
  let failed = 0;
  for (const [i, n] of plan.entries()) {
    const id = rnd.uuid();
    await db.insert(notices).values({
      id,
      placeId: estate.id,
      placePath: estate.path,
      kind: n.kind,
      title: n.title,
      body: n.body,
      audience: n.audience,
      audienceLabel: n.label,
      // Committee and team call-outs are for their members, not the estate's board.
      public: !['role', 'team'].includes((n.audience as { kind: string }).kind),
      templateId: n.templated ? templateId : null,
      recipientCount: n.who.length,
      createdBy: publisher.id,
      createdByName: publisher.name,
      publishedAt: n.at,
      isDemo: true,
      createdAt: n.at,
    });
    // Older notices are mostly read; the newest ones still wait for most people.
    const readShare = i === plan.length - 1 ? 0.3 : 0.85;
    for (const r of n.who) {
      recipients.push({ noticeId: id, userId: r.id, name: r.name, via: r.via });
      const read = rnd.next() < readShare;
      bell.push({
        userId: r.id,
        kind: 'notice.published',
        title: n.title,
        body: n.body.slice(0, 200),
        link: `/notices/received/${id}`,
        targetType: 'notice',
        targetId: id,
        createdAt: n.at,
        readAt: read ? new Date(n.at.getTime() + rnd.int(10, 600) * 60_000) : null,
      });
    }
    if (n.wecom) {
      failed++;
      await db.insert(noticeDeliveries).values({
        noticeId: id,
        channelId,
        placePath: estate.path,
        channelKind: 'wecom',
        recipientLabel: '锦绣春天平安群（企业微信）',
        status: 'failed',
        attempts: 5,
        lastError: '域名 wecom-robot.example.invalid 无法解析（保留域名）',
        isDemo: true,
        createdAt: n.at,
        updatedAt: new Date(n.at.getTime() + 8 * 60_000),
      });
    }
  }
  await insertRows(db, noticeRecipients, recipients);
  await insertRows(db, notifications, bell);
  return { notices: plan.length, noticeReceipts: recipients.length, failedDeliveries: failed };
}
