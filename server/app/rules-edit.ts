import { TERMINAL_STATUSES } from '../../contract/enums.ts';
import { DEFAULT_RULES, type WarningThresholds } from '../domain/deadline.ts';
import { AppError } from '../domain/errors.ts';
import { canAdminister } from '../domain/item.policy.ts';
import { deadlinesOf } from '../domain/item-deadlines.ts';
import { type RecomputeCause, recomputePlan, storedClockOf } from '../domain/recompute-plan.ts';
import { appendAudit } from '../store/audit.store.ts';
import { loadItem, openItemIds } from '../store/item.store.ts';
import { setSetting } from '../store/settings.store.ts';
import { loadClockwork, loadRules, type AppDeps, type UseCaseCtx } from './context.ts';
import { saveItemChange } from './derive.ts';

export interface RulesEdit {
  rules?: Record<string, object>;
  thresholds?: WarningThresholds;
  reason?: string;
}

/** Items recomputed per transaction: a long recompute never holds one lock for the whole table. */
export const RECOMPUTE_BATCH = 200;

/**
 * 修改期限规则或预警阈值 (admins): validates and stores the edit with its audit entry in one transaction, then
 * recomputes the stored deadlines and warning dates of every open item in batches (one transaction each), each
 * changed item with a timeline line naming the cause and what moved, so the list, workbench, overdue filter and
 * report agree with the detail page. `onProgress` is told after each batch.
 */
export async function editRules(
  deps: AppDeps,
  ctx: UseCaseCtx,
  body: RulesEdit,
  onProgress?: (done: number, changed: number) => void,
) {
  if (!canAdminister(ctx.actor) && ctx.actor.userId !== 'system')
    throw new AppError('FORBIDDEN', '只有系统管理员可以修改期限规则');
  for (const k of Object.keys(body.rules ?? {}))
    if (!(k in DEFAULT_RULES)) throw new AppError('VALIDATION', `没有名为 ${k} 的期限规则`);
  const t = body.thresholds;
  if (t && !(t.notice <= t.warning && t.warning <= t.severe))
    throw new AppError('VALIDATION', '预警阈值应满足：预警 ≤ 警告 ≤ 严重警告');
  const now = deps.clock();
  const nowIso = now.toISOString();
  const reason = body.reason?.trim() ?? '';
  const before = await deps.db.transaction().execute(async (trx) => {
    const cw = await loadClockwork(trx, now);
    if (body.rules) await setSetting(trx, 'deadline_rules', body.rules);
    if (t) await setSetting(trx, 'warning_thresholds', t);
    await appendAudit(
      trx,
      {
        at: nowIso,
        actorId: ctx.actor.userId,
        actorRole: ctx.actor.role,
        action: 'rules.edit',
        itemId: null,
        detail: body,
        requestId: ctx.requestId,
      },
      deps,
    );
    return cw;
  });
  const cause: RecomputeCause = body.rules
    ? { kind: 'rules', reason, before: before.rules }
    : { kind: 'thresholds', reason };
  let last = '';
  let done = 0;
  const moved: { itemId: string; number: string; summary: string }[] = [];
  for (;;) {
    const batch = await deps.db.transaction().execute(async (trx) => {
      const ids = await openItemIds(trx, TERMINAL_STATUSES, last, RECOMPUTE_BATCH);
      const after = await loadClockwork(trx, now);
      for (const id of ids) {
        const item = await loadItem(trx, id, deps.codec);
        if (!item) continue;
        const stored = storedClockOf(
          deadlinesOf(item, before.calendar, before.rules, before.today, before.thresholds),
          before.thresholds,
        );
        const plan = recomputePlan(item, stored, after, cause);
        if (!plan.changed) continue;
        const summary = plan.summary ?? `预警阈值调整${reason ? `（${reason}）` : ''}：预警日期按新阈值重算`;
        await saveItemChange(trx, deps, after, item, item.version, {
          at: nowIso,
          onDate: after.today,
          step: 'deadline_moved',
          author: { id: ctx.actor.userId, name: ctx.actor.displayName, role: ctx.actor.role },
          summary,
          data: { cause: cause.kind, changes: plan.changes },
        });
        moved.push({ itemId: id, number: item.number, summary });
      }
      return ids;
    });
    if (!batch.length) break;
    last = batch.at(-1)!;
    done += batch.length;
    onProgress?.(done, moved.length);
  }
  return { rules: Object.values(await loadRules(deps.db)), recomputed: { items: done, changed: moved.length, moved } };
}
