// The three import tables and their columns. A column's parse sees the values parsed so far in its
// row, so 证件号码 is read according to the row's 证件类型 (which comes first).

import {
  GENDERS,
  type Gender,
  HOUSE_USES,
  type HouseUse,
  ID_TYPES,
  type IdType,
  POPULATION_TYPES,
  type PopulationType,
  RELATIONS,
  type Relation,
  TENANCY_PURPOSES,
  type TenancyPurpose,
} from '../../../../shared/registry.js';
import { makeCitizenId } from '../../../platform/pii/citizen-id.js';
import {
  type CellResult,
  type IdNumber,
  parseAnyIdNumber,
  parseBuildingNo,
  parseDate,
  parseDecimal,
  parseGender,
  parseHouseNo,
  parseHouseUse,
  parseIdNumber,
  parseIdType,
  parseInteger,
  parseMobile,
  parseName,
  parsePopulationType,
  parseRelation,
  parseTags,
  parseTenancyPurpose,
  parseText,
  parseUnitNo,
} from './cells.js';

export const IMPORT_KINDS = ['houses', 'people', 'tenancies'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export interface ColumnDef {
  key: string;
  /** Header in the template. */
  label: string;
  required: boolean;
  /** Other headers people use for the same column. */
  aliases: readonly string[];
  parse: (cell: unknown, row: Readonly<Record<string, unknown>>) => CellResult<unknown>;
  /** Example row of the template; the reader skips a row that still equals it. */
  example: string;
  note?: string;
  /** Drop-down choices in the template. */
  options?: readonly string[];
  /** Keep as text in Excel (ID and phone numbers). */
  text?: boolean;
  width?: number;
}

export interface HouseValues {
  building: string;
  unit: string;
  floor: number;
  number: string;
  /** m², exact decimal text with two places. */
  area: string | null;
  /** Empty: the service decides. */
  use: HouseUse | null;
  tags: string[];
  note: string | null;
}

export interface PersonValues {
  name: string;
  idType: IdType;
  idNumber: string | null;
  /** From the cell, or read from the 居民身份证 number when the cell is empty. */
  gender: Gender | null;
  birthDate: string | null;
  phone: string | null;
  ethnicity: string | null;
  hukouAddress: string | null;
  populationType: PopulationType;
  building: string | null;
  unit: string | null;
  number: string | null;
  relation: Relation | null;
  moveIn: string | null;
  tags: string[];
}

export interface TenancyValues {
  building: string;
  unit: string;
  number: string;
  landlordName: string;
  landlordIdType: IdType | null;
  landlordIdNumber: string | null;
  tenantName: string;
  tenantIdType: IdType | null;
  tenantIdNumber: string | null;
  tenantPhone: string | null;
  start: string;
  end: string;
  purpose: TenancyPurpose | null;
}

export interface ImportValues {
  houses: HouseValues;
  people: PersonValues;
  tenancies: TenancyValues;
}

export interface RowIssue {
  key: string;
  message: string;
}

export interface KindSpec {
  kind: ImportKind;
  /** 房屋 / 人口 / 租赁, for sheet names and messages. */
  title: string;
  columns: readonly ColumnDef[];
  /** Rules across cells; may fill or rewrite `values`. Keys in `failed` already have an error. */
  check?: (
    values: Record<string, unknown>,
    failed: ReadonlySet<string>,
  ) => { errors: RowIssue[]; warnings: RowIssue[] };
}

const text = (max: number) => (v: unknown) => parseText(v, { max });
const tags = (v: unknown) => {
  const r = parseTags(v);
  return r.ok && r.value === null ? { ok: true as const, value: [] } : r;
};
const idNumberOnly = (r: CellResult<IdNumber>): CellResult<string> =>
  r.ok ? { ok: true, value: r.value?.value ?? null } : r;
const choices = (labels: Record<string, string>) => Object.values(labels);

// GB 11643's own published example, and one more built the same way: no real person's number.
const EXAMPLE_ID = '11010519491231002X';
const EXAMPLE_ID_2 = makeCitizenId('110105', '1990-05-01', 21);
const EXAMPLE_PHONE = '13800138000';
const DATE_NOTE = '如 2019-03-05，也可写 2019/3/5、2019.3.5、2019年3月5日';
const TEXT_NOTE = '请保持本列为“文本”格式，否则 Excel 会把长数字改成科学计数法并丢掉末几位';

const building = (required: boolean): ColumnDef => ({
  key: 'building',
  label: '楼栋',
  required,
  aliases: ['楼栋号', '楼号', '栋号', '幢号', '楼幢'],
  parse: parseBuildingNo,
  example: '3',
  note: '如 3、3栋、3号楼，都记为 3',
  width: 8,
});
const unit = (required: boolean): ColumnDef => ({
  key: 'unit',
  label: '单元',
  required,
  aliases: ['单元号'],
  parse: parseUnitNo,
  example: '2',
  note: '如 2、2单元，都记为 2',
  width: 8,
});
const houseNumber = (required: boolean): ColumnDef => ({
  key: 'number',
  label: '房号',
  required,
  aliases: ['门牌号', '室号', '房间号', '户号'],
  parse: parseHouseNo,
  example: '501',
  note: '如 501、501室',
  width: 8,
});

const HOUSES: KindSpec = {
  kind: 'houses',
  title: '房屋',
  columns: [
    building(true),
    unit(true),
    {
      key: 'floor',
      label: '楼层',
      required: true,
      aliases: ['所在楼层', '层'],
      parse: (v) => parseInteger(v, { min: -10, max: 200 }),
      example: '5',
      note: '整数；地下层填负数，如 -1（也可写 B1）',
      width: 8,
    },
    houseNumber(true),
    {
      key: 'area',
      label: '专有面积(m²)',
      required: false,
      aliases: ['专有面积', '建筑面积', '面积', '套内面积', '房屋面积'],
      parse: (v) => parseDecimal(v, { scale: 2, min: 0.01, max: 100_000 }),
      example: '89.50',
      note: '平方米，最多两位小数，如 89.5',
      width: 14,
    },
    {
      key: 'use',
      label: '用途',
      required: false,
      aliases: ['房屋用途', '使用情况', '房屋状态'],
      parse: parseHouseUse,
      example: HOUSE_USES.self,
      note: `可填：${choices(HOUSE_USES).join('、')}`,
      options: choices(HOUSE_USES),
      width: 10,
    },
    {
      key: 'tags',
      label: '标签',
      required: false,
      aliases: [],
      parse: tags,
      example: '',
      note: '多个标签用顿号或逗号分开，最多 10 个',
      width: 16,
    },
    {
      key: 'note',
      label: '备注',
      required: false,
      aliases: ['说明'],
      parse: text(500),
      example: '',
      width: 24,
    },
  ],
};

const PEOPLE: KindSpec = {
  kind: 'people',
  title: '人口',
  columns: [
    {
      key: 'name',
      label: '姓名',
      required: true,
      aliases: ['名字'],
      parse: parseName,
      example: '张三',
      width: 10,
    },
    {
      key: 'idType',
      label: '证件类型',
      required: false,
      aliases: [],
      parse: (v) => {
        const r = parseIdType(v);
        return r.ok && r.value === null ? { ok: true, value: 'resident_id' } : r;
      },
      example: ID_TYPES.resident_id,
      note: `不填即为居民身份证；可填：${choices(ID_TYPES).join('、')}`,
      options: choices(ID_TYPES),
      width: 16,
    },
    {
      key: 'idNumber',
      label: '证件号码',
      required: false,
      aliases: ['身份证号', '身份证号码', '公民身份号码', '身份证', '证件号'],
      // An unreadable 证件类型 leaves the type unknown: check only the shape, so one mistake is one error.
      parse: (v, row) =>
        typeof row.idType === 'string' ? parseIdNumber(v, row.idType as IdType) : parseIdNumber(v, 'other'),
      example: EXAMPLE_ID,
      note: `居民身份证 18 位，末位可为 X；15 位旧号码会自动转为 18 位。${TEXT_NOTE}`,
      text: true,
      width: 22,
    },
    {
      key: 'gender',
      label: '性别',
      required: false,
      aliases: [],
      parse: parseGender,
      example: GENDERS.female,
      note: '不填则按身份证号码判断',
      options: choices(GENDERS),
      width: 6,
    },
    {
      key: 'birthDate',
      label: '出生日期',
      required: false,
      aliases: ['出生年月日', '生日'],
      parse: (v) => parseDate(v),
      example: '1949-12-31',
      note: `不填则按身份证号码判断；${DATE_NOTE}`,
      width: 12,
    },
    {
      key: 'phone',
      label: '手机号码',
      required: false,
      aliases: ['手机号', '联系电话', '电话', '手机', '联系方式'],
      parse: parseMobile,
      example: EXAMPLE_PHONE,
      note: '11 位手机号',
      text: true,
      width: 14,
    },
    {
      key: 'ethnicity',
      label: '民族',
      required: false,
      aliases: [],
      parse: text(16),
      example: '汉族',
      width: 8,
    },
    {
      key: 'hukouAddress',
      label: '户籍地址',
      required: false,
      aliases: ['户籍地', '户口所在地', '户籍所在地', '户籍地详址'],
      parse: text(200),
      example: '北京市朝阳区建国路1号',
      width: 28,
    },
    {
      key: 'populationType',
      label: '人口类型',
      required: true,
      aliases: ['实有人口类型', '人员类型', '人口类别'],
      parse: parsePopulationType,
      example: POPULATION_TYPES.registered,
      note: `可填：${choices(POPULATION_TYPES).join('、')}`,
      options: choices(POPULATION_TYPES),
      width: 10,
    },
    { ...building(false), note: '楼栋、单元、房号要么都填，要么都不填' },
    unit(false),
    houseNumber(false),
    {
      key: 'relation',
      label: '与户主关系',
      required: false,
      aliases: ['关系', '与户主的关系'],
      parse: parseRelation,
      example: RELATIONS.head,
      note: `可填：${choices(RELATIONS).join('、')}；也可写 妻、儿子、母亲 等`,
      options: choices(RELATIONS),
      width: 12,
    },
    {
      key: 'moveIn',
      label: '入住日期',
      required: false,
      aliases: ['入住时间', '居住日期', '居住时间'],
      parse: (v) => parseDate(v),
      example: '2019-03-05',
      note: DATE_NOTE,
      width: 12,
    },
    {
      key: 'tags',
      label: '标签',
      required: false,
      aliases: [],
      parse: tags,
      example: '',
      note: '多个标签用顿号或逗号分开，最多 10 个',
      width: 16,
    },
  ],
  check(values, failed) {
    const errors: RowIssue[] = [];
    const warnings: RowIssue[] = [];
    const id = values.idNumber as IdNumber | null;
    values.idNumber = id?.value ?? null;
    if (id?.converted) warnings.push({ key: 'idNumber', message: `15 位旧号码已转为 18 位：${id.value}` });
    if (id?.birthDate && !failed.has('birthDate')) {
      if (values.birthDate === null) values.birthDate = id.birthDate;
      else if (values.birthDate !== id.birthDate) {
        errors.push({ key: 'birthDate', message: `与身份证号码中的出生日期（${id.birthDate}）不一致` });
      }
    }
    if (id?.gender && !failed.has('gender')) {
      if (values.gender === null) values.gender = id.gender;
      else if (values.gender !== id.gender) {
        errors.push({ key: 'gender', message: `与身份证号码中的性别（${GENDERS[id.gender]}）不一致` });
      }
    }
    const place = ['building', 'unit', 'number'] as const;
    if (place.some((k) => values[k] !== null || failed.has(k))) {
      for (const k of place) {
        if (values[k] === null && !failed.has(k)) {
          errors.push({ key: k, message: '填写了房屋时，楼栋、单元、房号都要填写' });
        }
      }
    }
    return { errors, warnings };
  },
};

// Landlord and tenant have no 证件类型 column: the shape of the number tells (see parseAnyIdNumber).
const anyId = (typeKey: string) => (v: unknown, row: Readonly<Record<string, unknown>>) => {
  const r = parseAnyIdNumber(v);
  (row as Record<string, unknown>)[typeKey] = r.ok && r.value ? r.value.idType : null;
  return idNumberOnly(r);
};

const TENANCIES: KindSpec = {
  kind: 'tenancies',
  title: '租赁',
  columns: [
    building(true),
    unit(true),
    houseNumber(true),
    {
      key: 'landlordName',
      label: '出租人姓名',
      required: true,
      aliases: ['出租人', '房东', '房东姓名', '业主姓名'],
      parse: parseName,
      example: '张三',
      width: 10,
    },
    {
      key: 'landlordIdNumber',
      label: '出租人证件号码',
      required: false,
      aliases: ['出租人身份证号', '出租人身份证号码', '房东身份证号', '房东身份证号码'],
      parse: anyId('landlordIdType'),
      example: EXAMPLE_ID,
      note: `居民身份证或护照等证件号码。${TEXT_NOTE}`,
      text: true,
      width: 22,
    },
    {
      key: 'tenantName',
      label: '承租人姓名',
      required: true,
      aliases: ['承租人', '租户', '租户姓名', '租客姓名'],
      parse: parseName,
      example: '李四',
      note: '一行一位承租人；同一套房、同一出租人、同一起止日期的多行算作一份租约',
      width: 10,
    },
    {
      key: 'tenantIdNumber',
      label: '承租人证件号码',
      required: false,
      aliases: ['承租人身份证号', '承租人身份证号码', '租户身份证号', '租户身份证号码'],
      parse: anyId('tenantIdType'),
      example: EXAMPLE_ID_2,
      note: `居民身份证或护照等证件号码。${TEXT_NOTE}`,
      text: true,
      width: 22,
    },
    {
      key: 'tenantPhone',
      label: '承租人手机号码',
      required: false,
      aliases: ['承租人手机号', '承租人电话', '承租人联系电话', '租户电话', '租户手机号'],
      parse: parseMobile,
      example: EXAMPLE_PHONE,
      text: true,
      width: 14,
    },
    {
      key: 'start',
      label: '起租日期',
      required: true,
      aliases: ['租赁开始日期', '起租时间', '开始日期'],
      parse: (v) => parseDate(v),
      example: '2024-03-01',
      note: DATE_NOTE,
      width: 12,
    },
    {
      key: 'end',
      label: '到期日期',
      required: true,
      aliases: ['租赁结束日期', '到期时间', '结束日期', '止租日期'],
      parse: (v) => parseDate(v),
      example: '2025-02-28',
      note: '不能早于起租日期',
      width: 12,
    },
    {
      key: 'purpose',
      label: '租赁用途',
      required: false,
      aliases: ['用途', '出租用途'],
      parse: parseTenancyPurpose,
      example: TENANCY_PURPOSES.living,
      note: `可填：${choices(TENANCY_PURPOSES).join('、')}`,
      options: choices(TENANCY_PURPOSES),
      width: 10,
    },
  ],
  check(values) {
    const errors: RowIssue[] = [];
    if (typeof values.start === 'string' && typeof values.end === 'string' && values.end < values.start) {
      errors.push({ key: 'end', message: `到期日期早于起租日期（${values.start}）` });
    }
    return { errors, warnings: [] };
  },
};

export const KINDS: Readonly<Record<ImportKind, KindSpec>> = {
  houses: HOUSES,
  people: PEOPLE,
  tenancies: TENANCIES,
};

export function columnsOf(kind: ImportKind): readonly ColumnDef[] {
  return KINDS[kind].columns;
}

/** Rows of one tenancy share house, landlord and dates; one row per tenant. */
export function tenancyGroupKey(v: TenancyValues): string {
  const landlord = v.landlordIdNumber ?? `name:${v.landlordName}`;
  return [v.building, v.unit, v.number, landlord, v.start, v.end].join('|');
}

export interface ParsedValues {
  values: Record<string, unknown>;
  errors: RowIssue[];
  warnings: RowIssue[];
}

/** Parse one row given its cells by column key (absent columns are empty). */
export function parseRowValues(kind: ImportKind, cells: Readonly<Record<string, unknown>>): ParsedValues {
  const spec = KINDS[kind];
  const values: Record<string, unknown> = {};
  const errors: RowIssue[] = [];
  const failed = new Set<string>();
  for (const col of spec.columns) {
    const r = col.parse(cells[col.key], values);
    if (!r.ok) {
      values[col.key] = null;
      failed.add(col.key);
      errors.push({ key: col.key, message: r.message });
    } else if (r.value === null && col.required) {
      values[col.key] = null;
      failed.add(col.key);
      errors.push({ key: col.key, message: '必填，不能为空' });
    } else {
      values[col.key] = r.value;
    }
  }
  const extra = spec.check?.(values, failed) ?? { errors: [], warnings: [] };
  return { values, errors: [...errors, ...extra.errors], warnings: extra.warnings };
}
