import type { SQL } from 'drizzle-orm';
import type { Db } from './index.js';

/** Escapes LIKE/ILIKE wildcards so user text matches literally (the default escape is backslash). */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The rows of a raw query: both drivers answer with `{ rows }` (node-postgres QueryResult, PGlite Results). */
export async function rows<T>(db: Db, query: SQL): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}
