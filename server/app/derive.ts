import { addDays } from '../domain/calendar.ts';
import { warningOf, type IsoDate } from '../domain/deadline.ts';
import { currentDuty, deadlinesOf, type ItemDeadline } from '../domain/item-deadlines.ts';
import type { Item } from '../domain/item.ts';
import { appendEvent, updateItem, writeDeadlines, type ItemWriteExtra } from '../store/item.store.ts';
import type { PiiCodec } from '../store/pii.ts';
import { taxonomyByCode } from '../store/reference.store.ts';
import type { DbOrTrx } from '../store/db.ts';
import type { Clockwork } from './context.ts';
import { syncRoutingHistory } from './routing-history.ts';

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
 * `classRow` is the item's class when the caller has already read it (null: none), so it is not read twice.
 */
export async function deriveItem(
  db: DbOrTrx,
  item: Item,
  cw: Clockwork,
  classRow?: { path: string } | null,
): Promise<{ extra: ItemWriteExtra; deadlines: ItemDeadline[] }> {
  const deadlines = deadlinesOf(item, cw.calendar, cw.rules, cw.today, cw.thresholds);
  const duty = currentDuty(deadlines);
  const cls = classRow !== undefined || !item.classCode ? classRow : await taxonomyByCode(db, item.classCode);
  const classPath = item.classCode ? (cls?.path ?? null) : null;
  return {
    deadlines,
    extra: {
      classPath,
      dueOn: duty?.due ?? null,
      dueRule: duty?.rule ?? null,
      warnDates: duty ? warnDates(duty, cw) : null,
    },
  };
}

/** Who changed the item, as the timeline names them (the petitioner has no account). */
export interface ChangeAuthor {
  id: string | null;
  name: string;
  role: string | null;
}

/**
 * Saves a changed item inside the caller's transaction: derived columns and deadlines, the version-checked
 * row, and one timeline entry. Returns the stored deadlines. The one write path of every item change.
 */
export async function saveItemChange(
  trx: DbOrTrx,
  deps: { codec: PiiCodec; newId: () => string },
  cw: Clockwork,
  next: Item,
  expectedVersion: number,
  event: {
    at: string;
    onDate: IsoDate | null;
    step: string;
    author: ChangeAuthor;
    summary: string;
    data?: Record<string, unknown>;
  },
  opts: { petitioners?: boolean } = {},
): Promise<ItemDeadline[]> {
  const { extra, deadlines } = await deriveItem(trx, next, cw);
  next.version = await updateItem(trx, next, expectedVersion, deps.codec, extra, event.at, opts);
  await syncRoutingHistory(trx, [{ item: next, classPath: extra.classPath }]);
  await writeDeadlines(trx, next.id, deadlines);
  await appendEvent(
    trx,
    {
      itemId: next.id,
      at: event.at,
      onDate: event.onDate,
      step: event.step,
      actorId: event.author.id,
      actorName: event.author.name,
      actorRole: event.author.role as never,
      summary: event.summary,
      data: {
        ...event.data,
        deadlines: deadlines.map((d) => ({ rule: d.rule, due: d.due, metOn: d.metOn, explanation: d.explanation })),
      },
    },
    deps.newId(),
  );
  return deadlines;
}
