import { AlignmentType, Paragraph, TextRun } from 'docx';

/*
 * 公文-like typography shared by the documents xinfang writes: title in 方正小标宋简体, headings in 黑体,
 * body in 仿宋_GB2312 三号 (16 pt), 28-pt line spacing. Word picks `eastAsia` for Chinese characters and
 * `ascii`/`hAnsi` for Latin text and digits; a machine without the official fonts substitutes by name
 * (WPS and LibreOffice map these names to 宋体/黑体/仿宋).
 */
export type Font = { ascii: string; eastAsia: string; hAnsi: string; cs: string };
export const TITLE_FONT: Font = {
  ascii: 'Times New Roman',
  eastAsia: '方正小标宋简体',
  hAnsi: 'Times New Roman',
  cs: 'Times New Roman',
};
export const HEADING_FONT: Font = {
  ascii: 'Times New Roman',
  eastAsia: '黑体',
  hAnsi: 'Times New Roman',
  cs: 'Times New Roman',
};
export const BODY_FONT: Font = {
  ascii: 'Times New Roman',
  eastAsia: '仿宋_GB2312',
  hAnsi: 'Times New Roman',
  cs: 'Times New Roman',
};
export const SIZE_2 = 44; // 二号 22 pt, in half-points
export const SIZE_3 = 32; // 三号 16 pt
export const SIZE_TABLE = 24; // 小四 12 pt

export function run(text: string, font: Font, size: number, bold = false): TextRun {
  return new TextRun({ text, font, size, bold });
}

/** A body paragraph: first line indented two characters, justified. */
export function body(text: string): Paragraph {
  return new Paragraph({
    children: [run(text, BODY_FONT, SIZE_3)],
    indent: { firstLine: 640 },
    spacing: { line: 560 },
    alignment: AlignmentType.JUSTIFIED,
  });
}

export function heading(text: string): Paragraph {
  return new Paragraph({
    children: [run(text, HEADING_FONT, SIZE_3)],
    spacing: { before: 240, after: 120, line: 560 },
  });
}

export function title(text: string): Paragraph {
  return new Paragraph({
    children: [run(text, TITLE_FONT, SIZE_2)],
    alignment: AlignmentType.CENTER,
    spacing: { after: 240, line: 560 },
  });
}

/** A line without indent (salutation, signature). */
export function plain(
  text: string,
  align: (typeof AlignmentType)[keyof typeof AlignmentType] = AlignmentType.LEFT,
): Paragraph {
  return new Paragraph({ children: [run(text, BODY_FONT, SIZE_3)], alignment: align, spacing: { line: 560 } });
}
