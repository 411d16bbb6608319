import { STATUS_LABELS, type Status, type WarningLevelCode } from '../../contract/enums.ts';
import type { WorkbenchRow } from '../../contract/responses/items.ts';
import { BUREAU_TODO_STATUSES, UNIT_TODO_STATUSES } from '../../contract/status-sets.ts';
import { diffDays } from '../domain/calendar.ts';
import { currentFacts } from '../domain/facts-upgrade.ts';
import type { ItemFacts } from '../domain/item.ts';
import { isUnitRole, seesAllItems } from '../domain/item.policy.ts';
import { warningFromDates } from '../domain/warning-level.ts';
import { listTodoItems, type TodoRow } from '../store/item-list.store.ts';
import { todayOf, type AppDeps, type UseCaseCtx } from './context.ts';
import { scopeOf } from './visibility.ts';

/** States in which an assisting unit still owes its 协办意见 (until the lead's opinion is served). */
const ASSIST_TODO_STATUSES: readonly Status[] = ['routed', 'received', 'handling', 'replied'];

/** What an item waits for, and from whom, as the to-do list marks it. */
export interface Waiting {
  kind:
    | 'route'
    | 'sign_for'
    | 'approve_extension'
    | 'review_closing'
    | 'assist_opinion'
    | 'assists_pending'
    | 'assign_handler';
  label: string;
  /** The specifics (days and reason of an extension, how many 协办意见 are missing). */
  detail?: string;
}

/** The marks of one to-do row for the actor's side; `owed` is false when the row is nothing the actor must do. */
function waitingOf(r: TodoRow, actor: UseCaseCtx['actor']): { marks: Waiting[]; owed: boolean } {
  const unitId = isUnitRole(actor.role) ? actor.unitId : null;
  const marks: Waiting[] = [];
  let facts: ItemFacts | null = null;
  try {
    facts = r.facts ? currentFacts(r.facts as ItemFacts) : null;
  } catch {
    facts = null;
  }
  const assists = facts?.assists ?? [];
  const open = (a: (typeof assists)[number]) => !a.opinion && !a.waiver;
  if (r.assisting) {
    const mine = assists.find((a) => a.unitId === unitId);
    if (!mine || !open(mine)) return { marks, owed: false };
    marks.push({ kind: 'assist_opinion', label: '待提交协办意见', detail: `主办单位：${r.unitName ?? '—'}` });
    return { marks, owed: true };
  }
  if (r.status === 'registered') marks.push({ kind: 'route', label: '待交转' });
  if (r.status === 'routed' && unitId !== null) marks.push({ kind: 'sign_for', label: '待签收' });
  if (r.status === 'concluded') marks.push({ kind: 'review_closing', label: '办结待审核' });
  if (unitId !== null && r.handlerUserId === null && r.leadUnitId === unitId)
    marks.push({
      kind: 'assign_handler',
      label: actor.role === 'unit_head' ? '待指定经办人' : '未指定经办人',
    });
  const ext = facts?.extension;
  if (ext && ext.status === 'pending')
    marks.push({ kind: 'approve_extension', label: '延期待审批', detail: `申请延期 ${ext.days} 日：${ext.reason}` });
  const missing = assists.filter(open).length;
  if (missing && unitId !== null && ASSIST_TODO_STATUSES.includes(r.status as Status))
    marks.push({ kind: 'assists_pending', label: '待协办意见', detail: `尚有 ${missing} 个协办单位未提交协办意见` });
  return { marks, owed: true };
}

/**
 * The actor's to-do list: items waiting for the actor's side, each with its current deadline and warning
 * level, grouped by level with counts (超期 first). `now` is the clock's unless a job passes its own run time.
 */
export async function workbench(deps: AppDeps, ctx: UseCaseCtx, now: Date = deps.clock()) {
  const actor = ctx.actor;
  const today = todayOf(now);
  const states = isUnitRole(actor.role)
    ? UNIT_TODO_STATUSES
    : seesAllItems(actor.role) && actor.role !== 'leader'
      ? BUREAU_TODO_STATUSES
      : [];
  const empty = {
    today,
    counts: { overdue: 0, severe: 0, warning: 0, notice: 0, normal: 0, review: 0, none: 0 },
    groups: [] as { level: WarningLevelCode | 'none' | 'review'; items: WorkbenchRow[] }[],
    total: 0,
  };
  if (!states.length) return empty;
  const leadUnitId = isUnitRole(actor.role) ? (actor.unitId ?? '-') : null;
  const assist = leadUnitId && leadUnitId !== '-' ? { unitId: leadUnitId, states: ASSIST_TODO_STATUSES } : undefined;
  // A 经办人's list holds the items named to him and those his unit has named nobody for yet.
  const heldBy = actor.role === 'unit_handler' ? actor.userId : undefined;
  const rows = await listTodoItems(deps.db, scopeOf(deps, actor), states, leadUnitId, assist, heldBy);
  // 待审核 (a unit's 办结 report awaiting the bureau) has no deadline of its own: its own group, not 无期限.
  const order: (WarningLevelCode | 'none' | 'review')[] = [
    'overdue',
    'severe',
    'warning',
    'notice',
    'normal',
    'review',
    'none',
  ];
  const groups = new Map(order.map((l) => [l, [] as WorkbenchRow[]]));
  let total = 0;
  for (const r of rows) {
    const { marks, owed } = waitingOf(r, actor);
    if (!owed) continue;
    total++;
    const warning = warningFromDates(r, today) ?? 'none';
    const level = r.status === 'concluded' && warning === 'none' ? 'review' : warning;
    const daysLeft = r.dueOn ? diffDays(today, r.dueOn) : null;
    groups.get(level)!.push({
      id: r.id,
      number: r.number,
      title: r.title ?? '',
      status: r.status as Status,
      statusLabel: STATUS_LABELS[r.status as Status],
      channel: r.channel,
      registeredOn: r.registeredOn,
      dueOn: r.dueOn,
      dueRule: r.dueRule,
      daysLeft,
      warning,
      unit: r.unitName,
      version: r.version,
      waiting: marks,
      assisting: r.assisting,
      handler: r.assisting ? null : r.handlerName,
    });
  }
  const counts = Object.fromEntries(order.map((l) => [l, groups.get(l)!.length])) as typeof empty.counts;
  return {
    today,
    counts,
    total,
    groups: order.filter((l) => groups.get(l)!.length).map((level) => ({ level, items: groups.get(level)! })),
  };
}
