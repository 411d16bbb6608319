import { todayOf } from '../domain/calendar.ts';
import * as rollup from '../store/report.store.ts';
import { checkPeriod, comparisonPeriod, periodFigures, type PeriodFigures, type ReportDeps } from './report.ts';

export interface Dashboard {
  period: { from: string; to: string };
  comparisonPeriod: { from: string; to: string };
  compare: 'prev' | 'yoy';
  /** One entry per month of the period, with the matching month of the comparison period. */
  trend: { month: string; count: number; comparisonMonth: string; comparisonCount: number }[];
  figures: PeriodFigures;
  overdue: number;
}

/** The months 'YYYY-MM' from the month of `from` to the month of `to`. */
export function monthsOf(from: string, to: string): string[] {
  const out: string[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  const end = to.slice(0, 7);
  for (;;) {
    const key = `${y}-${String(m).padStart(2, '0')}`;
    out.push(key);
    if (key >= end || out.length > 240) break;
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return out;
}

/**
 * Figures for the leaders' dashboard: monthly trend against the comparison period, the splits, the unit
 * ranking (top 10), indicators and the number of items currently overdue. All aggregated in SQL.
 */
export async function buildDashboard(
  deps: ReportDeps,
  q: { from: string; to: string; compare?: 'prev' | 'yoy' | undefined },
): Promise<Dashboard> {
  checkPeriod(q.from, q.to);
  const compare = q.compare ?? 'yoy';
  const cp = comparisonPeriod(q.from, q.to, compare);
  const { monthlyCounts, overdueCount } = deps.reportSource ?? rollup;
  const [figures, cur, prev, overdue] = await Promise.all([
    periodFigures(deps, q.from, q.to, 10),
    monthlyCounts(deps.db, q.from, q.to),
    monthlyCounts(deps.db, cp.from, cp.to),
    overdueCount(deps.db, q.from, q.to, todayOf(deps.clock())),
  ]);
  const months = monthsOf(q.from, q.to);
  const prevMonths = monthsOf(cp.from, cp.to);
  const trend = months.map((month, i) => {
    const comparisonMonth = prevMonths[i] ?? '';
    return {
      month,
      count: cur.get(month) ?? 0,
      comparisonMonth,
      comparisonCount: comparisonMonth ? (prev.get(comparisonMonth) ?? 0) : 0,
    };
  });
  return { period: { from: q.from, to: q.to }, comparisonPeriod: cp, compare, trend, figures, overdue };
}
