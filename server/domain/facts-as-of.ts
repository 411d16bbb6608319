/**
 * The facts of an item as they stood at the end of a given day. A document states the facts of its own date: the
 * 受理告知书 dated 10-09 shows the 60-day period as of 10-09, not an extension approved weeks later; a 处理意见书
 * later sent back is still the opinion it was. Pure; the calendar used is the current one (a calendar edit corrects
 * data, it does not rewrite history differently per document).
 */
import type { WorkCalendar } from './calendar.ts';
import type { DeadlineRule, IsoDate, RuleCode, WarningThresholds } from './deadline.ts';
import { currentFacts } from './facts-upgrade.ts';
import { deadlinesOf, type ItemDeadline } from './item-deadlines.ts';
import type { Item, ItemFacts, ReviewFact, RouteFact } from './item.ts';

const upTo = (d: IsoDate | null | undefined, date: IsoDate): d is IsoDate => typeof d === 'string' && d <= date;

function reviewAsOf(r: ReviewFact | null, date: IsoDate): ReviewFact | null {
  if (!r) return null;
  const requests = r.requests.filter((q) => q.requestedOn <= date);
  if (!requests.length) return null;
  const accepted = upTo(r.acceptedOn, date) ? r.acceptedOn : null;
  const decided = accepted && upTo(r.decidedOn, date);
  return {
    ...r,
    requests,
    acceptedOn: accepted,
    outcome: decided ? r.outcome : null,
    opinion: decided ? r.opinion : null,
    decidedOn: decided ? r.decidedOn : null,
    decidedBy: decided ? (r.decidedBy ?? null) : null,
    document: decided ? (r.document ?? null) : null,
    servedOn: decided && upTo(r.servedOn, date) ? r.servedOn : null,
    hearings: r.hearings.filter((h) => h.from <= date).map((h) => ({ ...h, to: h.to <= date ? h.to : date })),
  };
}

/** Restores what a send-back dated after `date` replaced (the handling as it stood before it). */
function undoLaterSendBacks(f: ItemFacts, date: IsoDate): void {
  while (f.sendBacks.length && f.sendBacks.at(-1)!.on > date) {
    const back = f.sendBacks.pop()!;
    const r = back.replaced;
    if (!r) {
      // Older facts kept nothing of what the send-back replaced: that handling is unknown, not invented.
      continue;
    }
    f.opinion = r.opinion;
    f.servedOn = r.servedOn;
    f.concludedOn = r.concludedOn;
    f.rating = r.rating;
    f.report = r.report;
    if (back.kind === 'review') {
      f.review = r.review;
      f.rereview = r.rereview;
    }
  }
}

/** The route in effect at the end of `date`: the current one, or the one an objection after that date undid. */
function routeAsOf(f: ItemFacts, date: IsoDate): void {
  while (f.objections.length && f.objections.at(-1)!.on > date) {
    const o = f.objections.pop()!;
    if (!o.route) {
      f.route = null;
      f.receipt = null;
      f.unitReceivedOn = null;
      f.assists = [];
      continue;
    }
    f.route = o.route;
    f.receipt = o.receipt ?? null;
    f.unitReceivedOn = o.receipt?.on ?? null;
    f.assists = o.assists ?? [];
  }
  const last = f.objections.at(-1);
  if (last && upTo(last.decidedOn, date) === false) {
    last.decidedOn = null;
    last.decision = null;
  }
}

function letterAsOf(r: RouteFact | null, date: IsoDate): RouteFact | null {
  if (!r?.letter) return r;
  return { ...r, letter: { ...r.letter, receivedOn: upTo(r.letter.receivedOn, date) ? r.letter.receivedOn : null } };
}

/**
 * The item with the facts known at the end of `date` (later steps undone; status left as stored — documents read
 * facts, not states). Facts older code did not keep (an opinion a send-back replaced before it was kept) stay unknown.
 */
export function itemAsOf(item: Item, date: IsoDate): Item {
  const f: ItemFacts = structuredClone(currentFacts(item.facts));
  undoLaterSendBacks(f, date);
  if (f.route && f.route.on > date) {
    f.route = null;
    f.receipt = null;
    f.unitReceivedOn = null;
    f.assists = [];
  }
  routeAsOf(f, date);
  f.route = letterAsOf(f.route, date);
  if (!upTo(f.routedOn, date)) f.routedOn = null;
  if (f.receipt && f.receipt.on > date) {
    f.receipt = null;
    f.unitReceivedOn = null;
  }
  f.assists = f.assists.map((a) => ({
    ...a,
    opinion: a.opinion && a.opinion.on <= date ? a.opinion : null,
    waiver: a.waiver && a.waiver.on <= date ? a.waiver : null,
  }));
  if (f.legal && f.legal.on > date) f.legal = null;
  if (!upTo(f.acceptedOn, date)) f.acceptedOn = null;
  if (f.declined && f.declined.on > date) f.declined = null;
  if (f.extension) {
    const e = f.extension;
    if (e.requestedOn > date) f.extension = null;
    else if (!upTo(e.decidedOn, date))
      f.extension = { ...e, status: 'pending', decidedOn: null, decisionNote: null, notifiedOn: null };
  }
  if (f.opinion && f.opinion.issuedOn > date) f.opinion = null;
  if (!upTo(f.servedOn, date)) f.servedOn = null;
  if (f.rating && f.rating.on > date) f.rating = null;
  if (!upTo(f.concludedOn, date)) f.concludedOn = null;
  if (f.report && f.report.submittedOn > date) f.report = null;
  if (f.report) f.report = { ...f.report, reviews: f.report.reviews.filter((r) => r.on <= date) };
  if (!upTo(f.closedOn, date)) f.closedOn = null;
  f.sendBacks = f.sendBacks.map((b) => ({ ...b, redoneOn: upTo(b.redoneOn, date) ? b.redoneOn : null }));
  f.review = reviewAsOf(f.review, date);
  f.rereview = reviewAsOf(f.rereview, date);
  return { ...item, facts: f };
}

/**
 * The deadlines as a document dated `date` states them: derived from the facts as of that day, with warnings as of
 * that day. E.g. accepted 2025-10-09, extension of 30 日 approved 2025-11-21: as of 2025-10-09 the 办理期限 is
 * 2025-12-08 (as of 2025-11-21 it is 2026-01-07).
 */
export function deadlinesAsOf(
  item: Item,
  date: IsoDate,
  calendar: WorkCalendar,
  rules: Readonly<Record<RuleCode, DeadlineRule>>,
  thresholds?: WarningThresholds,
): ItemDeadline[] {
  return deadlinesOf(itemAsOf(item, date), calendar, rules, date, thresholds);
}
