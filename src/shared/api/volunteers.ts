import { z } from 'zod';
import { keysOf } from '../registry.js';
import { APPLICATION_STATUSES, RECORD_MAX_HOURS, TEAM_KINDS, VOLUNTEER_ROLES } from '../volunteers.js';
import { optionalText, paged, pageQuery, patchOf, text, uuid } from './common.js';
import { isoDate } from './registry.js';

const en = <T extends Record<string, string>>(map: T, label: string) =>
  z.enum(keysOf(map), { error: `请选择${label}` });

export const teamKind = en(TEAM_KINDS, '队伍类型');
export const volunteerRole = en(VOLUNTEER_ROLES, '队内职务');
export const applicationStatus = en(APPLICATION_STATUSES, '审核状态');

const hhmm = z
  .string({ error: '请填写时间' })
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: '时间格式应为 HH:mm' });

// ── teams ──
export const teamBody = z.strictObject({
  placeId: uuid,
  kind: teamKind,
  name: text(50, '队伍名称'),
  description: optionalText(500, '队伍简介').default(''),
  recruiting: z.boolean().default(true),
  sortOrder: z.number().int().min(0).max(999).default(0),
});
export const updateTeamBody = patchOf(teamBody.omit({ placeId: true }));
export const teamListQuery = z.strictObject({
  placeId: uuid.optional(),
  kind: teamKind.optional(),
  q: z.string().trim().max(50).optional(),
});
export const teamItem = z.object({
  id: z.string(),
  placeId: z.string(),
  placeName: z.string(),
  kind: teamKind,
  name: z.string(),
  description: z.string(),
  recruiting: z.boolean(),
  leaderName: z.string().nullable(),
  memberCount: z.number().int(),
  /** Hours this calendar year, exact to two decimals, as text ("123.50"). */
  hoursThisYear: z.string(),
  pendingApplications: z.number().int(),
});
export const teamList = z.object({ items: z.array(teamItem) });

export const memberView = z.object({
  id: z.string(),
  teamId: z.string(),
  personId: z.string().nullable(),
  userId: z.string().nullable(),
  name: z.string(),
  role: volunteerRole,
  phoneMasked: z.string().nullable(),
  availability: z.string(),
  joinedOn: z.string(),
  active: z.boolean(),
  totalHours: z.string(),
  totalPoints: z.number().int(),
  records: z.number().int(),
});
export const shiftView = z.object({
  id: z.string(),
  weekday: z.number().int().nullable(),
  date: z.string().nullable(),
  startTime: z.string(),
  endTime: z.string(),
  title: z.string(),
  location: z.string(),
  members: z.array(z.object({ id: z.string(), name: z.string() })),
});
export const activityView = z.object({
  id: z.string(),
  title: z.string(),
  heldOn: z.string(),
  location: z.string(),
  description: z.string(),
  participants: z.number().int(),
  hours: z.string(),
});
export const teamDetail = teamItem.extend({
  members: z.array(memberView),
  shifts: z.array(shiftView),
  activities: z.array(activityView),
  totalHours: z.string(),
});

export const memberBody = z.strictObject({
  personId: uuid,
  userId: uuid.nullable().default(null),
  role: volunteerRole.default('member'),
  availability: optionalText(200, '可服务时间').default(''),
  joinedOn: isoDate.optional(),
});
export const updateMemberBody = z.strictObject({
  role: volunteerRole.optional(),
  userId: uuid.nullable().optional(),
  availability: optionalText(200, '可服务时间').optional(),
  active: z.boolean().optional(),
});
export const memberDetail = memberView.extend({
  teamName: z.string(),
  byMonth: z.array(z.object({ month: z.string(), hours: z.string(), points: z.number().int() })),
});

export const shiftBody = z
  .strictObject({
    weekday: z
      .number()
      .int()
      .min(1, { error: '星期为 1–7' })
      .max(7, { error: '星期为 1–7' })
      .nullable()
      .default(null),
    date: isoDate.nullable().default(null),
    startTime: hhmm,
    endTime: hhmm,
    title: text(50, '班次名称'),
    location: optionalText(100, '地点').default(''),
    memberIds: z.array(uuid).max(50).default([]),
  })
  .refine((s) => (s.weekday === null) !== (s.date === null), {
    error: '请选择每周的星期几，或指定日期（二选一）',
    path: ['weekday'],
  })
  .refine((s) => s.startTime < s.endTime, { error: '结束时间应晚于开始时间', path: ['endTime'] });

export const activityBody = z.strictObject({
  title: text(100, '活动名称'),
  heldOn: isoDate,
  location: optionalText(100, '地点').default(''),
  description: optionalText(1000, '活动内容').default(''),
});

// ── service records ──
const hours = z
  .number({ error: '时长必须是数字' })
  .positive({ error: '时长必须大于 0' })
  // At least 0.01: a positive number that rounds to 0.00 would be stored as no time at all.
  .refine((h) => h >= 0.01, { error: '时长至少 0.01 小时' })
  .max(RECORD_MAX_HOURS, { error: `一条记录最多 ${RECORD_MAX_HOURS} 小时` })
  .refine((h) => Math.round(h * 100) === h * 100 || Math.abs(Math.round(h * 100) - h * 100) < 1e-6, {
    error: '时长最多两位小数',
  });
export const recordBody = z.strictObject({
  teamId: uuid,
  memberIds: z.array(uuid).min(1, { error: '请至少选择一名队员' }).max(50),
  servedOn: isoDate,
  hours,
  points: z.number().int().min(0).max(1000).default(0),
  activityId: uuid.nullable().default(null),
  shiftId: uuid.nullable().default(null),
  note: optionalText(300, '备注').default(''),
});
export const recordsCreated = z.object({ ids: z.array(z.string()) });
export const recordListQuery = z.strictObject({
  ...pageQuery,
  teamId: uuid.optional(),
  memberId: uuid.optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
});
export const recordView = z.object({
  id: z.string(),
  teamId: z.string(),
  teamName: z.string(),
  memberId: z.string(),
  memberName: z.string(),
  servedOn: z.string(),
  hours: z.string(),
  points: z.number().int(),
  activityTitle: z.string().nullable(),
  note: z.string(),
});
export const recordList = paged(recordView).extend({ totalHours: z.string(), totalPoints: z.number().int() });

export const hoursQuery = z.strictObject({
  year: z
    .string()
    .regex(/^20\d{2}$/, { error: '年份格式应为 4 位数字' })
    .optional(),
});
export const teamHours = z.object({
  year: z.number().int(),
  months: z.array(
    z.object({ month: z.string(), hours: z.string(), records: z.number().int(), people: z.number().int() }),
  ),
  totalHours: z.string(),
});

// ── applications ──
export const applicationListQuery = z.strictObject({
  ...pageQuery,
  placeId: uuid.optional(),
  status: applicationStatus.optional(),
});
export const applicationView = z.object({
  id: z.string(),
  teamId: z.string(),
  teamName: z.string(),
  name: z.string(),
  phoneMasked: z.string(),
  availability: z.string(),
  note: z.string(),
  status: applicationStatus,
  decisionNote: z.string(),
  memberId: z.string().nullable(),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
});
export const applicationList = paged(applicationView);
export const approveBody = z.strictObject({
  /** The registry's person, when the applicant is one (recommended); otherwise the sign-up's name is kept. */
  personId: uuid.nullable().default(null),
  note: optionalText(200, '审核意见').default(''),
});
export const rejectBody = z.strictObject({ note: text(200, '不通过的原因') });
export const revealBody = z.strictObject({
  field: z.enum(['name', 'phone'], { error: '请选择要查看的字段' }),
  reason: text(100, '查看原因'),
});
export const revealed = z.object({ value: z.string().nullable() });

// ── public sign-up ──
export const publicTeams = z.object({
  estate: z.object({ id: z.string(), name: z.string() }),
  teams: z.array(
    z.object({
      id: z.string(),
      kind: teamKind,
      name: z.string(),
      description: z.string(),
      memberCount: z.number().int(),
    }),
  ),
});
export const signupBody = z.strictObject({
  teamId: uuid,
  name: text(20, '姓名'),
  phone: z.string({ error: '请填写手机号码' }).trim().min(1, { error: '请填写手机号码' }).max(20),
  availability: optionalText(200, '可服务时间').default(''),
  note: optionalText(300, '个人特长或说明').default(''),
  /** Hidden from people; a bot fills it in. */
  website: z.string().max(200).default(''),
});
