// Code lists of fire safety (消防安全). Stored values are English codes; labels are what pages show.
// Hazards follow 发现 → 整改 → 复查 → 销号; a failed re-check goes back to 整改 with a new deadline.

const labels = <const T extends Record<string, string>>(map: T) => map;

export const EQUIPMENT_KINDS = labels({
  extinguisher: '灭火器',
  hydrant: '消火栓',
  smoke_alarm: '烟感报警器',
  sprinkler: '喷淋',
  emergency_light: '应急照明',
  other: '其他',
});
export type EquipmentKind = keyof typeof EQUIPMENT_KINDS;

export const EQUIPMENT_STATUSES = labels({
  normal: '正常',
  faulty: '故障',
  missing: '缺失',
  retired: '已报废',
});
export type EquipmentStatus = keyof typeof EQUIPMENT_STATUSES;

/** Equipment expiring within this many days is listed as 即将到期. */
export const EXPIRING_DAYS = 30;

/** The checklist an estate starts with (it can replace it with its own). */
export const DEFAULT_CHECKLIST: readonly { code: string; label: string }[] = [
  { code: 'passage', label: '消防通道畅通，无车辆占用' },
  { code: 'extinguisher', label: '灭火器压力正常、在有效期内' },
  { code: 'exit_sign', label: '疏散指示灯、应急照明完好' },
  { code: 'corridor', label: '楼道无堆放杂物' },
  { code: 'ebike', label: '电动车未入楼充电' },
  { code: 'hydrant', label: '消火栓箱完好、水带水枪齐全' },
  { code: 'fire_door', label: '常闭式防火门处于关闭状态' },
  { code: 'wiring', label: '无私拉乱接电线' },
];

export const HAZARD_SOURCES = labels({
  inspection: '防火检查',
  event: '网格事件',
  request: '居民诉求',
  patrol: '巡查发现',
  other: '其他',
});
export type HazardSource = keyof typeof HAZARD_SOURCES;

export const HAZARD_LEVELS = labels({ general: '一般隐患', major: '重大隐患' });
export type HazardLevel = keyof typeof HAZARD_LEVELS;

export const HAZARD_STATUSES = labels({
  found: '发现',
  rectifying: '整改',
  rechecking: '复查',
  closed: '销号',
});
export type HazardStatus = keyof typeof HAZARD_STATUSES;

export const HAZARD_ACTIONS = labels({
  assign: '下达整改',
  submit: '提交整改',
  pass: '复查通过',
  fail: '复查不通过',
});
export type HazardAction = keyof typeof HAZARD_ACTIONS;

export const HAZARD_TRANSITIONS: Record<HazardStatus, readonly HazardAction[]> = {
  found: ['assign'],
  rectifying: ['submit'],
  rechecking: ['pass', 'fail'],
  closed: [],
};

export const HAZARD_STEP_LABELS: Record<string, string> = {
  create: '发现登记',
  ...HAZARD_ACTIONS,
  escalate: '逾期升级',
};

export const DRILL_KINDS = labels({ drill: '消防演练', training: '消防培训' });
export type DrillKind = keyof typeof DRILL_KINDS;

export const CONTACT_ROLES = labels({
  commander: '总指挥',
  deputy: '副总指挥',
  alarm: '通讯联络',
  evacuation: '疏散引导',
  firefighting: '灭火行动',
  medical: '医疗救护',
  logistics: '后勤保障',
});
export type ContactRole = keyof typeof CONTACT_ROLES;

/** Photos per hazard stage (the grid's limits apply to each upload). */
export const HAZARD_PHOTO_STAGES = labels({ before: '整改前', after: '整改后' });
export type HazardPhotoStage = keyof typeof HAZARD_PHOTO_STAGES;
