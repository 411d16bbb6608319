/**
 * A unit's duty to report back by a date (a 批示's 落实情况, a 联席会议 task): the generic "tracked task with a
 * deadline, warnings and escalation". The unit reports; the bureau accepts the report (done) or returns it with
 * a new date (a new round: the clock starts again on the day of the return). Warnings use the items' levels
 * (`warningOf`: 预警 / 警告 / 严重警告 / 超期 by the share of the round elapsed). Each duty is also offered as a
 * `TrackedTask`, the one shape the warning and escalation machinery of 督办 reads (notices once per round ×
 * level × recipient, escalation to the unit head and then to the leader), so that no second copy of it exists.
 * Pure: dates are passed in.
 */
import type { FollowUpStatus } from '../../contract/campaign.ts';
import { assertIsoDate, type IsoDate } from './calendar.ts';
import {
  DEFAULT_WARNING_THRESHOLDS,
  warningOf,
  WARNING_LABELS,
  type WarningLevel,
  type WarningThresholds,
} from './deadline.ts';
import { AppError, fail } from './errors.ts';
import { dueEscalation, type DueEscalation, type EscalationStep } from './tracked-task.ts';

/** Who did something, as records name them. */
export interface ByWhom {
  userId: string;
  name: string;
}

export interface FollowUpReport {
  on: IsoDate;
  text: string;
  by: ByWhom;
}

export interface FollowUpReview {
  on: IsoDate;
  accepted: boolean;
  note: string;
  /** The new date of a returned report. */
  newDueOn: IsoDate | null;
  by: ByWhom;
}

export interface FollowUp {
  ownerUnitId: string;
  status: FollowUpStatus;
  /** Start and due date of the current round (a return starts a new round). */
  startOn: IsoDate;
  dueOn: IsoDate;
  doneOn: IsoDate | null;
  reports: FollowUpReport[];
  reviews: FollowUpReview[];
}

/** A new duty: `ownerUnitId` reports back between `startOn` and `dueOn`. */
export function newFollowUp(ownerUnitId: string, startOn: IsoDate, dueOn: IsoDate): FollowUp {
  assertIsoDate(startOn, '交办日期');
  assertIsoDate(dueOn, '反馈期限');
  if (dueOn < startOn) fail('DATE_ORDER', `反馈期限 ${dueOn} 早于交办日期 ${startOn}`);
  return { ownerUnitId, status: 'open', startOn, dueOn, doneOn: null, reports: [], reviews: [] };
}

function checkOn(on: IsoDate, today: IsoDate, after: IsoDate, what: string): void {
  assertIsoDate(on, '日期');
  if (on > today) fail('DATE_IN_FUTURE', `日期 ${on} 晚于今天（${today}），请填写实际发生的日期`);
  if (on < after) fail('DATE_ORDER', `日期 ${on} 早于${what}（${after}）`);
}

/** The unit reports what it did. Allowed while open (a second report replaces nothing: both are kept). */
export function submitReport(f: FollowUp, report: FollowUpReport, today: IsoDate): FollowUp {
  if (f.status !== 'open') {
    throw new AppError(
      'STEP_NOT_ALLOWED',
      f.status === 'reported' ? '已反馈，正在等待审核，审核退回后才能再次反馈' : '该事项已落实完毕，不能再反馈',
      { status: f.status },
    );
  }
  checkOn(report.on, today, f.startOn, '本轮交办日期');
  const t = report.text.trim();
  if (!t) fail('VALIDATION', '请填写落实情况');
  return { ...f, status: 'reported', reports: [...f.reports, { ...report, text: t }] };
}

/** The bureau accepts the report (done) or returns it with a new date to report back by. */
export function reviewReport(f: FollowUp, review: FollowUpReview, today: IsoDate): FollowUp {
  if (f.status !== 'reported') {
    throw new AppError('STEP_NOT_ALLOWED', f.status === 'open' ? '单位尚未反馈，无可审核的内容' : '该事项已落实完毕', {
      status: f.status,
    });
  }
  const last = f.reports.at(-1)!;
  checkOn(review.on, today, last.on, '单位反馈日期');
  if (review.accepted) {
    return { ...f, status: 'done', doneOn: review.on, reviews: [...f.reviews, { ...review, newDueOn: null }] };
  }
  const note = review.note.trim();
  if (!note) fail('VALIDATION', '退回时请说明理由和要求');
  if (!review.newDueOn) fail('VALIDATION', '退回时请指定新的反馈期限');
  assertIsoDate(review.newDueOn, '新的反馈期限');
  if (review.newDueOn < review.on) fail('DATE_ORDER', `新的反馈期限 ${review.newDueOn} 早于退回日期 ${review.on}`);
  return {
    ...f,
    status: 'open',
    startOn: review.on,
    dueOn: review.newDueOn,
    reviews: [...f.reviews, { ...review, note }],
  };
}

/** The date the current round was met (the unit's report in it), or null while nothing was reported. */
export function metOnOf(f: FollowUp): IsoDate | null {
  if (f.status === 'open') return null;
  const last = f.reports.at(-1);
  return last && last.on >= f.startOn ? last.on : null;
}

/** Reported after the round's due date (counts as late in the registers), whatever happened next. */
export function reportedLate(f: FollowUp): boolean {
  const met = metOnOf(f);
  return met !== null && met > f.dueOn;
}

/** What kind of duty a tracked task is. */
export type TrackedKind = 'instruction' | 'meeting_task' | 'case_measure';

export const TRACKED_KIND_LABELS: Readonly<Record<TrackedKind, string>> = {
  instruction: '领导批示落实',
  meeting_task: '联席会议议定任务',
  case_measure: '积案化解措施',
};

/**
 * One tracked duty with a deadline, as the warning and escalation machinery reads it. `key` is stable for the
 * duty and its round, so "deadline × level × recipient" idempotency keys built on it never repeat a notice and a
 * returned report (a new round) warns afresh.
 */
export interface TrackedTask {
  key: string;
  kind: TrackedKind;
  /** The record the task belongs to (instruction, meeting, 积案) and a link target for notices. */
  subjectId: string;
  /** Short Chinese label without any petitioner's identity (built from the bureau's own texts). */
  title: string;
  ownerUnitId: string | null;
  /** The named person responsible, when there is one (a 包案干部 account). */
  ownerUserId: string | null;
  /** The leader a late duty escalates to after the unit head (the 批示 leader, the convenor, the 包案领导). */
  escalateToUserId: string | null;
  start: IsoDate;
  due: IsoDate;
  /** Date the duty was met in this round; null while open. */
  metOn: IsoDate | null;
  /** Items behind the task: a notice links to them only for recipients who may open them. */
  itemIds: readonly string[];
}

/** The key of one round of a follow-up: `<kind>:<record>:<unit>:<round start>`. */
export function followUpKey(kind: TrackedKind, recordId: string, f: FollowUp): string {
  return `${kind}:${recordId}:${f.ownerUnitId}:${f.startOn}`;
}

export interface TrackedState {
  level: WarningLevel;
  label: string;
  daysLeft: number;
  elapsedShare: number;
}

/** Warning state of an unmet task on `today` (null once met), with the same levels and thresholds as items. */
export function trackedStateOf(
  task: Pick<TrackedTask, 'start' | 'due' | 'metOn'>,
  today: IsoDate,
  thresholds: WarningThresholds = DEFAULT_WARNING_THRESHOLDS,
): TrackedState | null {
  if (task.metOn !== null) return null;
  const w = warningOf({ start: task.start, due: task.due }, today, thresholds);
  return { ...w, label: WARNING_LABELS[w.level] };
}

/** The escalation levels of a late duty: the owner unit's heads, then the leader it escalates to and the bureau. */
export type FollowUpEscalationLevel = 'unit_head' | 'leader';

/** As a 督办: the unit head the day after the due day, the leader and the bureau three days after that. */
export const FOLLOW_UP_ESCALATION: readonly EscalationStep<FollowUpEscalationLevel>[] = Object.freeze([
  Object.freeze({ level: 'unit_head' as const, afterDays: 1 }),
  Object.freeze({ level: 'leader' as const, afterDays: 3 }),
]);

/**
 * The escalation of a duty round due on `today`, or null: one level per call, each level once (`raised` are the
 * levels already raised on this round, as indexes into `FOLLOW_UP_ESCALATION`, with their dates). A round met (the
 * unit reported) escalates no further; a returned report starts a new round with its own key and schedule.
 */
export function dueFollowUpEscalation(
  t: Pick<TrackedTask, 'start' | 'due' | 'metOn'>,
  raised: readonly { level: number; on: IsoDate }[],
  today: IsoDate,
): DueEscalation<FollowUpEscalationLevel> | null {
  const clock = { start: t.start, dueOn: t.due, answeredOn: t.metOn, promisedOn: null, closedOn: null };
  return dueEscalation({ ...clock, escalations: raised }, today, FOLLOW_UP_ESCALATION);
}
