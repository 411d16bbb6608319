import { sql, type Insertable, type Selectable } from 'kysely';
import type { Role } from '../../contract/enums.ts';
import { ratingSourceKind } from '../../contract/rating-source.ts';
import type { IsoDate } from '../domain/deadline.ts';
import { AppError } from '../domain/errors.ts';
import type { ItemDeadline } from '../domain/item-deadlines.ts';
import { currentFacts } from '../domain/facts-upgrade.ts';
import type { AccusedParty, Item, Petitioner } from '../domain/item.ts';
import type { ReadScope } from '../domain/visibility.policy.ts';
import type { Db, DbOrTrx, Trx } from './db.ts';
import { visibilityColumns, visibleItems } from './item-scope.ts';
import type { PiiCodec } from './pii.ts';
import type { DeadlineTable, EventTable, ItemTable, ItemUnitTable, PetitionerTable } from './schema.ts';

interface ItemData {
  demands: Item['demands'];
  /** Sealed JSON of the names (a plain array in rows written before they were sealed). */
  representatives: string | string[];
  assistUnitIds: string[];
  accused: string | null; // sealed JSON of AccusedParty
  organisation: string | null; // sealed (plain in rows written before it was)
  earlierItemIds: string[];
  facts: Item['facts'];
  /** Sealed JSON of the petitioner details a correction replaced (absent when none). */
  formerPetitioners?: string;
}

/** Scalar columns derived from the item, kept for SQL filters and reports. */
function columnsOf(item: Item, extra: ItemWriteExtra, codec: PiiCodec) {
  const f = item.facts;
  return {
    ...visibilityColumns(item, codec),
    status: item.status,
    channel: item.channel,
    level: item.level,
    received_on: item.receivedOn,
    registered_on: item.registeredOn,
    head_count: item.headCount,
    title: item.title,
    content: item.content,
    class_code: item.classCode,
    class_path: extra.classPath,
    upstream_class: extra.upstreamClass,
    import_hash: extra.importHash,
    purpose: item.purpose,
    handling_class: item.handlingClass,
    flags: JSON.stringify(item.flags),
    legal_flag: item.flags.includes('涉法涉诉') ? 1 : 0,
    place: item.place,
    lead_unit_id: item.leadUnitId,
    is_repeat: item.isRepeat ? 1 : 0,
    routed_on: f.routedOn,
    accepted_on: f.acceptedOn,
    opinion_on: f.opinion?.issuedOn ?? null,
    served_on: f.servedOn,
    closed_on: f.closedOn,
    satisfaction: f.rating?.satisfaction ?? null,
    rating_source: f.rating ? ratingSourceKind(f.rating, f.returnVisits) : null,
    due_on: extra.dueOn,
    due_rule: extra.dueRule,
    notice_on: extra.warnDates?.notice ?? null,
    warning_on: extra.warnDates?.warning ?? null,
    severe_on: extra.warnDates?.severe ?? null,
    // Only a handler named by the current lead unit holds the item (a re-route leaves it with nobody).
    handler_user_id: f.handler && f.handler.unitId === item.leadUnitId ? f.handler.userId : null,
  };
}

/**
 * The item's JSON column. The people in it are sealed like the petitioners: representatives, the organisation
 * that petitions, the accused party.
 */
export function dataOf(item: Item, codec: PiiCodec): string {
  const data: ItemData = {
    demands: item.demands,
    representatives: item.representatives.length ? codec.seal(JSON.stringify(item.representatives)) : [],
    assistUnitIds: item.assistUnitIds,
    accused: item.accused ? codec.seal(JSON.stringify(item.accused)) : null,
    organisation: item.organisation ? codec.seal(item.organisation) : null,
    earlierItemIds: item.earlierItemIds,
    facts: item.facts,
    ...(item.formerPetitioners?.length
      ? { formerPetitioners: codec.seal(JSON.stringify(item.formerPetitioners)) }
      : {}),
  };
  return JSON.stringify(data);
}

export interface ItemWriteExtra {
  classPath: string | null;
  /** The upstream class text an import mapped to a known ancestor (undefined: leave as stored). */
  upstreamClass?: string | null;
  /** Digest of the imported row as applied (undefined: leave as stored). */
  importHash?: string | null;
  dueOn: IsoDate | null;
  dueRule: string | null;
  warnDates?: { notice: IsoDate; warning: IsoDate; severe: IsoDate } | null;
  queryCodeHash?: string | null;
}

/**
 * The items row of a new item, exactly as `insertItem` writes it. The row builders below are the one
 * mapping from the domain to rows: bulk writers (benchmark data, imports) use them to write the same rows.
 */
export function itemRow(item: Item, codec: PiiCodec, extra: ItemWriteExtra, nowIso: string): Insertable<ItemTable> {
  const [yearStr] = item.registeredOn.split('-');
  return {
    id: item.id,
    number: item.number,
    year: Number(yearStr),
    seq: Number(/(\d+)\D*$/.exec(item.number)?.[1] ?? 0),
    version: item.version,
    ...columnsOf(item, extra, codec),
    data: dataOf(item, codec),
    query_code_hash: extra.queryCodeHash ?? null,
    registered_by: item.registeredBy,
    created_at: nowIso,
    updated_at: nowIso,
  };
}

/** Inserts a new item with its petitioners and unit links. */
export async function insertItem(
  db: DbOrTrx,
  item: Item,
  codec: PiiCodec,
  extra: ItemWriteExtra,
  nowIso: string,
): Promise<void> {
  await db
    .insertInto('items')
    .values(itemRow(item, codec, extra, nowIso))
    .execute();
  await writePetitioners(db, item.id, item.petitioners, codec);
  await writeUnits(db, item);
}

/** The petitioners rows of an item: names, ID numbers, phones and addresses sealed, with blind indexes. */
export function petitionerRows(itemId: string, petitioners: Petitioner[], codec: PiiCodec): PetitionerTable[] {
  return petitioners.map((p, i) => ({
    id: `${itemId}:${i}`,
    item_id: itemId,
    ord: i,
    name: codec.seal(p.name),
    name_hash: codec.index('name', p.name),
    id_number: p.idNumber ? codec.seal(p.idNumber) : null,
    id_hash: p.idNumber ? codec.index('id', p.idNumber) : null,
    id_verified: p.idVerified ? 1 : 0,
    phone: p.phone ? codec.seal(p.phone) : null,
    phone_hash: p.phone ? codec.index('phone', p.phone) : null,
    address: p.address ? codec.seal(p.address) : null,
  }));
}

/** The item_units rows of an item: its lead unit and assisting units. */
export function unitRows(item: Item): ItemUnitTable[] {
  return [
    ...(item.leadUnitId ? [{ item_id: item.id, unit_id: item.leadUnitId, role: 'lead' }] : []),
    ...item.assistUnitIds
      .filter((u) => u !== item.leadUnitId)
      .map((u) => ({ item_id: item.id, unit_id: u, role: 'assist' })),
  ];
}

async function writePetitioners(
  db: DbOrTrx,
  itemId: string,
  petitioners: Petitioner[],
  codec: PiiCodec,
): Promise<void> {
  await db.deleteFrom('petitioners').where('item_id', '=', itemId).execute();
  if (!petitioners.length) return;
  await db
    .insertInto('petitioners')
    .values(petitionerRows(itemId, petitioners, codec))
    .execute();
}

async function writeUnits(db: DbOrTrx, item: Item): Promise<void> {
  await db.deleteFrom('item_units').where('item_id', '=', item.id).execute();
  const rows = unitRows(item);
  if (rows.length) await db.insertInto('item_units').values(rows).execute();
}

/**
 * Writes a changed item if nobody changed it since `expectedVersion` was read; otherwise `CONFLICT`.
 * Returns the new version.
 */
export async function updateItem(
  db: DbOrTrx,
  item: Item,
  expectedVersion: number,
  codec: PiiCodec,
  extra: ItemWriteExtra,
  nowIso: string,
  opts: { petitioners?: boolean } = {},
): Promise<number> {
  const res = await db
    .updateTable('items')
    .set({
      ...columnsOf(item, extra, codec),
      data: dataOf(item, codec),
      version: expectedVersion + 1,
      updated_at: nowIso,
    })
    .where('id', '=', item.id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) {
    throw new AppError('CONFLICT', '该事项已被他人修改，请刷新后重试', { itemId: item.id, expectedVersion });
  }
  if (opts.petitioners) await writePetitioners(db, item.id, item.petitioners, codec);
  await writeUnits(db, item);
  return expectedVersion + 1;
}

function toItem(row: Selectable<ItemTable>, petitioners: Petitioner[], codec: PiiCodec): Item {
  const data = JSON.parse(row.data) as ItemData;
  return {
    id: row.id,
    number: row.number,
    version: Number(row.version),
    status: row.status as Item['status'],
    channel: row.channel as Item['channel'],
    level: row.level as Item['level'],
    receivedOn: row.received_on,
    registeredOn: row.registered_on,
    petitioners,
    organisation: data.organisation ? codec.open(data.organisation) : null,
    headCount: Number(row.head_count),
    representatives: Array.isArray(data.representatives)
      ? data.representatives
      : (JSON.parse(codec.open(data.representatives)) as string[]),
    title: row.title,
    content: row.content,
    demands: data.demands,
    classCode: row.class_code,
    purpose: row.purpose as Item['purpose'],
    handlingClass: row.handling_class as Item['handlingClass'],
    flags: JSON.parse(row.flags) as Item['flags'],
    place: row.place,
    leadUnitId: row.lead_unit_id,
    assistUnitIds: data.assistUnitIds,
    accused: data.accused ? (JSON.parse(codec.open(data.accused)) as AccusedParty) : null,
    isRepeat: Number(row.is_repeat) === 1,
    earlierItemIds: data.earlierItemIds,
    registeredBy: row.registered_by,
    // Facts stored in an older shape are read in the current one (see facts-upgrade.ts).
    facts: currentFacts(data.facts),
    ...(data.formerPetitioners
      ? { formerPetitioners: JSON.parse(codec.open(data.formerPetitioners)) as Petitioner[] }
      : {}),
  };
}

/** Loads one item with its petitioners decrypted, or null. */
export async function loadItem(db: DbOrTrx, id: string, codec: PiiCodec): Promise<Item | null> {
  const row = await db.selectFrom('items').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return null;
  const ps = await db.selectFrom('petitioners').selectAll().where('item_id', '=', id).orderBy('ord').execute();
  return toItem(
    row,
    ps.map((p) => ({
      name: codec.open(p.name),
      idNumber: p.id_number ? codec.open(p.id_number) : null,
      idVerified: Number(p.id_verified) === 1,
      phone: p.phone ? codec.open(p.phone) : null,
      address: p.address ? codec.open(p.address) : null,
    })),
    codec,
  );
}

/** The deadlines rows of an item. */
export function deadlineRows(itemId: string, deadlines: readonly ItemDeadline[]): DeadlineTable[] {
  return deadlines.map((d) => ({
    item_id: itemId,
    rule: d.rule,
    kind: d.kind,
    party: d.party,
    start_on: d.start,
    due_on: d.due,
    met_on: d.metOn,
    explanation: d.explanation,
  }));
}

/** Replaces the stored deadlines of an item with freshly derived ones. */
export async function writeDeadlines(db: DbOrTrx, itemId: string, deadlines: readonly ItemDeadline[]): Promise<void> {
  await db.deleteFrom('deadlines').where('item_id', '=', itemId).execute();
  if (!deadlines.length) return;
  await db.insertInto('deadlines').values(deadlineRows(itemId, deadlines)).execute();
}

export interface TimelineEvent {
  itemId: string;
  at: string;
  onDate: IsoDate | null;
  step: string;
  actorId: string | null;
  actorName: string | null;
  actorRole: Role | null;
  summary: string;
  data: unknown;
}

/** Appends one timeline entry; the sequence number is per item. */
export async function appendEvent(db: DbOrTrx, ev: TimelineEvent, id: string): Promise<void> {
  // Take the item's row lock (PostgreSQL) before numbering, so concurrent writers to one item queue up.
  await db.updateTable('items').set({ updated_at: sql`updated_at` }).where('id', '=', ev.itemId).execute();
  const last = await db
    .selectFrom('events')
    .select(sql<number>`coalesce(max(seq), 0)`.as('m'))
    .where('item_id', '=', ev.itemId)
    .executeTakeFirst();
  await db
    .insertInto('events')
    .values(eventRow(ev, id, Number(last?.m ?? 0) + 1))
    .execute();
}

/** The events row of one timeline entry with its per-item sequence number. */
export function eventRow(ev: TimelineEvent, id: string, seq: number): EventTable {
  return {
    id,
    item_id: ev.itemId,
    seq,
    at: ev.at,
    on_date: ev.onDate,
    step: ev.step,
    actor_id: ev.actorId,
    actor_name: ev.actorName,
    actor_role: ev.actorRole,
    summary: ev.summary,
    data: JSON.stringify(ev.data ?? {}),
  };
}

export async function timelineOf(db: DbOrTrx, itemId: string) {
  const rows = await db.selectFrom('events').selectAll().where('item_id', '=', itemId).orderBy('seq').execute();
  return rows.map((r) => ({
    seq: Number(r.seq),
    at: r.at,
    on: r.on_date,
    step: r.step,
    actor: r.actor_name,
    actorRole: r.actor_role,
    summary: r.summary,
    data: JSON.parse(r.data) as unknown,
  }));
}

/** Items open to `scope` whose petitioners match by keyed hash (ID number, phone or name), newest first. */
export async function itemsOfPerson(
  db: DbOrTrx,
  hashes: { id?: string[]; phone?: string[]; name?: string[] },
  scope: ReadScope,
  limit = 50,
) {
  const ids = hashes.id ?? [];
  const phones = hashes.phone ?? [];
  const names = hashes.name ?? [];
  if (!ids.length && !phones.length && !names.length) return [];
  return db
    .selectFrom('petitioners as p')
    .innerJoin('items as i', 'i.id', 'p.item_id')
    .select([
      'i.id',
      'i.number',
      'i.title',
      'i.masked_title',
      'i.content',
      'i.registered_on',
      'i.status',
      'i.place',
      'i.class_code',
      'i.lead_unit_id',
      'p.id_hash',
      'p.phone_hash',
      'p.name_hash',
      'p.name',
      'p.phone',
      'p.address',
    ])
    .where((eb) =>
      eb.or([
        ...(ids.length ? [eb('p.id_hash', 'in', ids)] : []),
        ...(phones.length ? [eb('p.phone_hash', 'in', phones)] : []),
        ...(names.length ? [eb('p.name_hash', 'in', names)] : []),
      ]),
    )
    .where(visibleItems(scope))
    .orderBy('i.registered_on', 'desc')
    .limit(limit)
    .execute();
}

/** How many items are not in `closedStatuses` (a progress total: counted, not listed). */
export async function countOpenItems(db: DbOrTrx, closedStatuses: readonly string[]): Promise<number> {
  const row = await db
    .selectFrom('items')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('status', 'not in', [...closedStatuses])
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Ids of items in a state where a clock may still run (not in `closedStatuses`), in batches after `afterId`. */
export async function openItemIds(
  db: DbOrTrx,
  closedStatuses: readonly string[],
  afterId: string,
  limit: number,
): Promise<string[]> {
  const rows = await db
    .selectFrom('items')
    .select('id')
    .where('status', 'not in', [...closedStatuses])
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/**
 * Items whose stored facts are older than `version` (no `factsVersion` or a lower one), with those facts as stored
 * (loadItem upgrades them on read; the upgrade's notes need the stored shape).
 */
export async function itemsWithOldFacts(
  db: DbOrTrx,
  version: number,
  limit: number,
): Promise<{ id: string; facts: unknown }[]> {
  const rows = await db
    .selectFrom('items')
    .select(['id', 'data'])
    .where('data', 'not like', `%"factsVersion":${version}%`)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: r.id, facts: (JSON.parse(r.data) as ItemData).facts }));
}

/**
 * Key rotation for one item: decrypts what is sealed in it (petitioners, representatives, organisation, accused)
 * and writes it back sealed under the codec's active key, with the version check of every other change (the
 * version moves on). Reads outside any transaction; a change that lands in between makes the write miss and the
 * caller retries. Returns 'unchanged' when everything is already under the active key.
 */
export async function resealItem(
  db: Db,
  id: string,
  codec: PiiCodec,
): Promise<'resealed' | 'unchanged' | 'conflict' | 'gone'> {
  const row = await db.selectFrom('items').select(['data', 'version']).where('id', '=', id).executeTakeFirst();
  if (!row) return 'gone';
  const item = await loadItem(db, id, codec);
  if (!item || item.version !== Number(row.version)) return 'conflict';
  const ps = await db
    .selectFrom('petitioners')
    .select(['name', 'id_number', 'phone', 'address'])
    .where('item_id', '=', id)
    .execute();
  const active = codec.activeKey();
  const sealedValues = [
    ...ps.flatMap((p) => [p.name, p.id_number, p.phone, p.address]),
    ...(() => {
      const d = JSON.parse(row.data) as ItemData;
      return [
        d.accused,
        d.organisation,
        Array.isArray(d.representatives) ? (d.representatives.length ? '' : null) : d.representatives,
        d.formerPetitioners ?? null,
      ];
    })(),
  ].filter((v): v is string => v !== null);
  if (sealedValues.every((v) => codec.keyOf(v) === active)) return 'unchanged';
  return db.transaction().execute(async (trx) => {
    const res = await trx
      .updateTable('items')
      .set({ data: dataOf(item, codec), version: item.version + 1 })
      .where('id', '=', id)
      .where('version', '=', item.version)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) return 'conflict';
    await writePetitioners(trx, id, item.petitioners, codec);
    return 'resealed';
  });
}

/** The id of the item whose query code has this blind index, or null (the petitioner's own access path). */
export async function findItemIdByQueryCodeHash(db: DbOrTrx, hash: string): Promise<string | null> {
  const row = await db.selectFrom('items').select('id').where('query_code_hash', '=', hash).executeTakeFirst();
  return row?.id ?? null;
}

/** Which of `ids` name an existing item (a check of references, not a read: nothing of the items leaves). */
export async function existingItemIds(db: DbOrTrx, ids: readonly string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  return new Set(
    (
      await db
        .selectFrom('items')
        .select('id')
        .where('id', 'in', [...ids])
        .execute()
    ).map((r) => r.id),
  );
}

/** Links a new item to an earlier one it repeats; a link already there stays as it was. */
export async function insertItemLink(
  trx: Trx,
  link: { itemId: string; earlierId: string; similarity: number; reason: string },
): Promise<void> {
  await trx
    .insertInto('item_links')
    .values({ item_id: link.itemId, earlier_id: link.earlierId, similarity: link.similarity, reason: link.reason })
    .onConflict((oc) => oc.columns(['item_id', 'earlier_id']).doNothing())
    .execute();
}

/**
 * Ids of every item whose status is not one of `statuses` — for system-wide recomputation (a work-calendar edit
 * moves the deadlines of every open item), never for a list shown to a user.
 */
export async function listItemIdsNotInStatus(db: DbOrTrx, statuses: readonly string[]): Promise<string[]> {
  return (
    await db
      .selectFrom('items')
      .select('id')
      .where('status', 'not in', [...statuses])
      .execute()
  ).map((r) => r.id);
}

/** One page of item ids in id order after `after` (a walk over every item, e.g. for a key rotation). */
export async function listItemIdsAfter(db: DbOrTrx, after: string, limit: number): Promise<string[]> {
  const rows = await db.selectFrom('items').select('id').where('id', '>', after).orderBy('id').limit(limit).execute();
  return rows.map((r) => r.id);
}

/** Items written before the visibility columns existed (their masked text is still missing). */
export async function itemsWithoutVisibility(db: DbOrTrx, limit: number): Promise<string[]> {
  const rows = await db.selectFrom('items').select('id').where('masked_title', 'is', null).limit(limit).execute();
  return rows.map((r) => r.id);
}

/** Recomputes the visibility columns of one item from its stored data (no version change: nothing changed). */
export async function refreshVisibility(db: DbOrTrx, item: Item, codec: PiiCodec): Promise<void> {
  await db.updateTable('items').set(visibilityColumns(item, codec)).where('id', '=', item.id).execute();
}
