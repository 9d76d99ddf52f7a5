import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type PersonValues, tenancyGroupKey } from './columns.js';
import { ImportFileError, type ImportInput, type ImportResult, readImportFile } from './reader.js';
import { ID_F, ID_M, ID_X, messyPeopleWorkbook, xlsx } from './test-fixtures.js';

async function fileError(input: ImportInput, kind: 'houses' | 'people' | 'tenancies' = 'people') {
  try {
    await readImportFile(input, kind);
  } catch (e) {
    expect(e).toBeInstanceOf(ImportFileError);
    return e as ImportFileError;
  }
  throw new Error('expected an ImportFileError');
}

describe('readImportFile: a messy people sheet', () => {
  let result: ImportResult<PersonValues>;
  const progress: number[] = [];

  beforeAll(async () => {
    result = await readImportFile(await messyPeopleWorkbook(), 'people', {
      onProgress: (n) => progress.push(n),
    });
  });

  it('finds the header below the title and note rows', () => {
    expect(result.sheetName).toBe('人口');
    expect(result.header.rowNumber).toBe(3);
    expect(result.header.columns.find((c) => c.key === 'idNumber')).toEqual({
      key: 'idNumber',
      label: '公民身份号码',
      col: 4,
    });
    expect(result.header.columns.find((c) => c.key === 'populationType')?.label).toBe('人口类型');
    expect(result.header.ignored).toEqual(['籍贯']);
    expect(result.warnings).toEqual(['以下列无法识别，已忽略：籍贯']);
  });

  it('skips blank rows, even one holding only a running number', () => {
    expect(result.rows.map((r) => r.row)).toEqual([4, 5, 6, 7, 8, 10, 11, 12, 13, 14]);
    expect(progress).toEqual([10]);
  });

  it('reports exactly these cells', () => {
    const errors = result.rows.flatMap((r) => r.errors.map((e) => [r.row, e.column, e.message]));
    expect(errors).toEqual([
      [5, '公民身份号码', '身份证号被 Excel 存成了数字，末几位已丢失，请把该列设为“文本”后重新填写'],
      [6, '公民身份号码', expect.stringMatching(/^身份证号被 Excel 显示成了科学计数法/)],
      [10, '性别', '与身份证号码中的性别（男）不一致'],
      [11, '公民身份号码', '身份证号码校验位不正确'],
      [11, '入住日期', '日期不存在：2019-02-30'],
      [12, '人口类型', '必填，不能为空'],
      [13, '单元', '填写了房屋时，楼栋、单元、房号都要填写'],
      [13, '房号', '填写了房屋时，楼栋、单元、房号都要填写'],
    ]);
    expect(result.errorRows).toBe(6);
    expect(result.rows.filter((r) => r.ok).map((r) => r.row)).toEqual([4, 7, 8, 14]);
  });

  it('normalises the good rows', () => {
    const byRow = new Map(result.rows.map((r) => [r.row, r]));
    expect(byRow.get(4)?.values).toEqual({
      name: '张三',
      idType: 'resident_id',
      idNumber: ID_X,
      gender: 'female',
      birthDate: '1949-12-31',
      phone: '13800138000',
      ethnicity: '汉族',
      hukouAddress: '北京市朝阳区',
      populationType: 'registered',
      building: '3',
      unit: '2',
      number: '501',
      relation: 'head',
      moveIn: '2019-03-05',
      tags: [],
    });
    expect(byRow.get(5)?.values).toMatchObject({
      name: '王五',
      idNumber: null,
      relation: 'spouse',
      moveIn: '2019-03-05',
    });
    expect(byRow.get(6)?.values).toMatchObject({ relation: 'child', moveIn: '2019-03-05' });
    expect(byRow.get(7)?.values).toMatchObject({
      idNumber: ID_X,
      populationType: 'floating',
      moveIn: '2019-03-05',
      building: null,
    });
    expect(byRow.get(7)?.warnings).toEqual([
      { column: '公民身份号码', message: `15 位旧号码已转为 18 位：${ID_X}` },
    ]);
    expect(byRow.get(8)?.values).toMatchObject({
      name: '李四',
      idNumber: ID_M,
      gender: 'male',
      birthDate: '1990-01-01',
      phone: '13900139000',
    });
    expect(byRow.get(14)?.values).toMatchObject({
      idType: 'passport',
      idNumber: 'E12345678',
      gender: 'female',
      birthDate: '1988-08-08',
      populationType: 'floating',
      moveIn: '2020-01-15',
    });
  });
});

describe('readImportFile: houses and tenancies', () => {
  it('reads a houses sheet with 面积 and 序号 columns', async () => {
    const file = await xlsx((wb) => {
      const ws = wb.addWorksheet('房屋');
      ws.addRow(['序号', '楼栋*', '单元*', '楼层*', '房号*', '面积', '用途', '标签']);
      ws.addRow([1, '1号楼', '1单元', 'B1', '001', '89.5㎡', '自用', '车库,地下']);
      ws.addRow([2, 1, 1, 5, 501, 120, '出租', '']);
      ws.addRow([3, 1, 1, 5, 502, 'abc', '度假', '']);
      ws.addRow([4, 1, 1, '', 503, 95.125, '', '']);
    });
    const r = await readImportFile(file, 'houses');
    expect(r.warnings).toEqual([]);
    expect(r.rows.map((x) => x.values)).toEqual([
      {
        building: '1',
        unit: '1',
        floor: -1,
        number: '001',
        area: '89.50',
        use: 'self',
        tags: ['车库', '地下'],
        note: null,
      },
      {
        building: '1',
        unit: '1',
        floor: 5,
        number: '501',
        area: '120.00',
        use: 'rent',
        tags: [],
        note: null,
      },
      { building: '1', unit: '1', floor: 5, number: '502', area: null, use: null, tags: [], note: null },
      {
        building: '1',
        unit: '1',
        floor: null,
        number: '503',
        area: '95.13',
        use: null,
        tags: [],
        note: null,
      },
    ]);
    expect(r.rows.flatMap((x) => x.errors.map((e) => [x.row, e.column]))).toEqual([
      [4, '面积'],
      [4, '用途'],
      [5, '楼层'],
    ]);
  });

  it('checks the lease dates and groups tenants of one lease', async () => {
    const file = await xlsx((wb) => {
      const ws = wb.addWorksheet('租赁');
      ws.addRow([
        '楼栋',
        '单元',
        '房号',
        '房东姓名',
        '出租人身份证号',
        '承租人姓名',
        '承租人身份证号码',
        '承租人电话',
        '起租日期',
        '到期日期',
        '租赁用途',
      ]);
      ws.addRow([
        '3',
        '2',
        '501',
        '张三',
        ID_X,
        '李四',
        ID_M,
        '13900139000',
        '2024-03-01',
        '2025-02-28',
        '居住',
      ]);
      ws.addRow(['3', '2', '501', '张三', ID_X, '王五', 'E12345678', '', '2024-03-01', '2025-02-28', '居住']);
      ws.addRow(['3', '2', '502', '张三', ID_X, '赵六', ID_F, '', '2024-03-01', '2024-02-01', '']);
    });
    const r = await readImportFile(file, 'tenancies');
    expect(r.rows[1].values).toMatchObject({
      tenantIdType: 'other',
      tenantIdNumber: 'E12345678',
      landlordIdType: 'resident_id',
    });
    expect(r.rows[2].errors).toEqual([{ column: '到期日期', message: '到期日期早于起租日期（2024-03-01）' }]);
    const [a, b] = r.rows;
    if (!a.ok || !b.ok) throw new Error('rows 2 and 3 should be valid');
    expect(tenancyGroupKey(a.values)).toBe(tenancyGroupKey(b.values));
  });

  it('reads the first visible sheet, from a path as well', async () => {
    const file = await xlsx((wb) => {
      const lists = wb.addWorksheet('选项');
      lists.state = 'hidden';
      lists.addRow(['户籍', '流动']);
      const ws = wb.addWorksheet('名单');
      ws.addRow(['姓名', '人口类型']);
      ws.addRow(['张三', '户籍']);
      wb.addWorksheet('备注').addRow(['姓名', '人口类型']);
    });
    const dir = await mkdtemp(join(tmpdir(), 'anju-excel-'));
    try {
      const path = join(dir, 'people.xlsx');
      await writeFile(path, file);
      const r = await readImportFile(path, 'people');
      expect(r.sheetName).toBe('名单');
      expect(r.rows.map((x) => x.values.name)).toEqual(['张三']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('readImportFile: Chinese text across chunk boundaries', () => {
  // exceljs alone turns a character cut by a 16 KB chunk boundary into U+FFFD; see reader.ts.
  it('reads every character of a large shared-strings table intact', async () => {
    const han = (i: number, len: number) =>
      Array.from({ length: len }, (_, k) => String.fromCharCode(0x4e00 + ((i * 31 + k * 7) % 20_000))).join(
        '',
      );
    const n = 3000;
    const file = await xlsx((wb) => {
      const ws = wb.addWorksheet('Sheet1');
      ws.addRow(['姓名', '人口类型', '户籍地址']);
      for (let i = 0; i < n; i++) ws.addRow([han(i, 3), '户籍', han(i, 25)]);
    });
    const r = await readImportFile(file, 'people');
    expect(r.rows).toHaveLength(n);
    const wrong = r.rows.filter(
      (x, i) => x.values.name !== han(i, 3) || x.values.hukouAddress !== han(i, 25),
    );
    expect(wrong.map((x) => x.row)).toEqual([]);
  });
});

describe('readImportFile: files it refuses', () => {
  it('refuses bytes that are not an xlsx', async () => {
    const e = await fileError(Buffer.from('姓名,人口类型\n张三,户籍\n'));
    expect(e.code).toBe('not_xlsx');
    expect(e.message).toMatch(/^文件不是有效的 Excel（\.xlsx）文件/);
    expect((await fileError(Buffer.alloc(0))).code).toBe('not_xlsx');
  });

  it('refuses a damaged zip', async () => {
    const good = await messyPeopleWorkbook();
    const cut = await fileError(good.subarray(0, Math.floor(good.length / 2)));
    expect(cut.code).toBe('not_xlsx');
    const garbage = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(2000, 7)]);
    expect((await fileError(garbage)).code).toBe('not_xlsx');
  });

  it('gives up on a zip damaged inside instead of waiting forever', async () => {
    // Scramble the compressed bytes of the first sheet: exceljs then waits on a stream that failed.
    const bad = Buffer.from(await messyPeopleWorkbook());
    const name = bad.indexOf('xl/worksheets/sheet1.xml');
    const header = name - 30;
    const data = name + bad.readUInt16LE(header + 26) + bad.readUInt16LE(header + 28);
    bad.fill(0x55, data + 8, data + 72);
    const ours = async () => (await readdir(tmpdir())).filter((f) => f.startsWith(`tmp-${process.pid}-`));
    const before = new Set(await ours());
    await expect(readImportFile(bad, 'people', { stallMs: 300 })).rejects.toMatchObject({ code: 'not_xlsx' });
    // The stalled exceljs run never deletes the (empty) temporary file it opened for the sheet.
    for (const f of await ours()) if (!before.has(f)) await rm(join(tmpdir(), f), { force: true });
  });

  it('asks for an old .xls to be saved as .xlsx', async () => {
    const ole = Buffer.concat([
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      Buffer.alloc(504),
    ]);
    const e = await fileError(ole);
    expect(e.code).toBe('legacy_xls');
    expect(e.message).toMatch(/\.xls.*另存为.*\.xlsx/);
  });

  it('refuses an empty sheet', async () => {
    const e = await fileError(await xlsx((wb) => wb.addWorksheet('Sheet1')));
    expect(e).toMatchObject({ code: 'empty_sheet', message: '工作表中没有数据' });
  });

  it('names the required columns when there is no header', async () => {
    const file = await xlsx((wb) => {
      const ws = wb.addWorksheet('Sheet1');
      ws.addRow(['锦绣春天小区人口信息登记表']);
      ws.addRow(['a', 'b', 'c']);
      ws.addRow([1, 2, 3]);
    });
    const e = await fileError(file, 'houses');
    expect(e.code).toBe('no_header');
    expect(e.message).toMatch(/^没有找到表头/);
    expect(e.message).toContain('楼栋、单元、楼层、房号');
  });

  it('names missing required columns', async () => {
    const file = await xlsx((wb) => {
      wb.addWorksheet('Sheet1').addRow(['姓名', '身份证号', '手机号']);
    });
    const e = await fileError(file);
    expect(e).toMatchObject({ code: 'missing_columns' });
    expect(e.message).toMatch(/^表头（第 1 行）缺少必填列：人口类型。/);
  });

  it('refuses a column given twice', async () => {
    const file = await xlsx((wb) => {
      const ws = wb.addWorksheet('Sheet1');
      ws.addRow(['姓名', '人口类型', '手机号', '联系电话']);
      ws.addRow(['张三', '户籍', '13800138000', '13900139000']);
    });
    const e = await fileError(file);
    expect(e.code).toBe('duplicate_columns');
    expect(e.message).toContain('“手机号”（C 列）和“联系电话”（D 列）');
  });

  it('refuses a header without data', async () => {
    const file = await xlsx((wb) => {
      const ws = wb.addWorksheet('Sheet1');
      ws.addRow(['姓名', '人口类型']);
      ws.addRow([]);
      ws.addRow(['', ' ']);
    });
    expect(await fileError(file)).toMatchObject({ code: 'no_data' });
  });

  it('stops at the row limit', async () => {
    const file = await xlsx((wb) => {
      const ws = wb.addWorksheet('Sheet1');
      ws.addRow(['姓名', '人口类型']);
      for (let i = 0; i < 30; i++) ws.addRow([`张${'三'.repeat((i % 3) + 1)}`, '户籍']);
    });
    await expect(readImportFile(file, 'people', { maxRows: 20 })).rejects.toMatchObject({
      code: 'too_many_rows',
      message: expect.stringContaining('20 行'),
    });
  });
});
