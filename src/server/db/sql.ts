import { getTableColumns, type SQL, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Db } from './index.js';

/** Escapes LIKE/ILIKE wildcards so user text matches literally (the default escape is backslash). */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The rows of a raw query: both drivers answer with `{ rows }` (node-postgres QueryResult, PGlite Results). */
export async function rows<T>(db: Db, query: SQL): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}

/**
 * Inserts rows in batches, each batch one JSON parameter. `db.insert(table).values(batch)` does the
 * same job, but building its statement costs about 10 µs a parameter: a 100,000-row import has two
 * million of them. Columns no row sets take their defaults; dates and arrays convert as the column
 * types say. `onConflict` is appended as written (`on conflict (id) do update set …`).
 */
export async function insertRows(
  db: Db,
  table: PgTable,
  rows: readonly object[],
  opts: { size?: number; onConflict?: SQL } = {},
): Promise<void> {
  if (rows.length === 0) return;
  const size = opts.size ?? 1000;
  const columns = Object.entries(getTableColumns(table)).filter(([key]) =>
    rows.some((r) => (r as Record<string, unknown>)[key] !== undefined),
  );
  const list = sql.join(
    columns.map(([, c]) => sql.identifier(c.name)),
    sql`, `,
  );
  for (let i = 0; i < rows.length; i += size) {
    const batch = rows
      .slice(i, i + size)
      .map((r) =>
        Object.fromEntries(columns.map(([key, c]) => [c.name, (r as Record<string, unknown>)[key] ?? null])),
      );
    await db.execute(
      sql`insert into ${table} (${list}) select ${list} from json_populate_recordset(null::${table}, ${JSON.stringify(batch)}::json) ${opts.onConflict ?? sql``}`,
    );
  }
}
