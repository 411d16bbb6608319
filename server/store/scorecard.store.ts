import type { Satisfaction, Status } from '../../contract/enums.ts';
import type { ObjectionFact } from '../domain/item.ts';
import type { ReadScope } from '../domain/visibility.policy.ts';
import type { DbOrTrx } from './db.ts';
import { visibleItems } from './item-scope.ts';

/**
 * What the unit scorecard reads: the items registered in a period with the dates, the stored deadlines and the
 * facts it counts (objections, send-backs). No personal data is read. Only ids the caller may open are returned by
 * `openableItemRefs` (the drill-down), with the masked title.
 */

export interface ScorecardDeadlineRow {
  rule: string;
  kind: string;
  party: string;
  start: string;
  due: string;
  metOn: string | null;
}

export interface ScorecardItemRow {
  id: string;
  registeredOn: string;
  status: Status;
  leadUnitId: string | null;
  isRepeat: boolean;
  acceptedOn: string | null;
  opinionOn: string | null;
  servedOn: string | null;
  satisfaction: Satisfaction | null;
  objections: ObjectionFact[];
  sendBackCount: number;
  deadlines: ScorecardDeadlineRow[];
}

/**
 * Items registered in [from, to] that `scope` may open (every status: the scorecard leaves out what it does not
 * count). The bureau's figures read with SYSTEM_SCOPE; a unit's own card reads with its scope, so each count is
 * made of exactly the items its drill-down opens.
 */
export async function scorecardItemRows(
  db: DbOrTrx,
  from: string,
  to: string,
  scope: ReadScope,
): Promise<ScorecardItemRow[]> {
  const rows = await db
    .selectFrom('items as i')
    .select([
      'i.id',
      'i.registered_on',
      'i.status',
      'i.lead_unit_id',
      'i.is_repeat',
      'i.accepted_on',
      'i.opinion_on',
      'i.served_on',
      'i.satisfaction',
      'i.data',
    ])
    .where('i.registered_on', '>=', from)
    .where('i.registered_on', '<=', to)
    .where(visibleItems(scope))
    .orderBy('i.registered_on')
    .orderBy('i.id')
    .execute();
  const deadlines = new Map<string, ScorecardDeadlineRow[]>();
  const dl = await db
    .selectFrom('deadlines as d')
    .innerJoin('items as i', 'i.id', 'd.item_id')
    .select(['d.item_id', 'd.rule', 'd.kind', 'd.party', 'd.start_on', 'd.due_on', 'd.met_on'])
    .where('i.registered_on', '>=', from)
    .where('i.registered_on', '<=', to)
    .where(visibleItems(scope))
    .execute();
  for (const d of dl) {
    const list = deadlines.get(d.item_id) ?? [];
    list.push({ rule: d.rule, kind: d.kind, party: d.party, start: d.start_on, due: d.due_on, metOn: d.met_on });
    deadlines.set(d.item_id, list);
  }
  return rows.map((r) => {
    const facts = (JSON.parse(r.data) as { facts?: { objections?: ObjectionFact[]; sendBacks?: unknown[] } }).facts;
    return {
      id: r.id,
      registeredOn: r.registered_on,
      status: r.status as Status,
      leadUnitId: r.lead_unit_id,
      isRepeat: Number(r.is_repeat) === 1,
      acceptedOn: r.accepted_on,
      opinionOn: r.opinion_on,
      servedOn: r.served_on,
      satisfaction: r.satisfaction as Satisfaction | null,
      objections: facts?.objections ?? [],
      sendBackCount: facts?.sendBacks?.length ?? 0,
      deadlines: deadlines.get(r.id) ?? [],
    };
  });
}

export interface ItemRef {
  id: string;
  number: string;
  maskedTitle: string;
  registeredOn: string;
  status: Status;
}

/** Of `ids`, the items the scope may open, with number and masked title (drill-down lists). */
export async function openableItemRefs(db: DbOrTrx, scope: ReadScope, ids: readonly string[]): Promise<ItemRef[]> {
  const out: ItemRef[] = [];
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 500) {
    const part = unique.slice(i, i + 500);
    const rows = await db
      .selectFrom('items as i')
      .select(['i.id', 'i.number', 'i.masked_title', 'i.registered_on', 'i.status'])
      .where('i.id', 'in', part)
      .where(visibleItems(scope))
      .execute();
    for (const r of rows)
      out.push({
        id: r.id,
        number: r.number,
        maskedTitle: r.masked_title ?? '',
        registeredOn: r.registered_on,
        status: r.status as Status,
      });
  }
  return out.sort((a, b) => (a.number < b.number ? -1 : a.number > b.number ? 1 : 0));
}
