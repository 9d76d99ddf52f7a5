// npm run bench — generate each size on each database, measure the ceiling and every scenario over
// HTTP against the built server, write BENCHMARKS.md. How it works: docs/benchmarks.md; options: --help.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hashPassword } from '../src/server/platform/auth/password.js';
import { BENCH_PASSWORD, BENCH_SECRET_KEY } from './lib/constants.js';
import { type Dataset, prepareDataset, serverVersion } from './lib/dataset.js';
import { login, probe, type Session } from './lib/http.js';
import { type LoadResult, runLoad } from './lib/load.js';
import { machineInfo } from './lib/machine.js';
import { loadModules } from './lib/modules.js';
import { type BenchOptions, parseOptions, USAGE } from './lib/options.js';
import { startStatementCounter, viaCounter } from './lib/pg-counter.js';
import { probeImports, ROOT, type ServerProcess, startApp, startServer, stopAllServers } from './lib/proc.js';
import {
  failures,
  missedTargets,
  type Report,
  type RunResult,
  renderMarkdown,
  renderSummary,
  reviveReport,
  type ScenarioResult,
} from './lib/report.js';
import { SIZES, type SizeSpec } from './lib/sizes.js';
import { type BenchModule, DEFAULT_TARGETS, type DriverName, p95Target, type Scenario } from './lib/types.js';

const log = (msg: string) => process.stdout.write(`${msg}\n`);

// Databases to remove if the run is interrupted (servers: see stopAllServers).
const datasets = new Set<Dataset>();

async function track<T>(server: ServerProcess, fn: (s: ServerProcess) => Promise<T>): Promise<T> {
  try {
    return await fn(server);
  } finally {
    await server.stop();
  }
}

function loadFailure(l: LoadResult): string | null {
  if (l.non2xx === 0 && l.errors === 0 && l.timeouts === 0 && l.requests > 0) return null;
  const codes = Object.entries(l.statusCodes)
    .filter(([c]) => !c.startsWith('2'))
    .map(([c, n]) => `${n}× ${c}`)
    .join(', ');
  return `${l.non2xx} non-2xx${codes ? ` (${codes})` : ''}, ${l.errors} errors, ${l.timeouts} timeouts, ${l.requests} ok`;
}

async function measureCeiling(ds: Dataset, o: BenchOptions, withBare: boolean, connections = o.connections) {
  const server = await startServer({
    args: ['--import', 'tsx', path.join('bench', 'ceiling-server.ts')],
    env: { ...ds.env, ANJU_SECRET_KEY: BENCH_SECRET_KEY, LOG_LEVEL: 'warn' },
    healthPath: '/ceiling/health',
    onLine: o.verbose ? (l) => log(`    [ceiling] ${l}`) : undefined,
  });
  return track(server, async (s) => {
    const load = { connections, duration: o.duration, warmup: o.warmup };
    const bare = withBare ? await runLoad({ url: s.url, paths: ['/ceiling/bare'], ...load }) : null;
    const query = await runLoad({
      url: s.url,
      paths: ds.ceilingIds.map((id) => `/ceiling/places/${id}`),
      ...load,
    });
    const failure = loadFailure(query) ?? (bare ? loadFailure(bare) : null);
    if (failure) throw new Error(`the ceiling route failed: ${failure}\n${s.output()}`);
    s.memory.stop();
    return {
      bare,
      query,
      memory: { readyRssKb: s.readyRssKb, hwmKb: s.memory.hwmKb, startSeconds: s.startSeconds },
    };
  });
}

async function runScenario(
  s: Scenario,
  ds: Dataset,
  server: ServerProcess,
  session: Session,
  o: BenchOptions,
): Promise<ScenarioResult> {
  const target = s.target === undefined ? DEFAULT_TARGETS[s.kind] : s.target;
  const connections = s.connections ?? o.connections;
  const base = {
    id: s.id,
    title: s.title,
    as: s.as,
    kind: s.kind,
    target,
    connections,
    p95Target: p95Target(s, ds.driver),
    ratio: null,
    met: null,
    ratioMet: null,
    p95Met: null,
    statements: null,
  };
  let paths: string[];
  try {
    paths = s.paths(ds.fixtures);
    if (paths.length === 0) throw new Error('no request paths for this size');
  } catch (err) {
    return {
      ...base,
      paths: 0,
      load: null,
      failure: (err as Error).message,
    };
  }
  // Every path must answer 2xx, and sample answers must be what the scenario means to measure.
  for (const [i, p] of paths.entries()) {
    const r = await probe(server.url, p, session, s.method);
    const bad =
      r.status < 200 || r.status >= 300
        ? `answered ${r.status}: ${r.text.slice(0, 300)}`
        : i < 3 && s.check
          ? s.check(r.body)
          : undefined;
    if (bad) return { ...base, paths: paths.length, load: null, failure: `${p}: ${bad}` };
  }
  const load = await runLoad({
    url: server.url,
    paths,
    method: s.method,
    headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken },
    connections,
    duration: o.duration,
    warmup: o.warmup,
  });
  let failure = loadFailure(load);
  if (failure) {
    // Show what a failing request answers.
    for (const p of paths) {
      const r = await probe(server.url, p, session, s.method);
      if (r.status < 200 || r.status >= 300) {
        failure += `; e.g. ${p} → ${r.status} ${r.text.slice(0, 200)}`;
        break;
      }
    }
  }
  return { ...base, paths: paths.length, load, failure };
}

/**
 * Throughput as a fraction of the ceiling at the scenario's concurrency, and whether its targets
 * (throughput, p95) are met.
 */
function judge(r: ScenarioResult, ceiling: LoadResult): ScenarioResult {
  if (!r.load) return r;
  const ratio = r.load.rps / ceiling.rps;
  const ratioMet = r.failure || r.target === null ? null : ratio >= r.target;
  const p95Met =
    r.failure || r.p95Target === null || r.p95Target === undefined ? null : r.load.p95 <= r.p95Target;
  const judged = [ratioMet, p95Met].filter((x): x is boolean => x !== null);
  const met = judged.length === 0 ? null : judged.every(Boolean);
  return { ...r, ratio, ratioMet, p95Met, met };
}

async function benchApp(ds: Dataset, scenarios: readonly Scenario[], o: BenchOptions) {
  const server = await startApp(ds.env, o.verbose ? (l) => log(`    [server] ${l}`) : undefined);
  return track(server, async (s) => {
    const sessions = new Map<string, Session>();
    const results: ScenarioResult[] = [];
    for (const sc of scenarios) {
      let session = sessions.get(sc.as);
      if (!session) {
        const username = ds.logins[sc.as];
        if (!username)
          throw new Error(`scenario ${sc.id} logs in as "${sc.as}", which no generator provides`);
        session = await login(s.url, username, BENCH_PASSWORD);
        sessions.set(sc.as, session);
      }
      const r = await runScenario(sc, ds, s, session, o);
      const l = r.load;
      log(
        `    ${r.id.padEnd(28)} ${l ? `p50 ${l.p50.toFixed(2)} ms  p95 ${l.p95.toFixed(2)} ms  p99 ${l.p99.toFixed(2)} ms  ${Math.round(l.rps)} req/s` : ''}` +
          (r.failure ? `  ❌ ${r.failure}` : ''),
      );
      results.push(r);
    }
    s.memory.stop();
    return {
      results,
      memory: { readyRssKb: s.readyRssKb, hwmKb: s.memory.hwmKb, startSeconds: s.startSeconds },
    };
  });
}

async function benchOne(
  size: SizeSpec,
  driver: DriverName,
  modules: readonly BenchModule[],
  scenarios: readonly Scenario[],
  ctx: { o: BenchOptions; workDir: string; now: Date; passwordHash: string; withBare: boolean },
): Promise<{ run: RunResult; bare: LoadResult | null }> {
  const t0 = performance.now();
  const { o } = ctx;
  const run: RunResult = {
    size,
    driver,
    engine: '',
    counts: {},
    derived: {},
    generation: [],
    generationSeconds: 0,
    checks: [],
    ceiling: null,
    ceilingRuns: [],
    ceilingMemory: null,
    app: null,
    scenarios: [],
    failure: null,
    seconds: 0,
  };
  let bare: LoadResult | null = null;
  log(`\n== ${size.name} (${size.people.toLocaleString('en-US')} people) × ${driver}`);
  let ds: Dataset | undefined;
  try {
    ds = await prepareDataset({
      size,
      driver,
      modules,
      adminUrl: o.adminUrl,
      workDir: ctx.workDir,
      now: ctx.now,
      secretKey: BENCH_SECRET_KEY,
      password: BENCH_PASSWORD,
      passwordHash: ctx.passwordHash,
      log: (m) => log(`  ${m}`),
    });
    datasets.add(ds);
    for (const m of modules) if (m.describe) Object.assign(run.derived, m.describe(ds.fixtures));
    Object.assign(run, {
      engine: ds.engine,
      counts: ds.counts,
      generation: ds.generation,
      generationSeconds: ds.generationSeconds,
      checks: ds.checks,
    });
    log(`  generated in ${ds.generationSeconds.toFixed(1)} s; ${ds.checks.join('; ')}`);
    // The ceiling before and after the scenarios: other load on the machine drifts, the mean is fairer.
    // Scenarios with their own concurrency get a ceiling measured at it too.
    const extra = [
      ...new Set(scenarios.map((s) => s.connections ?? o.connections).filter((n) => n !== o.connections)),
    ].sort((a, b) => a - b);
    const before = await measureCeiling(ds, o, ctx.withBare);
    bare = before.bare;
    logLoad('ceiling (before)', before.query);
    if (bare) logLoad('bare route, no database', bare);
    const extraBefore = new Map<number, LoadResult>();
    for (const n of extra) {
      extraBefore.set(n, (await measureCeiling(ds, o, false, n)).query);
      logLoad(`ceiling, ${n} conns (before)`, extraBefore.get(n)!);
    }
    const app = await benchApp(ds, scenarios, o);
    run.app = app.memory;
    const after = await measureCeiling(ds, o, false);
    logLoad('ceiling (after)', after.query);
    const ceiling = meanLoad([before.query, after.query]);
    run.ceiling = ceiling;
    run.ceilingRuns = [before.query, after.query];
    run.ceilingMemory = before.memory.hwmKb >= after.memory.hwmKb ? before.memory : after.memory;
    const ceilings = new Map<number, LoadResult>([[o.connections, ceiling]]);
    run.extraCeilings = [];
    for (const n of extra) {
      const a = (await measureCeiling(ds, o, false, n)).query;
      logLoad(`ceiling, ${n} conns (after)`, a);
      const runs = [extraBefore.get(n)!, a];
      const mean = meanLoad(runs);
      ceilings.set(n, mean);
      run.extraCeilings.push({ connections: n, runs, mean });
    }
    const statements = await countStatements(ds, scenarios, o);
    run.scenarios = app.results.map((r) => ({
      ...judge(r, ceilings.get(r.connections ?? o.connections) ?? ceiling),
      statements: statements.get(r.id) ?? null,
    }));
  } catch (err) {
    run.failure = (err as Error).message.split('\n')[0];
    log(`  ❌ ${(err as Error).stack ?? err}`);
  } finally {
    if (ds && !o.keep) {
      await ds.remove().catch((e) => log(`  could not remove the ${driver} database: ${e}`));
      datasets.delete(ds);
    } else if (ds) {
      log(`  kept: ${JSON.stringify(ds.env)}`);
    }
  }
  run.seconds = (performance.now() - t0) / 1000;
  return { run, bare };
}

/**
 * PostgreSQL only, unloaded: a second server whose pool goes through a counting relay answers a few
 * requests of each scenario, one at a time — database statements per request.
 */
async function countStatements(ds: Dataset, scenarios: readonly Scenario[], o: BenchOptions) {
  const counts = new Map<string, number>();
  const url = ds.env.DATABASE_URL;
  if (!url) return counts;
  const counter = await startStatementCounter(url);
  try {
    const server = await startApp(
      { DATABASE_URL: viaCounter(url, counter) },
      o.verbose ? (l) => log(`    [server] ${l}`) : undefined,
    );
    await track(server, async (s) => {
      const sessions = new Map<string, Session>();
      for (const sc of scenarios) {
        let session = sessions.get(sc.as);
        if (!session) {
          session = await login(s.url, ds.logins[sc.as], BENCH_PASSWORD);
          sessions.set(sc.as, session);
        }
        const paths = sc.paths(ds.fixtures);
        const n = Math.max(20, Math.min(paths.length, 50));
        // One request first: the session's once-a-minute touch must not count.
        await probe(s.url, paths[0], session, sc.method);
        counter.reset();
        for (let i = 0; i < n; i++) await probe(s.url, paths[i % paths.length], session, sc.method);
        counts.set(sc.id, counter.count / n);
      }
    });
  } finally {
    await counter.close();
  }
  return counts;
}

function logLoad(label: string, l: LoadResult) {
  log(
    `    ${label.padEnd(28)} p50 ${l.p50.toFixed(2)} ms  p99 ${l.p99.toFixed(2)} ms  ${Math.round(l.rps)} req/s`,
  );
}

/** The mean of several runs of the same load (throughput and percentiles averaged). */
function meanLoad(runs: LoadResult[]): LoadResult {
  const avg = (f: (l: LoadResult) => number) => runs.reduce((a, l) => a + f(l), 0) / runs.length;
  const sum = (f: (l: LoadResult) => number) => runs.reduce((a, l) => a + f(l), 0);
  return {
    requests: sum((l) => l.requests),
    seconds: sum((l) => l.seconds),
    rps: avg((l) => l.rps),
    p50: avg((l) => l.p50),
    p95: avg((l) => l.p95),
    p99: avg((l) => l.p99),
    max: Math.max(...runs.map((l) => l.max)),
    mean: avg((l) => l.mean),
    non2xx: sum((l) => l.non2xx),
    errors: sum((l) => l.errors),
    timeouts: sum((l) => l.timeouts),
    statusCodes: {},
  };
}

async function main() {
  let o: BenchOptions | 'help';
  try {
    o = parseOptions(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(2);
  }
  if (o === 'help') {
    log(USAGE);
    return;
  }
  const opts = o;
  const resultsFile = path.join(ROOT, 'bench', 'out', 'results.json');
  if (opts.renderOnly) {
    writeFileSync(opts.out, renderMarkdown(reviveReport(readFileSync(resultsFile, 'utf8'))));
    log(`report: ${path.relative(ROOT, opts.out)} (from ${path.relative(ROOT, resultsFile)})`);
    return;
  }
  const started = new Date();
  const t0 = performance.now();
  const machine = machineInfo();
  const modules = await loadModules();
  const scenarios = modules
    .flatMap((m) => m.scenarios ?? [])
    .filter((s) => opts.scenarios.length === 0 || opts.scenarios.some((f) => s.id.includes(f)));
  if (scenarios.length === 0) throw new Error(`no scenario matches ${opts.scenarios.join(', ')}`);
  log(
    `anju bench: sizes ${opts.sizes.join(', ')} · drivers ${opts.drivers.join(', ')} · ${scenarios.length} scenarios · ` +
      `${opts.duration} s + ${opts.warmup} s warm-up each, ${opts.connections} connections · load ${machine.loadavg[0].toFixed(2)}`,
  );
  const postgres = opts.drivers.includes('postgresql') ? await serverVersion(opts.adminUrl) : null;
  const importProbe = await probeImports();
  log(`RSS after importing the server's modules: ${Math.round(importProbe.rssKb / 1024)} MB`);
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'anju-bench-'));
  const now = new Date();

  const cleanup = async () => {
    await stopAllServers();
    if (!opts.keep) for (const d of datasets) await d.remove().catch(() => {});
    if (!opts.keep) rmSync(workDir, { recursive: true, force: true });
  };
  let interrupted = false;
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      interrupted = true;
      log(`\n${sig}: stopping servers and removing benchmark databases…`);
      void cleanup().finally(() => process.exit(130));
    });
  }

  const runs: RunResult[] = [];
  let bare: LoadResult | null = null;
  try {
    for (const name of opts.sizes) {
      const size = SIZES[name];
      for (const driver of opts.drivers) {
        if (interrupted) break;
        if (driver === 'pglite' && !size.pglite) continue;
        const r = await benchOne(size, driver, modules, scenarios, {
          o: opts,
          workDir,
          now,
          passwordHash,
          withBare: bare === null,
        });
        bare ??= r.bare;
        runs.push(r.run);
      }
    }
  } finally {
    await cleanup();
  }

  const report: Report = {
    started,
    wallSeconds: (performance.now() - t0) / 1000,
    machine,
    loadavgEnd: os.loadavg(),
    postgres,
    importProbe,
    bare,
    options: {
      duration: opts.duration,
      warmup: opts.warmup,
      connections: opts.connections,
      quick: opts.quick,
      note: opts.note,
    },
    runs,
  };
  mkdirSync(path.dirname(opts.out), { recursive: true });
  writeFileSync(opts.out, renderMarkdown(report));
  mkdirSync(path.join(ROOT, 'bench', 'out'), { recursive: true });
  writeFileSync(resultsFile, JSON.stringify(report, null, 2));
  log(renderSummary(report));
  log(`\nreport: ${path.relative(ROOT, opts.out)}`);
  const failed = failures(report);
  const missed = missedTargets(report);
  if (missed.length) log(`\ntargets missed (${missed.length}):\n${missed.map((m) => `  ${m}`).join('\n')}`);
  if (failed.length) {
    process.stderr.write(
      `\n❌ BENCHMARK FAILED (${failed.length}):\n${failed.map((f) => `  ${f}`).join('\n')}\n`,
    );
    process.exit(1);
  }
}

main().catch((err) => {
  process.stderr.write(`❌ bench failed: ${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
