import type { OutboxState } from '../../contract/supervision.ts';
import { AppError } from '../domain/errors.ts';
import { canAdminister } from '../domain/item.policy.ts';
import { appendAudit } from '../store/audit.store.ts';
import { listOutbox, type OutboxMessage, requeueOutbox } from '../store/outbox.store.ts';
import { listUserNames } from '../store/user.store.ts';
import type { AppDeps, UseCaseCtx } from './context.ts';

/**
 * The administrator's 外发消息 screen: the outbox newest first with each message's delivery state, attempts, next
 * try and last error, and 重新发送 for a message that failed for good (audited). The texts are the outbound ones
 * (no title in an SMS, never more than a masked title in an e-mail), so listing them shows no petitioner.
 */

/** A message as the screen shows it: the store's record with the recipient's name in place of internal keys. */
export type OutboxView = Omit<OutboxMessage, 'dedupeKey' | 'recipientUserId' | 'providerId' | 'updatedAt'> & {
  recipient: string | null;
};

function mustAdminister(ctx: UseCaseCtx): void {
  if (!canAdminister(ctx.actor)) throw new AppError('FORBIDDEN', '只有系统管理员可以查看外发消息');
}

export async function outboxStatus(
  deps: AppDeps,
  ctx: UseCaseCtx,
  q: { state?: OutboxState; limit?: number },
): Promise<{ messages: OutboxView[] }> {
  mustAdminister(ctx);
  const [rows, names] = await Promise.all([
    listOutbox(deps.db, { state: q.state, limit: q.limit ?? 200 }),
    listUserNames(deps.db),
  ]);
  const nameOf = new Map(names.map((u) => [u.id, u.displayName] as const));
  return {
    messages: rows.map(({ dedupeKey, recipientUserId, providerId, updatedAt, ...shown }) => ({
      ...shown,
      recipient: recipientUserId ? (nameOf.get(recipientUserId) ?? null) : null,
    })),
  };
}

/** 重新发送: a failed message goes back in the queue with its attempts reset; the dispatcher takes it next minute. */
export async function requeueOutboxMessage(deps: AppDeps, ctx: UseCaseCtx, id: string): Promise<{ ok: true }> {
  mustAdminister(ctx);
  const now = deps.clock().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    if (!(await requeueOutbox(trx, id, now)))
      throw new AppError('CONFLICT', '只有发送失败的消息可以重新发送（该消息不存在或不是发送失败状态）');
    await appendAudit(
      trx,
      {
        at: now,
        actorId: ctx.actor.userId,
        actorRole: ctx.actor.role,
        action: 'outbox.requeue',
        itemId: null,
        detail: { messageId: id },
        requestId: ctx.requestId,
      },
      deps,
    );
  });
  return { ok: true };
}
