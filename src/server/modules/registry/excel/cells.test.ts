import { describe, expect, it } from 'vitest';
import { makeCitizenId } from '../../../platform/pii/citizen-id.js';
import {
  cellText,
  excelSerialToDate,
  parseAnyIdNumber,
  parseBuildingNo,
  parseDate,
  parseDecimal,
  parseEnum,
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
  parseUnitNo,
} from './cells.js';

const ID = makeCitizenId('500222', '1990-01-01', 123); // male
const ID_X = '11010519491231002X'; // GB 11643's example, female

const value = <T>(r: { ok: true; value: T | null } | { ok: false; message: string }) => {
  if (!r.ok) throw new Error(`expected ok, got: ${r.message}`);
  return r.value;
};
const message = (r: { ok: boolean; message?: string }) => {
  expect(r.ok).toBe(false);
  return r.message;
};

describe('cellText', () => {
  it.each<[unknown, string | null]>([
    ['  张三  ', '张三'],
    ['１２３ＡＢｃ', '123ABc'],
    ['张\u3000三', '张 三'],
    ['a\u00A0\u00A0b', 'a b'],
    ['张\n三', '张三'],
    ['North\r\nRoad', 'North Road'],
    ['a\tb', 'a b'],
    ['a   b', 'a b'],
    ['张\u200B三\uFEFF', '张三'],
    ['   ', null],
    ['\u200B', null],
    [null, null],
    [undefined, null],
    [501, '501'],
    [89.49999999999999, '89.5'],
    [0.1 + 0.2, '0.3'],
    [true, 'TRUE'],
    [new Date(Date.UTC(2019, 2, 5)), '2019-03-05'],
    [{ richText: [{ text: '张' }, { text: '三 ' }] }, '张三'],
    [{ formula: 'A1&B1', result: '张三' }, '张三'],
    [{ sharedFormula: 'A1', result: 7 }, '7'],
    [{ text: '链接文字', hyperlink: 'https://example.org' }, '链接文字'],
  ])('%j → %j', (input, expected) => {
    expect(cellText(input)).toEqual({ ok: true, value: expected });
  });

  it('fails on error cells and formulas without a result', () => {
    expect(message(cellText({ error: '#N/A' }))).toContain('#N/A');
    expect(message(cellText({ formula: 'A1' }))).toMatch(/没有计算结果的公式/);
    expect(message(cellText({ formula: 'A1', result: { error: '#REF!' } }))).toContain('#REF!');
  });
});

describe('parseName', () => {
  it('drops stray spaces and line breaks inside Chinese names, keeps Latin ones', () => {
    expect(value(parseName(' 张 \n 三 '))).toBe('张三');
    expect(value(parseName('张　三'))).toBe('张三');
    expect(value(parseName('John  Smith'))).toBe('John Smith');
    expect(value(parseName('买买提.艾力'))).toBe('买买提·艾力');
    expect(message(parseName('张三1'))).toContain('数字');
    expect(message(parseName('张'.repeat(33)))).toContain('32');
  });
});

describe('parseIdNumber (居民身份证)', () => {
  it('accepts a valid number and reads birth date and gender', () => {
    expect(value(parseIdNumber(ID, 'resident_id'))).toEqual({
      value: ID,
      converted: false,
      birthDate: '1990-01-01',
      gender: 'male',
    });
  });

  it('accepts a lower-case x, full-width digits and inner spaces', () => {
    expect(value(parseIdNumber('11010519491231002x', 'resident_id'))?.value).toBe(ID_X);
    const fullWidth = ID.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
    expect(value(parseIdNumber(fullWidth, 'resident_id'))?.value).toBe(ID);
    expect(
      value(parseIdNumber(`${ID.slice(0, 6)} ${ID.slice(6, 14)}\u3000${ID.slice(14)}`, 'resident_id'))?.value,
    ).toBe(ID);
    expect(value(parseIdNumber(`'${ID}`, 'resident_id'))?.value).toBe(ID);
    expect(value(parseIdNumber(`${ID.slice(0, 9)}\n${ID.slice(9)}`, 'resident_id'))?.value).toBe(ID);
  });

  it('converts a 15-digit number and says so', () => {
    expect(value(parseIdNumber('110105491231002', 'resident_id'))).toEqual({
      value: ID_X,
      converted: true,
      birthDate: '1949-12-31',
      gender: 'female',
    });
  });

  it('never guesses the digits Excel dropped from a number cell', () => {
    // What Excel keeps of 500222199001011235 typed into a General cell.
    expect(message(parseIdNumber(500222199001011200, 'resident_id'))).toMatch(/存成了数字.*末几位已丢失/);
    expect(message(parseIdNumber(5.00222e17, 'resident_id'))).toMatch(/存成了数字/);
  });

  it('reads an exact 15-digit number cell (it fits in a double)', () => {
    expect(value(parseIdNumber(110105491231002, 'resident_id'))?.value).toBe(ID_X);
  });

  it.each(['5.00222E+17', '5.00222e17', '5.00222E17', '１.１０１０５Ｅ＋１７'])(
    'rejects scientific notation %s',
    (s) => {
      expect(message(parseIdNumber(s, 'resident_id'))).toMatch(/科学计数法.*末几位已丢失/);
    },
  );

  it("passes on the validator's message", () => {
    const bad = ID.slice(0, 17) + (ID[17] === '0' ? '1' : '0');
    expect(message(parseIdNumber(bad, 'resident_id'))).toBe('身份证号码校验位不正确');
    expect(message(parseIdNumber('50022219900230123X', 'resident_id'))).toBe('身份证号码中的出生日期不存在');
    expect(message(parseIdNumber('99022219900101123X', 'resident_id'))).toBe('身份证号码地区码不正确');
    expect(message(parseIdNumber('5002221990', 'resident_id'))).toMatch(/长度不正确/);
  });

  it('treats empty cells as empty', () => {
    expect(parseIdNumber('  ', 'resident_id')).toEqual({ ok: true, value: null });
    expect(parseIdNumber(null, 'resident_id')).toEqual({ ok: true, value: null });
  });
});

describe('parseIdNumber (other documents)', () => {
  it('cleans and upper-cases', () => {
    expect(value(parseIdNumber(' e1234 5678 ', 'passport'))?.value).toBe('E12345678');
    expect(value(parseIdNumber('H1234567(8)', 'residence_permit'))?.value).toBe('H1234567(8)');
    expect(message(parseIdNumber('E1', 'passport'))).toMatch(/3–32/);
    expect(message(parseIdNumber('E1234#', 'other'))).toMatch(/3–32/);
  });
});

describe('parseAnyIdNumber', () => {
  it('checks digits as a 居民身份证 and takes letters as another document', () => {
    expect(value(parseAnyIdNumber('11010519491231002x'))).toMatchObject({
      value: ID_X,
      idType: 'resident_id',
    });
    expect(value(parseAnyIdNumber('E12345678'))).toMatchObject({ value: 'E12345678', idType: 'other' });
    expect(message(parseAnyIdNumber('5.00222E+17'))).toMatch(/科学计数法/);
    expect(message(parseAnyIdNumber(500222199001011200))).toMatch(/存成了数字/);
    expect(message(parseAnyIdNumber('50022219900101123'))).toMatch(/长度不正确/);
  });
});

describe('parseMobile', () => {
  it.each<[unknown, string]>([
    ['13800138000', '13800138000'],
    [13800138000, '13800138000'],
    ['138 0013 8000', '13800138000'],
    ['+86 138-0013-8000', '13800138000'],
    ['１３８００１３８０００', '13800138000'],
  ])('%j → %s', (input, expected) => {
    expect(value(parseMobile(input))).toBe(expected);
  });

  it('rejects landlines and short numbers', () => {
    expect(message(parseMobile('010-12345678'))).toMatch(/11 位/);
    expect(message(parseMobile(1380013800))).toMatch(/11 位/);
  });
});

describe('parseDate', () => {
  it.each<[unknown, string]>([
    ['2019-03-05', '2019-03-05'],
    ['2019-3-5', '2019-03-05'],
    ['2019/03/05', '2019-03-05'],
    ['2019.3.5', '2019-03-05'],
    ['2019年3月5日', '2019-03-05'],
    ['2019 年 3 月 5 日', '2019-03-05'],
    ['20190305', '2019-03-05'],
    [20190305, '2019-03-05'],
    ['2019-03-05 00:00:00', '2019-03-05'],
    ['２０１９－０３－０５', '2019-03-05'],
    [new Date(Date.UTC(2019, 2, 5)), '2019-03-05'],
    [new Date(Date.UTC(2019, 2, 5, 23, 59)), '2019-03-05'],
    [43529, '2019-03-05'],
    [43529.75, '2019-03-05'],
    [1, '1900-01-01'],
    [59, '1900-02-28'],
    [61, '1900-03-01'],
    [2958465, '9999-12-31'],
  ])('%j → %s', (input, expected) => {
    expect(value(excelOrDate(input))).toBe(expected);
  });

  it('has no 29 Feb 1900 (serial 60 is an old Lotus bug)', () => {
    expect(message(excelSerialToDate(60))).toBe('日期不存在：1900-02-29');
  });

  it('rejects impossible and unreadable dates', () => {
    expect(message(parseDate('2019-02-30'))).toBe('日期不存在：2019-02-30');
    expect(message(parseDate('2019年13月1日'))).toBe('日期不存在：2019-13-01');
    expect(message(parseDate('20190230'))).toBe('日期不存在：2019-02-30');
    expect(message(parseDate('三月五日'))).toMatch(/无法识别的日期/);
    expect(message(parseDate(0))).toMatch(/无法把数字/);
    expect(message(parseDate(2958466))).toMatch(/无法把数字/);
    expect(message(parseDate(true))).toMatch(/请填写日期/);
  });

  it('checks plausible years', () => {
    expect(message(parseDate('1850-01-01'))).toMatch(/早于 1900-01-01/);
    expect(message(parseDate('2019-03-05', { max: '2018-12-31' }))).toMatch(/晚于 2018-12-31/);
  });
});

// Serials above 2100 are only valid without the default bounds.
function excelOrDate(v: unknown) {
  return typeof v === 'number' && v > 100_000 && v < 10_000_000
    ? excelSerialToDate(v)
    : parseDate(v, { max: '9999-12-31' });
}

describe('parseDecimal', () => {
  it.each<[unknown, string]>([
    ['89.5', '89.50'],
    [89.5, '89.50'],
    ['89.5㎡', '89.50'],
    ['89.5m²', '89.50'],
    ['89.5 m2', '89.50'],
    ['89.5 平方米', '89.50'],
    ['89.5平米', '89.50'],
    ['８９．５', '89.50'],
    ['1,234.5', '1234.50'],
    [0.1 + 0.2, '0.30'],
    [89.995, '90.00'],
    ['89.994', '89.99'],
    ['.5', '0.50'],
    ['120', '120.00'],
  ])('%j → %s', (input, expected) => {
    expect(value(parseDecimal(input, { scale: 2 }))).toBe(expected);
  });

  it('rejects text and out-of-range values', () => {
    expect(message(parseDecimal('约90'))).toMatch(/请填写数字/);
    expect(message(parseDecimal('-5', { min: 0.01 }))).toMatch(/不能小于/);
    expect(message(parseDecimal('200000', { max: 100000 }))).toMatch(/不能大于/);
    expect(parseDecimal('')).toEqual({ ok: true, value: null });
  });
});

describe('parseInteger', () => {
  it.each<[unknown, number]>([
    ['5', 5],
    [5, 5],
    ['5层', 5],
    ['5F', 5],
    ['-1', -1],
    ['−2', -2],
    ['B1', -1],
    ['b2', -2],
    ['负1', -1],
    ['地下1层', -1],
  ])('%j → %d', (input, expected) => {
    expect(value(parseInteger(input, { min: -10, max: 200 }))).toBe(expected);
  });

  it('rejects fractions and words', () => {
    expect(message(parseInteger(5.5))).toMatch(/整数/);
    expect(message(parseInteger('五楼'))).toMatch(/整数/);
    expect(message(parseInteger('300', { max: 200 }))).toMatch(/不能大于 200/);
  });
});

describe('enums', () => {
  it.each(
    cases([
      [parseGender, '男', 'male'],
      [parseGender, '女性', 'female'],
      [parseGender, 'M', 'male'],
      [parseGender, 'f', 'female'],
      [parseGender, ' 男 ', 'male'],
      [parsePopulationType, '户籍', 'registered'],
      [parsePopulationType, '户籍人口', 'registered'],
      [parsePopulationType, '流动人口', 'floating'],
      [parsePopulationType, '外来', 'floating'],
      [parsePopulationType, '境外', 'overseas'],
      [parsePopulationType, '留守', 'left_behind'],
      [parseRelation, '户主', 'head'],
      [parseRelation, '本人', 'head'],
      [parseRelation, '妻', 'spouse'],
      [parseRelation, '夫', 'spouse'],
      [parseRelation, '配偶', 'spouse'],
      [parseRelation, '子', 'child'],
      [parseRelation, '女儿', 'child'],
      [parseRelation, '子女', 'child'],
      [parseRelation, '母亲', 'parent'],
      [parseRelation, '父母', 'parent'],
      [parseRelation, '承租人', 'tenant'],
      [parseRelation, '租户', 'tenant'],
      [parseRelation, '借住', 'lodger'],
      [parseRelation, '孙子', 'relative'],
      [parseRelation, '兄弟', 'relative'],
      [parseRelation, '祖父母', 'relative'],
      [parseHouseUse, '自住', 'self'],
      [parseHouseUse, '自用', 'self'],
      [parseHouseUse, '闲置', 'vacant'],
      [parseHouseUse, '商铺', 'commercial'],
      [parseHouseUse, '出 租', 'rent'],
      [parseIdType, '身份证', 'resident_id'],
      [parseIdType, '居民身份证', 'resident_id'],
      [parseIdType, '护照', 'passport'],
      [parseIdType, '港澳台居民居住证', 'residence_permit'],
      [parseIdType, '其他', 'other'],
      [parseIdType, 'passport', 'passport'],
      [parseTenancyPurpose, '经营', 'business'],
      [parseTenancyPurpose, '住宅', 'living'],
    ]),
  )('$input → $expected', ({ parse, input, expected }) => {
    expect(parse(input)).toEqual({ ok: true, value: expected });
  });

  it('lists the choices when nothing matches', () => {
    expect(message(parseHouseUse('度假'))).toBe('“度假”不是可选的值，可填：自住、出租、空置、商用、其他');
    expect(parseEnum('', { a: '甲' })).toEqual({ ok: true, value: null });
  });
});

describe('parseTags', () => {
  it('splits on Chinese and Latin separators and removes duplicates', () => {
    expect(value(parseTags('党员，志愿者、党员;楼长/网格员 低保'))).toEqual([
      '党员',
      '志愿者',
      '楼长',
      '网格员',
      '低保',
    ]);
    expect(parseTags(' ')).toEqual({ ok: true, value: null });
    expect(message(parseTags('很'.repeat(21)))).toMatch(/20 个字/);
    expect(message(parseTags(Array.from({ length: 11 }, (_, i) => `t${i}`).join(',')))).toMatch(/最多 10 个/);
  });
});

describe('building, unit and house numbers', () => {
  it.each(
    cases([
      [parseBuildingNo, '3栋', '3'],
      [parseBuildingNo, '3号楼', '3'],
      [parseBuildingNo, '3幢', '3'],
      [parseBuildingNo, '第3栋', '3'],
      [parseBuildingNo, '03', '3'],
      [parseBuildingNo, 3, '3'],
      [parseBuildingNo, 'a座', 'A'],
      [parseBuildingNo, '综合楼', '综合楼'],
      [parseUnitNo, '2单元', '2'],
      [parseUnitNo, '2', '2'],
      [parseUnitNo, 2, '2'],
      [parseHouseNo, '501', '501'],
      [parseHouseNo, '501室', '501'],
      [parseHouseNo, 501, '501'],
      [parseHouseNo, '0501', '0501'],
      [parseHouseNo, '５０１', '501'],
    ]),
  )('$input → $expected', ({ parse, input, expected }) => {
    expect(parse(input)).toEqual({ ok: true, value: expected });
  });

  it('rejects fractions and symbols', () => {
    expect(message(parseBuildingNo(3.5))).toMatch(/楼栋号/);
    expect(message(parseHouseNo('501#'))).toMatch(/房号/);
  });
});

function cases(rows: [(v: unknown) => unknown, unknown, string][]) {
  return rows.map(([parse, input, expected]) => ({ parse, input, expected }));
}
