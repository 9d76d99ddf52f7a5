import { sql } from 'drizzle-orm';
import type { Db } from '../../db/index.js';
import { rows } from '../../db/sql.js';
import { OpsError } from './errors.js';

// What backup, restore and migration need to know about a database, read from its catalog so that
// every table a capability adds later is covered without touching this code.

export { rows } from '../../db/sql.js';

/** `public."name"`: every application table lives in the public schema. */
export const qualified = (name: string) => sql`${sql.identifier('public')}.${sql.identifier(name)}`;

/**
 * Fixes every setting that changes how values print and parse, for this transaction only, so that
 * row text is the same on PGlite (PostgreSQL 18) and a PostgreSQL 15 server whatever their defaults.
 */
export async function normalizeSession(tx: Db): Promise<void> {
  await tx.execute(sql`select
    set_config('TimeZone', 'UTC', true),
    set_config('DateStyle', 'ISO, YMD', true),
    set_config('IntervalStyle', 'postgres', true),
    set_config('extra_float_digits', '1', true),
    set_config('bytea_output', 'hex', true)`);
}

/** Ordinary and partitioned tables of the public schema; partitions are reached through their parent. */
export async function listTables(db: Db): Promise<string[]> {
  const found = await rows<{ name: string }>(
    db,
    sql`select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition
          and c.relname <> '__drizzle_migrations'
        order by c.relname collate "C"`,
  );
  return found.map((r) => r.name);
}

export async function listSequences(db: Db): Promise<string[]> {
  const found = await rows<{ name: string }>(
    db,
    sql`select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind = 'S' order by c.relname collate "C"`,
  );
  return found.map((r) => r.name);
}

export interface SequenceState {
  lastValue: string;
  isCalled: boolean;
}

export async function sequenceState(db: Db, name: string): Promise<SequenceState> {
  const [s] = await rows<{ last_value: string; is_called: boolean | string }>(
    db,
    sql`select last_value::text as last_value, is_called from ${qualified(name)}`,
  );
  return { lastValue: s.last_value, isCalled: s.is_called === true || s.is_called === 't' };
}

export interface TableInfo {
  name: string;
  /** Columns an INSERT may name (generated columns are computed by the target). */
  columns: string[];
  /** The table references itself (places.parent_id): its rows must arrive in one statement. */
  selfReferencing: boolean;
}

/**
 * Tables in an order in which each one's foreign keys point only to tables already filled.
 * A table referring to itself is fine (see `selfReferencing`); a cycle between tables is not.
 */
export async function tablesInCopyOrder(db: Db): Promise<TableInfo[]> {
  const names = await listTables(db);
  const known = new Set(names);
  const edges = await rows<{ child: string; parent: string }>(
    db,
    sql`select distinct ch.relname as child, pa.relname as parent
        from pg_constraint c
        join pg_class ch on ch.oid = c.conrelid join pg_namespace cn on cn.oid = ch.relnamespace
        join pg_class pa on pa.oid = c.confrelid join pg_namespace pn on pn.oid = pa.relnamespace
        where c.contype = 'f' and cn.nspname = 'public' and pn.nspname = 'public'`,
  );
  const columns = await rows<{ table: string; column: string }>(
    db,
    sql`select c.relname as table, a.attname as column
        from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind in ('r', 'p') and a.attnum > 0 and not a.attisdropped
          and a.attgenerated = ''
        order by c.relname, a.attnum`,
  );
  const parents = new Map(names.map((n) => [n, new Set<string>()]));
  const selfRef = new Set<string>();
  for (const e of edges) {
    if (!known.has(e.child) || !known.has(e.parent)) continue;
    if (e.child === e.parent) selfRef.add(e.child);
    else parents.get(e.child)!.add(e.parent);
  }
  const order: string[] = [];
  const placed = new Set<string>();
  while (order.length < names.length) {
    // Deterministic: among the tables whose parents are all placed, the first by name.
    const next = names.find((n) => !placed.has(n) && [...parents.get(n)!].every((p) => placed.has(p)));
    if (!next) {
      const stuck = names.filter((n) => !placed.has(n));
      throw new OpsError('FK_CYCLE', `这些表的外键互相引用，无法确定复制顺序：${stuck.join('、')}`);
    }
    order.push(next);
    placed.add(next);
  }
  return order.map((name) => ({
    name,
    columns: columns.filter((c) => c.table === name).map((c) => c.column),
    selfReferencing: selfRef.has(name),
  }));
}

export async function serverVersion(db: Db): Promise<{ major: number; version: string }> {
  const [r] = await rows<{ num: string; version: string }>(
    db,
    sql`select current_setting('server_version_num') as num, current_setting('server_version') as version`,
  );
  return { major: Math.floor(Number(r.num) / 10_000), version: r.version.split(' ')[0] };
}
