import { createWriteStream, existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { sql } from 'drizzle-orm';
import { type Database, type DriverName, openPglite, openPostgres } from '../../db/index.js';
import {
  type Archive,
  assertCanWrite,
  type Manifest,
  type ManifestBody,
  openArchive,
  writeArchive,
} from './archive.js';
import { listTables, qualified, rows, serverVersion } from './catalog.js';
import { describeConnectError, OpsError } from './errors.js';
import { compareFingerprints, type Fingerprint, fingerprintInTransaction, totalRows } from './fingerprint.js';
import { assertNotInUse } from './in-use.js';
import { checkKey, type KeyCheck } from './key-check.js';
import { pgDump, pgRestore, type ToolVersion, toolVersion, withoutPassword } from './pgtools.js';
import {
  compareWithCode,
  describeLevel,
  migrateToLevel,
  newerThanCode,
  type SchemaLevel,
  sameLevel,
  schemaLevel,
} from './schema-level.js';
import { copyAll, loadLogicalPayload, pgMessage, TableLoader, writeLogicalPayload } from './transfer.js';

export { fingerprint } from './fingerprint.js';
export type { Fingerprint, KeyCheck, Manifest };

/*
 * Backup, restore and the move from the embedded database to PostgreSQL. Every path ends the same way:
 * the target's fingerprint (row counts and checksums of every table, positions of every sequence) is
 * compared with the one taken from the source in the same snapshot as the data, and anything but
 * equality is a failure.
 */

export interface OpsOptions {
  /** Progress lines, in Chinese, for the command-line tools. */
  log?: (line: string) => void;
  /**
   * Restore: replace a target that already holds data. Elsewhere without /proc (not Linux): go on
   * although the embedded directory has a pid file, once sure the server is stopped.
   */
  force?: boolean;
  now?: () => Date;
  /** When given, checked against the personal data of the result (see key-check.ts). */
  secretKey?: string;
}

export interface BackupOptions extends OpsOptions {
  /** `logical` skips pg_dump / the data-directory snapshot: rows only, restorable on either driver. */
  format?: 'auto' | 'logical';
  /** The pg_dump to use; default from PATH. */
  pgDump?: string;
}

export interface BackupResult {
  file: string;
  bytes: number;
  manifest: Manifest;
  key?: KeyCheck;
}

export interface RestoreResult {
  manifest: Manifest;
  fingerprint: Fingerprint;
  tables: number;
  rows: number;
  /** Where the embedded database that was replaced (with --force) now lies. */
  movedAside?: string;
  key?: KeyCheck;
}

export interface MigrateResult {
  schema: SchemaLevel;
  fingerprint: Fingerprint;
  tables: number;
  rows: number;
  key?: KeyCheck;
}

const SNAPSHOT = { isolationLevel: 'repeatable read', accessMode: 'read only' } as const;

/** The embedded database lives in `<ANJU_DATA_DIR>/pglite` (see openDatabase). */
export function embeddedDir(dataDir: string): string {
  return path.join(path.resolve(dataDir), 'pglite');
}

const hasDatabase = (dir: string) => existsSync(path.join(dir, 'PG_VERSION'));
const stamp = (d: Date) => d.toISOString().replace(/[:.]/g, '-');

// ---- backup -----------------------------------------------------------------------------------------

/**
 * Backs up the embedded database. The server must be stopped: PGlite is one process's database, and
 * this opens it itself (a running server is detected and refused).
 */
export async function backupEmbedded(
  dataDir: string,
  outFile: string,
  opts: BackupOptions = {},
): Promise<BackupResult> {
  const dir = embeddedDir(dataDir);
  if (!hasDatabase(dir)) throw new OpsError('NO_DATABASE', `没有找到内嵌数据库：${dir}`);
  assertNotInUse(dir, '备份', opts);
  assertCanWrite(outFile);
  const database = await openPglite(dir);
  try {
    const result = await backupOpenPglite(database, outFile, opts);
    return { ...result, key: await keyOf(database, opts) };
  } finally {
    await database.close();
  }
}

/**
 * Backs up an open PGlite database. Consistent even while the same instance serves requests (they wait
 * for the snapshot); a *second* process on the directory is what must never happen.
 */
export async function backupOpenPglite(
  database: Database,
  outFile: string,
  opts: BackupOptions = {},
): Promise<BackupResult> {
  const server = await serverVersion(database.db);
  const source = { driver: 'pglite' as DriverName, server: `PGlite（PostgreSQL ${server.version}）` };
  if (opts.format === 'logical') {
    return backupLogical(
      database,
      outFile,
      { ...source, note: '按要求生成逻辑备份（--format logical）' },
      opts,
    );
  }
  const written = await writeArchive(outFile, now(opts), (payloadFile) =>
    // Inside one transaction: PGlite runs every other query after it, so the fingerprint and the
    // directory snapshot describe the same state even if this instance is serving requests.
    database.db.transaction(async (tx): Promise<ManifestBody> => {
      const schema = await schemaLevel(tx);
      const fp = await fingerprintInTransaction(tx);
      // A checkpoint first: the snapshot then opens without replaying WAL, and sequences come back
      // exactly where they were (a replay moves them on by up to 32).
      await tx.execute(sql`checkpoint`);
      // dump() waits only for a running query, not for this transaction: no deadlock.
      const tarball = Buffer.from(await (await database.dump!()).arrayBuffer());
      await pipeline(Readable.from([tarball]), createGzip(), createWriteStream(payloadFile, { mode: 0o600 }));
      return { kind: 'pglite', source, schema, fingerprint: fp };
    }, SNAPSHOT),
  );
  return { file: outFile, ...written };
}

/**
 * Backs up a PostgreSQL database: `pg_dump -Fc` when this machine has a pg_dump at least as new as the
 * server (an older one refuses to dump a newer server), otherwise every table's rows (logical).
 * Safe while the application runs: the manifest and the dump come from one exported snapshot.
 */
export async function backupPostgres(
  url: string,
  outFile: string,
  opts: BackupOptions = {},
): Promise<BackupResult> {
  assertCanWrite(outFile);
  const database = await connectPostgres(url);
  try {
    const server = await serverVersion(database.db);
    const source = { driver: 'postgresql' as DriverName, server: `PostgreSQL ${server.version}` };
    let note: string;
    if (opts.format === 'logical') {
      note = '按要求生成逻辑备份（--format logical）';
    } else {
      const tool = await toolVersion(opts.pgDump ?? 'pg_dump');
      if (tool && tool.major >= server.major) {
        const result = await backupWithPgDump(database, url, tool, source, outFile, opts);
        return { ...result, key: await keyOf(database, opts) };
      }
      note = tool
        ? `本机 pg_dump ${tool.version} 旧于服务器 ${server.version}（pg_dump 不能导出更新版本的服务器），改用逻辑备份`
        : '本机没有可用的 pg_dump，改用逻辑备份';
      log(opts, note);
    }
    const result = await backupLogical(database, outFile, { ...source, note }, opts);
    return { ...result, key: await keyOf(database, opts) };
  } finally {
    await database.close();
  }
}

async function backupWithPgDump(
  database: Database,
  url: string,
  tool: ToolVersion,
  source: Manifest['source'],
  outFile: string,
  opts: BackupOptions,
): Promise<BackupResult> {
  const written = await writeArchive(outFile, now(opts), (payloadFile) =>
    database.db.transaction(async (tx): Promise<ManifestBody> => {
      // pg_dump reads the snapshot this transaction exported: the fingerprint describes the same rows.
      const [{ id }] = await rows<{ id: string }>(tx, sql`select pg_export_snapshot() as id`);
      const fp = await fingerprintInTransaction(tx);
      const schema = await schemaLevel(tx);
      log(opts, `使用 pg_dump ${tool.version} 导出 …`);
      await pgDump(tool.bin, url, id, payloadFile);
      return {
        kind: 'pg_dump',
        source: { ...source, tool: `pg_dump ${tool.version}` },
        schema,
        fingerprint: fp,
      };
    }, SNAPSHOT),
  );
  return { file: outFile, ...written };
}

async function backupLogical(
  database: Database,
  outFile: string,
  source: Manifest['source'],
  opts: BackupOptions,
): Promise<BackupResult> {
  const written = await writeArchive(outFile, now(opts), (payloadFile) =>
    database.db.transaction(async (tx): Promise<ManifestBody> => {
      const fp = await fingerprintInTransaction(tx);
      const schema = await schemaLevel(tx);
      log(opts, '逐表导出数据 …');
      await writeLogicalPayload(tx, payloadFile);
      return { kind: 'logical', source, schema, fingerprint: fp };
    }, SNAPSHOT),
  );
  return { file: outFile, ...written };
}

// ---- restore ----------------------------------------------------------------------------------------

/**
 * Restores into the embedded database of `dataDir`. The server must be stopped. A directory that
 * already holds a database is replaced only with `force`, and then kept beside it, renamed.
 */
export async function restoreEmbedded(
  inFile: string,
  dataDir: string,
  opts: OpsOptions = {},
): Promise<RestoreResult> {
  const archive = await openArchive(inFile);
  const m = archive.manifest;
  if (m.kind === 'pg_dump') {
    throw new OpsError(
      'WRONG_TARGET',
      'pg_dump 格式的备份只能恢复到 PostgreSQL：请设置 DATABASE_URL 指向一个空库后再恢复',
    );
  }
  if (compareWithCode(m.schema) === 'newer') throw newerThanCode(m.schema);
  const dir = embeddedDir(dataDir);
  let movedAside: string | undefined;
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    assertNotInUse(dir, '恢复', opts);
    if (!opts.force) {
      throw new OpsError(
        'TARGET_NOT_EMPTY',
        `目标 ${dir} 已有${hasDatabase(dir) ? '数据库' : '文件'}：恢复会替换它。确认后加 --force（原目录改名保留，不会删除）`,
      );
    }
    movedAside = `${dir}.before-restore-${stamp(now(opts))}`;
    renameSync(dir, movedAside);
    log(opts, `原数据库已改名保留：${movedAside}`);
  }
  try {
    if (m.kind === 'pglite') {
      log(opts, '写入数据目录快照 …');
      const database = await openSnapshot(archive, dir);
      try {
        const actual = await database.db.transaction((tx) => fingerprintInTransaction(tx), SNAPSHOT);
        const diff = compareFingerprints(m.fingerprint, actual);
        if (diff.length) throw verifyFailed(diff);
        const key = await keyOf(database, opts);
        return {
          manifest: m,
          fingerprint: actual,
          tables: count(actual),
          rows: totalRows(actual),
          movedAside,
          key,
        };
      } finally {
        await database.close();
      }
    }
    const database = await openPglite(dir);
    try {
      await migrateToLevel(database, m.schema);
      const done = await loadVerified(database, m.fingerprint, (loader) =>
        loadLogicalPayload(archive.payload(), loader, (l) => log(opts, l)),
      );
      return { manifest: m, ...done, movedAside, key: await keyOf(database, opts) };
    } finally {
      await database.close();
    }
  } catch (err) {
    // Leave things as they were: no half-restored directory, the replaced one back in place.
    rmSync(dir, { recursive: true, force: true });
    if (movedAside) renameSync(movedAside, dir);
    throw err;
  }
}

/**
 * Restores into a PostgreSQL database (created beforehand, normally empty). A database holding rows is
 * emptied first only with `force`: its public and drizzle schemas are dropped and recreated.
 */
export async function restorePostgres(
  inFile: string,
  url: string,
  opts: OpsOptions = {},
): Promise<RestoreResult> {
  const archive = await openArchive(inFile);
  const m = archive.manifest;
  if (compareWithCode(m.schema) === 'newer') throw newerThanCode(m.schema);
  // Everything that can refuse is checked before the target is touched.
  let restoreTool: ToolVersion | null = null;
  if (m.kind === 'pg_dump') {
    restoreTool = await toolVersion('pg_restore');
    const needed = Number(/(\d+)/.exec(m.source.tool ?? '')?.[1] ?? 0);
    if (!restoreTool || restoreTool.major < needed) {
      throw new OpsError(
        'PG_TOOL_FAILED',
        `这是 ${m.source.tool} 生成的备份，恢复需要 PostgreSQL ${needed} 或更新的 pg_restore，本机${restoreTool ? `只有 ${restoreTool.version}` : '没有 pg_restore'}`,
      );
    }
  }
  const target = await connectPostgres(url);
  try {
    await emptyTarget(target, opts);
    if (m.kind === 'pg_dump') {
      log(opts, `使用 pg_restore ${restoreTool!.version} 恢复 …`);
      await pgRestore(restoreTool!.bin, url, archive.payload());
      const actual = await target.db.transaction((tx) => fingerprintInTransaction(tx), SNAPSHOT);
      const diff = compareFingerprints(m.fingerprint, actual);
      if (diff.length) {
        throw new OpsError(
          'VERIFY_FAILED',
          '恢复后的数据与备份清单不一致：请勿使用该库，检查后重新恢复',
          diff,
        );
      }
      const key = await keyOf(target, opts);
      return { manifest: m, fingerprint: actual, tables: count(actual), rows: totalRows(actual), key };
    }
    await migrateToLevel(target, m.schema);
    if (m.kind === 'logical') {
      const done = await loadVerified(target, m.fingerprint, (loader) =>
        loadLogicalPayload(archive.payload(), loader, (l) => log(opts, l)),
      );
      return { manifest: m, ...done, key: await keyOf(target, opts) };
    }
    // A PGlite snapshot onto PostgreSQL: open it in memory and copy, as migrate-to-postgres does.
    const source = await openSnapshot(archive);
    try {
      if (!sameLevel(await schemaLevel(source.db), m.schema)) {
        throw new OpsError('ARCHIVE_DAMAGED', '备份中的数据库结构版本与清单不符');
      }
      const done = await copyVerified(source, target, m.fingerprint, opts);
      return { manifest: m, ...done, key: await keyOf(target, opts) };
    } finally {
      await source.close();
    }
  } finally {
    await target.close();
  }
}

// ---- embedded → PostgreSQL --------------------------------------------------------------------------

/**
 * Moves the embedded database of `dataDir` to an empty PostgreSQL database: the target is migrated to
 * the same schema level, every table copied in one transaction and verified before it commits.
 * The embedded directory is left as it was (apart from migrations the program would apply at start).
 */
export async function migrateToPostgres(
  dataDir: string,
  url: string,
  opts: OpsOptions = {},
): Promise<MigrateResult> {
  const dir = embeddedDir(dataDir);
  if (!hasDatabase(dir)) throw new OpsError('NO_DATABASE', `没有找到内嵌数据库：${dir}`);
  assertNotInUse(dir, '迁移', opts);
  const target = await connectPostgres(url);
  try {
    await assertNoUsers(target);
    const source = await openPglite(dir);
    try {
      const result = await migrateDatabase(source, target, opts);
      return { ...result, key: await keyOf(target, opts) };
    } finally {
      await source.close();
    }
  } finally {
    await target.close();
  }
}

/** The move itself, between two open databases (of either driver). */
export async function migrateDatabase(
  source: Database,
  target: Database,
  opts: OpsOptions = {},
): Promise<MigrateResult> {
  await assertNoUsers(target);
  let level = await schemaLevel(source.db);
  const relation = compareWithCode(level);
  if (relation === 'newer') throw newerThanCode(level);
  if (relation === 'older') {
    log(opts, `源库结构版本较旧（${describeLevel(level)}），先升级到当前版本 …`);
    await source.migrate();
    level = await schemaLevel(source.db);
  }
  const before = await schemaLevel(target.db);
  if (compareWithCode(before) === 'newer') throw newerThanCode(before);
  log(opts, `迁移目标库结构（${describeLevel(level)}）…`);
  await target.migrate();
  const reached = await schemaLevel(target.db);
  if (!sameLevel(level, reached)) {
    throw new OpsError(
      'SCHEMA_MISMATCH',
      `目标库结构版本（${describeLevel(reached)}）与源库（${describeLevel(level)}）不一致`,
    );
  }
  log(opts, '复制数据（一个事务）…');
  const done = await copyVerified(source, target, undefined, opts);
  return { schema: level, ...done };
}

// ---- shared steps -----------------------------------------------------------------------------------

/** Copies source → target in one target transaction, verified against `expected` (default: source). */
async function copyVerified(
  source: Database,
  target: Database,
  expected: Fingerprint | undefined,
  opts: OpsOptions,
): Promise<{ fingerprint: Fingerprint; tables: number; rows: number }> {
  return source.db.transaction(async (stx) => {
    const sourceFp = await fingerprintInTransaction(stx);
    return loadVerified(target, expected ?? sourceFp, (loader) => copyAll(stx, loader, (l) => log(opts, l)));
  }, SNAPSHOT);
}

/** Fills the target in one transaction and compares before committing: a mismatch leaves it unchanged. */
async function loadVerified(
  target: Database,
  expected: Fingerprint,
  fill: (loader: TableLoader) => Promise<{ tables: number; rows: number }>,
): Promise<{ fingerprint: Fingerprint; tables: number; rows: number }> {
  return target.db.transaction(async (tx) => {
    const loader = await TableLoader.open(tx);
    const counts = await fill(loader);
    await loader.finish();
    const actual = await fingerprintInTransaction(tx);
    const diff = compareFingerprints(expected, actual);
    if (diff.length) throw verifyFailed(diff);
    return { fingerprint: actual, ...counts };
  });
}

function verifyFailed(diff: string[]): OpsError {
  return new OpsError('VERIFY_FAILED', '恢复后的数据与备份清单不一致，已撤销，目标保持原样', diff);
}

/** Opens a data-directory snapshot: in memory, or written into `dir`. */
async function openSnapshot(archive: Archive, dir?: string): Promise<Database> {
  const blob = new Blob([new Uint8Array(await archive.payloadBuffer())], { type: 'application/gzip' });
  try {
    return await openPglite(dir, blob);
  } catch (err) {
    // A snapshot is tied to PGlite's PostgreSQL major version; a logical backup is not.
    throw new OpsError(
      'WRONG_TARGET',
      '无法打开备份中的数据目录快照：它可能来自另一版本的 PGlite 内核。请用备份时的安居版本恢复，再用 --format logical 重新备份',
      [pgMessage(err)],
    );
  }
}

async function connectPostgres(url: string): Promise<Database> {
  const database = await openPostgres(url, { max: 3 });
  try {
    await database.ping();
  } catch (err) {
    await database.close().catch(() => {});
    throw describeConnectError(err, withoutPassword(url, '***'));
  }
  return database;
}

async function assertNoUsers(target: Database): Promise<void> {
  const [{ t }] = await rows<{ t: string | null }>(
    target.db,
    sql`select to_regclass('public.users')::text as t`,
  );
  if (!t) return;
  const [{ n }] = await rows<{ n: string }>(target.db, sql`select count(*)::text as n from public.users`);
  if (Number(n) > 0) {
    throw new OpsError(
      'TARGET_HAS_USERS',
      `目标库已有 ${n} 个用户账号：只能迁移到新建的空库（为免覆盖正在使用的系统，未做任何改动）`,
    );
  }
}

/**
 * Makes a PostgreSQL target empty: refused when any table holds rows (unless `force`); schemas with
 * empty tables (a database someone only migrated) are cleared without asking.
 */
async function emptyTarget(target: Database, opts: OpsOptions): Promise<void> {
  const db = target.db;
  const filled: string[] = [];
  for (const t of await listTables(db)) {
    const [{ any }] = await rows<{ any: boolean | string }>(
      db,
      sql`select exists (select 1 from ${qualified(t)}) as any`,
    );
    if (any === true || any === 't') filled.push(t);
  }
  if (filled.length > 0 && !opts.force) {
    const shown = filled.slice(0, 6).join('、') + (filled.length > 6 ? ` 等 ${filled.length} 张表` : '');
    throw new OpsError(
      'TARGET_NOT_EMPTY',
      `目标库已有数据（${shown}）：恢复会清空整个库。确认后加 --force（建议先备份该库）`,
    );
  }
  const [{ objects }] = await rows<{ objects: string }>(
    db,
    sql`select ((select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public')
        + (select count(*) from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname = 'public')
        + (select count(*) from pg_namespace where nspname = 'drizzle'))::text as objects`,
  );
  if (Number(objects) === 0) return;
  log(opts, filled.length ? `清空目标库（${filled.length} 张表有数据）…` : '清除目标库中的空表 …');
  await db.transaction(async (tx) => {
    await tx.execute(sql`drop schema if exists drizzle cascade`);
    await tx.execute(sql`drop schema if exists public cascade`);
    await tx.execute(sql`create schema public`);
    await tx.execute(sql`grant usage on schema public to public`);
  });
}

const keyOf = async (database: Database, opts: OpsOptions) =>
  opts.secretKey ? checkKey(database.db, opts.secretKey) : undefined;
const count = (fp: Fingerprint) => Object.keys(fp.tables).length;
const now = (opts: OpsOptions) => (opts.now ?? (() => new Date()))();
const log = (opts: OpsOptions, line: string) => opts.log?.(line);
