import { appendAudit } from '../store/audit.store.ts';
import type { DbOrTrx } from '../store/db.ts';
import type { AppDeps, UseCaseCtx } from './context.ts';

/** Appends the audit event of one use-case action by the context's actor, inside the caller's transaction. */
export async function auditAction(
  deps: AppDeps,
  ctx: UseCaseCtx,
  trx: DbOrTrx,
  action: string,
  itemId: string | null,
  detail: unknown,
): Promise<void> {
  await appendAudit(
    trx,
    {
      at: deps.clock().toISOString(),
      actorId: ctx.actor.userId,
      actorRole: ctx.actor.role,
      action,
      itemId,
      detail,
      requestId: ctx.requestId,
    },
    deps,
  );
}
