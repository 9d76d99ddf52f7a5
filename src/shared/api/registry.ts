import { z } from 'zod';
import {
  ATTENTION_LEVELS,
  CARE_GROUPS,
  CORRECTION_KINDS,
  GENDERS,
  HOUSE_USES,
  ID_TYPES,
  keysOf,
  POPULATION_TYPES,
  RELATIONS,
  SPECIAL_GROUPS,
  TENANCY_PURPOSES,
  YOUTH_KINDS,
} from '../registry.js';
import { optionalText, paged, pageQuery, patchOf, text, uuid } from './common.js';

const en = <T extends Record<string, string>>(map: T, label: string) =>
  z.enum(keysOf(map), { error: `请选择${label}` });

export const houseUse = en(HOUSE_USES, '用途');
export const idType = en(ID_TYPES, '证件类型');
export const gender = en(GENDERS, '性别');
export const populationType = en(POPULATION_TYPES, '人口类型');
export const relation = en(RELATIONS, '与户主关系');
export const tenancyPurpose = en(TENANCY_PURPOSES, '租赁用途');
export const specialGroup = en(SPECIAL_GROUPS, '特殊人群类别');
export const careGroup = en(CARE_GROUPS, '关爱类别');
export const attention = en(ATTENTION_LEVELS, '关注程度');

export const isoDate = z
  .string({ error: '日期必须是文字' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: '日期格式应为 YYYY-MM-DD' })
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return (
      !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s) && s >= '1900-01-01' && s <= '2100-12-31'
    );
  }, '日期不存在');

const tag = z.string().trim().min(1, { error: '标签不能为空' }).max(20, { error: '标签不能超过 20 个字' });
export const tags = z.array(tag).max(10, { error: '标签最多 10 个' });

/** Area in m² as a decimal string with at most two places ('89.50'): never a float. */
export const area = z
  .string({ error: '面积必须是数字' })
  .trim()
  .regex(/^\d{1,6}(\.\d{1,2})?$/, { error: '面积应为不超过两位小数的正数，如 89.50' })
  .refine((s) => Number(s) > 0, '面积必须大于 0');

const listQuery = {
  placeId: uuid.optional(),
  q: optionalText(50, '关键字').optional(),
  tag: optionalText(20, '标签').optional(),
  ...pageQuery,
};

// ── houses ──
export const houseRow = z.object({
  id: z.string(),
  unitId: z.string(),
  /** 锦绣春天小区 3栋2单元501 */
  address: z.string(),
  floor: z.number().int(),
  number: z.string(),
  area: z.string().nullable(),
  use: houseUse,
  tags: z.array(z.string()),
  residentCount: z.number().int(),
  ownerNames: z.array(z.string()),
});
export type HouseRow = z.infer<typeof houseRow>;
export const houseListQuery = z.strictObject({ ...listQuery, use: houseUse.optional() });
export const houseList = paged(houseRow);

export const houseBody = z.strictObject({
  unitId: uuid,
  floor: z.number({ error: '楼层必须是数字' }).int({ error: '楼层必须是整数' }).min(-5).max(200),
  number: text(16, '房号').regex(/^[\w-]+$/, { error: '房号只能包含字母、数字和短横线' }),
  area: area.nullable().optional(),
  use: houseUse.default('self'),
  tags: tags.default([]),
  note: optionalText(500, '备注').default(''),
});
export const updateHouseBody = patchOf(houseBody.omit({ unitId: true }));
export const ownersBody = z.strictObject({
  owners: z
    .array(z.strictObject({ personId: uuid, share: area }))
    .max(20)
    .refine((list) => new Set(list.map((o) => o.personId)).size === list.length, '同一业主不能重复'),
});

export const personBrief = z.object({
  id: z.string(),
  name: z.string(),
  gender: gender.nullable(),
  birthDate: z.string().nullable(),
  idType: idType,
  idMasked: z.string().nullable(),
  phoneMasked: z.string().nullable(),
  populationType: populationType,
  tags: z.array(z.string()),
  /** Present only for callers who may see special groups. */
  specialGroups: z.array(specialGroup).optional(),
  careGroups: z.array(careGroup),
});

export const residencyView = z.object({
  id: z.string(),
  person: personBrief,
  houseId: z.string(),
  address: z.string(),
  relation: relation,
  moveIn: z.string().nullable(),
  moveOut: z.string().nullable(),
});

export const tenancyRow = z.object({
  id: z.string(),
  houseId: z.string(),
  address: z.string(),
  landlordId: z.string().nullable(),
  landlordName: z.string(),
  tenants: z.array(z.object({ id: z.string(), name: z.string(), phoneMasked: z.string().nullable() })),
  startDate: z.string(),
  endDate: z.string(),
  endedOn: z.string().nullable(),
  purpose: tenancyPurpose,
  status: z.enum(['active', 'ending', 'expired', 'ended', 'future']),
  registeredByName: z.string(),
  registeredAt: z.string(),
});
export type TenancyRow = z.infer<typeof tenancyRow>;

export const historyEntry = z.object({
  at: z.string(),
  actor: z.string().nullable(),
  action: z.string(),
  summary: z.string(),
});

export const houseCard = z.object({
  house: houseRow.extend({ note: z.string(), buildingId: z.string(), estateName: z.string() }),
  owners: z.array(z.object({ person: personBrief, share: z.string() })),
  residents: z.array(residencyView),
  former: z.array(residencyView),
  tenancies: z.array(tenancyRow),
  history: z.array(historyEntry),
});
export type HouseCard = z.infer<typeof houseCard>;

// ── 楼盘表 ──
export const buildingGrid = z.object({
  building: z.object({ id: z.string(), name: z.string(), address: z.string() }),
  units: z.array(z.object({ id: z.string(), name: z.string() })),
  floors: z.array(z.number().int()),
  houses: z.array(
    z.object({
      id: z.string(),
      unitId: z.string(),
      floor: z.number().int(),
      number: z.string(),
      area: z.string().nullable(),
      use: houseUse,
      tags: z.array(z.string()),
      residentCount: z.number().int(),
      rented: z.boolean(),
      care: z.boolean(),
    }),
  ),
  counts: z.object({
    houses: z.number().int(),
    residents: z.number().int(),
    byUse: z.record(z.string(), z.number().int()),
  }),
});
export type BuildingGrid = z.infer<typeof buildingGrid>;

// ── people ──
export const personRow = personBrief.extend({
  address: z.string().nullable(),
  houseId: z.string().nullable(),
});
export type PersonRow = z.infer<typeof personRow>;
export const personListQuery = z.strictObject({
  ...listQuery,
  populationType: populationType.optional(),
  special: specialGroup.optional(),
  care: careGroup.optional(),
});
export const personList = paged(personRow).extend({
  /** The total stopped counting here: show "10,000+". */
  capped: z.boolean(),
});

export const personBody = z.strictObject({
  name: text(32, '姓名'),
  gender: gender.nullable().optional(),
  birthDate: isoDate.nullable().optional(),
  idType: idType.default('resident_id'),
  idNumber: optionalText(32, '证件号码').optional(),
  phone: optionalText(20, '手机号码').optional(),
  ethnicity: optionalText(16, '民族').default(''),
  hukouAddress: optionalText(120, '户籍地址').default(''),
  populationType,
  tags: tags.default([]),
  note: optionalText(500, '备注').default(''),
  /** Where the record belongs when the person has no home here yet. */
  placeId: uuid.optional(),
  residence: z.strictObject({ houseId: uuid, relation, moveIn: isoDate.nullable().optional() }).optional(),
});
export const updatePersonBody = patchOf(personBody.omit({ residence: true, placeId: true }));

export const personDetail = personRow.extend({
  ethnicity: z.string(),
  hukouAddress: z.string(),
  note: z.string(),
  residencies: z.array(residencyView.omit({ person: true })),
  tenancies: z.array(tenancyRow),
  cases: z.array(z.lazy(() => caseRow)),
});
export type PersonDetail = z.infer<typeof personDetail>;

export const moveInBody = z.strictObject({ houseId: uuid, relation, moveIn: isoDate.nullable().optional() });
export const moveOutBody = z.strictObject({ moveOut: isoDate });
export const personRevealBody = z.strictObject({
  field: z.enum(['idNumber', 'phone'], { error: '请选择要查看的信息' }),
  reason: text(200, '查看原因'),
});

// ── tenancies ──
export const tenancyListQuery = z.strictObject({
  ...listQuery,
  status: z.enum(['active', 'ending', 'expired', 'ended', 'future']).optional(),
});
export const tenancyList = paged(tenancyRow);
export const tenancyBody = z
  .strictObject({
    houseId: uuid,
    landlordId: uuid.nullable().optional(),
    landlordName: text(32, '出租人姓名'),
    tenantIds: z.array(uuid).min(1, { error: '请至少选择一名承租人' }).max(20),
    startDate: isoDate,
    endDate: isoDate,
    purpose: tenancyPurpose.default('living'),
    note: optionalText(500, '备注').default(''),
  })
  .refine((b) => b.endDate >= b.startDate, { error: '到期日期不能早于起租日期', path: ['endDate'] });
export const endTenancyBody = z.strictObject({ endedOn: isoDate });

// ── special and care groups ──
/** Category fields arrive flat (checked per group in the service); nothing nested gets that far. */
const detailsInput = z.record(
  z.string().max(40, { error: '字段名过长' }),
  z.union([z.string().max(500, { error: '内容不能超过 500 个字' }), z.number(), z.boolean(), z.null()], {
    error: '类别信息只能是文字、数字或是否',
  }),
);
const correctionDetails = z.strictObject({
  correctionKind: en(CORRECTION_KINDS, '矫正类别'),
  correctionStart: isoDate.optional(),
  correctionEnd: isoDate.optional(),
  crime: optionalText(64, '罪名').optional(),
});
const mentalDetails = z.strictObject({
  riskLevel: z.number({ error: '风险等级必须是 0–5 的整数' }).int().min(0).max(5),
  guardian: optionalText(32, '监护人').optional(),
});
const releasedDetails = z.strictObject({
  releasedOn: isoDate.optional(),
  crime: optionalText(64, '原罪名').optional(),
});
const youthDetails = z.strictObject({ youthKind: en(YOUTH_KINDS, '重点青少年类型') });
const freeDetails = z.strictObject({ remark: optionalText(200, '说明').optional() });

/** Category-specific fields, checked against the group they belong to. */
export const specialDetails = z.union([
  correctionDetails,
  mentalDetails,
  releasedDetails,
  youthDetails,
  freeDetails,
]);
export const SPECIAL_DETAILS_SCHEMA = {
  correction: correctionDetails,
  mental: mentalDetails,
  released: releasedDetails,
  youth: youthDetails,
  drug: freeDetails,
  aids: freeDetails,
  petition: freeDetails,
} as const;

export const caseRow = z.object({
  id: z.string(),
  kind: z.enum(['special', 'care']),
  person: z.object({ id: z.string(), name: z.string(), idMasked: z.string().nullable() }),
  address: z.string().nullable(),
  group: z.string(),
  attention: attention.nullable(),
  level: z.number().int().nullable(),
  details: z.record(z.string(), z.unknown()),
  responsibleName: z.string(),
  plan: z.string(),
  visitEveryDays: z.number().int(),
  startedOn: z.string(),
  endedOn: z.string().nullable(),
  lastVisitOn: z.string().nullable(),
  nextVisitDue: z.string(),
  overdueDays: z.number().int(),
});
export type CaseRow = z.infer<typeof caseRow>;
export const caseListQuery = z.strictObject({
  ...listQuery,
  group: z.string().max(32).optional(),
  overdue: z.enum(['true', 'false']).optional(),
  due: z.enum(['true', 'false']).optional(),
  active: z.enum(['true', 'false']).optional(),
});
export const caseList = paged(caseRow);

export const specialCaseBody = z.strictObject({
  personId: uuid,
  group: specialGroup,
  attention: attention.default('medium'),
  details: detailsInput.default({}),
  responsibleName: text(32, '包联人'),
  plan: optionalText(1000, '帮教措施').default(''),
  visitEveryDays: z.number().int().min(1, { error: '走访周期至少 1 天' }).max(365),
  startedOn: isoDate,
});
export const careCaseBody = z.strictObject({
  personId: uuid,
  group: careGroup,
  level: z.number({ error: '请选择服务星级' }).int().min(1).max(3),
  responsibleName: text(32, '联系人'),
  plan: optionalText(1000, '关爱措施').default(''),
  startedOn: isoDate,
});
export const updateCaseBody = z.strictObject({
  attention: attention.optional(),
  level: z.number().int().min(1).max(3).optional(),
  details: detailsInput.optional(),
  responsibleName: text(32, '包联人').optional(),
  plan: optionalText(1000, '措施').optional(),
  visitEveryDays: z.number().int().min(1).max(365).optional(),
});
export const endCaseBody = z.strictObject({ endedOn: isoDate, reason: text(64, '结束原因') });
export const visitBody = z.strictObject({
  visitedOn: isoDate,
  findings: text(1000, '走访情况'),
  help: optionalText(500, '帮扶内容').default(''),
});
export const visitRow = z.object({
  id: z.string(),
  visitedOn: z.string(),
  visitorName: z.string(),
  findings: z.string(),
  help: z.string(),
});
export const caseDetail = caseRow.extend({ visits: z.array(visitRow) });

// ── statistics ──
export const statsQuery = z.strictObject({ placeId: uuid.optional() });
export const registryStats = z.object({
  houses: z.number().int(),
  households: z.number().int(),
  people: z.number().int(),
  housesByUse: z.record(z.string(), z.number().int()),
  peopleByType: z.record(z.string(), z.number().int()),
  rentedHouses: z.number().int(),
  activeTenancies: z.number().int(),
  tenanciesEnding: z.number().int(),
  floating: z.number().int(),
  floatingRegistered: z.number().int(),
  /** 列管率, 0–1; null when there are no floating people. */
  registrationRate: z.number().nullable(),
  /** Present only for callers who may see special groups. */
  special: z.record(z.string(), z.number().int()).optional(),
  care: z.record(z.string(), z.number().int()),
  overdueVisits: z.number().int(),
  /** Per child place, for the ranking chart. */
  children: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      people: z.number().int(),
      floating: z.number().int(),
      floatingRegistered: z.number().int(),
      registrationRate: z.number().nullable(),
    }),
  ),
});
export type RegistryStats = z.infer<typeof registryStats>;

// ── import / export ──
export const IMPORT_KIND_LABELS = { houses: '房屋', people: '人口', tenancies: '出租登记' } as const;
export const importKind = z.enum(['houses', 'people', 'tenancies'], { error: '请选择导入类型' });
export const importQuery = z.strictObject({
  kind: importKind,
  placeId: uuid,
  mode: z.enum(['all', 'valid']).default('all'),
  fileName: optionalText(120, '文件名').default('导入.xlsx'),
});
export const importError = z.object({ row: z.number().int(), column: z.string(), message: z.string() });
export const importStatus = z.object({
  id: z.string(),
  kind: importKind,
  mode: z.enum(['all', 'valid']),
  placeName: z.string(),
  fileName: z.string(),
  status: z.enum(['reading', 'writing', 'done', 'rejected', 'failed']),
  message: z.string(),
  rowsRead: z.number().int(),
  rowsTotal: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  skipped: z.number().int(),
  errorCount: z.number().int(),
  errors: z.array(importError),
  hasReport: z.boolean(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type ImportStatus = z.infer<typeof importStatus>;
export const importList = z.object({ items: z.array(importStatus.omit({ errors: true })) });
export const importListQuery = z.strictObject({ placeId: uuid.optional() });

export const EXPORT_LISTS = ['people', 'houses', 'tenancies'] as const;
export const exportBody = z
  .strictObject({
    filters: z.record(z.string(), z.string().max(64)).default({}),
    sensitive: z.boolean().default(false),
    reason: optionalText(200, '导出原因').optional(),
  })
  .refine((b) => !b.sensitive || (b.reason?.length ?? 0) > 0, {
    error: '导出含敏感信息的名单必须填写原因',
    path: ['reason'],
  });
