// Templates, error reports and streaming exports.
import { PassThrough, type Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { type ColumnDef, type ImportKind, KINDS } from './columns.js';
import { columnLetter, findHeader, HEADER_SEARCH_ROWS, normaliseHeader, type SheetRow } from './header.js';
import { type ImportInput, scanSheet } from './reader.js';

const RED = 'FFFF0000';
const GREY = 'FF808080';
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
const ERROR_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFC7CE' } };
const REPORT_SHEET = '错误报告';
// Shared style objects: exceljs caches a style by object identity, and a fresh copy per cell (its
// default) costs about 40 % of the time of a streamed write.
const DATE_STYLE: Partial<ExcelJS.Style> = { numFmt: 'yyyy-mm-dd' };
const TEXT_STYLE: Partial<ExcelJS.Style> = { numFmt: '@' };
const PLAIN_STYLE: Partial<ExcelJS.Style> = {};
const NOTE_STYLE: Partial<ExcelJS.Style> = { font: { color: { argb: RED } } };
/** Rows of the template that get drop-down lists. */
const TEMPLATE_ROWS = 5000;

async function toBuffer(wb: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Sheet name of a kind's template and its first sheet. */
export const templateSheetName = (kind: ImportKind) => `${KINDS[kind].title}信息`;

/**
 * An empty import template: header in row 1 (required columns marked with a red *), one grey
 * example row in row 2 that the reader skips while it is left unchanged, and a “填写说明” sheet.
 */
export async function buildTemplate(kind: ImportKind): Promise<Buffer> {
  const { columns, title } = KINDS[kind];
  const wb = new ExcelJS.Workbook();
  wb.creator = '安居';
  const ws = wb.addWorksheet(templateSheetName(kind), { views: [{ state: 'frozen', ySplit: 1 }] });
  // Column style '@' makes Excel keep what is typed as text: no 1.10105E+17 for an ID number.
  ws.columns = columns.map((c) => ({
    key: c.key,
    width: c.width ?? 12,
    style: c.text ? { numFmt: '@' } : {},
  }));

  const head = ws.getRow(1);
  columns.forEach((c, i) => {
    const cell = head.getCell(i + 1);
    cell.value = c.required
      ? {
          richText: [
            { text: c.label, font: { bold: true } },
            { text: '*', font: { bold: true, color: { argb: RED } } },
          ],
        }
      : { richText: [{ text: c.label, font: { bold: true } }] };
    cell.fill = HEADER_FILL;
    cell.alignment = { vertical: 'middle', horizontal: 'center' };
    if (c.note) cell.note = c.note;
  });
  head.height = 20;

  const example = ws.getRow(2);
  columns.forEach((c, i) => {
    const cell = example.getCell(i + 1);
    cell.value = c.example === '' ? null : c.example;
    cell.font = { color: { argb: GREY }, italic: true };
  });

  columns.forEach((c, i) => {
    if (!c.options) return;
    const letter = columnLetter(i + 1);
    // Missing from exceljs's typings; present on every worksheet since 4.0.
    (
      ws as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }
    ).dataValidations.add(`${letter}2:${letter}${TEMPLATE_ROWS}`, {
      type: 'list',
      allowBlank: true,
      formulae: [`"${c.options.join(',')}"`],
      showErrorMessage: true,
      // A warning, not a stop: the reader also understands 妻、儿子、男性 and the like.
      errorStyle: 'warning',
      errorTitle: '不在下拉选项中',
      error: `建议从下拉列表中选择：${c.options.join('、')}`,
    });
  });

  const help = wb.addWorksheet('填写说明');
  help.columns = [
    { header: '列名', key: 'label', width: 16 },
    { header: '必填', key: 'required', width: 6 },
    { header: '说明', key: 'note', width: 70 },
    { header: '示例', key: 'example', width: 24 },
  ];
  help.getRow(1).font = { bold: true };
  for (const c of columns) {
    help.addRow({ label: c.label, required: c.required ? '是' : '', note: c.note ?? '', example: c.example });
  }
  help.addRow([]);
  for (const line of [
    `1. 在“${templateSheetName(kind)}”表中从第 3 行起每行填写一条${title}信息，第 1 行表头请勿修改。`,
    '2. 第 2 行灰色文字是示例，可以直接覆盖或删除；原样保留时导入会自动跳过。',
    '3. 列名带红色 * 的为必填项。',
    '4. 证件号码、手机号码列已设为“文本”格式，请勿改成数字或常规格式，否则长数字的末几位会丢失。',
    '5. 日期可写 2019-03-05、2019/3/5、2019.3.5 或 2019年3月5日。',
    '6. 导入后若有错误，可下载错误报告：出错的单元格标为红色，最后一列“错误说明”写明原因，改正后可重新导入。',
  ]) {
    help.addRow([line]);
  }
  return toBuffer(wb);
}

export interface ReportError {
  /** 1-based sheet row, as in ParsedRow.row. */
  row: number;
  /** The header as in the file (ParsedRow errors carry it); a template label or column key also works. */
  column: string;
  message: string;
}

/** The value of a cell without formula, link or formatting wrappers. */
function plainValue(v: unknown): ExcelJS.CellValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  const o = v as Record<string, unknown>;
  if (Array.isArray(o.richText))
    return o.richText.map((r: { text?: unknown }) => String(r?.text ?? '')).join('');
  if ('error' in o) return String(o.error);
  if ('formula' in o || 'sharedFormula' in o) return plainValue(o.result);
  if ('text' in o) return plainValue(o.text);
  return null;
}

/**
 * A copy of the uploaded sheet, row for row at the same row numbers, with bad cells in red and a
 * note on each, a last column “错误说明”, and a sheet “错误汇总” (行号, 列, 问题).
 */
export async function buildErrorReport(
  kind: ImportKind,
  source: ImportInput,
  errors: readonly ReportError[],
): Promise<Buffer> {
  const byRow = new Map<number, ReportError[]>();
  for (const e of errors) byRow.set(e.row, [...(byRow.get(e.row) ?? []), e]);

  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  // Created once the header row is known: a streamed sheet writes its frozen panes first.
  let ws!: ExcelJS.Worksheet;

  const top: SheetRow[] = [];
  let nonBlank = 0;
  let ready = false;
  let width = 0;
  let noteCol = 1;
  const colOf = new Map<string, number>();
  const textCols = new Set<number>();

  const setup = () => {
    ready = true;
    const found = findHeader(
      top.filter((r) => r.cells.some((c) => c !== null && c !== undefined && c !== '')),
      kind,
    );
    width = Math.max(0, ...top.map((r) => r.cells.length - 1));
    if (found.ok) {
      const headerRow = top.find((r) => r.number === found.header.rowNumber)!;
      width = headerRow.cells.length - 1;
      const defs = new Map<string, ColumnDef>(KINDS[kind].columns.map((c) => [c.key, c]));
      for (const c of found.header.columns) {
        const def = defs.get(c.key)!;
        for (const name of [c.label, normaliseHeader(c.label), def.label, def.key]) colOf.set(name, c.col);
        if (def.text) textCols.add(c.col);
      }
      noteCol = width + 1;
      ws = wb.addWorksheet(REPORT_SHEET, { views: [{ state: 'frozen', ySplit: found.header.rowNumber }] });
      const headRow = ws.getRow(found.header.rowNumber);
      headRow.getCell(noteCol).value = '错误说明';
      headRow.getCell(noteCol).font = { bold: true, color: { argb: RED } };
    } else {
      noteCol = width + 1;
      ws = wb.addWorksheet(REPORT_SHEET);
    }
    ws.columns = Array.from({ length: noteCol }, (_, i) => ({ width: i + 1 === noteCol ? 60 : 14 }));
    for (const r of top) copy(r);
  };

  const copy = (r: SheetRow) => {
    const row = ws.getRow(r.number);
    for (let col = 1; col < Math.min(r.cells.length, noteCol); col++) {
      const v = plainValue(r.cells[col]);
      if (v === null) continue;
      const cell = row.getCell(col);
      cell.value = v;
      cell.style = textCols.has(col) ? TEXT_STYLE : v instanceof Date ? DATE_STYLE : PLAIN_STYLE;
    }
    const problems = byRow.get(r.number);
    if (problems) {
      const inCell = new Map<number, string[]>();
      for (const p of problems) {
        const col = colOf.get(p.column) ?? colOf.get(normaliseHeader(p.column));
        if (col !== undefined) inCell.set(col, [...(inCell.get(col) ?? []), p.message]);
      }
      for (const [col, messages] of inCell) {
        const cell = row.getCell(col);
        // A fresh object: setting .fill would change the shared style of every plain cell.
        cell.style = { ...cell.style, fill: ERROR_FILL };
        cell.note = messages.join('\n');
      }
      const note = row.getCell(noteCol);
      note.value = problems.map((p) => `${p.column}：${p.message}`).join('；');
      note.style = NOTE_STYLE;
    }
    row.commit();
  };

  await scanSheet(source, (r) => {
    if (ready) copy(r);
    else {
      top.push(r);
      if (r.cells.some((c) => c !== null && c !== undefined && c !== '')) nonBlank++;
      if (nonBlank === HEADER_SEARCH_ROWS) setup();
    }
    return undefined;
  });
  if (!ready) setup();
  ws.commit();

  const summary = wb.addWorksheet('错误汇总', { views: [{ state: 'frozen', ySplit: 1 }] });
  summary.columns = [
    { header: '行号', key: 'row', width: 8 },
    { header: '列', key: 'column', width: 16 },
    { header: '问题', key: 'message', width: 80 },
  ];
  summary.getRow(1).font = { bold: true };
  summary.getRow(1).commit();
  for (const e of [...errors].sort((a, b) => a.row - b.row)) summary.addRow(e).commit();
  summary.commit();
  await wb.commit();
  return Buffer.concat(chunks);
}

export interface ExportColumn {
  header: string;
  key: string;
  width?: number;
  /** Store as text so Excel leaves long numbers alone (ID and phone numbers). */
  text?: boolean;
}

type ExportRows = AsyncIterable<Record<string, unknown>> | Iterable<Record<string, unknown>>;

function exportValue(v: unknown): ExcelJS.CellValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if (Array.isArray(v)) return v.join('、');
  if (typeof v === 'bigint') return v.toString();
  return JSON.stringify(v);
}

/**
 * Stream rows into a one-sheet xlsx: bold frozen header, one committed row at a time, so memory
 * does not grow with the row count. Returns the file, or writes it to `to` and returns nothing.
 */
export async function writeXlsx(
  sheetName: string,
  columns: readonly ExportColumn[],
  rows: ExportRows,
): Promise<Buffer>;
export async function writeXlsx(
  sheetName: string,
  columns: readonly ExportColumn[],
  rows: ExportRows,
  to: Writable,
): Promise<undefined>;
export async function writeXlsx(
  sheetName: string,
  columns: readonly ExportColumn[],
  rows: ExportRows,
  to?: Writable,
): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  const stream = to ?? new PassThrough().on('data', (c: Buffer) => chunks.push(c));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  const ws = wb.addWorksheet(sheetName.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  const styles = columns.map((c) => (c.text ? TEXT_STYLE : PLAIN_STYLE));
  ws.columns = columns.map((c, i) => ({
    header: c.header,
    key: c.key,
    width: c.width ?? Math.max(10, [...c.header].length * 2 + 2),
    style: styles[i],
  }));
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).commit();
  const keys = columns.map((c) => c.key);
  for await (const r of rows) {
    const row = ws.addRow(keys.map((k) => exportValue(r[k])));
    row.eachCell((cell, col) => {
      // The style cache ignores the value type, so dates get a style of their own.
      cell.style = cell.value instanceof Date ? DATE_STYLE : styles[col - 1];
    });
    row.commit();
  }
  ws.commit();
  await wb.commit();
  return to ? undefined : Buffer.concat(chunks);
}
