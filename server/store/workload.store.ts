import type { Status } from '../../contract/enums.ts';
import type { StoredDueDates } from '../domain/warning-level.ts';
import type { ReadScope } from '../domain/visibility.policy.ts';
import type { DbOrTrx } from './db.ts';
import { visibleItems } from './item-scope.ts';

/** One open item as the workload counts it: who leads it, who holds it, the current duty's dates. */
export interface WorkloadRow extends StoredDueDates {
  id: string;
  number: string;
  maskedTitle: string | null;
  status: Status;
  leadUnitId: string | null;
  handlerUserId: string | null;
  /** The item's stored facts (the caller upgrades them). */
  facts: unknown;
}

/**
 * The items within the scope in one of `states` led by `unitId` (every unit when null), for the per-person and
 * per-unit workload. Unlike the to-do list there is no row limit: a count must count everything.
 */
export async function listWorkloadItems(
  db: DbOrTrx,
  scope: ReadScope,
  states: readonly Status[],
  unitId: string | null,
): Promise<WorkloadRow[]> {
  let q = db
    .selectFrom('items as i')
    .select([
      'i.id',
      'i.number',
      'i.masked_title',
      'i.status',
      'i.lead_unit_id',
      'i.handler_user_id',
      'i.due_on',
      'i.notice_on',
      'i.warning_on',
      'i.severe_on',
      'i.data',
    ])
    .where('i.status', 'in', [...states])
    .where('i.lead_unit_id', 'is not', null)
    .where(visibleItems(scope, 'i', unitId === null ? 'rows' : 'units'));
  if (unitId !== null) q = q.where('i.lead_unit_id', '=', unitId);
  const rows = await q.orderBy('i.id').execute();
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    maskedTitle: r.masked_title,
    status: r.status as Status,
    leadUnitId: r.lead_unit_id,
    handlerUserId: r.handler_user_id,
    dueOn: r.due_on,
    noticeOn: r.notice_on,
    warningOn: r.warning_on,
    severeOn: r.severe_on,
    facts: (JSON.parse(r.data) as { facts?: unknown }).facts ?? null,
  }));
}
