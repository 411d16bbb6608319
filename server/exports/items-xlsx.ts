import ExcelJS from 'exceljs';

export interface ListedItem {
  number: string;
  title: string;
  statusLabel: string;
  channel: string;
  level: string;
  receivedOn: string;
  registeredOn: string;
  classPath: string | null;
  flags: string[];
  isRepeat: boolean;
  dueOn: string | null;
  warning: string | null;
  headCount: number;
  place: string | null;
  leadUnit: { name: string | null } | null;
}

const WARNING: Record<string, string> = {
  normal: '正常',
  notice: '预警',
  warning: '警告',
  severe: '严重警告',
  overdue: '超期',
};

/**
 * The current item list (the user's filters and sort) as an Excel sheet. Only list columns: no petitioner
 * identity, contact or content, so the file can circulate inside the office.
 */
export async function itemsXlsx(
  rows: readonly ListedItem[],
  meta: { title: string; filters: string; today: string },
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'xinfang';
  const ws = wb.addWorksheet('事项列表', { views: [{ state: 'frozen', ySplit: 3 }] });
  ws.mergeCells('A1:O1');
  ws.getCell('A1').value = meta.title;
  ws.getCell('A1').font = { bold: true, size: 14 };
  ws.mergeCells('A2:O2');
  ws.getCell('A2').value = `导出日期：${meta.today}　筛选条件：${meta.filters || '全部'}　共 ${rows.length} 件`;
  const header = [
    '编号',
    '标题',
    '状态',
    '信访形式',
    '登记层级',
    '收到日期',
    '登记日期',
    '内容分类',
    '标记',
    '初/重件',
    '人数',
    '问题属地',
    '责任单位',
    '当前期限',
    '预警',
  ];
  ws.addRow(header).font = { bold: true };
  for (const r of rows) {
    ws.addRow([
      r.number,
      r.title,
      r.statusLabel,
      r.channel,
      r.level,
      r.receivedOn,
      r.registeredOn,
      r.classPath ?? '',
      r.flags.join('、'),
      r.isRepeat ? '重件' : '初件',
      r.headCount,
      r.place ?? '',
      r.leadUnit?.name ?? '',
      r.dueOn ?? '',
      r.warning ? (WARNING[r.warning] ?? r.warning) : '',
    ]);
  }
  [22, 40, 10, 10, 8, 12, 12, 24, 16, 8, 6, 20, 18, 12, 10].forEach((w, i) => {
    ws.getColumn(i + 1).width = w;
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
