/**
 * 复查 and 复核 by the right organs. The 复查 organ is above the handling organ (its superior department or the
 * government of its level); the 复核 organ is the level above the 复查 organ and never the same organ. A decision
 * made inside the system is made by an account of that organ (for 复核: not the account that decided the 复查); one
 * made outside is recorded by the bureau as received, with the organ named and its document attached.
 */
import { REVIEW_OUTCOMES } from '../../contract/enums.ts';
import { computeDeadline } from './deadline.ts';
import { AppError, fail } from './errors.ts';
import type { OrganRef, ReviewFact } from './item.ts';
import {
  actorRef,
  notAfterToday,
  notBefore,
  required,
  type StepInput,
  type StepOutcome,
  type StepWork,
  type TransitionContext,
} from './lifecycle-core.ts';
import { resetHandling, snapshotHandling } from './lifecycle-handling.ts';

type In<S extends StepInput['step']> = Extract<StepInput, { step: S }>;

function organError(message: string): never {
  throw new AppError('REVIEW_ORGAN_INVALID', message);
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
    organ: null,
    decidedBy: null,
    source: null,
    document: null,
  };
}

function cleanOrgan(o: OrganRef | null | undefined, what: string): OrganRef | null {
  if (!o) return null;
  const name = (o.name ?? '').trim();
  if (!name) organError(`请填写${what}的名称`);
  return { unitId: o.unitId ?? null, name };
}

/** True when two organ references name the same organ (same unit, or the same name). */
export function sameOrgan(a: OrganRef, b: OrganRef): boolean {
  if (a.unitId && b.unitId) return a.unitId === b.unitId;
  return a.name.replace(/\s/g, '') === b.name.replace(/\s/g, '');
}

/**
 * Checks the organ of a 复查 (`second` false) or 复核 (`second` true) against the organ below it: never the same;
 * and, when both are units the directory knows, above it.
 */
export function checkOrgan(
  organ: OrganRef,
  below: OrganRef | null,
  second: boolean,
  ctx: Pick<TransitionContext, 'organs'>,
): void {
  const what = second ? '复核机关' : '复查机关';
  const lower = second ? '复查机关' : '原办理机关';
  if (!below) return;
  if (sameOrgan(organ, below))
    organError(`${what}不能是${lower}（${below.name}）本身，应为其上一级机关${second ? '' : '或本级人民政府'}`);
  if (second && organ.unitId && below.unitId && ctx.organs && !ctx.organs.isAbove(organ.unitId, below.unitId))
    organError(`${what}（${organ.name}）不是${lower}（${below.name}）的上一级机关`);
}

/** The organ that handled the item, as a reference (its unit; the name is the caller's to add). */
function handlingOrgan(work: StepWork): OrganRef | null {
  return work.item.leadUnitId ? { unitId: work.item.leadUnitId, name: '原办理机关' } : null;
}

export function applyRequestReview(work: StepWork, input: In<'request_review' | 'request_rereview'>): StepOutcome {
  const { item, f, ctx } = work;
  const second = input.step === 'request_rereview';
  const from = second ? f.review?.servedOn : f.servedOn;
  notBefore(input.on, from, second ? '复查意见送达日期' : '处理意见送达日期');
  const rule = second ? ctx.rules.rereview_request : ctx.rules.review_request;
  const window = computeDeadline(rule, from!, ctx.calendar);
  const rec = second ? (f.rereview ??= emptyReview()) : (f.review ??= emptyReview());
  const what = second ? '复核' : '复查';
  const detail = {
    applicant: input.applicant?.trim() || null,
    grounds: input.grounds?.trim() || null,
    via: input.via ?? null,
  };
  if (input.on > window.due) {
    const reason = `${what}申请期限已于 ${window.due} 届满（${window.explanation}），${input.on} 提出的申请依法不予受理`;
    rec.requests.push({ requestedOn: input.on, status: 'refused', refusal: reason, ...detail });
    return { status: item.status, summary: reason, refused: true };
  }
  const organ = cleanOrgan(input.organ, `${what}机关`);
  if (organ) {
    checkOrgan(organ, second ? (f.review?.organ ?? null) : handlingOrgan(work), second, ctx);
    rec.organ = organ;
  }
  rec.requests.push({ requestedOn: input.on, status: 'accepted', refusal: null, ...detail });
  rec.acceptedOn = input.on;
  return {
    status: second ? 'rereview' : 'review',
    summary: `受理${what}申请${organ ? `（${what}机关：${organ.name}）` : ''}`,
  };
}

/**
 * Records the decision. Inside the system (`source` 'system', the default): by an account of the organ when the
 * organ is a unit of the system, and for 复核 never by the account that decided the 复查. Outside: the bureau
 * records it as received, naming the organ and attaching the document.
 */
export function applyDecideReview(work: StepWork, input: In<'decide_review' | 'decide_rereview'>): StepOutcome {
  const { f, ctx } = work;
  if (!REVIEW_OUTCOMES.includes(input.outcome)) fail('VALIDATION', `复查/复核意见须为：${REVIEW_OUTCOMES.join('、')}`);
  const opinion = required(input.opinion, '意见书内容');
  const second = input.step === 'decide_rereview';
  const what = second ? '复核' : '复查';
  const rec = second ? f.rereview! : f.review!;
  const given = cleanOrgan(input.organ, `${what}机关`);
  if (given) {
    checkOrgan(given, second ? (f.review?.organ ?? null) : handlingOrgan(work), second, ctx);
    rec.organ = given;
  }
  const source = input.source ?? 'system';
  if (source === 'outside') {
    if (!rec.organ) organError(`登记系统外作出的${what}意见，须写明作出意见的${what}机关`);
    const doc = input.document;
    const attachmentId = doc?.attachmentId ?? null;
    if (!attachmentId) organError(`登记系统外作出的${what}意见，须附上收到的${what}意见书`);
    const receivedOn = doc?.receivedOn ?? input.on;
    notBefore(receivedOn, input.on, `${what}意见作出日期`);
    notAfterToday(receivedOn, ctx.today, `${what}意见书收到日期`);
    rec.document = { number: (doc?.number ?? '').trim(), receivedOn, attachmentId };
    rec.decidedBy = null;
  } else {
    const actor = ctx.actor ?? null;
    if (rec.organ && !rec.organ.unitId)
      organError(`${what}机关（${rec.organ.name}）不在本系统中：请按“系统外作出”登记收到的${what}意见书`);
    if (actor && rec.organ?.unitId && actor.unitId !== rec.organ.unitId)
      organError(`${what}意见须由${what}机关（${rec.organ.name}）的账号作出`);
    if (second && actor && f.review?.decidedBy?.userId === actor.userId)
      organError('复核意见不能由作出复查意见的同一账号作出');
    rec.decidedBy = actorRef(ctx);
    rec.document = null;
  }
  rec.source = source;
  rec.outcome = input.outcome;
  rec.opinion = opinion;
  rec.decidedOn = input.on;
  const by = source === 'outside' ? `（登记${rec.organ!.name}作出的意见书）` : '';
  const summary = `作出${what}意见：${input.outcome}${by}`;
  if (input.outcome === '责令重新办理') {
    // A new handling ordered by the reviewing organ: a new handling period from this date (the earlier 复查/复核
    // path stays on the send-back; the re-done opinion opens a fresh one).
    const replaced = snapshotHandling(f);
    f.sendBacks.push({
      on: input.on,
      reason: `${what}意见责令重新办理`,
      kind: 'review',
      internalDueOn: null,
      internalReason: null,
      redoneOn: null,
      replaced,
    });
    resetHandling(f, { keepExtension: false });
    f.review = null;
    f.rereview = null;
    return { status: 'handling', summary };
  }
  return { status: second ? 'terminated' : 'review_decided', summary };
}

export function applyServeDecision({ item, f }: StepWork, input: In<'serve_decision'>): StepOutcome {
  const rec = item.status === 'terminated' ? f.rereview! : f.review!;
  notBefore(input.on, rec.decidedOn, '意见作出日期');
  rec.servedOn = input.on;
  return {
    status: item.status,
    summary: item.status === 'terminated' ? '复核意见已送达，事项终结' : '复查意见已送达',
  };
}

export function applyAddHearing({ item, f, ctx }: StepWork, input: In<'add_hearing'>): StepOutcome {
  if (input.to < input.from) fail('DATE_ORDER', `听证结束日期 ${input.to} 早于开始日期 ${input.from}`);
  if (input.to > ctx.today) fail('DATE_IN_FUTURE', `听证结束日期 ${input.to} 晚于今天`);
  if (input.from <= f.rereview!.acceptedOn!)
    fail('DATE_ORDER', `听证开始日期 ${input.from} 须晚于复核受理日期 ${f.rereview!.acceptedOn}`);
  f.rereview!.hearings.push({ from: input.from, to: input.to, reason: (input.reason ?? '').trim() || '听证' });
  return { status: item.status, summary: `听证 ${input.from} 至 ${input.to}，期间不计入复核期限` };
}
