import { computeDeadline, DEFAULT_RULES, type RuleCode } from '../domain/deadline.ts';
import { calendarEntries } from '../store/calendar.store.ts';
import { listTaxonomy, listUnits } from '../store/reference.store.ts';
import { type AppDeps, loadClockwork } from './context.ts';

/** 责任单位 (every signed-in user may read the list: routing, filters and forms need it). */
export function unitList(deps: Pick<AppDeps, 'db'>) {
  return listUnits(deps.db);
}

/** 内容分类 tree. */
export function taxonomyNodes(deps: Pick<AppDeps, 'db'>) {
  return listTaxonomy(deps.db);
}

/** Holidays and make-up working days of one year (or every year entered). */
export async function calendarOfYear(deps: Pick<AppDeps, 'db'>, year?: number) {
  return { year: year ?? null, days: await calendarEntries(deps.db, year) };
}

/** Whether a date is a working day on the work calendar in force (holidays and make-up days included). */
export async function dayInfoOn(deps: Pick<AppDeps, 'db' | 'clock'>, date: string) {
  const cw = await loadClockwork(deps.db, deps.clock());
  return cw.calendar.dayInfo(date);
}

export interface DueQuery {
  from: string;
  days: number;
  unit: 'calendar' | 'working';
  rollForward: boolean;
}

/**
 * 计算期限: the last day of a period of `days` counted from `from` (that day not counted) on the work calendar in
 * force, rolled to the next working day when asked — the arithmetic every statutory deadline uses.
 */
export async function dueOn(deps: Pick<AppDeps, 'db' | 'clock'>, q: DueQuery) {
  const cw = await loadClockwork(deps.db, deps.clock());
  const rule = {
    ...DEFAULT_RULES.handle,
    code: 'handle' as RuleCode,
    name: '期限',
    startEvent: '起算',
    length: q.days,
    unit: q.unit,
    rollForward: q.rollForward,
    maxExtensionDays: 0,
  };
  return computeDeadline(rule, q.from, cw.calendar);
}

/** The deadline rules and warning thresholds in force, with the statutory defaults beside them. */
export async function rulesInForce(deps: Pick<AppDeps, 'db' | 'clock'>) {
  const cw = await loadClockwork(deps.db, deps.clock());
  return { rules: Object.values(cw.rules), thresholds: cw.thresholds, defaults: Object.values(DEFAULT_RULES) };
}
