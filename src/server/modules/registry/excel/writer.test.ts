import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { makeCitizenId } from '../../../platform/pii/citizen-id.js';
import { IMPORT_KINDS, KINDS, parseRowValues } from './columns.js';
import { readImportFile } from './reader.js';
import { ID_M, messyPeopleWorkbook, xlsx } from './test-fixtures.js';
import { buildErrorReport, buildTemplate, templateSheetName, writeXlsx } from './writer.js';

async function load(file: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(file as unknown as ArrayBuffer);
  return wb;
}

const fillOf = (cell: ExcelJS.Cell) => (cell.fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb;
const noteOf = (cell: ExcelJS.Cell) => {
  const n = cell.note as string | ExcelJS.Comment | undefined;
  return typeof n === 'string' ? n : (n?.texts ?? []).map((t) => t.text).join('');
};

describe('buildTemplate', () => {
  it.each(IMPORT_KINDS)('%s: its example row is valid data', (kind) => {
    const cells = Object.fromEntries(
      KINDS[kind].columns.map((c) => [c.key, c.example === '' ? null : c.example]),
    );
    const parsed = parseRowValues(kind, cells);
    expect(parsed.errors).toEqual([]);
  });

  it.each(IMPORT_KINDS)('%s: header, text columns, drop-downs and instructions', async (kind) => {
    const wb = await load(await buildTemplate(kind));
    const ws = wb.getWorksheet(templateSheetName(kind))!;
    const columns = KINDS[kind].columns;
    columns.forEach((c, i) => {
      const cell = ws.getRow(1).getCell(i + 1);
      expect(cell.text).toBe(c.required ? `${c.label}*` : c.label);
      if (c.text) expect(ws.getColumn(i + 1).numFmt).toBe('@');
    });
    expect(ws.getRow(2).getCell(1).font?.color?.argb).toBe('FF808080');
    const validations = (
      ws as unknown as { dataValidations: { model: Record<string, ExcelJS.DataValidation> } }
    ).dataValidations.model;
    const withOptions = columns.filter((c) => c.options).length;
    expect(Object.keys(validations).length).toBeGreaterThanOrEqual(withOptions);
    expect(wb.worksheets.map((s) => s.name)).toEqual([templateSheetName(kind), '填写说明']);
  });

  it('reads back its own header and skips the untouched example row', async () => {
    const template = await buildTemplate('people');
    await expect(readImportFile(template, 'people')).rejects.toMatchObject({ code: 'no_data' });

    const wb = await load(template);
    const ws = wb.getWorksheet(templateSheetName('people'))!;
    ws.getRow(3).values = ['李四', '', ID_M, '', '', '13900139000', '', '', '流动'];
    const r = await readImportFile(Buffer.from(await wb.xlsx.writeBuffer()), 'people');
    expect(r.header.rowNumber).toBe(1);
    expect(r.header.ignored).toEqual([]);
    expect(r.warnings).toEqual(['第 2 行与模板示例相同，已跳过']);
    expect(r.rows).toHaveLength(1);
    expect(r.rows[0]).toMatchObject({
      ok: true,
      row: 3,
      values: { name: '李四', idNumber: ID_M, gender: 'male' },
    });
  });
});

describe('buildErrorReport', () => {
  it('marks bad cells red with a note and explains each row', async () => {
    const source = await messyPeopleWorkbook();
    const result = await readImportFile(source, 'people');
    const errors = result.rows.flatMap((r) => r.errors.map((e) => ({ row: r.row, ...e })));
    // A service-side problem on a cell of a valid row, named by its template label.
    errors.push({ row: 4, column: '证件号码', message: '该证件号码已登记在 5 栋 1 单元 101' });

    const wb = await load(await buildErrorReport('people', source, errors));
    const ws = wb.worksheets[0];
    expect(ws.name).toBe('错误报告');
    const noteCol = 17; // 16 columns in the source, then 错误说明
    expect(ws.getRow(3).getCell(noteCol).value).toBe('错误说明');

    // Everything is still there at the same row numbers.
    expect(ws.getCell('A1').value).toBe('锦绣春天小区人口信息登记表');
    expect(ws.getCell('B8').value).toBe('李\u3000四');
    expect(ws.getCell('D5').value).toBe(500222199001011200);

    const bad: [string, RegExp][] = [
      ['D4', /已登记/],
      ['D5', /存成了数字/],
      ['D6', /科学计数法/],
      ['E10', /性别/],
      ['D11', /校验位/],
      ['O11', /2019-02-30/],
      ['J12', /必填/],
      ['L13', /楼栋、单元、房号/],
      ['M13', /楼栋、单元、房号/],
    ];
    for (const [address, note] of bad) {
      expect(fillOf(ws.getCell(address)), address).toBe('FFFFC7CE');
      expect(noteOf(ws.getCell(address)), address).toMatch(note);
    }
    expect(fillOf(ws.getCell('B4'))).toBeUndefined();
    expect(fillOf(ws.getCell('D8'))).toBeUndefined();

    expect(ws.getRow(11).getCell(noteCol).value).toBe(
      '公民身份号码：身份证号码校验位不正确；入住日期：日期不存在：2019-02-30',
    );
    for (const row of [4, 5, 6, 10, 11, 12, 13])
      expect(ws.getRow(row).getCell(noteCol).text, `row ${row}`).not.toBe('');
    for (const row of [7, 8, 14]) expect(ws.getRow(row).getCell(noteCol).text, `row ${row}`).toBe('');

    const summary = wb.getWorksheet('错误汇总')!;
    expect(summary.getRow(1).values).toEqual([undefined, '行号', '列', '问题']);
    expect(summary.rowCount).toBe(errors.length + 1);
    expect(summary.getRow(2).values).toEqual([
      undefined,
      4,
      '证件号码',
      '该证件号码已登记在 5 栋 1 单元 101',
    ]);
  });

  it('copes with a sheet whose header it cannot find', async () => {
    const source = await xlsx((wb) => {
      wb.addWorksheet('x').addRow(['随便', '什么']);
    });
    const wb = await load(
      await buildErrorReport('people', source, [{ row: 1, column: '姓名', message: '缺少表头' }]),
    );
    expect(wb.worksheets[0].getCell('C1').value).toBe('姓名：缺少表头');
  });
});

const SURNAMES = '赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰';
const nameOf = (i: number) =>
  SURNAMES[i % 20] + GIVEN[Math.floor(i / 20) % 26] + GIVEN[Math.floor(i / 520) % 26];

describe('writeXlsx', () => {
  it('writes a bold, frozen header and plain values, to a stream as well', async () => {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    const rows = [
      {
        name: '张三',
        idNumber: ID_M,
        tags: ['党员', '楼长'],
        area: 89.5,
        at: new Date(Date.UTC(2024, 0, 2)),
      },
    ];
    const columns = [
      { header: '姓名', key: 'name' },
      { header: '证件号码', key: 'idNumber', text: true, width: 22 },
      { header: '标签', key: 'tags' },
      { header: '面积', key: 'area' },
      { header: '日期', key: 'at' },
    ];
    await writeXlsx('人口', columns, rows, out);
    const wb = await load(Buffer.concat(chunks));
    const ws = wb.getWorksheet('人口')!;
    expect(ws.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.getRow(2).values).toEqual([
      undefined,
      '张三',
      ID_M,
      '党员、楼长',
      89.5,
      new Date(Date.UTC(2024, 0, 2)),
    ]);
    expect(ws.getCell('B2').numFmt).toBe('@');
    expect(ws.getCell('E2').numFmt).toBe('yyyy-mm-dd');
  });

  // 30 000 rows keep the unit run short on a shared two-core machine (100 000 took 10–28 s there,
  // depending on load); ANJU_EXCEL_ROWS=100000 runs the full size the reader is built for.
  const n = Number(process.env.ANJU_EXCEL_ROWS ?? 30_000);
  it(`round-trips ${n} people through the streaming writer and reader`, { timeout: 120_000 }, async () => {
    async function* people() {
      for (let i = 0; i < n; i++) {
        const day = new Date(Date.UTC(1950, 0, 1) + (i % 20_000) * 86_400_000).toISOString().slice(0, 10);
        yield {
          name: nameOf(i),
          idNumber: makeCitizenId('500222', day, i % 1000),
          phone: String(13_800_000_000 + i),
          populationType: i % 3 === 0 ? '流动' : '户籍',
          building: String((i % 30) + 1),
          unit: String((i % 4) + 1),
          number: String(101 + (i % 1800)),
          relation: '户主',
          moveIn: '2019-03-05',
        };
      }
    }
    const columns = [
      { header: '姓名', key: 'name' },
      { header: '身份证号', key: 'idNumber', text: true },
      { header: '手机号码', key: 'phone', text: true },
      { header: '人口类型', key: 'populationType' },
      { header: '楼栋', key: 'building' },
      { header: '单元', key: 'unit' },
      { header: '房号', key: 'number' },
      { header: '与户主关系', key: 'relation' },
      { header: '入住日期', key: 'moveIn' },
    ];
    const t0 = performance.now();
    const file = await writeXlsx('人口', columns, people());
    const t1 = performance.now();
    let progressCalls = 0;
    const r = await readImportFile(file, 'people', { onProgress: () => progressCalls++ });
    const t2 = performance.now();
    expect(r.rows).toHaveLength(n);
    expect(r.errorRows).toBe(0);
    expect(r.rows[n - 1].values).toMatchObject({ name: nameOf(n - 1), moveIn: '2019-03-05' });
    expect(r.rows.every((x, i) => x.values.name === nameOf(i))).toBe(true);
    expect(progressCalls).toBe(n / 1000 + 1);
    if (process.env.ANJU_EXCEL_TIMING) {
      console.info(
        `write ${Math.round(n / ((t1 - t0) / 1000))} rows/s, read ${Math.round(n / ((t2 - t1) / 1000))} rows/s, ` +
          `${(file.length / 1e6).toFixed(1)} MB`,
      );
    }
  });
});
