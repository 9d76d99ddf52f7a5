// Bulk loading that works unchanged on node-postgres and PGlite: one statement per batch,
// `INSERT … SELECT … FROM unnest($1::t1[], $2::t2[], …)`, one array parameter per column.

/** What both the pg Pool and a PGlite instance offer. */
export interface SqlClient {
  query<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<{ rows: R[] }>;
}

export type BulkType =
  | 'uuid'
  | 'text'
  | 'int'
  | 'bigint'
  | 'numeric'
  | 'bool'
  | 'timestamptz'
  | 'date'
  | 'jsonb'
  | 'text[]'
  | 'uuid[]';

export interface BulkColumn {
  name: string;
  type: BulkType;
}

export const col = (name: string, type: BulkType): BulkColumn => ({ name, type });

export const DEFAULT_BATCH = 5_000;

/** How a value travels inside the column's array parameter. */
function encode(type: BulkType, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  switch (type) {
    case 'jsonb':
      return JSON.stringify(v);
    case 'timestamptz':
      return v instanceof Date ? v.toISOString() : v;
    case 'date':
      return v instanceof Date ? v.toISOString().slice(0, 10) : v;
    case 'text[]':
    case 'uuid[]':
      // unnest flattens a 2-D array, so array columns travel as array literals and are cast per row.
      return arrayLiteral(v as readonly (string | null)[]);
    default:
      return v;
  }
}

export function arrayLiteral(items: readonly (string | null)[]): string {
  return `{${items.map((s) => (s === null ? 'NULL' : `"${s.replace(/["\\]/g, (c) => `\\${c}`)}"`)).join(',')}}`;
}

/** The parameter type and the per-row expression of a column. */
function shape(c: BulkColumn, i: number): { param: string; expr: string } {
  const ident = `c${i}`;
  switch (c.type) {
    case 'jsonb':
      return { param: 'text[]', expr: `${ident}::jsonb` };
    case 'timestamptz':
    case 'date':
    case 'numeric':
      // Exact decimals travel as text ('89.50') and are cast per row.
      return { param: 'text[]', expr: `${ident}::${c.type}` };
    case 'text[]':
    case 'uuid[]':
      return { param: 'text[]', expr: `${ident}::${c.type}` };
    default:
      return { param: `${c.type}[]`, expr: ident };
  }
}

function quoteIdent(s: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(s)) throw new Error(`unexpected identifier ${s}`);
  return `"${s}"`;
}

/** Inserts rows (arrays in column order) in batches; returns the number of rows inserted. */
export async function bulkInsert(
  sql: SqlClient,
  table: string,
  columns: readonly BulkColumn[],
  rows: Iterable<readonly unknown[]>,
  batch = DEFAULT_BATCH,
): Promise<number> {
  const shapes = columns.map(shape);
  const text =
    `insert into ${quoteIdent(table)} (${columns.map((c) => quoteIdent(c.name)).join(', ')}) ` +
    `select ${shapes.map((s) => s.expr).join(', ')} from unnest(${shapes
      .map((s, i) => `$${i + 1}::${s.param}`)
      .join(', ')}) as u(${columns.map((_, i) => `c${i}`).join(', ')})`;
  let arrays: unknown[][] = columns.map(() => []);
  let pending = 0;
  let total = 0;
  const flush = async () => {
    if (pending === 0) return;
    await sql.query(text, arrays);
    total += pending;
    arrays = columns.map(() => []);
    pending = 0;
  };
  for (const row of rows) {
    if (row.length !== columns.length) {
      throw new Error(`${table}: a row has ${row.length} values for ${columns.length} columns`);
    }
    for (let i = 0; i < columns.length; i++) arrays[i].push(encode(columns[i].type, row[i]));
    pending += 1;
    if (pending >= batch) await flush();
  }
  await flush();
  return total;
}
