import { createReadStream, readFileSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { CsvError, parse as parseCsvStream } from 'csv-parse';
import { parse as parseCsvSync } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { AppError } from '../domain/errors.ts';
import { checkOoxml, checkWorkbookBounds, OoxmlError } from '../files/ooxml.ts';

/** A table read from a file: header names and data rows as text (dates already YYYY-MM-DD for Excel date cells). */
export interface RawTable {
  header: string[];
  rows: string[][];
  /** The spreadsheet row number of each data row (header is row 1), for error messages. */
  rowNumbers: number[];
}

/** One non-blank data row of a table and its spreadsheet row number (header = 1). */
export interface TableRow {
  cells: string[];
  rowNumber: number;
}

/**
 * A table that can be read (again) row by row without holding it in memory: the import reads it once to check
 * every row and once more to write, so memory stays flat in the file's size.
 */
export interface TableSource {
  /** The file name, for messages. */
  name: string;
  /** The header row (row 1), trimmed. */
  header(): Promise<string[]>;
  /** Every non-blank data row in order (the header excluded). */
  rows(): AsyncIterable<TableRow>;
}

/** RFC 4180 with the leniency of office exports: BOM dropped, CRLF / LF / CR rows, stray quotes kept as text. */
const CSV_OPTIONS = {
  bom: true,
  relax_column_count: true,
  relax_quotes: true,
  skip_empty_lines: false,
  record_delimiter: ['\r\n', '\n', '\r'],
};

function csvProblem(file: string, e: unknown): unknown {
  if (!(e instanceof CsvError)) return e;
  const line = (e as CsvError & { lines?: number }).lines;
  const where = line ? `第 ${line} 行附近` : '';
  const why = e.code === 'CSV_QUOTE_NOT_CLOSED' ? '有未闭合的引号' : `格式有误（${e.code}）`;
  return new AppError('VALIDATION', `${file}：${where}${why}，请检查该处的引号后重新导出为 CSV（UTF-8）`);
}

/**
 * RFC 4180 CSV: quoted fields with "" escapes, commas and line breaks inside quotes, CRLF or LF rows.
 * A leading UTF-8 BOM is dropped. Returns the records; a trailing empty line is not a record.
 */
export function parseCsv(text: string): string[][] {
  return parseCsvSync(text, CSV_OPTIONS) as string[][];
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** Text of one Excel cell; date cells become YYYY-MM-DD (Excel dates carry no zone: read as UTC). */
function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return `${v.getUTCFullYear()}-${pad(v.getUTCMonth() + 1)}-${pad(v.getUTCDate())}`;
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('text' in v) return String(v.text);
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    return '';
  }
  return String(v);
}

function isBlank(r: readonly string[]): boolean {
  return r.every((c) => c.trim() === '');
}

/** Every record of a CSV file with its record number (1-based; a quoted line break stays inside its record). */
async function* csvRecords(file: string): AsyncGenerator<TableRow> {
  const parser = createReadStream(file).pipe(parseCsvStream(CSV_OPTIONS));
  let n = 0;
  try {
    for await (const cells of parser as AsyncIterable<string[]>) yield { cells, rowNumber: ++n };
  } catch (e) {
    throw csvProblem(file, e);
  } finally {
    parser.destroy();
  }
}

/** The file's size is bounded before any parser runs: a small file must not declare a sheet of billions of cells. */
function checkXlsx(file: string): void {
  try {
    checkWorkbookBounds(checkOoxml(readFileSync(file), 'xlsx'));
  } catch (e) {
    if (e instanceof OoxmlError)
      throw new AppError(e.bomb ? 'PAYLOAD_TOO_LARGE' : 'FILE_TYPE', `${file}：${e.message}`);
    throw e;
  }
}

/** Every row of the first sheet of an xlsx file, streamed (exceljs WorkbookReader), with its row number. */
async function* xlsxRecords(file: string): AsyncGenerator<TableRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    entries: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
  });
  let sheets = 0;
  for await (const ws of reader) {
    sheets++;
    for await (const row of ws as AsyncIterable<ExcelJS.Row>) {
      const values = row.values as ExcelJS.CellValue[];
      const cells: string[] = [];
      for (let c = 1; c < values.length; c++) cells.push(cellText(values[c]).trim());
      yield { cells, rowNumber: row.number };
    }
    break;
  }
  if (!sheets) throw new AppError('VALIDATION', `${file} 中没有工作表`);
}

/** A table file (UTF-8 CSV or the first sheet of an xlsx workbook), read as a stream each time. */
export function tableFile(file: string): TableSource {
  const ext = extname(file).toLowerCase();
  if (ext !== '.csv' && ext !== '.xlsx')
    throw new AppError('FILE_TYPE', `不支持的文件类型「${ext || file}」，请使用 .csv（UTF-8）或 .xlsx`);
  statSync(file);
  let checked = false;
  const records = () => {
    if (ext === '.csv') return csvRecords(file);
    if (!checked) checkXlsx(file);
    checked = true;
    return xlsxRecords(file);
  };
  let header: string[] | null = null;
  return {
    name: file,
    async header() {
      if (header) return header;
      for await (const r of records()) {
        if (r.rowNumber === 1) header = r.cells.map((h) => h.trim());
        break;
      }
      if (!header || !header.length || isBlank(header)) throw new AppError('VALIDATION', '文件第 1 行应为表头');
      return header;
    },
    async *rows() {
      for await (const r of records()) if (r.rowNumber > 1 && !isBlank(r.cells)) yield r;
    },
  };
}

/** A table already in memory as a source (small tables, tests). */
export function tableOf(t: RawTable, name = '表格'): TableSource {
  return {
    name,
    header: async () => t.header,
    async *rows() {
      for (let i = 0; i < t.rows.length; i++) yield { cells: t.rows[i]!, rowNumber: t.rowNumbers[i] ?? i + 2 };
    },
  };
}

/** Reads a UTF-8 CSV or the first sheet of an xlsx file into a table of text (whole; the import streams instead). */
export async function readTable(file: string): Promise<RawTable> {
  const source = tableFile(file);
  const header = await source.header();
  const rows: string[][] = [];
  const rowNumbers: number[] = [];
  for await (const r of source.rows()) {
    rows.push(r.cells);
    rowNumbers.push(r.rowNumber);
  }
  return { header, rows, rowNumbers };
}
