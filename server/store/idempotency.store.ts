import type { Trx } from './db.ts';

/** What a registration under an idempotency key produced: the item and the user who sent it. */
export interface IdempotencyRecord {
  itemId: string;
  userId: string;
}

export async function findIdempotencyKey(trx: Trx, key: string): Promise<IdempotencyRecord | null> {
  const row = await trx
    .selectFrom('idempotency')
    .select(['item_id', 'user_id'])
    .where('key', '=', key)
    .executeTakeFirst();
  return row ? { itemId: row.item_id, userId: row.user_id } : null;
}

export async function insertIdempotencyKey(trx: Trx, key: string, rec: IdempotencyRecord, nowIso: string) {
  await trx
    .insertInto('idempotency')
    .values({ key, user_id: rec.userId, item_id: rec.itemId, created_at: nowIso })
    .execute();
}
