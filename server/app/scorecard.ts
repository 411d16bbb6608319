import { AppError } from '../domain/errors.ts';
import type { Item } from '../domain/item.ts';
import type { ItemDeadline } from '../domain/item-deadlines.ts';
import { currentDuty } from '../domain/item-deadlines.ts';
import { isUnitRole, seesAllItems } from '../domain/item.policy.ts';
import {
  computeScorecard,
  dutyClockOf,
  objectionOutcomesOf,
  type Scorecard,
  type ScorecardItem,
  type UnitScore,
  scorecardSupervisionOf,
} from '../domain/scorecard.ts';
import { checkPeriod, comparisonPeriod } from '../report/report.ts';
import { SYSTEM_SCOPE, type ReadScope } from '../domain/visibility.policy.ts';
import { listUnits } from '../store/reference.store.ts';
import { listSupervisions } from '../store/supervision.store.ts';
import { openableItemRefs, scorecardItemRows, type ItemRef, type ScorecardItemRow } from '../store/scorecard.store.ts';
import { todayOf, type AppDeps, type UseCaseCtx } from './context.ts';
import { scopeOf } from './visibility.ts';

/**
 * The unit scorecard (把脉问诊) of a period for one reader: the bureau and leaders see every unit; a unit sees its
 * own card only. Every figure a reader sees is made of the items the visibility rule lets it open (a unit's card is
 * computed over its ReadScope), so each count equals the rows its drill-down opens; an item the unit may not open
 * (one naming it as accused, one it objected to and that went elsewhere) is neither counted nor listed for it. The
 * rank (and the change of rank) stays the district's: the place the bureau gives the unit among all units.
 */

export interface ScorecardQuery {
  from: string;
  to: string;
  /** The comparison period: the previous period of the same length (default), a year earlier, or none. */
  compare?: 'prev' | 'yoy' | 'none' | undefined;
}

export interface ScorecardView extends Scorecard {
  /** 'all' for the bureau and leaders, 'unit' for a unit's own card. */
  scope: 'all' | 'unit';
  /** The items behind the figures that the reader may open, by id (number, masked title). */
  items: Record<string, ItemRef>;
}

/** The scorecard facts of a stored item (the store's read model). */
export function scorecardItemOfRow(row: ScorecardItemRow): ScorecardItem {
  const unitDuties = row.deadlines.filter((d) => d.party === 'unit') as unknown as ItemDeadline[];
  const asItem = {
    facts: { objections: row.objections },
    leadUnitId: row.leadUnitId,
    status: row.status,
  } as unknown as Pick<Item, 'facts' | 'leadUnitId' | 'status'>;
  return {
    id: row.id,
    registeredOn: row.registeredOn,
    status: row.status,
    leadUnitId: row.leadUnitId,
    isRepeat: row.isRepeat,
    acceptance: dutyClockOf(row.deadlines, ['accept_notice']),
    handling: dutyClockOf(row.deadlines, ['handle', 'simple_handle']),
    acceptedOn: row.acceptedOn,
    opinionOn: row.opinionOn,
    servedOn: row.servedOn,
    satisfaction: row.satisfaction,
    unitDueOn: currentDuty(unitDuties)?.due ?? null,
    objections: objectionOutcomesOf(asItem),
    sendBackCount: row.sendBackCount,
  };
}

const ITEM_ID_KEYS = new Set(['ids', 'ofIds']);

/** Every item id under a unit's figures (the 督办 ids under `supervisions` are not item ids). */
function itemIdsOf(value: unknown, out: Set<string>): void {
  if (!value || typeof value !== 'object') return;
  for (const [k, v] of Object.entries(value)) {
    if (k === 'supervisions') continue;
    if (ITEM_ID_KEYS.has(k) && Array.isArray(v)) for (const id of v) out.add(String(id));
    else if (v && typeof v === 'object' && !Array.isArray(v)) itemIdsOf(v, out);
  }
}

/** A copy with every item-id list cut down to `allowed`. */
function keepIds<T>(value: T, allowed: ReadonlySet<string>): T {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === 'supervisions') out[k] = v;
    else if (ITEM_ID_KEYS.has(k) && Array.isArray(v)) out[k] = v.filter((id) => allowed.has(String(id)));
    else out[k] = keepIds(v, allowed);
  }
  return out as T;
}

/**
 * The scorecard figures over every unit (no reader): the CLI and the exports of the bureau. With `within`, the
 * figures of one unit over the items `scope` may open only (listed even when idle).
 */
export async function computeUnitScorecard(
  deps: AppDeps,
  q: ScorecardQuery,
  within?: { scope: ReadScope; unitId: string },
): Promise<Scorecard> {
  checkPeriod(q.from, q.to);
  const previous = q.compare === 'none' ? null : comparisonPeriod(q.from, q.to, q.compare ?? 'prev');
  const from = previous && previous.from < q.from ? previous.from : q.from;
  const to = previous && previous.to > q.to ? previous.to : q.to;
  const asOf = todayOf(deps.clock());
  const [rows, units, sups] = await Promise.all([
    scorecardItemRows(deps.db, from, to, within?.scope ?? SYSTEM_SCOPE),
    listUnits(deps.db),
    listSupervisions(deps.db, { issuedFrom: from, issuedTo: to, limit: 1_000_000 }),
  ]);
  const supervisions = sups.filter((x) => x.status !== 'cancelled').map((x) => scorecardSupervisionOf(x, asOf));
  return computeScorecard({
    units: units.filter((u) => !within || u.id === within.unitId).map((u) => ({ id: u.id, name: u.name })),
    items: rows.map(scorecardItemOfRow),
    supervisions,
    period: { from: q.from, to: q.to },
    previous,
    asOf,
    ...(within ? { settings: { includeIdle: true } } : {}),
  });
}

/** A unit's own card: its figures over what it may open, with the district's rank of it. */
async function ownCard(deps: AppDeps, q: ScorecardQuery, scope: ReadScope, district: UnitScore): Promise<UnitScore> {
  const mine = (await computeUnitScorecard(deps, q, { scope, unitId: district.unitId })).units[0]!;
  return {
    ...mine,
    rank: district.rank,
    previous: district.previous && mine.previous ? { ...mine.previous, rank: district.previous.rank } : null,
    change: district.change && mine.change ? { ...mine.change, rank: district.change.rank } : null,
  };
}

/** The scorecard as the reader may see it (API, web). */
export async function scorecardFor(deps: AppDeps, ctx: UseCaseCtx, q: ScorecardQuery): Promise<ScorecardView> {
  const { actor } = ctx;
  const all = seesAllItems(actor.role);
  if (!all && !(isUnitRole(actor.role) && actor.unitId))
    throw new AppError('FORBIDDEN', '只有信访部门、领导和责任单位可以查看单位考评');
  const card = await computeUnitScorecard(deps, q);
  const scope = scopeOf(deps, actor);
  const district = card.units.find((u) => u.unitId === actor.unitId);
  const units = all ? card.units : district ? [await ownCard(deps, q, scope, district)] : [];
  const ids = new Set<string>();
  for (const u of units) itemIdsOf(u, ids);
  const refs = await openableItemRefs(deps.db, scope, [...ids]);
  const allowed = new Set(refs.map((r) => r.id));
  return {
    ...card,
    units: units.map((u) => keepIds(u, allowed)),
    scope: all ? 'all' : 'unit',
    items: Object.fromEntries(refs.map((r) => [r.id, r])),
  };
}
