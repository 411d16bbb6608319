import type { WorkCalendar } from './calendar.ts';
import {
  computeDeadline,
  warningOf,
  type Deadline,
  type DeadlineRule,
  type IsoDate,
  type RuleCode,
  type WarningLevel,
  type WarningThresholds,
} from './deadline.ts';
import type { Item } from './item.ts';

/**
 * A duty must be met by its due date (overdue otherwise); a window is a period in which someone may act
 * (an objection, a 复查 request) and simply closes.
 */
export type DeadlineKind = 'duty' | 'window';

export interface ItemDeadline extends Deadline {
  kind: DeadlineKind;
  name: string;
  /** Who has to act: the bureau, the responsible unit, the reviewing organ, or the petitioner. */
  party: 'bureau' | 'unit' | 'reviewer' | 'petitioner';
  metOn: IsoDate | null;
  /** Warning state today for an unmet duty; null for met duties and windows. */
  warning: { level: WarningLevel; elapsedShare: number; daysLeft: number } | null;
  /** For a window: whether it is still open today. */
  open: boolean | null;
}

const KIND: Readonly<Record<RuleCode, DeadlineKind>> = {
  route: 'duty',
  accept_notice: 'duty',
  objection: 'window',
  handle: 'duty',
  simple_handle: 'duty',
  review_request: 'window',
  review_decision: 'duty',
  rereview_request: 'window',
  rereview_decision: 'duty',
};

const PARTY: Readonly<Record<RuleCode, ItemDeadline['party']>> = {
  route: 'bureau',
  accept_notice: 'unit',
  objection: 'unit',
  handle: 'unit',
  simple_handle: 'unit',
  review_request: 'petitioner',
  review_decision: 'reviewer',
  rereview_request: 'petitioner',
  rereview_decision: 'reviewer',
};

/**
 * Derives every deadline of an item from its facts (nothing is stored that could disagree with the facts):
 * which clocks have started, their due dates on the calendar, whether they were met, and the warning level
 * today. Editing the calendar and calling this again gives the moved dates.
 */
export function deadlinesOf(
  item: Item,
  calendar: WorkCalendar,
  rules: Readonly<Record<RuleCode, DeadlineRule>>,
  today: IsoDate,
  thresholds?: WarningThresholds,
): ItemDeadline[] {
  const f = item.facts;
  const out: ItemDeadline[] = [];
  const add = (
    code: RuleCode,
    start: IsoDate | null | undefined,
    metOn: IsoDate | null | undefined,
    opts?: Parameters<typeof computeDeadline>[3],
  ) => {
    if (!start) return;
    const rule = rules[code];
    const d = computeDeadline(rule, start, calendar, opts);
    const kind = KIND[code];
    const met = metOn ?? null;
    out.push({
      ...d,
      kind,
      name: rule.name,
      party: PARTY[code],
      metOn: met,
      warning: kind === 'duty' && met === null ? warningOf(d, today, thresholds) : null,
      open: kind === 'window' ? met === null && today <= d.due : null,
    });
  };

  add('route', item.receivedOn, f.routedOn);
  const unitActedOn = f.acceptedOn ?? f.declined?.on ?? null;
  add('accept_notice', f.unitReceivedOn, unitActedOn);
  add('objection', f.unitReceivedOn, unitActedOn);

  if (f.acceptedOn) {
    const ext = f.extension?.status === 'approved' ? f.extension.days : 0;
    const code = handlingRule(item);
    add(code, handlingStart(item), f.opinion?.issuedOn ?? null, { extensionDays: code === 'handle' ? ext : 0 });
  }
  if (f.servedOn) add('review_request', f.servedOn, f.review?.acceptedOn ?? null);
  if (f.review?.acceptedOn) add('review_decision', f.review.acceptedOn, f.review.decidedOn);
  if (f.review?.servedOn) add('rereview_request', f.review.servedOn, f.rereview?.acceptedOn ?? null);
  if (f.rereview?.acceptedOn) {
    add('rereview_decision', f.rereview.acceptedOn, f.rereview.decidedOn, { pauses: f.rereview.hearings });
  }
  return out;
}

/** The handling period starts at acceptance, or again at the latest send-back (退回重办 / 责令重新办理). */
export function handlingStart(item: Pick<Item, 'facts'>): IsoDate {
  const f = item.facts;
  return (
    f.sendBacks
      .map((s) => s.on)
      .filter((d) => d >= f.acceptedOn!)
      .sort()
      .at(-1) ?? f.acceptedOn!
  );
}

export function handlingRule(item: Pick<Item, 'flags'>): 'handle' | 'simple_handle' {
  return item.flags.includes('简易办理') ? 'simple_handle' : 'handle';
}

/** The one deadline that matters most now: the earliest unmet duty. */
export function currentDuty(deadlines: readonly ItemDeadline[]): ItemDeadline | null {
  return (
    deadlines.filter((d) => d.kind === 'duty' && d.metOn === null).sort((a, b) => (a.due < b.due ? -1 : 1))[0] ?? null
  );
}
