import { inArray } from 'drizzle-orm';
import type { Db } from '../src/server/db/index.js';
import {
  legalAgreements,
  legalArticles,
  legalBoards,
  legalContacts,
  legalDutySlots,
  legalRequestSteps,
  legalRequests,
  schoolAttendees,
  schoolCourses,
  schoolSessions,
  users,
} from '../src/server/db/schema.js';
import { maskName, maskPhone, type PiiCipher } from '../src/server/platform/pii/index.js';
import type { LegalKind, LegalStatus } from '../src/shared/legal.js';
import { pickGivenName, pickSurname } from './names.js';
import type { DemoPlace, DemoPlaces } from './org.js';
import type { Random } from './random.js';

/** A request residents (and tests) can look up on the public status page. */
export const DEMO_LEGAL_REQUEST = { trackingNo: 'FW20261001', phone: '19900000012' } as const;

const DAY = 86_400_000;
const ymd = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(d);
/** An instant at a Shanghai wall-clock time on a Shanghai date. */
const at = (date: string, hhmm: string) => new Date(`${date}T${hhmm}:00+08:00`);
const addDays = (date: string, n: number) => ymd(new Date(at(date, '12:00').getTime() + n * DAY));
/** The first day of the month `m` months before the month of `date` (negative: after). */
const monthBack = (date: string, m: number) => {
  const k = Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1 - m;
  return `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}-01`;
};

const REQUESTS: Record<LegalKind, { subject: string; description: string; answer: string }[]> = {
  consult: [
    {
      subject: '楼上漏水赔偿',
      description: '楼上卫生间漏水把我家天花板泡坏了，对方不愿意赔，想问怎么办',
      answer:
        '根据民法典第一千一百六十五条，漏水造成损失的应当赔偿。建议先拍照留证、请物业出具漏水证明，协商不成可申请小区调委会调解，也可向法院起诉。',
    },
    {
      subject: '租房押金不退',
      description: '租期到了房东以墙面脏了为由扣全部押金，合同里没写',
      answer:
        '合同未约定扣押金情形的，正常使用造成的损耗不应由承租人承担。可要求房东列明扣款依据，协商不成可向社区调委会申请调解或到法院起诉。',
    },
    {
      subject: '遗产继承',
      description: '父亲去世没有遗嘱，房子怎么分，继母有没有份',
      answer:
        '无遗嘱按法定继承：配偶、子女、父母为第一顺序继承人，继母作为配偶有继承权。建议先到公证处办理继承公证，有争议可申请调解。',
    },
    {
      subject: '物业费纠纷',
      description: '电梯经常坏，物业不修，我能不能不交物业费',
      answer:
        '物业服务不到位应通过业委会或向住建部门投诉解决，单方拒交物业费可能被起诉。建议书面催告物业维修并保留记录，由业委会依合同主张违约责任。',
    },
    {
      subject: '邻居装修噪音',
      description: '邻居晚上十点以后还在装修，多次沟通无果',
      answer:
        '装修应遵守管理规约规定的施工时间。可先请物业劝阻，仍不改正的可向派出所反映（噪声污染防治法），也可申请调解。',
    },
  ],
  aid: [
    {
      subject: '交通事故赔偿申请法律援助',
      description: '骑电动车被货车撞伤，对方保险公司压价，家里困难请不起律师',
      answer: '符合法律援助条件，已指派律师代理，请携带身份证、低保证明、事故认定书到法律之家办理手续。',
    },
    {
      subject: '赡养费纠纷',
      description: '七十多岁，三个儿子都不给赡养费，想起诉',
      answer: '老年人追索赡养费属于法律援助范围，已受理，律师将协助先行调解，调解不成代为起诉。',
    },
    {
      subject: '工伤认定',
      description: '在厂里受伤，老板不给买工伤保险，也不承认',
      answer: '已受理法律援助，指导收集劳动关系证据并申请工伤认定，必要时先申请劳动仲裁确认劳动关系。',
    },
  ],
  labour: [
    {
      subject: '工地拖欠工资',
      description: '在工地干了四个月，包工头跑了，工资一直没发',
      answer:
        '根据《保障农民工工资支付条例》，施工总承包单位对拖欠工资承担清偿责任。已协助向劳动保障监察大队投诉，并准备劳动仲裁材料。',
    },
    {
      subject: '被辞退没有补偿',
      description: '公司突然通知不用来了，没给任何补偿',
      answer:
        '违法解除劳动合同应支付赔偿金（经济补偿的二倍）。请保留劳动合同、工资流水和解除通知，可申请劳动仲裁。',
    },
  ],
  litigation: [
    {
      subject: '小额诉讼怎么立案',
      description: '借给朋友八千块钱不还，想去法院起诉，不知道怎么办',
      answer:
        '标的额较小的金钱给付案件可适用小额诉讼程序。准备借条、转账记录和身份证，可通过"人民法院在线服务"网上立案，或到法院诉讼服务中心立案。',
    },
    {
      subject: '判决不履行申请执行',
      description: '法院判了对方还钱，过了期限还不给',
      answer:
        '判决生效后对方不履行的，可在两年内向一审法院申请强制执行，需提交执行申请书、生效判决书和身份证明。',
    },
  ],
};

const ARTICLES: { category: 'law' | 'faq' | 'case' | 'guide'; title: string; body: string }[] = [
  {
    category: 'law',
    title: '民法典第二百七十八条：哪些事要业主共同决定',
    body: '筹集和使用建筑物及其附属设施的维修资金、改建重建建筑物、改变共有部分用途或者利用共有部分从事经营活动等事项，应当由专有部分面积占比三分之二以上且人数占比三分之二以上的业主参与表决。\n\n使用维修资金须经参与表决专有部分面积过半数且参与表决人数过半数的业主同意。',
  },
  {
    category: 'law',
    title: '相邻关系：楼上漏水谁负责',
    body: '民法典第二百八十八条规定，不动产的相邻权利人应当按照有利生产、方便生活、团结互助、公平合理的原则，正确处理相邻关系。\n\n楼上漏水造成楼下损失的，漏水一方应当及时维修并赔偿损失。发现漏水先拍照、请物业出具证明，协商不成可申请人民调解。',
  },
  {
    category: 'law',
    title: '高空抛物：全楼都要赔吗',
    body: '民法典第一千二百五十四条：禁止从建筑物中抛掷物品。从建筑物中抛掷物品或者从建筑物上坠落的物品造成他人损害的，由侵权人依法承担侵权责任；经调查难以确定具体侵权人的，除能够证明自己不是侵权人的外，由可能加害的建筑物使用人给予补偿。\n\n物业服务企业应当采取必要的安全保障措施防止此类情形发生。',
  },
  {
    category: 'law',
    title: '养犬管理：遛狗要拴绳',
    body: '饲养动物造成他人损害的，动物饲养人或者管理人应当承担侵权责任。违反管理规定，未对动物采取安全措施造成他人损害的，应当承担侵权责任。\n\n出门遛狗请拴绳、及时清理粪便，烈性犬按规定登记管理。',
  },
  {
    category: 'law',
    title: '农民工工资支付条例要点',
    body: '用人单位应当按照与农民工书面约定或者依法制定的规章制度规定的工资支付周期和具体支付日期足额支付工资。\n\n建设工程施工总承包单位对分包单位拖欠农民工工资承担清偿责任。遇到欠薪可拨打 12333 或到劳动保障监察机构投诉。',
  },
  {
    category: 'faq',
    title: '没有书面劳动合同怎么办',
    body: '用人单位自用工之日起超过一个月不满一年未与劳动者订立书面劳动合同的，应当向劳动者每月支付二倍的工资。\n\n请保存工资流水、工作证、考勤记录、工作群聊天记录等，作为存在劳动关系的证据。',
  },
  {
    category: 'faq',
    title: '哪些人可以申请法律援助',
    body: '经济困难的公民，在请求支付劳动报酬、给予社会保险待遇、请求给付赡养费抚养费扶养费、请求工伤事故人身损害赔偿等事项上，可以申请法律援助。\n\n农民工请求支付劳动报酬、工伤赔偿的，不受经济困难条件限制。请到社区法律之家或街道司法所咨询。',
  },
  {
    category: 'faq',
    title: '人民调解协议有法律效力吗',
    body: '经人民调解委员会调解达成的调解协议，具有法律约束力，当事人应当按照约定履行。\n\n双方可以自协议生效之日起三十日内共同向人民法院申请司法确认，确认后一方拒绝履行的，对方可以申请强制执行。',
  },
  {
    category: 'faq',
    title: '物业费可以拒交吗',
    body: '业主不能以未接受或者无需接受相关物业服务为由拒绝支付物业费。对物业服务不满意，可以通过业主大会、业委会依合同主张，或向住建部门投诉。',
  },
  {
    category: 'faq',
    title: '电动车能不能在楼道充电',
    body: '不能。电动自行车在楼道、楼梯间、安全出口等公共区域停放充电，违反消防法规定，可由公安派出所责令改正并处罚。请到小区集中充电棚充电。',
  },
  {
    category: 'case',
    title: '以案说法：漏水管道 100 元了结邻里纠纷',
    body: '楼上住户水管老化漏水，楼下天花板受损，双方争执不下。小区调委会上门查看，请物业测定漏点，组织双方协商：楼上负责更换管道，赔偿楼下 100 元修补费用。双方当场签订调解协议，握手言和。\n\n小事不出小区：遇到邻里纠纷，先找楼栋法律明白人和小区调委会。',
  },
  {
    category: 'case',
    title: '以案说法：网购退款诈骗',
    body: '居民王阿姨接到自称"客服"的电话，称其网购商品有质量问题可退款，诱导其下载会议软件共享屏幕，被骗 2 万元。\n\n记住：客服不会要求共享屏幕、不会要求转账到"安全账户"。接到可疑电话请拨打 96110 咨询。',
  },
  {
    category: 'guide',
    title: '如何申请劳动仲裁',
    body: '1. 准备仲裁申请书（写明请求事项和事实理由）、身份证、劳动关系证明材料。\n2. 向劳动合同履行地或用人单位所在地的劳动人事争议仲裁委员会提交。\n3. 仲裁时效为一年，从知道或应当知道权利被侵害之日起计算。\n4. 劳动仲裁不收费。',
  },
  {
    category: 'guide',
    title: '法律之家值班时间与服务内容',
    body: '锦绣春天法律之家每周三下午 14:00–17:00 由法律顾问值班，提供法律咨询、法律援助申请指导、劳动维权和便民诉讼指引。\n\n也可以扫描小区宣传栏上的二维码在线提交咨询，凭受理编号和手机号查询答复。',
  },
  {
    category: 'guide',
    title: '申请司法确认需要带什么',
    body: '双方当事人共同到人民法院申请，携带：调解协议书原件、双方身份证明、与纠纷有关的证明材料。应在调解协议生效之日起三十日内提出。',
  },
];

const BOARD_TOPICS = [
  '民法典进小区：相邻关系',
  '防范电信网络诈骗',
  '消防安全：电动车不进楼',
  '农民工工资支付条例',
  '文明养犬 依法养犬',
  '高空抛物入刑',
  '宪法宣传周',
  '未成年人保护法',
  '禁毒宣传',
  '反家庭暴力法',
  '业主大会与业委会',
  '人民调解：小事不出小区',
  '扫黑除恶 平安建设',
];

const SESSION_TOPICS: [string, string][] = [
  ['民法典与百姓生活', '古南街道司法所 张所长'],
  ['邻里纠纷怎么化解', '杨律师'],
  ['防范养老诈骗', '社区民警 黄警官'],
  ['劳动合同与工资', '杨律师'],
  ['婚姻家庭与继承', '古南街道司法所 张所长'],
  ['物业管理条例解读', '杨律师'],
  ['消防安全知识', '消防中队 刘教官'],
  ['未成年人保护', '古南街道司法所 张所长'],
  ['宪法与公民权利', '杨律师'],
  ['交通安全与事故处理', '交巡警 陈警官'],
  ['反家庭暴力', '妇联 李主任'],
  ['业主的权利与义务', '杨律师'],
  ['年终普法总复习', '古南街道司法所 张所长'],
];

async function insertAll<T>(rows: T[], write: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += 400) await write(rows.slice(i, i + 400));
}

/**
 * Legal services of 古南街道: a year of requests of every kind and state, the duty roster around
 * today, 法律明白人 in 锦绣春天's buildings, the advisors' agreements, the knowledge base, notice
 * boards (南华 not changed this month) and a monthly night school with hundreds of attendances.
 */
export async function loadLegalDemo(db: Db, pii: PiiCipher, demo: DemoPlaces, now: Date, rnd: Random) {
  const accounts = await db
    .select({ id: users.id, username: users.username, name: users.displayName })
    .from(users)
    .where(inArray(users.username, ['lvshi', 'shequ', 'jiedao']));
  const user = (u: string) => accounts.find((a) => a.username === u)!;
  const lvshi = user('lvshi');
  const today = ymd(now);
  const person = () =>
    `${pickSurname(rnd)}${pickGivenName(rnd, rnd.next() < 0.5 ? 'male' : 'female', rnd.int(1945, 2000))}`;
  const mobile = () => `13${rnd.int(5, 9)}${String(rnd.int(0, 99_999_999)).padStart(8, '0')}`;
  const under = (p: DemoPlace, kind: string) =>
    demo.all.filter((q) => q.kind === kind && q.path.startsWith(p.path));
  const jinxiuBuildings = under(demo.jinxiuEstate, 'building');

  // ── requests ──
  const estates = [
    { estate: demo.jinxiuEstate, advisor: lvshi as { id: string | null; name: string }, weight: 0.6 },
    { estate: demo.yujiaEstate, advisor: { id: null, name: '刘律师' }, weight: 0.25 },
    { estate: demo.nanhuaEstate, advisor: { id: null, name: '周律师' }, weight: 0.15 },
  ];
  // 锦绣春天's year as the seed reports it (法律援助 5 起, 劳动维权 2 件), with the rest around it.
  const plan: { kind: LegalKind; where: (typeof estates)[number] }[] = [];
  const add = (kind: LegalKind, where: (typeof estates)[number], n: number) => {
    for (let i = 0; i < n; i++) plan.push({ kind, where });
  };
  add('aid', estates[0], 5);
  add('labour', estates[0], 2);
  add('consult', estates[0], 22);
  add('litigation', estates[0], 4);
  add('aid', estates[1], 3);
  add('labour', estates[1], 3);
  add('consult', estates[1], 10);
  add('litigation', estates[1], 2);
  add('aid', estates[2], 1);
  add('labour', estates[2], 2);
  add('consult', estates[2], 6);
  add('litigation', estates[2], 1);

  const requestRows: (typeof legalRequests.$inferInsert)[] = [];
  const stepRows: (typeof legalRequestSteps.$inferInsert)[] = [];
  let trackingSeq = 1002;
  plan.forEach(({ kind, where }, i) => {
    const demoOne = i === 0;
    const ageDays = demoOne ? 6 : rnd.int(0, 360);
    const created = new Date(now.getTime() - ageDays * DAY - rnd.int(0, 8 * 3600) * 1000);
    // Recent requests are still open; a year's old ones are all closed.
    let status: LegalStatus = 'closed';
    if (demoOne) status = 'answered';
    else if (ageDays < 3) status = rnd.pick(['submitted', 'submitted', 'assigned'] as const);
    else if (ageDays < 15) status = rnd.pick(['assigned', 'answered', 'answered', 'closed'] as const);
    const template = rnd.pick(REQUESTS[kind]);
    const name = demoOne ? '孙建华' : person();
    const phone = demoOne ? DEMO_LEGAL_REQUEST.phone : mobile();
    const channel = demoOne || rnd.next() < 0.55 ? 'web' : 'desk';
    const place =
      rnd.next() < 0.7 ? where.estate : rnd.pick(under(where.estate, 'building').concat(where.estate));
    const id = rnd.uuid();
    const assignedAt = new Date(created.getTime() + rnd.int(2, 20) * 3600_000);
    const answeredAt = new Date(assignedAt.getTime() + rnd.int(1, 3) * DAY);
    const closedAt = new Date(answeredAt.getTime() + rnd.int(1, 4) * DAY);
    const rated = (status === 'closed' || status === 'answered') && !demoOne && rnd.next() < 0.6;
    const rating = rated ? rnd.pick([5, 5, 5, 4, 4, 3]) : null;
    const reached = ['assigned', 'answered', 'closed'].indexOf(status);
    requestRows.push({
      id,
      trackingNo: demoOne ? DEMO_LEGAL_REQUEST.trackingNo : `FW2026${String(trackingSeq++).padStart(4, '0')}`,
      placeId: place.id,
      placePath: place.path,
      kind,
      channel,
      status,
      subject: template.subject,
      description: template.description,
      nameEnc: pii.encrypt(name),
      nameMasked: maskName(name),
      phoneEnc: pii.encrypt(phone),
      phoneIndex: pii.blindIndex('legal-phone', phone),
      phoneMasked: maskPhone(phone),
      advisorId: reached >= 0 ? where.advisor.id : null,
      advisorName: reached >= 0 ? where.advisor.name : null,
      answer: reached >= 1 ? template.answer : null,
      answeredAt: reached >= 1 ? answeredAt : null,
      closedAt: reached >= 2 ? closedAt : null,
      closingNote: reached >= 2 ? '已答复，当事人表示清楚' : null,
      rating,
      ratingComment: rating
        ? rnd.pick(['很专业', '讲得很清楚，谢谢', '解决了大问题', '回复及时', '']) || null
        : null,
      ratedAt: rating ? new Date((reached >= 2 ? closedAt : answeredAt).getTime() + DAY) : null,
      isDemo: true,
      createdAt: created,
      updatedAt: created,
    });
    let seq = 0;
    const step = (action: string, to: LegalStatus, at: Date, actorName: string, note = '') =>
      stepRows.push({
        requestId: id,
        seq: ++seq,
        action,
        fromStatus: null,
        toStatus: to,
        actorName,
        note,
        at,
      });
    step(channel === 'web' ? 'submit' : 'desk', 'submitted', created, channel === 'web' ? '居民' : '李秀英');
    if (reached >= 0) step('assign', 'assigned', assignedAt, '李秀英', where.advisor.name);
    if (reached >= 1) step('answer', 'answered', answeredAt, where.advisor.name, template.answer);
    if (rating && reached === 1) step('rate', 'answered', new Date(answeredAt.getTime() + DAY), '居民');
    if (reached >= 2) step('close', 'closed', closedAt, where.advisor.name, '已答复，当事人表示清楚');
    if (rating && reached === 2) step('rate', 'closed', new Date(closedAt.getTime() + DAY), '居民');
  });
  await insertAll(requestRows, (c) => db.insert(legalRequests).values(c));
  await insertAll(stepRows, (c) => db.insert(legalRequestSteps).values(c));

  // ── duty roster: four weeks back, four ahead ──
  const slots: (typeof legalDutySlots.$inferInsert)[] = [];
  const weekday = new Date(`${today}T12:00:00+08:00`).getUTCDay();
  const monday = addDays(today, -((weekday + 6) % 7));
  for (let w = -4; w < 4; w++) {
    const mon = addDays(monday, w * 7);
    slots.push({
      placeId: demo.jinxiuEstate.id,
      placePath: demo.jinxiuEstate.path,
      venue: '法律之家',
      date: addDays(mon, 2),
      startTime: '14:00',
      endTime: '17:00',
      advisorId: lvshi.id,
      advisorName: lvshi.name,
      note: '法律咨询、法律援助申请',
      isDemo: true,
    });
    slots.push({
      placeId: demo.jinxiuCommunity.id,
      placePath: demo.jinxiuCommunity.path,
      venue: '社区便民服务中心',
      date: addDays(mon, 4),
      startTime: '09:00',
      endTime: '11:30',
      advisorId: lvshi.id,
      advisorName: lvshi.name,
      note: '劳动维权、便民诉讼指引',
      isDemo: true,
    });
    slots.push({
      placeId: demo.yujiaEstate.id,
      placePath: demo.yujiaEstate.path,
      venue: '评理说事点',
      date: addDays(mon, 1),
      startTime: '14:30',
      endTime: '17:00',
      advisorName: '刘律师',
      isDemo: true,
    });
    slots.push({
      placeId: demo.nanhuaEstate.id,
      placePath: demo.nanhuaEstate.path,
      venue: '一站式服务站 法律援助窗口',
      date: addDays(mon, 3),
      startTime: '09:00',
      endTime: '12:00',
      advisorName: '周律师',
      isDemo: true,
    });
  }
  await db.insert(legalDutySlots).values(slots);

  // ── 法律明白人: one in every building of 锦绣春天 (two in the big ones) ──
  const contacts: (typeof legalContacts.$inferInsert)[] = [];
  for (const b of jinxiuBuildings) {
    const n = b.sortOrder >= 5 ? 2 : 1;
    for (let i = 0; i < n; i++) {
      const phone = mobile();
      contacts.push({
        placeId: b.id,
        placePath: b.path,
        name: person(),
        phoneEnc: pii.encrypt(phone),
        phoneMasked: maskPhone(phone),
        publishPhone: i === 0,
        note: i === 0 ? '楼栋长兼法律明白人' : '退休教师',
        isDemo: true,
      });
    }
  }
  await db.insert(legalContacts).values(contacts);

  // ── 法律顾问协议 ──
  await db.insert(legalAgreements).values([
    {
      placeId: demo.jinxiuEstate.id,
      placePath: demo.jinxiuEstate.path,
      advisorName: lvshi.name,
      firm: '重庆渝綦律师事务所',
      phone: '023-48661234',
      startsOn: addDays(today, -200),
      endsOn: addDays(today, 165),
      duties:
        '1. 每周三下午在小区法律之家值班，解答法律咨询；\n2. 指导法律援助申请，代理符合条件的案件；\n3. 参与小区矛盾纠纷调解，提供法律意见；\n4. 每季度在法治夜校授课一次；\n5. 审阅业主公约、物业服务合同等文件。',
      isDemo: true,
    },
    {
      placeId: demo.yujiaEstate.id,
      placePath: demo.yujiaEstate.path,
      advisorName: '刘律师',
      firm: '重庆綦江正平律师事务所',
      phone: '023-48669876',
      startsOn: addDays(today, -345),
      endsOn: addDays(today, 20),
      duties: '每周二下午在评理说事点值班；参与调解；每年法治讲座两次。',
      isDemo: true,
    },
    {
      placeId: demo.nanhuaEstate.id,
      placePath: demo.nanhuaEstate.path,
      advisorName: '周律师',
      firm: '重庆綦江正平律师事务所',
      phone: '023-48665555',
      startsOn: addDays(today, -400),
      endsOn: addDays(today, -35),
      duties: '每周四上午在一站式服务站法律援助窗口值班。',
      isDemo: true,
    },
  ]);

  // ── knowledge base: the street's, reaching every estate ──
  await db.insert(legalArticles).values(
    ARTICLES.map((a, i) => ({
      placeId: demo.street.id,
      placePath: demo.street.path,
      ...a,
      published: true,
      isDemo: true,
      createdAt: new Date(now.getTime() - (ARTICLES.length - i) * 9 * DAY),
      updatedAt: new Date(now.getTime() - (ARTICLES.length - i) * 9 * DAY),
    })),
  );

  // ── 宣传专栏: changed monthly; 南华 has not changed this month yet ──
  const boards: (typeof legalBoards.$inferInsert)[] = [];
  const shequ = user('shequ');
  for (const [estate, lagging] of [
    [demo.jinxiuEstate, false],
    [demo.yujiaEstate, false],
    [demo.nanhuaEstate, true],
  ] as const) {
    for (let m = 11; m >= 0; m--) {
      if (lagging && m === 0) continue;
      const first = monthBack(today, m);
      const changedOn =
        m === 0 ? (today < addDays(first, 3) ? today : addDays(first, 2)) : addDays(first, rnd.int(1, 8));
      const topic = BOARD_TOPICS[(11 - m + boards.length) % BOARD_TOPICS.length];
      boards.push({
        placeId: estate.id,
        placePath: estate.path,
        title: topic,
        summary: `本期宣传专栏：${topic}。图文讲解与身边案例，欢迎居民驻足阅读，有疑问可到法律之家咨询。`,
        changedOn,
        createdBy: shequ.id,
        isDemo: true,
        createdAt: at(changedOn, '10:00'),
      });
    }
  }
  await db.insert(legalBoards).values(boards);

  // ── 法治夜校: one class a month for a year, and next month's open for sign-up ──
  const courseId = rnd.uuid();
  await db.insert(schoolCourses).values({
    id: courseId,
    placeId: demo.jinxiuEstate.id,
    placePath: demo.jinxiuEstate.path,
    title: '锦绣春天法治夜校',
    description: '每月一课，聘请街道司法所所长、法律顾问为居民讲解法律知识、文明道德规范。',
    isDemo: true,
    createdAt: new Date(now.getTime() - 380 * DAY),
  });
  // The regulars: a pool of residents who come back month after month.
  const pool = Array.from({ length: 160 }, () => ({ name: person(), phone: mobile() }));
  const sessions: (typeof schoolSessions.$inferInsert)[] = [];
  const attendees: (typeof schoolAttendees.$inferInsert)[] = [];
  for (let m = 11; m >= -1; m--) {
    const first = monthBack(today, m);
    // The third Thursday at 19:30.
    const dow = new Date(`${first}T12:00:00+08:00`).getUTCDay();
    const date = addDays(first, ((4 - dow + 7) % 7) + 14);
    const startsAt = at(date, '19:30');
    const past = startsAt < now;
    const [topic, lecturer] = SESSION_TOPICS[(11 - m) % SESSION_TOPICS.length];
    const id = rnd.uuid();
    const capacity = 80;
    sessions.push({
      id,
      courseId,
      placeId: demo.jinxiuEstate.id,
      placePath: demo.jinxiuEstate.path,
      title: topic,
      lecturer,
      venue: '法律之家',
      startsAt,
      durationMinutes: 90,
      capacity,
      checkinToken: `demo${id.replaceAll('-', '').slice(0, 20)}`,
      isDemo: true,
      createdAt: new Date(startsAt.getTime() - 20 * DAY),
    });
    const signups = past ? rnd.int(45, 70) : rnd.int(8, 15);
    const walkIns = past ? rnd.int(5, 15) : 0;
    const chosen = new Set<number>();
    while (chosen.size < signups + walkIns) chosen.add(rnd.int(0, pool.length - 1));
    [...chosen].forEach((k, i) => {
      const p = pool[k];
      const signedUp = i < signups;
      const came = past && (!signedUp || rnd.next() < 0.88);
      const signedUpAt = new Date(startsAt.getTime() - rnd.int(1, 14) * DAY);
      const checkedInAt = came ? new Date(startsAt.getTime() - rnd.int(0, 25) * 60_000) : null;
      const rated = came && rnd.next() < 0.35;
      attendees.push({
        sessionId: id,
        placePath: demo.jinxiuEstate.path,
        nameEnc: pii.encrypt(p.name),
        nameMasked: maskName(p.name),
        phoneEnc: pii.encrypt(p.phone),
        phoneIndex: pii.blindIndex('school-phone', p.phone),
        phoneMasked: maskPhone(p.phone),
        signedUpAt: signedUp ? signedUpAt : null,
        checkedInAt,
        checkinBy: came ? (rnd.next() < 0.8 ? 'self' : 'staff') : null,
        rating: rated ? rnd.pick([5, 5, 5, 4, 4, 3]) : null,
        comment: rated
          ? rnd.pick(['讲得通俗易懂', '很实用', '希望多讲讲物业方面的', '案例很生动', '']) || null
          : null,
        feedbackAt: rated ? new Date(startsAt.getTime() + 2 * 3600_000) : null,
        isDemo: true,
        createdAt: signedUp ? signedUpAt : (checkedInAt ?? startsAt),
      });
    });
  }
  await db.insert(schoolSessions).values(sessions);
  await insertAll(attendees, (c) => db.insert(schoolAttendees).values(c));

  return {
    legalRequests: requestRows.length,
    dutySlots: slots.length,
    legalContacts: contacts.length,
    articles: ARTICLES.length,
    schoolSessions: sessions.length,
    schoolAttendances: attendees.filter((a) => a.checkedInAt).length,
  };
}
