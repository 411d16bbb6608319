import { AppError } from '../domain/errors.ts';
import { deadlinesOf } from '../domain/item-deadlines.ts';
import { maskedItem } from '../domain/text-masking.ts';
import { availableDocuments, ITEM_DOCUMENTS, itemDocumentDocx, type ItemDocumentKind } from '../exports/item-docs.ts';
import { appendAudit } from '../store/audit.store.ts';
import { getUnit } from '../store/reference.store.ts';
import { getSetting } from '../store/settings.store.ts';
import { loadClockwork, type AppDeps, type UseCaseCtx } from './context.ts';
import { openItem } from './visibility.ts';

/**
 * Generates a notice to the petitioner (受理告知书, 延期告知书, 处理意见书, 不予/不再受理告知书) from the item's
 * facts. The document names the petitioner, so it is a read of their identity: in full only for those who may
 * see it (the bureau, the lead unit); masked for the others who may open the item; refused to the accused unit.
 * Every generation is audited, with which of the two it was.
 */
export async function itemDocument(
  deps: AppDeps,
  ctx: UseCaseCtx,
  id: string,
  kind: string,
): Promise<{ name: string; content: Buffer }> {
  const { item, identity } = await openItem(deps, ctx, id);
  if (!(kind in ITEM_DOCUMENTS)) throw new AppError('NOT_FOUND', `没有名为 ${kind} 的文书`);
  const k = kind as ItemDocumentKind;
  if (!availableDocuments(item).includes(k))
    throw new AppError('STEP_NOT_ALLOWED', `该事项尚不能生成「${ITEM_DOCUMENTS[k]}」：相应的办理步骤还没有发生`);
  if (identity === 'hidden') throw new AppError('FORBIDDEN', '文书载有信访人身份信息，您无权生成');
  const shown = identity === 'full' ? item : maskedItem(item);
  const cw = await loadClockwork(deps.db, deps.clock());
  const lead = item.leadUnitId ? await getUnit(deps.db, item.leadUnitId) : null;
  const bureau = await getSetting(deps.db, 'bureau_name', '区信访局');
  const issuer = k === 'decline_notice' && !item.facts.unitReceivedOn ? bureau : (lead?.name ?? bureau);
  const reviewOrgan = await getSetting(deps.db, 'review_organ', '区人民政府');
  const content = await itemDocumentDocx(k, {
    item: shown,
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
      detail: { kind: k, masked: identity !== 'full' },
      requestId: ctx.requestId,
    },
    deps,
  );
  return { name: `${ITEM_DOCUMENTS[k]}-${item.number}.docx`, content };
}
