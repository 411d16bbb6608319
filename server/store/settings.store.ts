import { randomUUID } from 'node:crypto';
import type { DbOrTrx } from './db.ts';

/**
 * The settings the statutory clock reads besides the calendar table: writing one of them moves the clock's
 * generation (below), so every instance's cached clock is replaced on its next use.
 */
export const CLOCKWORK_SETTINGS: ReadonlySet<string> = new Set(['deadline_rules', 'warning_thresholds']);

const CLOCKWORK_GENERATION = 'clockwork_generation';

/**
 * The statutory clock's generation: a random token that every edit of the calendar, the deadline rules or the
 * warning thresholds replaces in the edit's own transaction (a rolled-back edit leaves the old one). A cache keyed
 * by it is right across instances sharing one database: one primary-key read tells whether it is current. Null in
 * a database that has never had one (caching then stays off).
 */
export async function clockworkGeneration(db: DbOrTrx): Promise<string | null> {
  return getSetting<string | null>(db, CLOCKWORK_GENERATION, null);
}

/** Replaces the clock's generation: call in the transaction that edits the calendar, rules or thresholds. */
export async function bumpClockworkGeneration(db: DbOrTrx): Promise<void> {
  await writeSetting(db, CLOCKWORK_GENERATION, randomUUID());
}

/** Reads a JSON setting, or the fallback when it was never set. */
export async function getSetting<T>(db: DbOrTrx, key: string, fallback: T): Promise<T> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  return row ? (JSON.parse(row.value) as T) : fallback;
}

/** True once the setting was written, whatever its value. */
export async function hasSetting(db: DbOrTrx, key: string): Promise<boolean> {
  return !!(await db.selectFrom('settings').select('key').where('key', '=', key).executeTakeFirst());
}

/** Writes the setting only when it is missing (a concurrent first start keeps the value already written). */
export async function insertSettingIfMissing(db: DbOrTrx, key: string, value: unknown): Promise<void> {
  await db
    .insertInto('settings')
    .values({ key, value: JSON.stringify(value) })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
}

export async function setSetting(db: DbOrTrx, key: string, value: unknown): Promise<void> {
  await writeSetting(db, key, value);
  if (CLOCKWORK_SETTINGS.has(key)) await bumpClockworkGeneration(db);
}

async function writeSetting(db: DbOrTrx, key: string, value: unknown): Promise<void> {
  const v = JSON.stringify(value);
  await db
    .insertInto('settings')
    .values({ key, value: v })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: v }))
    .execute();
}

/**
 * Compare-and-set on a setting's stored text: writes `value` only when the row still holds `expected` (null: only
 * when the row is missing). True when this call wrote it. Both databases re-check the condition on the row they
 * update, so of two concurrent writers from the same `expected` exactly one wins.
 */
export async function replaceSettingIf(
  db: DbOrTrx,
  key: string,
  expected: string | null,
  value: unknown,
): Promise<boolean> {
  const v = JSON.stringify(value);
  if (expected === null) {
    const r = await db
      .insertInto('settings')
      .values({ key, value: v })
      .onConflict((oc) => oc.column('key').doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
  }
  const r = await db
    .updateTable('settings')
    .set({ value: v })
    .where('key', '=', key)
    .where('value', '=', expected)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** A setting's stored text as written (for {@link replaceSettingIf}), or null when it was never set. */
export async function rawSetting(db: DbOrTrx, key: string): Promise<string | null> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value ?? null;
}
