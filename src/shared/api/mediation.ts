import { z } from 'zod';
import {
  CASE_ACTIONS,
  CASE_LEVELS,
  CASE_SCALES,
  CASE_SOURCES,
  CASE_STATUSES,
  DISPUTE_CATEGORY_CODES,
  DOCUMENT_KINDS,
  EMERGENCY_RESPONSES,
  FILE_ITEMS,
  FOLLOWUP_METHODS,
  GENDERS,
  JUDICIAL_STATUSES,
  MEMBER_ROLES,
  OUTCOMES,
  PARTY_SIDES,
  PERFORMANCE_STATUSES,
  REFERRALS,
  RISK_LEVELS,
} from '../mediation.js';
import { keysOf } from '../registry.js';
import { optionalText, paged, pageQuery, patchOf, text, uuid } from './common.js';
import { isoDate } from './registry.js';

const en = <T extends Record<string, string>>(map: T, label: string) =>
  z.enum(keysOf(map), { error: `请选择${label}` });

export const caseStatus = en(CASE_STATUSES, '状态');
export const caseLevel = en(CASE_LEVELS, '层级');
export const caseSource = en(CASE_SOURCES, '案件来源');
export const caseScale = en(CASE_SCALES, '纠纷规模');
export const riskLevel = en(RISK_LEVELS, '风险等级');
export const caseAction = en(CASE_ACTIONS, '操作');
export const outcome = en(OUTCOMES, '调解结果');
export const referral = en(REFERRALS, '引导去向');
export const partySide = en(PARTY_SIDES, '当事人身份');
export const memberRole = en(MEMBER_ROLES, '调委会职务');
export const genderCode = en(GENDERS, '性别');
export const performanceStatus = en(PERFORMANCE_STATUSES, '履行情况');
export const judicialStatus = en(JUDICIAL_STATUSES, '司法确认状态');
export const responseKind = en(EMERGENCY_RESPONSES, '处置方式');
export const followupMethod = en(FOLLOWUP_METHODS, '回访方式');
export const documentKind = en(DOCUMENT_KINDS, '材料类别');
export const fileItem = en(FILE_ITEMS, '卷宗材料');
export const disputeCategory = z.enum(DISPUTE_CATEGORY_CODES, { error: '请选择纠纷类别' });

const servicePhone = z
  .string()
  .trim()
  .regex(/^(1\d{10}|0\d{2,3}-?\d{7,8}|)$/, { error: '电话应为手机号或带区号的座机号' });
/** 争议金额 in 元 with at most two decimals, sent as a string so nothing is lost to floats. */
export const amount = z
  .string({ error: '金额必须是文字形式的数字' })
  .trim()
  .regex(/^\d{1,12}(\.\d{1,2})?$/, { error: '金额应为不超过两位小数的非负数，例如 100 或 1250.50' });
const dateTime = z.iso.datetime({ offset: true, error: '时间格式不正确' });

// ── committees ──
export const department = z.strictObject({
  name: text(40, '部门名称'),
  contact: optionalText(60, '联系方式').default(''),
});
export const committeeBody = z.strictObject({
  placeId: uuid,
  name: text(60, '调委会名称'),
  phone: servicePhone.default(''),
  address: optionalText(120, '地址').default(''),
  responseDepartments: z.array(department).max(20, { error: '联动部门最多 20 个' }).default([]),
});
export const updateCommitteeBody = patchOf(committeeBody.omit({ placeId: true }));
export const memberBody = z.strictObject({
  name: text(32, '姓名'),
  gender: genderCode,
  role: memberRole,
  userId: uuid.nullable().default(null),
  personId: uuid.nullable().default(null),
  servicePhone: servicePhone.default(''),
  sortOrder: z.number().int().min(0).max(999).default(0),
});
export const updateMemberBody = patchOf(memberBody.extend({ active: z.boolean().optional() }));
export const committeeMember = z.object({
  id: z.string(),
  name: z.string(),
  gender: genderCode,
  role: memberRole,
  userId: z.string().nullable(),
  personId: z.string().nullable(),
  servicePhone: z.string(),
  active: z.boolean(),
  openCases: z.number().int(),
});
export const committee = z.object({
  id: z.string(),
  placeId: z.string(),
  placeName: z.string(),
  placeKind: z.string(),
  level: caseLevel,
  name: z.string(),
  phone: z.string(),
  address: z.string(),
  responseDepartments: z.array(z.object({ name: z.string(), contact: z.string() })),
  members: z.array(committeeMember),
  /** What the People's Mediation Law asks of the composition and is not met (art. 8). */
  warnings: z.array(z.string()),
  openCases: z.number().int(),
});
export const committeeList = z.object({ items: z.array(committee) });
export const committeeListQuery = z.strictObject({ placeId: uuid.optional() });

// ── sweeps ──
export const findingBody = z.strictObject({
  title: text(60, '发现的纠纷'),
  description: text(2000, '纠纷情况'),
  category: disputeCategory,
  subcategory: optionalText(8, '纠纷小类').optional(),
  placeId: uuid.optional(),
  scale: caseScale.default('individual'),
  riskLevel: riskLevel.nullable().default(null),
});
export const sweepBody = z.strictObject({
  committeeId: uuid,
  heldOn: isoDate,
  participants: optionalText(300, '参加人员').default(''),
  summary: optionalText(2000, '排查情况').default(''),
  findings: z.array(findingBody).max(30, { error: '一次排查最多登记 30 条纠纷' }).default([]),
});
export const sweep = z.object({
  id: z.string(),
  committeeId: z.string(),
  committeeName: z.string(),
  placeName: z.string(),
  heldOn: z.string(),
  participants: z.string(),
  summary: z.string(),
  cases: z.array(z.object({ id: z.string(), no: z.string(), title: z.string(), status: caseStatus })),
});
export const sweepList = paged(sweep);
export const sweepListQuery = z.strictObject({ placeId: uuid.optional(), ...pageQuery });

// ── cases ──
export const partyBody = z.strictObject({
  side: partySide,
  personId: uuid.nullable().default(null),
  name: optionalText(32, '姓名').default(''),
  gender: genderCode.nullable().default(null),
  birthDate: isoDate.nullable().default(null),
  ethnicity: optionalText(16, '民族').default(''),
  occupation: optionalText(40, '职业').default(''),
  address: optionalText(120, '住址').default(''),
  idNumber: optionalText(32, '身份证号').default(''),
  phone: optionalText(20, '联系电话').default(''),
  representative: optionalText(32, '代理人').default(''),
  representativeRole: optionalText(20, '代理人身份').default(''),
});
export const caseBody = z.strictObject({
  placeId: uuid,
  source: caseSource,
  eventId: uuid.nullable().default(null),
  title: text(60, '案件名称'),
  description: text(4000, '纠纷简要情况'),
  category: disputeCategory,
  subcategory: optionalText(8, '纠纷小类').nullable().default(null),
  scale: caseScale.default('individual'),
  amount: amount.nullable().default(null),
  riskFlag: z.boolean().default(false),
  riskLevel: riskLevel.nullable().default(null),
  riskNote: optionalText(500, '风险说明').default(''),
  parties: z.array(partyBody).max(20, { error: '当事人最多 20 人' }).default([]),
});
export const updateCaseBody = patchOf(
  caseBody.pick({
    title: true,
    description: true,
    category: true,
    subcategory: true,
    scale: true,
    amount: true,
    riskFlag: true,
    riskLevel: true,
    riskNote: true,
  }),
);

export const caseRow = z.object({
  id: z.string(),
  no: z.string(),
  title: z.string(),
  placeId: z.string(),
  placeName: z.string(),
  committeeName: z.string(),
  level: caseLevel,
  source: caseSource,
  category: z.string(),
  categoryLabel: z.string(),
  scale: caseScale,
  amount: z.string().nullable(),
  riskFlag: z.boolean(),
  riskLevel: riskLevel.nullable(),
  status: caseStatus,
  outcome: outcome.nullable(),
  parties: z.string(),
  mediators: z.string(),
  createdAt: z.string(),
  acceptedAt: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  /** Open past the one-month norm, or resolved after it. */
  overNorm: z.boolean(),
  days: z.number().int().nullable(),
});
export const caseListQuery = z.strictObject({
  status: z.union([caseStatus, z.literal('open')]).optional(),
  level: caseLevel.optional(),
  category: disputeCategory.optional(),
  risk: z.enum(['true']).optional(),
  overNorm: z.enum(['true']).optional(),
  mine: z.enum(['true']).optional(),
  placeId: uuid.optional(),
  q: optionalText(40, '关键词').optional(),
  ...pageQuery,
});
export const caseList = paged(caseRow);
export const caseExportBody = z.strictObject({
  filters: caseListQuery.omit({ page: true, pageSize: true }).default({}),
});

export const party = z.object({
  id: z.string(),
  side: partySide,
  personId: z.string().nullable(),
  name: z.string(),
  gender: genderCode.nullable(),
  birthDate: z.string().nullable(),
  ethnicity: z.string(),
  occupation: z.string(),
  address: z.string(),
  idMasked: z.string().nullable(),
  phoneMasked: z.string().nullable(),
  representative: z.string(),
  representativeRole: z.string(),
});
export const assignedMediator = z.object({
  memberId: z.string(),
  name: z.string(),
  role: memberRole,
  lead: z.boolean(),
  /** 回避: why this mediator should step aside, or null. */
  recusal: z.string().nullable(),
});
export const agreementContent = z.strictObject({
  facts: optionalText(4000, '纠纷主要事实').default(''),
  disputes: optionalText(2000, '争议事项').default(''),
  responsibilities: optionalText(2000, '各方责任').default(''),
  terms: optionalText(4000, '协议内容').default(''),
  performanceManner: optionalText(500, '履行方式').default(''),
  performancePlace: optionalText(120, '履行地点').default(''),
  performanceDeadline: isoDate.nullable().default(null),
  copies: z.number().int().min(2).max(20).nullable().default(null),
});
export type AgreementContent = z.infer<typeof agreementContent>;
export const agreementBody = z.strictObject({
  content: agreementContent,
  signedOn: isoDate.nullable().default(null),
  partiesSigned: z.boolean().default(false),
  mediatorSigned: z.boolean().default(false),
  sealed: z.boolean().default(false),
});
export const missingItem = z.object({ item: fileItem, label: z.string(), hint: z.string() });
export const caseDetail = caseRow.extend({
  description: z.string(),
  subcategory: z.string().nullable(),
  riskNote: z.string(),
  committeeId: z.string(),
  eventId: z.string().nullable(),
  eventNo: z.string().nullable(),
  sweepId: z.string().nullable(),
  declineReason: z.string().nullable(),
  declineReferral: z.string().nullable(),
  oralContent: z.string().nullable(),
  referral: referral.nullable(),
  referralDestination: z.string().nullable(),
  closedAt: z.string().nullable(),
  rightsNotifiedAt: z.string().nullable(),
  parties: z.array(party),
  mediators: z.array(assignedMediator),
  sessions: z.array(
    z.object({
      id: z.string(),
      heldAt: z.string(),
      place: z.string(),
      attendees: z.string(),
      record: z.string(),
      recordedBy: z.string(),
    }),
  ),
  followups: z.array(
    z.object({
      id: z.string(),
      dueOn: z.string(),
      doneAt: z.string().nullable(),
      method: followupMethod.nullable(),
      note: z.string(),
      byName: z.string().nullable(),
      overdue: z.boolean(),
    }),
  ),
  documents: z.array(
    z.object({
      id: z.string(),
      kind: documentKind,
      name: z.string(),
      size: z.number().int(),
      sha256: z.string(),
      description: z.string(),
      uploadedBy: z.string(),
      createdAt: z.string(),
    }),
  ),
  agreement: z.object({
    content: agreementContent,
    signedOn: z.string().nullable(),
    partiesSigned: z.boolean(),
    mediatorSigned: z.boolean(),
    sealed: z.boolean(),
  }),
  judicial: z.object({
    status: judicialStatus,
    appliedOn: z.string().nullable(),
    /** The last day to apply (人民调解法 art. 33), from the agreement's date. */
    deadline: z.string().nullable(),
    daysLeft: z.number().int().nullable(),
  }),
  performance: z.object({ status: performanceStatus.nullable(), note: z.string() }),
  lead: z.object({
    leader: z.string().nullable(),
    handler: z.string().nullable(),
    plan: z.string().nullable(),
    deadline: z.string().nullable(),
  }),
  /** 包案 is expected (major or high-risk) and not yet in place. */
  needsLead: z.boolean(),
  emergency: z.object({
    startedAt: z.string().nullable(),
    departments: z.array(z.object({ name: z.string(), contact: z.string() })),
  }),
  explanations: z.record(z.string(), z.string()),
  levels: z.array(
    z.object({ level: caseLevel, from: z.string(), to: z.string().nullable(), days: z.number() }),
  ),
  steps: z.array(
    z.object({
      at: z.string(),
      action: z.string(),
      label: z.string(),
      actorName: z.string(),
      fromStatus: z.string().nullable(),
      toStatus: z.string().nullable(),
      level: caseLevel,
      note: z.string(),
    }),
  ),
  allowed: z.array(caseAction),
  /** What closing would still miss (卷宗 completeness), for agreed or failed cases. */
  missing: z.array(missingItem),
});
export type CaseDetail = z.infer<typeof caseDetail>;

export const caseActionBody = z.strictObject({
  action: caseAction,
  note: optionalText(1000, '说明').default(''),
  /** decline: where the applicant should go instead. */
  declineReferral: optionalText(200, '建议去向').optional(),
  /** agree */
  outcome: z.enum(['written', 'oral'], { error: '请选择协议形式' }).optional(),
  oralContent: optionalText(2000, '口头协议内容').optional(),
  /** fail */
  referral: referral.optional(),
  referralDestination: optionalText(120, '引导去向单位').optional(),
});
export const caseStatusBody = z.object({ status: caseStatus, missing: z.array(missingItem) });

export const revealBody = z.strictObject({
  field: z.enum(['idNumber', 'phone'], { error: '请选择要查看的信息' }),
  reason: text(200, '查看原因'),
});
export const revealed = z.object({ value: z.string().nullable() });

export const mediatorsBody = z.strictObject({
  memberIds: z.array(uuid).min(1, { error: '请至少指派一名调解员' }).max(5, { error: '调解员最多 5 名' }),
  leadId: uuid,
});
export const sessionBody = z.strictObject({
  heldAt: dateTime,
  place: text(120, '调解地点'),
  attendees: text(300, '参加人员'),
  record: text(20000, '调解笔录'),
});
export const leadBody = z.strictObject({
  leader: text(32, '包案领导'),
  handler: text(32, '包案专人'),
  plan: text(2000, '化解方案'),
  deadline: isoDate,
});
export const responseBody = z.strictObject({ kind: responseKind, note: text(1000, '处置情况') });
export const followupBody = z.strictObject({
  method: followupMethod,
  note: text(1000, '回访情况'),
});
export const progressBody = z.strictObject({
  rightsNotified: z.boolean().optional(),
  judicialStatus: judicialStatus.optional(),
  judicialAppliedOn: isoDate.nullable().optional(),
  performanceStatus: performanceStatus.optional(),
  performanceNote: optionalText(1000, '履行情况说明').optional(),
});
export const explanationBody = z.strictObject({
  item: fileItem,
  text: optionalText(1000, '情况说明'),
});
export const documentQuery = z.strictObject({
  kind: documentKind,
  name: text(100, '文件名'),
  description: optionalText(200, '说明').optional(),
});
export const documentSaved = z.object({ id: z.string(), sha256: z.string(), size: z.number().int() });

export const warningRow = caseRow.extend({
  riskNote: z.string(),
  needsLead: z.boolean(),
  leadDeadline: z.string().nullable(),
  emergency: z.boolean(),
});
export const warningList = z.object({ items: z.array(warningRow) });

export const followupDue = z.object({
  id: z.string(),
  caseId: z.string(),
  caseNo: z.string(),
  caseTitle: z.string(),
  dueOn: z.string(),
  overdue: z.boolean(),
});
export const followupDueList = z.object({ items: z.array(followupDue) });

export const statsQuery = z.strictObject({ placeId: uuid.optional(), from: isoDate, to: isoDate });
const bucket = z.object({
  key: z.string(),
  label: z.string(),
  total: z.number().int(),
  agreed: z.number().int(),
  failed: z.number().int(),
  open: z.number().int(),
  /** Agreements ÷ (agreements + failures); null when none were resolved. */
  successRate: z.number().nullable(),
  meanDays: z.number().nullable(),
  overNorm: z.number().int(),
});
export const stats = z.object({
  total: bucket,
  byLevel: z.array(bucket),
  byCategory: z.array(bucket),
  byOutcome: z.array(z.object({ key: z.string(), label: z.string(), count: z.number().int() })),
  bySource: z.array(z.object({ key: z.string(), label: z.string(), count: z.number().int() })),
  /** Days spent at each level by the cases of the period (from their timelines). */
  daysAtLevel: z.array(z.object({ level: caseLevel, label: z.string(), meanDays: z.number().nullable() })),
});
export type MediationStats = z.infer<typeof stats>;
