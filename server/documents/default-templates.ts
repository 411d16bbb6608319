/**
 * The shipped default templates, built in code (reproducible) after GB/T 9704 党政机关公文格式: 版头 (the issuing
 * organ in red, 发文字号 below, a red separator line), 标题 (小标宋 二号, centred), 主送, 正文 (仿宋 三号, first line
 * indented two characters, 28-pt lines), 落款 and 成文日期 right-aligned. The page: A4, margins 37 / 35 / 28 / 26 mm.
 *
 * Each template is written only with the placeholders of its kind (placeholders.ts); `npm run docs:templates`
 * writes them to server/documents/templates/ for the administrator to start from, and the tests check that the
 * committed files say the same as this code.
 */
import { AlignmentType, BorderStyle, Document, Packer, Paragraph, TextRun } from 'docx';
import { DOC_KIND_LABELS, DOC_KINDS, type DocKind } from '../../contract/documents.ts';
import { BODY_FONT, type Font, HEADING_FONT, SIZE_2, SIZE_3, TITLE_FONT } from '../exports/gongwen.ts';

const RED = 'FF0000';
const SIZE_ORGAN = 52; // 版头 organ name: 26 pt (小初 is 36 pt; a long organ name must fit the 156 mm line)

/** One block of a template: a paragraph kind and its text (placeholders included). */
type Block =
  | { t: 'body' | 'plain' | 'heading' | 'right' | 'center'; text: string }
  /**
   * Paragraphs repeated per list entry (or shown when a condition holds): `{#name}` … `{/name}` on lines of their
   * own.
   */
  | { t: 'section'; name: string; inverted?: boolean; blocks: Block[] };

const b = (text: string): Block => ({ t: 'body', text });
const h = (text: string): Block => ({ t: 'heading', text });
const p = (text: string): Block => ({ t: 'plain', text });
const each = (name: string, ...blocks: Block[]): Block => ({ t: 'section', name, blocks });
const unless = (name: string, ...blocks: Block[]): Block => ({ t: 'section', name, inverted: true, blocks });

interface Spec {
  title: string;
  /** Shown under the 发文字号 line (the item number on documents about an item). */
  item: boolean;
  blocks: Block[];
  /** The line after the salutation: `{主送}：`, or none for forms addressed in the text. */
  salutation?: boolean;
}

const CONTACT = each('有机关联系方式', b('联系地址：{机关地址}　　联系电话：{机关电话}'));

const RIGHT_TO_REVIEW = b(
  '如对本处理意见不服，可以自收到本意见书之日起{复查期限}内向{复查机关}请求复查。{#复查机关地址}{复查机关}地址：{复查机关地址}。{/复查机关地址}{#复查机关电话}联系电话：{复查机关电话}。{/复查机关电话}',
);

const SPECS: Record<DocKind, Spec> = {
  registration_receipt: {
    title: '信访事项登记回执',
    item: true,
    salutation: true,
    blocks: [
      b('您于{收到日期}以{信访形式}方式提出的信访事项（{事项标题}）已登记，事项编号为{事项编号}。您的诉求如下：'),
      each('诉求', b('{序号}．{内容}')),
      b('本机关将自收到之日起{交转期限}内，即{交转截止日期}前，作出受理、交办、转送或者不予受理的决定，并告知您。'),
      each(
        '查询码',
        b('您的查询码为{查询码}，请妥善保管，不要告诉他人。凭事项编号和查询码可以{查询方式}查询办理情况。'),
      ),
      unless('查询码', b('登记时已告知查询码，凭事项编号和查询码可以{查询方式}查询办理情况。')),
      CONTACT,
    ],
  },
  accept_notice: {
    title: '信访事项受理告知书',
    item: true,
    salutation: true,
    blocks: [
      b('您于{收到日期}提出的信访事项（{事项标题}），经审查，符合受理条件，本机关已于{受理日期}依法受理。'),
      each('简易办理', b('本事项适用简易办理程序，本机关将自受理之日起{办理期限}内，即{办结日期}前办结。')),
      unless(
        '简易办理',
        b(
          '根据《信访工作条例》的规定，本机关将自受理之日起{办理期限}内，即{办结日期}前办结；情况复杂的，经批准可以适当延长办理期限，延长期限不超过30日，届时将告知您延期理由。',
        ),
      ),
      b('办理过程中如需补充材料或者了解情况，本机关将与您联系。您可以{查询方式}查询办理进度。'),
      b('特此告知。'),
      CONTACT,
    ],
  },
  decline_notice: {
    title: '信访事项不予受理告知书',
    item: true,
    salutation: true,
    blocks: [
      b('您于{收到日期}提出的信访事项（{事项标题}），经审查，{理由}'),
      b('根据{法律依据}，本机关决定不予受理。{途径指引}'),
      b('特此告知。'),
      CONTACT,
    ],
  },
  no_reaccept_notice: {
    title: '信访事项不再受理告知书',
    item: true,
    salutation: true,
    blocks: [
      b('您于{收到日期}提出的信访事项（{事项标题}），经审查，{理由}'),
      b('根据{法律依据}，本机关决定不再受理。{途径指引}'),
      b('特此告知。'),
      CONTACT,
    ],
  },
  extension_notice: {
    title: '信访事项延期办理告知书',
    item: true,
    salutation: true,
    blocks: [
      b('您于{收到日期}提出的信访事项（{事项标题}），本机关已于{受理日期}受理，原应于{原办结日期}前办结。'),
      b('因{延期理由}，经本机关负责人批准，办理期限延长{延长期限}，本机关将于{延期后办结日期}前办结并告知您处理意见。'),
      b('特此告知。'),
      CONTACT,
    ],
  },
  opinion: {
    title: '信访事项处理意见书',
    item: true,
    salutation: true,
    blocks: [
      b('您于{收到日期}提出的信访事项（{事项标题}），本机关于{受理日期}受理。经调查核实，现将处理意见告知如下：'),
      h('一、信访诉求'),
      each('诉求', b('{序号}．{内容}')),
      h('二、调查核实情况'),
      b('{调查核实情况}'),
      h('三、处理意见'),
      each('诉求', b('关于第{序号}项诉求：{答复结果}。{答复说明}')),
      h('四、依据'),
      b('{法律依据}'),
      RIGHT_TO_REVIEW,
      CONTACT,
    ],
  },
  review_opinion: {
    title: '信访事项复查意见书',
    item: true,
    salutation: true,
    blocks: [
      b(
        '您于{收到日期}提出的信访事项（{事项标题}），{原办理机关}于{处理意见日期}作出处理意见。您对处理意见不服，于{复查申请日期}提出复查请求。本机关依法进行了复查，现将复查意见告知如下：',
      ),
      b('{复查意见}'),
      each('维持', b('经复查，本机关决定维持原处理意见。')),
      each('变更', b('经复查，本机关决定变更原处理意见。')),
      each('重新办理', b('经复查，本机关责令原办理机关重新办理。')),
      b(
        '如对本复查意见不服，可以自收到本意见书之日起{复核期限}内向{复核机关}请求复核。{#复核机关地址}{复核机关}地址：{复核机关地址}。{/复核机关地址}{#复核机关电话}联系电话：{复核机关电话}。{/复核机关电话}',
      ),
      CONTACT,
    ],
  },
  review_receipt: receiptSpec('复查'),
  rereview_receipt: receiptSpec('复核'),
  rereview_opinion: {
    title: '信访事项复核意见书',
    item: true,
    salutation: true,
    blocks: [
      b(
        '您于{收到日期}提出的信访事项（{事项标题}），{复查机关}于{复查意见日期}作出复查意见。您对复查意见不服，于{复核申请日期}提出复核请求。本机关依法进行了复核，现将复核意见告知如下：',
      ),
      b('{复核意见}'),
      b('复核结论：{复核结论}。'),
      each('听证', b('本机关于{开始日期}至{结束日期}举行了听证，听证所需时间不计入复核期限。')),
      b(
        '本复核意见为信访事项的最终处理意见。信访人对复核意见不服，仍以同一事实和理由提出信访请求的，信访部门和其他机关不再受理。',
      ),
      CONTACT,
    ],
  },
  assignment: routeSpec('信访事项交办单', '交办', '现将该信访事项交由你单位办理'),
  transfer_letter: routeSpec('信访事项转送函', '转送', '现将该信访事项转送你单位依法处理'),
  legal_channel_notice: {
    title: '导入法律程序告知书',
    item: true,
    salutation: true,
    blocks: [
      b('您于{收到日期}提出的信访事项（{事项标题}），经审查，属于应当通过{法定途径}解决的事项。{理由}'),
      b('根据{法律依据}，请您依照有关法律、行政法规规定的程序，向{受理机关}提出。本机关不再按信访程序办理。'),
      b('特此告知。'),
      CONTACT,
    ],
  },
  supervision_order: {
    title: '信访事项督办单',
    item: true,
    salutation: true,
    blocks: [
      b('{信访人}于{收到日期}提出的信访事项（{事项标题}，事项编号{事项编号}），{督办事由}。'),
      b('督办方式：{督办方式}。'),
      b('督办要求：{督办要求}'),
      b('请你单位于{报告期限}前将办理情况书面报送本机关。{#办结日期}该事项应当于{办结日期}前办结。{/办结日期}'),
      CONTACT,
    ],
  },
  meeting_notice: {
    title: '关于召开{会议名称}的通知',
    item: false,
    salutation: true,
    blocks: [
      b('经研究，定于{会议时间}在{会议地点}召开{会议名称}，现将有关事项通知如下：'),
      h('一、参会单位'),
      each('参会单位', b('{名称}')),
      h('二、研究事项'),
      each('议题', b('{序号}．{事项编号}　{事项标题}（信访人：{信访人}）')),
      h('三、会议要求'),
      b('{会议要求}'),
      b('联系人：{联系人}'),
      b('特此通知。'),
    ],
  },
  meeting_minutes: {
    title: '{会议名称}纪要',
    item: false,
    salutation: false,
    blocks: [
      b('{会议日期}，{主持人}在{会议地点}主持召开{会议名称}。{参会单位名单}参加会议。{会议概况}'),
      h('一、研究事项'),
      each('议题', b('{序号}．{事项编号}　{事项标题}（信访人：{信访人}）')),
      h('二、议定事项'),
      each('议定事项', b('（{中文序号}）{内容}')),
      h('三、任务分工'),
      each('任务', b('{序号}．{责任单位}：{任务}，于{完成时限}前完成。')),
      p('主送：{主送}'),
    ],
  },
  online_receipt: {
    title: '网上信访事项登记回执',
    item: true,
    salutation: true,
    blocks: [
      b('您于{收到日期}通过网上信访提交的信访事项（{事项标题}）已收到，编号为{事项编号}。'),
      b('您的查询码为{查询码}，请妥善保管，不要告诉他人。凭查询码可以{查询方式}查询办理情况、下载文书。'),
      b('提交人：{信访人}，证件号码：{信访人证件号码}，联系电话：{信访人电话}。您的诉求如下：'),
      each('诉求', b('{序号}．{内容}')),
      each('有材料', b('随同提交的材料：{材料名单}。')),
      b(
        '本机关将自收到之日起{交转期限}内，即{交转截止日期}前，进行登记并作出受理、交办、转送或者不予受理的决定；不予登记的，将说明理由。',
      ),
      CONTACT,
    ],
  },
};

/** 复查申请回执 / 复核申请回执: the request registered, who decides it and by when. */
function receiptSpec(what: '复查' | '复核'): Spec {
  const contested =
    what === '复查'
      ? '{原办理机关}于{处理意见日期}作出处理意见。您对处理意见不服'
      : '{复查机关}于{复查意见日期}作出复查意见。您对复查意见不服';
  return {
    title: `信访事项${what}申请回执`,
    item: true,
    salutation: true,
    blocks: [
      b(
        `您于{收到日期}提出的信访事项（{事项标题}），${contested}，于{${what}申请日期}{申请方式}提出的${what}申请已收到并登记。`,
      ),
      b(`${what}申请人：{申请人}。`),
      each('有申请理由', b('申请理由：{申请理由}')),
      b(
        `您的${what}申请由{${what}机关}依法办理。{${what}机关}将自收到${what}请求之日起{${what}办理期限}内，即{${what}截止日期}前，提出${what}意见并书面答复您。`,
      ),
      b('您可以凭查询码{查询方式}查询办理进展。'),
      CONTACT,
    ],
  };
}

function routeSpec(title: string, verb: '交办' | '转送', sentence: string): Spec {
  const date = verb === '交办' ? '{交办日期}' : '{转送日期}';
  const note = verb === '交办' ? '{交办意见}' : '{转送意见}';
  return {
    title,
    item: true,
    salutation: true,
    blocks: [
      b(`信访人：{信访人}　　联系电话：{信访人电话}`),
      b('住址：{信访人住址}'),
      each('隐去身份', b('（本事项按规定隐去信访人身份，请勿向被反映人透露信访人情况。）')),
      b('收到日期：{收到日期}　　信访形式：{信访形式}'),
      b('事项标题：{事项标题}'),
      b('主要内容：{主要内容}'),
      h('信访诉求'),
      each('诉求', b('{序号}．{内容}')),
      b(`${date}，${sentence}。{主办单位}为主办单位。`),
      each('有协办单位', b('{协办单位}为协办单位，请配合主办单位办理。')),
      b(note),
      b(
        '请自收到之日起{受理告知期限}内（{受理告知截止日期}前）决定是否受理并书面告知信访人；受理的，应当自受理之日起{办理期限}内办结，并将处理意见书报送本机关。',
      ),
      CONTACT,
    ],
  };
}

function run(text: string, font: Font, size: number, color?: string): TextRun {
  return new TextRun({ text, font, size, color });
}

const BODY_SPACING = { line: 560 };

/** `keepNext` keeps the paragraph on the page of the next one (the tail of the text with the 落款). */
function paragraph(block: Exclude<Block, { t: 'section' }>, keepNext = false): Paragraph {
  const r = run(block.text, block.t === 'heading' ? HEADING_FONT : BODY_FONT, SIZE_3);
  switch (block.t) {
    case 'body':
      return new Paragraph({
        children: [r],
        indent: { firstLine: 640 },
        spacing: BODY_SPACING,
        alignment: AlignmentType.JUSTIFIED,
        keepNext,
      });
    case 'heading':
      return new Paragraph({ children: [r], indent: { firstLine: 640 }, spacing: BODY_SPACING, keepNext });
    case 'right':
      return new Paragraph({ children: [r], alignment: AlignmentType.RIGHT, spacing: BODY_SPACING, keepNext });
    case 'center':
      return new Paragraph({ children: [r], alignment: AlignmentType.CENTER, spacing: BODY_SPACING, keepNext });
    default:
      return new Paragraph({ children: [r], spacing: BODY_SPACING, keepNext });
  }
}

function paragraphs(blocks: readonly Block[], keepNext = false): Paragraph[] {
  return blocks.flatMap((x) => {
    if (x.t !== 'section') return [paragraph(x, keepNext)];
    const tag = (s: string) => new Paragraph({ children: [run(s, BODY_FONT, SIZE_3)], keepNext });
    return [tag(`{${x.inverted ? '^' : '#'}${x.name}}`), ...paragraphs(x.blocks, keepNext), tag(`{/${x.name}}`)];
  });
}

/**
 * The text with its tail kept with the 落款: from the last paragraph outside a section on, every paragraph keeps
 * with the next, so the 落款 and 成文日期 never stand alone on a page (GB/T 9704 7.3.5: the page must hold text
 * above them). Whatever the sections render, at least that paragraph moves to the page of the signature.
 */
function bodyParagraphs(blocks: readonly Block[]): Paragraph[] {
  const last = blocks.findLastIndex((x) => x.t !== 'section');
  const tail = Math.max(last, 0);
  return [...paragraphs(blocks.slice(0, tail)), ...paragraphs(blocks.slice(tail), true)];
}

function docParagraphs(spec: Spec): Paragraph[] {
  return [
    // 版头: the organ in red, centred; the 发文字号 below, then a red line across the text area.
    new Paragraph({
      children: [run('{发文机关}', TITLE_FONT, SIZE_ORGAN, RED)],
      alignment: AlignmentType.CENTER,
      spacing: { before: 0, after: 240, line: 560 },
    }),
    new Paragraph({
      children: [run('{发文字号}', BODY_FONT, SIZE_3)],
      alignment: AlignmentType.CENTER,
      spacing: { after: 120, line: 560 },
      border: { bottom: { style: BorderStyle.SINGLE, size: 12, color: RED, space: 8 } },
    }),
    ...(spec.item
      ? [
          new Paragraph({
            children: [run('事项编号：{事项编号}', BODY_FONT, SIZE_3)],
            alignment: AlignmentType.RIGHT,
            spacing: { before: 120, line: 560 },
          }),
        ]
      : []),
    // 标题: 二号 小标宋, centred, one blank line below.
    new Paragraph({
      children: [run(spec.title, TITLE_FONT, SIZE_2)],
      alignment: AlignmentType.CENTER,
      spacing: { before: 360, after: 240, line: 700 },
    }),
    ...(spec.salutation !== false ? [paragraph({ t: 'plain', text: '{主送}：' })] : []),
    ...bodyParagraphs(spec.blocks),
    // 落款 and 成文日期: right-aligned, the date about four characters from the right margin, kept together.
    new Paragraph({ children: [], spacing: BODY_SPACING, keepNext: true }),
    new Paragraph({
      keepNext: true,
      children: [run('{发文机关}', BODY_FONT, SIZE_3)],
      alignment: AlignmentType.RIGHT,
      indent: { right: 640 },
      spacing: BODY_SPACING,
    }),
    new Paragraph({
      children: [run('{成文日期}', BODY_FONT, SIZE_3)],
      alignment: AlignmentType.RIGHT,
      indent: { right: 640 },
      spacing: BODY_SPACING,
    }),
  ];
}

/** The fixed creation date written into every default template, so the generated bytes are reproducible. */
const FIXED = new Date('2026-12-01T00:00:00Z');

/** Builds the default template of one kind as a .docx. */
export async function defaultTemplate(kind: DocKind): Promise<Buffer> {
  const spec = SPECS[kind];
  const doc = new Document({
    creator: 'xinfang',
    title: DOC_KIND_LABELS[kind],
    styles: { default: { document: { run: { font: BODY_FONT, size: SIZE_3 } } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: 11906, height: 16838 },
            margin: { top: 2098, bottom: 1984, left: 1588, right: 1474 },
          },
        },
        children: docParagraphs(spec),
      },
    ],
  });
  const buf = await Packer.toBuffer(doc);
  return normaliseDates(buf);
}

/** Replaces the creation / modification timestamps the writer puts into docProps/core.xml with a fixed one. */
async function normaliseDates(buf: Buffer): Promise<Buffer> {
  const { default: PizZip } = await import('pizzip');
  const zip = new PizZip(buf);
  const core = zip.file('docProps/core.xml');
  if (core) {
    const stamp = FIXED.toISOString().replace(/\.\d{3}Z$/, 'Z');
    zip.file(
      'docProps/core.xml',
      core.asText().replace(/(<dcterms:(?:created|modified)[^>]*>)[^<]*(<\/dcterms:)/g, `$1${stamp}$2`),
    );
  }
  return zip.generate({ type: 'nodebuffer', compression: 'DEFLATE' });
}

let cache: Map<DocKind, Promise<Buffer>> | null = null;

/** The default template of a kind, built once per process. */
export function defaultTemplateCached(kind: DocKind): Promise<Buffer> {
  cache ??= new Map();
  let t = cache.get(kind);
  if (!t) {
    t = defaultTemplate(kind);
    cache.set(kind, t);
  }
  return t;
}

/** The file name a template of a kind is downloaded as. */
export function templateFileName(kind: DocKind, version: number | null): string {
  return `${DOC_KIND_LABELS[kind]}模板${version ? `-第${version}版` : '-默认'}.docx`;
}

export const DEFAULT_TEMPLATE_KINDS: readonly DocKind[] = DOC_KINDS;
