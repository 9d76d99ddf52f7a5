import { z } from 'zod';
import {
  ASSIGNEE_KINDS,
  CAMPAIGN_KINDS,
  CLOSURE_KINDS,
  DIARY_TOPICS,
  EVENT_ACTIONS,
  EVENT_CATEGORIES,
  EVENT_CATEGORY_CODES,
  EVENT_LEVELS,
  EVENT_SOURCES,
  EVENT_STATUSES,
  MEMBER_ROLES,
  OUTSIDE_BODIES,
  PHOTO_MAX_COUNT,
  URGENCIES,
} from '../grid.js';
import { keysOf } from '../registry.js';
import { optionalText, paged, pageQuery, patchOf, text, uuid } from './common.js';
import { isoDate } from './registry.js';

const en = <T extends Record<string, string>>(map: T, label: string) =>
  z.enum(keysOf(map), { error: `请选择${label}` });

export const memberRole = en(MEMBER_ROLES, '网格职务');
export const eventCategory = z.enum(EVENT_CATEGORY_CODES, { error: '请选择事件类别' });
export const urgency = en(URGENCIES, '紧急程度');
export const eventStatus = en(EVENT_STATUSES, '状态');
export const closureKind = en(CLOSURE_KINDS, '办结类型');
export const eventLevel = en(EVENT_LEVELS, '层级');
export const assigneeKind = en(ASSIGNEE_KINDS, '承办对象');
export const outsideBody = en(OUTSIDE_BODIES, '外部单位');
export const campaignKind = en(CAMPAIGN_KINDS, '专项行动类型');
export const diaryTopic = en(DIARY_TOPICS, '走访事项');
export const eventAction = en(EVENT_ACTIONS, '操作');
export const eventSource = en(EVENT_SOURCES, '来源');

const servicePhone = z
  .string()
  .trim()
  .regex(/^(1\d{10}|0\d{2,3}-?\d{7,8}|)$/, { error: '服务电话应为手机号或带区号的座机号' });

/** Latitude/longitude in degrees, as numbers; China lies well inside these bounds. */
export const lat = z.number({ error: '纬度必须是数字' }).min(-90).max(90);
export const long = z.number({ error: '经度必须是数字' }).min(-180).max(180);

/** A photo inside a JSON body: offline entries and public requests carry everything in one request. */
export const photoInput = z.strictObject({
  name: optionalText(100, '照片文件名').default('photo.jpg'),
  // base64 of the (phone-compressed) image; the size limit is checked on the decoded bytes.
  data: z
    .string({ error: '照片数据必须是文字' })
    .max(4_000_000, { error: '照片不能超过 2 MB' })
    .regex(/^[A-Za-z0-9+/=\s]*$/, { error: '照片数据格式不正确' }),
});
export const photos = z.array(photoInput).max(PHOTO_MAX_COUNT, { error: `照片最多 ${PHOTO_MAX_COUNT} 张` });

export const photoRef = z.object({ id: z.string(), name: z.string(), url: z.string() });

// ── members ──
export const memberBody = z.strictObject({
  gridId: uuid,
  userId: uuid.nullable().default(null),
  name: text(32, '姓名'),
  role: memberRole,
  servicePhone: servicePhone.default(''),
  duties: optionalText(300, '职责').default(''),
  sortOrder: z.number().int().min(0).max(999).default(0),
});
export const updateMemberBody = patchOf(memberBody.omit({ gridId: true }));
export const member = z.object({
  id: z.string(),
  gridId: z.string(),
  gridName: z.string(),
  userId: z.string().nullable(),
  name: z.string(),
  role: memberRole,
  servicePhone: z.string(),
  duties: z.string(),
  sortOrder: z.number().int(),
});
export const memberListQuery = z.strictObject({ placeId: uuid.optional(), q: z.string().max(50).optional() });
export const memberList = z.object({ items: z.array(member) });

/** The printable service card: who, what they do, and where the QR code leads. */
export const serviceCard = member.extend({
  estateName: z.string().nullable(),
  communityName: z.string().nullable(),
  requestUrl: z.string(),
  qrSvg: z.string(),
});

export const publicBoard = z.object({
  estate: z.object({ id: z.string(), name: z.string() }),
  grids: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      requestUrl: z.string(),
      members: z.array(
        z.object({ name: z.string(), role: memberRole, servicePhone: z.string(), duties: z.string() }),
      ),
    }),
  ),
  /** 法律明白人 by building; the phone in full only where the person agreed to publish it. */
  lawContacts: z.array(
    z.object({
      buildingId: z.string(),
      buildingName: z.string(),
      name: z.string(),
      servicePhone: z.string().nullable(),
    }),
  ),
});

// ── events ──
/** 治安: only what can be observed — never what someone "looks like". */
export const observation = z.strictObject({
  seen: text(500, '看到的情况'),
  where: text(200, '具体位置'),
  when: text(100, '发生时间'),
  behaviour: text(500, '具体行为'),
});

export const eventBody = z
  .strictObject({
    placeId: uuid,
    category: eventCategory,
    subcategory: z.string().max(32).nullable().default(null),
    urgency: urgency.default('normal'),
    title: text(60, '事件标题'),
    description: optionalText(2000, '事件描述').default(''),
    observation: observation.nullable().default(null),
    address: optionalText(200, '地址').default(''),
    lat: lat.nullable().default(null),
    long: long.nullable().default(null),
    personIds: z.array(uuid).max(20, { error: '涉及人员最多 20 人' }).default([]),
    houseIds: z.array(uuid).max(20, { error: '涉及房屋最多 20 户' }).default([]),
    campaignId: uuid.nullable().default(null),
    photos: photos.default([]),
    idempotencyKey: z
      .string()
      .trim()
      .min(8)
      .max(64)
      .regex(/^[\w-]+$/)
      .optional(),
  })
  .superRefine((v, ctx) => {
    const subs = EVENT_CATEGORIES[v.category].subs as Record<string, string>;
    if (v.subcategory !== null && !Object.hasOwn(subs, v.subcategory))
      ctx.addIssue({ code: 'custom', path: ['subcategory'], message: '子类别不属于所选类别' });
    if (v.category === 'security' && v.observation === null)
      ctx.addIssue({
        code: 'custom',
        path: ['observation'],
        message: '治安类事件请按"看到的情况、位置、时间、具体行为"填写',
      });
  });

export const duplicatesQuery = z.strictObject({
  placeId: uuid,
  category: eventCategory,
  text: z.string().max(200).optional(),
});
export const eventBrief = z.object({
  id: z.string(),
  no: z.string(),
  title: z.string(),
  category: z.string(),
  categoryLabel: z.string(),
  urgency: urgency,
  status: eventStatus,
  closureKind: closureKind.nullable(),
  level: eventLevel,
  placeId: z.string(),
  placeName: z.string(),
  source: eventSource,
  reporterName: z.string(),
  assigneeKind: assigneeKind,
  assigneeLabel: z.string(),
  deadlineAt: z.string(),
  overdue: z.boolean(),
  supervisedCount: z.number().int(),
  createdAt: z.string(),
  closedAt: z.string().nullable(),
});
export const eventList = paged(eventBrief).extend({ capped: z.boolean().optional() });
export const duplicateList = z.object({ items: z.array(eventBrief.extend({ similarity: z.number() })) });

export const eventListQuery = z.strictObject({
  ...pageQuery,
  placeId: uuid.optional(),
  status: z.union([eventStatus, z.literal('open')]).optional(),
  category: eventCategory.optional(),
  level: eventLevel.optional(),
  source: eventSource.optional(),
  campaignId: uuid.optional(),
  mine: z.enum(['true', 'false']).optional(),
  overdue: z.enum(['true', 'false']).optional(),
  q: z.string().trim().max(50).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  /** The records behind a worker's monthly score. */
  reporterId: uuid.optional(),
  assigneeUserId: uuid.optional(),
  closedFrom: isoDate.optional(),
  closedTo: isoDate.optional(),
});

/** 导出: the list's filters without paging; at most EVENT_EXPORT_MAX rows. */
export const eventExportBody = z.strictObject({
  filters: eventListQuery.omit({ page: true, pageSize: true }).default({}),
});
export const EVENT_EXPORT_MAX = 50_000;

export const eventStep = z.object({
  id: z.string(),
  at: z.string(),
  action: z.string(),
  actionLabel: z.string(),
  actorName: z.string(),
  fromStatus: z.string().nullable(),
  toStatus: z.string().nullable(),
  note: z.string(),
});

export const eventDetail = eventBrief.extend({
  subcategory: z.string().nullable(),
  description: z.string(),
  observation: observation.nullable(),
  address: z.string(),
  lat: z.number().nullable(),
  long: z.number().nullable(),
  assigneeUserId: z.string().nullable(),
  assigneePlaceId: z.string().nullable(),
  assigneeOutside: z.string().nullable(),
  closureNote: z.string().nullable(),
  duplicateOf: z.object({ id: z.string(), no: z.string() }).nullable(),
  campaign: z.object({ id: z.string(), name: z.string() }).nullable(),
  people: z.array(z.object({ id: z.string(), name: z.string(), idMasked: z.string().nullable() })),
  houses: z.array(z.object({ id: z.string(), address: z.string() })),
  photos: z.array(photoRef),
  acceptedAt: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  archivedAt: z.string().nullable(),
  rating: z.number().int().nullable(),
  ratingComment: z.string().nullable(),
  residentConfirmed: z.boolean().nullable(),
  reopenedCount: z.number().int(),
  trackingNo: z.string().nullable(),
  steps: z.array(eventStep),
  allowed: z.array(eventAction),
});

export const eventActionBody = z
  .strictObject({
    action: eventAction,
    note: optionalText(1000, '说明').default(''),
    closureKind: closureKind.optional(),
    duplicateOf: uuid.optional(),
    assigneeKind: assigneeKind.optional(),
    assigneeUserId: uuid.optional(),
    assigneePlaceId: uuid.optional(),
    assigneeOutside: outsideBody.optional(),
    rating: z.number().int().min(1).max(5).optional(),
    residentConfirmed: z.boolean().optional(),
  })
  .superRefine((v, ctx) => {
    const need = (field: string, message: string) => ctx.addIssue({ code: 'custom', path: [field], message });
    if (v.action === 'close' && !v.closureKind) need('closureKind', '请选择办结类型');
    if (v.action === 'close' && v.closureKind === 'duplicate' && !v.duplicateOf)
      need('duplicateOf', '重复件请选择原事件');
    if (v.action === 'reassign') {
      if (!v.assigneeKind) need('assigneeKind', '请选择改派对象');
      else if (v.assigneeKind === 'person' && !v.assigneeUserId) need('assigneeUserId', '请选择承办人');
      else if (v.assigneeKind === 'outside' && !v.assigneeOutside) need('assigneeOutside', '请选择外部单位');
      else if (['grid', 'community', 'street'].includes(v.assigneeKind) && !v.assigneePlaceId)
        need('assigneePlaceId', '请选择承办地点');
    }
    if (['return', 'supervise', 'reopen'].includes(v.action) && v.note.length === 0)
      need('note', '请填写原因');
    if (v.action === 'note' && v.note.length === 0) need('note', '请填写说明');
  });

export const assigneeOptions = z.object({
  users: z.array(z.object({ id: z.string(), name: z.string(), role: z.string() })),
  places: z.array(z.object({ id: z.string(), name: z.string(), kind: z.string() })),
});

// ── campaigns ──
export const campaignBody = z
  .strictObject({
    placeId: uuid,
    kind: campaignKind,
    name: text(60, '行动名称'),
    startsOn: isoDate,
    endsOn: isoDate,
    goals: optionalText(2000, '工作目标').default(''),
    targetCount: z.number().int().min(1).max(1_000_000).nullable().default(null),
  })
  .refine((v) => v.endsOn >= v.startsOn, { path: ['endsOn'], message: '结束日期不能早于开始日期' });
export const campaign = z.object({
  id: z.string(),
  placeId: z.string(),
  placeName: z.string(),
  kind: campaignKind,
  name: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  goals: z.string(),
  targetCount: z.number().int().nullable(),
  events: z.number().int(),
  closed: z.number().int(),
  active: z.boolean(),
});
export const campaignList = z.object({ items: z.array(campaign) });

// ── the grid worker's day ──
export const diaryBody = z.strictObject({
  placeId: uuid,
  houseId: uuid.nullable().default(null),
  personId: uuid.nullable().default(null),
  caseId: uuid.nullable().default(null),
  topic: diaryTopic,
  said: text(2000, '走访情况'),
  followUp: optionalText(1000, '后续跟进').default(''),
  needsFollowUp: z.boolean().default(false),
  /** When the visit happened on the phone — an entry sent later keeps its real time. */
  visitedAt: z.iso.datetime({ offset: true, error: '走访时间格式不正确' }),
  lat: lat.nullable().default(null),
  long: long.nullable().default(null),
  photos: photos.default([]),
  idempotencyKey: z
    .string()
    .trim()
    .min(8)
    .max(64)
    .regex(/^[\w-]+$/, { error: '幂等键格式不正确' }),
});
export const diaryEntry = z.object({
  id: z.string(),
  authorName: z.string(),
  placeId: z.string(),
  placeName: z.string(),
  house: z.object({ id: z.string(), address: z.string() }).nullable(),
  person: z.object({ id: z.string(), name: z.string() }).nullable(),
  topic: diaryTopic,
  said: z.string(),
  followUp: z.string(),
  needsFollowUp: z.boolean(),
  visitedAt: z.string(),
  photos: z.array(photoRef),
});
export const diaryList = paged(diaryEntry);
export const diaryListQuery = z.strictObject({
  ...pageQuery,
  placeId: uuid.optional(),
  mine: z.enum(['true', 'false']).optional(),
  userId: uuid.optional(),
  topic: diaryTopic.optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
});
export const diarySaved = z.object({ id: z.string(), replayed: z.boolean() });

export const checkinBody = z.strictObject({
  gridId: uuid,
  note: optionalText(300, '备注').default(''),
  lat: lat.nullable().default(null),
  long: long.nullable().default(null),
  at: z.iso.datetime({ offset: true, error: '签到时间格式不正确' }).optional(),
});
export const checkin = z.object({ id: z.string(), day: z.string(), at: z.string(), replayed: z.boolean() });

export const myDay = z.object({
  day: z.string(),
  grids: z.array(z.object({ id: z.string(), name: z.string() })),
  checkedIn: z.object({ at: z.string(), gridName: z.string() }).nullable(),
  dueVisits: z.array(
    z.object({
      caseId: z.string(),
      kind: z.enum(['special', 'care']),
      group: z.string(),
      person: z.object({ id: z.string(), name: z.string() }),
      address: z.string().nullable(),
      nextVisitDue: z.string(),
      overdueDays: z.number().int(),
    }),
  ),
  diaryToday: z.number().int(),
  openEvents: z.number().int(),
  overdueEvents: z.number().int(),
});

// ── metrics ──
export const metricsQuery = z.strictObject({
  placeId: uuid.optional(),
  from: isoDate,
  to: isoDate,
});
export const metrics = z.object({
  received: z.number().int(),
  closed: z.number().int(),
  signedWithin24h: z.number().int(),
  responseRate: z.number().nullable(),
  onTimeRate: z.number().nullable(),
  resolutionRate: z.number().nullable(),
  satisfactionRate: z.number().nullable(),
  meanHoursToClose: z.number().nullable(),
  byCategory: z.array(z.object({ category: z.string(), label: z.string(), count: z.number().int() })),
  byStatus: z.array(z.object({ status: eventStatus, count: z.number().int() })),
  byMonth: z.array(z.object({ month: z.string(), received: z.number().int(), closed: z.number().int() })),
  byChild: z.array(
    z.object({
      placeId: z.string(),
      name: z.string(),
      received: z.number().int(),
      onTimeRate: z.number().nullable(),
      satisfactionRate: z.number().nullable(),
    }),
  ),
});

// ── 月考评 ──
const scoreItemRule = z.strictObject({
  weight: z.number({ error: '权重必须是数字' }).min(0).max(100),
  target: z.number({ error: '目标值必须是数字' }).positive({ error: '目标值必须大于 0' }).max(100_000),
});
export const scoreRuleBody = z
  .strictObject({
    placeId: uuid,
    items: z.strictObject({
      visits: scoreItemRule,
      coverage: scoreItemRule.refine((r) => r.target <= 1, {
        message: '覆盖率目标应在 0–1 之间',
        path: ['target'],
      }),
      reported: scoreItemRule,
      onTime: scoreItemRule.refine((r) => r.target <= 1, {
        message: '按期办结率目标应在 0–1 之间',
        path: ['target'],
      }),
      satisfaction: scoreItemRule.refine((r) => r.target <= 1, {
        message: '满意率目标应在 0–1 之间',
        path: ['target'],
      }),
    }),
  })
  .refine((v) => Math.abs(Object.values(v.items).reduce((s, i) => s + i.weight, 0) - 100) < 1e-9, {
    path: ['items'],
    message: '各项权重之和应为 100',
  });
export const scoreRule = z.object({
  placeId: z.string().nullable(),
  placeName: z.string().nullable(),
  items: scoreRuleBody.shape.items,
});
export const scoresQuery = z.strictObject({
  placeId: uuid.optional(),
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: '月份格式应为 YYYY-MM' }),
});
export const workerScore = z.object({
  userId: z.string(),
  name: z.string(),
  grids: z.array(z.string()),
  visits: z.number().int(),
  diaryEntries: z.number().int(),
  households: z.number().int(),
  householdTotal: z.number().int(),
  coverage: z.number().nullable(),
  reported: z.number().int(),
  reportedAll: z.number().int(),
  closed: z.number().int(),
  onTimeRate: z.number().nullable(),
  rated: z.number().int(),
  satisfactionRate: z.number().nullable(),
  points: z.record(z.string(), z.number()),
  score: z.number(),
  links: z.object({ diary: z.string(), reported: z.string(), closed: z.string() }),
});
export const scores = z.object({ month: z.string(), rule: scoreRule, items: z.array(workerScore) });
