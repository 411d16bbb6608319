import { PostgresAdapter, sql, type SqlBool } from 'kysely';
import type { ItemListQuery } from '../../contract/dto.ts';
import { LIMITS } from '../../contract/limits.ts';
import type { Status, WarningLevelCode } from '../../contract/enums.ts';
import { NOT_REPORTED_STATUSES } from '../../contract/status-sets.ts';
import type { ListKeyset, ListSort } from '../domain/list-cursor.ts';
import type { StoredDueDates } from '../domain/warning-level.ts';
import type { ReadScope } from '../domain/visibility.policy.ts';
import type { DbOrTrx } from './db.ts';
import { linkTargets, textIndexMatches, textMatches, visibleItems } from './item-scope.ts';
import { RATED_IN_REPORT, reportBucket, SATISFIED } from './report.store.ts';

/** An item linked to another (it repeats it, or is repeated by it), as the viewer may see it: masked title. */
export interface LinkedItem {
  id: string;
  number: string;
  title: string;
  registeredOn: string;
  similarity: number;
  reason: string;
  /** 重复信访 (repeat) or 同一事项 (duplicate). */
  kind: 'repeat' | 'duplicate';
}

/**
 * Items linked to `itemId` on one side (earlier: the item repeats them; later: they repeat it) that the scope may
 * see by the visibility rule (`linkTargets`).
 */
export async function listLinkedItems(
  db: DbOrTrx,
  scope: ReadScope,
  itemId: string,
  dir: 'earlier' | 'later',
  viewedHasIdentity: boolean,
): Promise<LinkedItem[]> {
  const rows = await db
    .selectFrom('item_links as l')
    .innerJoin('items as i', 'i.id', dir === 'earlier' ? 'l.earlier_id' : 'l.item_id')
    .select(['i.id', 'i.number', 'i.masked_title', 'i.registered_on', 'l.similarity', 'l.reason', 'l.kind'])
    .where(dir === 'earlier' ? 'l.item_id' : 'l.earlier_id', '=', itemId)
    .where(linkTargets(scope, viewedHasIdentity))
    .orderBy('i.registered_on')
    .orderBy('i.number')
    .execute();
  return rows.map((e) => ({
    id: e.id,
    number: e.number,
    title: e.masked_title ?? '',
    registeredOn: e.registered_on,
    similarity: Number(e.similarity),
    reason: e.reason,
    kind: e.kind === 'duplicate' ? ('duplicate' as const) : ('repeat' as const),
  }));
}

/** One row of the item list: masked title and place, the lead unit, the stored due dates. */
export interface ItemListRow extends StoredDueDates {
  id: string;
  number: string;
  title: string | null;
  status: string;
  channel: string;
  level: string;
  receivedOn: string;
  registeredOn: string;
  classPath: string | null;
  flags: string[];
  isRepeat: boolean;
  dueRule: string | null;
  headCount: number;
  place: string | null;
  version: number;
  leadUnitId: string | null;
  leadUnitName: string | null;
  /** The lead unit's named 经办人. */
  handlerUserId: string | null;
  handlerName: string | null;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function whereWarning(q: any, level: WarningLevelCode, today: string) {
  switch (level) {
    case 'overdue':
      return q.where('i.due_on', '<', today);
    case 'severe':
      return q.where('i.due_on', '>=', today).where('i.severe_on', '<=', today);
    case 'warning':
      return q.where('i.due_on', '>=', today).where('i.warning_on', '<=', today).where('i.severe_on', '>', today);
    case 'notice':
      return q.where('i.due_on', '>=', today).where('i.notice_on', '<=', today).where('i.warning_on', '>', today);
    default:
      return q.where('i.due_on', '>=', today).where('i.notice_on', '>', today);
  }
}

/** What an item without a due date sorts as: after every dated item (ascending). As in migration 1530. */
const NO_DUE_DATE = '9999-12-31';

/** The SQL of each sort key (the indexes of migration 1530 are on exactly these, each followed by the number). */
const SORT_KEY = {
  registeredOn: sql<string>`i.registered_on`,
  receivedOn: sql<string>`i.received_on`,
  number: sql<string>`i.number`,
  dueOn: sql<string>`coalesce(i.due_on, ${sql.lit(NO_DUE_DATE)})`,
} satisfies Record<ListSort, unknown>;

/** Where a page starts: after (in the direction read) the row at `keyset`, or at the start. */
export interface ListPageRequest {
  keyset: ListKeyset | null;
  /** Read backwards from the keyset (the previous page); rows still come back in the list's order. */
  backwards: boolean;
}

/** How a page is read; the defaults are the product's (tests move the thresholds to reach every path). */
export interface ListTuning {
  /** Counting stops past this many (default LIMITS.listCount). */
  countBound?: number;
  /** A unit's matches up to this many are sorted from item_units (default UNIT_SORT_ROWS). */
  unitSortRows?: number;
}

/** Control characters never occur in a search term (the PostgreSQL index joins fields with one). */
const searchTerm = (q: string) => q.replace(/[\u0000-\u001f]/g, '').trim();

/** How many rows the filtered list has, counting no further than one past `bound`. */
async function countBounded(db: DbOrTrx, q: ReturnType<typeof filteredItems>, bound: number): Promise<number> {
  const row = await db
    .selectFrom(
      q
        .select(sql<number>`1`.as('one'))
        .limit(bound + 1)
        .as('m'),
    )
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Filters that read item columns (everything but the scope, the search and the order). */
function hasItemFilters(query: ItemListQuery): boolean {
  const { q: _q, sort: _s, order: _o, cursor: _c, dir: _d, pageSize: _p, ...rest } = query;
  return Object.values(rest).some((v) => v !== undefined && !(Array.isArray(v) && v.length === 0));
}

/**
 * A unit's unfiltered count from item_units alone (an index-only count), less its items it may not open (those
 * accusing it, not redacted: few, by items_accused_unit_key); bounded like `countBounded`.
 */
async function countUnitItems(
  db: DbOrTrx,
  scope: Extract<ReadScope, { kind: 'unit' }>,
  bound: number,
): Promise<number> {
  const hidden = await db
    .selectFrom('items as i')
    .where('i.accused_unit_key', '=', scope.unitKey)
    .where('i.identity_redacted', '<>', 1)
    .where('i.id', 'in', (eb) =>
      eb.selectFrom('item_units as iu').select('iu.item_id').where('iu.unit_id', '=', scope.unitId),
    )
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  const b = Number(hidden?.n ?? 0);
  const all = await db
    .selectFrom(
      db
        .selectFrom('item_units as iu')
        .select('iu.item_id')
        .where('iu.unit_id', '=', scope.unitId)
        .limit(bound + 1 + b)
        .as('m'),
    )
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number(all?.n ?? 0) - b;
}

/** A unit's matches are sorted in memory up to this many; beyond, the page reads the sort index. */
const UNIT_SORT_ROWS = 2_000;

/** The list's rows before sorting and paging: the scope, the search and every filter of the query. */
function filteredItems(
  db: DbOrTrx,
  scope: ReadScope,
  from: 'units' | 'rows',
  query: ItemListQuery,
  term: string,
  indexed: boolean,
  dialect: 'sqlite' | 'postgres',
  today: string,
) {
  // The lead unit: the report buckets (drill-downs) and the unit name read it; SQLite drops the join when unused.
  let q = db
    .selectFrom('items as i')
    .leftJoin('units as u', 'u.id', 'i.lead_unit_id')
    .where(visibleItems(scope, 'i', from));
  if (indexed) {
    q = q.where(textIndexMatches(scope, term, dialect));
  } else if (term) {
    // The registration date of the newest `window`-th item bounds the scan (ties on that date are included).
    const since = db
      .selectFrom('items as w')
      .select('w.registered_on')
      .orderBy('w.registered_on', 'desc')
      .limit(1)
      .offset(LIMITS.shortSearchWindow - 1);
    q = q
      .where((eb) => eb('i.registered_on', '>=', eb.fn.coalesce(since, sql.lit('0000-00-00'))))
      .where(textMatches(scope, `%${term.replace(/[%_\\]/g, (m) => `\\${m}`)}%`, dialect));
  }

  if (query.channel) q = q.where('i.channel', '=', query.channel);
  if (query.level) q = q.where('i.level', '=', query.level);
  if (query.classCode)
    q = q.where((eb) =>
      eb.or([eb('i.class_code', '=', query.classCode!), eb('i.class_code', 'like', `${query.classCode}.%`)]),
    );
  if (query.unitId)
    q = q.where('i.id', 'in', (eb) =>
      eb.selectFrom('item_units as iu2').select('iu2.item_id').where('iu2.unit_id', '=', query.unitId!),
    );
  if (query.status?.length) q = q.where('i.status', 'in', query.status);
  if (query.flag) q = q.where('i.flags', 'like', `%"${query.flag}"%`);
  if (query.isRepeat) q = q.where('i.is_repeat', '=', Number(query.isRepeat));
  if (query.registeredFrom) q = q.where('i.registered_on', '>=', query.registeredFrom);
  if (query.registeredTo) q = q.where('i.registered_on', '<=', query.registeredTo);
  if (query.dueFrom) q = q.where('i.due_on', '>=', query.dueFrom);
  if (query.dueTo) q = q.where('i.due_on', '<=', query.dueTo);
  if (query.warning) q = whereWarning(q, query.warning, today);
  if (query.inReport === '1') q = q.where('i.status', 'not in', [...NOT_REPORTED_STATUSES]);
  if (query.channelGroup) q = q.where(sql<SqlBool>`${reportBucket('channel')} = ${query.channelGroup}`);
  if (query.domain) q = q.where(sql<SqlBool>`${reportBucket('domain')} = ${query.domain}`);
  if (query.origin) q = q.where(sql<SqlBool>`${reportBucket('origin')} = ${query.origin}`);
  if (query.ratingSource)
    q = q.where('i.rating_source', '=', query.ratingSource).where(sql<SqlBool>`${RATED_IN_REPORT}`);
  if (query.satisfied === '1') q = q.where(sql<SqlBool>`${SATISFIED}`);
  if (query.unitName) q = q.where('u.name', '=', query.unitName);
  if (query.handlerUserId) q = q.where('i.handler_user_id', '=', query.handlerUserId);
  return q;
}

/**
 * Items within the scope (`visibleItems`) with the list's filters, sorted by the chosen key and the item number,
 * one keyset page (`pageSize` rows after or before `page.keyset`), all in SQL; plus the number of matches,
 * counted up to LIMITS.listCount. Search never matches an identity the scope may not see (`textIndexMatches`,
 * `textMatches`); terms of 1–2 characters scan only the newest LIMITS.shortSearchWindow items. Warning levels
 * filter through the stored dates.
 */
export async function listItemsForActor(
  db: DbOrTrx,
  scope: ReadScope,
  query: ItemListQuery,
  today: string,
  page: ListPageRequest = { keyset: null, backwards: false },
  tuning: ListTuning = {},
): Promise<{ total: number; totalCapped: boolean; rows: ItemListRow[]; more: boolean; searchWindow: number | null }> {
  const dialect = db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
  const term = query.q ? searchTerm(query.q) : '';
  const indexed = [...term].length >= LIMITS.searchMinChars;
  const filtered = (from: 'units' | 'rows') => filteredItems(db, scope, from, query, term, indexed, dialect, today);
  const bound = tuning.countBound ?? LIMITS.listCount;
  const n =
    scope.kind === 'unit' && !term && !hasItemFilters(query)
      ? await countUnitItems(db, scope, bound)
      : // The search index narrows the rows best; otherwise a unit's items are counted from item_units.
        await countBounded(db, filtered(indexed ? 'rows' : 'units'), bound);
  // A sorted page of a unit with many matches reads the sort index and stops after a page; with few matches
  // it sorts them (no more than UNIT_SORT_ROWS rows) instead of reading the index past everyone else's items.
  let q = filtered(indexed || n > (tuning.unitSortRows ?? UNIT_SORT_ROWS) ? 'rows' : 'units');
  const key = SORT_KEY[query.sort];
  // Reading backwards walks the same index the other way; the rows are turned round below.
  const desc = (query.order === 'desc') !== page.backwards;
  const dir = desc ? 'desc' : 'asc';
  const ks = page.keyset;
  if (ks) {
    const cmp = sql.raw(desc ? '<' : '>');
    q = q.where(
      query.sort === 'number'
        ? sql<SqlBool>`i.number ${cmp} ${ks.number}`
        : sql<SqlBool>`(${key}, i.number) ${cmp} (${ks.value}, ${ks.number})`,
    );
  }
  let ordered = q.orderBy(key, dir);
  if (query.sort !== 'number') ordered = ordered.orderBy('i.number', dir);
  const fetched = await ordered
    .select([
      'i.id',
      'i.number',
      'i.masked_title as title',
      'i.status',
      'i.channel',
      'i.level',
      'i.received_on',
      'i.registered_on',
      'i.class_path',
      'i.flags',
      'i.is_repeat',
      'i.due_on',
      'i.due_rule',
      'i.notice_on',
      'i.warning_on',
      'i.severe_on',
      'i.head_count',
      'i.masked_place as place',
      'i.version',
      'u.name as lead_unit_name',
      'u.id as lead_unit_id',
      'i.handler_user_id',
      (eb) =>
        eb
          .selectFrom('users as h')
          .select('h.display_name')
          .whereRef('h.id', '=', 'i.handler_user_id')
          .as('handler_name'),
    ])
    .limit(query.pageSize + 1)
    .execute();
  const more = fetched.length > query.pageSize;
  const rows = fetched.slice(0, query.pageSize);
  if (page.backwards) rows.reverse();
  return {
    total: Math.min(n, bound),
    totalCapped: n > bound,
    more,
    searchWindow: term && !indexed ? LIMITS.shortSearchWindow : null,
    rows: rows.map((r) => ({
      id: r.id,
      number: r.number,
      title: r.title,
      status: r.status,
      channel: r.channel,
      level: r.level,
      receivedOn: r.received_on,
      registeredOn: r.registered_on,
      classPath: r.class_path,
      flags: JSON.parse(r.flags) as string[],
      isRepeat: Number(r.is_repeat) === 1,
      dueOn: r.due_on,
      dueRule: r.due_rule,
      noticeOn: r.notice_on,
      warningOn: r.warning_on,
      severeOn: r.severe_on,
      headCount: Number(r.head_count),
      place: r.place,
      version: Number(r.version),
      leadUnitId: r.lead_unit_id,
      leadUnitName: r.lead_unit_name,
      handlerUserId: r.handler_user_id,
      handlerName: r.handler_name ?? null,
    })),
  };
}

/** The keyset of a list row for `sort` (what a cursor at that row holds). */
export function keysetOf(row: ItemListRow, sort: ListSort): ListKeyset {
  const value =
    sort === 'dueOn' ? (row.dueOn ?? NO_DUE_DATE) : sort === 'number' ? row.number : row[sort as 'registeredOn'];
  return { sort, value, number: row.number };
}

/** One item of a to-do list: masked title, the lead unit's name, the stored due dates. */
export interface TodoRow extends StoredDueDates {
  id: string;
  number: string;
  title: string | null;
  status: string;
  channel: string;
  registeredOn: string;
  dueRule: string | null;
  version: number;
  unitName: string | null;
  /** The item's stored facts (the caller upgrades them), for what the item waits on. */
  facts: unknown;
  /** Listed because the unit assists on it (not because it leads it). */
  assisting: boolean;
  leadUnitId: string | null;
  /** The lead unit's named 经办人 (null while nobody is named). */
  handlerUserId: string | null;
  handlerName: string | null;
}

/**
 * Items within the scope in one of `states` (when `leadUnitId` is given, only those it leads), soonest due first,
 * at most 2,000. With `assist`, also the items in `assist.states` on which that unit is an assisting unit.
 * With `heldBy`, only the led items named to that person or to nobody yet (a 经办人's own list).
 */
export async function listTodoItems(
  db: DbOrTrx,
  scope: ReadScope,
  states: readonly Status[],
  leadUnitId: string | null,
  assist?: { unitId: string; states: readonly Status[] },
  heldBy?: string,
): Promise<TodoRow[]> {
  const assisting = (unitId: string) =>
    db
      .selectFrom('item_units as iu')
      .select('iu.item_id')
      .where('iu.unit_id', '=', unitId)
      .where('iu.role', '=', 'assist');
  let q = db
    .selectFrom('items as i')
    .leftJoin('units as u', 'u.id', 'i.lead_unit_id')
    .leftJoin('users as h', 'h.id', 'i.handler_user_id')
    .select([
      'i.id',
      'i.number',
      'i.masked_title as title',
      'i.status',
      'i.channel',
      'i.registered_on',
      'i.due_on',
      'i.due_rule',
      'i.notice_on',
      'i.warning_on',
      'i.severe_on',
      'i.version',
      'i.data',
      'i.lead_unit_id',
      'i.handler_user_id',
      'h.display_name as handler_name',
      'u.name as unit_name',
    ])
    .where(visibleItems(scope));
  q = q.where((eb) => {
    const led =
      leadUnitId !== null
        ? eb.and([eb('i.status', 'in', [...states]), eb('i.lead_unit_id', '=', leadUnitId)])
        : eb('i.status', 'in', [...states]);
    const own =
      heldBy === undefined
        ? led
        : eb.and([led, eb.or([eb('i.handler_user_id', '=', heldBy), eb('i.handler_user_id', 'is', null)])]);
    if (!assist || !assist.states.length) return own;
    return eb.or([own, eb.and([eb('i.status', 'in', [...assist.states]), eb('i.id', 'in', assisting(assist.unitId))])]);
  });
  const rows = await q.orderBy('i.due_on', 'asc').limit(2000).execute();
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    title: r.title,
    status: r.status,
    channel: r.channel,
    registeredOn: r.registered_on,
    dueOn: r.due_on,
    dueRule: r.due_rule,
    noticeOn: r.notice_on,
    warningOn: r.warning_on,
    severeOn: r.severe_on,
    version: Number(r.version),
    unitName: r.unit_name,
    facts: (JSON.parse(r.data) as { facts?: unknown }).facts ?? null,
    assisting: leadUnitId !== null && r.lead_unit_id !== leadUnitId,
    leadUnitId: r.lead_unit_id,
    handlerUserId: r.handler_user_id,
    handlerName: r.handler_name,
  }));
}
