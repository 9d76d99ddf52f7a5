import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { type Database, type Db, MIGRATIONS_FOLDER } from '../../db/index.js';
import { rows } from './catalog.js';
import { OpsError } from './errors.js';

// Which of the committed migrations a database (or a backup of one) has. A logical backup holds rows,
// not tables: it can only be loaded into a schema at exactly the level it was taken at.

interface JournalEntry {
  idx: number;
  when: number;
  tag: string;
  breakpoints: boolean;
}

interface Journal {
  version: string;
  dialect: string;
  entries: JournalEntry[];
}

function readJournal(folder = MIGRATIONS_FOLDER): Journal {
  return JSON.parse(readFileSync(path.join(folder, 'meta', '_journal.json'), 'utf8'));
}

/** The migrations this program carries, oldest first. */
export function journalEntries(): JournalEntry[] {
  return readJournal().entries;
}

export interface SchemaLevel {
  /** How many migrations the database records as applied. */
  applied: number;
  /** Tag of the last one (`0001_audit_append_only`), or null for a database without any. */
  last: string | null;
  /** Its journal timestamp: what drizzle's migrator compares to decide what is still to run. */
  lastAt: number | null;
}

export async function schemaLevel(db: Db): Promise<SchemaLevel> {
  const [exists] = await rows<{ t: string | null }>(
    db,
    sql`select to_regclass('drizzle.__drizzle_migrations')::text as t`,
  );
  if (!exists.t) return { applied: 0, last: null, lastAt: null };
  const applied = await rows<{ created_at: string }>(
    db,
    sql`select created_at::text as created_at from drizzle.__drizzle_migrations order by created_at`,
  );
  if (applied.length === 0) return { applied: 0, last: null, lastAt: null };
  const lastAt = Number(applied[applied.length - 1].created_at);
  const entry = readJournal().entries.find((e) => e.when === lastAt);
  return { applied: applied.length, last: entry?.tag ?? `未知迁移（${lastAt}）`, lastAt };
}

/** How a level compares with the migrations this program carries. */
export function compareWithCode(level: SchemaLevel): 'same' | 'older' | 'newer' {
  const entries = readJournal().entries;
  const latest = entries[entries.length - 1];
  if (level.lastAt === null) return entries.length === 0 ? 'same' : 'older';
  if (!latest || !entries.some((e) => e.when === level.lastAt)) return 'newer';
  return level.lastAt === latest.when ? 'same' : 'older';
}

export function describeLevel(level: SchemaLevel): string {
  return level.last ? `${level.applied} 个迁移，最后为 ${level.last}` : '尚未迁移';
}

export function sameLevel(a: SchemaLevel, b: SchemaLevel): boolean {
  return a.applied === b.applied && a.lastAt === b.lastAt;
}

export function newerThanCode(level: SchemaLevel): OpsError {
  return new OpsError(
    'SCHEMA_NEWER',
    `备份或数据库的结构版本（${describeLevel(level)}）比本程序新：请先把安居升级到与备份时相同或更新的版本`,
  );
}

/**
 * Brings an empty database to exactly `level`: all migrations when it is the program's own level
 * (through `database.migrate()`, as the app does), else the journal cut at that migration. The app's
 * next start applies the rest, as it would for any older installation.
 */
export async function migrateToLevel(database: Database, level: SchemaLevel): Promise<void> {
  const relation = compareWithCode(level);
  if (relation === 'newer') throw newerThanCode(level);
  if (relation === 'same') {
    await database.migrate();
    return;
  }
  if (level.lastAt === null) return;
  const full = readJournal();
  const entries = full.entries.filter((e) => e.when <= level.lastAt!);
  const folder = mkdtempSync(path.join(os.tmpdir(), 'anju-migrations-'));
  try {
    mkdirSync(path.join(folder, 'meta'));
    writeFileSync(path.join(folder, 'meta', '_journal.json'), JSON.stringify({ ...full, entries }));
    for (const e of entries) {
      copyFileSync(path.join(MIGRATIONS_FOLDER, `${e.tag}.sql`), path.join(folder, `${e.tag}.sql`));
    }
    const migrate = database.driver === 'pglite' ? migratePglite : migratePg;
    await migrate(database.db as never, { migrationsFolder: folder });
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
