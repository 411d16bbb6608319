import { sql } from 'kysely';
import type { DbOrTrx } from './db.ts';

/** Stores an item's LSH band keys (replacing earlier ones): the similarity index that survives restarts. */
export async function indexItemBands(db: DbOrTrx, itemId: string, keys: readonly string[]): Promise<void> {
  await db.deleteFrom('text_lsh').where('item_id', '=', itemId).execute();
  if (keys.length)
    await db
      .insertInto('text_lsh')
      .values(keys.map((k) => ({ band_key: k, item_id: itemId })))
      .execute();
}

/** Items sharing at least one band with the query, most shared bands first (the LSH candidate set). */
export async function lshCandidates(
  db: DbOrTrx,
  keys: readonly string[],
  limit = 50,
): Promise<{ itemId: string; bands: number }[]> {
  if (!keys.length) return [];
  const rows = await db
    .selectFrom('text_lsh')
    .select(['item_id', sql<number>`count(*)`.as('n')])
    .where('band_key', 'in', keys as string[])
    .groupBy('item_id')
    .orderBy(sql`count(*)`, 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ itemId: r.item_id, bands: Number(r.n) }));
}

/** Items not yet in the index (after an import or an upgrade), in pages. */
export async function unindexedItems(db: DbOrTrx, limit: number) {
  return db
    .selectFrom('items as i')
    .select(['i.id', 'i.title', 'i.content'])
    .where((eb) =>
      eb.not(eb.exists(eb.selectFrom('text_lsh as t').select('t.item_id').whereRef('t.item_id', '=', 'i.id'))),
    )
    .limit(limit)
    .execute();
}
