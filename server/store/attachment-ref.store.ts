import type { DbOrTrx } from './db.ts';

/** The ids among `ids` that are attachments of item `itemId` (a step may cite only the item's own materials). */
export async function attachmentsOfItem(db: DbOrTrx, itemId: string, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('item_attachments')
    .select('id')
    .where('item_id', '=', itemId)
    .where('id', 'in', [...ids])
    .execute();
  return new Set(rows.map((r) => r.id));
}
