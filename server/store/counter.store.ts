import { sql } from 'kysely';
import type { DbOrTrx } from './db.ts';

/**
 * Next value of a named counter, race-free on both dialects: the row update takes a row lock on
 * PostgreSQL and SQLite serialises writers. Call inside the transaction that uses the value.
 */
export async function nextCounter(db: DbOrTrx, name: string): Promise<number> {
  await db
    .insertInto('counters')
    .values({ name, value: 0 })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = await db
    .updateTable('counters')
    .set({ value: sql`value + 1` })
    .where('name', '=', name)
    .returning('value')
    .executeTakeFirstOrThrow();
  return Number(row.value);
}
