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

/**
 * Items sharing at least one band with the query, most shared bands first (the LSH candidate set). Reads at
 * most `maxRows` (item, band) rows from the band index and counts them here: a band that boilerplate text shares
 * with thousands of items cannot make the lookup group and sort all of them.
 */
export async function lshCandidates(
  db: DbOrTrx,
  keys: readonly string[],
  limit = 50,
  maxRows = 3000,
): Promise<{ itemId: string; bands: number }[]> {
  if (!keys.length) return [];
  const rows = await db
    .selectFrom('text_lsh')
    .select('item_id')
    .where('band_key', 'in', keys as string[])
    .limit(maxRows)
    .execute();
  const n = new Map<string, number>();
  for (const r of rows) n.set(r.item_id, (n.get(r.item_id) ?? 0) + 1);
  return [...n.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, limit)
    .map(([itemId, bands]) => ({ itemId, bands }));
}

/**
 * Queues items for the similarity indexer (imported, corrected, or re-indexed on request); queuing again moves an
 * item's request to `nowIso`, so an indexer that read the older text does not take it off the list.
 */
export async function enqueueTextIndex(db: DbOrTrx, itemIds: readonly string[], nowIso: string): Promise<void> {
  for (let i = 0; i < itemIds.length; i += 500) {
    const chunk = [...new Set(itemIds.slice(i, i + 500))];
    if (!chunk.length) continue;
    await db
      .insertInto('text_index_queue')
      .values(chunk.map((id) => ({ item_id: id, queued_at: nowIso })))
      .onConflict((oc) => oc.column('item_id').doUpdateSet({ queued_at: nowIso }))
      .execute();
  }
}

/** The oldest `limit` queued items with their text (null when the item no longer exists). */
export async function queuedTextItems(
  db: DbOrTrx,
  limit: number,
): Promise<{ itemId: string; queuedAt: string; title: string | null; content: string | null }[]> {
  const rows = await db
    .selectFrom('text_index_queue as q')
    .leftJoin('items as i', 'i.id', 'q.item_id')
    .select(['q.item_id', 'q.queued_at', 'i.title', 'i.content'])
    .orderBy('q.queued_at')
    .orderBy('q.item_id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ itemId: r.item_id, queuedAt: r.queued_at, title: r.title, content: r.content }));
}

/**
 * Writes the bands computed from the text read at `queuedAt` and takes the item off the list — unless it was
 * queued again since (its text changed meanwhile): then the bands are left for the next pass to write.
 */
export async function finishTextIndex(
  db: DbOrTrx,
  itemId: string,
  queuedAt: string,
  keys: readonly string[] | null,
): Promise<void> {
  const res = await db
    .deleteFrom('text_index_queue')
    .where('item_id', '=', itemId)
    .where('queued_at', '=', queuedAt)
    .executeTakeFirst();
  if (Number(res.numDeletedRows) === 1 && keys) await indexItemBands(db, itemId, keys);
}

/** How many items wait for the similarity indexer. */
export async function countQueuedTextItems(db: DbOrTrx): Promise<number> {
  const r = await db
    .selectFrom('text_index_queue')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}
