import type { Kysely } from 'kysely';

// Frozen in time. Where each item's rating came from, as a column the situation report and the item list can split
// 满意率 by: 网上自评 (the portal), 电话回访 / 上门回访 / 短信回访 (the 回访 record the rating cites), 来源未记录 (ratings
// stored before sources were kept). Null while the item has no rating. The index serves the report's split (a range
// over the rated items of a period) and the drill-down behind it.
const BY_METHOD: Record<string, string> = { 电话: '电话回访', 走访: '上门回访', 短信: '短信回访' };

interface StoredRating {
  source?: string;
  visitIndex?: number;
}

function kindOf(data: string): string {
  const facts = (JSON.parse(data) as { facts?: { rating?: StoredRating; returnVisits?: { method: string }[] } }).facts;
  const rating = facts?.rating;
  if (rating?.source === 'portal') return '网上自评';
  const visit = rating?.visitIndex === undefined ? undefined : facts?.returnVisits?.[rating.visitIndex];
  return (rating?.source === 'return_visit' && visit && BY_METHOD[visit.method]) || '来源未记录';
}

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('items').addColumn('rating_source', 'text').execute();
  // Backfill in pages by id: only rated items carry a source.
  let after = '';
  for (;;) {
    const rows = await db
      .selectFrom('items')
      .select(['id', 'data'])
      .where('satisfaction', 'is not', null)
      .where('id', '>', after)
      .orderBy('id')
      .limit(500)
      .execute();
    if (!rows.length) break;
    for (const r of rows)
      await db
        .updateTable('items')
        .set({ rating_source: kindOf(String(r.data)) })
        .where('id', '=', r.id)
        .execute();
    after = String(rows[rows.length - 1]!.id);
  }
  await db.schema
    .createIndex('items_rating_source')
    .on('items')
    .columns(['rating_source', 'registered_on', 'status', 'served_on', 'satisfaction'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('items_rating_source').ifExists().execute();
  await db.schema.alterTable('items').dropColumn('rating_source').execute();
}
