import type { Kysely } from 'kysely';

// Frozen in time. The first start used to keep the demo accounts' password in the settings table (to print it
// at every start); the database must hold no password. The list of demo accounts stays, without passwords.
export async function up(db: Kysely<any>): Promise<void> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', 'demo_logins').executeTakeFirst();
  if (!row) return;
  let list: unknown;
  try {
    list = JSON.parse(row.value as string);
  } catch {
    return;
  }
  if (!Array.isArray(list)) return;
  const stripped = list.map((l) => {
    if (!l || typeof l !== 'object') return l;
    const { password: _dropped, ...rest } = l as Record<string, unknown>;
    return rest;
  });
  await db
    .updateTable('settings')
    .set({ value: JSON.stringify(stripped) })
    .where('key', '=', 'demo_logins')
    .execute();
}

export async function down(): Promise<void> {
  // The password is gone on purpose; nothing to restore.
}
