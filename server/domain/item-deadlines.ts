import type { WorkCalendar } from './calendar.ts';
import { diffDays } from './calendar.ts';
import {
  computeDeadline,
  warningOf,
  type Deadline,
  type DeadlineCode,
  type DeadlineRule,
  type DeadlineTier,
  type IsoDate,
  type RuleCode,
  type WarningLevel,
  type WarningThresholds,
  RULE_TIERS,
} from './deadline.ts';
import { currentFacts } from './facts-upgrade.ts';
import type { Item, ItemFacts, RouteFact } from './item.ts';

/**
 * A duty must be met by its due date (overdue otherwise); a window is a period in which someone may act
 * (an objection, a 复查 request) and simply closes.
 */
export type DeadlineKind = 'duty' | 'window';

export interface ItemDeadline extends Deadline {
  kind: DeadlineKind;
  name: string;
  /** Who has to act: the bureau, the responsible unit, the assisting units, the reviewing organ, or the petitioner. */
  party: 'bureau' | 'unit' | 'assist_unit' | 'reviewer' | 'petitioner';
  /** Statutory, the bureau's procedural clock, or internal (see DeadlineTier). */
  tier: DeadlineTier;
  metOn: IsoDate | null;
  /** Warning state today for an unmet duty; null for met duties and windows. */
  warning: { level: WarningLevel; elapsedShare: number; daysLeft: number } | null;
  /** For a window: whether it is still open today. */
  open: boolean | null;
}

const KIND: Readonly<Record<DeadlineCode, DeadlineKind>> = {
  route: 'duty',
  accept_notice: 'duty',
  objection: 'window',
  handle: 'duty',
  simple_handle: 'duty',
  review_request: 'window',
  review_decision: 'duty',
  rereview_request: 'window',
  rereview_decision: 'duty',
  sign_receipt: 'duty',
  objection_decision: 'duty',
  assist_opinion: 'duty',
  internal_rehandle: 'duty',
};

const PARTY: Readonly<Record<DeadlineCode, ItemDeadline['party']>> = {
  route: 'bureau',
  accept_notice: 'unit',
  objection: 'unit',
  handle: 'unit',
  simple_handle: 'unit',
  review_request: 'petitioner',
  review_decision: 'reviewer',
  rereview_request: 'petitioner',
  rereview_decision: 'reviewer',
  sign_receipt: 'unit',
  objection_decision: 'bureau',
  assist_opinion: 'assist_unit',
  internal_rehandle: 'unit',
};

/** A route that hands the item to a unit (the unit's clocks run from its delivery). */
export function isUnitRoute(r: RouteFact | null): r is RouteFact & { unitId: string } {
  return r !== null && (r.kind === '转送' || r.kind === '交办') && r.unitId !== null;
}

/**
 * The day the routed item reached the unit: inside the system the route date itself (routing is delivery); for a
 * 转送函 to an organ outside the system the delivery date the bureau recorded, or null until it does.
 */
export function deliveredOn(r: RouteFact): IsoDate | null {
  return r.delivery === 'letter' ? (r.letter?.receivedOn ?? null) : r.on;
}

/** What the unit's clocks count from, as the explanation says it. */
function deliveryEvent(r: RouteFact): string {
  return r.delivery === 'letter' ? '转送函送达' : '交转（系统内交转即送达）';
}

/** The 签收 date of the current route (older facts: the stored receipt date). */
export function receiptOn(f: ItemFacts): IsoDate | null {
  return f.receipt?.on ?? f.unitReceivedOn ?? null;
}

/** A deadline on a set date rather than a rule's length (the bureau's internal re-handling date). */
function fixedDeadline(code: DeadlineCode, start: IsoDate, due: IsoDate, explanation: string): Deadline {
  return {
    rule: code,
    start,
    due,
    length: diffDays(start, due),
    unit: 'calendar',
    extensionDays: 0,
    pausedDays: 0,
    rolledFrom: null,
    explanation,
    provisional: null,
  };
}

/** The handling period's start: acceptance, or the latest 复查/复核 order to handle again (a new handling). */
export function handlingStart(item: Pick<Item, 'facts'>): IsoDate {
  const f = currentFacts(item.facts);
  return reviewRedoAfterAcceptance(f)?.on ?? f.acceptedOn!;
}

function reviewRedoAfterAcceptance(f: ItemFacts) {
  return f.sendBacks
    .filter((s) => s.kind === 'review' && s.on >= f.acceptedOn!)
    .sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0))
    .at(-1);
}

export function handlingRule(item: Pick<Item, 'flags'>): 'handle' | 'simple_handle' {
  return item.flags.includes('简易办理') ? 'simple_handle' : 'handle';
}

/** The date by which the assisting units' 协办意见 are due on the current route. */
export function assistDue(route: RouteFact, calendar: WorkCalendar, rules: Readonly<Record<RuleCode, DeadlineRule>>) {
  if (route.assistDueOn)
    return fixedDeadline(
      'assist_opinion',
      route.on,
      route.assistDueOn,
      `信访部门交转时指定协办单位于 ${route.assistDueOn} 前向主办单位提出协办意见（自 ${route.on} 交转之日起）`,
    );
  return computeDeadline(rules.assist_opinion, route.on, calendar);
}

/**
 * Derives every deadline of an item from its facts (nothing is stored that could disagree with the facts):
 * which clocks have started, their due dates on the calendar, whether they were met, and the warning level
 * today. Editing the calendar or the rules and calling this again gives the moved dates.
 *
 * The unit's 受理告知 and 异议 clocks run from the delivery of the current route (the route date inside the system);
 * 签收 is a duty of its own. A re-route after an objection restarts them from the new route date. 退回重办 by the
 * bureau leaves the statutory handling period as it was (from acceptance, with any extension); the bureau's
 * internal re-handling date is a separate, internal deadline. Each code appears at most once.
 */
export function deadlinesOf(
  item: Item,
  calendar: WorkCalendar,
  rules: Readonly<Record<RuleCode, DeadlineRule>>,
  today: IsoDate,
  thresholds?: WarningThresholds,
): ItemDeadline[] {
  const f = currentFacts(item.facts);
  const out: ItemDeadline[] = [];
  const push = (d: Deadline, name: string, metOn: IsoDate | null | undefined) => {
    const code = d.rule;
    const kind = KIND[code];
    const met = metOn ?? null;
    out.push({
      ...d,
      kind,
      name,
      party: PARTY[code],
      tier: RULE_TIERS[code],
      metOn: met,
      warning: kind === 'duty' && met === null ? warningOf(d, today, thresholds) : null,
      open: kind === 'window' ? met === null && today <= d.due : null,
    });
  };
  const add = (
    code: RuleCode,
    start: IsoDate | null | undefined,
    metOn: IsoDate | null | undefined,
    opts?: Parameters<typeof computeDeadline>[3],
  ) => {
    if (!start) return;
    push(computeDeadline(rules[code], start, calendar, opts), rules[code].name, metOn);
  };

  add('route', item.receivedOn, f.routedOn);
  const lastObjection = f.objections.at(-1);
  if (lastObjection && !lastObjection.legacy) add('objection_decision', lastObjection.on, lastObjection.decidedOn);

  const r = f.route;
  if (isUnitRoute(r)) {
    const delivered = deliveredOn(r);
    const unitActedOn = f.acceptedOn ?? f.declined?.on ?? null;
    if (delivered) {
      const startEvent = deliveryEvent(r);
      if (r.delivery !== 'letter') add('sign_receipt', delivered, receiptOn(f), { startEvent });
      add('accept_notice', delivered, unitActedOn, { startEvent });
      add('objection', delivered, unitActedOn, { startEvent });
    }
    if (f.assists.length) {
      const resolved = f.assists.map((a) => a.opinion?.on ?? a.waiver?.on ?? null);
      const allIn = resolved.every((d) => d !== null);
      push(assistDue(r, calendar, rules), rules.assist_opinion.name, allIn ? resolved.sort().at(-1) : null);
    }
  }

  if (f.acceptedOn) {
    const ext = f.extension?.status === 'approved' ? f.extension.days : 0;
    const code = handlingRule(item);
    const redo = reviewRedoAfterAcceptance(f);
    add(code, redo?.on ?? f.acceptedOn, f.opinion?.issuedOn ?? null, {
      extensionDays: code === 'handle' ? ext : 0,
      ...(redo ? { startEvent: `${redo.reason.startsWith('复核') ? '复核' : '复查'}机关责令重新办理` } : {}),
    });
    const back = f.sendBacks.filter((s) => s.kind !== 'review' && s.on >= (redo?.on ?? f.acceptedOn!)).at(-1);
    if (back?.internalDueOn) {
      const statutory = out.find((d) => d.rule === code);
      push(
        fixedDeadline(
          'internal_rehandle',
          back.on,
          back.internalDueOn,
          `信访部门内部重办期限（非法定期限）：自 ${back.on} 退回重办之日起，截至 ${back.internalDueOn}` +
            `（${back.internalReason ?? '未填写理由'}）；法定${statutory?.name ?? '办理期限'}不因退回重办重新起算，仍截至 ${statutory?.due ?? '—'}`,
        ),
        '内部重办期限',
        back.redoneOn ?? null,
      );
    }
  }
  if (f.servedOn) add('review_request', f.servedOn, f.review?.acceptedOn ?? null);
  if (f.review?.acceptedOn) add('review_decision', f.review.acceptedOn, f.review.decidedOn);
  if (f.review?.servedOn) add('rereview_request', f.review.servedOn, f.rereview?.acceptedOn ?? null);
  if (f.rereview?.acceptedOn) {
    add('rereview_decision', f.rereview.acceptedOn, f.rereview.decidedOn, { pauses: f.rereview.hearings });
  }
  return out;
}

/**
 * The one deadline that matters most now: the earliest unmet duty among the statutory and procedural ones (the
 * item's due date in lists, the overdue filter and the report). Internal duties (签收, 协办意见, internal
 * re-handling) carry their own warnings but never become the item's due date unless `includeInternal`.
 */
export function currentDuty(
  deadlines: readonly ItemDeadline[],
  opts: { includeInternal?: boolean } = {},
): ItemDeadline | null {
  return (
    deadlines
      .filter(
        (d) =>
          d.kind === 'duty' && d.metOn === null && (opts.includeInternal || (d.tier ?? 'statutory') !== 'internal'),
      )
      .sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : 0))[0] ?? null
  );
}

/** How the current route's 签收 stands: delivered when, signed when and by whom, and whether it was late. */
export interface ReceiptStatus {
  deliveredOn: IsoDate;
  due: IsoDate;
  signedOn: IsoDate | null;
  signedBy: string | null;
  implied: boolean;
  /** Signed after the due date, or still unsigned after it. */
  late: boolean;
  /** Days past the due date (at signing, or today while unsigned); 0 when not late. */
  daysLate: number;
}

/**
 * The 签收 of the current route inside the system (null for letter routes, undelivered ones and items not routed
 * to a unit). A late 签收 is a duty missed on its own, shown and counted apart from the statutory clocks.
 */
export function receiptStatus(deadlines: readonly ItemDeadline[], item: Item, today: IsoDate): ReceiptStatus | null {
  const d = deadlines.find((x) => x.rule === 'sign_receipt');
  if (!d) return null;
  const f = currentFacts(item.facts);
  const signedOn = d.metOn;
  const ref = signedOn ?? today;
  const late = ref > d.due;
  return {
    deliveredOn: d.start,
    due: d.due,
    signedOn,
    signedBy: f.receipt?.by?.name ?? null,
    implied: f.receipt?.implied ?? false,
    late,
    daysLate: late ? diffDays(d.due, ref) : 0,
  };
}
