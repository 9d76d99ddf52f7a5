import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import * as schema from './schema.js';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type DriverName = 'pglite' | 'postgresql';

export const MIGRATIONS_FOLDER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

export interface Database {
  /**
   * The handle every service uses. Inside `db.transaction(…)` it *is* the transaction: the
   * outer handle cannot be reached by mistake, which on PGlite would wait on itself forever.
   */
  db: Db;
  driver: DriverName;
  ping(): Promise<void>;
  /** Applies the committed migrations; on PostgreSQL one node at a time. */
  migrate(): Promise<void>;
  close(): Promise<void>;
  /** PGlite only: the whole data directory as a tarball (test snapshots, backups). */
  dump?(): Promise<Blob>;
}

/**
 * Wraps a root handle so that every use inside a transaction goes to that transaction.
 * PGlite runs one connection: a query on the root handle while a transaction holds it deadlocks.
 */
export function transactionScoped(root: Db): Db {
  const current = new AsyncLocalStorage<Db>();
  return new Proxy(root, {
    get(target, prop) {
      const active = current.getStore() ?? target;
      if (prop === 'transaction') {
        return (fn: (tx: Db) => Promise<unknown>, config?: unknown) =>
          active.transaction(
            (tx) => current.run(tx as unknown as Db, () => fn(tx as unknown as Db)),
            config as never,
          );
      }
      const value = Reflect.get(active, prop, active);
      return typeof value === 'function' ? value.bind(active) : value;
    },
  });
}

export async function openPglite(dataDir: string | undefined, loadDataDir?: Blob): Promise<Database> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const client = await PGlite.create(dataDir ?? 'memory://', loadDataDir ? { loadDataDir } : {});
  const root = drizzlePglite({ client, schema }) as unknown as Db;
  let closed = false;
  return {
    db: transactionScoped(root),
    driver: 'pglite',
    async dump() {
      return client.dumpDataDir('none');
    },
    async migrate() {
      await migratePglite(root as never, { migrationsFolder: MIGRATIONS_FOLDER });
    },
    async ping() {
      if (closed) throw Object.assign(new Error('embedded database closed'), { code: 'DB_CLOSED' });
      await client.query('select 1');
    },
    async close() {
      if (closed) return;
      closed = true;
      await client.close();
    },
  };
}

export async function openPostgres(url: string, options: { max?: number } = {}): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  // A dropped idle connection must not bring the process down; the next query reconnects.
  pool.on('error', () => {});
  const root = drizzlePg({ client: pool, schema }) as unknown as Db;
  return {
    db: transactionScoped(root),
    driver: 'postgresql',
    async ping() {
      await pool.query('select 1');
    },
    async migrate() {
      // A session-level advisory lock on a connection of its own: nodes starting together queue here.
      const client = await pool.connect();
      try {
        await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
        await migratePg(root as never, { migrationsFolder: MIGRATIONS_FOLDER });
      } finally {
        await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
        client.release();
      }
    },
    async close() {
      await pool.end();
    },
  };
}

export async function openDatabase(opts: { databaseUrl?: string; dataDir: string }): Promise<Database> {
  return opts.databaseUrl ? openPostgres(opts.databaseUrl) : openPglite(path.join(opts.dataDir, 'pglite'));
}

// Any constant works; it only has to be the same on every node.
const MIGRATION_LOCK = 7_262_026;
