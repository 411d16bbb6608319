import type { CorrectItemBody } from '../../contract/dto.ts';
import { AppError } from '../domain/errors.ts';
import { correctItem } from '../domain/item-correction.ts';
import { canCorrect } from '../domain/item.policy.ts';
import type { Item } from '../domain/item.ts';
import { enqueueTextIndex } from '../store/text.store.ts';
import { appendAudit } from '../store/audit.store.ts';
import { taxonomyByCode } from '../store/reference.store.ts';
import { loadClockwork, type AppDeps, type UseCaseCtx } from './context.ts';
import { saveItemChange } from './derive.ts';
import { openItem } from './visibility.ts';

/**
 * 更正登记信息 by the registrar or reviewer, with a reason: applies the correction (pure), recomputes the derived
 * state (deadlines, class path and report domain, list columns) and writes the item (version-checked), a timeline
 * line with before/after and an audit entry with before/after, in one transaction.
 */
export async function correctRegisteredItem(
  deps: AppDeps,
  ctx: UseCaseCtx,
  itemId: string,
  body: CorrectItemBody,
): Promise<{ item: Item; summary: string }> {
  if (!canCorrect(ctx.actor)) throw new AppError('FORBIDDEN', '只有信访部门登记、审核人员可以更正登记信息');
  const now = deps.clock();
  const nowIso = now.toISOString();
  return deps.db.transaction().execute(async (trx) => {
    const { item } = await openItem(deps, ctx, itemId, trx);
    if (item.version !== body.version)
      throw new AppError('CONFLICT', '该事项已被他人修改，请刷新后重试', { current: item.version });
    const code = body.correction.classCode?.trim();
    if (code && !(await taxonomyByCode(trx, code)))
      throw new AppError('VALIDATION', `内容分类 ${code} 不存在，请从分类中选择`);
    const result = correctItem(item, { ...body.correction, reason: body.reason });
    const cw = await loadClockwork(trx, now);
    const next = result.item;
    await saveItemChange(trx, deps, cw, next, body.version, {
      at: nowIso,
      onDate: cw.today,
      step: 'correct',
      author: { id: ctx.actor.userId, name: ctx.actor.displayName, role: ctx.actor.role },
      summary: result.summary,
      data: { reason: body.reason, changes: result.changes, recompute: result.recompute },
    });
    // A corrected title or content gets new similarity bands from the background indexer.
    if (next.title !== item.title || next.content !== item.content) await enqueueTextIndex(trx, [next.id], nowIso);
    await appendAudit(
      trx,
      {
        at: nowIso,
        actorId: ctx.actor.userId,
        actorRole: ctx.actor.role,
        action: 'item.correct',
        itemId: next.id,
        detail: { reason: body.reason, changes: result.changes },
        requestId: ctx.requestId,
      },
      deps,
    );
    return { item: next, summary: result.summary };
  });
}
