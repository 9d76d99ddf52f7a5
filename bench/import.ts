// Excel import at scale: 100,000 people in one .xlsx, uploaded to the built server as a community
// officer of the demo street, on PostgreSQL and on PGlite; then the same file again (all updates).
// Measures wall time from upload to "done" and the server's peak RSS (VmHWM).
// Targets (issue #4): ≤ 15 s and ≤ 1 GiB on PostgreSQL, ≤ 30 s on PGlite.
//
//   npm run bench:import                    # both databases, 100,000 rows
//   npm run bench:import -- --rows 20000 --drivers pglite
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { demoPlaces } from '../demo/index.js';
import { writeXlsx } from '../src/server/modules/registry/excel/writer.js';
import { makeCitizenId } from '../src/server/platform/pii/index.js';
import { createDatabase, DEFAULT_ADMIN_URL, dropDatabase } from './lib/dataset.js';
import { login } from './lib/http.js';
import { startApp } from './lib/proc.js';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '100000' },
    drivers: { type: 'string', default: 'postgresql,pglite' },
  },
});
const ROWS = Number(values.rows);
const drivers = values.drivers!.split(',');
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程';
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂英华建国志文斌辉红梅';

async function peopleFile(rows: number): Promise<Buffer> {
  const columns = [
    { header: '姓名', key: 'name' },
    { header: '证件号码', key: 'id', text: true },
    { header: '手机号码', key: 'phone', text: true },
    { header: '民族', key: 'ethnicity' },
    { header: '户籍地址', key: 'hukou' },
    { header: '人口类型', key: 'type' },
    { header: '入住日期', key: 'moveIn' },
  ];
  function* data() {
    for (let i = 0; i < rows; i++) {
      // Every row its own person: a birth day from 27 years of days, then the sequence number.
      const birth = new Date(Date.UTC(1950, 0, 1) + (i % 10_000) * 86_400_000).toISOString().slice(0, 10);
      yield {
        name: SURNAMES[i % SURNAMES.length] + GIVEN[(i * 7) % GIVEN.length] + GIVEN[(i * 13) % GIVEN.length],
        // Region 510104 (成都): the demo street's people are 500xxx, so nothing here matches them.
        id: makeCitizenId('510104', birth, Math.floor(i / 10_000) % 1000),
        phone: `1980${String(i).padStart(7, '0')}`,
        ethnicity: '汉族',
        hukou: '四川省成都市锦江区',
        type: i % 3 === 0 ? '流动' : '户籍',
        moveIn: '2024-05-01',
      };
    }
  }
  return writeXlsx('人口信息', columns, data());
}

interface Run {
  driver: string;
  pass: 'first' | 'again';
  seconds: number;
  status: string;
  created: number;
  updated: number;
  peakRssMb: number;
}

async function importOnce(
  url: string,
  file: Buffer,
  placeId: string,
): Promise<Omit<Run, 'driver' | 'pass' | 'peakRssMb'>> {
  const s = await login(url, 'shequ', 'anju2026');
  const t0 = performance.now();
  const res = await fetch(
    `${url}/api/v1/registry/imports?kind=people&mode=all&placeId=${placeId}&fileName=bench.xlsx`,
    {
      method: 'POST',
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrfToken, 'content-type': XLSX },
      body: new Uint8Array(file),
    },
  );
  if (res.status !== 202) throw new Error(`upload: ${res.status} ${await res.text()}`);
  const { id } = (await res.json()) as { id: string };
  for (;;) {
    await new Promise((r) => setTimeout(r, 250));
    const st = (await (
      await fetch(`${url}/api/v1/registry/imports/${id}`, { headers: { cookie: s.cookie } })
    ).json()) as {
      status: string;
      created: number;
      updated: number;
      message: string;
    };
    if (!['reading', 'writing'].includes(st.status)) {
      if (st.status !== 'done') throw new Error(`import ${st.status}: ${st.message}`);
      return {
        seconds: (performance.now() - t0) / 1000,
        status: st.status,
        created: st.created,
        updated: st.updated,
      };
    }
  }
}

async function main() {
  const t0 = performance.now();
  const file = await peopleFile(ROWS);
  console.info(
    `file: ${ROWS.toLocaleString('en-US')} rows, ${(file.length / 1048576).toFixed(1)} MB, written in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  const estate = demoPlaces().jinxiuEstate.id;
  const runs: Run[] = [];
  for (const driver of drivers) {
    let env: Record<string, string>;
    let cleanup: () => Promise<void>;
    if (driver === 'pglite') {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'anju-bench-import-'));
      env = { ANJU_DATA_DIR: dir, ANJU_DEMO: '1' };
      cleanup = async () => rmSync(dir, { recursive: true, force: true });
    } else {
      const url = await createDatabase(DEFAULT_ADMIN_URL, 'anju_bench_import');
      env = { DATABASE_URL: url, ANJU_DEMO: '1' };
      cleanup = () => dropDatabase(DEFAULT_ADMIN_URL, 'anju_bench_import');
    }
    const server = await startApp(env);
    try {
      for (const pass of ['first', 'again'] as const) {
        const r = await importOnce(server.url, file, estate);
        server.memory.sample();
        runs.push({ driver, pass, ...r, peakRssMb: Math.round(server.memory.hwmKb / 1024) });
        console.info(JSON.stringify(runs.at(-1)));
      }
    } finally {
      await server.stop();
      await cleanup();
    }
  }
  console.info(`\n| database | pass | rows | seconds | created | updated | server peak RSS |`);
  console.info(`|---|---|---|---|---|---|---|`);
  for (const r of runs) {
    console.info(
      `| ${r.driver} | ${r.pass} | ${ROWS.toLocaleString('en-US')} | ${r.seconds.toFixed(1)} | ${r.created} | ${r.updated} | ${r.peakRssMb} MB |`,
    );
  }
}

await main();
