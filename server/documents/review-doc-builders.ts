/**
 * Pure builder of the 复查申请回执 and 复核申请回执 (beside item-doc-builders.ts, which holds the other item
 * documents): the acknowledgement the petitioner keeps of a request registered on the item, however it came in.
 */
import { cnPeriod } from './cn-text.ts';
import type { ReviewReceiptDoc } from './doc-model.ts';
import { type ItemDocContext, itemDocBase, notYet } from './item-doc-builders.ts';

/** How each way a request reaches the organ reads in the receipt's sentence (`于…日通过网上信访提出`). */
const VIA_TEXT: Readonly<Record<string, string>> = { 网上: '通过网上信访', 来信: '以来信方式', 来访: '以来访方式' };

/**
 * 复查申请回执 (`review_receipt`) / 复核申请回执 (`rereview_receipt`): the accepted request (the latest one, when an
 * earlier one was refused as late), who asked and on what grounds (masked as the view requires: the text was
 * written by or for the petitioner), the organ whose opinion is contested, the organ that decides and the day its
 * opinion is due (30 日 from receipt, as of the document's date, without hearings held later).
 */
export function buildReviewReceipt(
  c: ItemDocContext,
  kind: 'review_receipt' | 'rereview_receipt' = 'review_receipt',
): ReviewReceiptDoc {
  const second = kind === 'rereview_receipt';
  const what = second ? '复核' : '复查';
  const f = c.item.facts;
  const r = second ? f.rereview : f.review;
  const at = r?.acceptedOn ? r.requests.findLastIndex((q) => q.status === 'accepted') : -1;
  if (!r?.acceptedOn || at < 0) notYet(`${what}申请回执`, `尚未登记${what}申请`);
  const b = itemDocBase(c);
  const req = (second ? b.shown.facts.rereview : b.shown.facts.review)?.requests[at] ?? r.requests[at]!;
  const rule = second ? 'rereview_decision' : 'review_decision';
  // The receipt states the period as received: a hearing held later (not counted in it) does not belong in it.
  const asReceived = { ...c.item, facts: { ...f, [second ? 'rereview' : 'review']: { ...r, hearings: [] } } };
  const decision =
    c.clock.deadlines(asReceived, c.date).find((d) => d.rule === rule) ?? c.clock.due(rule, r.acceptedOn);
  const handlingOrgan = (c.item.leadUnitId && c.unitName(c.item.leadUnitId)) || c.organs.bureau.name;
  const reviewOrgan = f.review?.organ?.name?.trim() || c.organs.reviewOrgan.name;
  return {
    kind,
    header: b.header,
    petitioner: b.petitioner,
    receivedOn: b.receivedOn,
    title: b.title,
    handler: second ? reviewOrgan : handlingOrgan,
    opinionOn: (second ? f.review?.decidedOn : f.opinion?.issuedOn) ?? r.acceptedOn,
    requestedOn: r.requests[at]!.requestedOn,
    applicant: req.applicant?.trim() || b.petitioner.names,
    grounds: req.grounds?.trim() ?? '',
    via: req.via ?? null,
    reviewOrgan: second ? r.organ?.name?.trim() || c.organs.rereviewOrgan.name : reviewOrgan,
    decisionLimit: cnPeriod(decision.length, decision.unit),
    decisionDue: decision.due,
    followUp: c.organs.followUp,
  };
}

/** The words of the receipt's sentence for how the request came in (empty when it was not recorded). */
export function viaText(via: string | null): string {
  return (via && VIA_TEXT[via]) || '';
}
