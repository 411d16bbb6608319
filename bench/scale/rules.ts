/**
 * A rules edit at district size: the open-item total the progress bar shows (a count, against listing the ids as
 * it was done before), how long the edit takes to answer, and the background recompute's rate against loading
 * the same items without recomputing them.
 */
import { TERMINAL_STATUSES } from '../../contract/enums.ts';
import { settleBackgroundRuns } from '../../server/app/background-run.ts';
import type { AppDeps, UseCaseCtx } from '../../server/app/context.ts';
import { editRules, rulesRecomputeRun } from '../../server/app/rules-edit.ts';
import { countOpenItems, loadItem, openItemIds } from '../../server/store/item.store.ts';
import { emit, note, pct } from './emit.ts';

const timed = async <T>(f: () => Promise<T>): Promise<{ ms: number; value: T }> => {
  const t0 = performance.now();
  const value = await f();
  return { ms: performance.now() - t0, value };
};

export async function benchRules(deps: AppDeps, ctx: UseCaseCtx, prefix: string): Promise<void> {
  const counts: number[] = [];
  const lists: number[] = [];
  let open = 0;
  for (let i = 0; i < 5; i++) {
    const c = await timed(() => countOpenItems(deps.db, TERMINAL_STATUSES));
    const l = await timed(() => openItemIds(deps.db, TERMINAL_STATUSES, '', 1_000_000));
    counts.push(c.ms);
    lists.push(l.ms);
    open = c.value;
    if (c.value !== l.value.length) throw new Error(`count ${c.value} ≠ listed ${l.value.length}`);
  }
  emit(`${prefix}rules.open_total.p50`, pct(counts, 50), 'ms', pct(lists, 50), {
    openItems: open,
    note: 'count(*) of open items against listing their ids (the earlier way)',
  });
  // Baseline for the recompute: loading (and decrypting) the same open items, without deciding or writing.
  const sample = await openItemIds(deps.db, TERMINAL_STATUSES, '', Math.min(open, 2000));
  const load = await timed(async () => {
    for (const id of sample) await loadItem(deps.db, id, deps.codec);
  });
  const loadRate = (sample.length * 1000) / load.ms;
  const edit = await timed(() =>
    editRules(deps, ctx, { rules: { handle: { length: 45 } }, reason: '基准测试：办理期限调整' }),
  );
  note(`   rules edit answered in ${edit.ms.toFixed(0)} ms; recomputing ${open} open items in the background`);
  const run = await timed(() => settleBackgroundRuns());
  const state = await rulesRecomputeRun(deps, ctx);
  emit(`${prefix}rules.edit_answer`, edit.ms, 'ms', null, { openItems: open, note: 'save + audit + claim the run' });
  emit(`${prefix}rules.recompute_rate`, (open * 1000) / run.ms, 'items/s', loadRate, {
    openItems: open,
    changed: state?.result?.changed ?? null,
    status: state?.status ?? null,
    seconds: Math.round(run.ms / 100) / 10,
    note: 'baseline: loading the same items without recomputing',
  });
}
