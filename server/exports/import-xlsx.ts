import ExcelJS from 'exceljs';

/**
 * A table as the first sheet of a workbook, header in row 1 and every cell as text (ID numbers and dates stay
 * exactly as written), so that the import reads it back unchanged.
 */
export async function tableXlsx(header: readonly string[], rows: readonly (readonly string[])[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'xinfang';
  const ws = wb.addWorksheet('信访事项', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.addRow([...header]).font = { bold: true };
  for (const r of rows) ws.addRow([...r]);
  ws.columns.forEach((c) => {
    c.numFmt = '@';
    c.width = 14;
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
