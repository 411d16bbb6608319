/**
 * Pure builder of the 复查申请回执 (beside item-doc-builders.ts, which holds the other item documents): the
 * acknowledgement the petitioner keeps of a 复查 request registered on the item, however it came in.
 */
import { cnPeriod } from './cn-text.ts';
import type { ReviewReceiptDoc } from './doc-model.ts';
import { type ItemDocContext, itemDocBase, notYet } from './item-doc-builders.ts';

/** How each way a request reaches the organ reads in the receipt's sentence (`于…日通过网上信访提出`). */
const VIA_TEXT: Readonly<Record<string, string>> = { 网上: '通过网上信访', 来信: '以来信方式', 来访: '以来访方式' };

/**
 * 复查申请回执: the accepted 复查 request (the latest one, when an earlier one was refused as late), who asked and
 * on what grounds (masked as the view requires: the text was written by or for the petitioner), the organ that
 * decides it and the day its 复查意见 is due (30 日 from receipt, as of the document's date).
 */
export function buildReviewReceipt(c: ItemDocContext): ReviewReceiptDoc {
  const r = c.item.facts.review;
  const at = r?.acceptedOn ? r.requests.findLastIndex((q) => q.status === 'accepted') : -1;
  if (!r?.acceptedOn || at < 0) notYet('复查申请回执', '尚未登记复查申请');
  const b = itemDocBase(c);
  const req = b.shown.facts.review?.requests[at] ?? r.requests[at]!;
  const decision =
    c.clock.deadlines(c.item, c.date).find((d) => d.rule === 'review_decision') ??
    c.clock.due('review_decision', r.acceptedOn);
  return {
    kind: 'review_receipt',
    header: b.header,
    petitioner: b.petitioner,
    receivedOn: b.receivedOn,
    title: b.title,
    handler: (c.item.leadUnitId && c.unitName(c.item.leadUnitId)) || c.organs.bureau.name,
    opinionOn: c.item.facts.opinion?.issuedOn ?? r.acceptedOn,
    requestedOn: r.requests[at]!.requestedOn,
    applicant: req.applicant?.trim() || b.petitioner.names,
    grounds: req.grounds?.trim() ?? '',
    via: req.via ?? null,
    reviewOrgan: r.organ?.name?.trim() || c.organs.reviewOrgan.name,
    decisionLimit: cnPeriod(decision.length, decision.unit),
    decisionDue: decision.due,
    followUp: c.organs.followUp,
  };
}

/** The words of the receipt's sentence for how the request came in (empty when it was not recorded). */
export function viaText(via: string | null): string {
  return (via && VIA_TEXT[via]) || '';
}
