import { z } from 'zod';
import {
  ARTICLE_CATEGORIES,
  LEGAL_ACTIONS,
  LEGAL_CHANNELS,
  LEGAL_KINDS,
  LEGAL_STATUSES,
  LEGAL_TRACKING_RE,
} from '../legal.js';
import { keysOf } from '../registry.js';
import { optionalText, paged, pageQuery, patchOf, text, uuid } from './common.js';
import { photoInput } from './grid.js';
import { isoDate } from './registry.js';

const en = <T extends Record<string, string>>(map: T, label: string) =>
  z.enum(keysOf(map), { error: `请选择${label}` });

export const legalKind = en(LEGAL_KINDS, '服务类型');
export const legalStatus = en(LEGAL_STATUSES, '状态');
export const legalChannel = en(LEGAL_CHANNELS, '来源');
export const legalAction = en(LEGAL_ACTIONS, '操作');
export const articleCategory = en(ARTICLE_CATEGORIES, '栏目');

const hhmm = z
  .string({ error: '时间必须是文字' })
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: '时间格式应为 HH:mm' });
const rating = z
  .number({ error: '请选择评分' })
  .int({ error: '评分为 1–5 星' })
  .min(1, { error: '评分为 1–5 星' })
  .max(5, { error: '评分为 1–5 星' });
const phone = z.string({ error: '请填写手机号码' }).trim().min(1, { error: '请填写手机号码' }).max(20);
const trackingNo = z
  .string({ error: '请填写受理编号' })
  .trim()
  .regex(LEGAL_TRACKING_RE, { error: '受理编号格式应为 FW 加 8 位数字' });
const placeQuery = { placeId: uuid.optional() };
export const legalCreated = z.object({ id: z.string() });

// ── requests ──
export const legalRequestListQuery = z.strictObject({
  ...placeQuery,
  kind: legalKind.optional(),
  status: legalStatus.optional(),
  mine: z.enum(['true', 'false']).optional(),
  q: optionalText(50, '关键词').optional(),
  ...pageQuery,
});
export const legalRequestItem = z.object({
  id: z.string(),
  trackingNo: z.string(),
  kind: legalKind,
  channel: legalChannel,
  status: legalStatus,
  subject: z.string(),
  placeName: z.string(),
  nameMasked: z.string(),
  phoneMasked: z.string().nullable(),
  advisorName: z.string().nullable(),
  rating: z.number().int().nullable(),
  createdAt: z.string(),
});
export const legalRequestList = paged(legalRequestItem);
export const legalRequestDetail = legalRequestItem.extend({
  placeId: z.string(),
  description: z.string(),
  advisorId: z.string().nullable(),
  answer: z.string().nullable(),
  answeredAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  closingNote: z.string().nullable(),
  ratingComment: z.string().nullable(),
  allowed: z.array(legalAction),
  steps: z.array(
    z.object({
      at: z.string(),
      action: z.string(),
      label: z.string(),
      actorName: z.string(),
      toStatus: z.string(),
      note: z.string(),
    }),
  ),
});

/** At the desk: the staff member types in what the resident says. */
export const deskRequestBody = z.strictObject({
  placeId: uuid,
  kind: legalKind,
  subject: text(60, '事项'),
  description: text(2000, '具体情况'),
  name: text(20, '姓名'),
  phone: optionalText(20, '手机号码').default(''),
});

export const legalActionBody = z.discriminatedUnion(
  'action',
  [
    z.strictObject({
      action: z.literal('assign'),
      advisorId: uuid,
      note: optionalText(200, '说明').default(''),
    }),
    z.strictObject({ action: z.literal('answer'), answer: text(4000, '答复内容') }),
    z.strictObject({ action: z.literal('close'), note: optionalText(500, '办结说明').default('') }),
  ],
  { error: '请选择操作' },
);

export const advisorOptions = z.object({
  items: z.array(z.object({ id: z.string(), name: z.string() })),
});

export const legalRevealBody = z.strictObject({ reason: text(200, '查看理由') });
export const legalContactRevealed = z.object({ name: z.string().nullable(), phone: z.string().nullable() });

// ── public ──
export const publicLegalRequestBody = z.strictObject({
  placeId: uuid,
  kind: legalKind,
  description: text(2000, '具体情况'),
  name: text(20, '姓名'),
  phone,
  /** Hidden from people; a bot fills it in. */
  website: z.string().max(200).default(''),
});
export const legalSubmitted = z.object({ trackingNo: z.string() });
export const legalStatusQuery = z.strictObject({ trackingNo, phone });
export const legalPublicStatus = z.object({
  trackingNo: z.string(),
  kind: z.string(),
  description: z.string(),
  createdAt: z.string(),
  status: z.string(),
  answer: z.string().nullable(),
  closed: z.boolean(),
  canRate: z.boolean(),
  rating: z.number().int().nullable(),
  timeline: z.array(z.object({ at: z.string(), label: z.string() })),
});
export const legalRateBody = z.strictObject({
  trackingNo,
  phone,
  rating,
  comment: optionalText(500, '评价').default(''),
});

export const dutySlotView = z.object({
  id: z.string(),
  placeId: z.string(),
  placeName: z.string(),
  venue: z.string(),
  date: z.string(),
  startTime: z.string(),
  endTime: z.string(),
  advisorId: z.string().nullable(),
  advisorName: z.string(),
  note: z.string(),
});
export const legalPublicPlace = z.object({
  id: z.string(),
  name: z.string(),
  estateName: z.string().nullable(),
  communityName: z.string().nullable(),
  duty: z.array(dutySlotView.omit({ advisorId: true })),
  /** 法律明白人 of the estate's buildings, as its public board shows them. */
  contacts: z.array(
    z.object({
      buildingId: z.string(),
      buildingName: z.string(),
      name: z.string(),
      servicePhone: z.string().nullable(),
    }),
  ),
  sessions: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      startsAt: z.string(),
      venue: z.string(),
      lecturer: z.string(),
      seatsLeft: z.number().int(),
    }),
  ),
});

// ── duty roster ──
export const dutyQuery = z.strictObject({ ...placeQuery, from: isoDate, to: isoDate });
export const dutyList = z.object({ items: z.array(dutySlotView) });
export const dutyBody = z.strictObject({
  placeId: uuid,
  venue: text(60, '值班地点'),
  date: isoDate,
  startTime: hhmm,
  endTime: hhmm,
  advisorId: uuid.nullable().default(null),
  advisorName: optionalText(30, '法律顾问').default(''),
  note: optionalText(200, '备注').default(''),
});

// ── 法律明白人 ──
export const legalContactView = z.object({
  id: z.string(),
  placeId: z.string(),
  buildingName: z.string(),
  estateName: z.string().nullable(),
  personId: z.string().nullable(),
  name: z.string(),
  phoneMasked: z.string().nullable(),
  publishPhone: z.boolean(),
  note: z.string(),
});
export const legalContactList = z.object({ items: z.array(legalContactView) });
export const legalContactBody = z.strictObject({
  buildingId: uuid,
  personId: uuid.nullable().default(null),
  name: optionalText(20, '姓名').default(''),
  phone: optionalText(20, '手机号码').default(''),
  publishPhone: z.boolean({ error: '请选择是否公示电话' }).default(false),
  note: optionalText(200, '备注').default(''),
});
// ── service log ──
export const legalStatsQuery = z.strictObject({ ...placeQuery, from: isoDate, to: isoDate });
export const legalStats = z.object({
  from: z.string(),
  to: z.string(),
  total: z.number().int(),
  byKind: z.array(
    z.object({ kind: legalKind, label: z.string(), unit: z.string(), count: z.number().int() }),
  ),
  byMonth: z.array(
    z.object({ month: z.string(), counts: z.record(legalKind, z.number().int()), total: z.number().int() }),
  ),
  byPlace: z.array(
    z.object({
      placeId: z.string(),
      name: z.string(),
      counts: z.record(legalKind, z.number().int()),
      total: z.number().int(),
    }),
  ),
  open: z.number().int(),
  averageRating: z.number().nullable(),
});

// ── agreements ──
export const agreementView = z.object({
  id: z.string(),
  placeId: z.string(),
  estateName: z.string(),
  advisorName: z.string(),
  firm: z.string(),
  phone: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  duties: z.string(),
  hasFile: z.boolean(),
  fileName: z.string().nullable(),
  daysLeft: z.number().int(),
  state: z.enum(['active', 'expiring', 'expired', 'future']),
});
export const agreementList = z.object({
  items: z.array(agreementView),
  expiring: z.array(agreementView),
});
export const agreementBody = z.strictObject({
  placeId: uuid,
  advisorName: text(30, '法律顾问'),
  firm: text(60, '律师事务所'),
  phone: optionalText(20, '联系电话').default(''),
  startsOn: isoDate,
  endsOn: isoDate,
  duties: text(2000, '服务内容'),
});
export const updateAgreementBody = patchOf(agreementBody.omit({ placeId: true }));
export const fileNameQuery = z.strictObject({ name: optionalText(100, '文件名').default('') });

// ── knowledge base ──
export const articleListQuery = z.strictObject({
  ...placeQuery,
  category: articleCategory.optional(),
  q: optionalText(50, '关键词').optional(),
  ...pageQuery,
});
export const articleItem = z.object({
  id: z.string(),
  placeId: z.string(),
  placeName: z.string(),
  category: articleCategory,
  title: z.string(),
  excerpt: z.string(),
  published: z.boolean(),
  updatedAt: z.string(),
});
export const articleList = paged(articleItem);
export const articleDetail = articleItem.extend({ body: z.string() });
export const articleBody = z.strictObject({
  placeId: uuid,
  category: articleCategory,
  title: text(80, '标题'),
  body: text(20000, '正文'),
  published: z.boolean({ error: '请选择是否公开' }).default(true),
});
export const updateArticleBody = patchOf(articleBody.omit({ placeId: true }));
export const publicArticleQuery = z.strictObject({
  placeId: uuid,
  category: articleCategory.optional(),
  q: optionalText(50, '关键词').optional(),
});
export const publicArticleList = z.object({
  placeName: z.string(),
  items: z.array(articleItem.pick({ id: true, category: true, title: true, excerpt: true, updatedAt: true })),
});
export const publicArticle = z.object({
  id: z.string(),
  category: articleCategory,
  title: z.string(),
  body: z.string(),
  updatedAt: z.string(),
});

// ── notice boards ──
export const boardView = z.object({
  id: z.string(),
  title: z.string(),
  summary: z.string(),
  changedOn: z.string(),
  photoUrl: z.string().nullable(),
});
export const boardOverview = z.object({
  month: z.string(),
  items: z.array(
    z.object({
      estateId: z.string(),
      estateName: z.string(),
      current: boardView.nullable(),
      stale: z.boolean(),
    }),
  ),
  stale: z.array(
    z.object({ estateId: z.string(), estateName: z.string(), lastChangedOn: z.string().nullable() }),
  ),
});
export const boardHistoryQuery = z.strictObject({ placeId: uuid });
export const boardHistory = z.object({
  items: z.array(boardView.extend({ estateId: z.string(), estateName: z.string() })),
});
export const boardBody = z.strictObject({
  estateId: uuid,
  title: text(80, '专栏主题'),
  summary: optionalText(1000, '内容摘要').default(''),
  changedOn: isoDate,
  photo: photoInput.nullable().default(null),
});

// ── night school ──
export const courseView = z.object({
  id: z.string(),
  placeId: z.string(),
  placeName: z.string(),
  title: z.string(),
  description: z.string(),
  sessions: z.number().int(),
});
export const courseList = z.object({ items: z.array(courseView) });
export const courseBody = z.strictObject({
  placeId: uuid,
  title: text(60, '课程名称'),
  description: optionalText(1000, '课程简介').default(''),
});
export const updateCourseBody = patchOf(courseBody.omit({ placeId: true }));

export const sessionListQuery = z.strictObject({
  ...placeQuery,
  courseId: uuid.optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
});
export const sessionItem = z.object({
  id: z.string(),
  courseId: z.string(),
  courseTitle: z.string(),
  placeId: z.string(),
  placeName: z.string(),
  title: z.string(),
  lecturer: z.string(),
  venue: z.string(),
  startsAt: z.string(),
  durationMinutes: z.number().int(),
  capacity: z.number().int(),
  signedUp: z.number().int(),
  checkedIn: z.number().int(),
  averageRating: z.number().nullable(),
});
export const sessionList = z.object({ items: z.array(sessionItem) });
const startsAt = z.iso.datetime({ offset: true, error: '开课时间格式不正确' });
export const sessionBody = z.strictObject({
  courseId: uuid,
  title: text(80, '本期主题'),
  lecturer: text(30, '主讲人'),
  venue: text(60, '上课地点'),
  startsAt,
  durationMinutes: z.number({ error: '时长必须是数字' }).int().min(15).max(480).default(90),
  capacity: z.number({ error: '名额必须是数字' }).int().min(1, { error: '名额至少 1 人' }).max(10000),
});
export const updateSessionBody = patchOf(sessionBody.omit({ courseId: true }));
export const attendeeView = z.object({
  id: z.string(),
  nameMasked: z.string(),
  phoneMasked: z.string(),
  signedUpAt: z.string().nullable(),
  checkedInAt: z.string().nullable(),
  checkinBy: z.string().nullable(),
  rating: z.number().int().nullable(),
  comment: z.string().nullable(),
});
export const sessionDetail = sessionItem.extend({
  estateName: z.string().nullable(),
  signupUrl: z.string(),
  checkinUrl: z.string(),
  qrSvg: z.string(),
  attendees: z.array(attendeeView),
  materials: z.array(z.object({ id: z.string(), name: z.string() })),
});
export const staffCheckinBody = z.union(
  [
    z.strictObject({ attendeeId: uuid }),
    z.strictObject({ name: text(20, '姓名'), phone: text(20, '手机号码') }),
  ],
  { error: '请选择报名人员，或填写姓名和手机号' },
);
export const checkinResult = z.object({
  status: z.enum(['checked_in', 'already']),
  message: z.string(),
  name: z.string(),
});

export const attendanceQuery = z.strictObject({ ...placeQuery, from: isoDate, to: isoDate });
export const attendance = z.object({
  from: z.string(),
  to: z.string(),
  sessions: z.number().int(),
  visits: z.number().int(),
  people: z.number().int(),
  signedUp: z.number().int(),
  averageRating: z.number().nullable(),
  byEstate: z.array(
    z.object({
      placeId: z.string(),
      name: z.string(),
      sessions: z.number().int(),
      visits: z.number().int(),
      people: z.number().int(),
    }),
  ),
  byMonth: z.array(z.object({ month: z.string(), visits: z.number().int(), people: z.number().int() })),
});

// public night school
export const publicSession = z.object({
  id: z.string(),
  courseTitle: z.string(),
  title: z.string(),
  lecturer: z.string(),
  venue: z.string(),
  startsAt: z.string(),
  durationMinutes: z.number().int(),
  estateName: z.string().nullable(),
  capacity: z.number().int(),
  seatsLeft: z.number().int(),
  open: z.boolean(),
  ended: z.boolean(),
  checkinOpen: z.boolean(),
});
export const signupBody = z.strictObject({
  name: text(20, '姓名'),
  phone,
  website: z.string().max(200).default(''),
});
export const signupResult = z.object({ status: z.enum(['signed_up', 'already']), message: z.string() });
export const tokenParams = z.strictObject({
  token: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, { error: '签到码不正确' }),
});
export const publicCheckinBody = z.strictObject({
  phone,
  name: optionalText(20, '姓名').default(''),
});
export const feedbackBody = z.strictObject({
  phone,
  rating,
  comment: optionalText(500, '意见建议').default(''),
});
