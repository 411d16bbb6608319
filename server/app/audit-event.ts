import { appendAudit } from '../store/audit.store.ts';
import type { DbOrTrx } from '../store/db.ts';
import type { AppDeps, UseCaseCtx } from './context.ts';

/**
 * Appends one audit event for the acting user of `ctx` (inside `db` when it is a transaction): the common case
 * of appendAudit, with the time from the injected clock.
 */
export function recordAudit(
  db: DbOrTrx,
  deps: Pick<AppDeps, 'clock' | 'dialect' | 'auditKeys'>,
  ctx: UseCaseCtx,
  action: string,
  detail: unknown,
  itemId: string | null = null,
): Promise<number> {
  return appendAudit(
    db,
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
