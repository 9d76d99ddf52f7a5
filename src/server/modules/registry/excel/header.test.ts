import { describe, expect, it } from 'vitest';
import { columnLetter, findHeader, normaliseHeader } from './header.js';

const row = (number: number, cells: unknown[]) => ({ number, cells: [undefined, ...cells] });

describe('normaliseHeader', () => {
  it.each([
    ['姓名*', '姓名'],
    ['＊姓名', '姓名'],
    ['姓名（必填）', '姓名'],
    ['姓名(必填)', '姓名'],
    [' 姓 名 ', '姓名'],
    ['证件\n号码', '证件号码'],
    ['手机号码：', '手机号码'],
    ['专有面积（㎡）', '专有面积(m²)'],
    ['专有面积(M2)', '专有面积(m²)'],
  ])('%j → %j', (raw, expected) => {
    expect(normaliseHeader(raw)).toBe(expected);
  });
});

describe('findHeader', () => {
  it('takes the row naming the most columns, below title and note rows', () => {
    const r = findHeader(
      [
        row(1, ['锦绣春天小区房屋信息登记表']),
        row(2, ['说明：楼栋、单元、楼层、房号必填']),
        row(3, ['序号', '楼栋号', '单元（必填）', '楼层*', '房号', '面积(平方米)', '朝向']),
        row(4, [1, '3栋', '2单元', 5, 501, 89.5, '南']),
      ],
      'houses',
    );
    expect(r).toEqual({
      ok: true,
      header: {
        rowNumber: 3,
        columns: [
          { key: 'building', label: '楼栋号', col: 2 },
          { key: 'unit', label: '单元', col: 3 },
          { key: 'floor', label: '楼层', col: 4 },
          { key: 'number', label: '房号', col: 5 },
          { key: 'area', label: '面积(平方米)', col: 6 },
        ],
        ignored: ['朝向'],
      },
      warnings: ['以下列无法识别，已忽略：朝向'],
    });
  });

  it('does not take a lone word for a header', () => {
    const r = findHeader([row(1, ['姓名']), row(2, ['张三'])], 'people');
    expect(r).toMatchObject({ ok: false, code: 'no_header' });
  });

  it('names the columns of a wrong kind of table', () => {
    const r = findHeader([row(1, ['姓名', '人口类型', '楼栋', '单元', '房号'])], 'houses');
    expect(r).toMatchObject({ ok: false, code: 'missing_columns' });
    if (!r.ok) expect(r.message).toContain('缺少必填列：楼层。请确认这是房屋表');
  });
});

describe('columnLetter', () => {
  it.each([
    [1, 'A'],
    [26, 'Z'],
    [27, 'AA'],
    [52, 'AZ'],
    [703, 'AAA'],
  ])('%d → %s', (col, letter) => {
    expect(columnLetter(col)).toBe(letter);
  });
});
