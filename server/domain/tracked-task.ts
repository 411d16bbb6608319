/**
 * A tracked task: something addressed to a unit with its own deadline, answered in writing, warned as its
 * deadline nears and escalated one level at a time when it is not answered (or not finished) in time. A 督办 is
 * one; a 领导批示 to units, a 联席会议 task or an 积案 measure can be another. Pure: `today` is always passed in.
 */
import { addDays, assertIsoDate, diffDays, type IsoDate } from './calendar.ts';
import { DEFAULT_WARNING_THRESHOLDS, warningOf, type WarningLevel, type WarningThresholds } from './deadline.ts';

/** The facts of one task that its clock needs. */
export interface TrackedTask {
  /** When the current round started (issued, or pressed again). */
  start: IsoDate;
  /** The answer is due by this day (inclusive). */
  dueOn: IsoDate;
  /** When the current round was answered; null while unanswered. */
  answeredOn: IsoDate | null;
  /** The date the answer promised the work would be finished (办结时限); null when none was promised. */
  promisedOn: IsoDate | null;
  /** The task ended (accepted, cancelled, done). */
  closedOn: IsoDate | null;
  /** Escalations so far, in order (the `level` is an index into the schedule's steps). */
  escalations: readonly { level: number; on: IsoDate }[];
}

/** One level of escalation: to whom, and how many days after it becomes due. */
export interface EscalationStep<L extends string = string> {
  level: L;
  /**
   * Days after the trigger: for the first step, days after the task became late (the due day for an unanswered
   * task, the promised day for an answered but unfinished one); for later steps, days after the previous
   * escalation (or after the current lateness began, when later). 1 = the day after.
   */
  afterDays: number;
}

export type LateReason = 'unanswered' | 'unfinished';

export const LATE_REASON_LABELS: Readonly<Record<LateReason, string>> = {
  unanswered: '逾期未回复',
  unfinished: '超过承诺办结时限仍未办结',
};

/** An escalation that is due now. */
export interface DueEscalation<L extends string = string> {
  /** Index into the schedule's steps. */
  index: number;
  level: L;
  reason: LateReason;
  /** The day the task became late (due day or promised day). */
  lateSince: IsoDate;
  /** The first day this escalation was due (it may be raised later if the job did not run). */
  dueFrom: IsoDate;
  daysLate: number;
}

function checkSchedule(steps: readonly EscalationStep[]): void {
  for (const [i, s] of steps.entries()) {
    if (!Number.isSafeInteger(s.afterDays) || s.afterDays < 1) {
      throw new RangeError(`第 ${i + 1} 级升级的间隔天数须为正整数：${s.afterDays}`);
    }
  }
}

/** Why the task is late on `today`, and since which day; null when it is not late (or closed). */
export function lateness(task: TrackedTask, today: IsoDate): { reason: LateReason; since: IsoDate } | null {
  assertIsoDate(today, '当前日期');
  if (task.closedOn !== null) return null;
  if (task.answeredOn === null) return today > task.dueOn ? { reason: 'unanswered', since: task.dueOn } : null;
  if (task.promisedOn !== null && today > task.promisedOn) return { reason: 'unfinished', since: task.promisedOn };
  return null;
}

/**
 * The next escalation due on `today`, or null. One level per call: the first step is due `afterDays` after the task
 * became late, each later step `afterDays` after the previous escalation (or after the current lateness began, when
 * that is later); a task already escalated to the last
 * level escalates no further. Answering the task stops the escalation of an unanswered task (a later unfinished
 * promise can start it again from the next level).
 */
export function dueEscalation<L extends string>(
  task: TrackedTask,
  today: IsoDate,
  steps: readonly EscalationStep<L>[],
): DueEscalation<L> | null {
  checkSchedule(steps);
  const late = lateness(task, today);
  if (!late) return null;
  const done = task.escalations.length;
  const step = steps[done];
  if (!step) return null;
  // A later step counts from the previous escalation, or from the start of the current lateness when that is later
  // (an answer with a promise that then passes gives the unit the same grace again).
  const prev = task.escalations[done - 1]?.on;
  const from = prev !== undefined && prev > late.since ? prev : late.since;
  const dueFrom = addDays(from, step.afterDays);
  if (today < dueFrom) return null;
  return {
    index: done,
    level: step.level,
    reason: late.reason,
    lateSince: late.since,
    dueFrom,
    daysLate: diffDays(late.since, today),
  };
}

/** The warning level of an open, unanswered task on `today` (the same shares as the statutory clock). */
export function taskWarning(
  task: TrackedTask,
  today: IsoDate,
  thresholds: WarningThresholds = DEFAULT_WARNING_THRESHOLDS,
): { level: WarningLevel; elapsedShare: number; daysLeft: number } | null {
  if (task.closedOn !== null || task.answeredOn !== null) return null;
  return warningOf({ start: task.start, due: task.dueOn }, today, thresholds);
}
