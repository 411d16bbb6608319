import ExcelJS from 'exceljs';
import type { DailyReport } from '../domain/daily-report.ts';

/**
 * The daily report as an Excel workbook: the summary (the paragraph sent up, totals, 零报告), the counts by level
 * and by channel, 越级 and 集体访, hot issues, and the items registered that day.
 */
export async function dailyReportXlsx(r: DailyReport, title: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'xinfang 信访事项办理平台';
  const sum = wb.addWorksheet('日报');
  sum.columns = [
    { key: 'k', width: 20 },
    { key: 'v', width: 90 },
  ];
  sum.addRow([title]).font = { bold: true, size: 14 };
  sum.addRow(['日期', r.date]);
  if (r.details.period) sum.addRow(['重大节点', r.details.period.name]);
  sum.addRow(['登记件数', r.total]);
  sum.addRow(['零报告', r.zeroReport ? '是' : '否']);
  sum.addRow(['集体访', `${r.collective.batches} 批 ${r.collective.people} 人次`]);
  sum.addRow(['越级访', `${r.details.skipLevel.batches} 批 ${r.details.skipLevel.people} 人次`]);
  sum.addRow(['不予受理、不再受理（另计）', r.details.notAccepted.count]);
  const text = sum.addRow(['报送内容', r.text]);
  text.alignment = { wrapText: true, vertical: 'top' };
  text.height = Math.max(30, Math.ceil(r.text.length / 45) * 18);

  const counts = wb.addWorksheet('分类统计');
  counts.columns = [
    { header: '口径', key: 'by', width: 12 },
    { header: '类别', key: 'key', width: 20 },
    { header: '件数', key: 'count', width: 10 },
  ];
  for (const c of r.byLevel) counts.addRow({ by: '登记层级', key: c.key, count: c.count });
  for (const c of r.byChannel) counts.addRow({ by: '信访形式', key: c.key, count: c.count });
  for (const h of r.details.hotIssues) counts.addRow({ by: '热点问题', key: h.label, count: h.count });
  counts.getRow(1).font = { bold: true };

  const items = wb.addWorksheet('当日事项');
  items.columns = [
    { header: '序号', key: 'n', width: 6 },
    { header: '编号', key: 'number', width: 22 },
    { header: '标题', key: 'title', width: 70 },
  ];
  r.items.forEach((it, i) => items.addRow({ n: i + 1, number: it.number, title: it.title }));
  items.getRow(1).font = { bold: true };
  items.views = [{ state: 'frozen', ySplit: 1 }];
  return Buffer.from(await wb.xlsx.writeBuffer());
}
