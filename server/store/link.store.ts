import { sql } from 'kysely';
import type { ReadScope } from '../domain/visibility.policy.ts';
import type { DbOrTrx } from './db.ts';
import { linkTargets } from './item-scope.ts';

/** A link between a later item and the earlier one it repeats or duplicates. */
export interface ItemLink {
  itemId: string;
  earlierId: string;
  kind: 'repeat' | 'duplicate';
  similarity: number;
  reason: string;
}

/** One link or unlink, as the history keeps it. */
export interface LinkChange {
  id: string;
  itemId: string;
  earlierId: string;
  action: 'link' | 'unlink';
  kind: 'repeat' | 'duplicate';
  reason: string;
  actorId: string | null;
  actorName: string | null;
  at: string;
}

const kindOf = (k: string): ItemLink['kind'] => (k === 'duplicate' ? 'duplicate' : 'repeat');

/** The link from `itemId` to `earlierId`, or null. */
export async function findLink(db: DbOrTrx, itemId: string, earlierId: string): Promise<ItemLink | null> {
  const r = await db
    .selectFrom('item_links')
    .selectAll()
    .where('item_id', '=', itemId)
    .where('earlier_id', '=', earlierId)
    .executeTakeFirst();
  return r
    ? {
        itemId: r.item_id,
        earlierId: r.earlier_id,
        kind: kindOf(r.kind),
        similarity: Number(r.similarity),
        reason: r.reason,
      }
    : null;
}

/** Every link from `itemId` to the earlier items it repeats or duplicates. */
export async function linksFrom(db: DbOrTrx, itemId: string): Promise<ItemLink[]> {
  const rows = await db.selectFrom('item_links').selectAll().where('item_id', '=', itemId).execute();
  return rows.map((r) => ({
    itemId: r.item_id,
    earlierId: r.earlier_id,
    kind: kindOf(r.kind),
    similarity: Number(r.similarity),
    reason: r.reason,
  }));
}

/** The link changes recorded from `itemId` to its earlier items, oldest first (for recomputation, not display). */
export async function linkChangesFrom(
  db: DbOrTrx,
  itemId: string,
): Promise<Pick<LinkChange, 'earlierId' | 'action' | 'reason'>[]> {
  const rows = await db
    .selectFrom('item_link_history')
    .select(['earlier_id', 'action', 'reason'])
    .where('item_id', '=', itemId)
    .orderBy('seq')
    .execute();
  return rows.map((r) => ({
    earlierId: r.earlier_id,
    action: r.action === 'unlink' ? 'unlink' : 'link',
    reason: r.reason,
  }));
}

export async function insertLink(db: DbOrTrx, link: ItemLink): Promise<void> {
  await db
    .insertInto('item_links')
    .values({
      item_id: link.itemId,
      earlier_id: link.earlierId,
      kind: link.kind,
      similarity: link.similarity,
      reason: link.reason,
    })
    .execute();
}

export async function deleteLink(db: DbOrTrx, itemId: string, earlierId: string): Promise<void> {
  await db.deleteFrom('item_links').where('item_id', '=', itemId).where('earlier_id', '=', earlierId).execute();
}

/** Ids of the earlier items `itemId` is linked to as a repeat (what makes it a 重件). */
export async function repeatEarlierIds(db: DbOrTrx, itemId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('item_links')
    .select('earlier_id')
    .where('item_id', '=', itemId)
    .where('kind', '=', 'repeat')
    .orderBy('earlier_id')
    .execute();
  return rows.map((r) => r.earlier_id);
}

export async function appendLinkChange(db: DbOrTrx, ch: LinkChange): Promise<void> {
  const last = await db
    .selectFrom('item_link_history')
    .select(sql<number>`coalesce(max(seq), 0)`.as('m'))
    .executeTakeFirst();
  await db
    .insertInto('item_link_history')
    .values({
      id: ch.id,
      seq: Number(last?.m ?? 0) + 1,
      item_id: ch.itemId,
      earlier_id: ch.earlierId,
      action: ch.action,
      kind: ch.kind,
      reason: ch.reason,
      actor_id: ch.actorId,
      actor_name: ch.actorName,
      at: ch.at,
    })
    .execute();
}

/**
 * Link changes touching `itemId` whose other item the scope may see from it (`linkTargets`, the SQL twin of
 * `canSeeLink`), newest first, with the other item's number and masked title.
 */
export async function linkHistoryOf(db: DbOrTrx, itemId: string, scope: ReadScope, viewedHasIdentity: boolean) {
  const side = (dir: 'earlier' | 'later') =>
    db
      .selectFrom('item_link_history as h')
      .innerJoin('items as i', 'i.id', dir === 'earlier' ? 'h.earlier_id' : 'h.item_id')
      .select([
        'h.id',
        'h.seq',
        'h.item_id',
        'h.earlier_id',
        'h.action',
        'h.kind',
        'h.reason',
        'h.actor_name',
        'h.at',
        'i.number',
        'i.masked_title',
      ])
      .where(dir === 'earlier' ? 'h.item_id' : 'h.earlier_id', '=', itemId)
      .where(linkTargets(scope, viewedHasIdentity))
      .execute();
  const rows = [...(await side('earlier')), ...(await side('later'))];
  rows.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : Number(b.seq) - Number(a.seq)));
  return rows.map((r) => ({
    id: r.id,
    action: r.action as LinkChange['action'],
    kind: kindOf(r.kind),
    /** The other item of the link, seen from `itemId`. */
    other: { id: r.item_id === itemId ? r.earlier_id : r.item_id, number: r.number, title: r.masked_title ?? '' },
    direction: r.item_id === itemId ? ('earlier' as const) : ('later' as const),
    reason: r.reason,
    actorName: r.actor_name,
    at: r.at,
  }));
}
