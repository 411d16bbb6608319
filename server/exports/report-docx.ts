import {
  AlignmentType,
  BorderStyle,
  Document,
  Packer,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { satisfactionRows, type Report, type SplitEntry } from '../report/report.ts';
import { BODY_FONT, body, heading, run, SIZE_2, SIZE_3, SIZE_TABLE, TITLE_FONT } from './gongwen.ts';
import { pct } from '../domain/shares.ts';

/*
 * The situation report as Word (docx 9), in the style of an official document: title in 方正小标宋简体,
 * headings in 黑体, body in 仿宋_GB2312 三号 (16 pt). Charts are drawn as table cells shaded in proportion
 * to the value: no pure-JS rasteriser is installed, and a table bar chart stays editable in Word/WPS.
 */

const BAR_CELLS = 20;
const BAR_COLOUR = '2F5597';

function cell(
  text: string,
  opts: { bold?: boolean; width?: number; align?: (typeof AlignmentType)[keyof typeof AlignmentType] } = {},
): TableCell {
  return new TableCell({
    children: [
      new Paragraph({
        children: [run(text, BODY_FONT, SIZE_TABLE, opts.bold)],
        alignment: opts.align ?? AlignmentType.CENTER,
      }),
    ],
    ...(opts.width ? { width: { size: opts.width, type: WidthType.DXA } } : {}),
  });
}

export function dataTable(header: string[], rows: string[][], columnWidths?: number[]): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    ...(columnWidths ? { columnWidths, layout: TableLayoutType.FIXED } : {}),
    rows: [
      new TableRow({ tableHeader: true, children: header.map((h) => cell(h, { bold: true })) }),
      ...rows.map((r) => new TableRow({ children: r.map((v) => cell(v)) })),
    ],
  });
}

const NONE = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
const NO_BORDERS = { top: NONE, bottom: NONE, left: NONE, right: NONE };

/** A horizontal bar chart as a borderless table: one row per key, shaded cells in proportion to the count. */
export function barChart(entries: readonly { key: string; count: number; share?: number }[]): Table {
  const max = Math.max(1, ...entries.map((e) => e.count));
  const rows = entries.map((e) => {
    const filled = e.count > 0 ? Math.max(1, Math.round((e.count / max) * BAR_CELLS)) : 0;
    const bars = Array.from(
      { length: BAR_CELLS },
      (_, i) =>
        new TableCell({
          borders: NO_BORDERS,
          width: { size: 220, type: WidthType.DXA },
          ...(i < filled ? { shading: { type: ShadingType.CLEAR, fill: BAR_COLOUR, color: 'auto' } } : {}),
          children: [new Paragraph({ children: [run(' ', BODY_FONT, 12)] })],
        }),
    );
    const label = new TableCell({
      borders: NO_BORDERS,
      width: { size: 2200, type: WidthType.DXA },
      children: [new Paragraph({ alignment: AlignmentType.RIGHT, children: [run(e.key, BODY_FONT, 21)] })],
    });
    const value = new TableCell({
      borders: NO_BORDERS,
      width: { size: 1800, type: WidthType.DXA },
      children: [
        new Paragraph({
          children: [run(`${e.count}件${e.share === undefined ? '' : `（${pct(e.share)}%）`}`, BODY_FONT, 21)],
        }),
      ],
    });
    return new TableRow({ children: [label, ...bars, value] });
  });
  // A fixed grid so every bar cell has the same width in Word, WPS and LibreOffice.
  return new Table({
    rows,
    layout: TableLayoutType.FIXED,
    columnWidths: [2200, ...Array.from({ length: BAR_CELLS }, () => 220), 1800],
    borders: { ...NO_BORDERS, insideHorizontal: NONE, insideVertical: NONE },
  });
}

function splitSection(title: string, split: readonly SplitEntry[]): (Paragraph | Table)[] {
  return [
    heading(title),
    dataTable(
      ['类别', '件数', '占比'],
      split.map((e) => [e.key, String(e.count), `${pct(e.share)}%`]),
    ),
    new Paragraph({ children: [] }),
    barChart(split),
  ];
}

/** A date as written in official documents: 2025年3月1日. */
export function dateCn(d: string): string {
  return `${Number(d.slice(0, 4))}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;
}

/**
 * Renders the report as a .docx buffer. `issuedOn` is the date printed at the end; `extra` are further numbered
 * sections placed after the eighth (the unit scorecard).
 */
export async function reportDocx(
  r: Report,
  issuedOn: string,
  title = '全区信访形势分析报告',
  extra: readonly (Paragraph | Table)[] = [],
): Promise<Buffer> {
  const origin: SplitEntry[] = [
    { key: '初信初访', ...r.firstTime },
    { key: '重复信访', ...r.repeat },
    { key: '责任单位不属于我区', ...r.outsideDistrict },
  ];
  const indicatorRows = Object.entries(r.indicators).map(([k, v]) => [
    k,
    v.rate === null ? '—' : `${pct(v.rate)}%`,
    String(v.numerator),
    String(v.denominator),
    v.formula,
  ]);
  const children: (Paragraph | Table)[] = [
    ...reportHead(title, `（${dateCn(r.period.from)}至${dateCn(r.period.to)}）`),
    heading('一、总体情况'),
    body(r.text),
    ...splitSection('二、初信初访与重复信访', origin),
    ...splitSection('三、信访层级', r.byLevel),
    ...splitSection('四、信访渠道', r.byChannel),
    ...splitSection('五、诉求领域', r.byDomain),
    heading('六、责任单位案件量排名'),
    dataTable(
      ['排名', '责任单位', '件数'],
      r.topUnits.map((u, i) => [String(i + 1), u.unit, String(u.count)]),
    ),
    new Paragraph({ children: [] }),
    barChart(r.topUnits.map((u) => ({ key: u.unit, count: u.count }))),
    heading('七、主要指标'),
    // The text width of the page is 8844 twips (A4 less the official-document margins); the formula gets most.
    dataTable(['指标', '数值', '分子', '分母', '计算方法'], indicatorRows, [1750, 1000, 750, 750, 4594]),
    heading('八、满意率（按评价来源）'),
    body(
      '网上自评为信访人凭查询码自行评价；回访为电话、上门或短信回访中信访人表示的满意度，记有回访人和回访日期。' +
        '各来源件数之和即满意率的分母与分子。',
    ),
    dataTable(
      ['评价来源', '已评价件数', '满意件数', '满意率'],
      satisfactionRows(r).map((x) => [
        x.label,
        String(x.rated),
        String(x.satisfied),
        x.rate === null ? '—' : `${pct(x.rate)}%`,
      ]),
    ),
    ...extra,
    dateLine(issuedOn),
  ];
  return reportDocument(title, children);
}

/** The date at the end of a report, right-aligned. */
export function dateLine(issuedOn: string): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.RIGHT,
    spacing: { before: 400 },
    children: [run(dateCn(issuedOn), BODY_FONT, SIZE_3)],
  });
}

/** The centred title and the line under it (the period, the date) of a report. */
export function reportHead(title: string, subtitle: string): Paragraph[] {
  return [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 200, line: 700 },
      children: [run(title, TITLE_FONT, SIZE_2)],
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 300 },
      children: [run(subtitle, BODY_FONT, SIZE_3)],
    }),
  ];
}

/** A report's A4 document with the official-document margins and body font. */
export function reportDocument(title: string, children: (Paragraph | Table)[]): Promise<Buffer> {
  const doc = new Document({
    creator: 'xinfang 信访事项办理平台',
    title,
    styles: { default: { document: { run: { font: BODY_FONT, size: SIZE_3 } } } },
    sections: [{ properties: { page: { margin: { top: 2098, bottom: 1984, left: 1588, right: 1474 } } }, children }],
  });
  return Packer.toBuffer(doc);
}
