// The contract between the harness and each capability's benchmark file (bench/scenarios/<module>.ts).
import type { Random } from '../../demo/random.js';
import type { Db } from '../../src/server/db/index.js';
import type { BulkColumn, SqlClient } from './bulk.js';
import type { SizeSpec } from './sizes.js';

export type DriverName = 'postgresql' | 'pglite';

/**
 * What generators leave for scenarios (and for later generators): each module adds its own key by
 * declaration merging, e.g.
 *
 *   declare module '../lib/types.js' { interface Fixtures { org: OrgFixtures } }
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled in by declaration merging in bench/scenarios/*.ts
export interface Fixtures {}

/** An audit-trail entry another module wants in the generated history (the audit module chains them). */
export interface AuditSeed {
  at: Date;
  actorId: string | null;
  actorName: string | null;
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  placeId?: string | null;
  placePath?: string | null;
  before?: unknown;
  after?: unknown;
  ip?: string | null;
  userAgent?: string | null;
}

export interface GenContext {
  size: SizeSpec;
  driver: DriverName;
  /** The raw client of the app's own pool / PGlite instance: for bulk SQL. */
  sql: SqlClient;
  /** The app's Drizzle handle on the same database (for reads and for reusing services). */
  db: Db;
  /** Seeded: the same size yields the same rows (and ids) on every driver. */
  rnd: Random;
  /** The run's reference time: generated history ends just before it. */
  now: Date;
  /** ANJU_SECRET_KEY of the benchmark: personal data must be encrypted with it. */
  secretKey: string;
  /** The password every generated account has, and its argon2id hash (computed once). */
  password: string;
  passwordHash: string;
  fixtures: Partial<Fixtures>;
  /** Accounts scenarios log in as: login key (e.g. 'street_admin') → username. */
  logins: Record<string, string>;
  /** Entries for the audit trail; the audit module merges them into one valid chain. */
  auditSeeds: AuditSeed[];
  /** Multi-row insert in batches (INSERT … SELECT FROM unnest(…)); accepts any iterable of rows. */
  insert(table: string, columns: readonly BulkColumn[], rows: Iterable<readonly unknown[]>): Promise<number>;
  log(message: string): void;
}

/** Scenario classes: `list` and `search` carry the ≥ 50 %-of-ceiling target unless `target` says otherwise. */
export type ScenarioKind = 'list' | 'search' | 'detail' | 'session' | 'write';

export interface Scenario {
  /** Stable id, `<module>.<what>`: used by --scenarios filters and in the report. */
  id: string;
  /** What it measures, 中文 / English. */
  title: string;
  /** Login key (see GenContext.logins) whose session cookie the requests carry. */
  as: string;
  kind: ScenarioKind;
  /** Minimum throughput as a fraction of the ceiling; null: no target. Default by kind. */
  target?: number | null;
  /**
   * Concurrent connections of this scenario's load (an issue's "with 4 concurrent clients");
   * default: the run's --connections. Its ratio is taken against a ceiling measured at the same
   * concurrency in the same run.
   */
  connections?: number;
  /** Latency target: p95 in ms, for every driver or per driver (a driver left out: no target). */
  p95?: number | Partial<Record<DriverName, number>>;
  method?: 'GET' | 'POST';
  /** Request paths the connections rotate through (realistic spread of ids and parameters). */
  paths(fixtures: Partial<Fixtures>): string[];
  /** Checked once per path sample before the load: return an error text when the answer is not
   *  what the scenario means to measure (e.g. an empty search). */
  check?(body: unknown): string | undefined;
}

export interface BenchModule {
  name: string;
  /** Modules whose generators must run first; 'all' runs this one last (the audit chain does). */
  after?: readonly string[] | 'all';
  generate?(ctx: GenContext): Promise<void>;
  /** Integrity checks after all generators ran (e.g. the audit chain verifies). */
  verify?(ctx: GenContext): Promise<string>;
  scenarios?: readonly Scenario[];
  /** Rows for the report's data-size table (label → count), from what the generator left. */
  describe?(fixtures: Partial<Fixtures>): Record<string, number>;
}

export function defineModule(m: BenchModule): BenchModule {
  return m;
}

/** A fixture another module left, or a clear error when its generator did not run. */
export function need<K extends keyof Fixtures>(fixtures: Partial<Fixtures>, key: K): Fixtures[K] {
  const f = fixtures[key];
  if (f === undefined)
    throw new Error(`benchmark fixture "${String(key)}" is missing: its module did not run`);
  return f as Fixtures[K];
}

export const DEFAULT_TARGETS: Record<ScenarioKind, number | null> = {
  list: 0.5,
  search: 0.5,
  detail: null,
  session: null,
  write: null,
};

/** A scenario's p95 target (ms) on a driver, or null. */
export function p95Target(s: Pick<Scenario, 'p95'>, driver: DriverName): number | null {
  if (s.p95 === undefined) return null;
  if (typeof s.p95 === 'number') return s.p95;
  return s.p95[driver] ?? null;
}
