// Normalisers for single spreadsheet cells. Input is whatever exceljs puts in `cell.value`; every
// function answers with a result instead of throwing, so a bad cell becomes a message on that cell.

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
import { validateCitizenId } from '../../../platform/pii/citizen-id.js';
import { validateMobile } from '../../../platform/pii/phone.js';

/** `value: null` means the cell was empty. */
export type CellResult<T> = { ok: true; value: T | null } | { ok: false; message: string };

const ok = <T>(value: T | null): CellResult<T> => ({ ok: true, value });
const fail = <T = never>(message: string): CellResult<T> => ({ ok: false, message });

type Plain = string | number | boolean | Date;

/** Unwrap rich text, formulas and hyperlinks to one plain value; error cells fail. */
function plain(v: unknown): CellResult<Plain> {
  if (v === null || v === undefined) return ok(null);
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) {
    return ok(v);
  }
  if (typeof v !== 'object') return fail('无法识别的单元格内容');
  const o = v as Record<string, unknown>;
  if (Array.isArray(o.richText)) {
    return ok(
      o.richText.map((r: { text?: unknown }) => (typeof r?.text === 'string' ? r.text : '')).join(''),
    );
  }
  if ('error' in o) return fail(`单元格是错误值 ${String(o.error)}，请修正公式或直接填写内容`);
  if ('formula' in o || 'sharedFormula' in o) {
    if (o.result === undefined || o.result === null) {
      return fail('单元格是没有计算结果的公式，请复制后“选择性粘贴 → 数值”再导入');
    }
    return plain(o.result);
  }
  if ('text' in o) return plain(o.text);
  return fail('无法识别的单元格内容');
}

const HAN = /\p{Script=Han}/u;
const LINE_BREAKS = /[ \t]*(?:\r\n|[\r\n\u2028\u2029\u0085])+[ \t]*/g;
const ZERO_WIDTH = /\u200B|\u200C|\u200D|\u2060|\uFEFF|\u00AD/g;
const ODD_SPACES = /[\t\v\f\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/g;

// Nearly every cell is already clean; this test is much cheaper than the five replacements.
const CLEAN = /^[^\s\u00AD\u200B\u200C\u2060\uFF01-\uFF5E]+$/;

/** Full-width ASCII to half-width, odd spaces to plain ones, line breaks and zero-width chars out. */
export function normaliseText(s: string): string {
  if (CLEAN.test(s) && !s.includes('\u200D')) return s;
  return (
    s
      .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
      .replace(ZERO_WIDTH, '')
      // A line break inside Chinese text is layout (Alt+Enter in a narrow column), not a word gap.
      .replace(LINE_BREAKS, (m, at: number, all: string) =>
        HAN.test(all[at - 1] ?? '') || HAN.test(all[at + m.length] ?? '') ? '' : ' ',
      )
      .replace(ODD_SPACES, ' ')
      .replace(/ {2,}/g, ' ')
      .trim()
  );
}

/** Drop spaces between Chinese characters: 张 三 → 张三; Latin names keep theirs. */
export function compactHan(s: string): string {
  return s.replace(/(?<=\p{Script=Han}) +(?=\p{Script=Han})/gu, '');
}

/** A number as the text a person typed: no float artefacts such as 89.49999999999999. */
export function numberText(n: number): string {
  if (Number.isInteger(n)) return Number.isSafeInteger(n) ? String(n) : n.toFixed(0);
  return String(Number(n.toPrecision(15)));
}

/** YYYY-MM-DD of a Date read as a UTC calendar date (exceljs builds dates in UTC). */
export function utcDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** Any cell as trimmed, normalised text; empty text is an empty cell. */
export function cellText(v: unknown): CellResult<string> {
  const p = plain(v);
  if (!p.ok || p.value === null) return p as CellResult<string>;
  const x = p.value;
  let text: string;
  if (typeof x === 'string') text = normaliseText(x);
  else if (typeof x === 'number') text = numberText(x);
  else if (typeof x === 'boolean') text = x ? 'TRUE' : 'FALSE';
  else if (Number.isNaN(x.getTime())) return fail('日期无效');
  else text = utcDate(x);
  return ok(text === '' ? null : text);
}

/** Text with a length bound; Chinese runs lose stray inner spaces. */
export function parseText(v: unknown, opts: { max: number; min?: number }): CellResult<string> {
  const t = cellText(v);
  if (!t.ok || t.value === null) return t;
  const s = compactHan(t.value);
  const len = [...s].length;
  if (len > opts.max) return fail(`内容过长，最多 ${opts.max} 个字`);
  if (opts.min !== undefined && len < opts.min) return fail(`内容过短，至少 ${opts.min} 个字`);
  return ok(s);
}

/** 姓名: 1–32 chars, no digits; dots of minority names (买买提·艾力) unified to U+00B7. */
export function parseName(v: unknown): CellResult<string> {
  const t = parseText(v, { max: 32 });
  if (!t.ok || t.value === null) return t;
  const s = t.value.replace(/(?<=\p{Script=Han})\s*[.•・‧∙▪·]\s*(?=\p{Script=Han})/gu, '·');
  if (/\d/.test(s)) return fail('姓名中不应有数字');
  return ok(s);
}

// ---------------------------------------------------------------------------------------------
// 证件号码

export interface IdNumber {
  value: string;
  /** A 15-digit 居民身份证 number was converted to 18 digits. */
  converted: boolean;
  /** Read from a 居民身份证 number. */
  birthDate?: string;
  gender?: Gender;
}

const ID_AS_NUMBER = '身份证号被 Excel 存成了数字，末几位已丢失，请把该列设为“文本”后重新填写';
const ID_AS_SCIENTIFIC =
  '身份证号被 Excel 显示成了科学计数法（如 5.00222E+17），末几位已丢失，请把该列设为“文本”后重新填写';

/** Citizen numbers are validated; other document numbers are cleaned text of 3–32 chars. */
export function parseIdNumber(v: unknown, idType: IdType = 'resident_id'): CellResult<IdNumber> {
  const p = plain(v);
  if (!p.ok || p.value === null) return p as CellResult<IdNumber>;
  let raw: string;
  if (typeof p.value === 'number') {
    // Beyond 2^53 the trailing digits are gone (Excel keeps 15 significant digits): never guess them.
    if (!Number.isSafeInteger(p.value))
      return fail(
        idType === 'resident_id' ? ID_AS_NUMBER : '证件号码的末几位已丢失，请把该列设为“文本”后重新填写',
      );
    raw = String(p.value);
  } else {
    const t = cellText(p.value);
    if (!t.ok || t.value === null) return t as CellResult<IdNumber>;
    // A leading quote is the "store as text" trick copied over from another sheet.
    raw = t.value.replace(/\s/g, '').replace(/^['‘’`]+/, '');
    if (raw === '') return ok(null);
  }
  if (idType !== 'resident_id') {
    const s = raw.toUpperCase();
    if (!/^[A-Z0-9()-]{3,32}$/.test(s)) return fail('证件号码应为 3–32 位字母或数字');
    return ok({ value: s, converted: false });
  }
  if (/^\d+(?:\.\d+)?E\+?\d+$/i.test(raw)) return fail(ID_AS_SCIENTIFIC);
  const r = validateCitizenId(raw.toUpperCase());
  if (!r.ok) return fail(r.message);
  return ok({ value: r.value, converted: r.converted, birthDate: r.birthDate, gender: r.gender });
}

/**
 * A number in a table with no 证件类型 column: digits (with a trailing X) are checked as a
 * 居民身份证; anything else with letters is taken as another document (passport, 通行证).
 */
export function parseAnyIdNumber(v: unknown): CellResult<IdNumber & { idType: IdType }> {
  let idType: IdType = 'resident_id';
  if (typeof v !== 'number') {
    const t = cellText(v);
    if (!t.ok || t.value === null) return t as CellResult<never>;
    const s = t.value.replace(/\s/g, '');
    if (!/^\d+(?:\.\d+)?E\+?\d+$/i.test(s) && /[A-Z]/i.test(s.replace(/X$/i, ''))) idType = 'other';
  }
  const r = parseIdNumber(v, idType);
  return r.ok && r.value ? ok({ ...r.value, idType }) : (r as CellResult<never>);
}

export function parseMobile(v: unknown): CellResult<string> {
  const t = typeof v === 'number' && Number.isSafeInteger(v) ? ok(String(v)) : cellText(v);
  if (!t.ok || t.value === null) return t;
  const r = validateMobile(t.value);
  return r.ok ? ok(r.value) : fail(r.message);
}

// ---------------------------------------------------------------------------------------------
// 日期

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function ymd(y: number, m: number, d: number): CellResult<string> {
  const text = `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return fail(`日期不存在：${text}`);
  return ok(text);
}

/** Excel 1900 serial → YYYY-MM-DD. Excel counts a 29 Feb 1900 (serial 60) that never was. */
export function excelSerialToDate(serial: number): CellResult<string> {
  const day = Math.floor(serial);
  if (day < 1 || day > 2958465) return fail(`无法把数字 ${numberText(serial)} 识别为日期`);
  if (day === 60) return fail('日期不存在：1900-02-29');
  const epoch = day < 60 ? Date.UTC(1899, 11, 31) : Date.UTC(1899, 11, 30);
  return ok(utcDate(new Date(epoch + day * 86_400_000)));
}

const DATE_TEXT =
  /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$/;

export interface DateBounds {
  /** Earliest accepted date, YYYY-MM-DD. Defaults to 1900-01-01. */
  min?: string;
  /** Latest accepted date, YYYY-MM-DD. Defaults to 2100-12-31. */
  max?: string;
}

/** Date cells, Excel serials, 2019-03-05, 2019/3/5, 2019.3.5, 2019年3月5日 and 20190305 → YYYY-MM-DD. */
export function parseDate(v: unknown, bounds: DateBounds = {}): CellResult<string> {
  const p = plain(v);
  if (!p.ok || p.value === null) return p as CellResult<string>;
  const x = p.value;
  let r: CellResult<string>;
  if (x instanceof Date) {
    r = Number.isNaN(x.getTime()) ? fail('日期无效') : ok(utcDate(x));
  } else if (typeof x === 'number') {
    // 20190305 typed into a number cell; serials stop at 2958465 (9999-12-31), so no overlap.
    r =
      Number.isInteger(x) && x >= 10_000_000 && x <= 99_999_999
        ? compactDate(String(x))
        : excelSerialToDate(x);
  } else if (typeof x === 'boolean') {
    r = fail('请填写日期，如 2019-03-05');
  } else {
    const t = cellText(x);
    if (!t.ok || t.value === null) return t;
    const m = DATE_TEXT.exec(t.value);
    if (m) r = ymd(Number(m[1]), Number(m[2]), Number(m[3]));
    else if (/^\d{8}$/.test(t.value)) r = compactDate(t.value);
    else r = fail(`无法识别的日期“${t.value}”，请填写如 2019-03-05 的日期`);
  }
  return r.ok && r.value !== null ? checkDateBounds(r.value, bounds) : r;
}

function compactDate(s: string): CellResult<string> {
  return ymd(Number(s.slice(0, 4)), Number(s.slice(4, 6)), Number(s.slice(6, 8)));
}

/** Reject dates outside a plausible range (1900–2100 unless told otherwise). */
export function checkDateBounds(date: string, bounds: DateBounds = {}): CellResult<string> {
  const min = bounds.min ?? '1900-01-01';
  const max = bounds.max ?? '2100-12-31';
  if (date < min) return fail(`日期 ${date} 早于 ${min}，请检查`);
  if (date > max) return fail(`日期 ${date} 晚于 ${max}，请检查`);
  return ok(date);
}

// ---------------------------------------------------------------------------------------------
// 数字

const MINUS = /[−–—﹣]/g;
const AREA_UNIT = /\s*(?:㎡|m²|m2|平方米|平米|平方|平)$/i;

/**
 * Exact decimal text with `scale` places, rounded half up ('89.5㎡' → '89.50'). Floor area is a
 * numeric column, so no float ever carries it.
 */
export function parseDecimal(
  v: unknown,
  opts: { scale?: number; min?: number; max?: number } = {},
): CellResult<string> {
  const scale = opts.scale ?? 2;
  const t = cellText(v);
  if (!t.ok || t.value === null) return t;
  let s = t.value.replace(MINUS, '-').replace(AREA_UNIT, '');
  if (/^-?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/.test(s)) s = s.replace(/,/g, '');
  const m = /^(-?)(\d*)(?:\.(\d*))?$/.exec(s);
  if (!m || (m[2] === '' && !m[3])) return fail(`请填写数字，如 ${(89.5).toFixed(scale)}`);
  const frac = (m[3] ?? '').padEnd(scale + 1, '0');
  let units = BigInt((m[2] || '0') + frac.slice(0, scale));
  if (Number(frac[scale]) >= 5) units += 1n;
  const digits = units.toString().padStart(scale + 1, '0');
  const abs = scale > 0 ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits;
  const value = m[1] && units !== 0n ? `-${abs}` : abs;
  const n = Number(value);
  if (opts.min !== undefined && n < opts.min) return fail(`数值不能小于 ${opts.min}`);
  if (opts.max !== undefined && n > opts.max) return fail(`数值不能大于 ${opts.max}`);
  return ok(value);
}

/** Whole numbers; floors also as 5层, 5F, -1, 负1, B1, 地下1层 (basements are negative). */
export function parseInteger(v: unknown, opts: { min?: number; max?: number } = {}): CellResult<number> {
  const t = cellText(v);
  if (!t.ok || t.value === null) return t as CellResult<number>;
  const s = t.value.replace(MINUS, '-').replace(/\s/g, '');
  const m =
    /^(?:第)?([+-]?\d+)(?:\.0+)?(?:层|楼|F)?$/i.exec(s) ??
    /^(?:B|负|地下|-)(\d+)(?:层|楼|F)?$/i.exec(s)?.map((g, i) => (i === 1 ? `-${g}` : g)) ??
    null;
  if (!m) return fail(`请填写整数${opts.min !== undefined && opts.min < 0 ? '（地下层填负数，如 -1）' : ''}`);
  const n = Number(m[1]);
  if (opts.min !== undefined && n < opts.min) return fail(`不能小于 ${opts.min}`);
  if (opts.max !== undefined && n > opts.max) return fail(`不能大于 ${opts.max}`);
  return ok(n);
}

// ---------------------------------------------------------------------------------------------
// 代码表

const enumKey = (s: string) => s.replace(/\s/g, '').toLowerCase();

/** A parser for one code list: label, code or synonym; spaces and letter case do not matter. */
export function enumParser<C extends string>(
  labels: Readonly<Record<C, string>>,
  synonyms: Readonly<Record<string, C>> = {},
): (v: unknown) => CellResult<C> {
  const lookup = new Map<string, C>();
  for (const [word, code] of Object.entries(synonyms)) lookup.set(enumKey(word), code);
  for (const [code, label] of Object.entries(labels) as [C, string][]) {
    lookup.set(enumKey(code), code);
    lookup.set(enumKey(label), code);
  }
  const choices = Object.values<string>(labels).join('、');
  return (v) => {
    const t = cellText(v);
    if (!t.ok || t.value === null) return t as CellResult<C>;
    const code = lookup.get(enumKey(t.value));
    return code ? ok(code) : fail(`“${t.value}”不是可选的值，可填：${choices}`);
  };
}

export function parseEnum<C extends string>(
  v: unknown,
  labels: Readonly<Record<C, string>>,
  synonyms?: Readonly<Record<string, C>>,
): CellResult<C> {
  return enumParser(labels, synonyms)(v);
}

const synonyms = <C extends string>(groups: Record<C, string[]>) => {
  const out: Record<string, C> = {};
  for (const [code, words] of Object.entries(groups) as [C, string[]][]) for (const w of words) out[w] = code;
  return out;
};

export const GENDER_SYNONYMS = synonyms<Gender>({
  male: ['男性', 'M', '男士'],
  female: ['女性', 'F', '女士'],
});
export const POPULATION_TYPE_SYNONYMS = synonyms<PopulationType>({
  registered: ['户籍人口', '户籍人员', '常住户籍', '本地'],
  floating: ['流动人口', '流动人员', '外来', '外来人口', '外来人员', '暂住', '暂住人口'],
  overseas: ['境外人员', '境外人口', '外籍', '外籍人员'],
  left_behind: ['留守人员', '留守人口'],
});
export const RELATION_SYNONYMS = synonyms<Relation>({
  head: ['本人', '户主本人'],
  spouse: ['妻', '夫', '妻子', '丈夫', '老婆', '老公', '爱人'],
  child: ['子', '女', '儿子', '女儿', '长子', '次子', '长女', '次女', '养子', '养女', '继子', '继女'],
  parent: ['父亲', '母亲', '父', '母', '爸爸', '妈妈'],
  relative: [
    ...['亲属', '孙子', '孙女', '外孙', '外孙子', '外孙女', '兄弟', '姐妹', '兄', '弟', '姐', '妹'],
    ...['哥哥', '弟弟', '姐姐', '妹妹', '祖父', '祖母', '祖父母', '外祖父', '外祖母', '外祖父母'],
    ...['儿媳', '女婿', '岳父', '岳母', '公公', '婆婆', '侄子', '侄女', '外甥', '外甥女'],
  ],
  tenant: ['承租人', '租客', '租住'],
  lodger: ['借住人员', '寄住'],
  other: ['其它', '保姆', '朋友'],
});
export const HOUSE_USE_SYNONYMS = synonyms<HouseUse>({
  self: ['自用', '居住'],
  rent: ['出租房', '租赁'],
  vacant: ['闲置', '空房'],
  commercial: ['商铺', '商业', '门面', '经营'],
  other: ['其它'],
});
export const ID_TYPE_SYNONYMS = synonyms<IdType>({
  resident_id: ['身份证', '二代身份证', '居民身份证号码', '身份证号'],
  residence_permit: ['居住证', '港澳居民居住证', '台湾居民居住证'],
  passport: ['外国护照', '中国护照'],
  other: ['其它'],
});
export const TENANCY_PURPOSE_SYNONYMS = synonyms<TenancyPurpose>({
  living: ['住宅', '自住', '住房'],
  business: ['商用', '办公', '商铺', '生产经营', '经营性'],
  other: ['其它'],
});

export const parseGender = enumParser(GENDERS, GENDER_SYNONYMS);
export const parsePopulationType = enumParser(POPULATION_TYPES, POPULATION_TYPE_SYNONYMS);
export const parseRelation = enumParser(RELATIONS, RELATION_SYNONYMS);
export const parseHouseUse = enumParser(HOUSE_USES, HOUSE_USE_SYNONYMS);
export const parseIdType = enumParser(ID_TYPES, ID_TYPE_SYNONYMS);
export const parseTenancyPurpose = enumParser(TENANCY_PURPOSES, TENANCY_PURPOSE_SYNONYMS);

// ---------------------------------------------------------------------------------------------
// 标签、楼栋、单元、房号

export function parseTags(v: unknown): CellResult<string[]> {
  const t = cellText(v);
  if (!t.ok || t.value === null) return t as CellResult<string[]>;
  const tags = [...new Set(t.value.split(/[，,、;；/\s]+/).filter((s) => s !== ''))];
  const long = tags.find((s) => [...s].length > 20);
  if (long) return fail(`标签“${long}”过长，每个标签最多 20 个字`);
  if (tags.length > 10) return fail('标签最多 10 个');
  return ok(tags.length > 0 ? tags : null);
}

/** Building, unit and house numbers: the words around the number go, letters are upper-cased. */
function parsePlace(v: unknown, affixes: RegExp, what: string): CellResult<string> {
  if (typeof v === 'number' && !Number.isInteger(v)) return fail(`${what}应为整数或字母数字编号`);
  const t = cellText(v);
  if (!t.ok || t.value === null) return t;
  let s = t.value.replace(/\s/g, '').replace(affixes, '').toUpperCase();
  if (/^\d+$/.test(s)) s = String(Number(s));
  if (s === '' || s.length > 16 || !/^[\p{Script=Han}A-Z0-9-]+$/u.test(s)) {
    return fail(`无法识别的${what}“${t.value}”`);
  }
  return ok(s);
}

// Words are only dropped next to a number or letter: 综合楼 stays 综合楼, 3号楼 becomes 3.
export const parseBuildingNo = (v: unknown) =>
  parsePlace(v, /^第(?=[0-9A-Z])|(?<=[0-9A-Z])(?:号楼|栋|幢|座|号|楼)$/gi, '楼栋号');
export const parseUnitNo = (v: unknown) => parsePlace(v, /^第(?=[0-9A-Z])|(?<=[0-9A-Z])单元$/gi, '单元号');

/** 房号 keeps leading zeros: some estates write 0501 and mean it. */
export function parseHouseNo(v: unknown): CellResult<string> {
  if (typeof v === 'number' && !Number.isInteger(v)) return fail('房号应为整数或字母数字编号');
  const t = cellText(v);
  if (!t.ok || t.value === null) return t;
  const s = t.value
    .replace(/\s/g, '')
    .replace(/(?<=[0-9A-Z])(?:室|号|房)$/i, '')
    .toUpperCase();
  if (s === '' || s.length > 16 || !/^[\p{Script=Han}A-Z0-9-]+$/u.test(s)) {
    return fail(`无法识别的房号“${t.value}”`);
  }
  return ok(s);
}
