import type { CalendarEntry } from '../domain/calendar.ts';
import type { DbOrTrx } from './db.ts';
import { bumpClockworkGeneration } from './settings.store.ts';

export async function calendarEntries(db: DbOrTrx, year?: number): Promise<CalendarEntry[]> {
  let q = db.selectFrom('calendar_days').selectAll().orderBy('date');
  if (year !== undefined) q = q.where('date', '>=', `${year}-01-01`).where('date', '<=', `${year}-12-31`);
  const rows = await q.execute();
  return rows.map((r) => ({ date: r.date, kind: r.kind as CalendarEntry['kind'], name: r.name }));
}

/**
 * Sets a day's kind (holiday / makeup) or clears it back to an ordinary day when `entry` is null, and moves the
 * clock's generation (call inside the edit's transaction).
 */
export async function setCalendarDay(
  db: DbOrTrx,
  date: string,
  entry: Omit<CalendarEntry, 'date'> | null,
): Promise<void> {
  await db.deleteFrom('calendar_days').where('date', '=', date).execute();
  if (entry) await db.insertInto('calendar_days').values({ date, kind: entry.kind, name: entry.name }).execute();
  await bumpClockworkGeneration(db);
}

export async function insertCalendar(db: DbOrTrx, entries: readonly CalendarEntry[]): Promise<void> {
  for (let i = 0; i < entries.length; i += 200) {
    const chunk = entries.slice(i, i + 200);
    await db
      .insertInto('calendar_days')
      .values(chunk.map((e) => ({ date: e.date, kind: e.kind, name: e.name })))
      .onConflict((oc) => oc.column('date').doNothing())
      .execute();
  }
  await bumpClockworkGeneration(db);
}
