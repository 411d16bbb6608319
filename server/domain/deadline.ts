/**
 * The statutory clock: time limits of 《信访工作条例》 and how a due date is computed from them.
 *
 * Counting follows 民法典 Arts. 201–203: the start day is not counted; a calendar-day period whose last
 * day is a rest day ends on the next working day (roll-forward); an extension lengthens the period
 * itself; paused spans (a hearing during 复核) add their days. Pure: today's date is always passed in.
 */
import { WARNING_LEVEL_LABELS, type WarningLevelCode } from '../../contract/enums.ts';
import { addDays, assertIsoDate, diffDays, type IsoDate, type WorkCalendar } from './calendar.ts';
import { DEFAULT_RULES, type DeadlineCode, type DeadlineRule } from './deadline-rules.ts';

export type { IsoDate } from './calendar.ts';

export {
  DEFAULT_RULES,
  RULE_TIERS,
  type DeadlineRule,
  type DeadlineTier,
  type RuleCode,
  type DeadlineCode,
} from './deadline-rules.ts';

/** A span whose days are not counted (inclusive), e.g. a hearing during 复核. */
export interface Pause {
  from: IsoDate;
  to: IsoDate;
  reason: string;
}

/** Why a due date may still move: it depends on days of a year whose official holiday notice is not entered. */
export interface Provisional {
  years: number[];
  /** Chinese, e.g. '2027 年法定节假日安排尚未录入工作日历，暂按周一至周五为工作日计算，录入后自动重算'. */
  reason: string;
}

/** A computed due date and how it was reached. */
export interface Deadline {
  rule: DeadlineCode;
  start: IsoDate;
  due: IsoDate;
  length: number;
  unit: 'calendar' | 'working';
  extensionDays: number;
  /** Days not counted because of pauses (working days for a working-day rule). */
  pausedDays: number;
  /** The last day before roll-forward, when it was a rest day; null when no roll happened. */
  rolledFrom: IsoDate | null;
  /** Chinese, e.g. '60 日，自 2024-09-30 受理之日起算，截至 2024-11-29'. */
  explanation: string;
  /** Set when the due date depends on a year the calendar has no official data for (the explanation says so too). */
  provisional: Provisional | null;
}

/**
 * Whether a computed due date rests on days of years without an official notice. A calendar-day period depends on
 * the calendar only from its last day to the rolled due date; a working-day period on every day it counts.
 */
export function provisionalOf(
  rule: Pick<DeadlineRule, 'unit' | 'rollForward'>,
  start: IsoDate,
  last: IsoDate,
  due: IsoDate,
  cal: WorkCalendar,
): Provisional | null {
  let years: number[];
  if (rule.unit === 'working') years = cal.unsettledYearsIn(addDays(start, 1), due);
  else if (rule.rollForward) years = cal.unsettledYearsIn(last, due);
  else years = [];
  if (years.length === 0) return null;
  const list = years.map((y) => `${y} 年`).join('、');
  return {
    years,
    reason: `${list}法定节假日安排尚未录入工作日历，暂按周一至周五为工作日计算，录入后自动重算`,
  };
}

function unitText(n: number, unit: 'calendar' | 'working'): string {
  return unit === 'calendar' ? `${n} 日` : `${n} 个工作日`;
}

function restDayText(cal: WorkCalendar, d: IsoDate): string {
  return cal.dayInfo(d).kind === 'holiday' ? '法定节假日' : '休息日';
}

/** Validated pauses sorted by start, each with the days it withholds from the count. */
function measurePauses(
  pauses: readonly Pause[],
  start: IsoDate,
  unit: 'calendar' | 'working',
  cal: WorkCalendar,
): { pause: Pause; days: number }[] {
  const sorted = pauses
    .map((p, i) => {
      assertIsoDate(p.from, `第 ${i + 1} 个中止期间的开始日期`);
      assertIsoDate(p.to, `第 ${i + 1} 个中止期间的结束日期`);
      if (p.to < p.from) throw new RangeError(`中止期间结束日期 ${p.to} 早于开始日期 ${p.from}`);
      if (p.from <= start) throw new RangeError(`中止期间 ${p.from} 不在起算日 ${start} 之后`);
      return p;
    })
    .sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  return sorted.map((pause, i) => {
    const prev = sorted[i - 1];
    if (prev && pause.from <= prev.to) {
      throw new RangeError(`中止期间重叠：${prev.from}～${prev.to} 与 ${pause.from}～${pause.to}`);
    }
    const days =
      unit === 'calendar' ? diffDays(pause.from, pause.to) + 1 : cal.workdaysBetween(addDays(pause.from, -1), pause.to);
    return { pause, days };
  });
}

/**
 * Computes the due date of `rule` for a period starting on `start` (the start day is not counted).
 * Calendar unit: start + length + extension + paused days, then rolled forward to the next working day
 * when the rule says so and that day is a rest day. Working unit: that many working days after start
 * (working days inside a pause are not counted).
 * @throws RangeError on a malformed date, an extension outside 0..rule.maxExtensionDays, or bad pauses.
 */
export function computeDeadline(
  rule: DeadlineRule,
  start: IsoDate,
  cal: WorkCalendar,
  opts: {
    extensionDays?: number;
    pauses?: readonly Pause[];
    /** What the period truly counts from on this item, when more precise than the rule's label (e.g. '转送函送达'). */
    startEvent?: string;
  } = {},
): Deadline {
  assertIsoDate(start, `${rule.startEvent}日期`);
  if (!Number.isSafeInteger(rule.length) || rule.length <= 0) {
    throw new RangeError(`${rule.name}的期限长度必须是正整数：${rule.length}`);
  }
  const ext = opts.extensionDays ?? 0;
  if (!Number.isSafeInteger(ext) || ext < 0) throw new RangeError(`延期天数必须是非负整数：${ext}`);
  if (ext > rule.maxExtensionDays) {
    throw new RangeError(
      rule.maxExtensionDays === 0
        ? `${rule.name}不可延期`
        : `${rule.name}最多延期 ${unitText(rule.maxExtensionDays, rule.unit)}，申请延期 ${unitText(ext, rule.unit)}`,
    );
  }
  const paused = measurePauses(opts.pauses ?? [], start, rule.unit, cal);
  const pausedDays = paused.reduce((sum, p) => sum + p.days, 0);
  const total = rule.length + ext;

  let due: IsoDate;
  let last: IsoDate;
  let rolledFrom: IsoDate | null = null;
  if (rule.unit === 'calendar') {
    last = addDays(start, total + pausedDays);
    due = rule.rollForward ? cal.rollForward(last) : last;
    if (due !== last) rolledFrom = last;
  } else {
    due = cal.addWorkdays(start, total + pausedDays);
    last = due;
  }
  const provisional = provisionalOf(rule, start, last, due, cal);

  const lengthText =
    ext > 0
      ? `${unitText(rule.length, rule.unit)} + 延期 ${unitText(ext, rule.unit)} = ${unitText(total, rule.unit)}`
      : unitText(rule.length, rule.unit);
  let explanation = `${lengthText}，自 ${start} ${opts.startEvent ?? rule.startEvent}之日起算，截至 ${due}`;
  if (paused.length > 0) {
    const parts = paused.map((p) => `${p.pause.reason.trim() || '中止'} ${unitText(p.days, rule.unit)}`);
    explanation += `（${parts.join('、')}不计入期限）`;
  }
  if (rolledFrom !== null) explanation += `（${rolledFrom} 为${restDayText(cal, rolledFrom)}，顺延至 ${due}）`;
  if (provisional) explanation += `（暂定：${provisional.reason}）`;

  return {
    rule: rule.code,
    start,
    due,
    length: rule.length,
    unit: rule.unit,
    extensionDays: ext,
    pausedDays,
    rolledFrom,
    explanation,
    provisional,
  };
}

/** Outcome of checking whether an act (e.g. a 复查 request) falls inside a period. */
export type WindowCheck =
  | { ok: true; due: IsoDate; daysLeft: number }
  | { ok: false; closedOn: IsoDate; reason: string };

/**
 * Whether an act on `on` is inside the period `deadline` (the due day counts, up to 24:00).
 * A refusal carries the Chinese reason and the date the window closed.
 * @param ruleName Chinese name of the period for the message (defaults to the built-in rule's name).
 */
export function checkWindow(
  deadline: Deadline,
  on: IsoDate,
  ruleName = deadline.rule === 'internal_rehandle' ? '内部重办期限' : DEFAULT_RULES[deadline.rule].name,
): WindowCheck {
  assertIsoDate(on, '日期');
  if (on < deadline.start) {
    return { ok: false, closedOn: deadline.due, reason: `${on} 早于${ruleName}的起算日 ${deadline.start}` };
  }
  if (on <= deadline.due) return { ok: true, due: deadline.due, daysLeft: diffDays(on, deadline.due) };
  return {
    ok: false,
    closedOn: deadline.due,
    reason: `${ruleName}已于 ${deadline.due} 届满（${deadline.explanation}），${on} 已超出期限`,
  };
}

/**
 * Chinese note for an item's history when a recomputation moved its due date (calendar edited,
 * extension or pause recorded); null when the date did not move.
 * @param cal the calendar `after` was computed with.
 */
export function describeDueChange(before: Deadline, after: Deadline, cal: WorkCalendar): string | null {
  if (before.due === after.due) return null;
  const head = `截止日期由 ${before.due} 调整为 ${after.due}`;
  if (after.extensionDays !== before.extensionDays) {
    return `${head}：延期 ${unitText(after.extensionDays, after.unit)}`;
  }
  if (after.pausedDays !== before.pausedDays) {
    return `${head}：中止期间 ${unitText(after.pausedDays, after.unit)}不计入期限`;
  }
  const info = cal.dayInfo(before.due);
  if (!info.workday) {
    const what = info.kind === 'holiday' ? `法定节假日${info.name ? `（${info.name}）` : ''}` : '休息日';
    return `${head}：工作日历调整，${before.due} 现为${what}，顺延至 ${after.due}`;
  }
  return `${head}：工作日历调整（${after.explanation}）`;
}

// ---------------------------------------------------------------------------------------------------
// Warning levels (督查督办): by the share of the period elapsed.

export type WarningLevel = WarningLevelCode;

/** Chinese labels: 正常 / 预警 / 警告 / 严重警告 / 超期. */
export const WARNING_LABELS: Readonly<Record<WarningLevel, string>> = WARNING_LEVEL_LABELS;

/** Elapsed shares (0..1) at which each level starts. */
export interface WarningThresholds {
  notice: number;
  warning: number;
  severe: number;
}

export const DEFAULT_WARNING_THRESHOLDS: Readonly<WarningThresholds> = Object.freeze({
  notice: 0.75,
  warning: 0.85,
  severe: 0.99,
});

// Shares are ratios of whole days, so two distinct shares of one period differ by at least 1/length;
// the tolerance only absorbs float rounding (17/20 vs 0.85) and can never merge two real days.
const EPS = 1e-9;

/**
 * Warning level of a running period on `today`: the share of calendar days elapsed from start to due
 * (clamped at 0 before the start), days left until due (negative once overdue), and the level — 超期
 * when today is after the due day, otherwise the highest threshold the share has reached.
 * Whether the step was already done is the caller's concern.
 * @throws RangeError on malformed dates or thresholds not in 0 < notice <= warning <= severe <= 1.
 */
export function warningOf(
  deadline: Pick<Deadline, 'start' | 'due'>,
  today: IsoDate,
  t: WarningThresholds = DEFAULT_WARNING_THRESHOLDS,
): { level: WarningLevel; elapsedShare: number; daysLeft: number } {
  assertIsoDate(deadline.start, '起算日期');
  assertIsoDate(deadline.due, '截止日期');
  assertIsoDate(today, '当前日期');
  if (!(t.notice > 0 && t.notice <= t.warning && t.warning <= t.severe && t.severe <= 1)) {
    throw new RangeError(`预警阈值应满足 0 < 预警 ≤ 警告 ≤ 严重警告 ≤ 1：${t.notice} / ${t.warning} / ${t.severe}`);
  }
  const total = diffDays(deadline.start, deadline.due);
  const elapsed = Math.max(0, diffDays(deadline.start, today));
  const elapsedShare = total > 0 ? elapsed / total : today >= deadline.due ? 1 : 0;
  const daysLeft = diffDays(today, deadline.due);
  let level: WarningLevel = 'normal';
  if (today > deadline.due) level = 'overdue';
  else if (elapsedShare >= t.severe - EPS) level = 'severe';
  else if (elapsedShare >= t.warning - EPS) level = 'warning';
  else if (elapsedShare >= t.notice - EPS) level = 'notice';
  return { level, elapsedShare, daysLeft };
}
