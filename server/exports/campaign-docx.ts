import { dateCn } from '../domain/cn-text.ts';
import { SECTION_COLUMNS } from '../domain/campaign-text.ts';
import { body, heading } from './gongwen.ts';
import { dataTable, reportDocument, reportHead } from './report-docx.ts';

export interface CampaignSection {
  title: string;
  text: string;
  table: string[][];
}

/** The 攻坚行动进展 section as Word, in the situation report's 公文 style: the paragraph, then one row per target. */
export function campaignSectionDocx(name: string, asOf: string, s: CampaignSection): Promise<Buffer> {
  const title = `${name}${s.title}`;
  return reportDocument(title, [
    ...reportHead(title, `（截至${dateCn(asOf)}）`),
    heading('一、总体情况'),
    body(s.text),
    heading('二、目标完成情况'),
    dataTable([...SECTION_COLUMNS], s.table),
  ]);
}
