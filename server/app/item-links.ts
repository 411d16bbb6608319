/**
 * A registrar links two items afterwards (the later repeats the earlier one, or is another record of the same
 * matter) or removes such a link, always with a reason; each change is kept in the link history, on both
 * items' timelines and in the audit log, in one transaction. A link is shown and changed only where the viewer
 * may see it by the visibility rule (`canSeeLink`): otherwise the answer is that of a missing item.
 */
import { AppError } from '../domain/errors.ts';
import { canRegister } from '../domain/item.policy.ts';
import { canSeeLink } from '../domain/visibility.policy.ts';
import { appendAudit } from '../store/audit.store.ts';
import type { DbOrTrx } from '../store/db.ts';
import { appendEvent } from '../store/item.store.ts';
import {
  appendLinkChange,
  deleteLink,
  findLink,
  insertLink,
  linkHistoryOf,
  repeatEarlierIds,
  type ItemLink,
} from '../store/link.store.ts';
import { loadClockwork, type AppDeps, type UseCaseCtx } from './context.ts';
import { saveItemChange } from './derive.ts';
import { ITEM_NOT_FOUND, openItem, type OpenedItem } from './visibility.ts';

export type LinkKind = ItemLink['kind'];
const KIND_LABEL: Record<LinkKind, string> = { repeat: '重复信访', duplicate: '同一事项' };

export interface LinkChangeInput {
  /** The other item of the link, seen from the item in the path. */
  otherId: string;
  kind?: LinkKind;
  reason: string;
}

/** Opens both items; either missing, or the link not visible to the actor, answers like a missing item. */
async function openPair(deps: AppDeps, ctx: UseCaseCtx, trx: DbOrTrx, itemId: string, otherId: string) {
  if (!canRegister(ctx.actor)) throw new AppError('FORBIDDEN', '只有登记人员可以关联或解除关联事项');
  if (itemId === otherId) throw new AppError('VALIDATION', '不能把事项与其自身关联，请选择另一件事项');
  const a = await openItem(deps, ctx, itemId, trx);
  const b = await openItem(deps, ctx, otherId, trx);
  if (!canSeeLink(a.viewer, a.facts, b.facts)) throw new AppError('NOT_FOUND', ITEM_NOT_FOUND);
  // The later registration repeats the earlier one (the same day: the lower number is the earlier).
  const aLater =
    a.item.registeredOn > b.item.registeredOn ||
    (a.item.registeredOn === b.item.registeredOn && a.item.number > b.item.number);
  return aLater ? { later: a, earlier: b } : { later: b, earlier: a };
}

function cleanReason(reason: string): string {
  const r = reason.trim();
  if (r.length < 2) throw new AppError('VALIDATION', '请填写关联或解除关联的理由（至少 2 个字）');
  if (r.length > 500) throw new AppError('VALIDATION', '理由不超过 500 字');
  return r;
}

/**
 * Writes the change: the later item's 重件 mark and earlier ids follow its repeat links (version-checked item
 * write with a timeline entry), the earlier item gets a timeline entry, the history row and the audit event.
 */
async function record(
  deps: AppDeps,
  ctx: UseCaseCtx,
  trx: DbOrTrx,
  pair: { later: OpenedItem; earlier: OpenedItem },
  action: 'link' | 'unlink',
  kind: LinkKind,
  reason: string,
) {
  const now = deps.clock();
  const at = now.toISOString();
  const { later, earlier } = pair;
  const verb = action === 'link' ? '关联' : '解除关联';
  const author = { id: ctx.actor.userId, name: ctx.actor.displayName, role: ctx.actor.role };
  // The timeline is shown to everyone who opens the item, also to units that may not see the other item: it
  // names neither the other item nor the reason (both are in the link history, filtered by `canSeeLink`).
  const data = { action, kind };
  const repeats = await repeatEarlierIds(trx, later.item.id);
  const cw = await loadClockwork(trx, now);
  await saveItemChange(
    trx,
    deps,
    cw,
    { ...later.item, isRepeat: repeats.length > 0, earlierItemIds: repeats },
    later.item.version,
    {
      at,
      onDate: cw.today,
      step: 'link',
      author,
      summary: `登记人员${verb}前件（${KIND_LABEL[kind]}）`,
      data,
    },
  );
  await appendEvent(
    trx,
    {
      itemId: earlier.item.id,
      at,
      onDate: cw.today,
      step: 'link',
      actorId: author.id,
      actorName: author.name,
      actorRole: author.role,
      summary: `登记人员${verb}后件（${KIND_LABEL[kind]}）`,
      data,
    },
    deps.newId(),
  );
  await appendLinkChange(trx, {
    id: deps.newId(),
    itemId: later.item.id,
    earlierId: earlier.item.id,
    action,
    kind,
    reason,
    actorId: author.id,
    actorName: author.name,
    at,
  });
  await appendAudit(
    trx,
    {
      at,
      actorId: author.id,
      actorRole: author.role,
      action: `item.${action}`,
      itemId: later.item.id,
      detail: { earlierId: earlier.item.id, kind, reason, repeat: repeats.length > 0 },
      requestId: ctx.requestId,
    },
    deps,
  );
  return { itemId: later.item.id, earlierId: earlier.item.id, kind, action, isRepeat: repeats.length > 0 };
}

/** Links the item to another one (the later of the two repeats or duplicates the earlier); `DUPLICATE` if linked. */
export async function linkItems(deps: AppDeps, ctx: UseCaseCtx, itemId: string, input: LinkChangeInput) {
  const reason = cleanReason(input.reason);
  const kind = input.kind ?? 'repeat';
  return deps.db.transaction().execute(async (trx) => {
    const pair = await openPair(deps, ctx, trx, itemId, input.otherId);
    if (await findLink(trx, pair.later.item.id, pair.earlier.item.id))
      throw new AppError('DUPLICATE', `两件事项已关联（${pair.later.item.number} → ${pair.earlier.item.number}）`);
    await insertLink(trx, {
      itemId: pair.later.item.id,
      earlierId: pair.earlier.item.id,
      kind,
      similarity: 1,
      reason: `登记人员关联：${reason}`,
    });
    return record(deps, ctx, trx, pair, 'link', kind, reason);
  });
}

/** Removes the link between the item and another one; `NOT_FOUND` when they are not linked. */
export async function unlinkItems(deps: AppDeps, ctx: UseCaseCtx, itemId: string, input: LinkChangeInput) {
  const reason = cleanReason(input.reason);
  return deps.db.transaction().execute(async (trx) => {
    const pair = await openPair(deps, ctx, trx, itemId, input.otherId);
    const link = await findLink(trx, pair.later.item.id, pair.earlier.item.id);
    if (!link) throw new AppError('NOT_FOUND', '两件事项之间没有关联，无需解除');
    await deleteLink(trx, link.itemId, link.earlierId);
    return record(deps, ctx, trx, pair, 'unlink', link.kind, reason);
  });
}

/** The link history of an item, limited to links the actor may see from it (`canSeeLink`). */
export async function getLinkHistory(deps: AppDeps, ctx: UseCaseCtx, itemId: string) {
  const o = await openItem(deps, ctx, itemId);
  if (o.identity === 'hidden' || o.standing === 'accused') return [];
  return linkHistoryOf(deps.db, itemId, o.scope, o.identity === 'full');
}
