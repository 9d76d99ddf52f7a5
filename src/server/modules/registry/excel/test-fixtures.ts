// Workbooks for the Excel tests, built with exceljs the way people's files arrive.
import ExcelJS from 'exceljs';
import { makeCitizenId } from '../../../platform/pii/citizen-id.js';

export const ID_X = '11010519491231002X'; // GB 11643's example: born 1949-12-31, female
export const ID_M = makeCitizenId('500222', '1990-01-01', 123); // male
export const ID_F = makeCitizenId('440306', '1985-06-15', 2); // female
const fullWidth = (s: string) =>
  s.replace(/[0-9A-Za-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

export async function xlsx(build: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const PEOPLE_HEADER = [
  '序号',
  '姓名*',
  '证件类型',
  '公民身份号码',
  '性别',
  '出生日期',
  '手机号',
  '民族',
  '户籍地址',
  '人口类型（必填）',
  '楼栋',
  '单元',
  '房号',
  '与户主关系',
  '入住日期',
  '籍贯',
];

/** A sheet the way a 网格员 hands it in: title, note, drifting headers and every kind of mess. */
export async function messyPeopleWorkbook(): Promise<Buffer> {
  return xlsx((wb) => {
    const ws = wb.addWorksheet('人口');
    ws.mergeCells('A1:P1');
    ws.getCell('A1').value = '锦绣春天小区人口信息登记表';
    ws.getCell('A2').value = '说明：带*的为必填项';
    ws.getRow(3).values = PEOPLE_HEADER;
    const rows: Record<number, ExcelJS.CellValue[]> = {
      // stray spaces and a line break in the name, lower-case x, phone as a number, date serial
      4: [
        1,
        ' 张 \n三 ',
        '身份证',
        ID_X.toLowerCase(),
        '',
        '',
        13800138000,
        '汉族',
        '北京市 朝阳区',
        '户籍人口',
        '3栋',
        '2单元',
        501,
        '户主',
        43529,
        '北京',
      ],
      // ID stored as a number: digits already lost
      5: [2, '王五', '', 500222199001011200, '', '', '', '', '', '户籍', '3', '2', '501', '配偶', '2019.3.5'],
      // ID in scientific notation, as text
      6: [3, '赵六', '', '5.00222E+17', '', '', '', '', '', '户籍', '3', '2', '501', '子', '2019/03/05'],
      // 15-digit ID
      7: [
        4,
        '钱七',
        '居民身份证',
        '110105491231002',
        '',
        '',
        '',
        '',
        '',
        '流动人口',
        '',
        '',
        '',
        '',
        '2019年3月5日',
      ],
      // full-width digits and a full-width space
      8: [
        5,
        '李\u3000四',
        '',
        fullWidth(ID_M),
        '男',
        '',
        fullWidth('13900139000'),
        '',
        '',
        '流动',
        '',
        '',
        '',
        '',
        '',
      ],
      9: [],
      // gender contradicts the ID
      10: [7, '孙八', '', ID_M, '女', '1990-01-01', '', '', '', '户籍', '', '', '', '', ''],
      // bad check digit, impossible date
      11: [
        8,
        '周九',
        '',
        `${ID_M.slice(0, 17)}${ID_M[17] === '0' ? '1' : '0'}`,
        '',
        '',
        '',
        '',
        '',
        '户籍',
        '',
        '',
        '',
        '',
        '2019-02-30',
      ],
      // required 人口类型 empty
      12: [9, '吴十', '', ID_F, '', '', '', '', '', '', '', '', '', '', ''],
      // a building without unit and house
      13: [10, '郑十一', '', '', '', '', '', '', '', '户籍', '5', '', '', '', ''],
      // a real date cell, synonyms
      14: [
        11,
        '冯十二',
        '护照',
        ' e1234 5678 ',
        '女性',
        '1988年8月8日',
        '',
        '',
        '',
        '外来',
        '',
        '',
        '',
        '',
        new Date(Date.UTC(2020, 0, 15)),
      ],
      // only the running number: a blank row
      15: [12],
    };
    for (const [n, values] of Object.entries(rows)) ws.getRow(Number(n)).values = values;
    ws.getCell('O14').numFmt = 'yyyy-mm-dd';
  });
}
