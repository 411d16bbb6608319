/**
 * Handling at the unit and closing: extension, the opinion, service, rating, the unit's report (交办: a written
 * 办结报告 the bureau reviews; 转送: the result notice, reviewed when the deployment says so) and 退回重办.
 */
import { OPINION_OUTCOMES, type OpinionOutcome } from '../../contract/enums.ts';
import { computeDeadline } from './deadline.ts';
import { AppError, fail } from './errors.ts';
import { handlingRule, handlingStart } from './item-deadlines.ts';
import type { DemandAnswer, Item, ItemFacts, ReplacedHandling } from './item.ts';
import {
  actorRef,
  notBefore,
  required,
  settingsOf,
  type StepInput,
  type StepOutcome,
  type StepWork,
  type TransitionContext,
} from './lifecycle-core.ts';
import { assertAssistsResolved } from './lifecycle-routing.ts';

type In<S extends StepInput['step']> = Extract<StepInput, { step: S }>;

/**
 * The statutory handling period as it stands: from acceptance (or a 复查/复核 order to handle again), with the
 * approved extension when `withExtension`.
 */
export function handlingPeriod(item: Item, ctx: TransitionContext, withExtension = false) {
  const f = item.facts;
  const code = handlingRule(item);
  const ext = withExtension && code === 'handle' && f.extension?.status === 'approved' ? f.extension.days : 0;
  return computeDeadline(ctx.rules[code], handlingStart(item), ctx.calendar, { extensionDays: ext });
}

export function applyRequestExtension({ item, f, ctx }: StepWork, input: In<'request_extension'>): StepOutcome {
  const reason = required(input.reason, '延期理由');
  const period = handlingPeriod(item, ctx);
  if (input.on > period.due)
    fail('WINDOW_CLOSED', `办理期限已于 ${period.due} 届满，期满后不能再申请延期（${period.explanation}）`, {
      due: period.due,
    });
  const max = ctx.rules.handle.maxExtensionDays;
  if (!Number.isInteger(input.days) || input.days < 1 || input.days > max) {
    fail('EXTENSION_INVALID', `延期天数须为 1 至 ${max} 日的整数（依法最多延长 ${max} 日）`);
  }
  f.extension = {
    requestedOn: input.on,
    days: input.days,
    reason,
    status: 'pending',
    decidedOn: null,
    decisionNote: null,
    notifiedOn: null,
  };
  return { status: item.status, summary: `申请延期 ${input.days} 日：${reason}` };
}

export function applyDecideExtension({ item, f, ctx }: StepWork, input: In<'decide_extension'>): StepOutcome {
  const ext = f.extension!;
  const period = handlingPeriod(item, ctx);
  if (input.approve && input.on > period.due)
    fail('WINDOW_CLOSED', `办理期限已于 ${period.due} 届满，期满后不能再批准延期`, { due: period.due });
  ext.status = input.approve ? 'approved' : 'rejected';
  ext.decidedOn = input.on;
  ext.decisionNote = (input.note ?? '').trim() || null;
  if (input.approve) {
    ext.notifiedOn = input.notifiedOn ?? input.on;
    notBefore(ext.notifiedOn, input.on, '批准日期');
    ext.noticeReason = (input.noticeReason ?? '').trim() || null;
  }
  return {
    status: item.status,
    summary: input.approve
      ? `批准延期 ${ext.days} 日，已告知信访人延期理由`
      : `不批准延期${ext.decisionNote ? `：${ext.decisionNote}` : ''}`,
  };
}

export function checkAnswers(item: Item, answers: DemandAnswer[]): DemandAnswer[] {
  const n = item.demands.length;
  const seen = new Set<number>();
  for (const a of answers) {
    if (!Number.isInteger(a.demandIndex) || a.demandIndex < 0 || a.demandIndex >= n) {
      fail('VALIDATION', `答复对应的诉求序号 ${a.demandIndex + 1} 不存在（共 ${n} 项诉求）`);
    }
    if (seen.has(a.demandIndex)) fail('VALIDATION', `第 ${a.demandIndex + 1} 项诉求答复了两次`);
    if (!OPINION_OUTCOMES.includes(a.outcome as OpinionOutcome))
      fail('VALIDATION', `处理意见须为：${OPINION_OUTCOMES.join('、')}`);
    required(a.explanation, `第 ${a.demandIndex + 1} 项诉求的答复说明`);
    seen.add(a.demandIndex);
  }
  const missing = [...Array(n).keys()].filter((i) => !seen.has(i));
  if (missing.length) {
    fail('DEMANDS_UNANSWERED', `处理意见须逐项答复全部诉求，尚未答复第 ${missing.map((i) => i + 1).join('、')} 项`, {
      missing,
    });
  }
  return [...answers].sort((a, b) => a.demandIndex - b.demandIndex);
}

export function applyReply({ item, f }: StepWork, input: In<'reply'>): StepOutcome {
  const facts = required(input.facts, '查明的事实');
  const basis = required(input.basis, '法律政策依据');
  const answers = checkAnswers(item, input.answers);
  f.opinion = { issuedOn: input.on, facts, basis, answers };
  const back = f.sendBacks.at(-1);
  if (back && !back.redoneOn && back.on <= input.on) back.redoneOn = input.on;
  return { status: 'replied', summary: `出具处理意见书（${answers.map((a) => a.outcome).join('、')}）` };
}

export function applyServe({ f }: StepWork, input: In<'serve'>): StepOutcome {
  assertAssistsResolved(f);
  f.servedOn = input.on;
  return { status: 'served', summary: '处理意见书已送达信访人' };
}

export function applyRate({ item, f, ctx }: StepWork, input: In<'rate'>): StepOutcome {
  if (input.on < (f.servedOn ?? input.on)) notBefore(input.on, f.servedOn, '送达日期');
  const comment = (input.comment ?? '').trim();
  if (input.source === 'portal') {
    f.rating = { satisfaction: input.satisfaction, on: input.on, comment, source: 'portal' };
    return { status: item.status, summary: `信访人网上评价：${input.satisfaction}` };
  }
  // Staff never enter a rating of their own: only what the petitioner said in a 回访, recorded with who and when.
  const outcome = (input.visit?.outcome ?? '').trim();
  if (!input.visit || !outcome)
    fail('VALIDATION', '满意度只能来自信访人本人：请填写回访记录（回访方式和回访情况），再登记信访人表达的满意度');
  const by = actorRef(ctx);
  if (!by) fail('VALIDATION', '回访记录须写明回访人');
  const visits = (f.returnVisits ??= []);
  visits.push({
    method: input.visit.method,
    on: input.on,
    by,
    outcome,
    satisfaction: input.satisfaction,
  });
  if (input.satisfaction !== '未评价')
    f.rating = {
      satisfaction: input.satisfaction,
      on: input.on,
      comment,
      source: 'return_visit',
      visitIndex: visits.length - 1,
    };
  return {
    status: item.status,
    summary: `${input.visit.method}回访：${input.satisfaction === '未评价' ? '信访人未表达满意度' : `信访人表示${input.satisfaction}`}`,
  };
}

/**
 * The unit reports. 交办: the written 办结报告 to the bureau, which reviews it. 转送: the result notice to the
 * bureau; it closes the item unless the deployment reviews 转送 results too.
 */
export function applyConclude({ f, ctx }: StepWork, input: In<'conclude'>): StepOutcome {
  f.concludedOn = input.on;
  if (f.route?.kind === '交办') {
    const text = (input.report?.text ?? '').trim();
    if (!text)
      throw new AppError(
        'REPORT_REQUIRED',
        '交办事项须向信访部门报送书面办结报告：请填写办结报告（办理过程、结果和依据）',
      );
    f.report = {
      submittedOn: input.on,
      text,
      attachmentIds: [...new Set(input.report?.attachmentIds ?? [])],
      by: actorRef(ctx),
      reviews: [],
    };
    return { status: 'concluded', summary: '报送办结报告，待信访部门审核' };
  }
  if (f.route?.kind === '转送' && !settingsOf(ctx).transferNeedsApproval) {
    f.closedOn = input.on;
    return { status: 'closed', summary: '责任单位告知办理结果，事项办结（转送事项无需信访部门审核）' };
  }
  return {
    status: 'concluded',
    summary: f.route?.kind === '转送' ? '责任单位告知办理结果，待信访部门审核' : '责任单位报告办结',
  };
}

/** The handling state before a send-back, kept on the send-back (documents state the facts of their date). */
export function snapshotHandling(f: ItemFacts): ReplacedHandling {
  return structuredClone({
    opinion: f.opinion,
    servedOn: f.servedOn,
    concludedOn: f.concludedOn,
    rating: f.rating,
    report: f.report,
    review: f.review,
    rereview: f.rereview,
  });
}

/** A step that sends the item back to handling: no opinion, service, rating or report (the extension may stay). */
export function resetHandling(f: ItemFacts, opts: { keepExtension: boolean }): void {
  f.opinion = null;
  f.servedOn = null;
  f.concludedOn = null;
  f.rating = null;
  f.report = null;
  if (!opts.keepExtension) f.extension = null;
}

/**
 * 退回重办 by the bureau. The statutory handling period does not restart: it still runs from acceptance, with any
 * extension (overdue if it has passed). The bureau may set an internal re-handling date, with a reason.
 */
export function applySendBack({ item, f, ctx }: StepWork, input: In<'send_back'>): StepOutcome {
  const reason = required(input.reason, '退回重办的理由');
  let internalDueOn: string | null = null;
  let internalReason: string | null = null;
  if (input.internalDueOn) {
    if (input.internalDueOn <= input.on)
      fail('DATE_ORDER', `内部重办期限 ${input.internalDueOn} 须晚于退回日期 ${input.on}`);
    internalDueOn = input.internalDueOn;
    internalReason = required(input.internalReason, '设定内部重办期限的理由');
  }
  if (f.report) f.report.reviews.push({ on: input.on, outcome: 'returned', note: reason, by: actorRef(ctx) });
  const replaced = snapshotHandling(f);
  f.sendBacks.push({ on: input.on, reason, kind: 'bureau', internalDueOn, internalReason, redoneOn: null, replaced });
  resetHandling(f, { keepExtension: true });
  const period = handlingPeriod(item, ctx, true);
  const standing =
    input.on > period.due
      ? `法定办理期限已于 ${period.due} 届满，事项已超期`
      : `法定办理期限不重新计算，仍截至 ${period.due}`;
  const internal = internalDueOn ? `；内部重办期限 ${internalDueOn}（${internalReason}）` : '';
  return { status: 'handling', summary: `退回重办：${reason}（${standing}${internal}）` };
}

export function applyApproveClose(work: StepWork, input: In<'approve_close'>): StepOutcome {
  const { item, f, ctx } = work;
  let summary: string;
  if (item.status === 'review_decided') {
    const window = computeDeadline(ctx.rules.rereview_request, f.review!.servedOn!, ctx.calendar);
    if (input.on <= window.due) {
      throw new AppError(
        'STEP_NOT_ALLOWED',
        `复核申请期限至 ${window.due} 届满，届满后信访人未申请复核的方可办结（${window.explanation}）`,
        { allowed: ['request_rereview'], windowDue: window.due },
      );
    }
    summary = '复核申请期限届满未申请复核，复查意见生效，办结';
  } else if (f.report && f.route?.kind === '交办') {
    f.report.reviews.push({ on: input.on, outcome: 'approved', note: (input.note ?? '').trim(), by: actorRef(ctx) });
    summary = '信访部门审核通过办结报告，办结';
  } else {
    summary = '信访部门审核通过，办结';
  }
  f.closedOn = input.on;
  return { status: 'closed', summary };
}
