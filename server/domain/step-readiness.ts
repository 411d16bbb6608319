import { STEP_LABELS, type Step } from '../../contract/enums.ts';
import { computeDeadline } from './deadline.ts';
import { handlingRule, handlingStart } from './item-deadlines.ts';
import type { Item } from './item.ts';
import type { TransitionContext } from './lifecycle.ts';

/** A step the actor holds but that would be refused if taken today, with the reason in Chinese. */
export interface BlockedStep {
  step: Step;
  label: string;
  reason: string;
}

/**
 * Splits the actor's steps into those that will succeed when dated today and those a time window still
 * refuses (the same rules `transition` enforces), so the workbench offers only what works and says why
 * the rest must wait. Pure: `ctx.today` is the clock.
 */
export function readinessOf(
  item: Item,
  steps: readonly Step[],
  ctx: TransitionContext,
): { ready: Step[]; blocked: BlockedStep[] } {
  const ready: Step[] = [];
  const blocked: BlockedStep[] = [];
  for (const step of steps) {
    const reason = whyNotToday(item, step, ctx);
    if (reason) blocked.push({ step, label: STEP_LABELS[step], reason });
    else ready.push(step);
  }
  return { ready, blocked };
}

function whyNotToday(item: Item, step: Step, ctx: TransitionContext): string | null {
  const f = item.facts;
  const today = ctx.today;
  if (step === 'approve_close' && item.status === 'review_decided' && f.review?.servedOn) {
    const w = computeDeadline(ctx.rules.rereview_request, f.review.servedOn, ctx.calendar);
    if (today <= w.due)
      return `复核申请期限至 ${w.due} 届满，届满后信访人仍未申请复核的方可审核办结（${w.explanation}）`;
  }
  if (step === 'object' && f.unitReceivedOn) {
    const w = computeDeadline(ctx.rules.objection, f.unitReceivedOn, ctx.calendar);
    if (today > w.due) return `提出异议的期限已于 ${w.due} 届满（${w.explanation}），请依法受理或告知不予受理`;
  }
  if (step === 'request_extension') {
    const p = computeDeadline(ctx.rules[handlingRule(item)], handlingStart(item), ctx.calendar);
    if (today > p.due) return `办理期限已于 ${p.due} 届满，期满后不能再申请延期（${p.explanation}）`;
  }
  return null;
}
