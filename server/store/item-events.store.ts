import type { DbOrTrx } from './db.ts';

/** How many events of `step` item `itemId` got since `sinceIso` (a per-item daily cap). */
export async function countEventsOfStepSince(
  db: DbOrTrx,
  itemId: string,
  step: string,
  sinceIso: string,
): Promise<number> {
  const r = await db
    .selectFrom('events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('item_id', '=', itemId)
    .where('step', '=', step)
    .where('at', '>=', sinceIso)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}
