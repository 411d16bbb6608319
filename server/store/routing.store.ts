import { sql } from 'kysely';
import type { DbOrTrx } from './db.ts';

// The maintained routing history (tables `routing_items` and `routing_counts`, see migration 1541). The caller
// computes an item's features; the store moves the counts in the caller's transaction.

/** What one routed item adds to the counts: its month (YYYY-MM), lead unit and (feature, value) pairs. */
export interface RoutingContribution {
  month: string;
  unitId: string;
  features: [feature: string, value: string][];
}

/** The contribution stored for an item; `undefined` when it has none, `null` when it waits to be counted. */
export async function storedRoutingContribution(
  db: DbOrTrx,
  itemId: string,
): Promise<RoutingContribution | null | undefined> {
  const row = await db
    .selectFrom('routing_items')
    .select(['month', 'unit_id', 'features'])
    .where('item_id', '=', itemId)
    .executeTakeFirst();
  if (!row) return undefined;
  if (row.features === null || row.month === null || row.unit_id === null) return null;
  return { month: row.month, unitId: row.unit_id, features: JSON.parse(row.features) };
}

function same(a: RoutingContribution | null, b: RoutingContribution | null): boolean {
  if (!a || !b) return a === b;
  return a.month === b.month && a.unitId === b.unitId && JSON.stringify(a.features) === JSON.stringify(b.features);
}

/** Adds `delta` to the count of each (feature, value, unit, month) key, in one statement per chunk. */
async function addCounts(db: DbOrTrx, deltas: Map<string, number>): Promise<void> {
  const rows = [...deltas.entries()]
    .filter(([, n]) => n !== 0)
    .map(([k, n]) => {
      const [feature, value, unit_id, month] = k.split('\u0001') as [string, string, string, string];
      return { feature, value, unit_id, month, n };
    });
  for (let i = 0; i < rows.length; i += 200) {
    await db
      .insertInto('routing_counts')
      .values(rows.slice(i, i + 200))
      .onConflict((oc) =>
        oc.columns(['feature', 'value', 'month', 'unit_id']).doUpdateSet({ n: sql`routing_counts.n + excluded.n` }),
      )
      .execute();
  }
}

function tally(deltas: Map<string, number>, c: RoutingContribution, sign: number): void {
  for (const [f, v] of c.features) {
    const k = `${f}\u0001${v}\u0001${c.unitId}\u0001${c.month}`;
    deltas.set(k, (deltas.get(k) ?? 0) + sign);
  }
}

/**
 * Records items' current contributions (null: not routed, nothing counted), moving the counts by the
 * difference to what was stored for each. Runs in the transaction that wrote the items.
 */
export async function recordRoutingContributions(
  db: DbOrTrx,
  changes: readonly {
    itemId: string;
    before: RoutingContribution | null | undefined;
    after: RoutingContribution | null;
  }[],
): Promise<void> {
  const deltas = new Map<string, number>();
  for (const { itemId, before, after } of changes) {
    if (before !== undefined && same(before, after) && after !== null) continue;
    if (before === undefined && after === null) continue;
    if (before) tally(deltas, before, -1);
    if (after) tally(deltas, after, +1);
    if (after) {
      const row = { month: after.month, unit_id: after.unitId, features: JSON.stringify(after.features) };
      await db
        .insertInto('routing_items')
        .values({ item_id: itemId, ...row })
        .onConflict((oc) => oc.column('item_id').doUpdateSet(row))
        .execute();
    } else await db.deleteFrom('routing_items').where('item_id', '=', itemId).execute();
  }
  await addCounts(db, deltas);
  if (deltas.size) await db.deleteFrom('routing_counts').where('n', '<=', 0).execute();
}

/** Routed items listed by the upgrade but not yet counted, with the facts their features come from. */
export async function uncountedRoutedItems(db: DbOrTrx, limit: number) {
  return db
    .selectFrom('routing_items as r')
    .innerJoin('items as i', 'i.id', 'r.item_id')
    .select(['i.id', 'i.class_path', 'i.place', 'i.legal_flag', 'i.title', 'i.lead_unit_id', 'i.routed_on'])
    .where('r.features', 'is', null)
    .limit(limit)
    .execute();
}

/** Drops listed items that no longer exist (nothing to count). */
export async function dropUncountedOrphans(db: DbOrTrx): Promise<void> {
  await db
    .deleteFrom('routing_items')
    .where('features', 'is', null)
    .where((eb) =>
      eb.not(eb.exists(eb.selectFrom('items as i').select('i.id').whereRef('i.id', '=', 'routing_items.item_id'))),
    )
    .execute();
}

/**
 * Summed counts of the given (feature, value) pairs per unit over the months `fromMonth`..`toMonth` (YYYY-MM,
 * inclusive), with the unit's name: the whole district's routing, read from a few index ranges.
 */
export async function routingCountsOf(
  db: DbOrTrx,
  pairs: readonly { feature: string; value: string }[],
  fromMonth: string,
  toMonth: string,
): Promise<{ feature: string; value: string; unitId: string; unitName: string; n: number }[]> {
  if (!pairs.length) return [];
  const rows = await db
    .selectFrom('routing_counts as c')
    .innerJoin('units as u', 'u.id', 'c.unit_id')
    .select(['c.feature', 'c.value', 'c.unit_id', 'u.name', sql<number>`sum(c.n)`.as('n')])
    .where((eb) => eb.or(pairs.map((p) => eb.and([eb('c.feature', '=', p.feature), eb('c.value', '=', p.value)]))))
    .where('c.month', '>=', fromMonth)
    .where('c.month', '<=', toMonth)
    .groupBy(['c.feature', 'c.value', 'c.unit_id', 'u.name'])
    .execute();
  return rows.map((r) => ({ feature: r.feature, value: r.value, unitId: r.unit_id, unitName: r.name, n: Number(r.n) }));
}

/** Lists routed, classified items missing from `routing_items` as waiting to be counted (what migration 1541 did). */
export async function listRoutedItemsToCount(db: DbOrTrx): Promise<void> {
  await sql`insert into routing_items (item_id)
    select i.id from items i
    where i.routed_on is not null and i.class_path is not null and i.lead_unit_id is not null
      and not exists (select 1 from routing_items r where r.item_id = i.id)`.execute(db);
}
