import { TERMINAL_STATUSES } from '../../contract/enums.ts';
import { DEFAULT_RULES, type WarningThresholds } from '../domain/deadline.ts';
import { AppError } from '../domain/errors.ts';
import { canAdminister } from '../domain/item.policy.ts';
import { deadlinesOf } from '../domain/item-deadlines.ts';
import { type RecomputeCause, recomputePlan, storedClockOf } from '../domain/recompute-plan.ts';
import { appendAudit } from '../store/audit.store.ts';
import { countOpenItems, loadItem, openItemIds } from '../store/item.store.ts';
import { setSetting } from '../store/settings.store.ts';
import type { Role } from '../../contract/enums.ts';
import {
  type BackgroundRun,
  claimRun,
  driveClaimed,
  isLive,
  latestRun,
  resumeRun,
  type RunKind,
} from './background-run.ts';
import { type Clockwork, loadClockwork, loadRules, type AppDeps, type UseCaseCtx } from './context.ts';
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
 * starts the background recompute of the stored deadlines and warning dates of every open item (see
 * `rulesRecomputeKind`) and answers at once with its state. While a recompute runs, another edit waits (409).
 */
export async function editRules(deps: AppDeps, ctx: UseCaseCtx, body: RulesEdit) {
  if (!canAdminister(ctx.actor) && ctx.actor.userId !== 'system')
    throw new AppError('FORBIDDEN', '只有系统管理员可以修改期限规则');
  for (const k of Object.keys(body.rules ?? {}))
    if (!(k in DEFAULT_RULES)) throw new AppError('VALIDATION', `没有名为 ${k} 的期限规则`);
  const t = body.thresholds;
  if (t && !(t.notice <= t.warning && t.warning <= t.severe))
    throw new AppError('VALIDATION', '预警阈值应满足：预警 ≤ 警告 ≤ 严重警告');
  const now = deps.clock();
  const kind = rulesRecomputeKind(deps);
  const busy = () => new AppError('CONFLICT', '上一次规则调整的期限重算尚未完成，请等待完成后再修改');
  if (isLive(await latestRun(deps, kind), kind.staleMs, now)) throw busy();
  const nowIso = now.toISOString();
  const reason = body.reason?.trim() ?? '';
  // The rules, their audit entry and the claim of the recompute commit together: of two edits sent at the same
  // moment one claims the run and the other is refused with nothing written, so no edit rides on another's run.
  const run = await deps.db.transaction().execute(async (trx) => {
    const before = await loadClockwork(trx, now);
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
    const edit: RecomputeEdit = {
      cause: body.rules ? { kind: 'rules', reason, before: before.rules } : { kind: 'thresholds', reason },
      before: { rules: before.rules, thresholds: before.thresholds },
      at: nowIso,
      author: { id: ctx.actor.userId, name: ctx.actor.displayName, role: ctx.actor.role },
    };
    const total = await countOpenItems(trx, TERMINAL_STATUSES);
    const claimed = await claimRun<RecomputeResult, RecomputeCursor>(trx, deps, ctx, kind, total, { last: '', edit });
    if (!claimed) throw busy();
    return claimed;
  });
  driveClaimed(deps, kind, run);
  return { rules: Object.values(await loadRules(deps.db)), run: publicRun(run) };
}

/** What a recompute needs to go on after a restart: the edit's cause, the clock before it, who made it. */
export interface RecomputeEdit {
  cause: Extract<RecomputeCause, { kind: 'rules' | 'thresholds' }>;
  before: { rules: Clockwork['rules']; thresholds: Clockwork['thresholds'] };
  at: string;
  author: { id: string; name: string; role: Role };
}

/** Where a recompute goes on from: after the item with id `last` (ids ascending), for `edit`. */
export interface RecomputeCursor {
  last: string;
  edit: RecomputeEdit;
}

export interface RecomputeResult {
  items: number;
  changed: number;
  moved: { itemId: string; number: string; summary: string }[];
}

export type RulesRecomputeRun = BackgroundRun<RecomputeResult, RecomputeCursor>;

const KEY = 'rules_recompute';

/** Knobs for tests: the slice size, and a hook called after each slice's progress was recorded. */
export const recomputeTuning: { slice: number; afterSlice?: (done: number) => Promise<void> } = {
  slice: RECOMPUTE_BATCH,
};

/**
 * The background recompute after a rules edit: one transaction per slice of open items (ids ascending), each
 * changed item with a timeline line naming the cause and what moved; the cursor is the last item id done, so a
 * run resumed after a restart goes on from there and no item is recomputed twice.
 */
export function rulesRecomputeKind(deps: AppDeps): RunKind<RecomputeResult, RecomputeCursor> {
  return {
    key: KEY,
    staleMs: 2 * 60_000,
    work: async (run, progress) => {
      const cursor = run.cursor;
      if (!cursor) throw new Error('期限重算缺少规则调整记录');
      const { edit } = cursor;
      const { cause, author } = edit;
      const res: RecomputeResult = run.result ?? { items: 0, changed: 0, moved: [] };
      let last = cursor.last;
      let done = run.done;
      for (;;) {
        const now = deps.clock();
        const batch = await deps.db.transaction().execute(async (trx) => {
          const ids = await openItemIds(trx, TERMINAL_STATUSES, last, recomputeTuning.slice);
          const after = await loadClockwork(trx, now);
          const moved: RecomputeResult['moved'] = [];
          for (const id of ids) {
            const item = await loadItem(trx, id, deps.codec);
            if (!item) continue;
            const stored = storedClockOf(
              deadlinesOf(item, after.calendar, edit.before.rules, after.today, edit.before.thresholds),
              edit.before.thresholds,
            );
            const plan = recomputePlan(item, stored, after, cause);
            if (!plan.changed) continue;
            const summary =
              plan.summary ?? `预警阈值调整${cause.reason ? `（${cause.reason}）` : ''}：预警日期按新阈值重算`;
            await saveItemChange(trx, deps, after, item, item.version, {
              at: edit.at,
              onDate: after.today,
              step: 'deadline_moved',
              author,
              summary,
              data: { cause: cause.kind, changes: plan.changes },
            });
            moved.push({ itemId: id, number: item.number, summary });
          }
          return { ids, moved };
        });
        if (!batch.ids.length) break;
        last = batch.ids.at(-1)!;
        done += batch.ids.length;
        res.items += batch.ids.length;
        res.changed += batch.moved.length;
        res.moved.push(...batch.moved.slice(0, Math.max(0, MOVED_LISTED - res.moved.length)));
        // The partial result rides with the cursor so a resumed run reports the whole recompute.
        run.result = res;
        await progress(done, { last, edit });
        await recomputeTuning.afterSlice?.(done);
      }
      return res;
    },
  };
}

/** Changed items listed by number in the result (the count covers all of them). */
const MOVED_LISTED = 200;

/** The run as shown: progress and result, without the edit's stored clock. */
function publicRun(run: RulesRecomputeRun) {
  return { ...run, cursor: run.cursor ? { last: run.cursor.last } : null };
}

/** The latest recompute after a rules edit (running or finished), or null before the first. */
export async function rulesRecomputeRun(deps: AppDeps, ctx: UseCaseCtx) {
  if (!canAdminister(ctx.actor)) throw new AppError('FORBIDDEN', '只有系统管理员可以查看期限重算进度');
  const run = await latestRun<RecomputeResult, RecomputeCursor>(deps, { key: KEY });
  return run ? publicRun(run) : null;
}

/** At start-up: carries on a recompute left running by a process that stopped. */
export const resumeRulesRecompute = (deps: AppDeps) => resumeRun(deps, rulesRecomputeKind(deps));
