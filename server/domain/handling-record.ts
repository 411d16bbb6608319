import type { LegalChannel } from '../../contract/enums.ts';
import type { WorkCalendar } from './calendar.ts';
import type { DeadlineRule, IsoDate, RuleCode } from './deadline.ts';
import { currentFacts } from './facts-upgrade.ts';
import { assistDue, type ItemDeadline, type ReceiptStatus, receiptStatus } from './item-deadlines.ts';
import type { Item } from './item.ts';

/** One assisting unit's 协办意见 on the current route: owed (with its due date), given, or waived with a reason. */
export interface AssistRecord {
  unitId: string;
  unitName: string;
  state: 'owed' | 'given' | 'waived';
  due: IsoDate | null;
  /** Owed past its due date (today), or given after it. */
  late: boolean;
  on: IsoDate | null;
  by: string | null;
  /** The opinion's text (given) or the waiver's reason (waived). */
  text: string | null;
}

/** What the detail page shows of the handling so far: 签收, 协办意见, 导入法律程序 and the 交办 办结报告. */
export interface HandlingRecord {
  receipt: ReceiptStatus | null;
  assists: AssistRecord[];
  legal: {
    channel: LegalChannel;
    organ: string;
    on: IsoDate;
    noticeOn: IsoDate;
    noticeText: string;
    by: string | null;
  } | null;
  report: {
    submittedOn: IsoDate;
    text: string;
    by: string | null;
    attachments: number;
    reviews: { on: IsoDate; outcome: 'approved' | 'returned'; note: string; by: string | null }[];
  } | null;
}

/**
 * The handling record of an item as facts say it (pure): the 签收 of the current route with its lateness, each
 * assisting unit's 协办意见 state, the legal channel and the 办结报告 with the bureau's reviews. `item` is the view the
 * reader may see (masked texts); unit names come from `unitName`.
 */
export function handlingRecordOf(
  item: Item,
  deadlines: readonly ItemDeadline[],
  calendar: WorkCalendar,
  rules: Readonly<Record<RuleCode, DeadlineRule>>,
  today: IsoDate,
  unitName: (id: string) => string,
): HandlingRecord {
  const f = currentFacts(item.facts);
  const route = f.route;
  const due = route && f.assists.length ? assistDue(route, calendar, rules).due : null;
  const assists = f.assists.map((a): AssistRecord => {
    const base = { unitId: a.unitId, unitName: unitName(a.unitId), due };
    if (a.opinion)
      return {
        ...base,
        state: 'given',
        late: due !== null && a.opinion.on > due,
        on: a.opinion.on,
        by: a.opinion.by?.name ?? null,
        text: a.opinion.text,
      };
    if (a.waiver)
      return {
        ...base,
        state: 'waived',
        late: false,
        on: a.waiver.on,
        by: a.waiver.by?.name ?? null,
        text: a.waiver.reason,
      };
    return { ...base, state: 'owed', late: due !== null && today > due, on: null, by: null, text: null };
  });
  const l = f.legal;
  const r = f.report;
  return {
    receipt: receiptStatus(deadlines, item, today),
    assists,
    legal: l
      ? {
          channel: l.channel,
          organ: l.organ,
          on: l.on,
          noticeOn: l.noticeOn,
          noticeText: l.noticeText,
          by: l.by?.name ?? null,
        }
      : null,
    report: r
      ? {
          submittedOn: r.submittedOn,
          text: r.text,
          by: r.by?.name ?? null,
          attachments: r.attachmentIds.length,
          reviews: r.reviews.map((x) => ({ on: x.on, outcome: x.outcome, note: x.note, by: x.by?.name ?? null })),
        }
      : null,
  };
}
