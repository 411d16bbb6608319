import ExcelJS from 'exceljs';
import { addAboutSheet } from './register-xlsx.ts';
import { SUPERVISION_STATUS_LABELS, type SupervisionStatus } from '../../contract/supervision.ts';

/** One row of the 督办 register as the reader may see it (items and text already masked for them). */
export interface SupervisionRegisterRow {
  number: string;
  kind: string;
  unit: string;
  items: { number: string }[];
  reason: string;
  requirements: string;
  issuedOn: string;
  dueOn: string;
  status: SupervisionStatus;
  /** 逾期未回复 / 超过承诺办结时限仍未办结, or null. */
  late: string | null;
  closedOn: string | null;
  escalations: number;
}

/** The 督办 register as an Excel workbook: one row per 督办 in the register's order, with the filters applied. */
export async function supervisionRegisterXlsx(
  rows: readonly SupervisionRegisterRow[],
  filters: string,
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'xinfang 信访事项办理平台';
  const ws = wb.addWorksheet('督办台账');
  ws.columns = [
    { header: '督办编号', key: 'number', width: 18 },
    { header: '督办方式', key: 'kind', width: 10 },
    { header: '被督办单位', key: 'unit', width: 20 },
    { header: '涉及事项', key: 'items', width: 24 },
    { header: '督办事由', key: 'reason', width: 36 },
    { header: '督办要求', key: 'requirements', width: 30 },
    { header: '下发日期', key: 'issuedOn', width: 12 },
    { header: '回复期限', key: 'dueOn', width: 12 },
    { header: '状态', key: 'status', width: 14 },
    { header: '逾期情况', key: 'late', width: 22 },
    { header: '升级次数', key: 'escalations', width: 10 },
    { header: '办结日期', key: 'closedOn', width: 12 },
  ];
  for (const r of rows)
    ws.addRow({
      ...r,
      items: r.items.map((i) => i.number).join('、'),
      status: SUPERVISION_STATUS_LABELS[r.status],
      late: r.late ?? '',
      closedOn: r.closedOn ?? '',
    });
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  addAboutSheet(wb, filters, rows.length);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
