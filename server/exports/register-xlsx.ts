import ExcelJS from 'exceljs';

/**
 * A register (台账) as an Excel workbook: one sheet with the columns and the rows exactly as given (the rows the
 * reader sees on the screen, already cut to what the reader may see), and a 说明 sheet with the filters and count.
 */
export async function registerXlsx(
  sheet: string,
  columns: readonly string[],
  rows: readonly (readonly string[])[],
  filters: string,
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'xinfang 信访事项办理平台';
  const ws = wb.addWorksheet(sheet);
  ws.columns = columns.map((c) => ({ header: c, width: Math.max(10, c.length * 3) }));
  for (const r of rows) ws.addRow([...r]);
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  addAboutSheet(wb, filters, rows.length);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The 说明 sheet every register export ends with: the filters it was cut by and how many rows it holds. */
export function addAboutSheet(wb: ExcelJS.Workbook, filters: string, count: number): void {
  const about = wb.addWorksheet('说明');
  about.columns = [
    { header: '项目', key: 'k', width: 14 },
    { header: '内容', key: 'v', width: 80 },
  ];
  about.addRow({ k: '筛选条件', v: filters || '全部' });
  about.addRow({ k: '件数', v: count });
  about.getRow(1).font = { bold: true };
}
