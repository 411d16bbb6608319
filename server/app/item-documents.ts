import { AppError } from '../domain/errors.ts';
import { deadlinesOf } from '../domain/item-deadlines.ts';
import { canSeeIdentity, canViewItem } from '../domain/item.policy.ts';
import { availableDocuments, ITEM_DOCUMENTS, itemDocumentDocx, type ItemDocumentKind } from '../exports/item-docs.ts';
import { appendAudit } from '../store/audit.store.ts';
import { loadItem } from '../store/item.store.ts';
import { getUnit } from '../store/reference.store.ts';
import { getSetting } from '../store/settings.store.ts';
import { loadClockwork, type AppDeps, type UseCaseCtx } from './context.ts';

/**
 * Generates a notice to the petitioner (受理告知书, 延期告知书, 处理意见书, 不予/不再受理告知书) from the item's
 * facts. The document names the petitioner, so it is a read of their identity: allowed only to those who may
 * see it, and audited.
 */
export async function itemDocument(
  deps: AppDeps,
  ctx: UseCaseCtx,
  id: string,
  kind: string,
): Promise<{ name: string; content: Buffer }> {
  const item = await loadItem(deps.db, id, deps.codec);
  if (!item || !canViewItem(ctx.actor, item)) throw new AppError('NOT_FOUND', '信访事项不存在或无权查看');
  if (!(kind in ITEM_DOCUMENTS)) throw new AppError('NOT_FOUND', `没有名为 ${kind} 的文书`);
  const k = kind as ItemDocumentKind;
  if (!availableDocuments(item).includes(k))
    throw new AppError('STEP_NOT_ALLOWED', `该事项尚不能生成「${ITEM_DOCUMENTS[k]}」：相应的办理步骤还没有发生`);
  if (!canSeeIdentity(ctx.actor, item)) throw new AppError('FORBIDDEN', '文书载有信访人身份信息，您无权生成');
  const cw = await loadClockwork(deps.db, deps.clock());
  const lead = item.leadUnitId ? await getUnit(deps.db, item.leadUnitId) : null;
  const bureau = await getSetting(deps.db, 'bureau_name', '区信访局');
  const issuer = k === 'decline_notice' && !item.facts.unitReceivedOn ? bureau : (lead?.name ?? bureau);
  const reviewOrgan = await getSetting(deps.db, 'review_organ', '区人民政府');
  const content = await itemDocumentDocx(k, {
    item,
    deadlines: deadlinesOf(item, cw.calendar, cw.rules, cw.today, cw.thresholds),
    issuer,
    reviewOrgan,
  });
  await appendAudit(
    deps.db,
    {
      at: deps.clock().toISOString(),
      actorId: ctx.actor.userId,
      actorRole: ctx.actor.role,
      action: 'item.document',
      itemId: id,
      detail: { kind: k },
      requestId: ctx.requestId,
    },
    deps,
  );
  return { name: `${ITEM_DOCUMENTS[k]}-${item.number}.docx`, content };
}
