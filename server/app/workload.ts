import { ROLE_LABELS, type Role } from '../../contract/enums.ts';
import { UNIT_TODO_STATUSES } from '../../contract/status-sets.ts';
import { diffDays } from '../domain/calendar.ts';
import { AppError } from '../domain/errors.ts';
import { currentFacts } from '../domain/facts-upgrade.ts';
import type { Actor } from '../domain/item.policy.ts';
import { isUnitRole, seesAllItems } from '../domain/item.policy.ts';
import type { ItemFacts } from '../domain/item.ts';
import { itemLabelFromRow } from '../domain/notice-text.ts';
import { warningFromDates } from '../domain/warning-level.ts';
import { workloadOf, worklistFor, type WorkItem, type WorkSupervision } from '../domain/worklist.ts';
import { listUnits } from '../store/reference.store.ts';
import { listSupervisions } from '../store/supervision.store.ts';
import { listUsers } from '../store/user.store.ts';
import { listWorkloadItems, type WorkloadRow } from '../store/workload.store.ts';
import { todayOf, type AppDeps, type UseCaseCtx } from './context.ts';
import { scopeOf } from './visibility.ts';

/** Days ahead that count as 即将到期 on the workload screen (today included). */
export const DUE_SOON_DAYS = 5;

export interface WorkloadFiguresView {
  open: number;
  dueSoon: number;
  overdue: number;
  waiting: number;
}

export interface WorkloadView {
  today: string;
  dueSoonDays: number;
  units: ({ unitId: string; unitName: string; unassigned: number } & WorkloadFiguresView)[];
  people: ({
    userId: string;
    name: string;
    role: Role;
    roleLabel: string;
    unitId: string;
    unitName: string;
  } & WorkloadFiguresView)[];
}

function workItemOfRow(r: WorkloadRow, today: string): WorkItem {
  let facts: ItemFacts | null = null;
  try {
    facts = r.facts ? currentFacts(r.facts as ItemFacts) : null;
  } catch {
    facts = null;
  }
  const ext = facts?.extension ?? null;
  const level = warningFromDates(r, today);
  return {
    label: itemLabelFromRow(r),
    status: r.status,
    leadUnitId: r.leadUnitId,
    handlerUserId: r.handlerUserId,
    routedOn: facts?.route?.on ?? null,
    concludedOn: facts?.concludedOn ?? null,
    extension: ext ? { status: ext.status, days: ext.days, reason: ext.reason, requestedOn: ext.requestedOn } : null,
    currentDuty:
      r.dueOn && level ? { name: '办理期限', due: r.dueOn, level, daysLeft: diffDays(today, r.dueOn) } : null,
  };
}

/**
 * 工作量: per unit and per person of a unit, the open items (led by the unit / named to the person), those due
 * within five days, those overdue, and what waits for them (their to-do entries: sign for, name a handler, decide
 * an extension, handle, answer a 督办). A unit head sees his unit; the bureau and leaders see every unit. Counts
 * only: the lists behind them are the item list's 经办人 and unit filters, under the reader's own scope.
 */
export async function workload(deps: AppDeps, ctx: UseCaseCtx): Promise<WorkloadView> {
  const actor = ctx.actor;
  let unitId: string | null;
  if (actor.role === 'unit_head' && actor.unitId) unitId = actor.unitId;
  else if (seesAllItems(actor.role)) unitId = null;
  else throw new AppError('FORBIDDEN', '工作量由单位负责人和信访部门查看');
  const today = todayOf(deps.clock());
  const rows = await listWorkloadItems(deps.db, scopeOf(deps, actor), UNIT_TODO_STATUSES, unitId);
  const units = new Map((await listUnits(deps.db)).map((u) => [u.id, u.name] as const));
  const people = (await listUsers(deps.db)).filter(
    (u) => !u.disabled && isUnitRole(u.role) && u.unitId !== null && (unitId === null || u.unitId === unitId),
  );
  const open = [
    ...(await listSupervisions(deps.db, { status: 'issued', ...(unitId ? { unitId } : {}), limit: 5000 })),
    ...(await listSupervisions(deps.db, { status: 'pressed', ...(unitId ? { unitId } : {}), limit: 5000 })),
  ];
  const numbers = new Map(rows.map((r) => [r.id, r.number] as const));
  const supervisions: WorkSupervision[] = open.map((s) => ({
    supervision: s,
    itemNumbers: s.itemIds.map((id) => numbers.get(id) ?? ''),
  }));
  const items = rows.map((r) => workItemOfRow(r, today));
  const byUnit = new Map<string, WorkItem[]>();
  for (const it of items) {
    const list = byUnit.get(it.leadUnitId!) ?? [];
    list.push(it);
    byUnit.set(it.leadUnitId!, list);
  }
  const w = workloadOf(
    {
      items: rows.map((r) => ({
        itemId: r.id,
        status: r.status,
        leadUnitId: r.leadUnitId,
        handlerUserId: r.handlerUserId,
        unitDueOn: r.dueOn,
      })),
      people: people.map((u) => {
        const a: Actor = {
          userId: u.id,
          username: u.username,
          displayName: u.displayName,
          role: u.role,
          unitId: u.unitId,
        };
        const mine = {
          items: byUnit.get(u.unitId!) ?? [],
          supervisions: supervisions.filter((s) => s.supervision.unitId === u.unitId),
        };
        return { userId: u.id, unitId: u.unitId, waiting: worklistFor(a, mine, today) };
      }),
    },
    today,
    DUE_SOON_DAYS,
  );
  const counts = (f: { open: string[]; dueSoon: string[]; overdue: string[]; waiting: string[] }) => ({
    open: f.open.length,
    dueSoon: f.dueSoon.length,
    overdue: f.overdue.length,
    waiting: f.waiting.length,
  });
  const byId = new Map(people.map((u) => [u.id, u] as const));
  return {
    today,
    dueSoonDays: DUE_SOON_DAYS,
    units: w.units
      .map((u) => ({
        unitId: u.unitId,
        unitName: units.get(u.unitId) ?? '?',
        unassigned: rows.filter((r) => r.leadUnitId === u.unitId && r.handlerUserId === null).length,
        ...counts(u),
      }))
      .sort((a, b) => b.overdue - a.overdue || b.open - a.open || a.unitName.localeCompare(b.unitName, 'zh')),
    people: w.people
      .map((p) => {
        const u = byId.get(p.userId)!;
        return {
          userId: p.userId,
          name: u.displayName,
          role: u.role,
          roleLabel: ROLE_LABELS[u.role],
          unitId: p.unitId!,
          unitName: units.get(p.unitId!) ?? '?',
          ...counts(p),
        };
      })
      .sort((a, b) => a.unitName.localeCompare(b.unitName, 'zh') || b.open - a.open || a.name.localeCompare(b.name)),
  };
}
