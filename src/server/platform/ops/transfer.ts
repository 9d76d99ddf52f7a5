import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/index.js';
import {
  listSequences,
  normalizeSession,
  qualified,
  rows,
  type SequenceState,
  sequenceState,
  type TableInfo,
  tablesInCopyOrder,
} from './catalog.js';
import { OpsError } from './errors.js';

/*
 * Rows travel as the text form of the whole row (`t::text`, e.g. `(3f2…,,street,GN,古南街道,…)`) and are
 * read back with the row type's own input function (`r::public.t`): the same text round trip COPY
 * makes, exact for every column type, on PGlite and on PostgreSQL, needing nothing but SQL (node-postgres
 * has no COPY FROM STDIN of its own). Both sides run with the settings of `normalizeSession`.
 */

const BATCH = 2_000;

/** One table's rows, a batch at a time, through a cursor: memory stays flat at any table size. */
export async function* readRows(tx: Db, table: string): AsyncGenerator<string[]> {
  await tx.execute(
    sql`declare anju_copy no scroll cursor for select t::text as r from ${qualified(table)} t`,
  );
  try {
    for (;;) {
      const batch = await rows<{ r: string }>(tx, sql.raw(`fetch ${BATCH} from anju_copy`));
      if (batch.length === 0) break;
      yield batch.map((b) => b.r);
    }
  } finally {
    await tx.execute(sql`close anju_copy`);
  }
}

/**
 * Loads rows into a target inside the caller's transaction: empties the tables first (rows a migration
 * may have seeded; the audit log's append-only trigger refuses, which is right: such a target is not
 * empty), holds back user triggers as pg_restore does, and takes a self-referencing table (places) in
 * one INSERT from a staging table, because its foreign key is checked at the end of each statement.
 */
export class TableLoader {
  private current: { info: TableInfo; loaded: number } | null = null;

  private constructor(
    private readonly tx: Db,
    private readonly tables: Map<string, TableInfo>,
    private readonly withTriggers: string[],
  ) {}

  static async open(tx: Db): Promise<TableLoader> {
    await normalizeSession(tx);
    const order = await tablesInCopyOrder(tx);
    for (const t of [...order].reverse()) {
      const [{ any }] = await rows<{ any: boolean | string }>(
        tx,
        sql`select exists (select 1 from ${qualified(t.name)}) as any`,
      );
      if (any === true || any === 't') {
        try {
          await tx.execute(sql`delete from ${qualified(t.name)}`);
        } catch (err) {
          throw new OpsError(
            'TARGET_NOT_EMPTY',
            `目标库的表 ${t.name} 已有数据且不允许删除：目标库不是空库`,
            [pgMessage(err)],
          );
        }
      }
    }
    const triggers = await rows<{ table: string }>(
      tx,
      sql`select distinct c.relname as table from pg_trigger g join pg_class c on c.oid = g.tgrelid
          join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = 'public' and not g.tgisinternal`,
    );
    const withTriggers = triggers.map((t) => t.table);
    for (const t of withTriggers) await tx.execute(sql`alter table ${qualified(t)} disable trigger user`);
    return new TableLoader(tx, new Map(order.map((t) => [t.name, t])), withTriggers);
  }

  async begin(table: string): Promise<void> {
    const info = this.tables.get(table);
    if (!info) {
      throw new OpsError('SCHEMA_MISMATCH', `目标库没有表 ${table}：源与目标的结构版本不一致`);
    }
    this.current = { info, loaded: 0 };
    if (info.selfReferencing) {
      await this.tx.execute(sql`create temp table anju_stage (like ${qualified(table)}) on commit drop`);
    }
  }

  async add(batch: string[]): Promise<void> {
    const cur = this.current!;
    if (batch.length === 0) return;
    const name = cur.info.name;
    const parsed = sql`(select r::${qualified(name)} as x from json_array_elements_text(${JSON.stringify(batch)}::json) as j(r) offset 0) s`;
    if (cur.info.selfReferencing) {
      await this.tx.execute(sql`insert into anju_stage select (x).* from ${parsed}`);
    } else {
      const cols = sql.join(
        cur.info.columns.map((c) => sql.identifier(c)),
        sql`, `,
      );
      const values = sql.join(
        cur.info.columns.map((c) => sql`(x).${sql.identifier(c)}`),
        sql`, `,
      );
      await this.tx.execute(
        sql`insert into ${qualified(name)} (${cols}) overriding system value select ${values} from ${parsed}`,
      );
    }
    cur.loaded += batch.length;
  }

  /** Ends the table; returns how many rows it received. */
  async end(): Promise<number> {
    const cur = this.current!;
    if (cur.info.selfReferencing) {
      const cols = sql.join(
        cur.info.columns.map((c) => sql.identifier(c)),
        sql`, `,
      );
      await this.tx.execute(
        sql`insert into ${qualified(cur.info.name)} (${cols}) overriding system value select ${cols} from anju_stage`,
      );
      await this.tx.execute(sql`drop table anju_stage`);
    }
    this.current = null;
    return cur.loaded;
  }

  /** Sequences keep their exact position, gaps included: an id handed out once is never reused. */
  async setSequence(name: string, state: SequenceState): Promise<void> {
    await this.tx.execute(
      sql`select setval(${`public.${quoteIdent(name)}`}::regclass, ${state.lastValue}::bigint, ${state.isCalled})`,
    );
  }

  async finish(): Promise<void> {
    for (const t of this.withTriggers) {
      await this.tx.execute(sql`alter table ${qualified(t)} enable trigger user`);
    }
  }
}

/**
 * Copies every table and sequence from a source transaction into a loader, table by table in foreign
 * key order; the row count of each table is checked as it goes.
 */
export async function copyAll(
  source: Db,
  loader: TableLoader,
  log: (line: string) => void = () => {},
): Promise<{ tables: number; rows: number }> {
  await normalizeSession(source);
  const order = (await tablesInCopyOrder(source)).map((t) => t.name);
  let total = 0;
  for (const table of order) {
    await loader.begin(table);
    for await (const batch of readRows(source, table)) await loader.add(batch);
    const n = await loader.end();
    total += n;
    log(`  ${table}：${n} 行`);
  }
  for (const name of await listSequences(source)) {
    await loader.setSequence(name, await sequenceState(source, name));
  }
  return { tables: order.length, rows: total };
}

// ---- the logical payload: gzip'd JSON lines -----------------------------------------------------
//   {"table":"places"}                    a table starts
//   "(3f2…,,street,GN,古南街道,…)"        one row, as its text form
//   {"end":"places","rows":123}           the table ends, with its row count
//   {"sequence":"login_attempts_id_seq","lastValue":"7","isCalled":true}

export async function writeLogicalPayload(tx: Db, file: string): Promise<void> {
  await normalizeSession(tx);
  const gzip = createGzip();
  const out = createWriteStream(file, { mode: 0o600 });
  gzip.pipe(out);
  const write = async (value: unknown) => {
    if (!gzip.write(`${JSON.stringify(value)}\n`)) await once(gzip, 'drain');
  };
  for (const { name } of await tablesInCopyOrder(tx)) {
    await write({ table: name });
    let n = 0;
    for await (const batch of readRows(tx, name)) {
      for (const r of batch) await write(r);
      n += batch.length;
    }
    await write({ end: name, rows: n });
  }
  for (const name of await listSequences(tx)) {
    await write({ sequence: name, ...(await sequenceState(tx, name)) });
  }
  gzip.end();
  await finished(out);
}

export async function loadLogicalPayload(
  input: Readable,
  loader: TableLoader,
  log: (line: string) => void = () => {},
): Promise<{ tables: number; rows: number }> {
  const gunzip = createGunzip();
  input.on('error', (err) => gunzip.destroy(err));
  const lines = createInterface({ input: input.pipe(gunzip), crlfDelay: Number.POSITIVE_INFINITY });
  let batch: string[] = [];
  let table: string | null = null;
  let tables = 0;
  let total = 0;
  const damaged = (why: string) => new OpsError('ARCHIVE_DAMAGED', `备份数据格式有误：${why}`);
  for await (const line of lines) {
    if (line === '') continue;
    let item:
      | string
      | { table: string }
      | { end: string; rows: number }
      | ({ sequence: string } & SequenceState);
    try {
      item = JSON.parse(line);
    } catch {
      throw damaged('无法解析的行');
    }
    if (typeof item === 'string') {
      if (!table) throw damaged('数据行不属于任何表');
      batch.push(item);
      if (batch.length >= BATCH) {
        await loader.add(batch);
        batch = [];
      }
    } else if ('table' in item) {
      if (table) throw damaged(`表 ${table} 没有结束标记`);
      table = item.table;
      await loader.begin(table);
    } else if ('end' in item) {
      if (item.end !== table) throw damaged(`结束标记 ${item.end} 与表 ${table} 不符`);
      await loader.add(batch);
      batch = [];
      const n = await loader.end();
      if (n !== item.rows) throw damaged(`表 ${table} 应有 ${item.rows} 行，读到 ${n} 行`);
      log(`  ${table}：${n} 行`);
      tables += 1;
      total += n;
      table = null;
    } else if ('sequence' in item) {
      await loader.setSequence(item.sequence, { lastValue: item.lastValue, isCalled: item.isCalled });
    }
  }
  if (table) throw damaged(`表 ${table} 没有结束标记（文件被截断？）`);
  return { tables, rows: total };
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** The database's own message, whether drizzle wrapped the error or not. */
export function pgMessage(err: unknown): string {
  const e = err as { cause?: { message?: string }; message?: string };
  return e.cause?.message ?? e.message ?? String(err);
}
