import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
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

/**
 * RFC 4180 CSV: quoted fields with "" escapes, commas and line breaks inside quotes, CRLF or LF rows.
 * A leading UTF-8 BOM is dropped. Returns the records; a trailing empty line is not a record.
 */
export function parseCsv(text: string): string[][] {
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const out: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  const n = s.length;
  while (i < n) {
    const ch = s[i]!;
    if (quoted) {
      if (ch === '"') {
        if (s[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      // Copy a run of plain characters at once (fast path for long quoted text).
      const next = s.indexOf('"', i);
      const end = next < 0 ? n : next;
      field += s.slice(i, end);
      i = end;
      continue;
    }
    if (ch === '"' && field === '') {
      quoted = true;
      i++;
      continue;
    }
    if (ch === ',') {
      row.push(field);
      field = '';
      i++;
      continue;
    }
    if (ch === '\r' || ch === '\n') {
      row.push(field);
      field = '';
      out.push(row);
      row = [];
      i += ch === '\r' && s[i + 1] === '\n' ? 2 : 1;
      continue;
    }
    field += ch;
    i++;
  }
  if (field !== '' || row.length) {
    row.push(field);
    out.push(row);
  }
  return out;
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

function isBlank(r: string[]): boolean {
  return r.every((c) => c.trim() === '');
}

/** Reads a UTF-8 CSV or the first sheet of an xlsx file into a table of text. */
export async function readTable(file: string): Promise<RawTable> {
  const ext = extname(file).toLowerCase();
  let records: string[][];
  if (ext === '.csv') {
    records = parseCsv(readFileSync(file, 'utf8'));
  } else if (ext === '.xlsx') {
    const buf = readFileSync(file);
    // Bounded before any parser runs: a small file must not declare a sheet of billions of cells.
    try {
      checkWorkbookBounds(checkOoxml(buf, 'xlsx'));
    } catch (e) {
      if (e instanceof OoxmlError)
        throw new AppError(e.bomb ? 'PAYLOAD_TOO_LARGE' : 'FILE_TYPE', `${file}：${e.message}`);
      throw e;
    }
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as never);
    const ws = wb.worksheets[0];
    if (!ws) throw new AppError('VALIDATION', `${file} 中没有工作表`);
    records = [];
    const width = ws.columnCount;
    ws.eachRow({ includeEmpty: true }, (row, rowNumber) => {
      const cells: string[] = [];
      for (let c = 1; c <= width; c++) cells.push(cellText(row.getCell(c).value).trim());
      records[rowNumber - 1] = cells;
    });
    for (let i = 0; i < records.length; i++) records[i] ??= [];
  } else {
    throw new AppError('FILE_TYPE', `不支持的文件类型「${ext || file}」，请使用 .csv（UTF-8）或 .xlsx`);
  }
  const header = (records[0] ?? []).map((h) => h.trim());
  if (!header.length || isBlank(header)) throw new AppError('VALIDATION', '文件第 1 行应为表头');
  const rows: string[][] = [];
  const rowNumbers: number[] = [];
  for (let i = 1; i < records.length; i++) {
    const r = records[i]!;
    if (isBlank(r)) continue;
    rows.push(r);
    rowNumbers.push(i + 1);
  }
  return { header, rows, rowNumbers };
}
