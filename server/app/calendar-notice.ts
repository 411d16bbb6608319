import { TERMINAL_STATUSES } from '../../contract/enums.ts';
import { calendarCoverageWarnings, mergeCalendarNotice, parseCalendarNotice } from '../domain/calendar-notice.ts';
import { AppError } from '../domain/errors.ts';
import { canAdminister, seesAllItems } from '../domain/item.policy.ts';
import { type StoredClock, recomputePlan, storedClockOf } from '../domain/recompute-plan.ts';
import { deadlinesOf } from '../domain/item-deadlines.ts';
import { appendAudit } from '../store/audit.store.ts';
import { calendarEntries, setCalendarDay } from '../store/calendar.store.ts';
import { loadItem, openItemIds } from '../store/item.store.ts';
import { loadClockwork, type AppDeps, type UseCaseCtx } from './context.ts';
import { saveItemChange } from './derive.ts';

/**
 * Which years the work calendar holds the official notice for, and the reminders to show today (from 1 October of
 * the year before a missing year; deadlines falling in a missing year are provisional). For the bureau and admins.
 */
export async function calendarCoverage(deps: AppDeps, ctx: UseCaseCtx) {
  if (!seesAllItems(ctx.actor.role) && !canAdminister(ctx.actor))
    throw new AppError('FORBIDDEN', '只有信访部门和系统管理员可以查看工作日历状态');
  const cw = await loadClockwork(deps.db, deps.clock());
  return {
    today: cw.today,
    officialYears: cw.calendar.officialYears(),
    warnings: calendarCoverageWarnings(cw.calendar, cw.today),
  };
}

/**
 * Enters one year's official holiday notice in one step (the calendar JSON shape) and recomputes the deadlines of
 * every open item, each moved or settled one with a timeline line saying why. One transaction: a bad file changes
 * nothing. Admins only.
 */
export async function enterCalendarNotice(deps: AppDeps, ctx: UseCaseCtx, json: unknown, expectYear?: number) {
  if (!canAdminister(ctx.actor) && ctx.actor.userId !== 'system')
    throw new AppError('FORBIDDEN', '只有系统管理员可以录入节假日安排');
  const notice = parseCalendarNotice(json, expectYear);
  const now = deps.clock();
  const nowIso = now.toISOString();
  return deps.db.transaction().execute(async (trx) => {
    const before = await loadClockwork(trx, now);
    const merge = mergeCalendarNotice(await calendarEntries(trx), notice);
    for (const e of merge.removed) await setCalendarDay(trx, e.date, null);
    for (const e of [...merge.added, ...merge.changed.map((c) => c.after)])
      await setCalendarDay(trx, e.date, { kind: e.kind, name: e.name });
    const after = await loadClockwork(trx, now);
    await appendAudit(
      trx,
      {
        at: nowIso,
        actorId: ctx.actor.userId,
        actorRole: ctx.actor.role,
        action: 'calendar.notice',
        itemId: null,
        detail: {
          year: notice.year,
          notice: notice.notice,
          added: merge.added.length,
          removed: merge.removed.length,
          changed: merge.changed.length,
        },
        requestId: ctx.requestId,
      },
      deps,
    );
    const moved: { itemId: string; number: string; summary: string }[] = [];
    let last = '';
    for (;;) {
      const ids = await openItemIds(trx, TERMINAL_STATUSES, last, 200);
      if (!ids.length) break;
      last = ids.at(-1)!;
      for (const id of ids) {
        const item = (await loadItem(trx, id, deps.codec))!;
        const stored: StoredClock = storedClockOf(
          deadlinesOf(item, before.calendar, before.rules, before.today, before.thresholds),
          before.thresholds,
        );
        const plan = recomputePlan(item, stored, after, {
          kind: 'calendar_notice',
          year: notice.year,
          notice: notice.notice,
        });
        if (!plan.changed || !plan.summary) continue;
        await saveItemChange(trx, deps, after, item, item.version, {
          at: nowIso,
          onDate: after.today,
          step: 'deadline_moved',
          author: { id: ctx.actor.userId, name: ctx.actor.displayName, role: ctx.actor.role },
          summary: plan.summary,
          data: { year: notice.year },
        });
        moved.push({ itemId: id, number: item.number, summary: plan.summary });
      }
    }
    return {
      year: notice.year,
      notice: notice.notice,
      added: merge.added.length,
      removed: merge.removed.length,
      changed: merge.changed.length,
      moved,
    };
  });
}
