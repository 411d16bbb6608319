/**
 * 督查督办: the bureau's supervision order on one or several items of a unit, and its lifecycle. Pure: dates are
 * passed in, the store assigns the number and bumps the version.
 *
 *   issue (kind, reason, requirements, own deadline, unit and person addressed)
 *     → reply (督办回复: what was done, when it will finish)
 *     → accept (closes) | press (再次督促, a new deadline: back to waiting for a reply)
 *   an unanswered 督办 past its deadline, or an answered one past the promised finish date, escalates one level
 *   on schedule (the unit head, then the leader); the bureau may cancel (撤销) with a reason.
 */
import { BUREAU_ROLES, type Status } from '../../contract/enums.ts';
import {
  ESCALATION_LEVEL_LABELS,
  OPEN_SUPERVISION_STATUSES,
  SUPERVISION_REPLY_WORKDAYS,
  SUPERVISION_KINDS,
  SUPERVISION_STEP_LABELS,
  type EscalationLevel,
  type SuggestionReason,
  type SupervisionKind,
  type SupervisionStatus,
  type SupervisionStep,
} from '../../contract/supervision.ts';
import { assertIsoDate, diffDays, type IsoDate, type WorkCalendar } from './calendar.ts';
import { AppError, fail } from './errors.ts';
import type { Actor } from './item.policy.ts';
import { maskIdentityInText, type IdentityDictionary } from './text-masking.ts';
import {
  dueEscalation,
  LATE_REASON_LABELS,
  type EscalationStep,
  type LateReason,
  type TrackedTask,
} from './tracked-task.ts';

export interface SupervisionReply {
  /** 1 for the answer to the order, 2 after the first 再次督促, … */
  round: number;
  on: IsoDate;
  byUserId: string;
  byName: string;
  /** What was done (办理情况). */
  done: string;
  /** When the unit says the matter will be finished; null when it says it is finished. */
  expectedFinishOn: IsoDate | null;
}

export interface SupervisionReview {
  round: number;
  on: IsoDate;
  byUserId: string;
  byName: string;
  decision: 'accept' | 'press';
  note: string;
  /** The new deadline of a 再次督促. */
  newDueOn: IsoDate | null;
}

export interface SupervisionEscalation {
  level: EscalationLevel;
  on: IsoDate;
  reason: LateReason;
}

export interface Supervision {
  id: string;
  /** 督办编号, e.g. 督办〔2025〕12号 (the store assigns it). */
  number: string;
  version: number;
  kind: SupervisionKind;
  itemIds: string[];
  reason: string;
  requirements: string;
  unitId: string;
  /** The person addressed in the unit (经办人 or head); null addresses the unit as a whole (its heads). */
  addresseeUserId: string | null;
  issuedByUserId: string;
  issuedByName: string;
  issuedOn: IsoDate;
  /** The order's own deadline (round 1). */
  issuedDueOn: IsoDate;
  /** Deadline of the current round (the order's, or the latest 再次督促's). */
  dueOn: IsoDate;
  status: SupervisionStatus;
  replies: SupervisionReply[];
  reviews: SupervisionReview[];
  escalations: SupervisionEscalation[];
  closedOn: IsoDate | null;
  cancellation: { on: IsoDate; reason: string } | null;
  /** Why it was suggested, when it was issued from a suggestion (kept for the register and the scorecard). */
  suggestedFor: SuggestionReason[];
}

/** Configurable rules of supervision. */
export interface SupervisionRules {
  /** Default reply period in working days per kind (the issuer may set another date). */
  replyWorkdays: Readonly<Record<SupervisionKind, number>>;
  /** Escalation: the unit head first, then the leader. */
  escalation: readonly EscalationStep<EscalationLevel>[];
}

export const DEFAULT_SUPERVISION_RULES: Readonly<SupervisionRules> = Object.freeze({
  replyWorkdays: SUPERVISION_REPLY_WORKDAYS,
  escalation: Object.freeze([
    Object.freeze({ level: 'unit_head' as const, afterDays: 1 }),
    Object.freeze({ level: 'leader' as const, afterDays: 3 }),
  ]),
});

export const SUPERVISION_TEXT_LIMIT = 2000;
export const SUPERVISION_MAX_ITEMS = 100;

/** The default reply deadline of a new order: the kind's working days after the issue date. */
export function defaultSupervisionDue(
  kind: SupervisionKind,
  issuedOn: IsoDate,
  calendar: WorkCalendar,
  rules: SupervisionRules = DEFAULT_SUPERVISION_RULES,
): IsoDate {
  return calendar.addWorkdays(issuedOn, rules.replyWorkdays[kind]);
}

function text(value: string | null | undefined, what: string): string {
  const t = (value ?? '').trim();
  if (!t) fail('VALIDATION', `请填写${what}`);
  if (t.length > SUPERVISION_TEXT_LIMIT) fail('VALIDATION', `${what}不能超过 ${SUPERVISION_TEXT_LIMIT} 个字`);
  return t;
}

function date(d: IsoDate, what: string): IsoDate {
  try {
    assertIsoDate(d, what);
  } catch {
    fail('DATE_INVALID', `${what}「${d}」无效，请按 YYYY-MM-DD 填写`);
  }
  return d;
}

function notFuture(on: IsoDate, today: IsoDate): void {
  if (on > today) fail('DATE_IN_FUTURE', `日期 ${on} 晚于今天（${today}），请填写实际发生的日期`);
}

/** What the bureau fills in to issue a 督办. */
export interface SupervisionDraft {
  kind: SupervisionKind;
  itemIds: string[];
  reason: string;
  requirements: string;
  unitId: string;
  addresseeUserId?: string | null;
  issuedOn: IsoDate;
  dueOn: IsoDate;
  suggestedFor?: SuggestionReason[];
}

/** What the issue check needs to know of each item. */
export interface SupervisionTarget {
  id: string;
  number: string;
  status: Status;
  leadUnitId: string | null;
}

const NOT_SUPERVISABLE: readonly Status[] = ['registered', 'filed', 'not_accepted', 'not_reaccepted'];

/**
 * Why these items cannot be supervised together at `unitId`, or null: every item must have been routed to that unit
 * as its lead unit (a 督办 addresses the unit that holds the items).
 */
export function supervisionTargetRefusal(items: readonly SupervisionTarget[], unitId: string): string | null {
  const notRouted = items.filter((i) => NOT_SUPERVISABLE.includes(i.status));
  if (notRouted.length) return `事项 ${notRouted.map((i) => i.number).join('、')} 尚未交由责任单位办理，不能督办`;
  const elsewhere = items.filter((i) => i.leadUnitId !== unitId);
  if (elsewhere.length) return `事项 ${elsewhere.map((i) => i.number).join('、')} 的主办单位不是被督办单位，请分别督办`;
  return null;
}

/**
 * A new 督办 from the bureau's draft (status `issued`, version 0: the store sets the number and the version).
 * @throws AppError VALIDATION / DATE_* saying what to fix.
 */
export function issueSupervision(
  draft: SupervisionDraft,
  by: Pick<Actor, 'userId' | 'displayName' | 'role'>,
  ids: { id: string; number: string },
  today: IsoDate,
): Supervision {
  if (!BUREAU_ROLES.includes(by.role)) fail('FORBIDDEN', '只有信访部门可以下发督办');
  if (!SUPERVISION_KINDS.includes(draft.kind)) fail('VALIDATION', `督办方式须为：${SUPERVISION_KINDS.join('、')}`);
  const itemIds = [...new Set(draft.itemIds)];
  if (!itemIds.length) fail('VALIDATION', '请选择要督办的信访事项');
  if (itemIds.length > SUPERVISION_MAX_ITEMS) fail('VALIDATION', `一次最多督办 ${SUPERVISION_MAX_ITEMS} 件事项`);
  if (!draft.unitId) fail('VALIDATION', '请选择被督办单位');
  const issuedOn = date(draft.issuedOn, '督办日期');
  const dueOn = date(draft.dueOn, '督办回复期限');
  notFuture(issuedOn, today);
  if (dueOn <= issuedOn) fail('DATE_ORDER', `督办回复期限 ${dueOn} 须晚于督办日期 ${issuedOn}`);
  return {
    id: ids.id,
    number: ids.number,
    version: 0,
    kind: draft.kind,
    itemIds,
    reason: text(draft.reason, '督办事由'),
    requirements: text(draft.requirements, '督办要求'),
    unitId: draft.unitId,
    addresseeUserId: draft.addresseeUserId ?? null,
    issuedByUserId: by.userId,
    issuedByName: by.displayName,
    issuedOn,
    issuedDueOn: dueOn,
    dueOn,
    status: 'issued',
    replies: [],
    reviews: [],
    escalations: [],
    closedOn: null,
    cancellation: null,
    suggestedFor: [...new Set(draft.suggestedFor ?? [])],
  };
}

/** The current round: 1 for the order, +1 for each 再次督促. */
export function currentRound(s: Pick<Supervision, 'reviews'>): number {
  return 1 + s.reviews.filter((r) => r.decision === 'press').length;
}

/** The 督办 as a tracked task (its clock: warnings and escalation). */
export function trackedTaskOf(s: Supervision, rules: SupervisionRules = DEFAULT_SUPERVISION_RULES): TrackedTask {
  const round = currentRound(s);
  const reply = s.replies.find((r) => r.round === round) ?? null;
  const lastPress = s.reviews.filter((r) => r.decision === 'press').at(-1);
  const levels = rules.escalation.map((e) => e.level);
  return {
    start: lastPress?.on ?? s.issuedOn,
    dueOn: s.dueOn,
    answeredOn: reply?.on ?? null,
    promisedOn: reply?.expectedFinishOn ?? null,
    closedOn: s.closedOn,
    escalations: s.escalations.map((e) => ({ level: levels.indexOf(e.level), on: e.on })),
  };
}

/** One step on a 督办, by a person. Escalation is the job's (`escalateSupervision`). */
export type SupervisionInput =
  | { step: 'reply'; on: IsoDate; done: string; expectedFinishOn?: IsoDate | null }
  | { step: 'accept'; on: IsoDate; note?: string }
  | { step: 'press'; on: IsoDate; note: string; newDueOn: IsoDate }
  | { step: 'cancel'; on: IsoDate; reason: string };

const OPEN = OPEN_SUPERVISION_STATUSES;

/** Steps the 督办's state allows now, whoever asks. */
export function allowedSupervisionSteps(s: Pick<Supervision, 'status'>): SupervisionStep[] {
  switch (s.status) {
    case 'issued':
    case 'pressed':
      return ['reply', 'escalate', 'cancel'];
    case 'answered':
      return ['accept', 'press', 'escalate', 'cancel'];
    default:
      return [];
  }
}

/**
 * The steps this actor may take now: the bureau accepts, presses and cancels; the addressed unit's staff reply.
 * Leaders and everyone else read only (escalation is the scheduled job's).
 */
export function supervisionStepsFor(actor: Actor, s: Supervision): SupervisionStep[] {
  return allowedSupervisionSteps(s).filter((step) => {
    if (step === 'escalate') return false;
    if (step === 'reply')
      return actor.unitId === s.unitId && (actor.role === 'unit_handler' || actor.role === 'unit_head');
    return BUREAU_ROLES.includes(actor.role);
  });
}

/** May the actor read this 督办 at all? The bureau and leaders read every one; a unit reads those addressed to it. */
export function canSeeSupervision(actor: Actor, s: Pick<Supervision, 'unitId'>): boolean {
  if (BUREAU_ROLES.includes(actor.role) || actor.role === 'leader') return true;
  if (actor.role === 'unit_handler' || actor.role === 'unit_head')
    return actor.unitId !== null && actor.unitId === s.unitId;
  return false;
}

function lastEventOf(s: Supervision): IsoDate {
  const dates = [
    s.issuedOn,
    ...s.replies.map((r) => r.on),
    ...s.reviews.map((r) => r.on),
    ...s.escalations.map((e) => e.on),
  ];
  return dates.sort().at(-1) ?? s.issuedOn;
}

export interface SupervisionStepResult {
  supervision: Supervision;
  /** One line for the 督办's and the items' timelines, in Chinese. */
  summary: string;
}

/**
 * Applies one person's step to a 督办. Pure: returns a new 督办 (version untouched) or throws
 * `AppError('STEP_NOT_ALLOWED' | 'FORBIDDEN' | 'VALIDATION' | 'DATE_*')` saying what to fix.
 */
export function applySupervisionStep(
  s: Supervision,
  input: SupervisionInput,
  actor: Actor,
  today: IsoDate,
): SupervisionStepResult {
  const allowed = allowedSupervisionSteps(s);
  if (!allowed.includes(input.step)) {
    const list = allowed.length ? allowed.map((x) => SUPERVISION_STEP_LABELS[x]).join('、') : '无（督办已结束）';
    throw new AppError(
      'STEP_NOT_ALLOWED',
      `当前状态下不能「${SUPERVISION_STEP_LABELS[input.step]}」。当前可办理：${list}`,
      {
        allowed,
        status: s.status,
      },
    );
  }
  if (!supervisionStepsFor(actor, s).includes(input.step)) {
    fail('FORBIDDEN', input.step === 'reply' ? '只有被督办单位的人员可以回复督办' : '只有信访部门可以审核或撤销督办');
  }
  const on = date(input.on, '日期');
  notFuture(on, today);
  const last = lastEventOf(s);
  if (on < last) fail('DATE_ORDER', `日期 ${on} 早于督办上一步骤的日期（${last}），请检查日期`);

  const next: Supervision = structuredClone(s);
  const round = currentRound(s);
  const by = { byUserId: actor.userId, byName: actor.displayName };
  let summary: string;
  switch (input.step) {
    case 'reply': {
      const expected = input.expectedFinishOn ? date(input.expectedFinishOn, '预计办结日期') : null;
      if (expected && expected < on) fail('DATE_ORDER', `预计办结日期 ${expected} 早于回复日期 ${on}`);
      next.replies.push({ round, on, ...by, done: text(input.done, '办理情况'), expectedFinishOn: expected });
      next.status = 'answered';
      summary = `${actor.displayName}回复督办${on > s.dueOn ? `（逾期 ${diffDays(s.dueOn, on)} 天）` : ''}${
        expected ? `，预计 ${expected} 办结` : '，已办结'
      }`;
      break;
    }
    case 'accept': {
      next.reviews.push({ round, on, ...by, decision: 'accept', note: (input.note ?? '').trim(), newDueOn: null });
      next.status = 'accepted';
      next.closedOn = on;
      summary = '采纳督办回复，督办办结';
      break;
    }
    case 'press': {
      const note = text(input.note, '再次督促的理由');
      const newDue = date(input.newDueOn, '新的回复期限');
      if (newDue <= on) fail('DATE_ORDER', `新的回复期限 ${newDue} 须晚于督促日期 ${on}`);
      next.reviews.push({ round, on, ...by, decision: 'press', note, newDueOn: newDue });
      next.dueOn = newDue;
      next.status = 'pressed';
      summary = `再次督促（第 ${round + 1} 轮），限 ${newDue} 前回复：${note}`;
      break;
    }
    case 'cancel': {
      const reason = text(input.reason, '撤销督办的理由');
      next.cancellation = { on, reason };
      next.status = 'cancelled';
      next.closedOn = on;
      summary = `撤销督办：${reason}`;
      break;
    }
  }
  return { supervision: next, summary };
}

/**
 * The scheduled escalation: when one is due on `today` (see `dueEscalation`), the 督办 with it recorded and the
 * timeline line; null when none is due. The job raises the notices (to the unit head, then the leader) from the
 * returned level, with an idempotency key `escalationKey(...)`.
 */
export function escalateSupervision(
  s: Supervision,
  today: IsoDate,
  rules: SupervisionRules = DEFAULT_SUPERVISION_RULES,
): (SupervisionStepResult & { level: EscalationLevel; reason: LateReason }) | null {
  if (!OPEN.includes(s.status)) return null;
  const due = dueEscalation(trackedTaskOf(s, rules), today, rules.escalation);
  if (!due) return null;
  const next: Supervision = structuredClone(s);
  next.escalations.push({ level: due.level, on: today, reason: due.reason });
  const late = `（自 ${due.lateSince} 起 ${due.daysLate} 天）`;
  const summary = `督办${LATE_REASON_LABELS[due.reason]}${late}，升级至${ESCALATION_LEVEL_LABELS[due.level]}`;
  return { supervision: next, summary, level: due.level, reason: due.reason };
}

/** Idempotency key of the notices of one escalation step (the same step is never announced twice). */
export function escalationKey(supervisionId: string, level: EscalationLevel, recipientUserId: string): string {
  return `supervision:${supervisionId}:escalate:${level}:${recipientUserId}`;
}

/** The due day of each round: the order's, then each 再次督促's. */
export function roundDues(s: Pick<Supervision, 'issuedDueOn' | 'reviews'>): IsoDate[] {
  return [s.issuedDueOn, ...s.reviews.flatMap((r) => (r.decision === 'press' && r.newDueOn ? [r.newDueOn] : []))];
}

/**
 * Whether the 督办 was answered late: some round's reply came after that round's due day, or the current round is
 * still unanswered after its due day on `today`.
 */
export function supervisionAnsweredLate(s: Supervision, today: IsoDate): boolean {
  const dues = roundDues(s);
  return dues.some((due, i) => {
    const reply = s.replies.find((r) => r.round === i + 1);
    if (reply) return reply.on > due;
    const open = i === dues.length - 1 && isOpenSupervision(s);
    return open && today > due;
  });
}

/** Is the 督办 still open (waiting for a reply or a review)? */
export function isOpenSupervision(s: Pick<Supervision, 'status'>): boolean {
  return OPEN.includes(s.status);
}

/**
 * The 督办 as a viewer without the right to see its items' petitioners reads it: the staff's free text (reason,
 * requirements, replies, review notes, cancellation) with every item's identities masked.
 */
export function maskedSupervision(s: Supervision, dictionaries: readonly IdentityDictionary[]): Supervision {
  const t = (x: string) => dictionaries.reduce((acc, d) => maskIdentityInText(acc, d), x);
  return {
    ...s,
    reason: t(s.reason),
    requirements: t(s.requirements),
    replies: s.replies.map((r) => ({ ...r, done: t(r.done) })),
    reviews: s.reviews.map((r) => ({ ...r, note: t(r.note) })),
    cancellation: s.cancellation ? { ...s.cancellation, reason: t(s.cancellation.reason) } : null,
  };
}
