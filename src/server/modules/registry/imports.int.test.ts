import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../db/schema.js';
import type { Agent } from '../../test/harness.js';
import { startTestApp, type TestApp } from '../../test/harness.js';
import { ID_M, ID_X, messyPeopleWorkbook, xlsx } from './excel/test-fixtures.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

let t: TestApp;
let shequ: Agent;
let wangge: Agent;
beforeAll(async () => {
  t = await startTestApp();
  [shequ, wangge] = await Promise.all([t.login('shequ'), t.login('wangge')]);
});
afterAll(() => t.close());

async function upload(file: Buffer, query: Record<string, string>, as: Agent = shequ) {
  const qs = new URLSearchParams({ placeId: t.places.jinxiuEstate.id, ...query }).toString();
  const res = await as.request('POST', `/api/v1/registry/imports?${qs}`, file, { 'content-type': XLSX });
  if (res.status !== 202) return res;
  await t.app.services.registry.imports.settled(res.body.id);
  return as.get(`/api/v1/registry/imports/${res.body.id}`);
}

async function count(table: string) {
  const r = await t.database.db.execute(`select count(*)::int as n from ${table}`);
  return (r as unknown as { rows: { n: number }[] }).rows[0].n;
}

async function sheetRows(file: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(file as unknown as ArrayBuffer);
  return wb.worksheets[0];
}

describe('people import', () => {
  it('rejects the whole messy file by default, naming every bad cell, and writes nothing', async () => {
    const before = { people: await count('people'), stays: await count('residencies') };
    const res = await upload(await messyPeopleWorkbook(), { kind: 'people', fileName: '人口登记.xlsx' });
    expect(res.body.status).toBe('rejected');
    const byRow = new Map<number, string[]>();
    for (const e of res.body.errors as { row: number; column: string; message: string }[]) {
      byRow.set(e.row, [...(byRow.get(e.row) ?? []), `${e.column}: ${e.message}`]);
    }
    expect([...byRow.keys()].sort((a, b) => a - b)).toEqual([5, 6, 7, 10, 11, 12, 13]);
    // Row 7's 15-digit ID is row 4's person, converted to 18 digits.
    expect(byRow.get(7)!.join()).toMatch(/与第 4 行证件号码重复/);
    expect(byRow.get(5)!.join()).toMatch(/公民身份号码.*数字/);
    expect(byRow.get(6)!.join()).toMatch(/公民身份号码/);
    expect(byRow.get(10)!.join()).toMatch(/性别/);
    expect(byRow.get(11)!.join()).toMatch(/入住日期.*不存在/);
    expect(byRow.get(12)!.join()).toMatch(/人口类型/);
    expect(byRow.get(13)!.join()).toMatch(/房屋/);
    expect(res.body.message).toContain('未导入任何数据');
    expect({ people: await count('people'), stays: await count('residencies') }).toEqual(before);

    // The report is the user's own sheet with the bad cells marked and the reasons in a last column.
    const report = await t.app.inject({
      method: 'GET',
      url: `/api/v1/registry/imports/${res.body.id}/report`,
      headers: { cookie: shequ.cookie },
    });
    expect(report.statusCode).toBe(200);
    expect(String(report.headers['content-type'])).toContain(XLSX);
    const ws = await sheetRows(report.rawPayload);
    const reasons = ws.getRow(3).values as unknown[];
    const reasonCol = reasons.indexOf('错误说明');
    expect(reasonCol).toBeGreaterThan(0);
    expect(String(ws.getRow(11).getCell(reasonCol).value)).toMatch(/校验|不存在/);
    expect(ws.getRow(4).getCell(reasonCol).value ?? '').toBe('');
  });

  it('imports the valid rows only on request, and re-importing the same file updates without duplicating', async () => {
    const file = await messyPeopleWorkbook();
    const before = await count('people');
    const first = await upload(file, { kind: 'people', mode: 'valid' });
    expect(first.body).toMatchObject({ status: 'done', created: 3, updated: 0, skipped: 7 });
    expect(await count('people')).toBe(before + 3);

    // Row 4: spaces and a line break gone from the name, lower-case x upper-cased, birth and gender
    // from the ID, phone stored as a number, the serial date 43529 = 2019-03-05, living in 3栋2单元501.
    const found = (await shequ.get(`/api/v1/registry/people?q=${ID_X.slice(-6)}`)).body.items;
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      name: '张三',
      gender: 'female',
      birthDate: '1949-12-31',
      idMasked: `${ID_X.slice(0, 6)}********${ID_X.slice(-4)}`,
      phoneMasked: '138****8000',
      populationType: 'registered',
    });
    expect(found[0].address).toMatch(/3栋2单元501$/);
    const detail = (await shequ.get(`/api/v1/registry/people/${found[0].id}`)).body;
    expect(detail.residencies).toEqual([
      expect.objectContaining({ relation: 'head', moveIn: '2019-03-05', moveOut: null }),
    ]);
    // Row 8: full-width digits and the full-width space normalised.
    expect((await shequ.get(`/api/v1/registry/people?q=${ID_M.slice(-8)}`)).body.items[0].name).toBe('李四');

    const again = await upload(file, { kind: 'people', mode: 'valid' });
    expect(again.body).toMatchObject({ status: 'done', created: 0, updated: 3 });
    expect(await count('people')).toBe(before + 3);
    const stays = (await shequ.get(`/api/v1/registry/people/${found[0].id}`)).body.residencies;
    expect(stays).toHaveLength(1);

    const [entry] = (await t.database.db.select().from(auditLog)).filter(
      (e) => e.action === 'registry.import' && e.targetId === again.body.id,
    );
    expect(entry.after).toMatchObject({ kind: 'people', created: 0, updated: 3, skipped: 7 });
  });

  it('refuses what is not a usable spreadsheet with a clear message', async () => {
    const notXlsx = await upload(Buffer.from('姓名,证件号码\n张三,1\n'), { kind: 'people' });
    expect(notXlsx.body).toMatchObject({ status: 'rejected' });
    expect(notXlsx.body.message).toMatch(/不是有效的 Excel/);
    const xls = await upload(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]), {
      kind: 'people',
    });
    expect(xls.body.message).toMatch(/xls/i);
    const empty = await upload(await xlsx((wb) => wb.addWorksheet('空')), { kind: 'people' });
    expect(empty.body.message).toMatch(/没有数据/);
    const noHeader = await upload(
      await xlsx((wb) => {
        wb.addWorksheet('表').addRow(['甲', '乙', '丙']);
      }),
      { kind: 'people' },
    );
    expect(noHeader.body.message).toMatch(/表头/);
    const nothing = await shequ.request(
      'POST',
      `/api/v1/registry/imports?kind=people&placeId=${t.places.jinxiuEstate.id}`,
      Buffer.alloc(0),
      {
        'content-type': XLSX,
      },
    );
    expect(nothing.status).toBe(400);
    const huge = await shequ.request(
      'POST',
      `/api/v1/registry/imports?kind=people&placeId=${t.places.jinxiuEstate.id}`,
      Buffer.alloc(30 * 1024 * 1024 + 1),
      { 'content-type': XLSX },
    );
    expect(huge.status).toBe(413);
    expect(huge.body.error.message).toContain('30 MB');
  });

  it('only roles with registry.import may import, and only into their own places', async () => {
    const file = await messyPeopleWorkbook();
    expect((await upload(file, { kind: 'people' }, wangge)).status).toBe(403);
    const res = await upload(file, { kind: 'people', placeId: t.places.yujiaEstate.id });
    expect(res.status).toBe(404);
  });
});

describe('houses and tenancies import', () => {
  const housesFile = () =>
    xlsx((wb) => {
      const ws = wb.addWorksheet('房屋');
      ws.addRow(['楼栋', '单元', '楼层', '房号', '面积', '用途', '标签']);
      ws.addRow(['1栋', '1单元', 90, '9001', '89.5㎡', '出租', '群租']);
      ws.addRow(['1号楼', '1', '90', '9002室', 120.36, '', '']);
    });

  it('creates houses, then updates the same ones on re-import', async () => {
    const first = await upload(await housesFile(), { kind: 'houses' });
    expect(first.body).toMatchObject({ status: 'done', created: 2, updated: 0 });
    const again = await upload(await housesFile(), { kind: 'houses' });
    expect(again.body).toMatchObject({ status: 'done', created: 0, updated: 2 });
    const list = (await shequ.get('/api/v1/registry/houses?q=1-1-9001')).body.items;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ floor: 90, area: '89.50', use: 'rent', tags: ['群租'] });
    const other = (await shequ.get('/api/v1/registry/houses?q=1栋1单元9002')).body.items[0];
    expect(other).toMatchObject({ area: '120.36', use: 'self' });
  });

  it('registers tenancies with new tenants as floating residents, once', async () => {
    await upload(await housesFile(), { kind: 'houses' });
    const file = await xlsx((wb) => {
      const ws = wb.addWorksheet('出租');
      ws.addRow([
        '楼栋',
        '单元',
        '房号',
        '出租人姓名',
        '承租人姓名',
        '承租人手机号码',
        '起租日期',
        '到期日期',
      ]);
      ws.addRow(['1', '1', '9001', '房东甲', '租客一', '19900040001', '2026-01-01', '2099-12-31']);
      ws.addRow(['1', '1', '9001', '房东甲', '租客二', '19900040002', '2026-01-01', '2099-12-31']);
      ws.addRow(['1', '1', '9001', '房东甲', '租客三', '', '2026-05-01', '2026-04-01']);
    });
    const rejected = await upload(file, { kind: 'tenancies' });
    expect(rejected.body.status).toBe('rejected');
    expect(rejected.body.errors).toEqual([expect.objectContaining({ row: 4, column: '到期日期' })]);
    const first = await upload(file, { kind: 'tenancies', mode: 'valid' });
    expect(first.body).toMatchObject({ status: 'done', created: 1, skipped: 1 });
    const again = await upload(file, { kind: 'tenancies', mode: 'valid' });
    expect(again.body).toMatchObject({ status: 'done', created: 0, updated: 1 });
    const list = (await shequ.get('/api/v1/registry/tenancies?q=1-1-9001')).body.items;
    expect(list).toHaveLength(1);
    expect(list[0].tenants.map((x: { name: string }) => x.name).sort()).toEqual(['租客一', '租客二']);
    const tenant = (await shequ.get('/api/v1/registry/people?q=19900040001')).body.items;
    expect(tenant).toHaveLength(1);
    expect(tenant[0]).toMatchObject({ populationType: 'floating' });
    expect(tenant[0].address).toMatch(/1栋1单元9001$/);
  });
});

describe('export', () => {
  async function exported(as: Agent, list: string, body: unknown) {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/registry/${list}/export`,
      headers: { cookie: as.cookie, 'x-csrf-token': as.csrfToken, 'content-type': 'application/json' },
      payload: JSON.stringify(body),
    });
    if (res.statusCode !== 200)
      return { status: res.statusCode, error: res.json().error, rows: [] as string[][] };
    const ws = await sheetRows(res.rawPayload);
    const rows: string[][] = [];
    ws.eachRow((row) =>
      rows.push((row.values as unknown[]).slice(1).map((v) => (v == null ? '' : String(v)))),
    );
    return { status: 200, error: null, rows };
  }

  it('is masked by default; full numbers only with pii.reveal and a reason, audited', async () => {
    const filters = { placeId: t.places.jinxiuEstate.id, q: ID_X.slice(-6) };
    const masked = await exported(shequ, 'people', { filters });
    expect(masked.status).toBe(200);
    const header = masked.rows[0];
    const idCol = header.indexOf('证件号码');
    expect(masked.rows[1][idCol]).toBe(`${ID_X.slice(0, 6)}********${ID_X.slice(-4)}`);
    expect(JSON.stringify(masked.rows)).not.toContain(ID_X);

    expect((await exported(wangge, 'people', { filters, sensitive: true, reason: '核查' })).status).toBe(403);
    const noReason = await exported(shequ, 'people', { filters, sensitive: true });
    expect(noReason.status).toBe(400);
    const full = await exported(shequ, 'people', { filters, sensitive: true, reason: '报送派出所核查' });
    expect(full.rows[1][idCol]).toBe(ID_X);
    const entries = (await t.database.db.select().from(auditLog)).filter(
      (e) => e.action === 'registry.export',
    );
    expect(entries.at(-1)!.after).toMatchObject({
      list: 'people',
      rows: 1,
      sensitive: true,
      reason: '报送派出所核查',
    });
  });

  it('names special groups only for those who may see them', async () => {
    const filters = { placeId: t.places.jinxiuGrid1.id };
    const officer = await exported(shequ, 'people', { filters });
    expect(officer.rows[0]).toContain('特殊人群');
    const worker = await exported(wangge, 'people', { filters });
    expect(worker.status).toBe(200);
    expect(worker.rows.length).toBeGreaterThan(1);
    expect(worker.rows[0]).not.toContain('特殊人群');
    expect(JSON.stringify(worker.rows)).not.toMatch(
      /刑满释放|社区矫正|严重精神障碍|吸毒|艾滋病|重点青少年|重点上访/,
    );
  });
});
