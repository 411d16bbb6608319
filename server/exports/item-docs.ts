import { AlignmentType, Document, Packer, type Paragraph } from 'docx';
import type { ItemDeadline } from '../domain/item-deadlines.ts';
import type { Item } from '../domain/item.ts';
import { BODY_FONT, body, heading, plain, SIZE_3, title } from './gongwen.ts';

/** The notices a unit or the bureau sends the petitioner, generated from the item's facts. */
export const ITEM_DOCUMENTS = {
  accept_notice: '受理告知书',
  extension_notice: '延期办理告知书',
  opinion: '信访事项处理意见书',
  decline_notice: '不予受理（不再受理）告知书',
} as const;
export type ItemDocumentKind = keyof typeof ITEM_DOCUMENTS;

export interface DocumentContext {
  item: Item;
  deadlines: readonly ItemDeadline[];
  /** Who signs: the lead unit, or the bureau for its own decisions. */
  issuer: string;
  /** The 复查 organ named in the opinion (the level above the handler). */
  reviewOrgan: string;
}

function cn(date: string): string {
  const [y, m, d] = date.split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
}

function addressee(item: Item): string {
  const names = item.petitioners.map((p) => p.name).filter(Boolean);
  if (names.length) return `${names.slice(0, 3).join('、')}${names.length > 3 ? '等' : ''}`;
  return item.organisation ?? '信访人';
}

/** Which documents the item's facts support now (a notice exists only once its step happened). */
export function availableDocuments(item: Item): ItemDocumentKind[] {
  const f = item.facts;
  const out: ItemDocumentKind[] = [];
  if (f.acceptedOn) out.push('accept_notice');
  if (f.extension?.status === 'approved') out.push('extension_notice');
  if (f.opinion) out.push('opinion');
  if (f.declined) out.push('decline_notice');
  return out;
}

function paragraphs(kind: ItemDocumentKind, c: DocumentContext): Paragraph[] {
  const { item } = c;
  const f = item.facts;
  const handle = c.deadlines.find((d) => d.rule === 'handle' || d.rule === 'simple_handle');
  const head = [
    title(ITEM_DOCUMENTS[kind]),
    plain(`编号：${item.number}`, AlignmentType.RIGHT),
    plain(`${addressee(item)}：`),
  ];
  const sign = (date: string) => [
    plain(''),
    plain(c.issuer, AlignmentType.RIGHT),
    plain(cn(date), AlignmentType.RIGHT),
  ];
  switch (kind) {
    case 'accept_notice':
      return [
        ...head,
        body(
          `您于${cn(item.receivedOn)}提出的信访事项（${item.title}），经审查，符合受理条件，本机关已于${cn(f.acceptedOn!)}依法受理。`,
        ),
        body(
          `根据《信访工作条例》的规定，本机关将自受理之日起60日内办结${handle ? `（${handle.explanation}）` : ''}；情况复杂的，经批准可以适当延长办理期限，但延长期限不得超过30日，并将告知您延期理由。`,
        ),
        body('办理过程中如需补充材料或了解情况，本机关将与您联系。您可凭登记时告知的查询码查询办理进度。'),
        ...sign(f.acceptedOn!),
      ];
    case 'extension_notice': {
      const e = f.extension!;
      return [
        ...head,
        body(
          `您于${cn(item.receivedOn)}提出的信访事项（${item.title}），本机关已于${cn(f.acceptedOn!)}受理。因${e.noticeReason ?? e.reason}，经本机关负责人批准，办理期限延长${e.days}日${handle ? `，${handle.explanation}` : ''}。`,
        ),
        body('特此告知。'),
        ...sign(e.notifiedOn ?? e.decidedOn ?? e.requestedOn),
      ];
    }
    case 'opinion': {
      const o = f.opinion!;
      return [
        ...head,
        body(
          `您于${cn(item.receivedOn)}提出的信访事项（${item.title}），本机关于${cn(f.acceptedOn ?? item.registeredOn)}受理。现将处理意见告知如下：`,
        ),
        heading('一、信访诉求'),
        ...item.demands.map((d, i) => body(`${i + 1}. ${d.text}`)),
        heading('二、调查核实情况'),
        body(o.facts),
        heading('三、处理意见'),
        ...o.answers.map((a) => body(`关于第${a.demandIndex + 1}项诉求：${a.outcome}。${a.explanation}`)),
        heading('四、依据'),
        body(o.basis),
        body(`如对本处理意见不服，可以自收到本意见书之日起30日内向${c.reviewOrgan}请求复查。`),
        ...sign(o.issuedOn),
      ];
    }
    case 'decline_notice': {
      const d = f.declined!;
      return [
        ...head,
        body(
          `您于${cn(item.receivedOn)}提出的信访事项（${item.title}），经审查，${d.reason}。根据《信访工作条例》的规定，本机关决定${d.kind}，特此告知。`,
        ),
        body(
          d.kind === '不予受理'
            ? '对依法应当通过诉讼、仲裁、行政复议等法定途径解决的事项，请您依照有关法律、行政法规规定的程序向有关机关提出。'
            : '对同一事实和理由，已经复查复核或依法终结的，不再受理。',
        ),
        ...sign(d.on),
      ];
    }
  }
}

/** Writes one notice of an item as a Word document (公文-like fonts). */
export async function itemDocumentDocx(kind: ItemDocumentKind, c: DocumentContext): Promise<Buffer> {
  const doc = new Document({
    creator: 'xinfang',
    title: ITEM_DOCUMENTS[kind],
    styles: { default: { document: { run: { font: BODY_FONT, size: SIZE_3 } } } },
    sections: [
      {
        properties: { page: { margin: { top: 2098, bottom: 1984, left: 1588, right: 1474 } } },
        children: paragraphs(kind, c),
      },
    ],
  });
  return Packer.toBuffer(doc);
}
