// BENCHMARKS.md and the console summary.
import type { LoadResult } from './load.js';
import type { MachineInfo } from './machine.js';
import type { ImportProbe } from './proc.js';
import type { SizeSpec } from './sizes.js';
import type { DriverName, ScenarioKind } from './types.js';

export interface ScenarioResult {
  id: string;
  title: string;
  as: string;
  kind: ScenarioKind;
  target: number | null;
  /** Distinct request paths rotated through. */
  paths: number;
  load: LoadResult | null;
  /** Throughput as a fraction of the ceiling. */
  ratio: number | null;
  /** Every target of the scenario met (throughput and p95); null: it has none, or it failed. */
  met: boolean | null;
  /** The throughput target alone (absent in results written before it existed: see `met`). */
  ratioMet?: boolean | null;
  /** Concurrent connections of its load (absent in older results: the run's). */
  connections?: number;
  /** p95 target in ms and whether it was met (null: no latency target). */
  p95Target?: number | null;
  p95Met?: boolean | null;
  /** Database statements per request (PostgreSQL, measured unloaded through a counting relay). */
  statements: number | null;
  failure: string | null;
}

export interface ServerMemory {
  /** RSS once healthy, before any benchmark request, KiB. */
  readyRssKb: number;
  /** VmHWM at the end of the run (peak over the process's life), KiB. */
  hwmKb: number;
  startSeconds: number;
}

export interface RunResult {
  size: SizeSpec;
  driver: DriverName;
  engine: string;
  counts: Record<string, number>;
  derived: Record<string, number>;
  generation: { step: string; seconds: number }[];
  generationSeconds: number;
  checks: string[];
  /** The mean of the ceiling measured before and after the scenarios (ratios use this). */
  ceiling: LoadResult | null;
  ceilingRuns: LoadResult[];
  /** Ceilings at other concurrencies than the run's, for scenarios with their own `connections`. */
  extraCeilings?: { connections: number; runs: LoadResult[]; mean: LoadResult }[];
  ceilingMemory: ServerMemory | null;
  app: ServerMemory | null;
  scenarios: ScenarioResult[];
  failure: string | null;
  seconds: number;
}

export interface Report {
  started: Date;
  wallSeconds: number;
  machine: MachineInfo;
  loadavgEnd: number[];
  postgres: string | null;
  importProbe: ImportProbe | null;
  bare: LoadResult | null;
  options: { duration: number; warmup: number; connections: number; quick: boolean; note: string | null };
  runs: RunResult[];
}

const DRIVER_LABEL: Record<DriverName, string> = { postgresql: 'PostgreSQL', pglite: 'PGlite' };
const mb = (kb: number) => (Number.isFinite(kb) ? `${(kb / 1024).toFixed(0)} MB` : '—');
const ms = (v: number) => (Number.isFinite(v) ? (v < 10 ? v.toFixed(2) : v.toFixed(1)) : '—');
const rps = (v: number) => (Number.isFinite(v) ? Math.round(v).toLocaleString('en-US') : '—');
const pct = (v: number | null) => (v === null || !Number.isFinite(v) ? '—' : `${Math.round(v * 100)} %`);
const int = (v: number | undefined) => (v === undefined ? '—' : v.toLocaleString('en-US'));
const secs = (v: number) =>
  v < 100 ? `${v.toFixed(1)} s` : `${Math.floor(v / 60)} min ${Math.round(v % 60)} s`;

function metCell(s: ScenarioResult): string {
  if (s.failure) return '❌ 失败 failed';
  if (s.met === null) return '—';
  return s.met ? '✅ 达标 met' : '❌ 未达标 missed';
}

export function failures(report: Report): string[] {
  const out: string[] = [];
  for (const r of report.runs) {
    const where = `${r.size.name} × ${DRIVER_LABEL[r.driver]}`;
    if (r.failure) out.push(`${where}: ${r.failure}`);
    for (const s of r.scenarios) if (s.failure) out.push(`${where} ${s.id}: ${s.failure}`);
  }
  return out;
}

export function missedTargets(report: Report): string[] {
  const out: string[] = [];
  for (const r of report.runs) {
    for (const s of r.scenarios) {
      const where = `${r.size.name} × ${DRIVER_LABEL[r.driver]} ${s.id}`;
      const ratioMissed = s.ratioMet === undefined ? s.met === false : s.ratioMet === false;
      if (ratioMissed) out.push(`${where}: ${pct(s.ratio)} < ${pct(s.target)}`);
      if (s.p95Met === false && s.load)
        out.push(`${where}: p95 ${ms(s.load.p95)} ms > ${ms(s.p95Target ?? Number.NaN)} ms`);
    }
  }
  return out;
}

/** Number of targets (throughput and p95 count separately) judged in a report. */
function judgedTargets(report: Report): number {
  let n = 0;
  for (const r of report.runs) {
    for (const s of r.scenarios) {
      const ratioJudged = s.ratioMet === undefined ? s.met !== null : s.ratioMet !== null;
      if (ratioJudged) n += 1;
      if (s.p95Met !== undefined && s.p95Met !== null) n += 1;
    }
  }
  return n;
}

function targetCell(s: ScenarioResult): string {
  const parts: string[] = [];
  if (s.target !== null) parts.push(`≥ ${pct(s.target)}`);
  if (s.p95Target !== undefined && s.p95Target !== null) parts.push(`p95 ≤ ${ms(s.p95Target)} ms`);
  return parts.length ? parts.join(' · ') : '—';
}

function scenarioTable(r: RunResult, connections: number): string[] {
  const lines = [
    '| 场景 Scenario | 身份 As | 并发 Conns | p50 ms | p95 ms | p99 ms | req/s | 占上限 of ceiling | 目标 Target | 结果 Result | SQL/req |',
    '|---|---|--:|--:|--:|--:|--:|--:|--:|---|--:|',
  ];
  const ceilings = [...(r.ceiling ? [{ connections, mean: r.ceiling }] : []), ...(r.extraCeilings ?? [])];
  for (const { connections: n, mean: c } of ceilings) {
    lines.push(
      `| **上限 ceiling** — bare route, 1 indexed query (mean of before/after) | — | ${n} | ${ms(c.p50)} | ${ms(c.p95)} | ${ms(c.p99)} | **${rps(c.rps)}** | 100 % | — | — | 1 |`,
    );
  }
  for (const s of r.scenarios) {
    const l = s.load;
    lines.push(
      `| \`${s.id}\` ${s.title} | ${s.as} | ${s.connections ?? connections} | ${l ? ms(l.p50) : '—'} | ${l ? ms(l.p95) : '—'} | ${l ? ms(l.p99) : '—'} | ${l ? rps(l.rps) : '—'} | ${pct(s.ratio)} | ${targetCell(s)} | ${metCell(s)} | ${s.statements === null ? '—' : s.statements.toFixed(1)} |`,
    );
  }
  return lines;
}

const TABLE_ORDER = ['places', 'users', 'user_roles', 'roles', 'audit_log', 'sessions', 'login_attempts'];

/** A report read back from bench/out/results.json (dates arrive as strings). */
export function reviveReport(json: string): Report {
  const r = JSON.parse(json) as Report;
  r.started = new Date(r.started);
  return r;
}

export function renderMarkdown(report: Report): string {
  const m = report.machine;
  const o = report.options;
  const sizes = [...new Map(report.runs.map((r) => [r.size.name, r])).values()];
  const out: string[] = [];
  out.push('# 性能基准 Benchmarks', '');
  out.push(
    `> 由 \`npm run bench\` 生成，请勿手工编辑 · Generated by \`npm run bench\` — do not edit by hand.`,
    `> ${report.started.toISOString().replace('T', ' ').slice(0, 16)} UTC · 全程 wall clock ${secs(report.wallSeconds)}` +
      ` · ${o.duration} s measured + ${o.warmup} s warm-up per scenario, ${o.connections} connections` +
      (o.quick ? ' · **--quick (development figures)**' : ''),
    '',
  );
  if (o.note) out.push(`> **注 Note:** ${o.note}`, '');
  const busy = Math.max(m.loadavg[0], report.loadavgEnd[0]) > 0.7;
  out.push(
    `> 运行前后的负载 Load average at start / end (1 min): ${m.loadavg[0].toFixed(2)} / ${report.loadavgEnd[0].toFixed(2)}` +
      (busy
        ? ' — 机器上同时有其他工作，数字偏保守 (other work was using the machine: figures are on the conservative side).'
        : ''),
    '',
  );
  const fails = failures(report);
  if (fails.length) {
    out.push('## ❌ 运行失败 Run failed', '', ...fails.map((f) => `- ${f}`), '');
  }

  out.push(
    '## 如何阅读 How to read',
    '',
    '每个规模（小区、街道、区）在每种数据库上各生成一份数据，用生产方式（`node scripts/start.mjs`）启动已构建的服务，',
    '以真实角色登录后用 autocannon 并发压测关键接口。**上限**是同一数据库、同样大小连接池上的一个裸 Fastify 路由，',
    '只做一次主键查询 (`select … from places where id = $1`)：任何接口都不可能比它快，所以“占上限”表示接口自身的',
    '开销（会话解析、权限范围、多次查询、序列化）还剩多少余量。列表与搜索的目标是达到上限的 50 % 以上。',
    'p50/p95/p99 是响应时间的百分位（毫秒）：p99 = 100 个请求里最慢的那一个。压测客户端与服务在同一台 2 核机器上，',
    '两者争用 CPU，所以绝对值偏低，比值更可信。PGlite 运行在服务进程的主线程里，吞吐天然受限（约 1,000 req/s 量级）。',
    '“SQL/req”是每个请求发给数据库的语句数（在 PostgreSQL 上经计数中继、无负载时测得；上限为 1）：往返次数是与上限差距的主因。',
    '',
    'Each size (estate, street, district) is generated on each database, the built server is started the way',
    'production starts it, and autocannon drives the key API calls with the session of a realistic role. The',
    '**ceiling** is a bare Fastify route doing one primary-key lookup on the same database and the same pool size:',
    'no API call can be faster, so "of ceiling" says how much the call itself costs on top (session resolution,',
    'scope, its queries, serialisation). Target: list and search calls at ≥ 50 % of the ceiling. p50/p95/p99 are',
    'latency percentiles in ms. Load generator and server share this machine, so absolute figures are low and the',
    'ratios are the more telling number. PGlite runs on the server’s main thread and is capped near 1,000 req/s.',
    '"SQL/req" is the number of database statements per request (counted on PostgreSQL through a relay, unloaded;',
    'the ceiling does 1): round trips are what most of the distance to the ceiling is made of.',
    '',
  );

  out.push('## 机器与版本 Machine and versions', '');
  out.push(
    '| | |',
    '|---|---|',
    `| CPU | ${m.cpuModel}, ${m.cores} cores |`,
    `| 内存 Memory | ${m.memoryGiB.toFixed(1)} GiB |`,
    `| 系统 OS | ${m.kernel} |`,
    `| Node.js | ${m.node} |`,
    `| PostgreSQL | ${report.postgres ?? '— (not run)'} |`,
    `| PGlite | ${m.pglite}${pgliteEngine(report) ? ` (${pgliteEngine(report)})` : ''} |`,
    `| autocannon | ${m.autocannon} |`,
    `| 代码 Commit | ${m.commit} |`,
    `| 日期 Date | ${report.started.toISOString()} |`,
    '',
  );

  out.push('## 数据规模 Data sizes', '');
  out.push(
    '人口与房屋数是规模的定义；住户与房屋表随人口登记模块一起到来，在此之前地点树和账号按这些数推算。',
    'People and houses define a size; their tables arrive with the registry, until then the place tree and the',
    'accounts are derived from them (houses/60 buildings, 2–4 units each, a grid per 300 houses with 微网格 below,',
    'an estate per 1,500 houses, a community per 5 estates, a street per 30,000 houses, an account per 400 people',
    'but at least the standing posts of each place, so the estate has more; audit: ~2 entries per account per day',
    'for 30 days, one valid hash chain). Details: docs/benchmarks.md.',
    '',
  );
  const head = `| | ${sizes.map((r) => r.size.label).join(' | ')} |`;
  out.push(head, `|---|${sizes.map(() => '--:').join('|')}|`);
  out.push(`| 人口 people | ${sizes.map((r) => int(r.size.people)).join(' | ')} |`);
  out.push(`| 房屋 houses | ${sizes.map((r) => int(r.size.houses)).join(' | ')} |`);
  const derivedKeys = [...new Set(sizes.flatMap((r) => Object.keys(r.derived)))];
  for (const k of derivedKeys) out.push(`| ${k} | ${sizes.map((r) => int(r.derived[k])).join(' | ')} |`);
  const tables = [
    ...TABLE_ORDER.filter((t) => sizes.some((r) => t in r.counts)),
    ...[...new Set(sizes.flatMap((r) => Object.keys(r.counts)))]
      .filter((t) => !TABLE_ORDER.includes(t))
      .sort(),
  ];
  for (const t of tables) out.push(`| table \`${t}\` | ${sizes.map((r) => int(r.counts[t])).join(' | ')} |`);
  out.push('');

  out.push('## 结果 Results', '');
  for (const r of report.runs) {
    out.push(`### ${r.size.label} × ${DRIVER_LABEL[r.driver]}`, '');
    if (r.failure) out.push(`**❌ ${r.failure}**`, '');
    out.push(...scenarioTable(r, o.connections), '');
    if (r.app) {
      out.push(
        `服务进程内存 Server memory: ${mb(r.app.readyRssKb)} when ready, peak ${mb(r.app.hwmKb)} (VmHWM) · ` +
          `ceiling process peak ${r.ceilingMemory ? mb(r.ceilingMemory.hwmKb) : '—'} · ` +
          `start ${r.app.startSeconds.toFixed(1)} s`,
        '',
      );
    }
  }

  out.push('## 上限 Ceiling', '');
  out.push(
    '上限在场景前后各测一次，比值用两次的平均值 · Measured before and after the scenarios; ratios use the mean.',
    '',
    '| | before req/s | after req/s | mean req/s | p50 ms | p99 ms |',
    '|---|--:|--:|--:|--:|--:|',
  );
  if (report.bare) {
    const b = report.bare;
    out.push(
      `| 无数据库的裸路由 bare route, no database | ${rps(b.rps)} | — | ${rps(b.rps)} | ${ms(b.p50)} | ${ms(b.p99)} |`,
    );
  }
  for (const r of report.runs) {
    if (r.ceiling) {
      const [before, after] = r.ceilingRuns;
      out.push(
        `| ${r.size.label} × ${DRIVER_LABEL[r.driver]}: 1 indexed query | ${before ? rps(before.rps) : '—'} | ${after ? rps(after.rps) : '—'} | ${rps(r.ceiling.rps)} | ${ms(r.ceiling.p50)} | ${ms(r.ceiling.p99)} |`,
      );
    }
    for (const x of r.extraCeilings ?? []) {
      const [before, after] = x.runs;
      out.push(
        `| ${r.size.label} × ${DRIVER_LABEL[r.driver]}: 1 indexed query, ${x.connections} connections | ${before ? rps(before.rps) : '—'} | ${after ? rps(after.rps) : '—'} | ${rps(x.mean.rps)} | ${ms(x.mean.p50)} | ${ms(x.mean.p99)} |`,
      );
    }
  }
  out.push('');

  out.push('## 内存 Memory', '');
  const p = report.importProbe;
  if (p) {
    out.push(
      `导入服务端全部模块后（未连接数据库、未处理请求）RSS after importing the server's modules (no database, no request): ` +
        `**${mb(p.rssKb)}** (of which node + tsx alone ${mb(p.baselineKb)}; heap used ${mb(p.heapUsedKb)}; import ${p.importMs} ms).`,
      '',
    );
  }
  out.push('| | ready | peak (VmHWM) | ceiling process peak |', '|---|--:|--:|--:|');
  for (const r of report.runs) {
    if (r.app) {
      out.push(
        `| ${r.size.label} × ${DRIVER_LABEL[r.driver]} | ${mb(r.app.readyRssKb)} | ${mb(r.app.hwmKb)} | ${r.ceilingMemory ? mb(r.ceilingMemory.hwmKb) : '—'} |`,
      );
    }
  }
  out.push('');

  out.push('## 生成时间 Generation time', '');
  out.push('| | total | steps |', '|---|--:|---|');
  for (const r of report.runs) {
    const steps = r.generation.map((g) => `${g.step} ${g.seconds.toFixed(1)} s`).join(' · ');
    out.push(`| ${r.size.label} × ${DRIVER_LABEL[r.driver]} | ${secs(r.generationSeconds)} | ${steps} |`);
  }
  out.push('');
  const checks = [
    ...new Set(
      report.runs.flatMap((r) => r.checks.map((c) => `${r.size.name} × ${DRIVER_LABEL[r.driver]}: ${c}`)),
    ),
  ];
  if (checks.length) out.push('校验 Checks:', '', ...checks.map((c) => `- ${c}`), '');

  out.push('## 目标 Targets', '');
  const missed = missedTargets(report);
  const judged = judgedTargets(report);
  out.push(
    missed.length
      ? `${judged - missed.length} / ${judged} met. 未达标 Missed:`
      : `全部达标 All ${judged} targets met.`,
    '',
    ...missed.map((x) => `- ${x}`),
    '',
  );
  out.push(
    '重新运行 Re-run: `npm run bench` (all sizes; wall clock above) · `npm run bench -- --sizes estate --quick` (development)',
    '',
  );
  return out.join('\n');
}

function pgliteEngine(report: Report): string | null {
  const r = report.runs.find((x) => x.driver === 'pglite');
  return r ? (r.engine.split(' on ')[0] ?? r.engine) : null;
}

/** A compact plain-text summary for the terminal. */
export function renderSummary(report: Report): string {
  const out: string[] = [''];
  const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));
  const lpad = (s: string, n: number) => (s.length >= n ? s : ' '.repeat(n - s.length) + s);
  out.push(
    `  ${pad('', 28)} ${lpad('p50', 7)} ${lpad('p95', 7)} ${lpad('p99', 7)} ${lpad('req/s', 8)}       ${lpad('ratio', 6)}`,
  );
  for (const r of report.runs) {
    out.push(`${r.size.name} × ${DRIVER_LABEL[r.driver]}  (generation ${secs(r.generationSeconds)})`);
    if (r.failure) out.push(`  FAILED: ${r.failure}`);
    for (const x of r.extraCeilings ?? []) {
      out.push(
        `  ${pad(`ceiling (${x.connections} conns)`, 28)} ${lpad(ms(x.mean.p50), 7)} ${lpad(ms(x.mean.p95), 7)} ${lpad(ms(x.mean.p99), 7)} ${lpad(rps(x.mean.rps), 8)} req/s`,
      );
    }
    if (r.ceiling) {
      out.push(
        `  ${pad('ceiling', 28)} ${lpad(ms(r.ceiling.p50), 7)} ${lpad(ms(r.ceiling.p95), 7)} ${lpad(ms(r.ceiling.p99), 7)} ${lpad(rps(r.ceiling.rps), 8)} req/s`,
      );
    }
    for (const s of r.scenarios) {
      const l = s.load;
      const p95 =
        s.p95Met === undefined || s.p95Met === null
          ? ''
          : ` (p95 ≤ ${ms(s.p95Target ?? Number.NaN)} ms ${s.p95Met ? 'met' : 'MISSED'})`;
      const verdict = s.failure
        ? `FAILED ${s.failure}`
        : s.met === null
          ? ''
          : `${s.met ? 'met' : 'MISSED'}${p95}`;
      out.push(
        `  ${pad(s.id, 28)} ${lpad(l ? ms(l.p50) : '—', 7)} ${lpad(l ? ms(l.p95) : '—', 7)} ${lpad(l ? ms(l.p99) : '—', 7)} ${lpad(l ? rps(l.rps) : '—', 8)} req/s ${lpad(pct(s.ratio), 6)} ${verdict}`,
      );
    }
    if (r.app) out.push(`  server RSS ready ${mb(r.app.readyRssKb)}, peak ${mb(r.app.hwmKb)}`);
    out.push('');
  }
  if (report.importProbe) out.push(`RSS after imports: ${mb(report.importProbe.rssKb)}`);
  if (report.bare) out.push(`bare route (no database): ${rps(report.bare.rps)} req/s`);
  out.push(`wall clock: ${secs(report.wallSeconds)}`);
  return out.join('\n');
}
