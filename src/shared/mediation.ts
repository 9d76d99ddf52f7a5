// Code lists of dispute mediation (矛盾纠纷排查调处, 人民调解). Stored values are codes; labels are what
// pages, documents and exports show. Categories follow GB/T 31000-2015 (矛盾纠纷类别, two-digit codes);
// the four-digit subcategories below are the common ones in estates, not the standard's full list.

const labels = <const T extends Record<string, string>>(map: T) => map;

export const DISPUTE_CATEGORIES: Record<string, { label: string; subs: Record<string, string> }> = {
  '01': { label: '婚恋家庭', subs: { '0101': '婚姻纠纷', '0102': '家庭纠纷', '0103': '赡养抚养纠纷' } },
  '02': {
    label: '邻里',
    subs: {
      '0201': '相邻关系（漏水、采光、通行）',
      '0202': '噪音扰民',
      '0203': '饲养宠物',
      '0299': '其他邻里纠纷',
    },
  },
  '03': { label: '人格权', subs: { '0301': '名誉隐私纠纷' } },
  '04': { label: '物权', subs: { '0401': '房屋产权纠纷', '0402': '物业及其管理', '0403': '车位车库纠纷' } },
  '05': { label: '侵权', subs: { '0501': '人身损害赔偿', '0502': '财产损害赔偿' } },
  '06': { label: '合同', subs: { '0601': '房屋租赁合同', '0602': '买卖合同', '0603': '装修合同' } },
  '07': { label: '劳动人事', subs: { '0701': '拖欠劳动报酬', '0702': '劳动关系纠纷' } },
  '08': { label: '金融借贷', subs: { '0801': '民间借贷' } },
  '09': { label: '土地资源', subs: {} },
  '10': { label: '其他民商事', subs: {} },
  '11': { label: '城乡建设', subs: { '1101': '违章搭建', '1102': '拆迁安置' } },
  '12': { label: '涉民政', subs: {} },
  '13': { label: '其他行政执法', subs: {} },
  '14': { label: '涉法涉诉', subs: {} },
  '15': { label: '涉组织纪检', subs: {} },
  '16': { label: '涉民族宗教', subs: {} },
  '99': { label: '其他', subs: {} },
};
export type DisputeCategory = keyof typeof DISPUTE_CATEGORIES;
export const DISPUTE_CATEGORY_CODES = Object.keys(DISPUTE_CATEGORIES) as [string, ...string[]];

export function disputeCategoryLabel(category: string, sub?: string | null): string {
  const c = DISPUTE_CATEGORIES[category];
  if (!c) return category;
  const s = sub ? c.subs[sub] : undefined;
  return s ? `${c.label} / ${s}` : c.label;
}

export const CASE_SOURCES = labels({
  application: '当事人申请',
  initiative: '主动调解',
  police: '公安移交',
  court: '法院委托',
  government: '政府指定',
  grid_event: '网格事件转入',
  request: '居民诉求转入',
  sweep: '矛盾排查发现',
});
export type CaseSource = keyof typeof CASE_SOURCES;

/** 事件规模 (GB/T 31000). A 重大群体性 case starts the joint emergency response. */
export const CASE_SCALES = labels({ individual: '个体性', group: '一般群体性', major_group: '重大群体性' });
export type CaseScale = keyof typeof CASE_SCALES;

export const RISK_LEVELS = labels({ low: '低', medium: '中', high: '高' });
export type RiskLevel = keyof typeof RISK_LEVELS;

/** "小事不出小区、大事不出社区": where a case is handled, and where it goes when it is passed up. */
export const CASE_LEVELS = labels({ estate: '小区', community: '社区', street: '街道' });
export type CaseLevel = keyof typeof CASE_LEVELS;
export const LEVEL_ABOVE: Record<CaseLevel, CaseLevel | null> = {
  estate: 'community',
  community: 'street',
  street: null,
};

export const CASE_STATUSES = labels({
  intake: '待受理',
  mediating: '调解中',
  declined: '不予受理',
  agreed: '已达成协议',
  failed: '调解不成',
  closed: '已结案',
});
export type CaseStatus = keyof typeof CASE_STATUSES;
export const OPEN_CASE_STATUSES: readonly CaseStatus[] = ['intake', 'mediating'];

export const CASE_ACTIONS = labels({
  accept: '受理',
  decline: '不予受理',
  transfer_up: '上交上一级',
  agree: '达成协议',
  fail: '调解不成',
  close: '结案归档',
  note: '备注',
});
export type CaseAction = keyof typeof CASE_ACTIONS;

/** Which steps each status allows; anything else answers 409 with this list. */
export const CASE_TRANSITIONS: Record<CaseStatus, readonly CaseAction[]> = {
  intake: ['accept', 'decline', 'transfer_up', 'note'],
  mediating: ['agree', 'fail', 'transfer_up', 'note'],
  declined: ['note'],
  agreed: ['close', 'note'],
  failed: ['close', 'note'],
  closed: [],
};

/** Besides the status steps, the timeline records these. */
export const STEP_LABELS: Record<string, string> = {
  ...CASE_ACTIONS,
  create: '登记',
  assign: '指派调解员',
  session: '调解',
  evidence: '上传证据',
  lead: '包案',
  emergency: '启动应急联动',
  response: '应急处置',
  followup: '回访',
  performance: '履行情况',
  judicial: '司法确认',
  agreement: '编辑协议书',
  explain: '情况说明',
  rights: '权利义务告知',
};

export const OUTCOMES = labels({ written: '书面协议', oral: '口头协议', failed: '调解不成' });
export type Outcome = keyof typeof OUTCOMES;

/** Where a failed mediation sends the parties (人民调解法 art. 26). */
export const REFERRALS = labels({
  litigation: '诉讼',
  arbitration: '仲裁',
  administrative: '行政调解',
  higher_committee: '上级调委会',
  petition: '信访',
});
export type Referral = keyof typeof REFERRALS;

export const PARTY_SIDES = labels({ applicant: '申请人', respondent: '被申请人', third: '第三人' });
export type PartySide = keyof typeof PARTY_SIDES;

export const MEMBER_ROLES = labels({ director: '主任', member: '委员', mediator: '调解员' });
export type CommitteeMemberRole = keyof typeof MEMBER_ROLES;

export const GENDERS = labels({ male: '男', female: '女' });

export const PERFORMANCE_STATUSES = labels({
  pending: '待履行',
  performed: '已履行',
  partial: '部分履行',
  breached: '未履行',
});
export type PerformanceStatus = keyof typeof PERFORMANCE_STATUSES;

export const JUDICIAL_STATUSES = labels({
  none: '未申请',
  applied: '已申请',
  confirmed: '已确认',
  rejected: '不予确认',
});
export type JudicialStatus = keyof typeof JUDICIAL_STATUSES;

export const EMERGENCY_RESPONSES = labels({ control: '现场稳控', guidance: '疏导', lawful: '依法处置' });
export type EmergencyResponse = keyof typeof EMERGENCY_RESPONSES;

export const FOLLOWUP_METHODS = labels({ visit: '上门', phone: '电话', meeting: '约谈' });

/** What the evidence and the other papers of a case file are. */
export const DOCUMENT_KINDS = labels({
  evidence: '证据',
  application: '申请书',
  id_proof: '身份证明',
  power_of_attorney: '委托书',
  investigation: '调查记录',
  signed_agreement: '签字协议书扫描件',
  performance: '履行凭证',
  judicial: '司法确认材料',
  other: '其他材料',
});
export type DocumentKind = keyof typeof DOCUMENT_KINDS;

/** Evidence files: at most this big, of the types `sniffEvidence` recognises. */
export const EVIDENCE_MAX_BYTES = 20 * 1024 * 1024;
export const EVIDENCE_TYPES_LABEL = 'JPG、PNG、WebP 图片，PDF，Word/Excel 文档，MP3/M4A/WAV 录音，MP4 视频';

/** 调解工作一般在一个月内完成 (the Ministry of Justice's rule): the norm cases are measured by. */
export const CASE_NORM_DAYS = 30;
/** 人民调解法 art. 33: judicial confirmation may be applied for within 30 days of the agreement. */
export const JUDICIAL_WINDOW_DAYS = 30;
/** Follow-up visits after an agreement, in days after it was signed. */
export const FOLLOWUP_AFTER_DAYS = [7, 30] as const;

/** The parts of a case file (卷宗) the completeness check asks for; see `mediation/casefile.ts`. */
export const FILE_ITEMS = labels({
  register: '申请书或受理登记表',
  rights_notice: '权利义务告知书',
  id_proof: '当事人身份证明',
  record: '调解记录（笔录）',
  agreement: '调解协议书',
  signatures: '当事人签名（捺印）、调解员签名与调委会盖章',
  referral: '调解不成的去向',
  power_of_attorney: '委托书',
  followup: '回访记录',
  judicial: '司法确认材料',
});
export type FileItem = keyof typeof FILE_ITEMS;

/** The People's Mediation Law's composition rule for a committee (art. 8). */
export const COMMITTEE_MIN = 3;
export const COMMITTEE_MAX = 9;
