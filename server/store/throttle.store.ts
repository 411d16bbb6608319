import { PostgresAdapter, sql } from 'kysely';
import type { DbOrTrx, Trx } from './db.ts';

/**
 * Counts one request for `key` in the one-minute window `win` (minutes since the epoch) and returns the count
 * so far in that window. One atomic upsert, so instances sharing the database count together.
 */
export async function bumpWindow(db: DbOrTrx, key: string, win: number): Promise<number> {
  const r = await db
    .insertInto('rate_windows')
    .values({ key, win, count: 1 })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        count: sql`case when rate_windows.win = ${win} then rate_windows.count + 1 else 1 end`,
        win: sql`${win}`,
      }),
    )
    .returning('count')
    .executeTakeFirst();
  return Number(r?.count ?? 1);
}

/** The count of `key` in window `win` (0 when none). */
export async function windowCount(db: DbOrTrx, key: string, win: number): Promise<number> {
  const r = await db
    .selectFrom('rate_windows')
    .select('count')
    .where('key', '=', key)
    .where('win', '=', win)
    .executeTakeFirst();
  return Number(r?.count ?? 0);
}

/** Drops windows older than `beforeWin` (they no longer count). */
export async function pruneWindows(db: DbOrTrx, beforeWin: number): Promise<void> {
  await db.deleteFrom('rate_windows').where('win', '<', beforeWin).execute();
}

export interface FailureRecord {
  failures: string[];
  lockedUntil: string | null;
}

/** Recent failures of `key` (no lock taken; for checks before the password is verified). */
export async function readFailures(db: DbOrTrx, key: string): Promise<FailureRecord> {
  const r = await db
    .selectFrom('sign_in_failures')
    .select(['failures', 'locked_until'])
    .where('key', '=', key)
    .executeTakeFirst();
  return { failures: r ? (JSON.parse(r.failures) as string[]) : [], lockedUntil: r?.locked_until ?? null };
}

/**
 * Reads the failures of `key` for update: the row is created if missing and, on PostgreSQL, locked until the
 * transaction ends, so parallel guesses cannot overwrite each other's failures.
 */
export async function lockFailures(trx: Trx, key: string, nowIso: string): Promise<FailureRecord> {
  await trx
    .insertInto('sign_in_failures')
    .values({ key, failures: '[]', locked_until: null, updated_at: nowIso })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const r = await trx
    .selectFrom('sign_in_failures')
    .select(['failures', 'locked_until'])
    .where('key', '=', key)
    .$if(trx.getExecutor().adapter instanceof PostgresAdapter, (q) => q.forUpdate())
    .executeTakeFirstOrThrow();
  return { failures: JSON.parse(r.failures) as string[], lockedUntil: r.locked_until };
}

export async function saveFailures(trx: Trx, key: string, rec: FailureRecord, nowIso: string): Promise<void> {
  await trx
    .updateTable('sign_in_failures')
    .set({ failures: JSON.stringify(rec.failures), locked_until: rec.lockedUntil, updated_at: nowIso })
    .where('key', '=', key)
    .execute();
}

export async function clearFailures(db: DbOrTrx, key: string): Promise<void> {
  await db.deleteFrom('sign_in_failures').where('key', '=', key).execute();
}
