import ExcelJS from 'exceljs';
import { SECTION_COLUMNS } from '../domain/campaign-text.ts';
import type { Board, TargetValue } from '../domain/campaign-board.ts';
import type { CampaignSection } from './campaign-docx.ts';

const valueText = (t: { value: number | null }, unit: TargetValue['unit']) =>
  t.value === null ? '—' : unit === '%' ? `${t.value.toFixed(1)}%` : `${t.value}件`;

const metText = (met: boolean | null) => (met === null ? '暂无法评估' : met ? '达到' : '未达到');

/**
 * 攻坚行动进展 as an Excel workbook: the section (paragraph and one row per target, the same cells as the Word
 * file), the weekly trend (new items against the same week a year earlier, each target's value to the week's
 * end) and the split by 责任单位, then how each target is computed.
 */
export async function campaignSectionXlsx(
  board: Board,
  section: CampaignSection,
  formulas: Readonly<Record<string, string>>,
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'xinfang 信访事项办理平台';
  const name = board.campaign.name;
  const head = wb.addWorksheet(section.title);
  head.columns = [
    { key: 'a', width: 22 },
    { key: 'b', width: 14 },
    { key: 'c', width: 12 },
    { key: 'd', width: 60 },
    { key: 'e', width: 16 },
  ];
  head.addRow([`${name}${section.title}`]).font = { bold: true, size: 14 };
  head.addRow([`${board.campaign.from} 至 ${board.campaign.to}，数据截至 ${board.asOf}`]);
  const para = head.addRow([section.text]);
  head.mergeCells(para.number, 1, para.number, 5);
  para.alignment = { wrapText: true, vertical: 'top' };
  para.height = Math.max(30, Math.ceil(section.text.length / 60) * 18);
  head.addRow([]);
  head.addRow([...SECTION_COLUMNS]).font = { bold: true };
  for (const row of section.table) head.addRow(row);

  const kinds = board.targets.map((t) => t);
  const weekly = wb.addWorksheet('周趋势');
  weekly.columns = [
    { header: '周次', key: 'week', width: 6 },
    { header: '起', key: 'from', width: 12 },
    { header: '止', key: 'to', width: 12 },
    { header: '本周受理件数', key: 'items', width: 14 },
    { header: '上年同期件数', key: 'lastYear', width: 14 },
    ...kinds.map((t) => ({ header: `${t.label}（累计）`, key: t.kind, width: 16 })),
  ];
  for (const w of board.weekly) {
    const row: Record<string, string | number> = {
      week: w.week,
      from: w.from,
      to: w.to,
      items: w.newItems.count,
      lastYear: w.sameWeekLastYear.count,
    };
    for (const t of kinds) {
      const v = w.values.find((x) => x.kind === t.kind);
      row[t.kind] = v ? valueText(v, t.unit) : '—';
    }
    weekly.addRow(row);
  }
  weekly.getRow(1).font = { bold: true };
  weekly.views = [{ state: 'frozen', ySplit: 1 }];

  const units = wb.addWorksheet('分单位');
  units.columns = [
    { header: '责任单位', key: 'unit', width: 24 },
    ...kinds.flatMap((t) => [
      { header: t.label, key: `${t.kind}:v`, width: 14 },
      { header: `${t.label}是否达到`, key: `${t.kind}:m`, width: 14 },
    ]),
  ];
  for (const u of board.byUnit) {
    const row: Record<string, string> = { unit: u.unit };
    for (const t of kinds) {
      const v = u.targets.find((x) => x.kind === t.kind);
      row[`${t.kind}:v`] = v ? valueText(v, t.unit) : '—';
      row[`${t.kind}:m`] = v ? metText(v.met) : '—';
    }
    units.addRow(row);
  }
  units.getRow(1).font = { bold: true };
  units.views = [{ state: 'frozen', ySplit: 1, xSplit: 1 }];

  const about = wb.addWorksheet('口径说明');
  about.columns = [
    { header: '目标', key: 'k', width: 22 },
    { header: '计算口径', key: 'v', width: 110 },
  ];
  for (const t of kinds) about.addRow({ k: t.label, v: formulas[t.kind] ?? '' });
  about.addRow({ k: '不予受理、不再受理', v: `另计 ${board.notAccepted.count} 件，不计入受理总量` });
  about.getRow(1).font = { bold: true };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
