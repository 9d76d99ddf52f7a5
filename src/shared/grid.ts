// Code lists of grid work (网格化管理), events and residents' requests. Stored values are English
// codes; labels are what pages, notices and exports show. The lifecycle follows the 12345 hotline
// steps (GB/T 33358-2016): 上报 → 受理 → 处置中 → 办结 → 回访/评价 → 归档.

const labels = <const T extends Record<string, string>>(map: T) => map;

export const MEMBER_ROLES = labels({
  leader: '网格长',
  worker: '网格员',
  building_head: '楼栋长',
  micro_worker: '微网格员',
});
export type MemberRole = keyof typeof MEMBER_ROLES;

/** What each member role does, printed on the service card (服务名片). */
export const MEMBER_DUTIES: Record<MemberRole, string> = {
  leader: '统筹本网格巡查走访、矛盾排查和事件处置，每周召集议事',
  worker: '每日巡查，走访住户，登记人口与出租房屋，收集并上报居民诉求和各类隐患',
  building_head: '联系本楼住户，第一时间发现和反映楼内的问题与困难',
  micro_worker: '负责本微网格的日常巡查、走访和信息收集',
};

/** The standard event tree: category → subcategories. */
export const EVENT_CATEGORIES = {
  security: {
    label: '治安',
    subs: {
      theft: '盗窃',
      fraud: '诈骗',
      suspicious: '可疑情况',
      disturbance: '扰民',
      other: '其他治安问题',
    },
  },
  dispute: {
    label: '矛盾纠纷',
    subs: {
      neighbour: '邻里纠纷',
      family: '婚姻家庭',
      property_fee: '物业纠纷',
      labour: '劳资纠纷',
      other: '其他纠纷',
    },
  },
  hazard: {
    label: '安全隐患',
    subs: {
      fire: '消防隐患',
      electric: '电动车违规充电',
      structure: '房屋建筑安全',
      falling: '高空坠物',
      other: '其他隐患',
    },
  },
  sanitation: {
    label: '环境卫生',
    subs: { garbage: '垃圾堆放', sewage: '污水外溢', pests: '病媒生物', other: '其他卫生问题' },
  },
  municipal: {
    label: '市政设施',
    subs: {
      road: '道路破损',
      lighting: '路灯故障',
      water: '供水问题',
      drainage: '排水不畅',
      other: '其他设施',
    },
  },
  property: {
    label: '物业管理',
    subs: {
      elevator: '电梯故障',
      parking: '停车管理',
      greening: '绿化养护',
      repair: '公共维修',
      other: '其他物业问题',
    },
  },
  livelihood: {
    label: '民生服务',
    subs: {
      welfare: '社会救助',
      elderly: '养老服务',
      employment: '就业帮扶',
      certificates: '证明办理',
      other: '其他民生',
    },
  },
  other: { label: '其他', subs: { other: '其他' } },
} as const satisfies Record<string, { label: string; subs: Record<string, string> }>;
export type EventCategory = keyof typeof EVENT_CATEGORIES;
export const EVENT_CATEGORY_CODES = Object.keys(EVENT_CATEGORIES) as [EventCategory, ...EventCategory[]];

export function categoryLabel(category: string, sub?: string | null): string {
  const c = EVENT_CATEGORIES[category as EventCategory];
  if (!c) return category;
  const s = sub ? (c.subs as Record<string, string>)[sub] : undefined;
  return s ? `${c.label} · ${s}` : c.label;
}

export const URGENCIES = labels({ normal: '一般', urgent: '紧急', critical: '特急' });
export type Urgency = keyof typeof URGENCIES;

/**
 * Deadline in working days by urgency; categories that cannot wait (hazards, security) halve it.
 * 特急 is the same working day.
 */
export const DEADLINE_WORKING_DAYS: Record<Urgency, number> = { normal: 5, urgent: 2, critical: 0 };
export const FAST_CATEGORIES: readonly EventCategory[] = ['security', 'hazard'];
export function deadlineWorkingDays(category: EventCategory, urgency: Urgency): number {
  const days = DEADLINE_WORKING_DAYS[urgency];
  return FAST_CATEGORIES.includes(category) ? Math.floor(days / 2) : days;
}

export const EVENT_STATUSES = labels({
  reported: '待受理',
  accepted: '已受理',
  in_progress: '处置中',
  closed: '已办结',
  reviewed: '已回访',
  archived: '已归档',
});
export type EventStatus = keyof typeof EVENT_STATUSES;
export const OPEN_STATUSES: readonly EventStatus[] = ['reported', 'accepted', 'in_progress'];

/** Kept distinct: a status must not flatter. */
export const CLOSURE_KINDS = labels({
  resolved: '已解决',
  unresolved: '已办结未解决',
  not_ours: '非本级职责',
  duplicate: '重复件',
});
export type ClosureKind = keyof typeof CLOSURE_KINDS;

export const EVENT_ACTIONS = labels({
  accept: '受理',
  start: '开始处置',
  return: '退回',
  reassign: '改派',
  supervise: '督办',
  close: '办结',
  review: '回访评价',
  reopen: '重开',
  archive: '归档',
  note: '补充说明',
});
export type EventAction = keyof typeof EVENT_ACTIONS;

/** Timeline labels: the handlers' actions plus what the system and residents do. */
export const STEP_LABELS: Record<string, string> = {
  ...EVENT_ACTIONS,
  report: '上报',
  escalate: '三清上报',
  overdue: '超期提醒',
  resident_rate: '居民评价',
  resident_reopen: '居民要求重办',
};

/** From each status, the actions a handler may take; anything else is a 409 naming these. */
export const TRANSITIONS: Record<EventStatus, readonly EventAction[]> = {
  reported: ['accept', 'return', 'reassign', 'supervise', 'close', 'note'],
  accepted: ['start', 'return', 'reassign', 'supervise', 'close', 'note'],
  in_progress: ['close', 'return', 'reassign', 'supervise', 'note'],
  closed: ['review', 'reopen', 'note'],
  reviewed: ['archive', 'reopen', 'note'],
  archived: [],
};

/** Where the event is handled: the 三清 ladder. */
export const EVENT_LEVELS = labels({ grid: '网格', community: '社区', street: '街道' });
export type EventLevel = keyof typeof EVENT_LEVELS;

export const ASSIGNEE_KINDS = labels({
  person: '个人',
  grid: '网格',
  community: '社区',
  street: '街道',
  outside: '外部单位',
});
export type AssigneeKind = keyof typeof ASSIGNEE_KINDS;

export const OUTSIDE_BODIES = labels({
  property: '物业公司',
  police: '派出所',
  urban: '城管执法',
  water: '供水公司',
  power: '供电公司',
  gas: '燃气公司',
  housing: '住建部门',
  market: '市场监管',
  other: '其他单位',
});
export type OutsideBody = keyof typeof OUTSIDE_BODIES;

export const EVENT_SOURCES = labels({
  grid: '网格员上报',
  guard: '保安上报',
  officer: '社区上报',
  police: '民警上报',
  request: '居民诉求',
  open311: '开放接口',
});
export type EventSource = keyof typeof EVENT_SOURCES;

export const CAMPAIGN_KINDS = labels({
  dispute_sweep: '矛盾纠纷大排查',
  security_drive: '治安大整治',
  environment_drive: '环境大整顿',
  hazard_sweep: '安全隐患大排查',
  other: '其他专项行动',
});
export type CampaignKind = keyof typeof CAMPAIGN_KINDS;

/** 民情日记 topics. */
export const DIARY_TOPICS = labels({
  visit: '入户走访',
  special: '特殊人群走访',
  care: '关爱走访',
  tenancy: '出租房屋核查',
  dispute: '矛盾排查',
  hazard: '隐患巡查',
  opinion: '听取意见',
  other: '其他',
});
export type DiaryTopic = keyof typeof DIARY_TOPICS;

/** Public requests: how many per IP per hour, and how long after closure a resident may reopen. */
export const REQUEST_LIMIT_PER_HOUR = 5;
export const REQUEST_REOPEN_DAYS = 7;
export const PHOTO_MAX_BYTES = 2 * 1024 * 1024;
export const PHOTO_MAX_COUNT = 4;
/** Same place and category within this many days is shown as a possible duplicate at intake. */
export const DUPLICATE_WINDOW_DAYS = 7;

/**
 * 月考评 of grid workers: each item scores weight × min(1, achieved ÷ target). Counts exclude padding:
 * a diary entry counts once per household (or person, or place) per day and only with a real note;
 * events closed as duplicates do not count as reported.
 */
export const SCORE_ITEMS = {
  visits: { label: '有效走访', unit: '次', kind: 'count', weight: 30, target: 40 },
  coverage: { label: '入户覆盖率', unit: '%', kind: 'rate', weight: 20, target: 0.3 },
  reported: { label: '有效上报', unit: '件', kind: 'count', weight: 15, target: 8 },
  onTime: { label: '按期办结率', unit: '%', kind: 'rate', weight: 20, target: 1 },
  satisfaction: { label: '满意率', unit: '%', kind: 'rate', weight: 15, target: 1 },
} as const;
export type ScoreItem = keyof typeof SCORE_ITEMS;
export const SCORE_ITEM_KEYS = Object.keys(SCORE_ITEMS) as ScoreItem[];
/** A diary note shorter than this is not a visit record. */
export const MIN_DIARY_CHARS = 10;
