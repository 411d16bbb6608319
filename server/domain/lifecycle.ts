/**
 * The item's state machine: which steps its state allows, and applying one step (pure). The step handlers live in
 * lifecycle-routing.ts (route, delivery, 签收, the unit's first act, 协办), lifecycle-handling.ts (extension,
 * opinion, service, report, 退回重办) and lifecycle-review.ts (复查 / 复核).
 */
import type { Status, Step } from '../../contract/enums.ts';
import { STEP_LABELS } from '../../contract/enums.ts';
import { AppError } from './errors.ts';
import { currentFacts } from './facts-upgrade.ts';
import { deliveredOn, isUnitRoute } from './item-deadlines.ts';
import type { Item, ItemFacts } from './item.ts';
import {
  notAfterToday,
  notBefore,
  type StepInput,
  type StepOutcome,
  type StepWork,
  type TransitionContext,
  type TransitionResult,
} from './lifecycle-core.ts';
import {
  applyApproveClose,
  applyConclude,
  applyDecideExtension,
  applyRate,
  applyReply,
  applyRequestExtension,
  applySendBack,
  applyServe,
} from './lifecycle-handling.ts';
import { applyAddHearing, applyDecideReview, applyRequestReview, applyServeDecision } from './lifecycle-review.ts';
import {
  applyAccept,
  applyConfirmReceipt,
  applyDecline,
  applyObject,
  applyRecordDelivery,
  applyRoute,
  applySubmitAssist,
  applyWaiveAssist,
  pendingAssists,
} from './lifecycle-routing.ts';

export {
  DEFAULT_LIFECYCLE_SETTINGS,
  type LifecycleSettings,
  type OrganDirectory,
  type ReviewRequestDetail,
  type StepActor,
  type StepInput,
  type TransitionContext,
  type TransitionResult,
} from './lifecycle-core.ts';

/** States in which assisting units may still give (or be excused from) their 协办意见: until the opinion is served. */
const ASSIST_STATES: readonly Status[] = ['routed', 'received', 'handling', 'replied'];

/** Steps the item's state allows now, whoever asks (roles narrow this further in the policy). */
export function allowedSteps(item: Item): Step[] {
  const f = currentFacts(item.facts);
  const ratable = f.servedOn !== null && f.rating === null;
  const reviewable = f.servedOn !== null && (f.review === null || f.review.acceptedOn === null);
  const assist: Step[] =
    ASSIST_STATES.includes(item.status) && pendingAssists(f).length
      ? ['submit_assist_opinion', 'waive_assist_opinion']
      : [];
  switch (item.status) {
    case 'registered':
      return ['route'];
    case 'routed': {
      const r = f.route;
      if (isUnitRoute(r) && r.delivery === 'letter')
        return deliveredOn(r) ? ['accept', 'object', 'decline', ...assist] : ['record_delivery', ...assist];
      // Routing is delivery: the unit may act at once; its first act records the 签收 it implies.
      return ['confirm_receipt', 'accept', 'object', 'decline', ...assist];
    }
    case 'received':
      return ['accept', 'object', 'decline', ...assist];
    case 'handling': {
      const steps: Step[] = [];
      if (f.extension === null) steps.push('request_extension');
      if (f.extension?.status === 'pending') steps.push('decide_extension');
      steps.push('reply');
      return [...steps, ...assist];
    }
    case 'replied':
      return ['serve', ...assist];
    case 'served':
      return [
        ...(ratable ? (['rate'] as Step[]) : []),
        'conclude',
        ...(reviewable ? (['request_review'] as Step[]) : []),
      ];
    case 'concluded':
      return [
        'approve_close',
        'send_back',
        ...(ratable ? (['rate'] as Step[]) : []),
        ...(reviewable ? (['request_review'] as Step[]) : []),
      ];
    case 'closed':
      return [...(ratable ? (['rate'] as Step[]) : []), ...(reviewable ? (['request_review'] as Step[]) : [])];
    case 'review':
      return ['decide_review'];
    case 'review_decided':
      // After the 复核 window closes without a request, the bureau closes the item on the 复查 opinion.
      return f.review?.servedOn ? ['request_rereview', 'approve_close'] : ['serve_decision'];
    case 'rereview':
      return ['add_hearing', 'decide_rereview'];
    case 'terminated':
      return f.rereview?.servedOn ? [] : ['serve_decision'];
    default:
      return [];
  }
}

/** Latest step date recorded so far: no step may be dated before it. */
function lastEventDate(item: Item, f: ItemFacts): string {
  const dates = [
    item.receivedOn,
    item.registeredOn,
    f.route?.on,
    f.route?.letter?.sentOn,
    f.route?.letter?.receivedOn,
    f.unitReceivedOn,
    f.acceptedOn,
    f.extension?.requestedOn,
    f.extension?.decidedOn,
    f.opinion?.issuedOn,
    f.servedOn,
    f.concludedOn,
    f.closedOn,
    f.review?.acceptedOn,
    f.review?.decidedOn,
    f.review?.servedOn,
    f.rereview?.acceptedOn,
    f.rereview?.decidedOn,
    ...f.sendBacks.map((s) => s.on),
    ...f.objections.map((o) => o.on),
  ].filter((d): d is string => typeof d === 'string');
  return dates.reduce((a, b) => (a > b ? a : b));
}

/** Steps that may be dated before the latest event (they record what happened alongside the main line). */
const SIDE_STEPS: readonly Step[] = ['add_hearing', 'rate', 'submit_assist_opinion', 'waive_assist_opinion'];

/**
 * Applies one step to an item. Pure: returns a new item (version untouched: the store bumps it) or throws
 * `AppError('STEP_NOT_ALLOWED')` listing the steps allowed now, or a validation error saying what to fix.
 * Older stored facts are upgraded first (facts-upgrade.ts), so the result is always in the current shape.
 */
export function transition(item: Item, input: StepInput, ctx: TransitionContext): TransitionResult {
  const allowed = allowedSteps(item);
  if (!allowed.includes(input.step)) {
    const list = allowed.length ? allowed.map((s) => STEP_LABELS[s]).join('、') : '无（事项已结束）';
    throw new AppError('STEP_NOT_ALLOWED', `当前状态下不能「${STEP_LABELS[input.step]}」。当前可办理：${list}`, {
      allowed,
      status: item.status,
    });
  }
  const on = input.step === 'add_hearing' ? input.from : input.on;
  notAfterToday(on, ctx.today, '日期');
  const f: ItemFacts = structuredClone(currentFacts(item.facts));
  if (!SIDE_STEPS.includes(input.step)) notBefore(on, lastEventDate(item, f), '上一步骤的日期');
  const next: Item = { ...item, facts: f };
  const work: StepWork = { item: { ...item, facts: currentFacts(item.facts) }, next, f, ctx };

  let outcome: StepOutcome;
  switch (input.step) {
    case 'route':
      outcome = applyRoute(work, input);
      break;
    case 'record_delivery':
      outcome = applyRecordDelivery(work, input);
      break;
    case 'confirm_receipt':
      outcome = applyConfirmReceipt(work, input);
      break;
    case 'object':
      outcome = applyObject(work, input);
      break;
    case 'accept':
      outcome = applyAccept(work, input);
      break;
    case 'decline':
      outcome = applyDecline(work, input);
      break;
    case 'submit_assist_opinion':
      outcome = applySubmitAssist(work, input);
      break;
    case 'waive_assist_opinion':
      outcome = applyWaiveAssist(work, input);
      break;
    case 'request_extension':
      outcome = applyRequestExtension(work, input);
      break;
    case 'decide_extension':
      outcome = applyDecideExtension(work, input);
      break;
    case 'reply':
      outcome = applyReply(work, input);
      break;
    case 'serve':
      outcome = applyServe(work, input);
      break;
    case 'rate':
      outcome = applyRate(work, input);
      break;
    case 'conclude':
      outcome = applyConclude(work, input);
      break;
    case 'approve_close':
      outcome = applyApproveClose(work, input);
      break;
    case 'send_back':
      outcome = applySendBack(work, input);
      break;
    case 'request_review':
    case 'request_rereview':
      outcome = applyRequestReview(work, input);
      break;
    case 'decide_review':
    case 'decide_rereview':
      outcome = applyDecideReview(work, input);
      break;
    case 'serve_decision':
      outcome = applyServeDecision(work, input);
      break;
    case 'add_hearing':
      outcome = applyAddHearing(work, input);
      break;
  }
  next.status = outcome.status;
  return { item: next, summary: outcome.summary, refused: outcome.refused === true };
}
