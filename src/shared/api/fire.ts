import { z } from 'zod';
import {
  CONTACT_ROLES,
  DRILL_KINDS,
  EQUIPMENT_KINDS,
  EQUIPMENT_STATUSES,
  HAZARD_ACTIONS,
  HAZARD_LEVELS,
  HAZARD_PHOTO_STAGES,
  HAZARD_SOURCES,
  HAZARD_STATUSES,
} from '../fire.js';
import { optionalText, paged, pageQuery, patchOf, text, uuid } from './common.js';
import { photoRef, photos } from './grid.js';
import { isoDate } from './registry.js';

const keys = <T extends Record<string, string>>(m: T) =>
  Object.keys(m) as [keyof T & string, ...(keyof T & string)[]];
const oneOf = <T extends Record<string, string>>(m: T, label: string) =>
  z.enum(keys(m), { error: `${label}不正确` });

export const equipmentKind = oneOf(EQUIPMENT_KINDS, '器材类型');
export const equipmentStatus = oneOf(EQUIPMENT_STATUSES, '器材状态');
export const hazardSource = oneOf(HAZARD_SOURCES, '隐患来源');
export const hazardLevel = oneOf(HAZARD_LEVELS, '隐患等级');
export const hazardStatus = oneOf(HAZARD_STATUSES, '隐患状态');
export const hazardAction = oneOf(HAZARD_ACTIONS, '操作');
export const drillKind = oneOf(DRILL_KINDS, '活动类型');
export const contactRole = oneOf(CONTACT_ROLES, '职责');
export const photoStage = oneOf(HAZARD_PHOTO_STAGES, '照片阶段');

const mobile = z
  .string({ error: '电话必须是文字' })
  .trim()
  .regex(/^(1\d{10}|0\d{2,3}-?\d{7,8})$/, { error: '电话应为手机号或带区号的座机号' });
const placeRef = z.object({ id: z.string(), name: z.string() });

// ── equipment ──
const quantity = z
  .number({ error: '数量必须是数字' })
  .int({ error: '数量必须是整数' })
  .min(1, { error: '数量至少为 1' })
  .max(10000, { error: '数量不能超过 10000' });
export const equipmentBody = z.strictObject({
  placeId: uuid,
  kind: equipmentKind,
  location: optionalText(100, '位置').default(''),
  quantity: quantity.default(1),
  installedOn: isoDate.nullable().default(null),
  expiresOn: isoDate.nullable().default(null),
  status: equipmentStatus.default('normal'),
  note: optionalText(500, '备注').default(''),
});
/** Only what is sent changes: a status change must not reset the rest. */
export const updateEquipmentBody = patchOf(equipmentBody.omit({ placeId: true }));
export const equipmentListQuery = z.strictObject({
  ...pageQuery,
  placeId: uuid.optional(),
  kind: equipmentKind.optional(),
  status: equipmentStatus.optional(),
  /** expiring: within EXPIRING_DAYS and not yet expired; expired: past its date. */
  expiry: z.enum(['expiring', 'expired', 'due'], { error: '到期筛选不正确' }).optional(),
  q: z.string().trim().max(50, { error: '搜索词不能超过 50 个字' }).optional(),
});
export const equipmentItem = z.object({
  id: z.string(),
  place: placeRef,
  estate: placeRef,
  kind: equipmentKind,
  location: z.string(),
  quantity: z.number().int(),
  installedOn: z.string().nullable(),
  expiresOn: z.string().nullable(),
  status: equipmentStatus,
  note: z.string(),
  /** ok, expiring or expired, on the caller's today (Asia/Shanghai). */
  expiry: z.enum(['ok', 'expiring', 'expired', 'none']),
  daysLeft: z.number().int().nullable(),
});
export const equipmentList = paged(equipmentItem);

// ── checklists and inspections ──
export const checklistItem = z.strictObject({
  code: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9_]{0,29}$/, { error: '检查项代码须为小写字母、数字或下划线' }),
  label: text(60, '检查项'),
});
export const checklistBody = z.strictObject({
  items: z
    .array(checklistItem)
    .min(1, { error: '至少需要一个检查项' })
    .max(40, { error: '检查项最多 40 个' }),
});
export const checklistQuery = z.strictObject({ placeId: uuid });
export const checklist = z.object({
  estateId: z.string(),
  custom: z.boolean(),
  items: z.array(z.object({ code: z.string(), label: z.string() })),
});

export const inspectionItemInput = z.strictObject({
  code: z
    .string({ error: '检查项代码必须是文字' })
    .trim()
    .min(1, { error: '缺少检查项代码' })
    .max(30, { error: '检查项代码过长' }),
  passed: z.boolean({ error: '请选择合格或不合格' }),
  note: optionalText(200, '说明').default(''),
  /** Opens a hazard from a failed item in the same step. */
  openHazard: z.boolean().default(false),
  responsible: optionalText(60, '整改责任方').optional(),
  deadline: isoDate.optional(),
});
export const inspectionBody = z.strictObject({
  placeId: uuid,
  items: z.array(inspectionItemInput).min(1, { error: '请填写检查项' }).max(40),
  note: optionalText(500, '备注').default(''),
});
export const inspectionListQuery = z.strictObject({
  ...pageQuery,
  placeId: uuid.optional(),
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: '月份格式应为 YYYY-MM' })
    .optional(),
});
export const inspectionItem = z.object({
  code: z.string(),
  label: z.string(),
  passed: z.boolean(),
  note: z.string(),
  hazardId: z.string().nullable(),
});
export const inspectionBrief = z.object({
  id: z.string(),
  place: placeRef,
  estate: placeRef,
  month: z.string(),
  inspectedAt: z.string(),
  inspectorName: z.string(),
  itemCount: z.number().int(),
  failedCount: z.number().int(),
  note: z.string(),
});
export const inspectionList = paged(inspectionBrief);
export const inspectionDetail = inspectionBrief.extend({ items: z.array(inspectionItem) });
export const inspectionCreated = z.object({ id: z.string(), hazardIds: z.array(z.string()) });
export const missingQuery = z.strictObject({
  placeId: uuid.optional(),
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: '月份格式应为 YYYY-MM' })
    .optional(),
});
export const missingList = z.object({
  month: z.string(),
  items: z.array(z.object({ id: z.string(), name: z.string(), lastInspectedAt: z.string().nullable() })),
});

// ── hazards ──
export const hazardBody = z.strictObject({
  placeId: uuid,
  title: text(100, '隐患名称'),
  description: optionalText(2000, '隐患描述').default(''),
  location: optionalText(100, '具体位置').default(''),
  level: hazardLevel.default('general'),
  source: hazardSource.default('patrol'),
  sourceEventId: uuid.optional(),
  photos: photos.default([]),
});
export const hazardActionBody = z
  .strictObject({
    action: hazardAction,
    responsible: optionalText(60, '整改责任方').optional(),
    deadline: isoDate.optional(),
    note: optionalText(500, '说明').default(''),
    photos: photos.default([]),
  })
  .superRefine((b, ctx) => {
    if (b.action === 'assign' || b.action === 'fail') {
      if (b.action === 'assign' && !b.responsible)
        ctx.addIssue({ code: 'custom', path: ['responsible'], message: '请填写整改责任方' });
      if (!b.deadline) ctx.addIssue({ code: 'custom', path: ['deadline'], message: '请填写整改期限' });
    }
    if (b.action === 'fail' && !b.note)
      ctx.addIssue({ code: 'custom', path: ['note'], message: '请说明复查不通过的原因' });
  });
export const hazardPhotoBody = z.strictObject({
  stage: photoStage,
  photos: photos.refine((p) => p.length > 0, { error: '请选择照片' }),
});
export const hazardListQuery = z.strictObject({
  ...pageQuery,
  placeId: uuid.optional(),
  status: z.union([hazardStatus, z.literal('open')]).optional(),
  source: hazardSource.optional(),
  overdue: z.enum(['true', 'false']).optional(),
  q: z.string().trim().max(50, { error: '搜索词不能超过 50 个字' }).optional(),
});
export const hazardBrief = z.object({
  id: z.string(),
  place: placeRef,
  estate: placeRef,
  title: z.string(),
  location: z.string(),
  level: hazardLevel,
  source: hazardSource,
  status: hazardStatus,
  responsible: z.string().nullable(),
  deadline: z.string().nullable(),
  overdue: z.boolean(),
  escalated: z.boolean(),
  recheckCount: z.number().int(),
  reporterName: z.string(),
  createdAt: z.string(),
  closedAt: z.string().nullable(),
});
export const hazardList = paged(hazardBrief);
export const hazardDetail = hazardBrief.extend({
  description: z.string(),
  sourceEventId: z.string().nullable(),
  sourceInspectionId: z.string().nullable(),
  sourceItem: z.string().nullable(),
  rectifyNote: z.string().nullable(),
  escalatedAt: z.string().nullable(),
  photos: z.array(photoRef.extend({ stage: photoStage })),
  steps: z.array(
    z.object({
      id: z.string(),
      at: z.string(),
      action: z.string(),
      actionLabel: z.string(),
      actorName: z.string(),
      fromStatus: z.string().nullable(),
      toStatus: z.string().nullable(),
      note: z.string(),
    }),
  ),
  allowed: z.array(hazardAction),
});
export const hazardStatusBody = z.object({ status: hazardStatus });

// ── plans ──
export const contactInput = z.strictObject({
  name: text(30, '姓名'),
  role: contactRole,
  phone: mobile,
});
export const planBody = z.strictObject({
  placeId: uuid,
  title: text(100, '预案名称'),
  content: optionalText(20000, '预案内容').default(''),
  revisedOn: isoDate.nullable().default(null),
  contacts: z.array(contactInput).max(30, { error: '联系人最多 30 个' }).default([]),
});
/** Only what is sent changes; `contacts`, when sent, replaces the whole list. */
export const updatePlanBody = patchOf(planBody.omit({ placeId: true }));
export const planListQuery = z.strictObject({ ...pageQuery, placeId: uuid.optional() });
export const planBrief = z.object({
  id: z.string(),
  place: placeRef,
  estate: placeRef,
  title: z.string(),
  revisedOn: z.string().nullable(),
  contactCount: z.number().int(),
  drillCount: z.number().int(),
  lastDrillOn: z.string().nullable(),
});
export const planList = paged(planBrief);
export const planDetail = planBrief.extend({
  content: z.string(),
  contacts: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      role: contactRole,
      phoneMasked: z.string(),
    }),
  ),
  drills: z.array(z.object({ id: z.string(), title: z.string(), kind: drillKind, heldOn: z.string() })),
});
export const revealBody = z.strictObject({ reason: text(100, '查看原因') });
export const revealed = z.object({ value: z.string() });
export const contactParams = z.strictObject({ id: uuid, contactId: uuid });

// ── drills ──
export const drillBody = z.strictObject({
  placeId: uuid,
  kind: drillKind,
  title: text(100, '主题'),
  heldOn: isoDate,
  location: optionalText(100, '地点').default(''),
  organiser: text(60, '组织者'),
  attendance: z
    .number({ error: '参加人数必须是数字' })
    .int({ error: '参加人数必须是整数' })
    .min(0, { error: '参加人数不能为负' })
    .max(100000, { error: '参加人数过多' })
    .optional(),
  attendees: z.array(text(30, '参加人姓名')).max(500, { error: '参加人名单最多 500 人' }).default([]),
  planId: uuid.nullable().default(null),
  summary: optionalText(5000, '总结').default(''),
});
export const drillListQuery = z.strictObject({
  ...pageQuery,
  placeId: uuid.optional(),
  kind: drillKind.optional(),
  planId: uuid.optional(),
});
export const drillItem = z.object({
  id: z.string(),
  place: placeRef,
  estate: placeRef,
  kind: drillKind,
  title: z.string(),
  heldOn: z.string(),
  location: z.string(),
  organiser: z.string(),
  attendance: z.number().int(),
  attendees: z.array(z.string()),
  plan: z.object({ id: z.string(), title: z.string() }).nullable(),
  summary: z.string(),
});
export const drillList = paged(drillItem);

// ── volunteer fire brigade ──
export const brigadeBody = z.strictObject({
  placeId: uuid,
  personId: uuid,
  duty: optionalText(30, '分工').default('队员'),
  joinedOn: isoDate.nullable().default(null),
});
export const brigadeListQuery = z.strictObject({ placeId: uuid.optional() });
export const brigadeList = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      estate: placeRef,
      personId: z.string(),
      name: z.string(),
      phoneMasked: z.string().nullable(),
      duty: z.string(),
      joinedOn: z.string().nullable(),
    }),
  ),
});
export const estateParams = z.strictObject({ id: uuid });
export { photoRef };
