// One benchmark database: created fresh, migrated by the app itself, filled by every module's
// generator, verified, analysed, counted — then closed so that a server process can open it.
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { seededRandom } from '../../demo/random.js';
import { type Database, openPglite, openPostgres } from '../../src/server/db/index.js';
import { syncBuiltinRoles } from '../../src/server/modules/org/service.js';
import { bulkInsert, type SqlClient } from './bulk.js';
import type { SizeSpec } from './sizes.js';
import type { AuditSeed, BenchModule, DriverName, Fixtures, GenContext } from './types.js';

export const DEFAULT_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/test';

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export function benchDatabaseName(size: string): string {
  return `anju_bench_${size}`;
}

/** Creates (or re-creates) a database through the admin connection; returns its URL. */
export async function createDatabase(adminUrl: string, name: string): Promise<string> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad database name ${name}`);
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  return withDatabase(adminUrl, name);
}

export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad database name ${name}`);
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${name} with (force)`);
  } finally {
    await admin.end();
  }
}

export async function serverVersion(adminUrl: string): Promise<string> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const r = await admin.query<{ v: string }>('select version() as v');
    return r.rows[0].v;
  } finally {
    await admin.end();
  }
}

/** The raw client under the app's Drizzle handle: its pg Pool, or its PGlite instance. */
export function rawClient(database: Database): SqlClient {
  const client = (database.db as unknown as { $client?: SqlClient }).$client;
  if (!client || typeof client.query !== 'function')
    throw new Error('the database handle exposes no $client');
  return client;
}

export interface DatasetOptions {
  size: SizeSpec;
  driver: DriverName;
  modules: readonly BenchModule[];
  /** PostgreSQL: the admin connection that creates anju_bench_<size>. */
  adminUrl: string;
  /** PGlite: the directory that becomes ANJU_DATA_DIR. */
  workDir: string;
  now: Date;
  secretKey: string;
  password: string;
  passwordHash: string;
  log(message: string): void;
}

export interface Dataset {
  size: SizeSpec;
  driver: DriverName;
  /** What a server needs to open it: DATABASE_URL or ANJU_DATA_DIR. */
  env: Record<string, string>;
  fixtures: Partial<Fixtures>;
  logins: Record<string, string>;
  /** Rows per table after generation. */
  counts: Record<string, number>;
  generation: { step: string; seconds: number }[];
  generationSeconds: number;
  checks: string[];
  /** Place ids for the ceiling route. */
  ceilingIds: string[];
  /** Engine version string (select version()). */
  engine: string;
  /** Drops the database or removes the data directory. */
  remove(): Promise<void>;
}

export async function prepareDataset(o: DatasetOptions): Promise<Dataset> {
  const t0 = performance.now();
  const generation: Dataset['generation'] = [];
  const step = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    const r = await fn();
    generation.push({ step: name, seconds: (performance.now() - t) / 1000 });
    return r;
  };

  let database: Database;
  let env: Record<string, string>;
  let remove: () => Promise<void>;
  const tOpen = performance.now();
  if (o.driver === 'postgresql') {
    const name = benchDatabaseName(o.size.name);
    const url = await createDatabase(o.adminUrl, name);
    database = await openPostgres(url);
    env = { DATABASE_URL: url };
    remove = () => dropDatabase(o.adminUrl, name);
  } else {
    const dataDir = path.join(o.workDir, `pglite-${o.size.name}`);
    rmSync(dataDir, { recursive: true, force: true });
    mkdirSync(dataDir, { recursive: true });
    database = await openPglite(path.join(dataDir, 'pglite'));
    env = { ANJU_DATA_DIR: dataDir };
    remove = async () => rmSync(dataDir, { recursive: true, force: true });
  }
  generation.push({ step: 'create', seconds: (performance.now() - tOpen) / 1000 });

  let result: Dataset;
  try {
    await step('migrate', async () => {
      await database.migrate();
      await syncBuiltinRoles(database.db);
    });
    const sql = rawClient(database);
    const fixtures: Partial<Fixtures> = {};
    const logins: Record<string, string> = {};
    const auditSeeds: AuditSeed[] = [];
    const rnd = seededRandom(o.size.seed);
    const ctx = (m: BenchModule): GenContext => ({
      size: o.size,
      driver: o.driver,
      sql,
      db: database.db,
      rnd,
      now: o.now,
      secretKey: o.secretKey,
      password: o.password,
      passwordHash: o.passwordHash,
      fixtures,
      logins,
      auditSeeds,
      insert: (table, columns, rows) => bulkInsert(sql, table, columns, rows),
      log: (msg) => o.log(`  ${m.name}: ${msg}`),
    });
    for (const m of o.modules) {
      if (m.generate) await step(m.name, () => m.generate!(ctx(m)));
    }
    await step('analyze', async () => {
      await sql.query('vacuum analyze');
    });
    const checks: string[] = [];
    for (const m of o.modules) {
      if (m.verify) checks.push(await step(`verify ${m.name}`, () => m.verify!(ctx(m))));
    }
    const counts = await countRows(sql);
    const ids = await sql.query<{ id: string }>('select id from places order by md5(id::text) limit 1000');
    const engine = (await sql.query<{ v: string }>('select version() as v')).rows[0].v;
    result = {
      size: o.size,
      driver: o.driver,
      env,
      fixtures,
      logins,
      counts,
      generation,
      generationSeconds: 0,
      checks,
      ceilingIds: ids.rows.map((r) => r.id),
      engine,
      remove,
    };
  } catch (err) {
    await database.close().catch(() => {});
    await remove().catch(() => {});
    throw err;
  }
  // PGlite writes its data directory out on close: part of the cost of loading it.
  await step('close', () => database.close());
  result.generationSeconds = (performance.now() - t0) / 1000;
  return result;
}

/** Exact row counts of every table of the application schema. */
export async function countRows(sql: SqlClient): Promise<Record<string, number>> {
  const tables = await sql.query<{ t: string }>(
    "select tablename as t from pg_tables where schemaname = 'public' order by tablename",
  );
  const counts: Record<string, number> = {};
  for (const { t } of tables.rows) {
    const r = await sql.query<{ n: string | number }>(`select count(*) as n from "${t.replace(/"/g, '""')}"`);
    counts[t] = Number(r.rows[0].n);
  }
  return counts;
}
