// Finding the header row of a sheet people filled in by hand: title rows, notes and blank rows may
// sit above it, and headers drift (公民身份号码, 手机号, 面积, 姓名（必填）).
import { cellText } from './cells.js';
import { type ColumnDef, type ImportKind, KINDS } from './columns.js';

/** How many non-blank rows at the top of a sheet may hold the header. */
export const HEADER_SEARCH_ROWS = 10;

export interface HeaderColumn {
  key: string;
  /** The header as written in the file, without a * or （必填）, for messages. */
  label: string;
  /** 1-based sheet column. */
  col: number;
}

export interface Header {
  /** 1-based sheet row. */
  rowNumber: number;
  columns: HeaderColumn[];
  /** Headers that match no column; their cells are not read. */
  ignored: string[];
}

export type HeaderResult =
  | { ok: true; header: Header; warnings: string[] }
  | { ok: false; code: 'no_header' | 'missing_columns' | 'duplicate_columns'; message: string };

/** A sheet row: 1-based `cells` as exceljs gives them (`cells[1]` is column A). */
export interface SheetRow {
  number: number;
  cells: readonly unknown[];
}

export function normaliseHeader(text: string): string {
  return text
    .replace(/[（]/g, '(')
    .replace(/[）]/g, ')')
    .replace(/\s/g, '')
    .replace(/\((?:必填|选填|可选|非必填)\)/g, '')
    .replace(/[*＊]/g, '')
    .replace(/[:：]+$/, '')
    .replace(/㎡|m2/gi, 'm²')
    .toLowerCase();
}

// A running number column is in nearly every hand-made sheet; not worth a warning.
const ROW_NUMBER_HEADERS = new Set(['序号', '编号', 'no', 'no.']);

/** The header as the user wrote it, minus the required-column markers. */
function displayLabel(raw: string): string {
  return raw.replace(/[*＊]|[(（]\s*必填\s*[)）]/g, '').trim() || raw;
}

function lookupFor(columns: readonly ColumnDef[]): Map<string, ColumnDef> {
  const map = new Map<string, ColumnDef>();
  for (const c of columns) {
    for (const name of [c.label, ...c.aliases]) map.set(normaliseHeader(name), c);
  }
  return map;
}

/** Exact label or alias; failing that, without a trailing unit or remark in brackets (面积(平方米)). */
function match(lookup: Map<string, ColumnDef>, raw: string): ColumnDef | undefined {
  const h = normaliseHeader(raw);
  return lookup.get(h) ?? lookup.get(h.replace(/\([^()]*\)$/, ''));
}

const requiredLabels = (columns: readonly ColumnDef[]) =>
  columns
    .filter((c) => c.required)
    .map((c) => c.label)
    .join('、');

/**
 * The header is the row among the first non-blank ones that names the most known columns; it must
 * name every required column. Unknown headers are reported as warnings, a column named twice fails.
 */
export function findHeader(rows: readonly SheetRow[], kind: ImportKind): HeaderResult {
  const { columns, title } = KINDS[kind];
  const lookup = lookupFor(columns);
  let best: {
    row: SheetRow;
    hits: { def: ColumnDef; label: string; col: number }[];
    unknown: string[];
  } | null = null;
  for (const row of rows.slice(0, HEADER_SEARCH_ROWS)) {
    const hits: { def: ColumnDef; label: string; col: number }[] = [];
    const unknown: string[] = [];
    row.cells.forEach((cell, col) => {
      const t = cellText(cell);
      if (!t.ok || t.value === null) return;
      const def = match(lookup, t.value);
      if (def) hits.push({ def, label: displayLabel(t.value), col });
      else if (!ROW_NUMBER_HEADERS.has(normaliseHeader(t.value))) unknown.push(t.value);
    });
    if (!best || new Set(hits.map((h) => h.def)).size > new Set(best.hits.map((h) => h.def)).size) {
      best = { row, hits, unknown };
    }
  }

  // One matching cell is as likely a title (“姓名”) as a header.
  if (!best || new Set(best.hits.map((h) => h.def)).size < 2) {
    return {
      ok: false,
      code: 'no_header',
      message: `没有找到表头：前 ${HEADER_SEARCH_ROWS} 行里没有包含“${requiredLabels(columns)}”等列名的一行。请使用${title}导入模板，或检查是否选错了文件`,
    };
  }

  const byKey = new Map<string, { label: string; col: number }[]>();
  for (const h of best.hits) byKey.set(h.def.key, [...(byKey.get(h.def.key) ?? []), h]);
  const duplicates = [...byKey.values()].filter((hs) => hs.length > 1);
  if (duplicates.length > 0) {
    const list = duplicates.map((hs) =>
      hs.map((h) => `“${h.label}”（${columnLetter(h.col)} 列）`).join('和'),
    );
    return {
      ok: false,
      code: 'duplicate_columns',
      message: `表头第 ${best.row.number} 行有重复的列：${list.join('；')}。请删掉多余的一列`,
    };
  }

  const missing = columns.filter((c) => c.required && !byKey.has(c.key)).map((c) => c.label);
  if (missing.length > 0) {
    return {
      ok: false,
      code: 'missing_columns',
      message: `表头（第 ${best.row.number} 行）缺少必填列：${missing.join('、')}。请确认这是${title}表，或改用${title}导入模板`,
    };
  }

  const order = new Map(columns.map((c, i) => [c.key, i]));
  const headerColumns = best.hits
    .map((h) => ({ key: h.def.key, label: h.label, col: h.col }))
    .sort((a, b) => order.get(a.key)! - order.get(b.key)!);
  return {
    ok: true,
    header: { rowNumber: best.row.number, columns: headerColumns, ignored: best.unknown },
    warnings: best.unknown.length > 0 ? [`以下列无法识别，已忽略：${best.unknown.join('、')}`] : [],
  };
}

/** 1 → A, 27 → AA. */
export function columnLetter(col: number): string {
  let s = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}
