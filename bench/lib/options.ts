import path from 'node:path';
import { ROOT } from './proc.js';
import { DEFAULT_SIZES, isSizeName, SIZE_NAMES, type SizeName } from './sizes.js';
import type { DriverName } from './types.js';

export interface BenchOptions {
  sizes: SizeName[];
  drivers: DriverName[];
  /** Seconds measured per scenario. */
  duration: number;
  /** Seconds of unmeasured load before each scenario. */
  warmup: number;
  connections: number;
  /** Scenario id filters (substring match); empty: all. */
  scenarios: string[];
  keep: boolean;
  quick: boolean;
  verbose: boolean;
  /** Where the Markdown report goes. */
  out: string;
  /** Whether this run writes the committed BENCHMARKS.md (a full, unfiltered run). */
  official: boolean;
  note: string | null;
  adminUrl: string;
  /** Re-render the report from bench/out/results.json without running anything. */
  renderOnly: boolean;
}

export const USAGE = `npm run bench [-- options]

  --sizes estate,street,district   sizes to run (default: all three; also town, 50,000 people,
                                   only when named)
  --drivers postgresql,pglite      drivers (default: both; PGlite only at estate and street)
  --quick                          development run: 3 s per scenario, 1 s warm-up
  --duration <s>                   seconds measured per scenario (default 10)
  --warmup <s>                     seconds of warm-up per scenario (default 2)
  --connections <n>                concurrent connections (default 10)
  --scenarios <id,…>               only scenarios whose id contains one of these
  --keep                           keep the benchmark databases and data directories
  --out <file>                     report path (default: BENCHMARKS.md for a full run,
                                   bench/out/BENCHMARKS.partial.md otherwise)
  --note <text>                    a remark printed at the top of the report
  --verbose                        echo the servers' output
  --render-only                    rewrite the report from bench/out/results.json (no run)

  BENCH_DATABASE_URL               admin connection to the PostgreSQL server that gets the
                                   anju_bench_<size> databases (default postgres://postgres@127.0.0.1:5432/test)`;

function list(v: string): string[] {
  return v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function positive(name: string, v: string | undefined, integer = false): number {
  const n = Number(v);
  if (!v || !Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) {
    throw new Error(`--${name} needs a positive ${integer ? 'integer' : 'number'}`);
  }
  return n;
}

export function parseOptions(argv: string[], env: NodeJS.ProcessEnv = process.env): BenchOptions | 'help' {
  const o = {
    sizes: [...DEFAULT_SIZES],
    drivers: ['postgresql', 'pglite'] as DriverName[],
    duration: 10,
    warmup: 2,
    connections: 10,
    scenarios: [] as string[],
    keep: false,
    quick: false,
    verbose: false,
    out: '',
    note: null as string | null,
    renderOnly: false,
  };
  let durationSet = false;
  let warmupSet = false;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--help':
      case '-h':
        return 'help';
      case '--sizes': {
        const s = list(value() ?? '');
        const bad = s.filter((x) => !isSizeName(x));
        if (bad.length || s.length === 0) throw new Error(`--sizes: unknown size ${bad.join(', ')}`);
        o.sizes = SIZE_NAMES.filter((n) => s.includes(n));
        break;
      }
      case '--drivers': {
        const d = list(value() ?? '').map((x) => (x === 'pg' || x === 'postgres' ? 'postgresql' : x));
        const bad = d.filter((x) => x !== 'postgresql' && x !== 'pglite');
        if (bad.length || d.length === 0) throw new Error(`--drivers: unknown driver ${bad.join(', ')}`);
        o.drivers = d as DriverName[];
        break;
      }
      case '--quick':
        o.quick = true;
        break;
      case '--duration':
        o.duration = positive('duration', value());
        durationSet = true;
        break;
      case '--warmup':
        o.warmup = Number(value());
        if (!Number.isFinite(o.warmup) || o.warmup < 0) throw new Error('--warmup needs a number ≥ 0');
        warmupSet = true;
        break;
      case '--connections':
        o.connections = positive('connections', value(), true);
        break;
      case '--scenarios':
        o.scenarios = list(value() ?? '');
        break;
      case '--keep':
        o.keep = true;
        break;
      case '--verbose':
        o.verbose = true;
        break;
      case '--render-only':
        o.renderOnly = true;
        break;
      case '--out':
        o.out = value() ?? '';
        break;
      case '--note':
        o.note = value() ?? null;
        break;
      default:
        throw new Error(`unknown option ${argv[i]}\n\n${USAGE}`);
    }
  }
  if (o.quick) {
    if (!durationSet) o.duration = 3;
    if (!warmupSet) o.warmup = 1;
  }
  const official =
    o.renderOnly ||
    (!o.quick &&
      o.sizes.length === DEFAULT_SIZES.length &&
      DEFAULT_SIZES.every((n) => o.sizes.includes(n)) &&
      o.drivers.length === 2 &&
      o.scenarios.length === 0);
  const out = o.out
    ? path.resolve(o.out)
    : official
      ? path.join(ROOT, 'BENCHMARKS.md')
      : path.join(ROOT, 'bench', 'out', 'BENCHMARKS.partial.md');
  return {
    ...o,
    out,
    official,
    adminUrl: env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test',
  };
}
