import { sql, type SqlBool } from 'kysely';
import type { ItemListQuery } from '../../contract/dto.ts';
import type { Status, WarningLevelCode } from '../../contract/enums.ts';
import { NOT_REPORTED_STATUSES } from '../../contract/status-sets.ts';
import type { StoredDueDates } from '../domain/warning-level.ts';
import type { ReadScope } from '../domain/visibility.policy.ts';
import type { DbOrTrx } from './db.ts';
import { linkTargets, textMatches, visibleItems } from './item-scope.ts';
import { reportBucket } from './report.store.ts';

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

/**
 * Items within the scope (`visibleItems`) with the list's filters, sorting and paging, all in SQL; search never
 * matches an identity the scope may not see (`textMatches`). Warning levels filter through the stored dates.
 */
export async function listItemsForActor(
  db: DbOrTrx,
  scope: ReadScope,
  query: ItemListQuery,
  today: string,
): Promise<{ total: number; rows: ItemListRow[] }> {
  let q = db.selectFrom('items as i').leftJoin('units as u', 'u.id', 'i.lead_unit_id').where(visibleItems(scope));
  if (query.q) {
    // SQLite has no default LIKE escape character: textMatches names it, so that % and _ match literally.
    q = q.where(textMatches(scope, `%${query.q.replace(/[%_\\]/g, (m) => `\\${m}`)}%`));
  }
  if (query.channel) q = q.where('i.channel', '=', query.channel);
  if (query.level) q = q.where('i.level', '=', query.level);
  if (query.classCode)
    q = q.where((eb) =>
      eb.or([eb('i.class_code', '=', query.classCode!), eb('i.class_code', 'like', `${query.classCode}.%`)]),
    );
  if (query.unitId)
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('item_units as iu2')
          .select('iu2.item_id')
          .whereRef('iu2.item_id', '=', 'i.id')
          .where('iu2.unit_id', '=', query.unitId!),
      ),
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
  if (query.unitName) q = q.where('u.name', '=', query.unitName);

  const totalRow = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  const sortCol = {
    registeredOn: 'i.registered_on',
    dueOn: 'i.due_on',
    number: 'i.number',
    receivedOn: 'i.received_on',
  }[query.sort] as 'i.registered_on';
  const rows = await q
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
    ])
    .orderBy(sortCol, query.order)
    .orderBy('i.number', query.order)
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();
  return {
    total: Number(totalRow?.n ?? 0),
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
    })),
  };
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
}

/**
 * Items within the scope in one of `states` (when `leadUnitId` is given, only those it leads), soonest due first,
 * at most 2,000. With `assist`, also the items in `assist.states` on which that unit is an assisting unit.
 */
export async function listTodoItems(
  db: DbOrTrx,
  scope: ReadScope,
  states: readonly Status[],
  leadUnitId: string | null,
  assist?: { unitId: string; states: readonly Status[] },
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
      'u.name as unit_name',
    ])
    .where(visibleItems(scope));
  q = q.where((eb) => {
    const own =
      leadUnitId !== null
        ? eb.and([eb('i.status', 'in', [...states]), eb('i.lead_unit_id', '=', leadUnitId)])
        : eb('i.status', 'in', [...states]);
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
  }));
}
