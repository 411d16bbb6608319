import { AppError } from '../domain/errors.ts';
import { assignHandler, canAssignHandler, type HandlerCandidate } from '../domain/handler-assignment.ts';
import type { Item } from '../domain/item.ts';
import { itemLabelOf, itemLink, itemRef } from '../domain/notice-text.ts';
import { appendAudit } from '../store/audit.store.ts';
import { raiseNotification } from '../store/notification.store.ts';
import { userById } from '../store/user.store.ts';
import { loadClockwork, type AppDeps, type UseCaseCtx } from './context.ts';
import { saveItemChange } from './derive.ts';
import { openItem } from './visibility.ts';
import { recipientsOf } from './warning-notices.ts';

/**
 * 指定经办人 / 更换经办人 by a head of the item's lead unit: the item (version-checked) with a timeline line, an
 * audit entry with before/after and an in-app notice to the person named, in one transaction.
 */
export async function assignItemHandler(
  deps: AppDeps,
  ctx: UseCaseCtx,
  itemId: string,
  body: { version: number; userId: string; reason?: string | null },
): Promise<{ item: Item; summary: string }> {
  const now = deps.clock();
  const nowIso = now.toISOString();
  return deps.db.transaction().execute(async (trx) => {
    const { item } = await openItem(deps, ctx, itemId, trx);
    if (!canAssignHandler(ctx.actor, item)) throw new AppError('FORBIDDEN', '只有主办单位负责人可以指定或更换经办人');
    if (item.version !== body.version)
      throw new AppError('CONFLICT', '该事项已被他人修改，请刷新后重试', { current: item.version });
    const user = await userById(trx, body.userId);
    if (!user) throw new AppError('UNKNOWN_USER', '所选人员不存在，请从本单位人员中选择');
    const who: HandlerCandidate = {
      userId: user.id,
      name: user.displayName,
      role: user.role,
      unitId: user.unitId,
      disabled: user.disabled,
    };
    const cw = await loadClockwork(trx, now);
    const by = { userId: ctx.actor.userId, name: ctx.actor.displayName, unitId: ctx.actor.unitId };
    const result = assignHandler(item, { who, reason: body.reason ?? null, on: cw.today, by });
    const next = result.item;
    await saveItemChange(trx, deps, cw, next, body.version, {
      at: nowIso,
      onDate: cw.today,
      step: 'assign_handler',
      author: { id: ctx.actor.userId, name: ctx.actor.displayName, role: ctx.actor.role },
      summary: result.summary,
      data: { before: result.before, after: result.after },
    });
    await appendAudit(
      trx,
      {
        at: nowIso,
        actorId: ctx.actor.userId,
        actorRole: ctx.actor.role,
        action: 'item.assign_handler',
        itemId: next.id,
        detail: {
          before: result.before ? { userId: result.before.userId, name: result.before.name } : null,
          after: { userId: result.after.userId, name: result.after.name },
          reason: result.after.reason,
        },
        requestId: ctx.requestId,
      },
      deps,
    );
    // The person named is told, by what they may read of the item (never more).
    for (const r of recipientsOf(deps, next, [user])) {
      await raiseNotification(trx, {
        id: deps.newId(),
        key: `handler:${next.id}:${user.id}:${next.version}`,
        userId: r.userId,
        kind: 'handler_assigned',
        title: `请办理信访事项 ${next.number}`,
        body: `${ctx.actor.displayName} 指定您为信访事项 ${itemRef(itemLabelOf(next), r.identity)} 的经办人。`,
        link: itemLink(next.id),
        itemId: next.id,
        createdAt: nowIso,
      });
    }
    return { item: next, summary: result.summary };
  });
}
