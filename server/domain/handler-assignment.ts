/**
 * 指定经办人 / 更换经办人: the lead unit's head names the person of his unit who holds an item, and names another
 * with a reason. Pure: the caller loads the item and the person, writes the result (version-checked) with a
 * timeline line and an audit entry.
 */
import { UNIT_TODO_STATUSES } from '../../contract/status-sets.ts';
import type { Role } from '../../contract/enums.ts';
import type { IsoDate } from './calendar.ts';
import { AppError } from './errors.ts';
import type { Actor } from './item.policy.ts';
import type { ActorRef, HandlerFact, Item } from './item.ts';

/** The person to be named, as the store knows them. */
export interface HandlerCandidate {
  userId: string;
  name: string;
  role: Role;
  unitId: string | null;
  disabled: boolean;
}

/** The item's current 经办人: only one named by the current lead unit holds it. */
export function currentHandler(item: Pick<Item, 'leadUnitId' | 'facts'>): HandlerFact | null {
  const h = item.facts.handler ?? null;
  return h && item.leadUnitId !== null && h.unitId === item.leadUnitId ? h : null;
}

/** Whether the actor may name or change the 经办人 of the item: a head of its lead unit. */
export function canAssignHandler(actor: Actor, item: Pick<Item, 'leadUnitId'>): boolean {
  return actor.role === 'unit_head' && actor.unitId !== null && actor.unitId === item.leadUnitId;
}

/**
 * Names `who` as the item's 经办人 on `on`. Refused: outside the unit's stages (待签收 to 已送达), a person of
 * another unit or a disabled account, the person who already holds it, and a change without a reason.
 */
export function assignHandler(
  item: Item,
  input: { who: HandlerCandidate; reason: string | null; on: IsoDate; by: ActorRef },
): { item: Item; summary: string; before: HandlerFact | null; after: HandlerFact } {
  if (!item.leadUnitId || !(UNIT_TODO_STATUSES as readonly string[]).includes(item.status))
    throw new AppError('STEP_NOT_ALLOWED', '事项当前不在责任单位办理环节，不能指定经办人');
  const who = input.who;
  if (who.unitId !== item.leadUnitId || (who.role !== 'unit_handler' && who.role !== 'unit_head'))
    throw new AppError('UNKNOWN_USER', '经办人须为本单位的经办人员或负责人，请从本单位人员中选择');
  if (who.disabled) throw new AppError('UNKNOWN_USER', `${who.name} 的账号已停用，请选择其他人员`);
  const before = currentHandler(item);
  if (before?.userId === who.userId) throw new AppError('VALIDATION', `${who.name} 已是该事项的经办人`);
  const reason = input.reason?.trim() || null;
  if (before && !reason) throw new AppError('VALIDATION', '更换经办人须填写理由');
  const after: HandlerFact = {
    userId: who.userId,
    name: who.name,
    unitId: who.unitId,
    since: input.on,
    by: input.by,
    reason,
  };
  const summary = before
    ? `经办人由 ${before.name} 更换为 ${who.name}，理由：${reason}`
    : `指定经办人 ${who.name}${reason ? `（${reason}）` : ''}`;
  return { item: { ...item, facts: { ...item.facts, handler: after } }, summary, before, after };
}
