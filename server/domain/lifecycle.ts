import type { OpinionOutcome, ReviewOutcome, RouteKind, Satisfaction, Status, Step } from '../../contract/enums.ts';
import { OPINION_OUTCOMES, REVIEW_OUTCOMES, STEP_LABELS } from '../../contract/enums.ts';
import type { WorkCalendar } from './calendar.ts';
import { computeDeadline, type DeadlineRule, type IsoDate, type RuleCode } from './deadline.ts';
import { AppError, fail } from './errors.ts';
import { handlingRule, handlingStart } from './item-deadlines.ts';
import type { DemandAnswer, Item, ItemFacts, ReviewFact, ReviewRequestVia } from './item.ts';

/** One lifecycle step with its data. `on` is the date the step happened (defaults to today upstream). */
export type StepInput =
  | {
      step: 'route';
      on: IsoDate;
      kind: RouteKind;
      unitId?: string | null;
      assistUnitIds?: string[];
      note?: string;
      redactIdentity?: boolean;
    }
  | { step: 'confirm_receipt'; on: IsoDate }
  | { step: 'object'; on: IsoDate; reason: string }
  | { step: 'accept'; on: IsoDate }
  | { step: 'decline'; on: IsoDate; kind: '不予受理' | '不再受理'; reason: string }
  | { step: 'request_extension'; on: IsoDate; days: number; reason: string }
  | {
      step: 'decide_extension';
      on: IsoDate;
      approve: boolean;
      note?: string;
      notifiedOn?: IsoDate | null;
      noticeReason?: string | null;
    }
  | { step: 'reply'; on: IsoDate; facts: string; basis: string; answers: DemandAnswer[] }
  | { step: 'serve'; on: IsoDate }
  | { step: 'rate'; on: IsoDate; satisfaction: Satisfaction; comment?: string }
  | { step: 'conclude'; on: IsoDate }
  | { step: 'approve_close'; on: IsoDate }
  | { step: 'send_back'; on: IsoDate; reason: string }
  | ({ step: 'request_review'; on: IsoDate } & ReviewRequestDetail)
  | { step: 'decide_review'; on: IsoDate; outcome: ReviewOutcome; opinion: string }
  | { step: 'serve_decision'; on: IsoDate }
  | ({ step: 'request_rereview'; on: IsoDate } & ReviewRequestDetail)
  | { step: 'add_hearing'; from: IsoDate; to: IsoDate; reason?: string }
  | { step: 'decide_rereview'; on: IsoDate; outcome: ReviewOutcome; opinion: string };

/** Who asks for 复查/复核, on what grounds, and how the request came in. */
export interface ReviewRequestDetail {
  applicant?: string | null;
  grounds?: string | null;
  via?: ReviewRequestVia | null;
}

export interface TransitionContext {
  today: IsoDate;
  calendar: WorkCalendar;
  rules: Readonly<Record<RuleCode, DeadlineRule>>;
}

export interface TransitionResult {
  item: Item;
  /** One line for the timeline, in Chinese. */
  summary: string;
  /** True when the step was recorded but refused on the law's terms (e.g. a late 复查 request). */
  refused: boolean;
}

/** Steps the item's state allows now, whoever asks (roles narrow this further in the policy). */
export function allowedSteps(item: Item): Step[] {
  const f = item.facts;
  const ratable = f.servedOn !== null && f.rating === null;
  const reviewable = f.servedOn !== null && (f.review === null || f.review.acceptedOn === null);
  switch (item.status) {
    case 'registered':
      return ['route'];
    case 'routed':
      return ['confirm_receipt'];
    case 'received':
      return ['accept', 'object', 'decline'];
    case 'handling': {
      const steps: Step[] = [];
      if (f.extension === null) steps.push('request_extension');
      if (f.extension?.status === 'pending') steps.push('decide_extension');
      steps.push('reply');
      return steps;
    }
    case 'replied':
      return ['serve'];
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

function notBefore(on: IsoDate, earlier: IsoDate | null | undefined, what: string): void {
  if (earlier && on < earlier) fail('DATE_ORDER', `日期 ${on} 早于${what}（${earlier}），请检查日期`);
}

function required(text: string | undefined | null, what: string): string {
  const t = (text ?? '').trim();
  if (!t) fail('VALIDATION', `请填写${what}`);
  return t;
}

/** Latest step date recorded so far: no step may be dated before it. */
function lastEventDate(item: Item): IsoDate {
  const f = item.facts;
  const dates = [
    item.receivedOn,
    item.registeredOn,
    f.route?.on,
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

function emptyReview(): ReviewFact {
  return {
    requests: [],
    acceptedOn: null,
    outcome: null,
    opinion: null,
    decidedOn: null,
    servedOn: null,
    hearings: [],
  };
}

/**
 * Applies one step to an item. Pure: returns a new item (version untouched: the store bumps it) or throws
 * `AppError('STEP_NOT_ALLOWED')` listing the steps allowed now, or a validation error saying what to fix.
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
  if (on > ctx.today) fail('DATE_IN_FUTURE', `日期 ${on} 晚于今天（${ctx.today}），请填写实际发生的日期`);
  if (input.step !== 'add_hearing' && input.step !== 'rate') notBefore(on, lastEventDate(item), '上一步骤的日期');

  const f: ItemFacts = structuredClone(item.facts);
  const next: Item = { ...item, facts: f };
  let status: Status = item.status;
  let summary = STEP_LABELS[input.step];
  let refused = false;

  switch (input.step) {
    case 'route': {
      const note = (input.note ?? '').trim();
      if (input.kind === '转送' || input.kind === '交办') {
        if (!input.unitId) fail('VALIDATION', `${input.kind}须选择责任单位`);
        next.leadUnitId = input.unitId;
        next.assistUnitIds = (input.assistUnitIds ?? []).filter((u) => u !== input.unitId);
        status = 'routed';
        summary = `${input.kind}至责任单位`;
      } else if (input.kind === '直接回复') {
        required(note, '直接回复的内容');
        f.closedOn = input.on;
        status = 'closed';
        summary = '直接回复信访人';
      } else if (input.kind === '存') {
        status = 'filed';
        summary = '存档';
      } else {
        required(note, `${input.kind}的理由`);
        f.declined = { kind: input.kind, on: input.on, reason: note };
        status = input.kind === '不予受理' ? 'not_accepted' : 'not_reaccepted';
        summary = `${input.kind}：${note}`;
      }
      f.routedOn ??= input.on;
      f.route = {
        kind: input.kind,
        on: input.on,
        unitId: input.unitId ?? null,
        assistUnitIds: next.assistUnitIds,
        note,
        redactIdentity: input.redactIdentity === true,
      };
      break;
    }
    case 'confirm_receipt':
      f.unitReceivedOn = input.on;
      status = 'received';
      break;
    case 'object': {
      const reason = required(input.reason, '异议理由');
      const window = computeDeadline(ctx.rules.objection, f.unitReceivedOn!, ctx.calendar);
      if (input.on > window.due) {
        fail(
          'WINDOW_CLOSED',
          `提出异议的期限已于 ${window.due} 届满（${window.explanation}），请依法受理或告知不予受理`,
          { windowDue: window.due },
        );
      }
      const unitId = item.leadUnitId ?? '';
      f.objections.push({ unitId, on: input.on, reason });
      f.route = null;
      f.unitReceivedOn = null;
      next.leadUnitId = null;
      next.assistUnitIds = [];
      status = 'registered';
      summary = `提出异议，退回信访部门：${reason}`;
      break;
    }
    case 'accept':
      f.acceptedOn = input.on;
      status = 'handling';
      summary = '出具受理告知书';
      break;
    case 'decline': {
      const reason = required(input.reason, `${input.kind}的理由`);
      f.declined = { kind: input.kind, on: input.on, reason };
      status = input.kind === '不予受理' ? 'not_accepted' : 'not_reaccepted';
      summary = `${input.kind}告知：${reason}`;
      break;
    }
    case 'request_extension': {
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
      summary = `申请延期 ${input.days} 日：${reason}`;
      break;
    }
    case 'decide_extension': {
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
      summary = input.approve
        ? `批准延期 ${ext.days} 日，已告知信访人延期理由`
        : `不批准延期${ext.decisionNote ? `：${ext.decisionNote}` : ''}`;
      break;
    }
    case 'reply': {
      const facts = required(input.facts, '查明的事实');
      const basis = required(input.basis, '法律政策依据');
      const answers = checkAnswers(item, input.answers);
      f.opinion = { issuedOn: input.on, facts, basis, answers };
      status = 'replied';
      summary = `出具处理意见书（${answers.map((a) => a.outcome).join('、')}）`;
      break;
    }
    case 'serve':
      f.servedOn = input.on;
      status = 'served';
      summary = '处理意见书已送达信访人';
      break;
    case 'rate':
      if (input.on < (f.servedOn ?? input.on)) notBefore(input.on, f.servedOn, '送达日期');
      f.rating = { satisfaction: input.satisfaction, on: input.on, comment: (input.comment ?? '').trim() };
      summary = `满意度评价：${input.satisfaction}`;
      break;
    case 'conclude':
      f.concludedOn = input.on;
      status = 'concluded';
      summary = '责任单位报告办结';
      break;
    case 'approve_close':
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
      } else {
        summary = '信访部门审核通过，办结';
      }
      f.closedOn = input.on;
      status = 'closed';
      break;
    case 'send_back': {
      const reason = required(input.reason, '退回重办的理由');
      f.sendBacks.push({ on: input.on, reason });
      resetHandling(f);
      status = 'handling';
      summary = `退回重办：${reason}`;
      break;
    }
    case 'request_review':
    case 'request_rereview': {
      const second = input.step === 'request_rereview';
      const from = second ? f.review?.servedOn : f.servedOn;
      notBefore(input.on, from, second ? '复查意见送达日期' : '处理意见送达日期');
      const rule = second ? ctx.rules.rereview_request : ctx.rules.review_request;
      const window = computeDeadline(rule, from!, ctx.calendar);
      const rec = second ? (f.rereview ??= emptyReview()) : (f.review ??= emptyReview());
      const detail = {
        applicant: input.applicant?.trim() || null,
        grounds: input.grounds?.trim() || null,
        via: input.via ?? null,
      };
      if (input.on > window.due) {
        const what = second ? '复核' : '复查';
        const reason = `${what}申请期限已于 ${window.due} 届满（${window.explanation}），${input.on} 提出的申请依法不予受理`;
        rec.requests.push({ requestedOn: input.on, status: 'refused', refusal: reason, ...detail });
        summary = reason;
        refused = true;
      } else {
        rec.requests.push({ requestedOn: input.on, status: 'accepted', refusal: null, ...detail });
        rec.acceptedOn = input.on;
        status = second ? 'rereview' : 'review';
        summary = second ? '受理复核申请' : '受理复查申请';
      }
      break;
    }
    case 'decide_review':
    case 'decide_rereview': {
      if (!REVIEW_OUTCOMES.includes(input.outcome))
        fail('VALIDATION', `复查/复核意见须为：${REVIEW_OUTCOMES.join('、')}`);
      const opinion = required(input.opinion, '意见书内容');
      const rec = input.step === 'decide_review' ? f.review! : f.rereview!;
      rec.outcome = input.outcome;
      rec.opinion = opinion;
      rec.decidedOn = input.on;
      const what = input.step === 'decide_review' ? '复查' : '复核';
      summary = `作出${what}意见：${input.outcome}`;
      if (input.outcome === '责令重新办理') {
        f.sendBacks.push({ on: input.on, reason: `${what}意见责令重新办理` });
        resetHandling(f);
        // The re-done opinion starts a fresh 复查/复核 path (the earlier ones stay in the timeline).
        f.review = null;
        f.rereview = null;
        status = 'handling';
      } else {
        status = input.step === 'decide_review' ? 'review_decided' : 'terminated';
      }
      break;
    }
    case 'serve_decision': {
      const rec = item.status === 'terminated' ? f.rereview! : f.review!;
      notBefore(input.on, rec.decidedOn, '意见作出日期');
      rec.servedOn = input.on;
      summary = item.status === 'terminated' ? '复核意见已送达，事项终结' : '复查意见已送达';
      break;
    }
    case 'add_hearing': {
      if (input.to < input.from) fail('DATE_ORDER', `听证结束日期 ${input.to} 早于开始日期 ${input.from}`);
      if (input.to > ctx.today) fail('DATE_IN_FUTURE', `听证结束日期 ${input.to} 晚于今天`);
      if (input.from <= f.rereview!.acceptedOn!)
        fail('DATE_ORDER', `听证开始日期 ${input.from} 须晚于复核受理日期 ${f.rereview!.acceptedOn}`);
      f.rereview!.hearings.push({ from: input.from, to: input.to, reason: (input.reason ?? '').trim() || '听证' });
      summary = `听证 ${input.from} 至 ${input.to}，期间不计入复核期限`;
      break;
    }
  }
  next.status = status;
  return { item: next, summary, refused };
}

/** A step that sends the item back to handling starts it over: no opinion, service, rating or extension. */
function resetHandling(f: ItemFacts): void {
  f.opinion = null;
  f.servedOn = null;
  f.concludedOn = null;
  f.rating = null;
  f.extension = null;
}

/** The handling period as it stands (from acceptance or the latest send-back, without any extension). */
function handlingPeriod(item: Item, ctx: TransitionContext) {
  return computeDeadline(ctx.rules[handlingRule(item)], handlingStart(item), ctx.calendar);
}

function checkAnswers(item: Item, answers: DemandAnswer[]): DemandAnswer[] {
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
