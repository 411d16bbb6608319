import type { Paragraph, Table } from 'docx';
import type { ScorecardJson } from '../../contract/supervision.ts';
import { body, heading } from './gongwen.ts';
import { dataTable, dateCn, dateLine, reportDocument, reportHead } from './report-docx.ts';

/*
 * The unit scorecard (把脉问诊) as a 通报 section in Word: a paragraph of formal prose on the period and the
 * ranking, then one row per unit in rank order with the card's main rates. Figures only, no formulas: the
 * calculation rules stay in the Excel export's 说明 sheet and on the screen.
 */

type Rate = { count: number; of: number; rate: number | null };
type Unit = ScorecardJson['units'][number];

const percent = (r: Rate) => (r.rate === null ? '—' : `${(r.rate * 100).toFixed(1)}%`);

function total(units: readonly Unit[], pick: (u: Unit) => Rate): Rate {
  const count = units.reduce((a, u) => a + pick(u).count, 0);
  const of = units.reduce((a, u) => a + pick(u).of, 0);
  return { count, of, rate: of > 0 ? Math.round((count / of) * 10000) / 10000 : null };
}

function rankChange(u: Unit): string {
  if (u.previousRank === null) return '—';
  const d = u.previousRank - u.rank;
  return d > 0 ? `上升${d}位` : d < 0 ? `下降${-d}位` : '持平';
}

/** The prose of the section: the period, the volume, the district's rates, the first and the last units. */
export function scorecardProse(card: ScorecardJson): string[] {
  const period = `${dateCn(card.from)}至${dateCn(card.to)}`;
  const units = card.units;
  if (!units.length) return [`${period}，全区各责任单位均无主办的信访事项，本期不作排名。`];
  const received = units.reduce((a, u) => a + u.received, 0);
  const overdue = units.filter((u) => u.overdue > 0);
  const said = (label: string, r: Rate) => (r.rate === null ? '' : `${label}${percent(r)}`);
  const rates = [
    said(
      '及时受理率',
      total(units, (u) => u.acceptedOnTime),
    ),
    said(
      '按期办结率',
      total(units, (u) => u.closedOnTime),
    ),
    said(
      '参评率',
      total(units, (u) => u.rated),
    ),
    said(
      '满意率',
      total(units, (u) => u.satisfied),
    ),
  ].filter(Boolean);
  const top = units.slice(0, Math.min(3, units.length)).map((u) => u.unit);
  const out = [
    `${period}，全区${units.length}个责任单位共主办信访事项${received}件` +
      (rates.length ? `，全区${rates.join('，')}。` : '。'),
    `按及时受理、按期办结、参评和满意情况综合排名，${top.join('、')}位列前${top.length === 1 ? '一' : top.length === 2 ? '二' : '三'}位。`,
  ];
  if (units.length > 3) out.push(`${units.at(-1)!.unit}排名末位，请认真查找原因，切实改进工作。`);
  if (overdue.length)
    out.push(
      `截至${dateCn(card.asOf)}，${overdue.map((u) => `${u.unit}${u.overdue}件`).join('、')}超期未办，` +
        '请相关单位抓紧办理，按期答复信访人。',
    );
  return out;
}

/** The section's headings, prose and ranking table, to place in a report (`heading` numbered by the caller). */
export function scorecardSection(card: ScorecardJson, title: string): (Paragraph | Table)[] {
  const rows = card.units.map((u) => [
    String(u.rank),
    u.unit,
    String(u.received),
    percent(u.acceptedOnTime),
    percent(u.closedOnTime),
    percent(u.rated),
    percent(u.satisfied),
    String(u.overdue),
    rankChange(u),
  ]);
  return [
    heading(title),
    ...scorecardProse(card).map(body),
    ...(rows.length
      ? [
          dataTable(
            ['排名', '责任单位', '主办件数', '及时受理率', '按期办结率', '参评率', '满意率', '超期件数', '名次变化'],
            rows,
            [600, 1800, 700, 1000, 1000, 1000, 1000, 700, 1044],
          ),
        ]
      : []),
  ];
}

/** The scorecard alone as a 通报 (the CLI's `--format docx`). */
export async function scorecardDocx(card: ScorecardJson, issuedOn: string): Promise<Buffer> {
  const title = '责任单位信访工作考评情况通报';
  return reportDocument(title, [
    ...reportHead(title, `（${dateCn(card.from)}至${dateCn(card.to)}）`),
    ...scorecardSection(card, '责任单位考评排名'),
    dateLine(issuedOn),
  ]);
}
