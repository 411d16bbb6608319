import ExcelJS from 'exceljs';
import { STATUS_LABELS, type Status } from '../../contract/enums.ts';
import { satisfactionRows, type Report, type SplitEntry } from '../report/report.ts';
import type { ReportItemRow } from '../domain/report-rules.ts';

/*
 * The situation report as an Excel workbook: one sheet per split (类别 / 件数 / 占比), the indicators, the
 * unit ranking, and 事项清单 — the items behind the numbers, without any personal data (no petitioner,
 * ID number, phone, address or content).
 */

function splitSheet(wb: ExcelJS.Workbook, name: string, split: readonly SplitEntry[]): void {
  const ws = wb.addWorksheet(name);
  ws.columns = [
    { header: '类别', key: 'key', width: 22 },
    { header: '件数', key: 'count', width: 10 },
    { header: '占比(%)', key: 'share', width: 10 },
  ];
  for (const e of split) ws.addRow({ key: e.key, count: e.count, share: e.share });
  ws.addRow({
    key: '合计',
    count: split.reduce((a, e) => a + e.count, 0),
    share: Math.round(split.reduce((a, e) => a + e.share, 0) * 10) / 10,
  });
  ws.getRow(1).font = { bold: true };
  ws.getColumn('share').numFmt = '0.0';
}

/** Renders the report (and its item list) as an .xlsx buffer. */
export async function reportXlsx(r: Report, items: readonly ReportItemRow[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'xinfang 信访事项办理平台';
  const summary = wb.addWorksheet('概况');
  summary.columns = [
    { header: '项目', key: 'k', width: 24 },
    { header: '内容', key: 'v', width: 100 },
  ];
  summary.addRows([
    { k: '统计期间', v: `${r.period.from} 至 ${r.period.to}` },
    { k: '受理总量（件）', v: r.total },
    { k: '不予/不再受理（件）', v: r.notAccepted },
    { k: '情况通报', v: r.text },
  ]);
  summary.getColumn('v').alignment = { wrapText: true, vertical: 'top' };
  summary.getRow(1).font = { bold: true };
  splitSheet(wb, '初重件', [
    { key: '初信初访', ...r.firstTime },
    { key: '重复信访', ...r.repeat },
    { key: '责任单位不属于我区', ...r.outsideDistrict },
  ]);
  splitSheet(wb, '信访层级', r.byLevel);
  splitSheet(wb, '信访渠道', r.byChannel);
  splitSheet(wb, '诉求领域', r.byDomain);
  const units = wb.addWorksheet('责任单位排名');
  units.columns = [
    { header: '排名', key: 'i', width: 8 },
    { header: '责任单位', key: 'unit', width: 28 },
    { header: '件数', key: 'count', width: 10 },
  ];
  r.topUnits.forEach((u, i) => units.addRow({ i: i + 1, unit: u.unit, count: u.count }));
  units.getRow(1).font = { bold: true };
  const ind = wb.addWorksheet('指标');
  ind.columns = [
    { header: '指标', key: 'k', width: 14 },
    { header: '数值(%)', key: 'rate', width: 10 },
    { header: '分子', key: 'n', width: 8 },
    { header: '分母', key: 'd', width: 8 },
    { header: '计算方法', key: 'f', width: 70 },
  ];
  for (const [k, v] of Object.entries(r.indicators))
    ind.addRow({ k, rate: v.rate ?? '—', n: v.numerator, d: v.denominator, f: v.formula });
  ind.getRow(1).font = { bold: true };
  const sat = wb.addWorksheet('满意率来源');
  sat.columns = [
    { header: '评价来源', key: 'label', width: 18 },
    { header: '已评价件数', key: 'rated', width: 12 },
    { header: '满意件数', key: 'satisfied', width: 12 },
    { header: '满意率(%)', key: 'rate', width: 12 },
  ];
  for (const x of satisfactionRows(r)) sat.addRow({ ...x, rate: x.rate ?? '—' });
  sat.getRow(1).font = { bold: true };
  const list = wb.addWorksheet('事项清单');
  list.columns = [
    { header: '信访件编号', key: 'number', width: 24 },
    { header: '登记日期', key: 'registeredOn', width: 12 },
    { header: '信访形式', key: 'channel', width: 10 },
    { header: '登记机构', key: 'level', width: 10 },
    { header: '内容分类', key: 'classPath', width: 36 },
    { header: '责任单位', key: 'leadUnit', width: 24 },
    { header: '是否重复信访', key: 'repeat', width: 12 },
    { header: '状态', key: 'status', width: 12 },
    { header: '满意度', key: 'satisfaction', width: 10 },
    { header: '评价来源', key: 'ratingSource', width: 12 },
  ];
  for (const it of items) {
    list.addRow({
      ...it,
      classPath: it.classPath ?? '',
      leadUnit: it.leadUnit ?? '',
      repeat: it.isRepeat ? '是' : '否',
      status: STATUS_LABELS[it.status as Status] ?? it.status,
      satisfaction: it.satisfaction ?? '',
      ratingSource: it.ratingSource ?? '',
    });
  }
  list.getRow(1).font = { bold: true };
  list.views = [{ state: 'frozen', ySplit: 1 }];
  return Buffer.from(await wb.xlsx.writeBuffer());
}
