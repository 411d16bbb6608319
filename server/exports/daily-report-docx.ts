import type { Paragraph, Table } from 'docx';
import { dateCn } from '../domain/cn-text.ts';
import type { DailyReport } from '../domain/daily-report.ts';
import { body, heading } from './gongwen.ts';
import { dataTable, reportDocument, reportHead } from './report-docx.ts';

/** The title of a daily report: the period's name when the day belongs to one. */
export function dailyReportTitle(r: DailyReport): string {
  return r.details.period ? `${r.details.period.name}期间信访情况日报` : '信访情况日报';
}

/**
 * The daily report as Word, in the situation report's 公文 style: the paragraph sent up, then the counts by level
 * and channel, 集体访 / 越级访, hot issues and the list of items — or only the 零报告 paragraph.
 */
export async function dailyReportDocx(r: DailyReport): Promise<Buffer> {
  const title = dailyReportTitle(r);
  const children: (Paragraph | Table)[] = [
    ...reportHead(title, `（${dateCn(r.date)}${r.zeroReport ? '　零报告' : ''}）`),
    heading('一、总体情况'),
    body(r.text),
  ];
  if (!r.zeroReport) {
    const nonzero = (xs: { key: string; count: number }[]) =>
      xs.filter((x) => x.count > 0).map((x) => [x.key, String(x.count)]);
    children.push(
      heading('二、信访层级'),
      dataTable(['层级', '件数'], nonzero(r.byLevel)),
      heading('三、信访渠道'),
      dataTable(['渠道', '件数'], nonzero(r.byChannel)),
      heading('四、集体访和越级访'),
      dataTable(
        ['类别', '批次', '人次'],
        [
          ['集体访', String(r.collective.batches), String(r.collective.people)],
          ['越级访', String(r.details.skipLevel.batches), String(r.details.skipLevel.people)],
        ],
      ),
    );
    if (r.details.hotIssues.length) {
      children.push(
        heading('五、涉及热点问题'),
        dataTable(
          ['热点问题', '件数', '事项编号'],
          r.details.hotIssues.map((h) => [h.label, String(h.count), h.numbers.join('、')]),
        ),
      );
    }
    children.push(
      heading(`${r.details.hotIssues.length ? '六' : '五'}、事项清单`),
      dataTable(
        ['序号', '事项编号', '标题'],
        r.items.map((i, k) => [String(k + 1), i.number, i.title]),
      ),
    );
  }
  return reportDocument(title, children);
}
