// npm test: unit and integration tests on PGlite; the same integration suite on PostgreSQL when
// TEST_DATABASE_URL is set; browser tests when Chromium is found. Says which ran.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { root } from './web-build.mjs';

const vitest = path.join(root, 'node_modules/vitest/vitest.mjs');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'anju-test-'));
const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const withPostgres = Boolean(process.env.TEST_DATABASE_URL);
const withBrowser = existsSync(chromium);
const extra = process.argv.slice(2);

function run(name, args) {
  const out = path.join(tmp, `${name}.json`);
  const r = spawnSync(
    process.execPath,
    [vitest, 'run', ...args, '--reporter=default', '--reporter=json', `--outputFile.json=${out}`, ...extra],
    { cwd: root, stdio: 'inherit', env: { ...process.env, CHROMIUM_PATH: chromium } },
  );
  let passed = 0;
  let failed = 0;
  if (existsSync(out)) {
    const report = JSON.parse(readFileSync(out, 'utf8'));
    passed = report.numPassedTests;
    failed = report.numFailedTests + (report.numRuntimeErrorTestSuites ?? 0);
  }
  if (r.status !== 0 && failed === 0) failed = 1;
  return { passed, failed, ok: r.status === 0 };
}

const suites = [];
const projects = [
  '--project',
  'unit',
  '--project',
  'pglite',
  ...(withPostgres ? ['--project', 'postgres'] : []),
];
const main = run('main', projects);
suites.push([`单元测试 + 集成测试（PGlite${withPostgres ? ' 与 PostgreSQL' : ''}）`, main]);
if (withBrowser) suites.push(['浏览器测试（Chromium）', run('e2e', ['--config', 'vitest.e2e.config.ts'])]);

const lines = suites.map(([name, r]) => `  ${r.ok ? '✓' : '✗'} ${name}：${r.passed} 通过，${r.failed} 失败`);
if (!withPostgres) lines.push('  - 集成测试（PostgreSQL）：未运行（未设置 TEST_DATABASE_URL）');
if (!withBrowser) lines.push(`  - 浏览器测试：未运行（找不到 Chromium：${chromium}）`);
const passed = suites.reduce((n, [, r]) => n + r.passed, 0);
const failed = suites.reduce((n, [, r]) => n + r.failed, 0);
process.stdout.write(`\n测试套件：\n${lines.join('\n')}\n\n${passed} passed, ${failed} failed\n`);
process.exit(suites.every(([, r]) => r.ok) ? 0 : 1);
