import { CompiledQuery, sql } from 'kysely';
import type { ItemDeadline } from '../domain/item-deadlines.ts';
import type { Item } from '../domain/item.ts';
import { enqueueTextIndex } from './text.store.ts';
import type { DbOrTrx } from './db.ts';
import type { Database } from './schema.ts';
import {
  deadlineRows,
  eventRow,
  itemRow,
  petitionerRows,
  unitRows,
  type ItemWriteExtra,
  type TimelineEvent,
} from './item.store.ts';
import type { PiiCodec } from './pii.ts';

/** Existing items with these numbers (for upsert by 信访件编号). */
export interface ImportedItemRef {
  id: string;
  version: number;
  /** Digest of the row the last import applied (null: never imported, or before digests were kept). */
  importHash: string | null;
}

export async function itemsByNumbers(db: DbOrTrx, numbers: readonly string[]): Promise<Map<string, ImportedItemRef>> {
  const out = new Map<string, ImportedItemRef>();
  for (let i = 0; i < numbers.length; i += 500) {
    const rows = await db
      .selectFrom('items')
      .select(['id', 'number', 'version', 'import_hash'])
      .where('number', 'in', numbers.slice(i, i + 500))
      .execute();
    for (const r of rows) out.set(r.number, { id: r.id, version: Number(r.version), importHash: r.import_hash });
  }
  return out;
}

/**
 * The latest step taken here (any timeline event but an import) on each of these items: an item that has one
 * progressed in this system, and a re-import must not move it back.
 */
export async function lastLocalSteps(
  db: DbOrTrx,
  itemIds: readonly string[],
): Promise<Map<string, { step: string; summary: string; at: string }>> {
  const out = new Map<string, { step: string; summary: string; at: string }>();
  for (let i = 0; i < itemIds.length; i += 500) {
    const rows = await db
      .selectFrom('events')
      .select(['item_id', 'step', 'summary', 'at', 'seq'])
      .where('item_id', 'in', itemIds.slice(i, i + 500))
      .where('step', '<>', 'import')
      .orderBy('item_id')
      .orderBy('seq')
      .execute();
    for (const r of rows) out.set(r.item_id, { step: r.step, summary: r.summary, at: r.at });
  }
  return out;
}

/** One page of items in 信访件编号 order after `after`, registered within the range, for the import-format export. */
export async function itemsForExport(
  db: DbOrTrx,
  after: string | null,
  limit: number,
  range: { from?: string; to?: string },
): Promise<{ id: string; number: string; classPath: string | null; upstreamClass: string | null }[]> {
  let q = db
    .selectFrom('items')
    .select(['id', 'number', 'class_path', 'upstream_class'])
    .orderBy('number')
    .limit(limit);
  if (after !== null) q = q.where('number', '>', after);
  if (range.from) q = q.where('registered_on', '>=', range.from);
  if (range.to) q = q.where('registered_on', '<=', range.to);
  const rows = await q.execute();
  return rows.map((r) => ({ id: r.id, number: r.number, classPath: r.class_path, upstreamClass: r.upstream_class }));
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

/**
 * Multi-row INSERTs of `perChunk` rows, the statement built once per chunk size: Kysely compiles the first chunk,
 * the others reuse its SQL text with their values in the same (row, column) order. Every row has the keys of the
 * first (the row builders below write every column, undefined as null).
 */
async function insertMany<T extends object>(
  db: DbOrTrx,
  table: keyof Database & string,
  typed: readonly T[],
  perChunk: number,
): Promise<void> {
  if (!typed.length) return;
  const rows = typed as unknown as readonly Record<string, unknown>[];
  const cols = Object.keys(rows[0]!);
  const textOf = new Map<number, string>();
  for (let i = 0; i < rows.length; i += perChunk) {
    const chunk = rows.slice(i, i + perChunk);
    const params: unknown[] = [];
    for (const r of chunk) for (const c of cols) params.push(r[c] ?? null);
    let text = textOf.get(chunk.length);
    if (!text) {
      const shaped = chunk.map((r) => Object.fromEntries(cols.map((c) => [c, r[c] ?? null])));
      text = db
        .insertInto(table)
        .values(shaped as never)
        .compile().sql;
      textOf.set(chunk.length, text);
    }
    await db.executeQuery(CompiledQuery.raw(text, params));
  }
}

/**
 * Inserts many new items at once (multi-row INSERTs): item rows, petitioners (encrypted, with blind
 * indexes), unit links, deadlines and the first timeline event, through item.store.ts's row builders (the
 * rows `insertItem` writes) — import-items.test.ts loads an imported item back through `loadItem` to check.
 */
export async function insertItemsBulk(
  db: DbOrTrx,
  items: readonly BulkItem[],
  codec: PiiCodec,
  nowIso: string,
): Promise<void> {
  if (!items.length) return;
  // The reserved sequence replaces the one itemRow reads from the number (an imported number may carry any).
  const rows = items.map(({ item, seq, extra }) => ({ ...itemRow(item, codec, extra, nowIso), seq }));
  await insertMany(db, 'items', rows, 200);
  await insertMany(
    db,
    'petitioners',
    items.flatMap(({ item }) => petitionerRows(item.id, item.petitioners, codec)),
    500,
  );
  // Imported items get their similarity bands from the background indexer (text_index_queue).
  await enqueueTextIndex(
    db,
    items.map(({ item }) => item.id),
    nowIso,
  );
  await insertMany(
    db,
    'item_units',
    items.flatMap(({ item }) => unitRows(item)),
    1000,
  );
  await insertMany(
    db,
    'deadlines',
    items.flatMap(({ item, deadlines }) => deadlineRows(item.id, deadlines)),
    500,
  );
  await insertMany(
    db,
    'events',
    items.map(({ item, event }) => eventRow({ ...event, itemId: item.id }, event.id, 1)),
    500,
  );
}
