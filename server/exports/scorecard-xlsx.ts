import ExcelJS from 'exceljs';
import type { ScorecardJson } from '../../contract/supervision.ts';

/** The unit scorecard as an Excel workbook: one row per unit in rank order, rates as percentages. */
export async function scorecardXlsx(card: ScorecardJson, formulas: Readonly<Record<string, string>>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'xinfang 信访事项办理平台';
  const ws = wb.addWorksheet('单位考评');
  ws.columns = [
    { header: '排名', key: 'rank', width: 6 },
    { header: '单位', key: 'unit', width: 22 },
    { header: '主办件数', key: 'received', width: 10 },
    { header: '及时受理率', key: 'acceptedOnTime', width: 12 },
    { header: '按期办结率', key: 'closedOnTime', width: 12 },
    { header: '参评率', key: 'rated', width: 10 },
    { header: '满意率', key: 'satisfied', width: 10 },
    { header: '超期件数', key: 'overdue', width: 10 },
    { header: '异议/成立', key: 'objections', width: 10 },
    { header: '退回重办', key: 'sentBack', width: 10 },
    { header: '督办/逾期回复', key: 'supervisions', width: 14 },
    { header: '重复信访率', key: 'repeat', width: 12 },
    { header: '平均受理天数', key: 'meanDaysToAcceptance', width: 12 },
    { header: '平均办理天数', key: 'meanDaysToOpinion', width: 12 },
    { header: '综合得分', key: 'score', width: 10 },
    { header: '上期排名', key: 'previousRank', width: 10 },
  ];
  const pct = (r: { count: number; of: number; rate: number | null }) => r.rate;
  for (const u of card.units)
    ws.addRow({
      rank: u.rank,
      unit: u.unit,
      received: u.received,
      acceptedOnTime: pct(u.acceptedOnTime),
      closedOnTime: pct(u.closedOnTime),
      rated: pct(u.rated),
      satisfied: pct(u.satisfied),
      overdue: u.overdue,
      objections: `${u.objections.raised}/${u.objections.upheld}`,
      sentBack: u.sentBack,
      supervisions: `${u.supervisions.received}/${u.supervisions.answeredLate}`,
      repeat: pct(u.repeat),
      meanDaysToAcceptance: u.meanDaysToAcceptance,
      meanDaysToOpinion: u.meanDaysToOpinion,
      score: u.score,
      previousRank: u.previousRank,
    });
  for (const k of ['acceptedOnTime', 'closedOnTime', 'rated', 'satisfied', 'repeat']) ws.getColumn(k).numFmt = '0.00%';
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  const about = wb.addWorksheet('口径说明');
  about.columns = [
    { header: '项目', key: 'k', width: 18 },
    { header: '口径', key: 'v', width: 100 },
  ];
  about.addRow({ k: '统计期间', v: `${card.from} 至 ${card.to}（统计日 ${card.asOf}）` });
  for (const [k, v] of Object.entries(formulas)) about.addRow({ k, v });
  about.getRow(1).font = { bold: true };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
