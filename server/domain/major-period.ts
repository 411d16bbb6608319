/**
 * 重大节点 periods (全国两会, 国庆 …): name, first and last day, the time of day the daily report is produced, and
 * optionally tighter internal warning thresholds. During a period one report is due for every day, including an
 * explicit 零报告. Nothing here concerns petitioners: a period changes reporting and internal warnings only.
 * Pure: "now" is passed in as a Beijing date and time.
 */
import { addDays, assertIsoDate, type IsoDate } from './calendar.ts';
import { DEFAULT_WARNING_THRESHOLDS, type WarningThresholds } from './deadline.ts';
import { fail } from './errors.ts';

export interface MajorPeriod {
  id: string;
  name: string;
  from: IsoDate;
  to: IsoDate;
  /** 'HH:MM', Beijing time: the day's report is produced at or after it. */
  reportTime: string;
  thresholds: WarningThresholds | null;
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Longest period accepted (a period is an event, not a season). */
export const MAX_PERIOD_DAYS = 92;

/** Checks a period definition; throws VALIDATION / DATE_ORDER with a Chinese message. */
export function checkPeriod(p: Omit<MajorPeriod, 'id'>, base: WarningThresholds = DEFAULT_WARNING_THRESHOLDS): void {
  if (!p.name.trim()) fail('VALIDATION', '请填写重大节点名称');
  assertIsoDate(p.from, '开始日期');
  assertIsoDate(p.to, '结束日期');
  if (p.to < p.from) fail('DATE_ORDER', `结束日期 ${p.to} 早于开始日期 ${p.from}`);
  if (addDays(p.from, MAX_PERIOD_DAYS - 1) < p.to) fail('VALIDATION', `重大节点期间最长 ${MAX_PERIOD_DAYS} 天`);
  if (!TIME.test(p.reportTime)) fail('VALIDATION', `报送时间「${p.reportTime}」应为 HH:MM`);
  const t = p.thresholds;
  if (t) {
    if (!(t.notice > 0 && t.notice <= t.warning && t.warning <= t.severe && t.severe <= 1)) {
      fail('VALIDATION', '预警阈值应满足 0 < 预警 ≤ 警告 ≤ 严重警告 ≤ 1');
    }
    if (t.notice > base.notice || t.warning > base.warning || t.severe > base.severe) {
      fail('VALIDATION', '重大节点期间的预警阈值只能收紧（不高于平时的阈值）');
    }
  }
}

/** The periods that include `date`, earliest start first. */
export function periodsOn(date: IsoDate, periods: readonly MajorPeriod[]): MajorPeriod[] {
  return periods.filter((p) => p.from <= date && date <= p.to).sort((a, b) => (a.from < b.from ? -1 : 1));
}

/**
 * The warning thresholds in force on `date`: the usual ones, tightened by every period of that day that sets its
 * own (each level the lowest share of all).
 */
export function thresholdsOn(
  date: IsoDate,
  periods: readonly MajorPeriod[],
  base: WarningThresholds = DEFAULT_WARNING_THRESHOLDS,
): WarningThresholds {
  let t = { ...base };
  for (const p of periodsOn(date, periods)) {
    if (!p.thresholds) continue;
    t = {
      notice: Math.min(t.notice, p.thresholds.notice),
      warning: Math.min(t.warning, p.thresholds.warning),
      severe: Math.min(t.severe, p.thresholds.severe),
    };
  }
  return t;
}

/** One daily report to produce: the day and the period it belongs to (the earliest one when several overlap). */
export interface DueReport {
  date: IsoDate;
  periodId: string;
  periodName: string;
}

/**
 * The daily reports due by `now` and not yet produced: every day of every period up to today, where today's is due
 * once its report time has come. A day already produced is never due again (one report per day, whatever the
 * overlaps), and days missed while the server was down are caught up in date order.
 */
export function dueDailyReports(
  periods: readonly MajorPeriod[],
  produced: ReadonlySet<IsoDate>,
  now: { date: IsoDate; time: string },
): DueReport[] {
  const out = new Map<IsoDate, DueReport>();
  for (const p of [...periods].sort((a, b) => (a.from < b.from ? -1 : 1))) {
    for (let d = p.from; d <= p.to && d <= now.date; d = addDays(d, 1)) {
      if (produced.has(d) || out.has(d)) continue;
      if (d === now.date && now.time < p.reportTime) continue;
      out.set(d, { date: d, periodId: p.id, periodName: p.name });
    }
  }
  return [...out.values()].sort((a, b) => (a.date < b.date ? -1 : 1));
}
