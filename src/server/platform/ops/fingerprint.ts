import { sql } from 'drizzle-orm';
import type { Db } from '../../db/index.js';
import {
  listSequences,
  listTables,
  normalizeSession,
  qualified,
  rows,
  type SequenceState,
  sequenceState,
} from './catalog.js';

/**
 * What a database holds, small enough to carry in a backup's manifest: per table its row count and a
 * checksum of its rows, per sequence its position. Two databases with equal fingerprints hold the same
 * rows (drizzle's migration bookkeeping is compared separately, as the schema level).
 */
export interface Fingerprint {
  tables: Record<string, { rows: number; md5: string }>;
  sequences: Record<string, SequenceState>;
}

/** Reads the fingerprint in one read-only snapshot. */
export async function fingerprint(db: Db): Promise<Fingerprint> {
  return db.transaction((tx) => fingerprintInTransaction(tx), {
    isolationLevel: 'repeatable read',
    accessMode: 'read only',
  });
}

/**
 * The same, inside a transaction the caller holds (a copy verifies before it commits).
 * Each row is hashed as its text form and the sorted row hashes are hashed again: independent of
 * physical order, and unlike one string_agg of whole rows it stays far below the 1 GB text limit
 * at a million rows. "C" collation: the order must not depend on the server's locale.
 */
export async function fingerprintInTransaction(tx: Db): Promise<Fingerprint> {
  await normalizeSession(tx);
  const result: Fingerprint = { tables: {}, sequences: {} };
  for (const name of await listTables(tx)) {
    const [r] = await rows<{ n: string; md5: string }>(
      tx,
      sql`select count(*)::text as n,
            md5(coalesce(string_agg(h, ',' order by h collate "C"), '')) as md5
          from (select md5(t::text) as h from ${qualified(name)} t) s`,
    );
    result.tables[name] = { rows: Number(r.n), md5: r.md5 };
  }
  for (const name of await listSequences(tx)) {
    result.sequences[name] = await sequenceState(tx, name);
  }
  return result;
}

/** Differences, in Chinese, between what was expected (a manifest) and what a database holds. */
export function compareFingerprints(expected: Fingerprint, actual: Fingerprint): string[] {
  const out: string[] = [];
  const tables = new Set([...Object.keys(expected.tables), ...Object.keys(actual.tables)]);
  for (const t of [...tables].sort()) {
    const e = expected.tables[t];
    const a = actual.tables[t];
    if (!a) out.push(`表 ${t}：恢复后不存在`);
    else if (!e) out.push(`表 ${t}：备份中没有这张表`);
    else if (e.rows !== a.rows) out.push(`表 ${t}：应有 ${e.rows} 行，实有 ${a.rows} 行`);
    else if (e.md5 !== a.md5) out.push(`表 ${t}：行数相同（${a.rows}），但内容校验值不同`);
  }
  const seqs = new Set([...Object.keys(expected.sequences), ...Object.keys(actual.sequences)]);
  for (const s of [...seqs].sort()) {
    const e = expected.sequences[s];
    const a = actual.sequences[s];
    if (!a) out.push(`序列 ${s}：恢复后不存在`);
    else if (!e) out.push(`序列 ${s}：备份中没有这个序列`);
    else if (e.lastValue !== a.lastValue || e.isCalled !== a.isCalled) {
      out.push(`序列 ${s}：应为 ${e.lastValue}${e.isCalled ? '' : '（未取用）'}，实为 ${a.lastValue}`);
    }
  }
  return out;
}

export function totalRows(fp: Fingerprint): number {
  return Object.values(fp.tables).reduce((n, t) => n + t.rows, 0);
}
