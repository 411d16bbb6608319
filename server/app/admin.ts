import type { z } from 'zod';
import type { CalendarDayBody, UnitBody } from '../../contract/dto.ts';
import { ENDED_STATUSES } from '../../contract/status-sets.ts';
import { describeDueChange } from '../domain/deadline.ts';
import { AppError } from '../domain/errors.ts';
import { canAdminister } from '../domain/item.policy.ts';
import { deadlinesOf } from '../domain/item-deadlines.ts';
import { appendAudit } from '../store/audit.store.ts';
import { setCalendarDay } from '../store/calendar.store.ts';
import { listItemIdsNotInStatus, loadItem } from '../store/item.store.ts';
import { getUnit, insertUnit, listUnits, updateUnit } from '../store/reference.store.ts';
import { listUsers } from '../store/user.store.ts';
import { listGrants } from '../store/grant.store.ts';
import { GRANT_KIND_LABELS } from '../domain/grant.policy.ts';
import { loadClockwork, type AppDeps, type UseCaseCtx } from './context.ts';
import { saveItemChange } from './derive.ts';

function requireAdmin(ctx: UseCaseCtx): void {
  if (!canAdminister(ctx.actor) && ctx.actor.userId !== 'system')
    throw new AppError('FORBIDDEN', '只有系统管理员可以进行此操作');
}

/**
 * Changes one day of the work calendar and recomputes the deadlines of every open item; each item whose
 * due date moved gets a timeline entry saying why. Returns the moved items.
 */
export async function editCalendarDay(deps: AppDeps, ctx: UseCaseCtx, body: z.infer<typeof CalendarDayBody>) {
  requireAdmin(ctx);
  const now = deps.clock();
  const nowIso = now.toISOString();
  return deps.db.transaction().execute(async (trx) => {
    const before = await loadClockwork(trx, now);
    const name = body.name.trim() || (body.kind === 'holiday' ? '临时假日' : body.kind === 'makeup' ? '调休上班' : '');
    await setCalendarDay(trx, body.date, body.kind === 'normal' ? null : { kind: body.kind, name });
    const after = await loadClockwork(trx, now);
    await appendAudit(
      trx,
      {
        at: nowIso,
        actorId: ctx.actor.userId,
        actorRole: ctx.actor.role,
        action: 'calendar.edit',
        itemId: null,
        detail: body,
        requestId: ctx.requestId,
      },
      deps,
    );
    const open = await listItemIdsNotInStatus(trx, ENDED_STATUSES);
    const moved: { itemId: string; number: string; changes: string[] }[] = [];
    for (const id of open) {
      const item = (await loadItem(trx, id, deps.codec))!;
      const old = deadlinesOf(item, before.calendar, before.rules, before.today, before.thresholds);
      const fresh = deadlinesOf(item, after.calendar, after.rules, after.today, after.thresholds);
      const changes = fresh.flatMap((d) => {
        const o = old.find((x) => x.rule === d.rule);
        const why = o && o.due !== d.due ? describeDueChange(o, d, after.calendar) : null;
        return why ? [`${d.name}：${why}`] : [];
      });
      if (!changes.length) continue;
      const reason = body.reason.trim() ? `（${body.reason.trim()}）` : '';
      await saveItemChange(trx, deps, after, item, item.version, {
        at: nowIso,
        onDate: after.today,
        step: 'deadline_moved',
        author: { id: ctx.actor.userId, name: ctx.actor.displayName, role: ctx.actor.role },
        summary: `工作日历调整${reason}：${changes.join('；')}`,
        data: { date: body.date, kind: body.kind },
      });
      moved.push({ itemId: id, number: item.number, changes });
    }
    return { date: body.date, kind: body.kind, moved };
  });
}

export async function createUnit(deps: AppDeps, ctx: UseCaseCtx, body: z.infer<typeof UnitBody>) {
  requireAdmin(ctx);
  const nowIso = deps.clock().toISOString();
  return deps.db.transaction().execute(async (trx) => {
    if ((await listUnits(trx)).some((u) => u.name === body.name))
      throw new AppError('DUPLICATE', `单位「${body.name}」已存在`);
    if (body.parentId && !(await getUnit(trx, body.parentId))) throw new AppError('UNKNOWN_UNIT', '上级单位不存在');
    const unit = {
      id: deps.newId(),
      name: body.name,
      parentId: body.parentId ?? null,
      insideDistrict: body.insideDistrict,
      kind: body.kind,
      sort: body.sort,
    };
    await insertUnit(trx, unit, nowIso);
    await appendAudit(
      trx,
      {
        at: nowIso,
        actorId: ctx.actor.userId,
        actorRole: ctx.actor.role,
        action: 'unit.create',
        itemId: null,
        detail: unit,
        requestId: ctx.requestId,
      },
      deps,
    );
    return unit;
  });
}

export async function editUnit(deps: AppDeps, ctx: UseCaseCtx, id: string, body: z.infer<typeof UnitBody>) {
  requireAdmin(ctx);
  const nowIso = deps.clock().toISOString();
  return deps.db.transaction().execute(async (trx) => {
    const unit = await getUnit(trx, id);
    if (!unit) throw new AppError('NOT_FOUND', '单位不存在');
    if (body.parentId === id) throw new AppError('VALIDATION', '上级单位不能是本单位');
    const next = {
      ...unit,
      name: body.name,
      parentId: body.parentId ?? null,
      insideDistrict: body.insideDistrict,
      kind: body.kind,
      sort: body.sort,
    };
    await updateUnit(trx, next);
    await appendAudit(
      trx,
      {
        at: nowIso,
        actorId: ctx.actor.userId,
        actorRole: ctx.actor.role,
        action: 'unit.edit',
        itemId: null,
        detail: { before: unit, after: next },
        requestId: ctx.requestId,
      },
      deps,
    );
    return next;
  });
}

/**
 * The user list: the system administrator manages it; the security administrator reads it to unlock accounts.
 * Each account shows the request about it that is waiting for approval, if any.
 */
export async function usersForAdmin(deps: AppDeps, ctx: UseCaseCtx) {
  if (ctx.actor.role !== 'security_admin') requireAdmin(ctx);
  const pending = new Map((await listGrants(deps.db, { status: 'pending' })).map((g) => [g.username, g]));
  return (await listUsers(deps.db)).map((u) => {
    const p = pending.get(u.username);
    return {
      id: u.id,
      username: u.username,
      displayName: u.displayName,
      role: u.role,
      unitId: u.unitId,
      disabled: u.disabled,
      lockedUntil: u.lockedUntil,
      phone: u.phone,
      email: u.email,
      title: u.title,
      pending: p
        ? { id: p.id, kind: p.kind, kindLabel: GRANT_KIND_LABELS[p.kind], role: p.role, unitId: p.unitId }
        : null,
    };
  });
}

export { createUser, setUserDisabled } from './account-admin.ts';
