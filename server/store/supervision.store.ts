import { OPEN_SUPERVISION_STATUSES, type SupervisionStatus } from '../../contract/supervision.ts';
import type { Supervision } from '../domain/supervision.ts';
import { nextCounter } from './counter.store.ts';
import type { DbOrTrx } from './db.ts';

/**
 * 督办 (督查督办) rows. The whole domain object is JSON in `data`; the columns are what the register filters on.
 * Writes check the version (a concurrent step fails with a conflict instead of overwriting).
 */

/** The next 督办 number of a year: 督办〔2025〕1号, race-free inside the caller's transaction. */
export async function nextSupervisionNumber(db: DbOrTrx, year: string): Promise<string> {
  return `督办〔${year}〕${await nextCounter(db, `supervision:${year}`)}号`;
}

export async function insertSupervision(db: DbOrTrx, s: Supervision, nowIso: string): Promise<void> {
  await db
    .insertInto('supervisions')
    .values({
      id: s.id,
      number: s.number,
      version: s.version,
      kind: s.kind,
      unit_id: s.unitId,
      status: s.status,
      issued_on: s.issuedOn,
      due_on: s.dueOn,
      data: JSON.stringify(s),
      created_at: nowIso,
      updated_at: nowIso,
    })
    .execute();
  await db
    .insertInto('supervision_items')
    .values(s.itemIds.map((itemId) => ({ supervision_id: s.id, item_id: itemId })))
    .execute();
}

/** Writes `s` (whose version is one past the stored one); false when the stored version is not `s.version - 1`. */
export async function updateSupervision(db: DbOrTrx, s: Supervision, nowIso: string): Promise<boolean> {
  const r = await db
    .updateTable('supervisions')
    .set({ version: s.version, status: s.status, due_on: s.dueOn, data: JSON.stringify(s), updated_at: nowIso })
    .where('id', '=', s.id)
    .where('version', '=', s.version - 1)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function loadSupervision(db: DbOrTrx, id: string): Promise<Supervision | null> {
  const r = await db.selectFrom('supervisions').select('data').where('id', '=', id).executeTakeFirst();
  return r ? (JSON.parse(r.data) as Supervision) : null;
}

export interface SupervisionFilter {
  /** Only 督办 addressed to this unit (a unit reader always passes its own). */
  unitId?: string;
  status?: SupervisionStatus;
  itemId?: string;
  issuedFrom?: string;
  issuedTo?: string;
  limit?: number;
}

/** 督办 newest first, by the register's filters. */
export async function listSupervisions(db: DbOrTrx, f: SupervisionFilter = {}): Promise<Supervision[]> {
  let q = db.selectFrom('supervisions as s').select('s.data');
  if (f.unitId) q = q.where('s.unit_id', '=', f.unitId);
  if (f.status) q = q.where('s.status', '=', f.status);
  if (f.issuedFrom) q = q.where('s.issued_on', '>=', f.issuedFrom);
  if (f.issuedTo) q = q.where('s.issued_on', '<=', f.issuedTo);
  if (f.itemId) {
    const itemId = f.itemId;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('supervision_items as si')
          .select('si.item_id')
          .whereRef('si.supervision_id', '=', 's.id')
          .where('si.item_id', '=', itemId),
      ),
    );
  }
  const rows = await q
    .orderBy('s.issued_on', 'desc')
    .orderBy('s.number', 'desc')
    .limit(f.limit ?? 500)
    .execute();
  return rows.map((r) => JSON.parse(r.data) as Supervision);
}

/** What may make an open item a 督办 candidate; the domain's predicates decide (supervision-suggest.ts). */
export interface SuggestionCandidateFilter {
  today: string;
  /** Statuses of ended items (never suggested). */
  terminal: readonly string[];
  /** Registrations of the same matter from which an item is suggested (0: off). */
  repeatAtLeast: number;
  /** Send-back-like events from which an item is suggested (0: off). */
  sentBackAtLeast: number;
}

/**
 * Ids of open, routed items that may deserve a 督办, by the columns kept for SQL: the current duty at 严重警告 or
 * overdue, rated 不满意, marked as a repeat, or sent back (退回重办 / a review decision, which may order a new
 * handling) often enough. A superset: the caller loads each and applies the domain's rules. Ordered by id.
 */
export async function supervisionSuggestionCandidates(db: DbOrTrx, f: SuggestionCandidateFilter): Promise<string[]> {
  const rows = await db
    .selectFrom('items as i')
    .select('i.id')
    .where('i.lead_unit_id', 'is not', null)
    .where('i.status', 'not in', [...f.terminal])
    .where((eb) => {
      const any = [eb('i.severe_on', '<=', f.today), eb('i.due_on', '<', f.today), eb('i.satisfaction', '=', '不满意')];
      if (f.repeatAtLeast > 1) any.push(eb('i.is_repeat', '=', 1));
      if (f.sentBackAtLeast > 0)
        any.push(
          eb(
            eb
              .selectFrom('events as e')
              .select((x) => x.fn.countAll<number>().as('n'))
              .whereRef('e.item_id', '=', 'i.id')
              .where('e.step', 'in', ['send_back', 'decide_review', 'decide_rereview']),
            '>=',
            f.sentBackAtLeast,
          ),
        );
      return eb.or(any);
    })
    .orderBy('i.id')
    .execute();
  return rows.map((r) => r.id);
}

/** Of `itemIds`, those in a 督办 that is still open (issued, answered or pressed). */
export async function itemIdsUnderOpenSupervision(db: DbOrTrx, itemIds: readonly string[]): Promise<Set<string>> {
  const out = new Set<string>();
  const unique = [...new Set(itemIds)];
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await db
      .selectFrom('supervision_items as si')
      .innerJoin('supervisions as s', 's.id', 'si.supervision_id')
      .select('si.item_id')
      .where('si.item_id', 'in', unique.slice(i, i + 500))
      .where('s.status', 'in', [...OPEN_SUPERVISION_STATUSES])
      .execute();
    for (const r of rows) out.add(r.item_id);
  }
  return out;
}
