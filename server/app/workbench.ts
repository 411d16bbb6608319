import { STATUS_LABELS, type Status, type WarningLevelCode } from '../../contract/enums.ts';
import { BUREAU_TODO_STATUSES, UNIT_TODO_STATUSES } from '../../contract/status-sets.ts';
import { diffDays } from '../domain/calendar.ts';
import { isUnitRole, seesAllItems } from '../domain/item.policy.ts';
import { warningFromDates } from '../domain/warning-level.ts';
import { listTodoItems } from '../store/item-list.store.ts';
import { todayOf, type AppDeps, type UseCaseCtx } from './context.ts';
import { scopeOf } from './visibility.ts';

/**
 * The actor's to-do list: items waiting for the actor's side, each with its current deadline and warning
 * level, grouped by level with counts (超期 first).
 */
export async function workbench(deps: AppDeps, ctx: UseCaseCtx) {
  const actor = ctx.actor;
  const today = todayOf(deps.clock());
  const states = isUnitRole(actor.role)
    ? UNIT_TODO_STATUSES
    : seesAllItems(actor.role) && actor.role !== 'leader'
      ? BUREAU_TODO_STATUSES
      : [];
  const empty = {
    today,
    counts: { overdue: 0, severe: 0, warning: 0, notice: 0, normal: 0, none: 0 },
    groups: [] as { level: WarningLevelCode | 'none'; items: unknown[] }[],
    total: 0,
  };
  if (!states.length) return empty;
  const leadUnitId = isUnitRole(actor.role) ? (actor.unitId ?? '-') : null;
  const rows = await listTodoItems(deps.db, scopeOf(deps, actor), states, leadUnitId);
  const order: (WarningLevelCode | 'none')[] = ['overdue', 'severe', 'warning', 'notice', 'normal', 'none'];
  const groups = new Map(order.map((l) => [l, [] as unknown[]]));
  for (const r of rows) {
    const level = warningFromDates(r, today) ?? 'none';
    const daysLeft = r.dueOn ? diffDays(today, r.dueOn) : null;
    groups.get(level)!.push({
      id: r.id,
      number: r.number,
      title: r.title ?? '',
      status: r.status,
      statusLabel: STATUS_LABELS[r.status as Status],
      channel: r.channel,
      registeredOn: r.registeredOn,
      dueOn: r.dueOn,
      dueRule: r.dueRule,
      daysLeft,
      warning: level,
      unit: r.unitName,
      version: r.version,
    });
  }
  const counts = Object.fromEntries(order.map((l) => [l, groups.get(l)!.length])) as typeof empty.counts;
  return {
    today,
    counts,
    total: rows.length,
    groups: order.filter((l) => groups.get(l)!.length).map((level) => ({ level, items: groups.get(level)! })),
  };
}
