// Streaming reader for import files. Only compact parsed records are kept, never exceljs rows, so
// 100 000 rows stay far below a gigabyte.

import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import ExcelJS from 'exceljs';
import { cellText } from './cells.js';
import { type ImportKind, type ImportValues, KINDS, parseRowValues } from './columns.js';
import { findHeader, HEADER_SEARCH_ROWS, type Header, type SheetRow } from './header.js';

export type ImportFileErrorCode =
  | 'not_xlsx'
  | 'legacy_xls'
  | 'empty_sheet'
  | 'no_header'
  | 'missing_columns'
  | 'duplicate_columns'
  | 'no_data'
  | 'too_many_rows';

/** The file as a whole cannot be imported; `message` is for the person who uploaded it. */
export class ImportFileError extends Error {
  constructor(
    readonly code: ImportFileErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ImportFileError';
  }
}

export type ImportInput = Buffer | string;

export interface CellIssue {
  /** The header as written in the file (the template label when the file lacks the column). */
  column: string;
  message: string;
}

type Nullable<V> = { [K in keyof V]: V[K] | null };

export type ParsedRow<V> =
  | { ok: true; row: number; values: V; errors: []; warnings: CellIssue[] }
  /** Cells that failed are null in `values`. */
  | { ok: false; row: number; values: Nullable<V>; errors: CellIssue[]; warnings: CellIssue[] };

export interface ImportResult<V> {
  sheetName: string;
  header: Header;
  rows: ParsedRow<V>[];
  /** About the file as a whole: ignored columns, a skipped template example row. */
  warnings: string[];
  /** Rows with at least one error. */
  errorRows: number;
}

export interface ReadOptions {
  /** Data rows allowed before the file is refused. Default 200 000. */
  maxRows?: number;
  /** Called with the number of data rows read, about every 1000 rows and once at the end. */
  onProgress?: (rowsRead: number) => void;
  /** See ScanOptions. */
  stallMs?: number;
}

export const DEFAULT_MAX_ROWS = 200_000;
const PROGRESS_EVERY = 1000;

const NOT_XLSX =
  '文件不是有效的 Excel（.xlsx）文件，请在 Excel 或 WPS 中另存为“Excel 工作簿（*.xlsx）”后再上传';

// End-of-central-directory record: 22 bytes plus a comment of up to 64 KiB, at the very end.
const ZIP_TAIL = 22 + 0xffff;

/** The first 8 bytes and the last ZIP_TAIL bytes of the file. */
async function headAndTail(input: ImportInput): Promise<{ head: Buffer; tail: Buffer }> {
  if (Buffer.isBuffer(input)) return { head: input.subarray(0, 8), tail: input.subarray(-ZIP_TAIL) };
  const fh = await open(input, 'r');
  try {
    const { size } = await fh.stat();
    const head = Buffer.alloc(Math.min(8, size));
    await fh.read(head, 0, head.length, 0);
    const tail = Buffer.alloc(Math.min(ZIP_TAIL, size));
    await fh.read(tail, 0, tail.length, size - tail.length);
    return { head, tail };
  } finally {
    await fh.close();
  }
}

/**
 * A zip (xlsx) starts with PK\x03\x04 and ends with a central directory; an OLE compound file is an
 * old .xls or an encrypted xlsx. A cut-off upload is refused here, before exceljs has spilled a
 * sheet into a temporary file it would never delete.
 */
async function checkSignature(input: ImportInput): Promise<void> {
  const { head, tail } = await headAndTail(input);
  if (head.length === 0) throw new ImportFileError('not_xlsx', '文件是空的，请重新选择文件');
  if (head.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]))) {
    throw new ImportFileError(
      'legacy_xls',
      '这是旧版 Excel（.xls）文件或设了打开密码的文件，请在 Excel 中“另存为”Excel 工作簿（.xlsx，不设密码）后再上传',
    );
  }
  const zipStart = head.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
  if (!zipStart || tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06])) < 0) {
    throw new ImportFileError('not_xlsx', NOT_XLSX);
  }
}

// exceljs 4.4 decodes every zip chunk on its own, so a Chinese character cut by a chunk boundary
// comes out as U+FFFD — about one cell in a few thousand (exceljs issues #2063, #2316). Decoding the
// bytes before exceljs sees them avoids it; the 100 000-row test and the shared-strings test guard it.
type Entry = NodeJS.ReadableStream;
interface ReaderInternals {
  _parseRels(entry: Entry): unknown;
  _parseWorkbook(entry: Entry): unknown;
  _parseSharedStrings(entry: Entry): unknown;
  _parseStyles(entry: Entry): unknown;
  _parseWorksheet(chunks: AsyncIterable<Buffer | string>, sheetNo: string): unknown;
}
const base = ExcelJS.stream.xlsx.WorkbookReader.prototype as unknown as ReaderInternals;

async function* decodeUtf8(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  for await (const chunk of chunks) {
    const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    if (text) yield text;
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

class Utf8WorkbookReader extends ExcelJS.stream.xlsx.WorkbookReader {
  _parseRels(entry: Entry) {
    return base._parseRels.call(this, entry.setEncoding('utf8'));
  }
  _parseWorkbook(entry: Entry) {
    return base._parseWorkbook.call(this, entry.setEncoding('utf8'));
  }
  _parseSharedStrings(entry: Entry) {
    return base._parseSharedStrings.call(this, entry.setEncoding('utf8'));
  }
  _parseStyles(entry: Entry) {
    return base._parseStyles.call(this, entry.setEncoding('utf8'));
  }
  _parseWorksheet(chunks: AsyncIterable<Buffer | string>, sheetNo: string) {
    return base._parseWorksheet.call(this, decodeUtf8(chunks), sheetNo);
  }
}

interface SheetInfo {
  id: unknown;
  name?: string;
}

/** The first sheet in tab order that is not hidden (a hidden sheet usually holds drop-down lists). */
function isFirstVisibleSheet(reader: ExcelJS.stream.xlsx.WorkbookReader, ws: SheetInfo): boolean {
  const sheets = (reader as unknown as { model?: { sheets?: { id: unknown; state?: string }[] } }).model
    ?.sheets;
  const target = sheets?.find((s) => s.state !== 'hidden' && s.state !== 'veryHidden');
  return target === undefined || String(target.id) === String(ws.id);
}

export interface ScanOptions {
  /**
   * Give up when the file makes no progress for this long. A zip damaged inside can leave exceljs
   * waiting forever on a stream that has already failed. Default 20 s.
   */
  stallMs?: number;
}

const DEFAULT_STALL_MS = 20_000;

/**
 * Stream the rows of the first visible worksheet to `onRow`; returning false stops early, a throw
 * stops and is rethrown once the file is closed.
 * Every sheet is run to its end or closed, so exceljs leaves no open temporary files behind.
 */
export async function scanSheet(
  input: ImportInput,
  onRow: (row: SheetRow) => unknown,
  opts: ScanOptions = {},
): Promise<{ sheetName: string }> {
  await checkSignature(input);
  let lastProgress = Date.now();
  const source = Buffer.isBuffer(input) ? Readable.from([input]) : createReadStream(input);
  const tap = new Transform({
    transform(chunk, _encoding, done) {
      lastProgress = Date.now();
      done(null, chunk);
    },
  });
  const reader = new Utf8WorkbookReader(source.pipe(tap), {
    sharedStrings: 'cache',
    // Styles tell which numbers are dates (and the 1904 date system is honoured that way).
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
  });
  let sheetName: string | null = null;
  let stopped: unknown = null;

  const scan = async () => {
    for await (const ws of reader) {
      const info = ws as unknown as SheetInfo & AsyncIterable<ExcelJS.Row>;
      if (sheetName !== null || !isFirstVisibleSheet(reader, info)) {
        // Starting and leaving the iteration closes the sheet's temporary file.
        for await (const _ of info) break;
        continue;
      }
      sheetName = info.name ?? 'Sheet1';
      for await (const row of info) {
        lastProgress = Date.now();
        let more: unknown;
        try {
          more = onRow({ number: row.number, cells: row.values as unknown[] });
        } catch (e) {
          stopped = e;
          more = false;
        }
        if (more === false) break;
      }
    }
  };

  const stallMs = opts.stallMs ?? DEFAULT_STALL_MS;
  let watchdog: NodeJS.Timeout | undefined;
  const stalled = new Promise<never>((_, reject) => {
    watchdog = setInterval(
      () => {
        if (Date.now() - lastProgress > stallMs) reject(new Error(`no progress for ${stallMs} ms`));
      },
      Math.min(1000, stallMs),
    );
  });
  const job = scan();
  // Once the watchdog has won, a late failure of the abandoned scan must not surface as unhandled.
  job.catch(() => undefined);
  try {
    await Promise.race([job, stalled]);
  } catch (e) {
    if (stopped === null) throw new ImportFileError('not_xlsx', NOT_XLSX, { cause: e });
  } finally {
    clearInterval(watchdog);
    source.destroy();
    tap.destroy();
  }
  if (stopped !== null) throw stopped;
  if (sheetName === null) throw new ImportFileError('not_xlsx', NOT_XLSX);
  return { sheetName };
}

const isBlank = (cells: readonly unknown[]) => cells.every((c) => c === null || c === undefined || c === '');

/** Read, check and normalise an import file of one kind. Throws ImportFileError for the file as a whole. */
export async function readImportFile<K extends ImportKind>(
  input: ImportInput,
  kind: K,
  opts: ReadOptions = {},
): Promise<ImportResult<ImportValues[K]>> {
  const maxRows = opts.maxRows ?? DEFAULT_MAX_ROWS;
  const { columns } = KINDS[kind];
  const top: SheetRow[] = [];
  let header: Header | null = null;
  const warnings: string[] = [];
  const rows: ParsedRow<ImportValues[K]>[] = [];
  let errorRows = 0;
  let firstData = true;
  let sawAny = false;

  const labelOf = new Map<string, string>(columns.map((c) => [c.key, c.label]));
  let keyCols: [string, number][] = [];

  const startHeader = (): Header => {
    const found = findHeader(top, kind);
    if (!found.ok) throw new ImportFileError(found.code, found.message);
    const h = found.header;
    header = h;
    warnings.push(...found.warnings);
    for (const c of h.columns) labelOf.set(c.key, c.label);
    keyCols = h.columns.map((c) => [c.key, c.col]);
    for (const r of top) if (r.number > h.rowNumber) dataRow(r);
    return h;
  };

  const dataRow = (r: SheetRow) => {
    const cells: Record<string, unknown> = {};
    let blank = true;
    for (const [key, col] of keyCols) {
      const v = r.cells[col];
      cells[key] = v;
      if (blank && v !== null && v !== undefined) {
        const t = cellText(v);
        if (!t.ok || t.value !== null) blank = false;
      }
    }
    if (blank) return;
    // A template filled below its untouched example row: the example is not data.
    if (firstData) {
      firstData = false;
      if (columns.every((c) => (textOf(cells[c.key]) ?? '') === c.example)) {
        warnings.push(`第 ${r.number} 行与模板示例相同，已跳过`);
        return;
      }
    }
    if (rows.length >= maxRows) {
      throw new ImportFileError('too_many_rows', `数据超过 ${maxRows} 行的上限，请拆分成几个文件分批导入`);
    }
    const parsed = parseRowValues(kind, cells);
    const issue = (i: { key: string; message: string }) => ({
      column: labelOf.get(i.key) ?? i.key,
      message: i.message,
    });
    const errors = parsed.errors.map(issue);
    if (errors.length > 0) errorRows++;
    rows.push({
      ok: errors.length === 0,
      row: r.number,
      values: parsed.values,
      errors,
      warnings: parsed.warnings.map(issue),
    } as ParsedRow<ImportValues[K]>);
    if (rows.length % PROGRESS_EVERY === 0) opts.onProgress?.(rows.length);
  };

  const { sheetName } = await scanSheet(
    input,
    (r) => {
      if (header) {
        dataRow(r);
        return;
      }
      if (isBlank(r.cells)) return;
      sawAny = true;
      top.push(r);
      if (top.length === HEADER_SEARCH_ROWS) startHeader();
      return;
    },
    { stallMs: opts.stallMs },
  );

  if (!header && !sawAny) throw new ImportFileError('empty_sheet', '工作表中没有数据');
  // A sheet shorter than the header search window is only looked at once it has ended.
  const found = header ?? startHeader();
  if (rows.length === 0) {
    throw new ImportFileError('no_data', `表头（第 ${found.rowNumber} 行）下面没有数据，请从下一行开始填写`);
  }
  opts.onProgress?.(rows.length);
  return { sheetName, header: found, rows, warnings, errorRows };
}

function textOf(v: unknown): string | null {
  const t = cellText(v);
  return t.ok ? t.value : null;
}
