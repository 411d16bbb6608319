import { AppError } from '../domain/errors.ts';
import type { Actor } from '../domain/item.policy.ts';
import type { Item } from '../domain/item.ts';
import {
  accessFactsOf,
  canOpenItem,
  identityAccessOf,
  NO_CASE_ACCESS,
  readScopeOf,
  standingOf,
  type CaseAccess,
  type IdentityAccess,
  type ItemAccessFacts,
  type ReadScope,
  type Standing,
  type Viewer,
} from '../domain/visibility.policy.ts';
import { leaderCaseAccess } from '../store/campaign-rows.store.ts';
import type { DbOrTrx } from '../store/db.ts';
import { accusedUnitKey } from '../store/item-scope.ts';
import { itemsWithoutVisibility, loadItem, refreshVisibility } from '../store/item.store.ts';
import type { AppDeps, UseCaseCtx } from './context.ts';

/** The one answer for an item that is missing or that the viewer may not open (they must not differ). */
export const ITEM_NOT_FOUND = '信访事项不存在或无权查看';

export function viewerOf(deps: Pick<AppDeps, 'codec'>, actor: Actor): Viewer {
  return { actor, unitKey: actor.unitId ? accusedUnitKey(deps.codec, actor.unitId) : null };
}

export function accessFactsOfItem(deps: Pick<AppDeps, 'codec'>, item: Item): ItemAccessFacts {
  return accessFactsOf(item, (u) => accusedUnitKey(deps.codec, u));
}

/** The actor's scope over all items, for the SQL twin of the rule (`store/item-scope.ts`). */
export function scopeOf(deps: Pick<AppDeps, 'codec'>, actor: Actor): ReadScope {
  return readScopeOf(viewerOf(deps, actor));
}

/**
 * A leader's case access to one item: he holds a 积案 linking it (包案), or it (or its 积案) was escalated to him
 * or instructed by him (请示 / 批示). `identityAccessOf` turns it into the right to see the identity — of those
 * items only. Nobody else has case access.
 */
export async function caseAccessOf(db: DbOrTrx, actor: Actor, item: Item): Promise<CaseAccess> {
  if (actor.role !== 'leader') return NO_CASE_ACCESS;
  return leaderCaseAccess(db, actor.userId, item.id);
}

export interface OpenedItem {
  item: Item;
  viewer: Viewer;
  facts: ItemAccessFacts;
  standing: Standing;
  identity: IdentityAccess;
  scope: ReadScope;
}

/**
 * Loads an item the actor may open, with how the actor stands to it and what of the identity they may see; a
 * missing item and a forbidden one both answer `NOT_FOUND` with the same message.
 */
export async function openItem(deps: AppDeps, ctx: UseCaseCtx, id: string, db: DbOrTrx = deps.db): Promise<OpenedItem> {
  return openLoadedItem(deps, ctx, await loadItem(db, id, deps.codec), db);
}

/** `openItem` over an item already in hand (such as the one a registration has just written). */
export async function openLoadedItem(
  deps: AppDeps,
  ctx: UseCaseCtx,
  item: Item | null,
  db: DbOrTrx = deps.db,
): Promise<OpenedItem> {
  const viewer = viewerOf(deps, ctx.actor);
  const facts = item ? accessFactsOfItem(deps, item) : null;
  if (!item || !facts || !canOpenItem(viewer, facts)) throw new AppError('NOT_FOUND', ITEM_NOT_FOUND);
  const identity = identityAccessOf(viewer, facts, await caseAccessOf(db, ctx.actor, item));
  return { item, viewer, facts, standing: standingOf(viewer, facts), identity, scope: readScopeOf(viewer) };
}

/**
 * Fills the visibility columns of items stored before they existed (the migration cannot: it holds no key to
 * decrypt the petitioners). Runs at start-up in batches; returns how many items it filled.
 */
export async function fillVisibilityColumns(deps: Pick<AppDeps, 'db' | 'codec'>): Promise<number> {
  let done = 0;
  for (;;) {
    const ids = await itemsWithoutVisibility(deps.db, 200);
    if (!ids.length) return done;
    await deps.db.transaction().execute(async (trx) => {
      for (const id of ids) {
        const item = await loadItem(trx, id, deps.codec);
        if (item) await refreshVisibility(trx, item, deps.codec);
      }
    });
    done += ids.length;
  }
}
