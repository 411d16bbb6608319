import type { DbOrTrx } from './db.ts';

export interface ListViewRow {
  name: string;
  body: unknown;
  updatedAt: string;
}

/** One user's rows for one list (the layout under name '' and the saved filters), by name. */
export async function listViewsOf(db: DbOrTrx, userId: string, listKey: string): Promise<ListViewRow[]> {
  const rows = await db
    .selectFrom('user_list_views')
    .select(['name', 'body', 'updated_at'])
    .where('user_id', '=', userId)
    .where('list_key', '=', listKey)
    .orderBy('name')
    .execute();
  return rows.map((r) => ({ name: r.name, body: JSON.parse(r.body) as unknown, updatedAt: r.updated_at }));
}

export async function countListViews(db: DbOrTrx, userId: string, listKey: string): Promise<number> {
  const r = await db
    .selectFrom('user_list_views')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('list_key', '=', listKey)
    .where('name', '!=', '')
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Writes (or replaces) one row. */
export async function putListView(
  db: DbOrTrx,
  userId: string,
  listKey: string,
  name: string,
  body: unknown,
  at: string,
): Promise<void> {
  const json = JSON.stringify(body);
  await db
    .insertInto('user_list_views')
    .values({ user_id: userId, list_key: listKey, name, body: json, updated_at: at })
    .onConflict((oc) => oc.columns(['user_id', 'list_key', 'name']).doUpdateSet({ body: json, updated_at: at }))
    .execute();
}

/** Removes one row; true when there was one. */
export async function deleteListView(db: DbOrTrx, userId: string, listKey: string, name: string): Promise<boolean> {
  const r = await db
    .deleteFrom('user_list_views')
    .where('user_id', '=', userId)
    .where('list_key', '=', listKey)
    .where('name', '=', name)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
