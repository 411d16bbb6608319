import type { Insertable } from 'kysely';
import type { Status } from '../../contract/enums.ts';
import type { ReadScope } from '../domain/visibility.policy.ts';
import { maskedTitle } from './campaign-rows.store.ts';
import { visibleItems } from './item-scope.ts';
import type { CaseStatus, EntryRule } from '../../contract/campaign.ts';
import { caseNumber, type BacklogCase, planDueOn } from '../domain/backlog-case.ts';
import type { Dismissal } from '../domain/backlog-rules.ts';
import { AppError } from '../domain/errors.ts';
import type { BacklogCaseTable } from './campaign-schema.ts';
import { nextCounter } from './counter.store.ts';
import type { DbOrTrx } from './db.ts';

/**
 * 积案 rows: one per case (scalar columns for lists and the board, the rest as JSON), its linked items (an item
 * belongs to one case at most) and its progress notes (append-only, numbered per case). Every change checks the
 * version read; a lost race is CONFLICT.
 */

type CaseData = Pick<
  BacklogCase,
  'origin' | 'confirmedBy' | 'confirmReason' | 'cadres' | 'plan' | 'closing' | 'pastClosings' | 'history'
>;

function columnsOf(c: BacklogCase) {
  const data: CaseData = {
    origin: c.origin,
    confirmedBy: c.confirmedBy,
    confirmReason: c.confirmReason,
    cadres: c.cadres,
    plan: c.plan,
    closing: c.closing,
    pastClosings: c.pastClosings,
    history: c.history,
  };
  return {
    title: c.title,
    status: c.status,
    origin_kind: c.origin.kind,
    anchor_item_id: c.anchorItemId,
    leader_user_id: c.leaderUserId,
    unit_id: c.unitId,
    confirmed_on: c.confirmedOn,
    closed_on: c.closing?.on ?? null,
    due_on: planDueOn(c),
    data: JSON.stringify(data),
  };
}

/** The next case number of `year` (积〔2025〕3号), race-free inside the caller's transaction. */
export async function nextCaseNumber(db: DbOrTrx, year: number): Promise<string> {
  return caseNumber(year, await nextCounter(db, `backlog:${year}`));
}

async function checkItemsFree(db: DbOrTrx, caseId: string, itemIds: readonly string[]): Promise<void> {
  if (!itemIds.length) return;
  const taken = await db
    .selectFrom('backlog_case_items as ci')
    .innerJoin('backlog_cases as c', 'c.id', 'ci.case_id')
    .innerJoin('items as i', 'i.id', 'ci.item_id')
    .select(['i.number', 'c.number as case_number'])
    .where('ci.item_id', 'in', [...itemIds])
    .where('ci.case_id', '<>', caseId)
    .execute();
  if (taken.length) {
    throw new AppError(
      'DUPLICATE',
      `信访事项 ${taken.map((t) => `${t.number}（已属于${t.case_number}）`).join('、')}已列入其他积案，同一事项只能列入一个积案`,
      { items: taken.map((t) => t.number) },
    );
  }
}

async function writeItems(db: DbOrTrx, c: BacklogCase): Promise<void> {
  await checkItemsFree(db, c.id, c.itemIds);
  await db.deleteFrom('backlog_case_items').where('case_id', '=', c.id).execute();
  await db
    .insertInto('backlog_case_items')
    .values(c.itemIds.map((item_id) => ({ case_id: c.id, item_id })))
    .execute();
}

/** Appends the notes not stored yet (notes are never changed once written). */
async function writeNotes(db: DbOrTrx, c: BacklogCase, nowIso: string): Promise<void> {
  const stored = await db
    .selectFrom('backlog_case_notes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('case_id', '=', c.id)
    .executeTakeFirst();
  const from = Number(stored?.n ?? 0);
  const fresh = c.notes.slice(from);
  if (!fresh.length) return;
  await db
    .insertInto('backlog_case_notes')
    .values(
      fresh.map((n, k) => ({
        id: `${c.id}:${from + k + 1}`,
        case_id: c.id,
        ord: from + k + 1,
        on_date: n.on,
        text: n.text,
        author_id: n.by.userId,
        author_name: n.by.name,
        measures_done: JSON.stringify(n.measuresDone),
        created_at: nowIso,
      })),
    )
    .execute();
}

/** Inserts a new case with its items and notes; an item already in another case is DUPLICATE. */
export async function insertCase(db: DbOrTrx, c: BacklogCase, nowIso: string): Promise<void> {
  await checkItemsFree(db, c.id, c.itemIds);
  const year = Number(c.confirmedOn.slice(0, 4));
  const row: Insertable<BacklogCaseTable> = {
    id: c.id,
    number: c.number,
    year,
    seq: Number(/(\d+)号$/.exec(c.number)?.[1] ?? 0),
    version: c.version,
    ...columnsOf(c),
    created_at: nowIso,
    updated_at: nowIso,
  };
  await db.insertInto('backlog_cases').values(row).execute();
  await writeItems(db, c);
  await writeNotes(db, c, nowIso);
}

/** Writes a changed case if its version is still `expectedVersion`; returns the new version. */
export async function updateCase(
  db: DbOrTrx,
  c: BacklogCase,
  expectedVersion: number,
  nowIso: string,
): Promise<number> {
  const res = await db
    .updateTable('backlog_cases')
    .set({ ...columnsOf(c), version: expectedVersion + 1, updated_at: nowIso })
    .where('id', '=', c.id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) {
    throw new AppError('CONFLICT', '该积案已被他人修改，请刷新后重试', { caseId: c.id, expectedVersion });
  }
  await writeItems(db, c);
  await writeNotes(db, c, nowIso);
  return expectedVersion + 1;
}

async function assemble(db: DbOrTrx, rows: readonly BacklogCaseTable[]): Promise<BacklogCase[]> {
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const [links, notes] = await Promise.all([
    db
      .selectFrom('backlog_case_items as ci')
      .innerJoin('items as i', 'i.id', 'ci.item_id')
      .select(['ci.case_id', 'ci.item_id'])
      .where('ci.case_id', 'in', ids)
      .orderBy('i.registered_on')
      .orderBy('i.number')
      .execute(),
    db
      .selectFrom('backlog_case_notes')
      .selectAll()
      .where('case_id', 'in', ids)
      .orderBy('case_id')
      .orderBy('ord')
      .execute(),
  ]);
  return rows.map((r) => {
    const data = JSON.parse(r.data) as CaseData;
    const items = links.filter((l) => l.case_id === r.id).map((l) => l.item_id);
    return {
      id: r.id,
      number: r.number,
      version: Number(r.version),
      title: r.title,
      status: r.status as CaseStatus,
      confirmedOn: r.confirmed_on,
      anchorItemId: r.anchor_item_id,
      itemIds: [r.anchor_item_id, ...items.filter((i) => i !== r.anchor_item_id)],
      leaderUserId: r.leader_user_id,
      unitId: r.unit_id,
      notes: notes
        .filter((n) => n.case_id === r.id)
        .map((n) => ({
          on: n.on_date,
          text: n.text,
          by: { userId: n.author_id, name: n.author_name },
          measuresDone: JSON.parse(n.measures_done) as number[],
        })),
      ...data,
    };
  });
}

export async function loadCase(db: DbOrTrx, id: string): Promise<BacklogCase | null> {
  const row = await db.selectFrom('backlog_cases').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? ((await assemble(db, [row]))[0] ?? null) : null;
}

export interface CaseFilter {
  leaderUserId?: string;
  unitId?: string;
  status?: readonly CaseStatus[];
}

/** Cases in number order (year, then sequence), filtered in SQL. */
export async function listCases(db: DbOrTrx, f: CaseFilter = {}): Promise<BacklogCase[]> {
  let q = db.selectFrom('backlog_cases').selectAll();
  if (f.leaderUserId) q = q.where('leader_user_id', '=', f.leaderUserId);
  if (f.unitId) q = q.where('unit_id', '=', f.unitId);
  if (f.status?.length) q = q.where('status', 'in', [...f.status]);
  return assemble(db, await q.orderBy('year').orderBy('seq').execute());
}

/** The case an item belongs to, or null. */
export async function caseOfItem(db: DbOrTrx, itemId: string): Promise<{ id: string; number: string } | null> {
  const r = await db
    .selectFrom('backlog_case_items as ci')
    .innerJoin('backlog_cases as c', 'c.id', 'ci.case_id')
    .select(['c.id', 'c.number'])
    .where('ci.item_id', '=', itemId)
    .executeTakeFirst();
  return r ?? null;
}

/** Every item that belongs to a case (proposals skip their matters). */
export async function casedItemIds(db: DbOrTrx): Promise<Set<string>> {
  const rows = await db.selectFrom('backlog_case_items').select('item_id').execute();
  return new Set(rows.map((r) => r.item_id));
}

/** Records (or renews) the bureau's dismissal of the proposal anchored at `d.anchorItemId`. */
export async function saveDismissal(db: DbOrTrx, d: Dismissal, byUserId: string, nowIso: string): Promise<void> {
  const values = {
    rules: JSON.stringify(d.rules),
    item_count: d.itemCount,
    on_date: d.on,
    reason: d.reason,
    dismissed_by: byUserId,
    created_at: nowIso,
  };
  await db
    .insertInto('backlog_dismissals')
    .values({ anchor_item_id: d.anchorItemId, ...values })
    .onConflict((oc) => oc.column('anchor_item_id').doUpdateSet(values))
    .execute();
}

export async function listDismissals(db: DbOrTrx): Promise<Dismissal[]> {
  const rows = await db.selectFrom('backlog_dismissals').selectAll().orderBy('anchor_item_id').execute();
  return rows.map((r) => ({
    anchorItemId: r.anchor_item_id,
    rules: JSON.parse(r.rules) as EntryRule[],
    itemCount: Number(r.item_count),
    on: r.on_date,
    reason: r.reason,
  }));
}

/** The linked items of a case the scope may open, in registration order, with masked titles. */
export async function caseItemRows(db: DbOrTrx, itemIds: readonly string[], scope: ReadScope) {
  if (!itemIds.length) return [];
  const rows = await db
    .selectFrom('items as i')
    .leftJoin('units as u', 'u.id', 'i.lead_unit_id')
    .select(['i.id', 'i.number', maskedTitle.as('title'), 'i.status', 'i.registered_on', 'u.name as lead_unit'])
    .where('i.id', 'in', [...itemIds])
    .where(visibleItems(scope))
    .orderBy('i.registered_on')
    .orderBy('i.number')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    title: r.title,
    status: r.status as Status,
    registeredOn: r.registered_on,
    leadUnit: r.lead_unit ?? null,
  }));
}

/** The item an attachment belongs to and its file name, or null (closing evidence must be a stored file). */
export async function itemAttachmentOf(db: DbOrTrx, attachmentId: string) {
  const r = await db
    .selectFrom('item_attachments')
    .select(['item_id', 'name'])
    .where('id', '=', attachmentId)
    .executeTakeFirst();
  return r ? { itemId: r.item_id, name: r.name } : null;
}
