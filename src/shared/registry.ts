// Code lists of the housing and population registry (以房管人). Stored values are the English
// codes; every label is what the pages, exports and import templates show. Where GB/T 31000-2015
// names a list, the labels follow it.

const labels = <const T extends Record<string, string>>(map: T) => map;
export const keysOf = <T extends Record<string, string>>(map: T) =>
  Object.keys(map) as [keyof T & string, ...(keyof T & string)[]];

export const HOUSE_USES = labels({
  self: '自住',
  rent: '出租',
  vacant: '空置',
  commercial: '商用',
  other: '其他',
});
export type HouseUse = keyof typeof HOUSE_USES;

export const ID_TYPES = labels({
  resident_id: '居民身份证',
  residence_permit: '港澳台居民居住证',
  passport: '护照',
  other: '其他',
});
export type IdType = keyof typeof ID_TYPES;

export const GENDERS = labels({ male: '男', female: '女' });
export type Gender = keyof typeof GENDERS;

/** 实有人口类型 (GB/T 31000). */
export const POPULATION_TYPES = labels({
  registered: '户籍',
  floating: '流动',
  overseas: '境外',
  left_behind: '留守',
});
export type PopulationType = keyof typeof POPULATION_TYPES;

export const RELATIONS = labels({
  head: '户主',
  spouse: '配偶',
  child: '子女',
  parent: '父母',
  relative: '其他亲属',
  tenant: '租户',
  lodger: '借住',
  other: '其他',
});
export type Relation = keyof typeof RELATIONS;

export const TENANCY_PURPOSES = labels({ living: '居住', business: '经营', other: '其他' });
export type TenancyPurpose = keyof typeof TENANCY_PURPOSES;

/** 特殊人群 (GB/T 31000, plus 重点上访 seen in practice). */
export const SPECIAL_GROUPS = labels({
  released: '刑满释放人员',
  correction: '社区矫正对象',
  mental: '严重精神障碍患者',
  drug: '吸毒人员',
  aids: '艾滋病危险人员',
  youth: '重点青少年',
  petition: '重点上访人员',
});
export type SpecialGroup = keyof typeof SPECIAL_GROUPS;

export const CORRECTION_KINDS = labels({
  control: '管制',
  probation: '缓刑',
  parole: '假释',
  outside: '暂予监外执行',
  deprivation: '剥夺政治权利',
});
export const YOUTH_KINDS = labels({
  idle: '闲散青少年',
  misconduct: '不良行为',
  serious: '严重不良行为',
  vagrant: '流浪乞讨未成年人',
  inmate_child: '服刑人员未成年子女',
  left_behind: '农村留守儿童',
  other: '其他',
});
export const ATTENTION_LEVELS = labels({ high: '高', medium: '中', low: '低' });
export type AttentionLevel = keyof typeof ATTENTION_LEVELS;

/** 关爱对象 and their 三星级服务 levels (003): more stars, more frequent visits. */
export const CARE_GROUPS = labels({
  dibao: '低保户',
  disabled: '残疾人',
  elderly_alone: '空巢/独居老人',
  hardship: '困难户',
  left_behind_child: '留守儿童',
});
export type CareGroup = keyof typeof CARE_GROUPS;
export const CARE_LEVEL_VISIT_DAYS: Record<1 | 2 | 3, number> = { 1: 30, 2: 14, 3: 7 };

/** 列管率 target (001: 流动人口登记率 ≥ 98 %). */
export const REGISTRATION_RATE_TARGET = 0.98;
/** Contracts ending within this many days are listed as 即将到期. */
export const TENANCY_ENDING_DAYS = 30;
