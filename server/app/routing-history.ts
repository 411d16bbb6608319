/**
 * The routing history as a maintained table: what each routed item contributes to the lead-unit suggestion's
 * counts (its class levels, place, 涉法涉诉, title keywords → its lead unit, in the month it was routed), kept
 * right in the transaction of every item write, so a suggestion reads a few count rows instead of a year of items.
 */
import type { Item } from '../domain/item.ts';
import type { DbOrTrx } from '../store/db.ts';
import {
  dropUncountedOrphans,
  listRoutedItemsToCount,
  recordRoutingContributions,
  storedRoutingContribution,
  uncountedRoutedItems,
  type RoutingContribution,
} from '../store/routing.store.ts';
import { routingFeaturesOf } from '../text/routing.ts';
import type { AppDeps } from './context.ts';

/** The facts of an item the routing history counts. */
export interface RoutingFacts {
  routedOn: string | null;
  leadUnitId: string | null;
  classPath: string | null;
  place: string | null;
  legal: boolean;
  title: string;
}

/** What a routed item adds to the counts; null when it is not routed or has no content class. */
export function routingContributionOf(f: RoutingFacts): RoutingContribution | null {
  if (!f.routedOn || !f.leadUnitId || !f.classPath) return null;
  return {
    month: f.routedOn.slice(0, 7),
    unitId: f.leadUnitId,
    features: routingFeaturesOf({ classCode: f.classPath, place: f.place, legal: f.legal, title: f.title }).map((x) => [
      x.feature,
      x.value,
    ]),
  };
}

function factsOf(item: Item, classPath: string | null): RoutingFacts {
  return {
    routedOn: item.facts.routedOn,
    leadUnitId: item.leadUnitId,
    classPath,
    place: item.place,
    legal: item.flags.includes('涉法涉诉'),
    title: item.title,
  };
}

/**
 * Moves the routing counts to the items' state as just written (a step, a correction, a link): call it in
 * the same transaction as the write. `fresh` items (just inserted) have nothing stored yet.
 */
export async function syncRoutingHistory(
  trx: DbOrTrx,
  items: readonly { item: Item; classPath: string | null }[],
  opts: { fresh?: boolean } = {},
): Promise<void> {
  const changes = [];
  for (const { item, classPath } of items) {
    const after = routingContributionOf(factsOf(item, classPath));
    const before = opts.fresh ? undefined : await storedRoutingContribution(trx, item.id);
    if (before === undefined && after === null) continue;
    changes.push({ itemId: item.id, before, after });
  }
  if (changes.length) await recordRoutingContributions(trx, changes);
}

/**
 * Counts the routed items that an upgrade (or a bulk load) listed without counting them — their title keywords
 * need segmentation, which the migration cannot do — in batches; returns how many were counted.
 */
export async function fillRoutingHistory(deps: Pick<AppDeps, 'db'>): Promise<number> {
  let done = 0;
  await dropUncountedOrphans(deps.db);
  for (;;) {
    const rows = await uncountedRoutedItems(deps.db, 1000);
    if (!rows.length) return done;
    await deps.db.transaction().execute(async (trx) => {
      await recordRoutingContributions(
        trx,
        rows.map((r) => ({
          itemId: r.id,
          before: null,
          after: routingContributionOf({
            routedOn: r.routed_on,
            leadUnitId: r.lead_unit_id,
            classPath: r.class_path,
            place: r.place,
            legal: Number(r.legal_flag) === 1,
            title: r.title,
          }),
        })),
      );
    });
    done += rows.length;
    await new Promise<void>((r) => setImmediate(r));
  }
}

/** Lists every routed item not yet in the history and counts them (after a bulk load that bypassed the use cases). */
export async function rebuildRoutingHistory(deps: Pick<AppDeps, 'db'>): Promise<number> {
  await listRoutedItemsToCount(deps.db);
  return fillRoutingHistory(deps);
}
