/**
 * The 督办单 (supervision order) as a document model: every field it prints, built from the 督办, its items and the
 * organ's settings. A documents module renders it (Word); nothing here formats pages. The petitioners appear as the
 * reader may see them: masked unless the document is made for a reader who may unmask them. Pure.
 */
import { STATUS_LABELS, WARNING_LEVEL_LABELS } from '../../contract/enums.ts';
import {
  ESCALATION_LEVEL_LABELS,
  SUPERVISION_STATUS_LABELS,
  type SupervisionKind,
} from '../../contract/supervision.ts';
import type { IsoDate } from './calendar.ts';
import type { WarningLevel } from './deadline.ts';
import type { Item } from './item.ts';
import { maskedSupervision, roundDues, type Supervision } from './supervision.ts';
import { identityDictionaryOf, maskedItem } from './text-masking.ts';
import type { IdentityAccess } from './visibility.policy.ts';

/** The issuing organ (from settings): printed in the header and the signature block. */
export interface IssuingOrgan {
  /** e.g. 某某区信访局 / 某某区信访工作联席会议办公室. */
  name: string;
  contactPerson: string;
  contactPhone: string;
}

/** One item listed on the order. */
export interface SupervisionDocItem {
  number: string;
  registeredOn: IsoDate;
  title: string;
  /** Petitioners as the reader may see them ('' when they see no identity). */
  petitioners: string;
  statusLabel: string;
  /** The current duty: name and due date, with the warning level on the issue date. */
  deadlineName: string | null;
  dueOn: IsoDate | null;
  warningLabel: string | null;
}

export interface SupervisionDocReply {
  round: number;
  on: IsoDate;
  byName: string;
  done: string;
  expectedFinishOn: IsoDate | null;
}

/** Every field a 督办单 prints. Dates are ISO; the renderer writes them the Chinese way. */
export interface SupervisionDocument {
  /** 督办单 or 挂牌督办通知书 for 挂牌督办. */
  title: string;
  number: string;
  kind: SupervisionKind;
  organ: IssuingOrgan;
  /** 主送: the unit addressed. */
  addresseeUnit: string;
  /** The person addressed, when one is. */
  addresseePerson: string | null;
  issuedOn: IsoDate;
  issuedBy: string;
  reason: string;
  requirements: string;
  /** The deadline of the current round (书面回复期限). */
  replyDueOn: IsoDate;
  /** The standing text on how to answer. */
  replyInstruction: string;
  items: SupervisionDocItem[];
  statusLabel: string;
  /** Earlier rounds: 再次督促 dates and new deadlines. */
  presses: { on: IsoDate; note: string; newDueOn: IsoDate | null }[];
  replies: SupervisionDocReply[];
  escalations: { levelLabel: string; on: IsoDate }[];
  /** 抄送: the levels escalated to (the unit head, the leader). */
  copyTo: string[];
  identity: 'full' | 'masked' | 'hidden';
}

/** The items as the order needs them: each with its current duty on the issue date. */
export interface SupervisionDocItemInput {
  item: Item;
  duty: { name: string; due: IsoDate; level: WarningLevel } | null;
}

const REPLY_INSTRUCTION =
  '请于书面回复期限前将办理情况（已采取的措施、目前进展、预计办结时间）书面回复交办机关；逾期未回复的，将依规升级督办并予以通报。';

/**
 * The 督办单 of `s` for a reader with `identity` (the document made for the file is `full` only for the bureau and
 * the lead unit; anyone else gets masked text, and `hidden` names no petitioner at all).
 */
export function supervisionDocument(input: {
  supervision: Supervision;
  items: readonly SupervisionDocItemInput[];
  organ: IssuingOrgan;
  unitName: string;
  addresseeName: string | null;
  identity: IdentityAccess;
}): SupervisionDocument {
  const full = input.identity === 'full';
  const hidden = input.identity === 'hidden';
  const s = full
    ? input.supervision
    : maskedSupervision(
        input.supervision,
        input.items.map((i) => identityDictionaryOf(i.item)),
      );
  const items = input.items.map(({ item, duty }) => {
    const shown = full ? item : maskedItem(item);
    return {
      number: item.number,
      registeredOn: item.registeredOn,
      title: shown.title,
      petitioners: hidden ? '' : shown.petitioners.map((p) => p.name).join('、'),
      statusLabel: STATUS_LABELS[item.status],
      deadlineName: duty?.name ?? null,
      dueOn: duty?.due ?? null,
      warningLabel: duty && duty.level !== 'normal' ? WARNING_LEVEL_LABELS[duty.level] : null,
    };
  });
  const dues = roundDues(s);
  return {
    title: s.kind === '挂牌督办' ? '挂牌督办通知书' : '信访事项督办单',
    number: s.number,
    kind: s.kind,
    organ: input.organ,
    addresseeUnit: input.unitName,
    addresseePerson: input.addresseeName,
    issuedOn: s.issuedOn,
    issuedBy: s.issuedByName,
    reason: s.reason,
    requirements: s.requirements,
    replyDueOn: dues.at(-1) ?? s.dueOn,
    replyInstruction: REPLY_INSTRUCTION,
    items,
    statusLabel: SUPERVISION_STATUS_LABELS[s.status],
    presses: s.reviews
      .filter((r) => r.decision === 'press')
      .map((r) => ({ on: r.on, note: r.note, newDueOn: r.newDueOn })),
    replies: s.replies.map((r) => ({
      round: r.round,
      on: r.on,
      byName: r.byName,
      done: r.done,
      expectedFinishOn: r.expectedFinishOn,
    })),
    escalations: s.escalations.map((e) => ({ levelLabel: ESCALATION_LEVEL_LABELS[e.level], on: e.on })),
    copyTo: [...new Set(s.escalations.map((e) => ESCALATION_LEVEL_LABELS[e.level]))],
    identity: input.identity,
  };
}

/** Fields a template of the 督办单 must contain (the documents module checks uploaded templates against it). */
export const SUPERVISION_DOC_FIELDS: readonly (keyof SupervisionDocument)[] = [
  'title',
  'number',
  'organ',
  'addresseeUnit',
  'issuedOn',
  'reason',
  'requirements',
  'replyDueOn',
  'items',
];
