import type { DbOrTrx } from './db.ts';

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
  const v = JSON.stringify(value);
  await db
    .insertInto('settings')
    .values({ key, value: v })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: v }))
    .execute();
}
