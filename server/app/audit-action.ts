import type { DbOrTrx } from '../store/db.ts';
import { recordAudit } from './audit-event.ts';
import type { AppDeps, UseCaseCtx } from './context.ts';

/** {@link recordAudit} with the argument order of the leadership use cases (item before detail). */
export async function auditAction(
  deps: AppDeps,
  ctx: UseCaseCtx,
  trx: DbOrTrx,
  action: string,
  itemId: string | null,
  detail: unknown,
): Promise<void> {
  await recordAudit(trx, deps, ctx, action, detail, itemId);
}
