import { sql } from 'kysely';
import type { ItemDeadline } from '../domain/item-deadlines.ts';
import type { Item } from '../domain/item.ts';
import { enqueueTextIndex } from './text.store.ts';
import type { DbOrTrx } from './db.ts';
import { visibilityColumns } from './item-scope.ts';
import { dataOf, type ItemWriteExtra, type TimelineEvent } from './item.store.ts';
import type { PiiCodec } from './pii.ts';

/** Existing items with these numbers (for upsert by 信访件编号). */
export async function itemsByNumbers(
  db: DbOrTrx,
  numbers: readonly string[],
): Promise<Map<string, { id: string; version: number }>> {
  const out = new Map<string, { id: string; version: number }>();
  for (let i = 0; i < numbers.length; i += 500) {
    const rows = await db
      .selectFrom('items')
      .select(['id', 'number', 'version'])
      .where('number', 'in', numbers.slice(i, i + 500))
      .execute();
    for (const r of rows) out.set(r.number, { id: r.id, version: Number(r.version) });
  }
  return out;
}

/**
 * Reserves `n` consecutive values of a named counter, first raising it to at least `atLeast` (so that
 * numbers already used by imported items are never issued again). Returns the first reserved value.
 */
export async function reserveCounter(db: DbOrTrx, name: string, n: number, atLeast = 0): Promise<number> {
  await db
    .insertInto('counters')
    .values({ name, value: 0 })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  if (atLeast > 0)
    await db
      .updateTable('counters')
      .set({ value: atLeast })
      .where('name', '=', name)
      .where('value', '<', atLeast)
      .execute();
  const row = await db
    .updateTable('counters')
    .set({ value: sql`value + ${n}` })
    .where('name', '=', name)
    .returning('value')
    .executeTakeFirstOrThrow();
  return Number(row.value) - n + 1;
}

/** Number of items. */
export async function countItems(db: DbOrTrx): Promise<number> {
  const r = await db
    .selectFrom('items')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** One new item of a bulk import with its reserved sequence and derived columns. */
export interface BulkItem {
  item: Item;
  seq: number;
  extra: ItemWriteExtra;
  deadlines: readonly ItemDeadline[];
  event: Omit<TimelineEvent, 'itemId'> & { id: string };
}

async function insertChunked<T>(
  rows: readonly T[],
  perChunk: number,
  write: (chunk: T[]) => Promise<unknown>,
): Promise<void> {
  for (let i = 0; i < rows.length; i += perChunk) await write(rows.slice(i, i + perChunk));
}

/**
 * Inserts many new items at once (multi-row INSERTs): item rows, petitioners (encrypted, with blind
 * indexes), unit links, deadlines and the first timeline event. The row layout must stay the one
 * item.store.ts writes — import-items.test.ts loads an imported item back through `loadItem` to check.
 */
export async function insertItemsBulk(
  db: DbOrTrx,
  items: readonly BulkItem[],
  codec: PiiCodec,
  nowIso: string,
): Promise<void> {
  if (!items.length) return;
  await insertChunked(items, 200, (chunk) =>
    db
      .insertInto('items')
      .values(
        chunk.map(({ item, seq, extra }) => {
          const f = item.facts;
          return {
            id: item.id,
            number: item.number,
            year: Number(item.registeredOn.slice(0, 4)),
            seq,
            ...visibilityColumns(item, codec),
            version: item.version,
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
            due_on: extra.dueOn,
            due_rule: extra.dueRule,
            notice_on: extra.warnDates?.notice ?? null,
            warning_on: extra.warnDates?.warning ?? null,
            severe_on: extra.warnDates?.severe ?? null,
            data: dataOf(item, codec),
            query_code_hash: extra.queryCodeHash ?? null,
            registered_by: item.registeredBy,
            created_at: nowIso,
            updated_at: nowIso,
          };
        }),
      )
      .execute(),
  );
  const petitioners = items.flatMap(({ item }) =>
    item.petitioners.map((p, i) => ({
      id: `${item.id}:${i}`,
      item_id: item.id,
      ord: i,
      name: codec.seal(p.name),
      name_hash: codec.index('name', p.name),
      id_number: p.idNumber ? codec.seal(p.idNumber) : null,
      id_hash: p.idNumber ? codec.index('id', p.idNumber) : null,
      id_verified: p.idVerified ? 1 : 0,
      phone: p.phone ? codec.seal(p.phone) : null,
      phone_hash: p.phone ? codec.index('phone', p.phone) : null,
      address: p.address ? codec.seal(p.address) : null,
    })),
  );
  await insertChunked(petitioners, 500, (chunk) => db.insertInto('petitioners').values(chunk).execute());
  // Imported items get their similarity bands from the background indexer (text_index_queue).
  await enqueueTextIndex(
    db,
    items.map(({ item }) => item.id),
    nowIso,
  );
  const links = items.flatMap(({ item }) => [
    ...(item.leadUnitId ? [{ item_id: item.id, unit_id: item.leadUnitId, role: 'lead' }] : []),
    ...item.assistUnitIds
      .filter((u) => u !== item.leadUnitId)
      .map((u) => ({ item_id: item.id, unit_id: u, role: 'assist' })),
  ]);
  await insertChunked(links, 1000, (chunk) => db.insertInto('item_units').values(chunk).execute());
  const deadlines = items.flatMap(({ item, deadlines: ds }) =>
    ds.map((d) => ({
      item_id: item.id,
      rule: d.rule,
      kind: d.kind,
      party: d.party,
      start_on: d.start,
      due_on: d.due,
      met_on: d.metOn,
      explanation: d.explanation,
    })),
  );
  await insertChunked(deadlines, 500, (chunk) => db.insertInto('deadlines').values(chunk).execute());
  await insertChunked(items, 500, (chunk) =>
    db
      .insertInto('events')
      .values(
        chunk.map(({ item, event: e }) => ({
          id: e.id,
          item_id: item.id,
          seq: 1,
          at: e.at,
          on_date: e.onDate,
          step: e.step,
          actor_id: e.actorId,
          actor_name: e.actorName,
          actor_role: e.actorRole,
          summary: e.summary,
          data: JSON.stringify(e.data ?? {}),
        })),
      )
      .execute(),
  );
}
