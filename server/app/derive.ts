import { addDays } from '../domain/calendar.ts';
import { warningOf, type IsoDate } from '../domain/deadline.ts';
import { currentDuty, deadlinesOf, type ItemDeadline } from '../domain/item-deadlines.ts';
import type { Item } from '../domain/item.ts';
import type { ItemWriteExtra } from '../store/item.store.ts';
import { taxonomyByCode } from '../store/reference.store.ts';
import type { DbOrTrx } from '../store/db.ts';
import type { Clockwork } from './context.ts';

export type WarnDates = { notice: IsoDate; warning: IsoDate; severe: IsoDate };

/** First day on which the period reaches each warning level (so lists can filter by level in SQL). */
export function warnDates(d: Pick<ItemDeadline, 'start' | 'due'>, cw: Pick<Clockwork, 'thresholds'>): WarnDates {
  const out: Record<'notice' | 'warning' | 'severe', IsoDate> = { notice: d.due, warning: d.due, severe: d.due };
  const order = ['normal', 'notice', 'warning', 'severe', 'overdue'];
  for (let day = d.start; day <= d.due; day = addDays(day, 1)) {
    const lvl = order.indexOf(warningOf(d, day, cw.thresholds).level);
    if (lvl >= 1 && day < out.notice) out.notice = day;
    if (lvl >= 2 && day < out.warning) out.warning = day;
    if (lvl >= 3 && day < out.severe) out.severe = day;
  }
  return out;
}

/**
 * Derives the deadlines of an item and the column values the item row keeps for lists (current duty,
 * warning dates, class path). Nothing is written: the caller stores the item, then `writeDeadlines`.
 */
export async function deriveItem(db: DbOrTrx, item: Item, cw: Clockwork): Promise<{ extra: ItemWriteExtra; deadlines: ItemDeadline[] }> {
  const deadlines = deadlinesOf(item, cw.calendar, cw.rules, cw.today, cw.thresholds);
  const duty = currentDuty(deadlines);
  const classPath = item.classCode ? (await taxonomyByCode(db, item.classCode))?.path ?? null : null;
  return {
    deadlines,
    extra: { classPath, dueOn: duty?.due ?? null, dueRule: duty?.rule ?? null, warnDates: duty ? warnDates(duty, cw) : null },
  };
}
