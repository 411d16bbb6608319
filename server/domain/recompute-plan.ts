/**
 * What an edit of the calendar, the rules or the warning thresholds changes for one item: the stored deadlines, the
 * item row's due date and warning dates (which lists, the workbench, the overdue filter and the report read), and
 * the timeline line that says why. Pure: the use case loads the stored values, calls this per item in batches, and
 * writes only what `changed` says.
 */
import type { WorkCalendar } from './calendar.ts';
import { addDays, diffDays } from './calendar.ts';
import {
  DEFAULT_WARNING_THRESHOLDS,
  describeDueChange,
  type DeadlineRule,
  type IsoDate,
  type RuleCode,
  type WarningThresholds,
} from './deadline.ts';
import { currentDuty, deadlinesOf, type ItemDeadline } from './item-deadlines.ts';
import type { Item } from './item.ts';

/** The inputs of the clock (the app's Clockwork has this shape). */
export interface ClockSettings {
  calendar: WorkCalendar;
  rules: Readonly<Record<RuleCode, DeadlineRule>>;
  thresholds: WarningThresholds;
  today: IsoDate;
}

export type WarnDates = { notice: IsoDate; warning: IsoDate; severe: IsoDate };

// Must match warningOf's tolerance: a share within EPS below a threshold already counts as reaching it.
const EPS = 1e-9;

/**
 * First day on which the period reaches each warning level (so lists can filter by level in SQL): the first day
 * whose elapsed share start→day of start→due reaches the threshold, never later than the due day. Same result as
 * scanning each day with `warningOf`, in constant time.
 */
export function warnDatesOf(
  d: Pick<ItemDeadline, 'start' | 'due'>,
  thresholds: WarningThresholds = DEFAULT_WARNING_THRESHOLDS,
): WarnDates {
  const total = diffDays(d.start, d.due);
  const at = (t: number): IsoDate => {
    if (total <= 0) return d.due;
    const days = Math.max(0, Math.ceil((t - EPS) * total));
    return days >= total ? d.due : addDays(d.start, days);
  };
  return { notice: at(thresholds.notice), warning: at(thresholds.warning), severe: at(thresholds.severe) };
}

/** The values the store keeps for an item (the deadlines table and the item row's derived columns). */
export interface StoredClock {
  deadlines: { rule: string; due: IsoDate; metOn: IsoDate | null; explanation: string }[];
  dueOn: IsoDate | null;
  dueRule: string | null;
  warnDates: WarnDates | null;
}

/** The stored values a derivation gives. */
export function storedClockOf(deadlines: readonly ItemDeadline[], thresholds: WarningThresholds): StoredClock {
  const duty = currentDuty(deadlines);
  return {
    deadlines: deadlines.map((d) => ({ rule: d.rule, due: d.due, metOn: d.metOn, explanation: d.explanation })),
    dueOn: duty?.due ?? null,
    dueRule: duty?.rule ?? null,
    warnDates: duty ? warnDatesOf(duty, thresholds) : null,
  };
}

/** Why the clock is recomputed (the timeline line starts with it). */
export type RecomputeCause =
  | { kind: 'calendar'; reason: string }
  | { kind: 'calendar_notice'; year: number; notice: string }
  | { kind: 'rules'; reason: string; before: Readonly<Record<RuleCode, DeadlineRule>> }
  | { kind: 'thresholds'; reason: string }
  | { kind: 'facts_upgrade'; notes: string[] }
  | { kind: 'correction'; reason: string };

export interface RecomputePlan {
  /** True when anything stored differs: write the item's derived columns and deadlines, and the timeline line. */
  changed: boolean;
  deadlines: ItemDeadline[];
  stored: StoredClock;
  /** Per changed deadline: what moved, in Chinese. */
  changes: { rule: string; name: string; before: IsoDate | null; after: IsoDate | null; note: string }[];
  /** True when only the warning dates changed (thresholds edit): no timeline line is needed. */
  warningsOnly: boolean;
  /** The timeline line for the item, or null when no deadline moved. */
  summary: string | null;
}

function unitText(r: DeadlineRule): string {
  return r.unit === 'calendar' ? `${r.length} 日` : `${r.length} 个工作日`;
}

/** Chinese description of a rule edit, e.g. '办理期限由 60 日改为 45 日'; null when nothing that counts changed. */
export function describeRuleChange(before: DeadlineRule, after: DeadlineRule): string | null {
  const parts: string[] = [];
  if (before.length !== after.length || before.unit !== after.unit)
    parts.push(`由 ${unitText(before)}改为 ${unitText(after)}`);
  if (before.rollForward !== after.rollForward)
    parts.push(after.rollForward ? '末日为休息日时顺延' : '末日为休息日时不再顺延');
  if (before.maxExtensionDays !== after.maxExtensionDays)
    parts.push(`最长延期由 ${before.maxExtensionDays} 日改为 ${after.maxExtensionDays} 日`);
  return parts.length ? `${after.name}${parts.join('，')}` : null;
}

function causeText(cause: RecomputeCause, after: ClockSettings): string {
  switch (cause.kind) {
    case 'calendar':
      return `工作日历调整${cause.reason ? `（${cause.reason}）` : ''}`;
    case 'calendar_notice':
      return `录入 ${cause.year} 年法定节假日安排（${cause.notice}）`;
    case 'rules': {
      const what = (Object.keys(after.rules) as RuleCode[])
        .map((c) => (cause.before[c] ? describeRuleChange(cause.before[c], after.rules[c]) : null))
        .filter((x): x is string => x !== null);
      return `期限规则调整${what.length ? `（${what.join('；')}）` : ''}${cause.reason ? `：${cause.reason}` : ''}`;
    }
    case 'thresholds':
      return `预警阈值调整${cause.reason ? `（${cause.reason}）` : ''}`;
    case 'facts_upgrade':
      return `期限规则按《信访工作条例》更新${cause.notes.length ? `（${cause.notes.join('；')}）` : ''}`;
    case 'correction':
      return `事项信息更正（${cause.reason}）`;
  }
}

/**
 * Compares what is stored for `item` with a fresh derivation under `after` and says what to write. The timeline
 * line names the cause and each moved deadline (a provisional date that became final says so too).
 */
export function recomputePlan(
  item: Item,
  stored: StoredClock,
  after: ClockSettings,
  cause: RecomputeCause,
): RecomputePlan {
  const deadlines = deadlinesOf(item, after.calendar, after.rules, after.today, after.thresholds);
  const fresh = storedClockOf(deadlines, after.thresholds);
  const changes: RecomputePlan['changes'] = [];
  for (const d of deadlines) {
    const old = stored.deadlines.find((x) => x.rule === d.rule);
    if (old && old.due === d.due && old.metOn === d.metOn && old.explanation === d.explanation) continue;
    let note: string;
    if (!old) note = `新增：截至 ${d.due}（${d.explanation}）`;
    else if (old.due !== d.due) {
      const byCalendar =
        cause.kind === 'calendar' || cause.kind === 'calendar_notice'
          ? describeDueChange({ ...d, due: old.due }, d, after.calendar)
          : null;
      note = byCalendar ?? `截止日期由 ${old.due} 调整为 ${d.due}（${d.explanation}）`;
    } else if (old.explanation.includes('暂定') && !d.provisional) note = `截止日期 ${d.due} 已按正式日历确定`;
    else note = `计算依据更新：${d.explanation}`;
    changes.push({ rule: d.rule, name: d.name, before: old?.due ?? null, after: d.due, note });
  }
  for (const old of stored.deadlines)
    if (!deadlines.some((d) => d.rule === old.rule))
      changes.push({
        rule: old.rule,
        name: after.rules[old.rule as RuleCode]?.name ?? old.rule,
        before: old.due,
        after: null,
        note: `不再适用（原截至 ${old.due}）`,
      });
  const sameWarn = JSON.stringify(stored.warnDates) === JSON.stringify(fresh.warnDates);
  const rowSame = stored.dueOn === fresh.dueOn && stored.dueRule === fresh.dueRule && sameWarn;
  const changed = changes.length > 0 || !rowSame;
  const warningsOnly = changes.length === 0 && !sameWarn;
  const summary = changes.length
    ? `${causeText(cause, after)}：${changes.map((c) => `${c.name}：${c.note}`).join('；')}`
    : null;
  return { changed, deadlines, stored: fresh, changes, warningsOnly, summary };
}
