/**
 * The route and what follows it at the unit: delivery (routing is delivery inside the system; a 转送函 is delivered on
 * the date the bureau records), 签收, the unit's first act (受理告知 / 异议 / 不予受理告知), and the 协办 duties.
 */
import { LEGAL_CHANNEL_ORGANS, LEGAL_CHANNELS, LEGAL_ROUTE_KIND } from '../../contract/enums.ts';
import { computeDeadline } from './deadline.ts';
import { AppError, fail } from './errors.ts';
import { assistDue, deliveredOn, isUnitRoute, receiptOn } from './item-deadlines.ts';
import type { ObjectionDecision, ReceiptFact } from './item.ts';
import {
  actorRef,
  notAfterToday,
  notBefore,
  required,
  type StepInput,
  type StepOutcome,
  type StepWork,
} from './lifecycle-core.ts';

type In<S extends StepInput['step']> = Extract<StepInput, { step: S }>;

/** The route decision (and, after an objection, the bureau's decision on it). */
export function applyRoute({ next, f, ctx }: StepWork, input: In<'route'>): StepOutcome {
  const note = (input.note ?? '').trim();
  let status: StepOutcome['status'];
  let summary: string;
  const pending = f.objections.at(-1);
  if (pending && !pending.legacy && !pending.decidedOn) {
    const unitRoute = input.kind === '转送' || input.kind === '交办';
    const decision: ObjectionDecision = !unitRoute
      ? 'other'
      : input.unitId === pending.unitId
        ? 'same_unit'
        : 'rerouted';
    pending.decidedOn = input.on;
    pending.decision = decision;
  }
  f.route = null;
  f.assists = [];
  f.receipt = null;
  f.unitReceivedOn = null;
  if (input.kind === '转送' || input.kind === '交办') {
    if (!input.unitId) fail('VALIDATION', `${input.kind}须选择责任单位`);
    next.leadUnitId = input.unitId;
    next.assistUnitIds = [...new Set((input.assistUnitIds ?? []).filter((u) => u !== input.unitId))];
    const delivery = input.delivery ?? 'system';
    let letter = null;
    if (delivery === 'letter') {
      const sentOn = input.letter?.sentOn ?? input.on;
      notBefore(sentOn, input.on, '交转日期');
      notAfterToday(sentOn, ctx.today, '转送函发出日期');
      const receivedOn = input.letter?.receivedOn ?? null;
      if (receivedOn) {
        notBefore(receivedOn, sentOn, '转送函发出日期');
        notAfterToday(receivedOn, ctx.today, '转送函送达日期');
      }
      letter = { number: (input.letter?.number ?? '').trim(), sentOn, receivedOn };
    }
    if (input.assistDueOn) {
      if (!next.assistUnitIds.length) fail('VALIDATION', '没有协办单位时不能指定协办意见期限');
      if (input.assistDueOn <= input.on)
        fail('DATE_ORDER', `协办意见期限 ${input.assistDueOn} 须晚于交转日期 ${input.on}`);
    }
    f.assists = next.assistUnitIds.map((unitId) => ({ unitId, opinion: null, waiver: null }));
    f.route = {
      kind: input.kind,
      on: input.on,
      unitId: input.unitId,
      assistUnitIds: next.assistUnitIds,
      note,
      redactIdentity: input.redactIdentity === true,
      delivery,
      letter,
      assistDueOn: input.assistDueOn ?? null,
    };
    status = 'routed';
    const how = delivery === 'letter' ? '（转送函，送达日期以登记为准）' : '';
    const what = input.kind === '交办' ? '交办至责任单位（须报送办结报告）' : '转送至责任单位';
    summary = `${what}${how}${next.assistUnitIds.length ? `，协办单位 ${next.assistUnitIds.length} 个` : ''}`;
  } else {
    next.leadUnitId = null;
    next.assistUnitIds = [];
    if (input.kind === LEGAL_ROUTE_KIND) {
      const legal = input.legal;
      if (!legal || !LEGAL_CHANNELS.includes(legal.channel))
        fail('LEGAL_CHANNEL_REQUIRED', `导入法律程序须选择法律途径：${LEGAL_CHANNELS.join('、')}`);
      const noticeText = required(legal.noticeText, '告知信访人的书面内容');
      const noticeOn = legal.noticeOn ?? input.on;
      notBefore(noticeOn, input.on, '导入法律程序的日期');
      notAfterToday(noticeOn, ctx.today, '书面告知日期');
      const organ = (legal.organ ?? '').trim() || LEGAL_CHANNEL_ORGANS[legal.channel];
      f.legal = { on: input.on, channel: legal.channel, organ, noticeText, noticeOn, by: actorRef(ctx) };
      status = 'legal_channel';
      summary = `导入法律程序（${legal.channel}）：已书面告知信访人向${organ}提出`;
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
    f.route = {
      kind: input.kind,
      on: input.on,
      unitId: null,
      assistUnitIds: [],
      note,
      redactIdentity: input.redactIdentity === true,
    };
  }
  f.routedOn ??= input.on;
  if (pending?.decidedOn === input.on && pending.decision) {
    const label = { rerouted: '改派其他单位', same_unit: '异议不成立，仍由原单位办理', other: '另行处理' }[
      pending.decision
    ];
    summary = `异议处理：${label}；${summary}`;
  }
  return { status, summary };
}

/** The bureau records when the organ outside the system received the 转送函: its clocks start that day. */
export function applyRecordDelivery({ f, ctx }: StepWork, input: In<'record_delivery'>): StepOutcome {
  const r = f.route!;
  const letter = r.letter!;
  notBefore(input.on, letter.sentOn, '转送函发出日期');
  notAfterToday(input.on, ctx.today, '转送函送达日期');
  letter.receivedOn = input.on;
  if (input.letterNumber?.trim()) letter.number = input.letterNumber.trim();
  return { status: 'routed', summary: `登记转送函送达：${input.on} 送达，受理告知和异议期限自该日起算` };
}

function recordReceipt(work: StepWork, on: string, implied: boolean): ReceiptFact {
  const receipt = { on, by: actorRef(work.ctx), implied };
  work.f.receipt = receipt;
  work.f.unitReceivedOn = on;
  return receipt;
}

/** 签收: records who took the item and when. Clocks already run from delivery; a late 签收 shows as its own duty. */
export function applyConfirmReceipt(work: StepWork, input: In<'confirm_receipt'>): StepOutcome {
  const { f, ctx } = work;
  recordReceipt(work, input.on, false);
  const sign = computeDeadline(ctx.rules.sign_receipt, deliveredOn(f.route!)!, ctx.calendar);
  const late = input.on > sign.due ? `（逾期签收：签收期限截至 ${sign.due}）` : '';
  return { status: 'received', summary: `确认接收${late}` };
}

/** The unit's first act implies its 签收 when no one clicked it. */
function impliedReceipt(work: StepWork, on: string): void {
  if (work.item.status === 'routed' && work.f.route?.delivery !== 'letter' && !receiptOn(work.f))
    recordReceipt(work, on, true);
}

export function applyObject(work: StepWork, input: In<'object'>): StepOutcome {
  const { next, f, ctx } = work;
  const reason = required(input.reason, '异议理由');
  const route = f.route!;
  const from = deliveredOn(route)!;
  const window = computeDeadline(ctx.rules.objection, from, ctx.calendar, {
    startEvent: route.delivery === 'letter' ? '转送函送达' : '交转（系统内交转即送达）',
  });
  if (input.on > window.due) {
    fail('WINDOW_CLOSED', `提出异议的期限已于 ${window.due} 届满（${window.explanation}），请依法受理或告知不予受理`, {
      windowDue: window.due,
    });
  }
  impliedReceipt(work, input.on);
  f.objections.push({
    unitId: next.leadUnitId ?? '',
    on: input.on,
    reason,
    route: structuredClone(route),
    receipt: f.receipt ? { ...f.receipt } : null,
    assists: f.assists.map((a) => structuredClone(a)),
    decidedOn: null,
    decision: null,
    legacy: false,
  });
  f.route = null;
  f.receipt = null;
  f.unitReceivedOn = null;
  f.assists = [];
  next.leadUnitId = null;
  next.assistUnitIds = [];
  const bureauDue = computeDeadline(ctx.rules.objection_decision, input.on, ctx.calendar).due;
  return { status: 'registered', summary: `提出异议，退回信访部门：${reason}（信访部门应于 ${bureauDue} 前处理异议）` };
}

export function applyAccept(work: StepWork, input: In<'accept'>): StepOutcome {
  impliedReceipt(work, input.on);
  work.f.acceptedOn = input.on;
  return { status: 'handling', summary: '出具受理告知书' };
}

export function applyDecline(work: StepWork, input: In<'decline'>): StepOutcome {
  const reason = required(input.reason, `${input.kind}的理由`);
  impliedReceipt(work, input.on);
  work.f.declined = { kind: input.kind, on: input.on, reason };
  return {
    status: input.kind === '不予受理' ? 'not_accepted' : 'not_reaccepted',
    summary: `${input.kind}告知：${reason}`,
  };
}

/** The assisting unit acting: the actor's unit when known (a client never chooses it), else the input's. */
function assistingUnit(work: StepWork, given: string | undefined): string {
  const actorUnit = work.ctx.actor?.unitId ?? null;
  if (actorUnit && given && given !== actorUnit) fail('FORBIDDEN', '只能以本单位名义提交协办意见');
  const unitId = actorUnit ?? given;
  if (!unitId) fail('VALIDATION', '无法确定提交协办意见的单位');
  return unitId;
}

function pendingAssist(work: StepWork, unitId: string) {
  const a = work.f.assists.find((x) => x.unitId === unitId);
  if (!a) fail('VALIDATION', '该单位不是本事项的协办单位');
  if (a.opinion || a.waiver) fail('CONFLICT', '该协办单位的协办意见已提交或已免予提交');
  return a;
}

export function applySubmitAssist(work: StepWork, input: In<'submit_assist_opinion'>): StepOutcome {
  const unitId = assistingUnit(work, input.unitId);
  const a = pendingAssist(work, unitId);
  const text = required(input.text, '协办意见');
  notBefore(input.on, work.f.route!.on, '交转日期');
  a.opinion = { on: input.on, text, by: actorRef(work.ctx) };
  const due = assistDue(work.f.route!, work.ctx.calendar, work.ctx.rules).due;
  const late = input.on > due ? `（逾期：协办意见期限截至 ${due}）` : '';
  return { status: work.item.status, summary: `协办单位提交协办意见${late}` };
}

export function applyWaiveAssist(work: StepWork, input: In<'waive_assist_opinion'>): StepOutcome {
  const a = pendingAssist(work, input.unitId);
  const reason = required(input.reason, '免予提交协办意见的理由');
  notBefore(input.on, work.f.route!.on, '交转日期');
  a.waiver = { on: input.on, reason, by: actorRef(work.ctx) };
  return { status: work.item.status, summary: `免予协办单位提交协办意见：${reason}` };
}

/** Pending 协办意见 of the current route (neither given nor waived). */
export function pendingAssists(f: StepWork['f']): string[] {
  return f.assists.filter((a) => !a.opinion && !a.waiver).map((a) => a.unitId);
}

/** The lead's opinion is served only once every 协办意见 is in or waived with a reason. */
export function assertAssistsResolved(f: StepWork['f']): void {
  const pending = pendingAssists(f);
  if (pending.length)
    throw new AppError(
      'ASSIST_OPINIONS_PENDING',
      `尚有 ${pending.length} 个协办单位未提交协办意见，须待其提交或说明理由免予提交后方可送达`,
      { pending },
    );
}

export { isUnitRoute };
